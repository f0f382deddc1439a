import pg from 'pg';
import { UserError, errorMessage, oneLine } from '../../errors.js';
import { assertSingleQuery } from '../sql/statement.js';
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
  /**
   * How the connection is encrypted: `url` when the URL says (sslmode, ssl, sslrootcert, sslcert, sslkey,
   * sslnegotiation: pg applies it, `sslmode=disable` included); `required` when it does not and the host is
   * not this machine (TLS with the certificate and host name checked, as sslmode=verify-full); `local` for
   * a loopback host or a Unix socket without TLS settings.
   */
  tls: 'url' | 'required' | 'local';
}

const USAGE = 'use postgres://user:password@host:5432/database';
/** URL query parameters by which the URL itself decides about TLS (pg-connection-string reads them). */
const TLS_PARAMS = ['sslmode', 'ssl', 'sslrootcert', 'sslcert', 'sslkey', 'sslnegotiation'];

/** True for a host that is this machine: localhost, 127.0.0.0/8, ::1, or a Unix socket folder. */
export function isLocalHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return (
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) ||
    h === '::1' ||
    h === '0:0:0:0:0:0:0:1' ||
    h.startsWith('/')
  );
}

/** Percent-decodes one part of the URL; a malformed escape (`%zz`) names the input and the part, not the value. */
function decodePart(text: string, part: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new UserError(
      `postgres-url: the ${part} has a malformed percent escape (a % not followed by two hex digits); write % as %25 and other special characters as %XX`,
    );
  }
}

/** Parses postgres-url: a postgres:// or postgresql:// URL. The message never repeats the value. */
export function parsePostgresUrl(value: string): PostgresTarget {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new UserError(`postgres-url: the value is not a URL; ${USAGE}`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new UserError(`postgres-url: the scheme is '${url.protocol}'; ${USAGE}`);
  }
  if (!url.hostname) throw new UserError(`postgres-url: the URL has no host; ${USAGE}`);
  const database = decodePart(url.pathname.replace(/^\//, ''), 'database name') || '(default)';
  const user = decodePart(url.username, 'user name') || '(default user)';
  const password = decodePart(url.password, 'password');
  // pg takes the host from ?host= when present (a socket folder, say), else from the URL.
  const host = url.searchParams.get('host') || url.hostname;
  const tls = TLS_PARAMS.some((p) => url.searchParams.has(p))
    ? 'url'
    : isLocalHost(host)
      ? 'local'
      : 'required';
  return {
    shown: `${url.hostname}:${url.port || '5432'}/${database} as ${user}`,
    url: value.trim(),
    password,
    tls,
  };
}

/**
 * pg's Client, refusing to send the password in clear text over an unencrypted connection. A server (or
 * anyone between) that answers AuthenticationCleartextPassword (pg_hba `password`, or a proxy posing as
 * the server) would otherwise get it as is; over TLS it is encrypted (LDAP/PAM/RADIUS servers need it).
 * SCRAM and MD5 never send the password itself. The hook is pg 8's handler of that message
 * (Client#_handleAuthCleartextPassword); test/sql/postgres.test.ts fails if pg stops calling it.
 */
type CleartextHandler = (this: pg.Client, message: unknown) => void;
const passwordHandler = (pg.Client.prototype as unknown as Record<string, CleartextHandler | undefined>)
  ._handleAuthCleartextPassword;

export const CLEARTEXT_REFUSED =
  'the server asked for the password in clear text over an unencrypted connection, and it was not sent; connect with TLS (sslmode=verify-full) or have the server use scram-sha-256';

class NoCleartextClient extends pg.Client {}
Object.defineProperty(NoCleartextClient.prototype, '_handleAuthCleartextPassword', {
  value(
    this: pg.Client & { connection: pg.Connection & { stream?: { encrypted?: boolean } } },
    msg: unknown,
  ) {
    if (this.connection.stream?.encrypted !== true || !passwordHandler) {
      this.connection.emit('error', new Error(CLEARTEXT_REFUSED));
      return;
    }
    passwordHandler.call(this, msg);
  },
});

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
    Client: NoCleartextClient,
    connectionString: target.url,
    // Without TLS settings in the URL, a server elsewhere gets TLS with its certificate checked
    // (verify-full); the URL's own settings (sslmode=disable included) are pg's to apply.
    ...(target.tls === 'required' ? { ssl: true } : {}),
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
      // Checked here too (config validation checks it first): nothing leaves unless it is one query.
      try {
        assertSingleQuery(q.sql, postgresDialect);
      } catch (e) {
        throw new SqlError(errorMessage(e), undefined);
      }
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
        // The extended protocol (Parse/Bind/Execute) takes exactly one statement, with or without binds:
        // pg would send a query without values as a simple Query message, which runs every statement in
        // the text, a COMMIT that ends the read-only transaction included.
        // A client-side backstop in case the server never answers (statement_timeout is the real limit).
        const result = await client.query({
          text,
          values,
          queryMode: 'extended',
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
