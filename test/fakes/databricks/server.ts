/**
 * A faithful local fake of the Databricks workspace REST endpoints kpi-collector calls, written from the
 * public API reference (docs.databricks.com/api, databricks-sdk-go service/compute and service/jobs):
 *
 * - GET  /api/2.1/clusters/list   page_size / page_token; `next_page_token` is "" on the last page. Lists
 *   pinned and active clusters and clusters terminated within the last 30 days (older ones are gone).
 * - POST /api/2.1/clusters/events cluster_id, start_time / end_time (epoch ms, inclusive), event_types,
 *   order (ASC | DESC, default DESC), page_size and page_token; `next_page_token` is "" at the end and
 *   `total_count` is 0 with tokens. page_size is clamped to [0, 500] (0 or absent: the server decides, 50
 *   here), and "the server may further constrain the maximum number of results returned in a single page":
 *   with `shortPageEvery: n` every n-th page that is not the last is one event short. The deprecated
 *   limit/offset form (limit 0..500, larger is a 400) is answered with `next_page` and `total_count`.
 *   An unknown (or deleted) cluster is a 400 RESOURCE_DOES_NOT_EXIST.
 * - GET  /api/2.2/jobs/runs/list  start_time_from / start_time_to (inclusive, on start time),
 *   completed_only / active_only, limit 1..25 (0 means the maximum; larger is a 400), page_token;
 *   runs in descending order of end time (start time for runs not finished); `has_more`.
 *
 * Errors are JSON `{error_code, message}`: 401 without a valid Bearer token, 400 for bad parameters, 404
 * for unknown endpoints, and injected faults (429 with Retry-After, 5xx, dropped connections). Latency can
 * be added to every answer; a counter records requests per endpoint and the peak of requests in flight.
 * Empty arrays are omitted from answers, as the real API does.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeEvent {
  timestamp: number;
  type: string;
  details?: Record<string, unknown>;
}

export interface FakeCluster {
  cluster_id: string;
  cluster_name?: string;
  state: string;
  start_time?: number;
  terminated_time?: number;
  last_restarted_time?: number;
  last_activity_time?: number;
  cluster_source?: string;
  pinned?: boolean;
  /** Events in any order; the fake sorts them by timestamp. */
  events: FakeEvent[];
}

export interface FakeRun {
  run_id: number;
  job_id: number;
  start_time: number;
  end_time?: number;
  run_duration?: number;
  queue_duration?: number;
  setup_duration?: number;
  execution_duration?: number;
  cleanup_duration?: number;
  state: { life_cycle_state: string; result_state?: string; state_message?: string };
  status?: { state: string; termination_details?: { code: string; type: string; message?: string } };
}

export interface FakeWorkspace {
  clusters: FakeCluster[];
  runs: FakeRun[];
}

export interface Fault {
  /** Pathname the fault applies to, e.g. /api/2.1/clusters/events. */
  path: string;
  /** Only requests about this cluster (events). */
  clusterId?: string;
  /** How many matching requests it answers; Infinity for a persistent fault. */
  times: number;
  /** HTTP status to answer with; omitted with `network`. */
  status?: number;
  errorCode?: string;
  retryAfter?: string;
  /** Drop the connection without an answer. */
  network?: boolean;
  /** Matching requests answered normally before the fault applies (e.g. a cluster deleted after page 1). */
  after?: number;
  /** The error message quotes the request's Authorization header, twice (a careless proxy or server). */
  echoAuth?: boolean;
}

export interface FakeOptions {
  token: string;
  /** Added before every answer, in ms. */
  latencyMs?: number;
  /** The fake's current time: the 30-day visibility of terminated clusters is computed from it. */
  now?: number;
  /** The most clusters/list returns in one page (the server may constrain page_size). */
  clustersMaxPage?: number;
  /** Keep the body of every events request (tests inspect them). */
  recordEventRequests?: boolean;
  /** Every n-th events page that is not the last one is one event short (the server may return fewer). */
  shortPageEvery?: number;
  /** Clusters clusters/list returns a second time, on a later page (as when the list shifts while paging). */
  clustersListedTwice?: string[];
}

const EVENTS_MAX_PAGE = 500;
const EVENTS_DEFAULT_PAGE = 50;
const RUNS_MAX_LIMIT = 25;
const RUNS_DEFAULT_LIMIT = 20;
const RETENTION_MS = 30 * 86_400_000;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

function encodeToken(offset: number, key: string): string {
  return Buffer.from(JSON.stringify({ o: offset, k: key })).toString('base64url');
}

function decodeToken(token: string, key: string): number {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o: number; k: string };
    if (typeof t.o !== 'number' || t.k !== key) throw new Error('mismatch');
    return t.o;
  } catch {
    throw new HttpError(
      400,
      'INVALID_PARAMETER_VALUE',
      'Invalid page token (it does not belong to this request).',
    );
  }
}

/** A route hook: answers the request and returns true, or returns false for paths it does not serve. */
type FakeRoute = (
  method: string,
  url: URL,
  body: Record<string, unknown>,
  res: http.ServerResponse,
) => Promise<boolean>;

export class FakeDatabricks {
  /** Extra endpoints (e.g. the SQL statements fake), tried after auth and faults, before the 404. */
  readonly routes: FakeRoute[] = [];
  readonly stats = { requests: 0, byEndpoint: new Map<string, number>(), inFlight: 0, maxInFlight: 0 };
  readonly eventRequests: Record<string, unknown>[] = [];
  readonly faults: Fault[] = [];
  /** Events pages served that were not the last of their read (for shortPageEvery). */
  private nonFinalPages = 0;
  /** Events pages served one event short. */
  shortPages = 0;
  private server?: http.Server;
  private clusters: FakeCluster[] = [];
  private byId = new Map<string, FakeCluster>();
  private runs: FakeRun[] = [];
  url = '';

  constructor(
    workspace: FakeWorkspace,
    readonly options: FakeOptions,
  ) {
    this.setWorkspace(workspace);
  }

  setWorkspace(workspace: FakeWorkspace): void {
    this.clusters = workspace.clusters;
    for (const c of this.clusters) c.events.sort((a, b) => a.timestamp - b.timestamp);
    this.byId = new Map(this.clusters.map((c) => [c.cluster_id, c]));
    this.runs = [...workspace.runs].sort(
      (a, b) => (b.end_time ?? b.start_time) - (a.end_time ?? a.start_time) || b.run_id - a.run_id,
    );
  }

  get now(): number {
    return this.options.now ?? Date.now();
  }

  count(endpoint: string): number {
    return this.stats.byEndpoint.get(endpoint) ?? 0;
  }

  resetStats(): void {
    this.stats.requests = 0;
    this.stats.byEndpoint.clear();
    this.stats.maxInFlight = 0;
    this.eventRequests.length = 0;
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.stats.requests++;
    this.stats.inFlight++;
    this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.stats.inFlight);
    const url = new URL(req.url ?? '/', 'http://fake');
    const endpoint = `${req.method} ${url.pathname}`;
    this.stats.byEndpoint.set(endpoint, (this.stats.byEndpoint.get(endpoint) ?? 0) + 1);
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const raw = Buffer.concat(chunks).toString('utf8');
      if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));
      const auth = req.headers.authorization;
      if (auth !== `Bearer ${this.options.token}`) {
        throw new HttpError(
          401,
          'UNAUTHENTICATED',
          auth
            ? 'Invalid access token.'
            : 'Credential was not sent or was of an unsupported type for this API.',
        );
      }
      let body: Record<string, unknown> = {};
      if (req.method === 'POST') {
        try {
          body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
        } catch {
          throw new HttpError(
            400,
            'MALFORMED_REQUEST',
            'Invalid JSON given in the body of the request - failed to parse.',
          );
        }
      }
      const fault = this.takeFault(url.pathname, body);
      if (fault) {
        if (fault.network) {
          req.socket.destroy();
          return;
        }
        const status = fault.status ?? 503;
        const code =
          fault.errorCode ??
          (status === 429
            ? 'REQUEST_LIMIT_EXCEEDED'
            : status >= 500
              ? 'TEMPORARILY_UNAVAILABLE'
              : 'BAD_REQUEST');
        const headers: Record<string, string> = { 'Content-Type': 'application/json' };
        if (fault.retryAfter !== undefined) headers['Retry-After'] = fault.retryAfter;
        const auth = String(req.headers.authorization);
        const message = fault.echoAuth
          ? `Injected ${status}: the request carried Authorization: ${auth}; once more: ${auth}`
          : `Injected ${status}`;
        res.writeHead(status, headers).end(JSON.stringify({ error_code: code, message }));
        return;
      }
      let answer: unknown;
      if (endpoint === 'GET /api/2.1/clusters/list') answer = this.listClusters(url.searchParams);
      else if (endpoint === 'POST /api/2.1/clusters/events') answer = this.events(body);
      else if (endpoint === 'GET /api/2.2/jobs/runs/list') answer = this.listRuns(url.searchParams);
      else {
        for (const route of this.routes) if (await route(req.method ?? 'GET', url, body, res)) return;
        throw new HttpError(404, 'ENDPOINT_NOT_FOUND', `No API found for '${endpoint}'`);
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer));
    } catch (e) {
      const f = e as { status?: unknown; errorCode?: unknown; message?: unknown };
      const err =
        e instanceof HttpError
          ? e
          : typeof f.status === 'number' && typeof f.errorCode === 'string'
            ? new HttpError(f.status, f.errorCode, String(f.message))
            : new HttpError(500, 'INTERNAL_ERROR', String(e));
      if (!res.headersSent) {
        res.writeHead(err.status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error_code: err.errorCode, message: err.message }));
      }
    } finally {
      this.stats.inFlight--;
    }
  }

  private takeFault(path: string, body: Record<string, unknown>): Fault | undefined {
    const i = this.faults.findIndex(
      (f) => f.path === path && f.times > 0 && (!f.clusterId || f.clusterId === body.cluster_id),
    );
    if (i < 0) return undefined;
    const f = this.faults[i]!;
    if (f.after) {
      f.after--;
      return undefined;
    }
    f.times--;
    return f;
  }

  private visible(c: FakeCluster): boolean {
    if (c.pinned || c.state !== 'TERMINATED') return true;
    return c.terminated_time === undefined || c.terminated_time >= this.now - RETENTION_MS;
  }

  private listClusters(q: URLSearchParams): unknown {
    const max = this.options.clustersMaxPage ?? 100;
    const requested = intParam(q.get('page_size'), 'page_size');
    const size = requested && requested > 0 ? Math.min(requested, max) : max;
    const listed = this.clusters.filter((c) => this.visible(c));
    for (const id of this.options.clustersListedTwice ?? []) {
      const c = this.byId.get(id);
      if (c && this.visible(c)) listed.push(c);
    }
    const token = q.get('page_token');
    const offset = token ? decodeToken(token, 'clusters') : 0;
    const page = listed
      .slice(offset, offset + size)
      .map(({ events: _events, pinned: _pinned, ...info }) => info);
    const next = offset + size < listed.length ? encodeToken(offset + size, 'clusters') : '';
    return omitEmpty({
      clusters: page,
      next_page_token: next,
      prev_page_token: offset > 0 ? encodeToken(Math.max(0, offset - size), 'clusters') : '',
    });
  }

  private events(body: Record<string, unknown>): unknown {
    if (this.options.recordEventRequests) this.eventRequests.push(body);
    const id = body.cluster_id;
    if (typeof id !== 'string' || !id)
      throw new HttpError(400, 'INVALID_PARAMETER_VALUE', 'Missing required field: cluster_id');
    const cluster = this.byId.get(id);
    if (!cluster || !this.visible(cluster))
      throw new HttpError(400, 'RESOURCE_DOES_NOT_EXIST', `Cluster ${id} does not exist`);
    const order = body.order ?? 'DESC';
    if (order !== 'ASC' && order !== 'DESC')
      throw new HttpError(400, 'INVALID_PARAMETER_VALUE', `Invalid order: ${String(order)}`);
    const start = numField(body.start_time, 'start_time');
    const end = numField(body.end_time, 'end_time');
    const types = body.event_types;
    if (types !== undefined && !Array.isArray(types))
      throw new HttpError(400, 'INVALID_PARAMETER_VALUE', 'event_types must be an array');
    const typeSet = types && (types as unknown[]).length ? new Set(types as string[]) : undefined;
    const legacy =
      body.page_token === undefined &&
      body.page_size === undefined &&
      (body.limit !== undefined || body.offset !== undefined);
    let sizeRaw = legacy ? numField(body.limit, 'limit') : numField(body.page_size, 'page_size');
    if (legacy && sizeRaw !== undefined && (sizeRaw < 0 || sizeRaw > EVENTS_MAX_PAGE)) {
      throw new HttpError(
        400,
        'INVALID_PARAMETER_VALUE',
        `limit must be between 0 and ${EVENTS_MAX_PAGE}, got ${sizeRaw}`,
      );
    }
    // page_size: out-of-range values are clamped to [0, 500]; 0 lets the server decide.
    if (sizeRaw !== undefined) sizeRaw = Math.min(EVENTS_MAX_PAGE, Math.max(0, sizeRaw));
    let size = sizeRaw || EVENTS_DEFAULT_PAGE;
    let matching = cluster.events.filter(
      (e) =>
        (start === undefined || e.timestamp >= start) &&
        (end === undefined || e.timestamp <= end) &&
        (!typeSet || typeSet.has(e.type)),
    );
    if (order === 'DESC') matching = matching.reverse();
    const key = `events:${id}:${start}:${end}:${order}:${[...(typeSet ?? [])].join(',')}`;
    const offset = legacy
      ? (numField(body.offset, 'offset') ?? 0)
      : typeof body.page_token === 'string' && body.page_token
        ? decodeToken(body.page_token, key)
        : 0;
    const every = this.options.shortPageEvery;
    if (
      !legacy &&
      every &&
      size > 1 &&
      offset + size < matching.length &&
      ++this.nonFinalPages % every === 0
    ) {
      size--; // the server returned fewer than asked; the token still leads to the rest
      this.shortPages++;
    }
    const events = matching
      .slice(offset, offset + size)
      .map((e) => ({ cluster_id: id, timestamp: e.timestamp, type: e.type, details: e.details ?? {} }));
    const more = offset + size < matching.length;
    if (legacy) {
      return omitEmpty({
        events,
        next_page: more
          ? {
              cluster_id: id,
              start_time: start,
              end_time: end,
              event_types: types,
              order,
              offset: offset + size,
              limit: size,
            }
          : undefined,
        total_count: matching.length,
      });
    }
    return omitEmpty({
      events,
      next_page_token: more ? encodeToken(offset + size, key) : '',
      prev_page_token: offset > 0 ? encodeToken(Math.max(0, offset - size), key) : '',
      total_count: 0,
    });
  }

  private listRuns(q: URLSearchParams): unknown {
    const completedOnly = q.get('completed_only') === 'true';
    const activeOnly = q.get('active_only') === 'true';
    if (completedOnly && activeOnly) {
      throw new HttpError(
        400,
        'INVALID_PARAMETER_VALUE',
        'active_only and completed_only cannot both be true',
      );
    }
    const limitRaw = intParam(q.get('limit'), 'limit');
    if (limitRaw !== undefined && (limitRaw < 0 || limitRaw > RUNS_MAX_LIMIT)) {
      throw new HttpError(
        400,
        'INVALID_PARAMETER_VALUE',
        `limit must be between 1 and ${RUNS_MAX_LIMIT}, got ${limitRaw}`,
      );
    }
    const limit = limitRaw === undefined ? RUNS_DEFAULT_LIMIT : limitRaw === 0 ? RUNS_MAX_LIMIT : limitRaw;
    const from = intParam(q.get('start_time_from'), 'start_time_from');
    const to = intParam(q.get('start_time_to'), 'start_time_to');
    const jobId = intParam(q.get('job_id'), 'job_id');
    const done = (r: FakeRun): boolean =>
      ['TERMINATED', 'SKIPPED', 'INTERNAL_ERROR'].includes(r.state.life_cycle_state);
    const matching = this.runs.filter(
      (r) =>
        (from === undefined || r.start_time >= from) &&
        (to === undefined || r.start_time <= to) &&
        (jobId === undefined || r.job_id === jobId) &&
        (!completedOnly || done(r)) &&
        (!activeOnly || !done(r)),
    );
    const key = `runs:${from}:${to}:${completedOnly}:${activeOnly}:${jobId}`;
    const token = q.get('page_token');
    const offset = token ? decodeToken(token, key) : 0;
    const runs = matching.slice(offset, offset + limit);
    const more = offset + limit < matching.length;
    return omitEmpty({
      runs,
      has_more: more,
      next_page_token: more ? encodeToken(offset + limit, key) : undefined,
      prev_page_token: offset > 0 ? encodeToken(Math.max(0, offset - limit), key) : undefined,
    });
  }
}

function intParam(v: string | null, name: string): number | undefined {
  if (v === null || v === '') return undefined;
  if (!/^-?\d+$/.test(v))
    throw new HttpError(400, 'INVALID_PARAMETER_VALUE', `Invalid value for ${name}: ${v}`);
  return Number(v);
}

function numField(v: unknown, name: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw new HttpError(400, 'INVALID_PARAMETER_VALUE', `Invalid value for ${name}`);
  return v;
}

function omitEmpty(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)),
  );
}

/** Starts a fake workspace on 127.0.0.1 (port 0). */
export async function startFakeDatabricks(
  workspace: FakeWorkspace,
  options: FakeOptions,
): Promise<FakeDatabricks> {
  const fake = new FakeDatabricks(workspace, options);
  await fake.start();
  return fake;
}
