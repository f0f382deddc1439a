import { errorMessage } from '../../errors.js';
import type { Logger } from '../../log.js';
import { excerpt, httpRequest, NetError, PageGuard, type HttpResponse } from '../../net/http.js';
import { parseRetryAfter, retry, sleep as realSleep } from '../../retry.js';
import { MAX_RESULT_ROWS, SqlError } from '../sql/driver.js';

/**
 * The Databricks SQL Statement Execution API 2.0 client (see README.md, "SQL warehouse"): one statement is
 * POSTed with typed named parameters and `wait_timeout`; if it is still running after that, it is polled
 * (GET /api/2.0/sql/statements/{id}) until a terminal state; every INLINE JSON_ARRAY chunk is then read by
 * `next_chunk_internal_link`. A statement that outlives its timeout, or a run that is aborted (SIGTERM), is
 * cancelled on the server (POST …/cancel) so the warehouse does not keep working (and billing) for nobody.
 */

/** A typed named parameter (`:name` in the statement). Complex types are not supported by the API. */
export interface StatementParameter {
  name: string;
  type: 'STRING' | 'TIMESTAMP' | 'DATE' | 'INT' | 'BIGINT' | 'DOUBLE';
  /** The value as a string (cast by the server to `type`); null for NULL. */
  value: string | null;
}

interface StatementColumn {
  name: string;
  /** type_name: the base type (LONG, DECIMAL, STRING, DATE, TIMESTAMP, …). */
  typeName: string;
  /** type_text: the full SQL type, e.g. DECIMAL(38,6). */
  typeText: string;
}

export interface StatementResult {
  statementId: string;
  columns: StatementColumn[];
  /** JSON_ARRAY rows: every non-null value is a string. */
  rows: Array<Array<string | null>>;
  /** Chunks read (the first included). */
  chunks: number;
}

export interface StatementClientOptions {
  /** Workspace origin, e.g. https://dbc-123.cloud.databricks.com (validated by parseHost). */
  host: string;
  token: string;
  warehouseId: string;
  /** Attempts per HTTP request (429, 5xx and network errors are retried), the first included. */
  attempts: number;
  retryBaseMs: number;
  /** Deadline of one HTTP exchange (a POST waits up to wait_timeout on the server, so this is added). */
  requestTimeoutMs: number;
  /** Polling interval: the first wait, growing ×1.5 to the max (ms). Default 500 → 5,000. */
  pollMs?: { first: number; max: number };
  /** Most chunks one result may have (repeat detection on top). Default 10,000. */
  maxChunks?: number;
  log?: Logger;
  /** The run's signal (SIGTERM): an aborted run cancels the statements in flight. */
  signal?: AbortSignal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** An HTTP answer of the API that is not 2xx: the status and the body's `error_code` and message. */
class StatementHttpError extends Error {
  override name = 'StatementHttpError';
  constructor(
    readonly endpoint: string,
    readonly status: number,
    readonly errorCode: string | undefined,
    detail: string,
    readonly retryAfterMs?: number,
  ) {
    const hint =
      status === 401 || status === 403
        ? '; check that databricks-token is a valid token of this workspace with CAN USE on the warehouse'
        : '';
    super(
      `${endpoint}: HTTP ${status}${errorCode ? ` ${errorCode}` : ''}${detail ? `: ${detail}` : ''}${hint}`,
    );
  }
}

interface ServiceError {
  error_code?: string;
  message?: string;
}
interface ResultData {
  chunk_index?: number;
  row_offset?: number;
  row_count?: number;
  data_array?: Array<Array<string | null>>;
  next_chunk_index?: number;
  next_chunk_internal_link?: string;
}
interface StatementResponse {
  statement_id?: string;
  status?: { state?: string; error?: ServiceError; sql_state?: string };
  manifest?: {
    format?: string;
    schema?: {
      column_count?: number;
      columns?: Array<{ name?: string; position?: number; type_name?: string; type_text?: string }>;
    };
    total_chunk_count?: number;
    total_row_count?: number;
    truncated?: boolean;
  };
  result?: ResultData;
}

const STATEMENTS = '/api/2.0/sql/statements';
/** The longest `wait_timeout` the API accepts (N = 0 or 5..50 seconds). */
const MAX_WAIT_SECONDS = 50;
const MIN_WAIT_SECONDS = 5;
/** Deadline of the best-effort cancel request. */
const CANCEL_TIMEOUT_MS = 10_000;
const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELED', 'CLOSED']);

/** The NetError codes worth another attempt (a cap, a redirect off the origin or bad JSON will not change). */
const TRANSIENT_NET = new Set(['timeout', 'connect_timeout', 'network', 'dns', 'refused']);

export class StatementClient {
  readonly stats = { requests: 0, retries: 0, statements: 0, chunks: 0, polls: 0, cancels: 0 };
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly origin: string;
  private workspace?: Promise<string>;
  private announced?: Promise<void>;

  constructor(readonly options: StatementClientOptions) {
    this.sleep = options.sleep ?? realSleep;
    this.origin = new URL(options.host).origin;
  }

  /**
   * Runs one statement to the end and reads every chunk. `label` names it in errors (the KPI id and days).
   * Throws SqlError: FAILED / CANCELED with the statement's error_code and SQLSTATE, `timedOut` when it
   * outlived `timeoutMs` (it is then cancelled on the server).
   */
  async execute(q: {
    sql: string;
    parameters: readonly StatementParameter[];
    timeoutMs: number;
    label: string;
    signal?: AbortSignal;
  }): Promise<StatementResult> {
    const deadline = Date.now() + q.timeoutMs;
    const signals = [this.options.signal, q.signal].filter((s): s is AbortSignal => !!s);
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    // wait_timeout: as long as the KPI's timeout allows, within what the API accepts; below 5 s, 0s (async).
    const waitSeconds = Math.min(MAX_WAIT_SECONDS, Math.floor(q.timeoutMs / 1000));
    const body = {
      warehouse_id: this.options.warehouseId,
      statement: q.sql,
      parameters: q.parameters,
      wait_timeout: `${waitSeconds >= MIN_WAIT_SECONDS ? waitSeconds : 0}s`,
      on_wait_timeout: 'CONTINUE',
      disposition: 'INLINE',
      format: 'JSON_ARRAY',
    };
    this.stats.statements++;
    await (this.announced ??= this.announceWarehouse());
    let response = await this.call<StatementResponse>(
      'POST',
      STATEMENTS,
      body,
      signal,
      waitSeconds >= MIN_WAIT_SECONDS ? waitSeconds * 1000 : 0,
    );
    const id = response.statement_id;
    if (!id) throw new SqlError(`${q.label}: the API answered without a statement_id`, undefined);
    try {
      let pollMs = this.options.pollMs?.first ?? 500;
      while (!TERMINAL.has(response.status?.state ?? '')) {
        const left = deadline - Date.now();
        if (left <= 0) throw new StatementTimeout();
        await this.sleep(Math.min(pollMs, left), signal);
        pollMs = Math.min(this.options.pollMs?.max ?? 5000, Math.round(pollMs * 1.5));
        if (Date.now() >= deadline) throw new StatementTimeout();
        this.stats.polls++;
        response = await this.call<StatementResponse>(
          'GET',
          `${STATEMENTS}/${encodeURIComponent(id)}`,
          undefined,
          signal,
        );
      }
      const state = response.status?.state;
      if (state !== 'SUCCEEDED') throw statementFailure(id, response, q.label, this.options.token);
      return await this.readAll(id, response, q.label, signal);
    } catch (e) {
      if (e instanceof StatementTimeout) {
        await this.cancel(id);
        throw new SqlError(
          `${q.label}: the statement ${id} did not finish within ${q.timeoutMs / 1000} s and was cancelled`,
          undefined,
          true,
        );
      }
      if (signal?.aborted) await this.cancel(id);
      throw e;
    }
  }

  /**
   * The id of the workspace the host serves, from the `X-Databricks-Org-Id` header of
   * GET /api/2.0/preview/scim/v2/Me (how the Databricks SDKs read CurrentWorkspaceID). Fetched once per run.
   */
  workspaceId(): Promise<string> {
    this.workspace ??= (async () => {
      const res = await this.send('GET', '/api/2.0/preview/scim/v2/Me', undefined, this.options.signal, 0);
      const id = res.headers['x-databricks-org-id']?.trim();
      if (!id || !/^\d+$/.test(id)) {
        throw new Error(
          'the workspace id is unknown (no X-Databricks-Org-Id header on /api/2.0/preview/scim/v2/Me); set the KPI param workspace_ids',
        );
      }
      return id;
    })();
    return this.workspace;
  }

  /** The warehouse's state and auto-stop (GET /api/2.0/sql/warehouses/{id}), for the log. */
  async warehouse(): Promise<{ state: string; autoStopMins?: number; name?: string }> {
    const w = await this.call<{ state?: string; auto_stop_mins?: number; name?: string }>(
      'GET',
      `/api/2.0/sql/warehouses/${encodeURIComponent(this.options.warehouseId)}`,
      undefined,
      this.options.signal,
    );
    return { state: w.state ?? 'UNKNOWN', autoStopMins: w.auto_stop_mins, name: w.name };
  }

  /**
   * Before the run's first statement: says in the log when the warehouse is not running, since that
   * statement starts it (minutes for classic and pro warehouses, seconds for serverless) and it then bills
   * until its auto-stop. A failure here (e.g. no permission to read the warehouse) only skips the note.
   */
  private async announceWarehouse(): Promise<void> {
    try {
      const w = await this.warehouse();
      if (w.state === 'RUNNING') return;
      this.options.log?.info(
        `Databricks: SQL warehouse ${this.options.warehouseId} is ${w.state}; the first statement starts it, and it runs ` +
          `(and bills) until it has been idle for ${w.autoStopMins ?? '?'} minute(s) (its auto-stop)`,
      );
    } catch (e) {
      this.options.log?.warning(
        `Databricks: could not read the state of SQL warehouse ${this.options.warehouseId}: ${errorMessage(e)}`,
      );
    }
  }

  /** Asks the server to cancel (best effort: its own deadline, not the run's aborted signal). */
  private async cancel(id: string): Promise<void> {
    this.stats.cancels++;
    try {
      await this.send(
        'POST',
        `${STATEMENTS}/${encodeURIComponent(id)}/cancel`,
        {},
        undefined,
        0,
        CANCEL_TIMEOUT_MS,
      );
    } catch (e) {
      this.options.log?.warning(`Databricks: cancelling statement ${id} failed: ${errorMessage(e)}`);
    }
  }

  /** The first chunk (in the SUCCEEDED response) and every next one, in order, with a page guard. */
  private async readAll(
    id: string,
    response: StatementResponse,
    label: string,
    signal: AbortSignal | undefined,
  ): Promise<StatementResult> {
    const manifest = response.manifest;
    if (manifest?.truncated) {
      throw new SqlError(`${label}: the result of statement ${id} was truncated by the server`, undefined);
    }
    const columns = (manifest?.schema?.columns ?? []).map((c, i) => ({
      name: c.name ?? `col${i}`,
      typeName: (c.type_name ?? 'STRING').toUpperCase(),
      typeText: c.type_text ?? c.type_name ?? 'STRING',
    }));
    const total = manifest?.total_chunk_count ?? (response.result ? 1 : 0);
    const rows: Array<Array<string | null>> = [];
    const guard = new PageGuard({
      label: `${label}: result chunks of statement ${id}`,
      maxPages: this.options.maxChunks ?? 10_000,
    });
    let chunk: ResultData | undefined = total > 0 ? response.result : undefined;
    if (chunk) guard.next(`${STATEMENTS}/${id} (chunk 0, with the status)`);
    let expected = 0;
    while (chunk) {
      if ((chunk.chunk_index ?? 0) !== expected) {
        throw new SqlError(
          `${label}: statement ${id} sent chunk ${chunk.chunk_index} where ${expected} was due`,
          undefined,
        );
      }
      for (const row of chunk.data_array ?? []) rows.push(row);
      if (rows.length > MAX_RESULT_ROWS) {
        throw new SqlError(
          `${label}: statement ${id} returned more than ${MAX_RESULT_ROWS} rows; a KPI query returns a row per day (or per day and variable)`,
          undefined,
        );
      }
      expected++;
      const link = chunk.next_chunk_internal_link;
      if (!link) break;
      guard.next(link);
      chunk = await this.call<ResultData>('GET', this.internalPath(link, id), undefined, signal);
      this.stats.chunks++;
    }
    if (expected !== total) {
      throw new SqlError(
        `${label}: statement ${id} announced ${total} chunk(s) and sent ${expected}`,
        undefined,
      );
    }
    if (manifest?.total_row_count !== undefined && manifest.total_row_count !== rows.length) {
      throw new SqlError(
        `${label}: statement ${id} announced ${manifest.total_row_count} row(s) and sent ${rows.length}`,
        undefined,
      );
    }
    return { statementId: id, columns, rows, chunks: expected };
  }

  /** A next_chunk_internal_link must be a path of this statement on the workspace (never another host). */
  private internalPath(link: string, id: string): string {
    const url = new URL(link, this.origin);
    if (url.origin !== this.origin || !url.pathname.startsWith(`${STATEMENTS}/${encodeURIComponent(id)}/`)) {
      throw new SqlError(
        `statement ${id}: next_chunk_internal_link '${excerpt(link, 80)}' is not a chunk path of this statement`,
        undefined,
      );
    }
    return url.pathname + url.search;
  }

  /** One API call with retries (429 with Retry-After, 5xx, network errors); the JSON body on 2xx. */
  private async call<T>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    signal: AbortSignal | undefined,
    serverWaitMs = 0,
  ): Promise<T> {
    const o = this.options;
    const endpoint = `${method} ${path.replace(/\/statements\/[^/]+/, '/statements/{id}').replace(/\/chunks\/\d+$/, '/chunks/{n}')}`;
    return retry(
      async () => {
        const res = await this.send(method, path, body, signal, serverWaitMs);
        return res.json<T>();
      },
      {
        attempts: o.attempts,
        baseMs: o.retryBaseMs,
        maxMs: 60_000,
        label: `Databricks ${endpoint}`,
        signal,
        sleep: this.sleep,
        retryable: (e) => {
          if (e instanceof StatementHttpError) {
            if (e.status !== 429 && e.status < 500) return false;
            return e.retryAfterMs !== undefined ? { afterMs: e.retryAfterMs } : true;
          }
          return e instanceof NetError && TRANSIENT_NET.has(e.code);
        },
        onRetry: (m) => {
          this.stats.retries++;
          o.log?.warning(m);
        },
      },
    );
  }

  /** One HTTP exchange; a non-2xx answer becomes StatementHttpError (token removed, then cut). */
  private async send(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    signal: AbortSignal | undefined,
    serverWaitMs: number,
    timeoutMs = this.options.requestTimeoutMs + serverWaitMs,
  ): Promise<HttpResponse> {
    this.stats.requests++;
    const endpoint = `${method} ${path.split('?')[0]}`;
    const res = await httpRequest({
      method,
      url: new URL(path, this.origin),
      headers: {
        Authorization: `Bearer ${this.options.token}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs,
      redirect: 'error',
      signal,
    });
    if (res.status >= 200 && res.status < 300) return res;
    let code: string | undefined;
    let message = '';
    try {
      const parsed = JSON.parse(res.text()) as { error_code?: unknown; message?: unknown };
      if (parsed.error_code !== undefined) code = String(parsed.error_code);
      if (typeof parsed.message === 'string') message = parsed.message;
    } catch {
      message = res.text().replace(/<[^>]*>/g, ' ');
    }
    const scrub = (t: string): string => excerpt(withoutToken(t, this.options.token), 300);
    throw new StatementHttpError(
      endpoint,
      res.status,
      code === undefined ? undefined : scrub(code),
      scrub(message),
      parseRetryAfter(res.headers['retry-after']),
    );
  }
}

class StatementTimeout extends Error {}

/** Every occurrence of the token, as is and URL-encoded (redact() then removes registered secrets). */
function withoutToken(text: string, token: string): string {
  let out = text;
  for (const form of new Set([token, encodeURIComponent(token)])) if (form) out = out.split(form).join('***');
  return out;
}

/** A FAILED / CANCELED / CLOSED statement as SqlError: state, error_code, message, SQLSTATE. */
function statementFailure(id: string, r: StatementResponse, label: string, token: string): SqlError {
  const state = r.status?.state ?? 'UNKNOWN';
  const err = r.status?.error;
  const sqlState = r.status?.sql_state ?? /SQLSTATE: ?([0-9A-Z]{5})/.exec(err?.message ?? '')?.[1];
  const message = excerpt(
    withoutToken((err?.message ?? '').replace(/\s*SQLSTATE: ?[0-9A-Z]{5}\.?\s*$/, ''), token),
    400,
  );
  const what =
    state === 'CANCELED'
      ? 'was cancelled on the server'
      : state === 'CLOSED'
        ? 'was closed before its result was read'
        : 'failed';
  return new SqlError(
    `${label}: statement ${id} ${what}${err?.error_code ? ` (${err.error_code})` : ''}${message ? `: ${message}` : ''}`,
    sqlState ? `SQLSTATE ${sqlState}` : undefined,
  );
}
