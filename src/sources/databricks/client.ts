import { UserError } from '../../errors.js';
import { NetError, PageGuard, excerpt, httpRequest, isLoopbackUrl } from '../../net/http.js';
import { parseRetryAfter, retry, sleep as realSleep } from '../../retry.js';
import type { Logger } from '../../log.js';
import { redact } from '../../redact.js';

/**
 * Largest page of the cluster events API (`page_size`: values outside [0, 500] are clamped; the server may
 * return fewer events than asked, so only an empty `next_page_token` ends a read, never a short page).
 */
const EVENTS_MAX_PAGE = 500;
/** Page of the read back from the span start (usually one page: it stops at the first RUNNING/TERMINATING). */
const PRIOR_EVENTS_PAGE = 10;
/** Page size asked of clusters/list 2.1 (the server may return fewer). */
const CLUSTERS_PAGE = 100;
/** Largest page of jobs/runs/list 2.2 (`limit` 1..25). */
const RUNS_MAX_PAGE = 25;
/**
 * Page caps of each listing (issue 14, item 3): far above any workspace's real size (100,000 clusters,
 * 1,000,000 events of one cluster, 250,000 job runs in the range), low enough that a server that never
 * stops paging ends the KPI in minutes, not never.
 */
export const MAX_PAGES = { clusters: 1_000, events: 2_000, runs: 10_000 } as const;
/** Largest answer accepted (a page of 500 events is about 100 KiB); more is an error, not a crash. */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
/** Attempts in all for a host that does not resolve or refuses connections: seconds, not minutes. */
const UNREACHABLE_ATTEMPTS = 2;

export interface ClientOptions {
  host: string;
  token: string;
  concurrency: number;
  requestTimeoutMs: number;
  /** Connect deadline (TCP, TLS, proxy CONNECT); default 10 s. */
  connectTimeoutMs?: number;
  /** Largest answer accepted; default MAX_RESPONSE_BYTES. */
  maxResponseBytes?: number;
  /** Page caps of the listings; default MAX_PAGES. */
  maxPages?: Partial<Record<keyof typeof MAX_PAGES, number>>;
  /** Attempts per request, the first included. */
  attempts: number;
  retryBaseMs: number;
  /** How far before the first day cluster events are read. */
  lookbackMs: number;
  /**
   * Collect even when the range reaches back past the history the API keeps (30 days of clusters and their
   * events, 60 days of job runs); otherwise the KPIs concerned fail and stored rows are kept.
   */
  allowIncompleteHistory?: boolean;
  log?: Logger;
  signal?: AbortSignal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The current time (tests fix it): a cluster still running is counted up to min(range end, now). */
  now?: () => number;
}

/** An HTTP answer that is not 2xx, with the Databricks error body when there is one. */
export class DatabricksApiError extends Error {
  override name = 'DatabricksApiError';
  constructor(
    readonly endpoint: string,
    readonly status: number,
    readonly errorCode: string | undefined,
    detail: string,
    readonly retryAfterMs?: number,
  ) {
    const hint =
      status === 401 || status === 403
        ? '; check that databricks-token is a valid token of this workspace with access to clusters and jobs'
        : '';
    super(
      `${endpoint}: HTTP ${status}${errorCode ? ` ${errorCode}` : ''}${detail ? `: ${detail}` : ''}${hint}`,
    );
  }
}

/** A page that is not the documented shape (an object with an array of items and a string token). */
export class PageShapeError extends Error {
  override name = 'PageShapeError';
}

/**
 * Checks a page's shape (issue 14, item 3): an object whose `field`, when present, is an array and whose
 * `next_page_token`, when present, is a string. Returns the items and the next token ('' on the last page).
 */
function checkPage<I>(endpoint: string, page: unknown, field: string): { items: I[]; token: string } {
  const p = page as Record<string, unknown> | null;
  const items = p && typeof p === 'object' && !Array.isArray(p) ? (p[field] ?? []) : undefined;
  const token = p?.next_page_token ?? '';
  if (!Array.isArray(items) || typeof token !== 'string') {
    throw new PageShapeError(
      `${endpoint}: the page is not the documented shape (an object with '${field}' as an array and ` +
        `'next_page_token' as a string): ${excerpt(JSON.stringify(page) ?? String(page), 120)}`,
    );
  }
  return { items: items as I[], token };
}

/** One cluster as clusters/list 2.1 returns it (the fields this source reads). */
export interface ClusterInfo {
  cluster_id: string;
  cluster_name?: string;
  state?: string;
  /** When the cluster creation request was received (epoch ms). */
  start_time?: number;
  /** When the cluster was terminated, if it is (epoch ms). */
  terminated_time?: number;
  /** When the cluster was last started or restarted (epoch ms). */
  last_restarted_time?: number;
  last_activity_time?: number;
}

export interface ClusterEvent {
  cluster_id?: string;
  timestamp: number;
  type: string;
}

/** A job run as jobs/runs/list 2.2 returns it (the fields this source reads). */
export interface JobRun {
  run_id: number;
  job_id?: number;
  start_time?: number;
  end_time?: number;
  run_duration?: number;
  queue_duration?: number;
  setup_duration?: number;
  execution_duration?: number;
  cleanup_duration?: number;
  state?: { life_cycle_state?: string; result_state?: string };
  status?: { state?: string; termination_details?: { code?: string; type?: string } };
}

const EVENTS = 'POST /api/2.1/clusters/events';

/**
 * The Databricks workspace REST client: Bearer auth, bounded concurrency, retries with back-off on 429, 5xx
 * and network errors (honouring Retry-After), a timeout per request, and counters for the job summary.
 */
export class DatabricksClient {
  requests = 0;
  retries = 0;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(readonly options: ClientOptions) {
    this.sleep = options.sleep ?? realSleep;
  }

  private pageCap(listing: keyof typeof MAX_PAGES): number {
    return this.options.maxPages?.[listing] ?? MAX_PAGES[listing];
  }

  /** Nothing to close: connections are src/net's, shared and reused by the run's other HTTP clients. */
  close(): void {}

  get now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  /** One request with retries. `path` includes the query string; the label names the endpoint. */
  async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const endpoint = `${method} ${path.split('?')[0]}`;
    const o = this.options;
    let unreachable = 0;
    return retry(
      async () => {
        this.requests++;
        return this.once<T>(method, path, endpoint, body);
      },
      {
        attempts: o.attempts,
        baseMs: o.retryBaseMs,
        maxMs: 60_000,
        label: `Databricks ${endpoint}`,
        signal: o.signal,
        sleep: this.sleep,
        retryable: (e) => {
          if (e instanceof DatabricksApiError) {
            if (e.status !== 429 && e.status < 500) return false;
            return e.retryAfterMs !== undefined ? { afterMs: e.retryAfterMs } : true;
          }
          const net = e instanceof Error ? e.cause : undefined;
          if (net instanceof NetError) {
            // A host that does not resolve or refuses connections: one short retry, then say so (issue 16).
            if (net.code === 'dns' || net.code === 'refused') return ++unreachable < UNREACHABLE_ATTEMPTS;
            return net.code === 'timeout' || net.code === 'connect_timeout' || net.code === 'network';
          }
          return !(e instanceof UserError) && !(e instanceof PageShapeError);
        },
        onRetry: (m) => {
          this.retries++;
          o.log?.warning(m);
        },
      },
    );
  }

  private async once<T>(method: 'GET' | 'POST', path: string, endpoint: string, body: unknown): Promise<T> {
    const o = this.options;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    let res;
    try {
      // Deadlines, the size cap, same-origin redirects and the proxy are src/net's (issue 14, items 2
      // and Proxy): a huge or endless answer is a rejected promise, never a crash in an event handler.
      res = await httpRequest({
        method,
        url: new URL(path, o.host),
        headers: {
          Authorization: `Bearer ${o.token}`,
          Accept: 'application/json',
          ...(payload === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: payload,
        timeoutMs: o.requestTimeoutMs,
        connectTimeoutMs: o.connectTimeoutMs,
        maxBytes: o.maxResponseBytes ?? MAX_RESPONSE_BYTES,
        signal: o.signal,
      });
    } catch (e) {
      if (o.signal?.aborted) throw e;
      if (e instanceof NetError && e.code === 'timeout')
        throw new Error(`${endpoint}: no answer within ${o.requestTimeoutMs / 1000} s`, { cause: e });
      throw new Error(`${endpoint}: ${(e as Error).message}`, { cause: e });
    }
    // Every form of the token (a server may echo the Authorization header) is redacted in the raw body,
    // before tags are stripped (stripping could join a secret's parts) and before any cut (issue 14, item 5).
    const text = this.redactToken(res.text());
    if (res.status < 200 || res.status > 299) {
      let code: string | undefined;
      let message = '';
      try {
        const parsed = JSON.parse(text) as { error_code?: unknown; message?: unknown };
        if (parsed.error_code !== undefined) code = String(parsed.error_code);
        if (typeof parsed.message === 'string') message = parsed.message;
      } catch {
        message = text.replace(/<[^>]*>/g, ' ');
      }
      message = excerpt(this.redactToken(message), 300);
      if (code !== undefined) code = excerpt(this.redactToken(code), 80);
      const retryAfter = parseRetryAfter(res.headers['retry-after']);
      throw new DatabricksApiError(endpoint, res.status, code, message, retryAfter);
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new Error(`${endpoint}: HTTP ${res.status} with a body that is not JSON`);
    }
  }

  /** Removes every occurrence of the token (as is and URL-encoded) and of the run's registered secrets. */
  private redactToken(text: string): string {
    let out = text;
    for (const form of new Set([this.options.token, encodeURIComponent(this.options.token)]))
      if (form) out = out.split(form).join('***');
    return redact(out);
  }

  /** Every cluster of the workspace (clusters/list 2.1, all pages), yielded as the pages arrive. */
  async *listClusters(): AsyncGenerator<ClusterInfo> {
    const guard = new PageGuard({
      label: 'Databricks GET /api/2.1/clusters/list',
      maxPages: this.pageCap('clusters'),
    });
    let token: string | undefined;
    do {
      guard.next(token ?? '');
      const q = new URLSearchParams({ page_size: String(CLUSTERS_PAGE) });
      if (token) q.set('page_token', token);
      const page = checkPage<ClusterInfo>(
        'GET /api/2.1/clusters/list',
        await this.call('GET', `/api/2.1/clusters/list?${q}`),
        'clusters',
      );
      for (const c of page.items) yield c;
      token = page.token || undefined;
    } while (token);
  }

  /**
   * Reads a cluster's events of the given types in [start, end), oldest first, page by page (token
   * paging, the largest page), handing each page to `onPage` before asking for the next.
   */
  async clusterEvents(
    clusterId: string,
    start: number,
    end: number,
    types: readonly string[],
    onPage: (events: ClusterEvent[]) => void | Promise<void>,
  ): Promise<void> {
    const guard = new PageGuard({
      label: `Databricks cluster events of ${clusterId}`,
      maxPages: this.pageCap('events'),
    });
    let token: string | undefined;
    do {
      guard.next(token ?? '');
      const body: Record<string, unknown> = {
        cluster_id: clusterId,
        start_time: start,
        end_time: end - 1,
        order: 'ASC',
        event_types: types,
        page_size: EVENTS_MAX_PAGE,
      };
      if (token) body.page_token = token;
      const page = checkPage<ClusterEvent>(
        EVENTS,
        await this.call('POST', '/api/2.1/clusters/events', body),
        'events',
      );
      await onPage(page.items);
      token = page.token || undefined;
    } while (token);
  }

  /**
   * The events of the given types before `before`, newest first, as far back as the first RUNNING or
   * TERMINATING (included) or the oldest there is: what a cluster's state was at `before`. Usually one
   * request of a few events.
   */
  async lastEventsBefore(
    clusterId: string,
    before: number,
    types: readonly string[],
  ): Promise<ClusterEvent[]> {
    const out: ClusterEvent[] = [];
    const guard = new PageGuard({
      label: `Databricks cluster events of ${clusterId}`,
      maxPages: this.pageCap('events'),
    });
    let token: string | undefined;
    do {
      guard.next(token ?? '');
      const body: Record<string, unknown> = {
        cluster_id: clusterId,
        end_time: before - 1,
        order: 'DESC',
        event_types: types,
        page_size: PRIOR_EVENTS_PAGE,
      };
      if (token) body.page_token = token;
      const page = checkPage<ClusterEvent>(
        EVENTS,
        await this.call('POST', '/api/2.1/clusters/events', body),
        'events',
      );
      for (const e of page.items) {
        out.push(e);
        if (e.type === 'RUNNING' || e.type === 'TERMINATING') return out;
      }
      token = page.token || undefined;
    } while (token);
    return out;
  }

  /** The first event of the given types at or after `from` (one request of one event), or undefined. */
  async firstEventAfter(
    clusterId: string,
    from: number,
    types: readonly string[],
  ): Promise<ClusterEvent | undefined> {
    const body = { cluster_id: clusterId, start_time: from, order: 'ASC', event_types: types, page_size: 1 };
    const page = checkPage<ClusterEvent>(
      EVENTS,
      await this.call('POST', '/api/2.1/clusters/events', body),
      'events',
    );
    return page.items[0];
  }

  /** Completed job runs that started in [from, to] (jobs/runs/list 2.2, all pages). */
  async *listRuns(from: number, to: number): AsyncGenerator<JobRun> {
    const guard = new PageGuard({
      label: 'Databricks GET /api/2.2/jobs/runs/list',
      maxPages: this.pageCap('runs'),
    });
    let token: string | undefined;
    do {
      guard.next(token ?? '');
      const q = new URLSearchParams({
        completed_only: 'true',
        start_time_from: String(from),
        start_time_to: String(to),
        limit: String(RUNS_MAX_PAGE),
      });
      if (token) q.set('page_token', token);
      const raw = await this.call<{ has_more?: boolean }>('GET', `/api/2.2/jobs/runs/list?${q}`);
      const page = checkPage<JobRun>('GET /api/2.2/jobs/runs/list', raw, 'runs');
      for (const r of page.items) yield r;
      token = raw.has_more !== false && page.token ? page.token : undefined;
    } while (token);
  }
}

/** Validates the host secret: an https URL of the workspace (http only for a local test server). */
export function parseHost(value: string): string {
  const fix = 'use https://<workspace>.cloud.databricks.com';
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new UserError(`databricks-host: the value is not a URL; ${fix}`);
  }
  const local = isLoopbackUrl(url);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new UserError(`databricks-host: the value is not an https URL; ${fix}`);
  }
  if (url.username || url.password) {
    throw new UserError(
      `databricks-host: the URL must not contain credentials; ${fix} and pass the token as databricks-token`,
    );
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new UserError(`databricks-host: give the workspace URL without a path or query; ${fix}`);
  }
  return url.origin;
}
