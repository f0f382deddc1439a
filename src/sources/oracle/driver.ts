import oracledb from 'oracledb';
import { UserError, errorMessage, oneLine } from '../../errors.js';
import { scanPlaceholders } from '../sql/binds.js';
import { assertSingleQuery } from '../sql/statement.js';
import { oracleDialect } from './dialect.js';
import { SqlError, type ColumnKind, type SqlDriver, type SqlQuery, type SqlResult } from '../sql/driver.js';
import { excerpt } from '../../net/excerpt.js';

/** A node-oracledb database type constant (oracledb.DB_TYPE_*). */
export interface DbType {
  num: number;
  name: string;
  columnTypeName?: string;
}

export interface OracleColumnMeta {
  name: string;
  dbType: DbType;
  dbTypeName?: string;
}

export interface OracleConnection {
  callTimeout: number;
  execute(
    sql: string,
    binds?: Record<string, { type: DbType; val: unknown }>,
    options?: Record<string, unknown>,
  ): Promise<{ metaData?: OracleColumnMeta[]; rows?: unknown[][] }>;
  rollback(): Promise<void>;
  close(options?: { drop?: boolean }): Promise<void>;
}

export interface OraclePool {
  getConnection(): Promise<OracleConnection>;
  close(drainTime?: number): Promise<void>;
}

/** The part of node-oracledb this driver uses (the module, or a stub with the same documented behaviour). */
export interface OracleLib {
  thin: boolean;
  OUT_FORMAT_ARRAY: number;
  DB_TYPE_DATE: DbType;
  DB_TYPE_TIMESTAMP: DbType;
  DB_TYPE_TIMESTAMP_TZ: DbType;
  DB_TYPE_TIMESTAMP_LTZ: DbType;
  DB_TYPE_NUMBER: DbType;
  DB_TYPE_BINARY_FLOAT: DbType;
  DB_TYPE_BINARY_DOUBLE: DbType;
  DB_TYPE_BINARY_INTEGER: DbType;
  DB_TYPE_VARCHAR: DbType;
  DB_TYPE_NVARCHAR: DbType;
  DB_TYPE_CHAR: DbType;
  DB_TYPE_NCHAR: DbType;
  DB_TYPE_CLOB: DbType;
  DB_TYPE_NCLOB: DbType;
  createPool(options: Record<string, unknown>): Promise<OraclePool>;
}

export interface OracleDriverOptions {
  user: string;
  password: string;
  /** Easy Connect (host:port/service) or a TNS descriptor. */
  connectString: string;
  poolSize: number;
  connectTimeoutSeconds: number;
}

/** Codes worth another attempt: a dropped connection, a deadlock or a serialization failure. */
const TRANSIENT = new Set([
  'NJS-500',
  'NJS-501',
  'ORA-03113',
  'ORA-03114',
  'ORA-03135',
  'ORA-00060',
  'ORA-08177',
  'ORA-12571',
]);

/**
 * A node-oracledb error as one line with its code (ORA-xxxxx, NJS-xxx): the first line of the message
 * (the rest is a help link or the cause again), with the password and the connect string removed.
 */
export function translateOracleError(
  e: unknown,
  secrets: { password: string; connectString: string },
): SqlError {
  const err = e as { code?: unknown; message?: unknown };
  const code =
    typeof err.code === 'string' && /^(ORA|NJS|DPI|TNS)-\d+$/.test(err.code) ? err.code : undefined;
  let message =
    typeof err.message === 'string' && err.message ? err.message.split('\n')[0]! : errorMessage(e);
  if (secrets.connectString.length >= 3)
    message = message.split(secrets.connectString).join('<connect string>');
  if (secrets.password.length >= 3) message = message.split(secrets.password).join('***');
  return new SqlError(oneLine(message), code, code === 'NJS-123' || code === 'DPI-1067');
}

/**
 * The text of an IANA zone name as it may appear in SQL: letters, digits and _ + - in '/'-separated parts
 * ('Europe/Paris', 'America/Port-au-Prince', 'Etc/GMT+5', 'UTC'). No quote, space or other character can
 * get through, so the name can be written into ALTER SESSION (which takes no binds) as a literal.
 */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

/**
 * The statement that sets a session's time zone to the run's IANA zone. Oracle converts a TIMESTAMP or
 * DATE compared with a TIMESTAMP WITH TIME ZONE bind using the session time zone, so the day window
 * [:day_start, :day_end) then covers the local day, DST included (a region, not a fixed offset).
 */
export function setSessionTimeZone(zone: string): string {
  if (zone.length > 64 || !ZONE_NAME.test(zone))
    throw new SqlError(`the time zone '${excerpt(zone, 64)}' is not an IANA zone name`, undefined);
  return `ALTER SESSION SET TIME_ZONE = '${zone}'`;
}

/** The local wall clock of a DATE/TIMESTAMP value (node-oracledb builds these Dates from local fields). */
function wallClock(d: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getFullYear(), 4)}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/**
 * The Oracle driver: node-oracledb in Thin mode (no Instant Client), one pool per run. Each query runs on
 * a pooled connection with callTimeout, after ALTER SESSION SET TIME_ZONE = '<run's zone>' and SET
 * TRANSACTION READ ONLY, and is rolled back.
 */
export async function createOracleDriver(
  o: OracleDriverOptions,
  lib: OracleLib = oracledb as OracleLib,
): Promise<SqlDriver> {
  if (!lib.thin)
    throw new Error('node-oracledb is not in Thin mode; kpi-collector never initialises the Oracle Client');
  const secrets = { password: o.password, connectString: o.connectString };
  const connectSeconds = Math.max(1, Math.ceil(o.connectTimeoutSeconds));
  const numberTypes = [
    lib.DB_TYPE_NUMBER,
    lib.DB_TYPE_BINARY_FLOAT,
    lib.DB_TYPE_BINARY_DOUBLE,
    lib.DB_TYPE_BINARY_INTEGER,
  ];
  const textTypes = [
    lib.DB_TYPE_VARCHAR,
    lib.DB_TYPE_NVARCHAR,
    lib.DB_TYPE_CHAR,
    lib.DB_TYPE_NCHAR,
    lib.DB_TYPE_CLOB,
    lib.DB_TYPE_NCLOB,
  ];
  const dateTypes = [
    lib.DB_TYPE_DATE,
    lib.DB_TYPE_TIMESTAMP,
    lib.DB_TYPE_TIMESTAMP_TZ,
    lib.DB_TYPE_TIMESTAMP_LTZ,
  ];
  const kind = (t: DbType): ColumnKind =>
    numberTypes.includes(t)
      ? 'number'
      : textTypes.includes(t)
        ? 'text'
        : dateTypes.includes(t)
          ? 'date'
          : 'other';
  // DATE and TIMESTAMP have no zone: hand them over as their wall-clock text, not as a Date in node's zone.
  const fetchTypeHandler = (meta: OracleColumnMeta): { converter: (v: unknown) => unknown } | undefined =>
    meta.dbType === lib.DB_TYPE_DATE || meta.dbType === lib.DB_TYPE_TIMESTAMP
      ? { converter: (v) => (v instanceof Date ? wallClock(v) : v) }
      : undefined;

  let created: OraclePool | undefined;
  try {
    created = await lib.createPool({
      user: o.user,
      password: o.password,
      connectString: o.connectString,
      poolMin: 0,
      poolMax: o.poolSize,
      poolIncrement: 1,
      connectTimeout: connectSeconds,
      transportConnectTimeout: connectSeconds,
      queueTimeout: 0,
    });
    const probe = await created.getConnection();
    try {
      probe.callTimeout = connectSeconds * 1000;
      await probe.execute('SELECT 1 FROM DUAL');
    } finally {
      await probe.close().catch(() => {});
    }
  } catch (e) {
    await created?.close(0).catch(() => {});
    const err = translateOracleError(e, secrets);
    throw new UserError(`oracle-connect-string: cannot connect as ${o.user}: ${err.message}`);
  }
  const pool = created;

  return {
    dialect: oracleDialect,
    async query(q: SqlQuery): Promise<SqlResult> {
      // One query only: execute() also runs PL/SQL blocks (BEGIN … END), CALL and DML, and a block can
      // COMMIT or run an autonomous transaction past SET TRANSACTION READ ONLY.
      try {
        assertSingleQuery(q.sql, oracleDialect);
      } catch (e) {
        throw new SqlError(errorMessage(e), undefined);
      }
      const setZone = setSessionTimeZone(q.timeZone);
      const binds: Record<string, { type: DbType; val: unknown }> = {};
      for (const p of scanPlaceholders(q.sql, oracleDialect)) {
        if (Object.keys(binds).some((k) => k.toLowerCase() === p.name)) continue;
        const v = q.binds[p.name];
        if (!v) throw new SqlError(`bind variable :${p.text} has no value`, undefined);
        if (v.kind === 'timestamptz') binds[p.text] = { type: lib.DB_TYPE_TIMESTAMP_TZ, val: new Date(v.ms) };
        else {
          const [y, m, d] = v.date.split('-').map(Number) as [number, number, number];
          // DATE binds are written from the Date's local fields: local midnight of that calendar date.
          binds[p.text] = { type: lib.DB_TYPE_DATE, val: new Date(y, m - 1, d) };
        }
      }
      let conn: OracleConnection;
      try {
        conn = await pool.getConnection();
      } catch (e) {
        throw translateOracleError(e, secrets);
      }
      let drop = false;
      try {
        conn.callTimeout = Math.max(1, Math.round(q.timeoutMs));
        // Thin mode starts a session in ORA_SDTZ or node's UTC offset at logon (a fixed offset, wrong across
        // DST), and a pooled session keeps what the last query set: set the run's zone before every query.
        try {
          await conn.execute(setZone);
        } catch (e) {
          const err = translateOracleError(e, secrets);
          throw new SqlError(
            `cannot set the session time zone to ${q.timeZone}: ${err.message}`,
            err.code,
            err.timedOut,
          );
        }
        await conn.execute('SET TRANSACTION READ ONLY');
        const result = await conn.execute(q.sql, binds, {
          outFormat: lib.OUT_FORMAT_ARRAY,
          fetchTypeHandler,
        });
        return {
          columns: (result.metaData ?? []).map((m) => ({
            name: m.name,
            kind: kind(m.dbType),
            type: m.dbTypeName ?? m.dbType.columnTypeName ?? m.dbType.name,
          })),
          rows: result.rows ?? [],
        };
      } catch (e) {
        const err = translateOracleError(e, secrets);
        // After a call timeout or a broken connection the session is unusable: drop it from the pool.
        drop =
          err.timedOut ||
          (err.code !== undefined && (err.code.startsWith('NJS-') || TRANSIENT.has(err.code)));
        throw err;
      } finally {
        if (!drop) {
          await conn.rollback().catch(() => {
            drop = true;
          });
        }
        await conn.close(drop ? { drop: true } : undefined).catch(() => {});
      }
    },
    isTransient(e: unknown): boolean {
      const code = (e as { code?: unknown }).code;
      return typeof code === 'string' && TRANSIENT.has(code);
    },
    close: () => pool.close(0),
  };
}
