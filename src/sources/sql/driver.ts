import type { BindValue, SqlDialect } from './binds.js';

/** The kind of a result column, as far as the engine cares. */
export type ColumnKind = 'number' | 'text' | 'date' | 'other';

interface SqlColumn {
  /** The name as the database returned it (Oracle: upper case unless quoted). */
  name: string;
  kind: ColumnKind;
  /** The database's type name, for messages. */
  type: string;
}

export interface SqlResult {
  columns: SqlColumn[];
  /** Values by column position. Numbers may arrive as strings (NUMERIC, BIGINT) or bigint; dates as YYYY-MM-DD strings or Date. */
  rows: unknown[][];
}

export interface SqlQuery {
  /** The query with `:name` placeholders. */
  sql: string;
  /** Values of the placeholders the query uses, keyed by lowercase name. */
  binds: Record<string, BindValue>;
  timeoutMs: number;
  /** The run's time zone (PostgreSQL: the session TimeZone of the query). */
  timeZone: string;
}

/**
 * What the SQL-KPI engine needs from a database: run one read-only query with binds and a timeout, on a
 * pool shared by the run. Errors are SqlError, carrying the database's code (ORA-xxxxx, SQLSTATE).
 */
export interface SqlDriver {
  dialect: SqlDialect;
  query(q: SqlQuery): Promise<SqlResult>;
  /** Errors worth another attempt: a dropped connection, a serialization failure. */
  isTransient(error: unknown): boolean;
  close(): Promise<void>;
}

/**
 * The most rows one query may return across all its pages or chunks. Each page is capped in bytes by the
 * network layer, but a server that keeps sending pages would otherwise fill the memory and crash the run
 * (issue 14 item 2); past this, that one KPI fails. A KPI stores a day's components: a year of 1,000
 * variables is 365,000 rows.
 */
export const MAX_RESULT_ROWS = 1_000_000;

/** A database error, reduced to one line without secrets, with the database's code. */
export class SqlError extends Error {
  override name = 'SqlError';
  constructor(
    message: string,
    /** ORA-xxxxx, NJS-xxx, or `SQLSTATE xxxxx`. */
    readonly code: string | undefined,
    readonly timedOut = false,
  ) {
    super(code && !message.includes(code) ? `${message} (${code})` : message);
  }
}
