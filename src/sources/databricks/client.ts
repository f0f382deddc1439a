import * as http from 'node:http';
import * as https from 'node:https';
import { UserError, errorMessage } from '../../errors.js';
import { parseRetryAfter, retry, sleep as realSleep } from '../../retry.js';
import type { Logger } from '../../log.js';
import { redact } from '../../redact.js';

/**
 * Largest page of the cluster events API (`page_size`: values outside [0, 500] are clamped; the server may
 * return fewer events than asked, so only an empty `next_page_token` ends a read, never a short page).
 */
export const EVENTS_MAX_PAGE = 500;
/** Page of the read back from the span start (usually one page: it stops at the first RUNNING/TERMINATING). */
export const PRIOR_EVENTS_PAGE = 10;
/** Page size asked of clusters/list 2.1 (the server may return fewer). */
export const CLUSTERS_PAGE = 100;
/** Largest page of jobs/runs/list 2.2 (`limit` 1..25). */
export const RUNS_MAX_PAGE = 25;

export interface ClientOptions {
  host: string;
  token: string;
  concurrency: number;
  requestTimeoutMs: number;
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

interface EventsPage {
  events?: ClusterEvent[];
  next_page_token?: string;
}

/**
 * The Databricks workspace REST client: Bearer auth, bounded concurrency, retries with back-off on 429, 5xx
 * and network errors (honouring Retry-After), a timeout per request, and counters for the job summary.
 */
export class DatabricksClient {
  requests = 0;
  retries = 0;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly agent: http.Agent;

  constructor(readonly options: ClientOptions) {
    this.sleep = options.sleep ?? realSleep;
    const agentOptions = { keepAlive: true, maxSockets: options.concurrency + 2 };
    this.agent = options.host.startsWith('https:')
      ? new https.Agent(agentOptions)
      : new http.Agent(agentOptions);
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  get now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  /** One request with retries. `path` includes the query string; the label names the endpoint. */
  async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const endpoint = `${method} ${path.split('?')[0]}`;
    const o = this.options;
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
          return !(e instanceof UserError);
        },
        onRetry: (m) => {
          this.retries++;
          o.log?.warning(m);
        },
      },
    );
  }

  private async once<T>(method: string, path: string, endpoint: string, body: unknown): Promise<T> {
    const o = this.options;
    // One controller per request, aborted by the timeout or the run's signal (cheaper than AbortSignal.any).
    const ctl = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ctl.abort();
    }, o.requestTimeoutMs);
    const onAbort = (): void => ctl.abort(o.signal?.reason);
    o.signal?.addEventListener('abort', onAbort, { once: true });
    let res: { status: number; retryAfter: string | undefined; text: string };
    try {
      res = await this.send(method, path, body === undefined ? undefined : JSON.stringify(body), ctl.signal);
    } catch (e) {
      if (o.signal?.aborted) throw e;
      if (timedOut)
        throw new Error(`${endpoint}: no answer within ${o.requestTimeoutMs / 1000} s`, { cause: e });
      throw new Error(`${endpoint}: ${errorMessage(e)}`, { cause: e });
    } finally {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
    }
    const text = res.text;
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
      // Every occurrence of the token (a server may echo the Authorization header), before any cut.
      message = this.redactToken(message).replace(/\s+/g, ' ').trim().slice(0, 300);
      if (code !== undefined) code = this.redactToken(code);
      throw new DatabricksApiError(endpoint, res.status, code, message, parseRetryAfter(res.retryAfter));
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

  /** One HTTP exchange over a keep-alive agent (node:http/https: less overhead per request than fetch). */
  private send(
    method: string,
    path: string,
    payload: string | undefined,
    signal: AbortSignal,
  ): Promise<{ status: number; retryAfter: string | undefined; text: string }> {
    const o = this.options;
    const url = new URL(path, o.host);
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = lib.request(
        url,
        {
          method,
          agent: this.agent,
          signal,
          headers: {
            Authorization: `Bearer ${o.token}`,
            Accept: 'application/json',
            ...(payload === undefined
              ? {}
              : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('aborted', () => reject(new Error('the connection closed before the answer was complete')));
          res.on('end', () => {
            const ra = res.headers['retry-after'];
            resolve({
              status: res.statusCode ?? 0,
              retryAfter: Array.isArray(ra) ? ra[0] : ra,
              text: Buffer.concat(chunks).toString('utf8'),
            });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Every cluster of the workspace (clusters/list 2.1, all pages), yielded as the pages arrive. */
  async *listClusters(): AsyncGenerator<ClusterInfo> {
    let token: string | undefined;
    do {
      const q = new URLSearchParams({ page_size: String(CLUSTERS_PAGE) });
      if (token) q.set('page_token', token);
      const page = await this.call<{ clusters?: ClusterInfo[]; next_page_token?: string }>(
        'GET',
        `/api/2.1/clusters/list?${q}`,
      );
      for (const c of page.clusters ?? []) yield c;
      token = page.next_page_token || undefined;
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
    let token: string | undefined;
    do {
      const body: Record<string, unknown> = {
        cluster_id: clusterId,
        start_time: start,
        end_time: end - 1,
        order: 'ASC',
        event_types: types,
        page_size: EVENTS_MAX_PAGE,
      };
      if (token) body.page_token = token;
      const page = await this.call<EventsPage>('POST', '/api/2.1/clusters/events', body);
      await onPage(page.events ?? []);
      token = page.next_page_token || undefined;
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
    let token: string | undefined;
    do {
      const body: Record<string, unknown> = {
        cluster_id: clusterId,
        end_time: before - 1,
        order: 'DESC',
        event_types: types,
        page_size: PRIOR_EVENTS_PAGE,
      };
      if (token) body.page_token = token;
      const page = await this.call<EventsPage>('POST', '/api/2.1/clusters/events', body);
      for (const e of page.events ?? []) {
        out.push(e);
        if (e.type === 'RUNNING' || e.type === 'TERMINATING') return out;
      }
      token = page.next_page_token || undefined;
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
    const page = await this.call<EventsPage>('POST', '/api/2.1/clusters/events', body);
    return page.events?.[0];
  }

  /** Completed job runs that started in [from, to] (jobs/runs/list 2.2, all pages). */
  async *listRuns(from: number, to: number): AsyncGenerator<JobRun> {
    let token: string | undefined;
    do {
      const q = new URLSearchParams({
        completed_only: 'true',
        start_time_from: String(from),
        start_time_to: String(to),
        limit: String(RUNS_MAX_PAGE),
      });
      if (token) q.set('page_token', token);
      const page = await this.call<{ runs?: JobRun[]; has_more?: boolean; next_page_token?: string }>(
        'GET',
        `/api/2.2/jobs/runs/list?${q}`,
      );
      for (const r of page.runs ?? []) yield r;
      token = page.has_more !== false && page.next_page_token ? page.next_page_token : undefined;
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
  const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
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
