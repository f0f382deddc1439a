import { UserError } from '../../errors.js';
import { NetError } from '../../net/http.js';
import { trimStatement } from '../sql/binds.js';
import { SqlError, type ColumnKind, type SqlDriver, type SqlQuery, type SqlResult } from '../sql/driver.js';
import { TrinoClient, TrinoQueryError, type TrinoClientOptions } from './client.js';
import { toTrino, trinoDialect } from './dialect.js';
import { assertSingleQuery } from '../sql/statement.js';

/**
 * Trino errors worth running the query again: the cluster starting, shutting down or losing a worker
 * (io.trino.spi.StandardErrorCode, INTERNAL_ERROR and INSUFFICIENT_RESOURCES kinds that are not about the
 * query itself).
 */
const TRANSIENT_ERRORS = new Set([
  'SERVER_STARTING_UP',
  'SERVER_SHUTTING_DOWN',
  'NO_NODES_AVAILABLE',
  'REMOTE_HOST_GONE',
  'REMOTE_TASK_ERROR',
  'TOO_MANY_REQUESTS_FAILED',
  'PAGE_TRANSPORT_ERROR',
  'PAGE_TRANSPORT_TIMEOUT',
  'ABANDONED_TASK',
  'QUERY_QUEUE_FULL',
  'CLUSTER_OUT_OF_MEMORY',
]);

/** The engine's reading of a Trino type name. */
export function columnKind(type: string): ColumnKind {
  const raw = type.toLowerCase().replace(/\(.*$/, '').trim();
  if (['tinyint', 'smallint', 'integer', 'bigint', 'real', 'double', 'decimal'].includes(raw))
    return 'number';
  if (raw === 'date' || raw.startsWith('timestamp')) return 'date';
  if (raw === 'varchar' || raw === 'char') return 'text';
  return 'other';
}

/** A client error as the engine's SqlError: Trino's errorName and errorCode as the code. */
export function toSqlError(e: unknown): Error {
  if (e instanceof UserError) return e;
  if (e instanceof TrinoQueryError) {
    const code = e.o.errorName
      ? `${e.o.errorName}${e.o.errorCode === undefined ? '' : ` ${e.o.errorCode}`}`
      : undefined;
    const err = new SqlError(e.message, code, e.o.timedOut === true);
    (err as SqlError & { transient?: boolean }).transient =
      e.o.transient === true || (e.o.errorName !== undefined && TRANSIENT_ERRORS.has(e.o.errorName));
    return err;
  }
  return e instanceof Error ? new SqlError(e.message, undefined) : new SqlError(String(e), undefined);
}

export interface TrinoDriverOptions extends TrinoClientOptions {
  /** Deadline of the probe query that checks the server and the credentials. */
  connectTimeoutMs: number;
  /** The run's signal: an abort cancels the queries in flight (DELETE nextUri). */
  signal: AbortSignal;
}

/**
 * The Trino driver: one protocol client per run (HTTP keeps its connections in the shared dispatcher). A
 * probe query (`SELECT 1`) checks reachability and credentials before any KPI runs.
 */
export async function createTrinoDriver(o: TrinoDriverOptions): Promise<SqlDriver> {
  const client = new TrinoClient(o);
  // Closing the driver (the run ends, or failed elsewhere) cancels what is still in flight.
  const closed = new AbortController();
  const signal = AbortSignal.any([o.signal, closed.signal]);
  const where = `${o.server.host} as ${o.user}`;
  try {
    await client.query({
      sql: 'SELECT 1',
      params: [],
      timeoutMs: o.connectTimeoutMs,
      timeZone: 'UTC',
      signal,
    });
  } catch (e) {
    if (e instanceof UserError) throw e;
    const reason = e instanceof NetError || e instanceof TrinoQueryError ? e.message : String(e);
    throw new UserError(`trino-server: cannot run a query on ${where}: ${reason}`);
  }

  return {
    dialect: trinoDialect,
    async query(q: SqlQuery): Promise<SqlResult> {
      try {
        const text = trimStatement(q.sql);
        assertSingleQuery(text, trinoDialect);
        const { sql, params } = toTrino(text, q.binds, q.timeZone);
        const result = await client.query({
          sql,
          params,
          timeoutMs: q.timeoutMs,
          timeZone: q.timeZone,
          signal,
        });
        return {
          columns: result.columns.map((c) => ({ name: c.name, kind: columnKind(c.type), type: c.type })),
          rows: result.rows,
        };
      } catch (e) {
        throw toSqlError(e);
      }
    },
    isTransient: (e: unknown) => (e as { transient?: unknown }).transient === true,
    close: async () => {
      closed.abort(new Error('the run closed the Trino driver'));
    },
  };
}
