/**
 * The fake coordinator's execution engine: DuckDB (`@duckdb/node-api`), so queries really run. Trino
 * catalogs are DuckDB catalogs (DuckDB's own `memory` database is the `memory` catalog; others are
 * attached), schemas are schemas, and the session's catalog, schema and time zone become the DuckDB
 * connection's `USE` and `TimeZone`. Results are returned the way Trino's JSON protocol writes them:
 * column types by Trino name with a typeSignature, bigint and double as JSON numbers, decimal as a string,
 * date as 'YYYY-MM-DD', timestamp with time zone as 'YYYY-MM-DD hh:mm:ss.sss <zone>'
 * (https://trino.io/docs/current/develop/client-protocol.html, io.trino.client.Column).
 */
import {
  DuckDBConnection,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBInstance,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTypeId,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { lineCol } from './sql.js';

export interface TrinoColumn {
  name: string;
  type: string;
  typeSignature: { rawType: string; arguments: Array<{ kind: 'LONG'; value: number }> };
}

export interface TrinoErrorInfo {
  message: string;
  errorCode: number;
  errorName: string;
  errorType: 'USER_ERROR' | 'INTERNAL_ERROR' | 'INSUFFICIENT_RESOURCES' | 'EXTERNAL';
}

/** Error codes from io.trino.spi.StandardErrorCode (trinodb/trino, core/trino-spi). */
const ERRORS = {
  GENERIC_USER_ERROR: [0, 'USER_ERROR'],
  SYNTAX_ERROR: [1, 'USER_ERROR'],
  USER_CANCELED: [3, 'USER_ERROR'],
  NOT_FOUND: [5, 'USER_ERROR'],
  FUNCTION_NOT_FOUND: [6, 'USER_ERROR'],
  INVALID_CAST_ARGUMENT: [9, 'USER_ERROR'],
  NOT_SUPPORTED: [13, 'USER_ERROR'],
  INVALID_SESSION_PROPERTY: [14, 'USER_ERROR'],
  CATALOG_NOT_FOUND: [44, 'USER_ERROR'],
  SCHEMA_NOT_FOUND: [45, 'USER_ERROR'],
  TABLE_NOT_FOUND: [46, 'USER_ERROR'],
  COLUMN_NOT_FOUND: [47, 'USER_ERROR'],
  MISSING_SCHEMA_NAME: [57, 'USER_ERROR'],
  TYPE_MISMATCH: [58, 'USER_ERROR'],
  INVALID_PARAMETER_USAGE: [80, 'USER_ERROR'],
  GENERIC_INTERNAL_ERROR: [65536, 'INTERNAL_ERROR'],
  EXCEEDED_TIME_LIMIT: [131075, 'INSUFFICIENT_RESOURCES'],
} as const;

export type ErrorName = keyof typeof ERRORS;

export class TrinoFailure extends Error {
  constructor(
    readonly errorName: ErrorName,
    message: string,
  ) {
    super(message);
  }
  info(): TrinoErrorInfo {
    const [errorCode, errorType] = ERRORS[this.errorName];
    return { message: this.message, errorCode, errorName: this.errorName, errorType };
  }
}

export interface QueryOutput {
  columns: TrinoColumn[];
  rows: unknown[][];
}

export interface Session {
  catalog?: string;
  schema?: string;
  timeZone: string;
}

export class DuckEngine {
  private constructor(private readonly instance: DuckDBInstance) {}

  static async create(): Promise<DuckEngine> {
    return new DuckEngine(await DuckDBInstance.create(':memory:'));
  }

  /** Runs setup SQL directly on DuckDB (tables, rows), outside the protocol. */
  async admin(sql: string): Promise<void> {
    const c = await this.instance.connect();
    try {
      await c.run(sql);
    } finally {
      c.closeSync();
    }
  }

  /** Creates a catalog (DuckDB's `memory` exists already) and schema for a test. */
  async createSchema(catalog: string, schema: string): Promise<void> {
    if (catalog !== 'memory') await this.admin(`ATTACH IF NOT EXISTS ':memory:' AS ${catalog}`);
    await this.admin(`CREATE SCHEMA IF NOT EXISTS ${catalog}.${schema}`);
  }

  /**
   * Runs one statement in the session. `sql` is the DuckDB text; `shown` the statement as the client
   * wrote it (for messages). The returned `interrupt` stops it: the promise then rejects with `reason`.
   */
  run(
    sql: string,
    shown: string,
    session: Session,
  ): { result: Promise<QueryOutput>; interrupt: (reason: TrinoFailure) => void } {
    let connection: DuckDBConnection | undefined;
    let stopped: TrinoFailure | undefined;
    const result = (async (): Promise<QueryOutput> => {
      connection = await this.instance.connect();
      try {
        if (stopped) throw stopped;
        await connection.run(`SET TimeZone = '${session.timeZone.replace(/'/g, "''")}'`);
        if (session.catalog && session.schema) {
          await connection.run(`USE "${session.catalog}"."${session.schema}"`).catch(() => {
            throw new TrinoFailure('SCHEMA_NOT_FOUND', `Schema '${session.schema}' does not exist`);
          });
        }
        const reader = await connection.runAndReadAll(sql);
        const types = reader.columnTypes();
        return {
          columns: reader.columnNames().map((name, i) => trinoColumn(name, types[i]!)),
          rows: reader.getRows().map((row) => row.map((v, i) => toJson(v, types[i]!, session.timeZone))),
        };
      } catch (e) {
        if (stopped) throw stopped;
        if (e instanceof TrinoFailure) throw e;
        throw translateError(e, shown, session);
      } finally {
        connection.closeSync();
      }
    })();
    return {
      result,
      interrupt: (reason) => {
        stopped = reason;
        connection?.interrupt();
      },
    };
  }

  close(): void {
    this.instance.closeSync();
  }
}

function signature(rawType: string, args: number[] = []): TrinoColumn['typeSignature'] {
  return { rawType, arguments: args.map((value) => ({ kind: 'LONG' as const, value })) };
}

/** Trino's name of a DuckDB result type. */
function trinoColumn(name: string, t: DuckDBType): TrinoColumn {
  const simple = (type: string): TrinoColumn => ({ name, type, typeSignature: signature(type) });
  switch (t.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return simple('boolean');
    case DuckDBTypeId.TINYINT:
      return simple('tinyint');
    case DuckDBTypeId.SMALLINT:
      return simple('smallint');
    case DuckDBTypeId.INTEGER:
      return simple('integer');
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UINTEGER:
      return simple('bigint');
    case DuckDBTypeId.HUGEINT:
      return { name, type: 'decimal(38,0)', typeSignature: signature('decimal', [38, 0]) };
    case DuckDBTypeId.FLOAT:
      return simple('real');
    case DuckDBTypeId.DOUBLE:
      return simple('double');
    case DuckDBTypeId.DECIMAL: {
      const { width, scale } = t as unknown as { width: number; scale: number };
      return {
        name,
        type: `decimal(${width},${scale})`,
        typeSignature: signature('decimal', [width, scale]),
      };
    }
    case DuckDBTypeId.VARCHAR:
      return simple('varchar');
    case DuckDBTypeId.DATE:
      return simple('date');
    case DuckDBTypeId.TIMESTAMP:
      return { name, type: 'timestamp(3)', typeSignature: signature('timestamp', [3]) };
    case DuckDBTypeId.TIMESTAMP_TZ:
      return {
        name,
        type: 'timestamp(3) with time zone',
        typeSignature: signature('timestamp with time zone', [3]),
      };
    default:
      return simple(t.toString().toLowerCase());
  }
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** 'YYYY-MM-DD hh:mm:ss.sss' of an instant (ms) in a zone, by Intl. */
function wallTime(ms: number, timeZone: string): string {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const millis = ((ms % 1000) + 1000) % 1000;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}.${pad(millis, 3)}`;
}

/** A value as Trino's JSON protocol writes it. */
function toJson(v: DuckDBValue, t: DuckDBType, timeZone: string): unknown {
  if (v === null) return null;
  if (typeof v === 'bigint') {
    return t.typeId === DuckDBTypeId.HUGEINT ? v.toString() : Number(v);
  }
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
    return v;
  }
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof DuckDBDecimalValue) return v.toString();
  if (v instanceof DuckDBDateValue) return v.toString();
  if (v instanceof DuckDBTimestampTZValue) {
    return `${wallTime(Number(v.micros / 1000n), timeZone)} ${timeZone}`;
  }
  if (v instanceof DuckDBTimestampValue) return wallTime(Number(v.micros / 1000n), 'UTC');
  return String(v);
}

/** A DuckDB error as the Trino error a client would see for the same mistake. */
function translateError(e: unknown, shown: string, session: Session): TrinoFailure {
  // Duck-typed: DuckDB's errors come from another realm under jest.
  const own = (e as { message?: unknown } | null)?.message;
  const message = typeof own === 'string' ? own : String(e);
  const first = message.split('\n')[0]!;
  const at = (): string => {
    // DuckDB points at the spot: "LINE 1: <text>\n      ^". Positions refer to the text DuckDB ran.
    const m = /LINE (\d+): .*\n( *)\^/.exec(message);
    return m ? `line ${m[1]}:${Math.max(1, m[2]!.length - `LINE ${m[1]}: `.length + 1)}` : lineCol(shown, 0);
  };
  let m = /^Catalog Error: Table with name (\S+) does not exist/.exec(first);
  if (m) {
    const name = m[1]!.includes('.') ? m[1]! : `${session.catalog ?? '?'}.${session.schema ?? '?'}.${m[1]}`;
    if (!session.schema && !m[1]!.includes('.')) {
      return new TrinoFailure(
        'MISSING_SCHEMA_NAME',
        `${at()}: Schema must be specified when session schema is not set`,
      );
    }
    return new TrinoFailure('TABLE_NOT_FOUND', `${at()}: Table '${name}' does not exist`);
  }
  m = /^Binder Error: Referenced column "?([^"]+)"? not found/.exec(first);
  if (m) return new TrinoFailure('COLUMN_NOT_FOUND', `${at()}: Column '${m[1]}' cannot be resolved`);
  if (/^Parser Error/.test(first)) {
    return new TrinoFailure('SYNTAX_ERROR', `${at()}: ${first.replace(/^Parser Error: /, '')}`);
  }
  m = /^Catalog Error: Scalar Function with name (\S+) does not exist/.exec(first);
  if (m) return new TrinoFailure('FUNCTION_NOT_FOUND', `${at()}: Function '${m[1]}' not registered`);
  if (/^(Conversion|Invalid Input) Error/.test(first)) {
    return new TrinoFailure('INVALID_CAST_ARGUMENT', first.replace(/^\w+ \w* ?Error: /, ''));
  }
  if (/^Binder Error: No function matches/.test(first)) {
    return new TrinoFailure('TYPE_MISMATCH', `${at()}: ${first.replace(/^Binder Error: /, '')}`);
  }
  return new TrinoFailure('GENERIC_USER_ERROR', first);
}
