import pg from 'pg';
import { UserError, errorMessage, oneLine } from '../../errors.js';
import { postgresDialect, toPostgres } from './dialect.js';
import { SqlError, type ColumnKind, type SqlDriver, type SqlQuery, type SqlResult } from '../sql/driver.js';

/** Type OIDs (pg_type.oid) the engine reads as numbers. */
const NUMERIC_OIDS = new Set([20, 21, 23, 26, 700, 701, 1700]);
const DATE_OIDS = new Set([1082, 1114, 1184]);
const TYPE_NAMES: Record<number, string> = {
  16: 'boolean',
  20: 'bigint',
  21: 'smallint',
  23: 'integer',
  25: 'text',
  700: 'real',
  701: 'double precision',
  1043: 'varchar',
  1082: 'date',
  1114: 'timestamp',
  1184: 'timestamptz',
  1700: 'numeric',
};

/** Parsers: date and timestamp (without zone) stay text, so no local-time conversion happens in node. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 1082 || oid === 1114) return (value: string) => value;
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

/** SQLSTATE classes worth another attempt: connection failures, serialization failures, shutdown. */
function isTransientCode(code: string): boolean {
  return /^08/.test(code) || ['40001', '40P01', '57P01', '57P02', '57P03', '53300'].includes(code);
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

export interface PostgresTarget {
  /** host:port/database as user, for messages (never the password). */
  shown: string;
  url: string;
  password: string;
}

/** Parses postgres-url: a postgres:// or postgresql:// URL. The message never repeats the value. */
export function parsePostgresUrl(value: string): PostgresTarget {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new UserError(
      'postgres-url: the value is not a URL; use postgres://user:password@host:5432/database',
    );
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new UserError(
      `postgres-url: the scheme is '${url.protocol}'; use postgres://user:password@host:5432/database`,
    );
  }
  if (!url.hostname)
    throw new UserError('postgres-url: the URL has no host; use postgres://user:password@host:5432/database');
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || '(default)';
  const user = decodeURIComponent(url.username) || '(default user)';
  return {
    shown: `${url.hostname}:${url.port || '5432'}/${database} as ${user}`,
    url: value.trim(),
    password: decodeURIComponent(url.password),
  };
}

/** A pg error as one line with its SQLSTATE; a network error keeps its errno code. Never the password. */
export function translatePgError(e: unknown, password: string): SqlError {
  const err = e as { code?: unknown; message?: unknown };
  const code = typeof err.code === 'string' ? err.code : undefined;
  // pg's message is the server's primary message; errorMessage() would append the code a second time.
  let message =
    code && typeof err.message === 'string' && err.message ? oneLine(err.message) : errorMessage(e);
  if (password.length >= 3) message = message.split(password).join('***');
  if (code && /^[0-9A-Z]{5}$/.test(code)) {
    return new SqlError(message, `SQLSTATE ${code}`, code === '57014');
  }
  if (/Query read timeout/.test(message)) return new SqlError(message, undefined, true);
  return new SqlError(message.replace(/ \(E[A-Z_]+\)$/, ''), code);
}

export interface PostgresDriverOptions {
  url: string;
  poolSize: number;
  connectTimeoutMs: number;
}

/**
 * The PostgreSQL driver: one pg.Pool per run. Each query runs in a READ ONLY transaction whose
 * statement_timeout and TimeZone are set with set_config(…, true) (values as binds), then rolls back.
 */
export async function createPostgresDriver(o: PostgresDriverOptions): Promise<SqlDriver> {
  const target = parsePostgresUrl(o.url);
  const pool = new pg.Pool({
    connectionString: target.url,
    max: o.poolSize,
    connectionTimeoutMillis: o.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    application_name: 'kpi-collector',
    types,
  });
  // An idle client that loses its connection emits 'error' on the pool; without a listener node exits.
  pool.on('error', () => {});

  try {
    const probe = await pool.connect();
    try {
      await probe.query({ text: 'SELECT 1', query_timeout: o.connectTimeoutMs } as pg.QueryConfig);
    } finally {
      probe.release();
    }
  } catch (e) {
    await pool.end().catch(() => {});
    const err = translatePgError(e, target.password);
    throw new UserError(oneLine(`postgres-url: cannot connect to ${target.shown}: ${err.message}`));
  }

  return {
    dialect: postgresDialect,
    async query(q: SqlQuery): Promise<SqlResult> {
      const { text, values } = toPostgres(q.sql, q.binds);
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (e) {
        throw translatePgError(e, target.password);
      }
      let broken: Error | undefined;
      try {
        await client.query('BEGIN READ ONLY');
        await client.query(
          "SELECT set_config('statement_timeout', $1, true), set_config('TimeZone', $2, true)",
          [String(Math.max(1, Math.round(q.timeoutMs))), q.timeZone],
        );
        // A client-side backstop in case the server never answers (statement_timeout is the real limit).
        const result = await client.query({
          text,
          values,
          rowMode: 'array',
          query_timeout: q.timeoutMs + 5_000,
        } as pg.QueryArrayConfig);
        await client.query('ROLLBACK');
        return {
          columns: result.fields.map((f) => ({
            name: f.name,
            kind: columnKind(f.dataTypeID),
            type: TYPE_NAMES[f.dataTypeID] ?? `oid ${f.dataTypeID}`,
          })),
          rows: result.rows,
        };
      } catch (e) {
        const err = translatePgError(e, target.password);
        // A server error leaves a usable connection (roll back and reuse it); a network error or the
        // client-side backstop does not (destroy it).
        if (err.code?.startsWith('SQLSTATE ')) {
          await client.query('ROLLBACK').catch((r: unknown) => {
            broken = r instanceof Error ? r : new Error(String(r));
          });
        } else broken = err;
        throw err;
      } finally {
        client.release(broken);
      }
    },
    isTransient(e: unknown): boolean {
      const code = e instanceof SqlError ? e.code : (e as { code?: unknown }).code;
      if (typeof code !== 'string') return false;
      const sqlstate = code.replace(/^SQLSTATE /, '');
      return isTransientCode(sqlstate) || NETWORK_CODES.has(code);
    },
    close: () => pool.end(),
  };
}

function columnKind(oid: number): ColumnKind {
  if (NUMERIC_OIDS.has(oid)) return 'number';
  if (DATE_OIDS.has(oid)) return 'date';
  if (oid === 25 || oid === 1043 || oid === 1042 || oid === 19) return 'text';
  return 'other';
}
