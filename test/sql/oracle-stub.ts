import { createRequire } from 'node:module';
import oracledb from 'oracledb';
import type {
  DbType,
  OracleColumnMeta,
  OracleConnection,
  OracleLib,
  OraclePool,
} from '../../src/sources/oracle/driver.js';

const require = createRequire(import.meta.url);
/** node-oracledb's own error factory, so stubbed errors are built exactly as the driver builds them. */
const errors = require('oracledb/lib/errors.js') as {
  getErr(num: number, ...args: unknown[]): Error & { code: string };
  transformErr(err: Error): Error & { code: string };
  ERR_CALL_TIMEOUT_EXCEEDED: number;
};
export const lib = oracledb as OracleLib;

/** An ORA- error as Thin mode raises it: message from the server, errorNum, then transformErr (code, help link). */
export function oraError(message: string): Error & { code: string } {
  const e = new Error(message) as Error & { errorNum?: number; offset?: number; code: string };
  e.errorNum = Number(/^ORA-(\d+)/.exec(message)?.[1]);
  e.offset = 0;
  return errors.transformErr(e);
}

/** NJS-123, what Thin mode raises when callTimeout expires. */
export function callTimeoutError(ms: number): Error & { code: string } {
  return errors.getErr(errors.ERR_CALL_TIMEOUT_EXCEEDED, ms);
}

export interface ExecuteCall {
  sql: string;
  binds?: Record<string, { type: DbType; val: unknown }>;
  options?: Record<string, unknown>;
  callTimeout: number;
  connection: number;
  /** The session time zone the statement ran under (ALTER SESSION SET TIME_ZONE, else the Thin default). */
  timeZone: string;
}

/**
 * The session time zone Thin mode gives a new connection (node-oracledb lib/thin/protocol/messages/auth.js,
 * getAlterSessionStatement): ORA_SDTZ when set, else node's current UTC offset as a fixed offset, written
 * as the driver writes it (hours padded, minutes not: '+01:0', '-05:30', '-00:0' for UTC).
 */
function thinDefaultSessionZone(now = new Date()): string {
  if (process.env.ORA_SDTZ) return process.env.ORA_SDTZ;
  // The same arithmetic as auth.js: getTimezoneOffset() is UTC - local, so its sign is flipped.
  const minutes = now.getTimezoneOffset();
  const hours = Math.trunc(minutes / 60);
  const mins = Math.abs((minutes - hours * 60) % 60);
  return `${hours < 0 ? '+' : '-'}${String(Math.abs(hours)).padStart(2, '0')}:${mins}`;
}

/** An Oracle session time zone: a region Intl knows, or a fixed offset [+-]HH:MM. Else ORA-01882. */
function checkZone(zone: string): string {
  if (/^[+-]\d{1,2}:\d{1,2}$/.test(zone)) return zone;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    throw oraError('ORA-01882: timezone region not found');
  }
}

export type Answer = { metaData: OracleColumnMeta[]; rows: unknown[][] };
export type Handler = (call: ExecuteCall) => Answer | Promise<Answer>;

/**
 * A stand-in for node-oracledb's pool and connections, following its documented behaviour: createPool
 * records its options; execute() with outFormat OUT_FORMAT_ARRAY answers rows as arrays and metaData with
 * dbType constants; fetchTypeHandler converters are applied to the column values; close({drop}) is recorded.
 * Each connection has a session time zone (Thin's logon default, changed by ALTER SESSION SET TIME_ZONE),
 * which every call records, so a handler can compare TIMESTAMP/DATE values the way Oracle does.
 */
export class FakeOracle {
  readonly poolOptions: Array<Record<string, unknown>> = [];
  readonly calls: ExecuteCall[] = [];
  /** Session statements (ALTER SESSION …) by connection, kept apart from the transaction's calls. */
  readonly sessionStatements: Array<{ sql: string; connection: number; callTimeout: number }> = [];
  readonly events: string[] = [];
  connections = 0;
  connectError?: Error;
  constructor(public handler: Handler) {}

  lib(): OracleLib {
    const createPool = async (options: Record<string, unknown>): Promise<OraclePool> => {
      this.poolOptions.push(options);
      return {
        getConnection: async () => {
          if (this.connectError) throw this.connectError;
          return this.connection(++this.connections);
        },
        close: async (drainTime?: number) => {
          this.events.push(`pool.close(${drainTime})`);
        },
      };
    };
    const keys = Object.keys(lib).filter((k) => k.startsWith('DB_TYPE_') || k === 'OUT_FORMAT_ARRAY');
    const constants = Object.fromEntries(
      keys.map((k) => [k, (lib as unknown as Record<string, unknown>)[k]]),
    );
    return { ...constants, thin: lib.thin, createPool } as unknown as OracleLib;
  }

  private connection(id: number): OracleConnection {
    // The session's time zone starts as Thin mode sets it at logon; ALTER SESSION SET TIME_ZONE changes it.
    let timeZone = thinDefaultSessionZone();
    const conn: OracleConnection = {
      callTimeout: 0,
      execute: async (sql, binds, options) => {
        if (/^ALTER SESSION/i.test(sql)) {
          this.sessionStatements.push({ sql, connection: id, callTimeout: conn.callTimeout });
          const m = /^ALTER SESSION SET TIME_ZONE = '([^']*)'$/.exec(sql);
          if (!m || binds !== undefined) throw oraError('ORA-00922: missing or invalid option');
          timeZone = checkZone(m[1]!);
          return {};
        }
        const call: ExecuteCall = {
          sql,
          binds,
          options,
          callTimeout: conn.callTimeout,
          connection: id,
          timeZone,
        };
        this.calls.push(call);
        if (/^SELECT 1 FROM DUAL$|^SET TRANSACTION READ ONLY$/.test(sql)) return {};
        const answer = await this.handler(call);
        const handlerFn = options?.fetchTypeHandler as
          ((m: OracleColumnMeta) => { converter?: (v: unknown) => unknown } | undefined) | undefined;
        const converters = answer.metaData.map((m) => handlerFn?.(m)?.converter);
        return {
          metaData: answer.metaData,
          rows: answer.rows.map((r) => r.map((v, i) => (converters[i] ? converters[i]!(v) : v))),
        };
      },
      rollback: async () => {
        this.events.push(`rollback ${id}`);
      },
      close: async (o?: { drop?: boolean }) => {
        this.events.push(`close ${id}${o?.drop ? ' drop' : ''}`);
      },
    };
    return conn;
  }
}

export const col = (name: string, dbType: DbType): OracleColumnMeta => ({
  name,
  dbType,
  dbTypeName: dbType.columnTypeName,
});
