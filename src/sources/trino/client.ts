/**
 * A client of Trino's (and Presto's) client REST protocol on src/net/http.ts
 * (https://trino.io/docs/current/develop/client-protocol.html):
 * - POST /v1/statement with `EXECUTE kpi_query USING <typed literals>` as the body and the statement in the
 *   `X-Trino-Prepared-Statement: kpi_query=<url-encoded SQL>` request header, so values travel as
 *   parameters of a prepared statement, never inside the SQL text;
 * - GET `nextUri` until it is absent, reading `columns` and every `data` page, with a page cap and
 *   repeat detection (PageGuard) and the whole query under one deadline;
 * - 502, 503 and 504 answers (gateways and load balancers in front of Trino) are retried after a short
 *   back-off, as the protocol documents, and 429 after its Retry-After, through src/retry.ts; a GET on the
 *   same `nextUri` is safe to repeat;
 * - the server-side limit is the `query_max_execution_time` session property; the client-side one, a
 *   little later, cancels the query with DELETE on `nextUri`, as does an abort;
 * - a failed query is a TrinoQueryError carrying Trino's `errorName` and `errorCode`.
 * The password (HTTP basic authentication) is only ever sent over TLS, and only to the server's origin.
 */
import { UserError, errorMessage } from '../../errors.js';
import { NetError, excerpt, httpRequest, PageGuard, type HttpResponse } from '../../net/http.js';
import { MAX_RESULT_ROWS } from '../sql/driver.js';
import { parseRetryAfter, retry, sleep as realSleep } from '../../retry.js';
import { literal, type TrinoParam } from './literals.js';

type TrinoFlavor = 'trino' | 'presto';

/** The name of the one prepared statement each query request carries. */
export const STATEMENT_NAME = 'kpi_query';

export interface TrinoClientOptions {
  /** The coordinator's URL (see parseServerUrl). */
  server: URL;
  user: string;
  /** HTTP basic authentication; refused unless the server URL is https. */
  password?: string;
  catalog?: string;
  schema?: string;
  /** Header prefix: X-Trino-* or X-Presto-*. Default 'trino'. */
  flavor?: TrinoFlavor;
  /** Responses one query may take, polls included (default 20 000). */
  maxPages?: number;
  /** Largest response body (default 32 MiB). */
  maxBytes?: number;
  connectTimeoutMs?: number;
  /** Deadline of one HTTP exchange (default 60 s; Trino answers a poll within about a second). */
  requestTimeoutMs?: number;
  /** How long past the server-side limit the client waits before it cancels (default 10 s). */
  cancelGraceMs?: number;
  /** Attempts of one request on 502/503/504/429 and dropped connections, the first included (default 6). */
  attempts?: number;
  onRetry?: (message: string) => void;
  /** Injected by tests so retries do not wait. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface TrinoQuery {
  /** One query statement with `?` parameter markers. */
  sql: string;
  params: readonly TrinoParam[];
  /** The server-side limit (query_max_execution_time); the client cancels cancelGraceMs later. */
  timeoutMs: number;
  /** The session time zone (X-Trino-Time-Zone). */
  timeZone: string;
  signal?: AbortSignal;
}

interface TrinoColumn {
  name: string;
  /** Trino's type name, e.g. `bigint`, `decimal(38,2)`, `timestamp(3) with time zone`. */
  type: string;
}

export interface TrinoResult {
  queryId: string;
  columns: TrinoColumn[];
  rows: unknown[][];
}

/** A query that failed on the server, or a request the protocol could not complete. */
export class TrinoQueryError extends Error {
  override name = 'TrinoQueryError';
  constructor(
    message: string,
    readonly o: {
      errorName?: string;
      errorCode?: number;
      errorType?: string;
      queryId?: string;
      /** The server's time limit, or the client's deadline, ended the query. */
      timedOut?: boolean;
      /** Worth another attempt of the whole query (a dropped connection, a gateway that kept failing). */
      transient?: boolean;
    } = {},
  ) {
    super(message);
  }
}

const label = (queryId: string | undefined): string => (queryId ? `Trino query ${queryId}` : 'Trino query');

const RETRY_STATUSES = new Set([502, 503, 504]);
const RETRYABLE_NET = new Set(['network', 'refused', 'connect_timeout']);

/** A gateway's answer worth another attempt. */
class RetryableStatus extends Error {
  constructor(
    readonly status: number,
    readonly afterMs: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** Replaces every form of the password (and the Authorization value) in a text by ***. */
function scrubber(secrets: string[]): (text: string) => string {
  const forms = secrets.filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
  return (text) => forms.reduce((t, s) => t.split(s).join('***'), text);
}

export class TrinoClient {
  private readonly headers: Record<string, string>;
  private readonly prefix: string;
  private readonly scrub: (text: string) => string;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(private readonly o: TrinoClientOptions) {
    this.prefix = o.flavor === 'presto' ? 'X-Presto-' : 'X-Trino-';
    this.sleep = o.sleep ?? realSleep;
    if (!o.user) throw new UserError('trino-user: empty; set the Trino user the queries run as');
    this.headers = {
      'user-agent': 'kpi-collector',
      [`${this.prefix}User`]: o.user,
      [`${this.prefix}Source`]: 'kpi-collector',
    };
    if (o.catalog) this.headers[`${this.prefix}Catalog`] = o.catalog;
    if (o.schema) this.headers[`${this.prefix}Schema`] = o.schema;
    const secrets: string[] = [];
    if (o.password !== undefined && o.password !== '') {
      if (o.server.protocol !== 'https:') {
        throw new UserError(
          'trino-password: basic authentication is sent only over TLS; use an https:// trino-server',
        );
      }
      const token = Buffer.from(`${o.user}:${o.password}`).toString('base64');
      this.headers.authorization = `Basic ${token}`;
      secrets.push(o.password, encodeURIComponent(o.password), token);
    }
    this.scrub = scrubber(secrets);
  }

  /** Runs one query to its end and returns every row. */
  async query(q: TrinoQuery): Promise<TrinoResult> {
    const deadlineMs = q.timeoutMs + (this.o.cancelGraceMs ?? 10_000);
    const controller = new AbortController();
    const expired = new Error('client deadline');
    const timer = setTimeout(() => controller.abort(expired), deadlineMs);
    const onAbort = (): void => controller.abort(q.signal?.reason);
    if (q.signal?.aborted) onAbort();
    else q.signal?.addEventListener('abort', onAbort, { once: true });
    const signal = controller.signal;

    let nextUri: string | undefined;
    let queryId: string | undefined;
    try {
      const body = q.params.length
        ? `EXECUTE ${STATEMENT_NAME} USING ${q.params.map(literal).join(', ')}`
        : `EXECUTE ${STATEMENT_NAME}`;
      const headers: Record<string, string> = {
        ...this.headers,
        'content-type': 'text/plain; charset=utf-8',
        [`${this.prefix}Time-Zone`]: q.timeZone,
        [`${this.prefix}Session`]: `query_max_execution_time=${Math.max(1, Math.ceil(q.timeoutMs))}ms`,
        [`${this.prefix}Prepared-Statement`]: `${STATEMENT_NAME}=${encodeURIComponent(q.sql)}`,
      };
      const guard = new PageGuard({
        label: `Trino query on ${this.o.server.host}`,
        maxPages: this.o.maxPages ?? 20_000,
      });
      let doc = await this.exchange('POST', new URL('v1/statement', this.o.server), headers, body, signal);
      queryId = doc.id;
      const columns: TrinoColumn[] = [];
      const rows: unknown[][] = [];
      for (;;) {
        if (doc.columns && columns.length === 0) {
          for (const c of doc.columns) columns.push({ name: String(c.name), type: String(c.type) });
        }
        if (doc.data) {
          if (!Array.isArray(doc.data)) throw this.protocolError('`data` is not a list', queryId);
          for (const row of doc.data) {
            if (!Array.isArray(row)) throw this.protocolError('a row of `data` is not a list', queryId);
            rows.push(row);
          }
          if (rows.length > MAX_RESULT_ROWS) {
            throw this.protocolError(
              `the result has more than ${MAX_RESULT_ROWS} rows; a KPI query returns a row per day (or per day and variable)`,
              queryId,
            );
          }
        }
        if (doc.error) throw this.queryError(doc.error, queryId);
        nextUri = doc.nextUri;
        if (!nextUri) break;
        const next = this.sameOrigin(nextUri, queryId);
        guard.next(next.href);
        doc = await this.exchange('GET', next, this.pollHeaders(), undefined, signal);
      }
      if (rows.length > 0 && columns.length === 0)
        throw this.protocolError('rows came without `columns`', queryId);
      const width = columns.length;
      const bad = rows.find((r) => r.length !== width);
      if (bad) throw this.protocolError(`a row has ${bad.length} values for ${width} columns`, queryId);
      nextUri = undefined;
      return { queryId: queryId ?? '', columns, rows };
    } catch (e) {
      if (nextUri && signal.aborted) await this.cancel(nextUri);
      if (signal.reason === expired) {
        throw new TrinoQueryError(
          `${label(queryId)} did not finish within ${(deadlineMs / 1000).toFixed(1)} s; ` +
            (nextUri
              ? 'cancelled it (DELETE nextUri)'
              : 'the coordinator never answered, so there was nothing to cancel'),
          { queryId, timedOut: true },
        );
      }
      if (q.signal?.aborted) throw e;
      if (nextUri && !(e instanceof TrinoQueryError && e.o.errorName)) await this.cancel(nextUri);
      throw e instanceof TrinoQueryError ? e : this.wrap(e, queryId);
    } finally {
      clearTimeout(timer);
      q.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Best-effort DELETE on nextUri, so the coordinator stops work no one will read. */
  private async cancel(nextUri: string): Promise<void> {
    try {
      const url = new URL(nextUri);
      if (url.origin !== this.o.server.origin) return;
      await httpRequest({
        method: 'DELETE',
        url,
        headers: this.pollHeaders(),
        timeoutMs: 5000,
        connectTimeoutMs: this.o.connectTimeoutMs,
        maxBytes: 64 * 1024,
      });
    } catch {
      // The query ends anyway at query_max_execution_time.
    }
  }

  private pollHeaders(): Record<string, string> {
    const h: Record<string, string> = { 'user-agent': 'kpi-collector' };
    if (this.headers.authorization) h.authorization = this.headers.authorization;
    return h;
  }

  /** nextUri must stay on the server's origin: our Authorization header goes with it. */
  private sameOrigin(uri: string, queryId: string | undefined): URL {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      throw this.protocolError('`nextUri` is not a URL', queryId);
    }
    if (url.origin !== this.o.server.origin) {
      throw new TrinoQueryError(
        `${label(queryId)}: the server sent nextUri on ${url.origin}, not ${this.o.server.origin}; ` +
          'nothing was sent there (behind a proxy, set http-server.process-forwarded=true on the coordinator)',
        { queryId },
      );
    }
    return url;
  }

  /** One request of the protocol, retried on 502/503/504/429 and dropped connections. Returns the document. */
  private async exchange(
    method: 'POST' | 'GET',
    url: URL,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal,
  ): Promise<QueryResults> {
    const what = method === 'POST' ? `POST ${url.pathname}` : 'GET nextUri';
    const res = await retry(
      async () => {
        const r: HttpResponse = await httpRequest({
          method,
          url,
          headers,
          body,
          signal,
          timeoutMs: this.o.requestTimeoutMs ?? 60_000,
          connectTimeoutMs: this.o.connectTimeoutMs,
          maxBytes: this.o.maxBytes,
        });
        if (RETRY_STATUSES.has(r.status) || r.status === 429) {
          throw new RetryableStatus(
            r.status,
            parseRetryAfter(r.headers['retry-after']),
            `HTTP ${r.status}: ${this.scrub(excerpt(r.text(), 120))}`,
          );
        }
        return r;
      },
      {
        attempts: this.o.attempts ?? 6,
        baseMs: 100,
        maxMs: 5000,
        label: `Trino ${what} on ${url.host}`,
        retryable: (e) => {
          if (e instanceof RetryableStatus) return e.afterMs !== undefined ? { afterMs: e.afterMs } : true;
          return e instanceof NetError && RETRYABLE_NET.has(e.code);
        },
        onRetry: this.o.onRetry,
        sleep: this.sleep,
        signal,
      },
    );
    if (res.status === 401) {
      throw new UserError(
        `trino-user/trino-password: the server refused the credentials (HTTP 401): ${this.scrub(excerpt(res.text(), 160))}`,
      );
    }
    if (res.status !== 200) {
      throw new TrinoQueryError(`Trino ${what}: HTTP ${res.status}: ${this.scrub(excerpt(res.text(), 200))}`);
    }
    let doc: QueryResults;
    try {
      doc = res.json<QueryResults>();
    } catch (e) {
      throw new TrinoQueryError(`Trino ${what}: ${this.scrub(errorMessage(e))}`);
    }
    if (!doc || typeof doc !== 'object' || typeof doc.id !== 'string') {
      throw this.protocolError('the answer is not a QueryResults document (no `id`)', undefined);
    }
    return doc;
  }

  private queryError(error: QueryErrorDoc, queryId: string | undefined): TrinoQueryError {
    const name = typeof error.errorName === 'string' ? error.errorName : 'UNKNOWN';
    const code = typeof error.errorCode === 'number' ? error.errorCode : undefined;
    const message = this.scrub(excerpt(String(error.message ?? 'failed without a message'), 400));
    return new TrinoQueryError(
      `${label(queryId)} failed: ${message} (${name}${code === undefined ? '' : ` ${code}`})`,
      {
        errorName: name,
        errorCode: code,
        errorType: typeof error.errorType === 'string' ? error.errorType : undefined,
        queryId,
        timedOut: name === 'EXCEEDED_TIME_LIMIT',
      },
    );
  }

  private protocolError(what: string, queryId: string | undefined): TrinoQueryError {
    return new TrinoQueryError(`${label(queryId)}: ${what}`, { queryId });
  }

  private wrap(e: unknown, queryId: string | undefined): Error {
    if (e instanceof UserError) return e;
    const cause = (e as { last?: unknown }).last ?? e;
    const transient =
      cause instanceof RetryableStatus || (cause instanceof NetError && RETRYABLE_NET.has(cause.code));
    return new TrinoQueryError(`${label(queryId)}: ${this.scrub(errorMessage(e))}`, {
      queryId,
      transient,
    });
  }
}

interface QueryErrorDoc {
  message?: unknown;
  errorCode?: unknown;
  errorName?: unknown;
  errorType?: unknown;
}

interface QueryResults {
  id: string;
  nextUri?: string;
  columns?: Array<{ name: unknown; type: unknown }>;
  data?: unknown[][];
  error?: QueryErrorDoc;
  stats?: { state?: string };
}
