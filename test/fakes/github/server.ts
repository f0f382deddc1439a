/**
 * A faithful local fake of the parts of GitHub's REST and GraphQL APIs that the github source calls,
 * written from docs.github.com: search/issues (qualifiers with ranges and offsets, 1,000-result cap,
 * incomplete_results, 256-character limit), org repository listing, Actions workflow runs (created filter,
 * 1,000-result cap), pull request reviews, rate_limit, GraphQL search/issueCount and repository
 * releases/history. Link-header pagination (per_page ≤ 100), x-ratelimit-* headers, primary limits (403
 * with remaining 0; GraphQL RATE_LIMITED with HTTP 200), secondary limits (403/429, with or without
 * retry-after), GraphQL errors with HTTP 200.
 *
 * GraphQL rate limits, from "Rate limits and query limits for the GraphQL API"
 * (https://docs.github.com/en/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api):
 * an exhausted primary limit answers HTTP 200 with an error and `x-ratelimit-remaining: 0`, not to be
 * retried before `x-ratelimit-reset`; a secondary limit answers 200 or 403 with an error message saying
 * so. The body of a primary limit observed in 2026 has `type: RATE_LIMIT, code: graphql_rate_limit`
 * (yanyongyu/githubkit#271, octokit/plugin-throttling.js#848), not the documented enum `RATE_LIMITED`:
 * the fake sends the observed form unless `graphqlRateLimitType: 'RATE_LIMITED'`.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { execute, GqlError, paginate, parse, type GqlObject } from './graphql.js';
import { FakeDelivery, type FakeDeployment, type FakeGitCommit } from './deployments.js';

export interface FakeUser {
  login: string;
  type: 'User' | 'Bot';
}
export interface FakeRepo {
  owner: string;
  name: string;
  archived: boolean;
  fork: boolean;
  defaultBranch: string;
  /** false: the token cannot see it (404 / NOT_FOUND, absent from listings and search). */
  visible: boolean;
  /** true: the token may not read its Actions (403 "Resource not accessible"). */
  actionsDenied?: boolean;
  /** true: the token may not read its deployments (GraphQL FORBIDDEN on the field). */
  deploymentsDenied?: boolean;
}
export interface FakeReview {
  user: FakeUser | null;
  /**
   * When the review was started (createdAt; default: submitted). A review kept pending is created long
   * before it is submitted; GitHub lists reviews in creation order.
   */
  created?: number;
  submitted: number;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED';
}
export interface FakePull {
  repo: string;
  number: number;
  user: FakeUser;
  created: number;
  updated: number;
  closed?: number;
  merged?: number;
  reviews: FakeReview[];
}
export interface FakeIssue {
  repo: string;
  number: number;
  user: FakeUser;
  created: number;
  updated: number;
  closed?: number;
  /** Label names (search `label:` matches them case-insensitively). */
  labels?: string[];
}
export interface FakeRun {
  repo: string;
  id: number;
  name: string;
  path: string;
  conclusion: string;
  created: number;
  started: number;
  updated: number;
  /** The run's branch (default: the repository's default branch) and commit. */
  headBranch?: string;
  headSha?: string;
}
export interface FakeRelease {
  repo: string;
  /**
   * created_at: GitHub documents it as the date of the commit used for the release, not when the release
   * was drafted or published, so it can be long before published.
   */
  created: number;
  published?: number;
  draft: boolean;
  prerelease: boolean;
}
export interface FakeCommit {
  repo: string;
  committed: number;
}
export interface FakeData {
  repos: FakeRepo[];
  pulls: FakePull[];
  issues: FakeIssue[];
  runs: FakeRun[];
  releases: FakeRelease[];
  commits: FakeCommit[];
  /** The git graph the compare API reads (deployments.ts). */
  gitCommits?: FakeGitCommit[];
  deployments?: FakeDeployment[];
}

export interface Fault {
  /** Which requests: matched against `METHOD /path?query` (the path without the GHES prefix). */
  match: RegExp;
  /** Of 'secondary' (a secondary rate limit; 200 as GraphQL may send it) and 'server' (a JSON 5xx). */
  status?: 200 | 403 | 429 | 500 | 502 | 503;
  /**
   * secondary: a secondary rate limit (with status 200: as GraphQL may send it, HTTP 200 and the message
   * in `errors`); server: a JSON 5xx from the API. Faults of the network in between:
   * gateway: 502 with an HTML page, as a load balancer sends; html: 200 with an HTML page (a captive portal,
   * a misrouted proxy); reset: the connection closed before any answer; cut: the real answer's headers
   * and half its body, then the connection closed; hang: the real answer held back `holdMs`.
   */
  kind: 'secondary' | 'server' | 'gateway' | 'html' | 'reset' | 'cut' | 'hang';
  /** Of 'hang': how long the answer is held back (ms); it is dropped if the client goes away first. */
  holdMs?: number;
  /** Of 'html' and 'gateway': the page sent (default a short one). */
  page?: string;
  /** Seconds, sent as retry-after when set. */
  retryAfter?: number;
  /** How many matching requests fail (then it is used up). */
  times: number;
  /** Secondary limit sent with x-ratelimit-remaining: 0 (the docs: then wait for x-ratelimit-reset). */
  exhausted?: boolean;
}

export interface FakeOptions {
  token: string;
  /** GHES layout: REST under /api/v3, GraphQL at /api/graphql. */
  ghes?: boolean;
  latencyMs?: number;
  limits?: { core: number; search: number; graphql: number };
  /** More requests in flight than this is a secondary limit (GitHub: 100). */
  maxConcurrent?: number;
  now?: () => number;
  /** The `type` of an exhausted GraphQL primary limit: observed 'RATE_LIMIT' (default) or documented 'RATE_LIMITED'. */
  graphqlRateLimitType?: 'RATE_LIMIT' | 'RATE_LIMITED';
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  resource: 'core' | 'search' | 'graphql';
  status: number;
  /** When the request arrived (Date.now(), for spacing checks). */
  at: number;
  body?: { query: string; variables: Record<string, unknown> };
}

const DOCS = 'https://docs.github.com/rest';
const SEARCH_CAP = 1000;
const iso = (ms: number | undefined): string | null =>
  ms === undefined ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const full = (r: FakeRepo): string => `${r.owner}/${r.name}`;
const byCreation = (a: FakeReview, b: FakeReview): number =>
  (a.created ?? a.submitted) - (b.created ?? b.submitted);

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.message));
  }
}
const validation = (message: string): HttpError =>
  new HttpError(422, {
    message: 'Validation Failed',
    errors: [{ message, resource: 'Search', field: 'q', code: 'invalid' }],
    documentation_url: `${DOCS}/search/search`,
    status: '422',
  });

/** A bound of a search range value: YYYY-MM-DD (UTC day) or an ISO date-time with Z or an offset. */
function parseInstant(v: string, end: boolean): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return Date.parse(`${v}T00:00:00Z`) + (end ? 86_400_000 - 1 : 0);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})$/.test(v))
    throw validation(`invalid date '${v}'`);
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw validation(`invalid date '${v}'`);
  return t + (end ? 999 : 0);
}

/** `A..B`, `>=A`, `>A`, `<=A`, `<A`, `A`, with `*` for an open end: an inclusive [lo, hi] in ms. */
function parseRange(v: string): [number, number] {
  let m: RegExpExecArray | null;
  if ((m = /^(.+)\.\.(.+)$/.exec(v))) {
    return [
      m[1] === '*' ? -Infinity : parseInstant(m[1]!, false),
      m[2] === '*' ? Infinity : parseInstant(m[2]!, true),
    ];
  }
  if ((m = /^>=(.+)$/.exec(v))) return [parseInstant(m[1]!, false), Infinity];
  if ((m = /^>(.+)$/.exec(v))) return [parseInstant(m[1]!, true) + 1, Infinity];
  if ((m = /^<=(.+)$/.exec(v))) return [-Infinity, parseInstant(m[1]!, true)];
  if ((m = /^<(.+)$/.exec(v))) return [-Infinity, parseInstant(m[1]!, false) - 1];
  return [parseInstant(v, false), parseInstant(v, true)];
}

type Searchable = (FakePull & { kind: 'pr' }) | (FakeIssue & { kind: 'issue' });

export class FakeGitHub {
  readonly requests: LoggedRequest[] = [];
  readonly faults: Fault[] = [];
  private server?: http.Server;
  private base = '';
  private inFlight = 0;
  private readonly repoIndex = new Map<string, FakeRepo>();
  private readonly runsByRepo = new Map<string, FakeRun[]>();
  private readonly releasesByRepo = new Map<string, FakeRelease[]>();
  private readonly commitsByRepo = new Map<string, FakeCommit[]>();
  private readonly searchables: Searchable[];
  private readonly delivery: FakeDelivery;
  private readonly used = { core: 0, search: 0, graphql: 0 };
  private readonly windowStart: Record<string, number> = {};
  readonly limits: { core: number; search: number; graphql: number };
  private readonly now: () => number;

  constructor(
    readonly data: FakeData,
    readonly options: FakeOptions,
  ) {
    this.limits = options.limits ?? { core: 5000, search: 30, graphql: 5000 };
    this.now = options.now ?? (() => Date.now());
    for (const r of data.repos) this.repoIndex.set(full(r).toLowerCase(), r);
    const group = <T extends { repo: string }>(items: T[], into: Map<string, T[]>): void => {
      for (const x of items) {
        const k = x.repo.toLowerCase();
        if (!into.has(k)) into.set(k, []);
        into.get(k)!.push(x);
      }
    };
    group(
      [...data.runs].sort((a, b) => b.created - a.created || b.id - a.id),
      this.runsByRepo,
    );
    group(
      [...data.releases].sort((a, b) => b.created - a.created),
      this.releasesByRepo,
    );
    group(
      [...data.commits].sort((a, b) => b.committed - a.committed),
      this.commitsByRepo,
    );
    this.delivery = new FakeDelivery(data.gitCommits ?? [], data.deployments ?? [], {
      url: () => this.url,
      visibleRepo: (owner, name) => this.visibleRepo(owner, name),
      notFound: () => new HttpError(404, { message: 'Not Found', documentation_url: DOCS, status: '404' }),
    });
    this.searchables = [
      ...data.pulls.map((p) => ({ ...p, kind: 'pr' as const })),
      ...data.issues.map((i) => ({ ...i, kind: 'issue' as const })),
    ];
  }

  get url(): string {
    return this.options.ghes ? `${this.base}/api/v3` : this.base;
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  fail(fault: Omit<Fault, 'times'> & { times?: number }): void {
    this.faults.push({ times: 1, ...fault });
  }

  count(resource?: LoggedRequest['resource']): number {
    return this.requests.filter((r) => !resource || r.resource === resource).length;
  }

  private resetAt(resource: 'core' | 'search' | 'graphql'): number {
    const period = resource === 'search' ? 60_000 : 3_600_000;
    const now = this.now();
    const start = this.windowStart[resource];
    if (start === undefined || now >= start + period) {
      this.windowStart[resource] = now;
      this.used[resource] = 0;
    }
    return Math.ceil((this.windowStart[resource]! + period) / 1000);
  }

  private limitHeaders(resource: 'core' | 'search' | 'graphql'): Record<string, string> {
    const reset = this.resetAt(resource);
    return {
      'x-ratelimit-limit': String(this.limits[resource]),
      'x-ratelimit-remaining': String(Math.max(0, this.limits[resource] - this.used[resource])),
      'x-ratelimit-used': String(this.used[resource]),
      'x-ratelimit-reset': String(reset),
      'x-ratelimit-resource': resource,
    };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.inFlight++;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', this.base);
    let path = url.pathname;
    const prefix = this.options.ghes ? (path === '/api/graphql' ? '/api' : '/api/v3') : '';
    if (prefix && path.startsWith(prefix)) path = path.slice(prefix.length);
    else if (prefix) path = '/__outside_prefix__';
    const method = req.method ?? 'GET';
    const resource = path === '/graphql' ? 'graphql' : path.startsWith('/search/') ? 'search' : 'core';
    const logged: LoggedRequest = {
      method,
      path,
      query: url.searchParams,
      resource,
      status: 0,
      at: Date.now(),
    };
    this.requests.push(logged);
    let cut = false;
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      logged.status = status;
      const text = Buffer.from(JSON.stringify(body));
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(text.length),
        ...headers,
      });
      if (!cut) return void res.end(text);
      res.write(text.subarray(0, Math.floor(text.length / 2)));
      setTimeout(() => req.socket.destroy(), 10);
    };
    try {
      if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));
      const auth = req.headers.authorization ?? '';
      if (auth !== `token ${this.options.token}` && auth !== `Bearer ${this.options.token}`) {
        throw new HttpError(401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });
      }
      if (this.inFlight > (this.options.maxConcurrent ?? 100)) throw this.secondary(403, undefined, resource);
      const line = `${method} ${path}${url.search}`;
      const fault = this.faults.find((f) => f.times > 0 && f.match.test(line));
      if (fault) {
        fault.times--;
        switch (fault.kind) {
          case 'secondary': {
            const e = this.secondary(fault.status ?? 403, fault.retryAfter, resource, fault.exhausted);
            if (e.status !== 200) throw e;
            send(200, { errors: [{ message: e.body.message }] }, e.headers);
            return;
          }
          case 'server':
            throw new HttpError(fault.status ?? 500, { message: 'Server Error' });
          case 'gateway':
          case 'html': {
            const status = fault.kind === 'html' ? 200 : 502;
            logged.status = status;
            res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
            res.end(
              fault.page ??
                (status === 200
                  ? '<!doctype html><html><head><title>Portal</title></head><body>Sign in to continue</body></html>'
                  : '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>'),
            );
            return;
          }
          case 'reset':
            req.socket.destroy();
            return;
          case 'cut':
            cut = true;
            break;
          case 'hang': {
            const gone = await new Promise<boolean>((resolve) => {
              const t = setTimeout(() => resolve(false), fault.holdMs ?? 1000);
              res.once('close', () => {
                clearTimeout(t);
                resolve(true);
              });
            });
            if (gone) return;
            break;
          }
        }
      }
      if (path === '/rate_limit' && method === 'GET') {
        const r = (k: 'core' | 'search' | 'graphql'): Record<string, number> => {
          const reset = this.resetAt(k);
          return {
            limit: this.limits[k],
            used: this.used[k],
            remaining: this.limits[k] - this.used[k],
            reset,
          };
        };
        send(
          200,
          { resources: { core: r('core'), search: r('search'), graphql: r('graphql') }, rate: r('core') },
          this.limitHeaders('core'),
        );
        return;
      }
      this.resetAt(resource);
      if (this.used[resource] >= this.limits[resource]) {
        if (resource === 'graphql') {
          const type = this.options.graphqlRateLimitType ?? 'RATE_LIMIT';
          const error =
            type === 'RATE_LIMIT'
              ? {
                  type,
                  code: 'graphql_rate_limit',
                  message: 'API rate limit already exceeded for user ID 1.',
                }
              : { type, message: 'API rate limit exceeded for user ID 1.' };
          send(200, { errors: [error] }, this.limitHeaders(resource));
          return;
        }
        throw new HttpError(
          403,
          {
            message: 'API rate limit exceeded for user ID 1.',
            documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api`,
          },
          this.limitHeaders(resource),
        );
      }
      this.used[resource]++;
      const headers = this.limitHeaders(resource);
      if (resource === 'graphql' && method === 'POST') {
        const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as {
          query?: string;
          variables?: Record<string, unknown>;
        };
        logged.body = { query: body.query ?? '', variables: body.variables ?? {} };
        const result = this.graphql(body.query ?? '', body.variables ?? {});
        send(200, this.tamperGraphql ? this.tamperGraphql(result) : result, headers);
        return;
      }
      if (method !== 'GET')
        throw new HttpError(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
      const { body, link: own } = this.rest(path, url.searchParams);
      // Absolute URLs name the origin the client asked (its Host header), as GitHub's are those of the
      // public API origin: a reverse proxy in front (test/helpers/fault-proxy.ts) gets its own origin back.
      const real = own?.split(this.base).join(`http://${req.headers.host ?? url.host}`);
      const link = real !== undefined && this.tamperLink ? this.tamperLink(real) : real;
      send(200, this.tamperRest ? this.tamperRest(path, body) : body, link ? { ...headers, link } : headers);
    } catch (e) {
      if (e instanceof HttpError) send(e.status, e.body, { ...this.limitHeaders(resource), ...e.headers });
      else send(500, { message: `fake: ${(e as Error).message}` });
    } finally {
      this.inFlight--;
    }
  }

  private secondary(
    status: number,
    retryAfter: number | undefined,
    resource: 'core' | 'search' | 'graphql',
    exhausted = false,
  ): HttpError {
    return new HttpError(
      status,
      {
        message:
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000.',
        documentation_url:
          'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
      },
      {
        ...this.limitHeaders(resource),
        ...(exhausted ? { 'x-ratelimit-remaining': '0' } : {}),
        ...(retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {}),
      },
    );
  }

  private visibleRepo(owner: string, name: string): FakeRepo {
    const r = this.repoIndex.get(`${owner}/${name}`.toLowerCase());
    if (!r || !r.visible)
      throw new HttpError(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
    return r;
  }

  /** Page `page` of `all` with a Link header (next/last/first/prev) as GitHub writes it. */
  private page<T>(
    path: string,
    q: URLSearchParams,
    all: readonly T[],
    reachable = Infinity,
  ): { items: T[]; link?: string } {
    const perPage = Math.min(100, Math.max(1, Number(q.get('per_page') ?? 30)));
    const page = Math.max(1, Number(q.get('page') ?? 1));
    const limit = Math.min(all.length, reachable);
    const items = all.slice((page - 1) * perPage, Math.min(page * perPage, limit));
    const last = Math.max(1, Math.ceil(limit / perPage));
    const rel = (n: number, r: string): string => {
      const p = new URLSearchParams(q);
      p.set('page', String(n));
      p.set('per_page', String(perPage));
      return `<${this.url}${path}?${p.toString()}>; rel="${r}"`;
    };
    const parts: string[] = [];
    if (page > 1) parts.push(rel(page - 1, 'prev'));
    if (page < last) parts.push(rel(page + 1, 'next'), rel(last, 'last'));
    if (page > 1) parts.push(rel(1, 'first'));
    return { items, link: parts.length ? parts.join(', ') : undefined };
  }

  private rest(path: string, q: URLSearchParams): { body: unknown; link?: string } {
    let m: RegExpExecArray | null;
    if ((m = /^\/orgs\/([^/]+)\/repos$/.exec(path))) {
      const org = m[1]!.toLowerCase();
      const type = q.get('type') ?? 'all';
      const repos = this.data.repos
        .filter(
          (r) =>
            r.owner.toLowerCase() === org &&
            r.visible &&
            (type !== 'forks' || r.fork) &&
            (type !== 'sources' || !r.fork),
        )
        .sort((a, b) => full(a).localeCompare(full(b)));
      if (!this.data.repos.some((r) => r.owner.toLowerCase() === org))
        throw new HttpError(404, { message: 'Not Found', status: '404' });
      const { items, link } = this.page(path, q, repos);
      return {
        body: items.map((r, i) => ({
          id: i + 1,
          name: r.name,
          full_name: full(r),
          owner: { login: r.owner, type: 'Organization' },
          private: false,
          fork: r.fork,
          archived: r.archived,
          disabled: false,
          default_branch: r.defaultBranch,
        })),
        link,
      };
    }
    if (path === '/search/issues') return this.searchIssues(path, q);
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs$/.exec(path))) {
      const repo = this.visibleRepo(m[1]!, m[2]!);
      if (repo.actionsDenied) {
        throw new HttpError(403, {
          message: 'Resource not accessible by personal access token',
          documentation_url: `${DOCS}/actions/workflow-runs#list-workflow-runs-for-a-repository`,
          status: '403',
        });
      }
      let runs = this.runsByRepo.get(full(repo).toLowerCase()) ?? [];
      const created = q.get('created');
      if (created) {
        const [lo, hi] = parseRange(created);
        runs = runs.filter((r) => r.created >= lo && r.created <= hi);
      }
      const status = q.get('status');
      if (status && status !== 'completed') runs = runs.filter((r) => r.conclusion === status);
      // Filtered listings return at most 1,000 runs (docs: "up to 1,000 results for each search").
      const filtered = Boolean(created || status);
      const { items, link } = this.page(path, q, runs, filtered ? SEARCH_CAP : Infinity);
      return {
        body: {
          total_count: runs.length,
          workflow_runs: items.map((r) => ({
            id: r.id,
            name: r.name,
            path: r.path,
            status: 'completed',
            conclusion: r.conclusion,
            created_at: iso(r.created),
            run_started_at: iso(r.started),
            updated_at: iso(r.updated),
            run_attempt: 1,
            head_branch: r.headBranch ?? repo.defaultBranch,
            head_sha: r.headSha ?? '0'.repeat(40),
            repository: { full_name: full(repo) },
            pull_requests: q.get('exclude_pull_requests') === 'true' ? [] : undefined,
          })),
        },
        link,
      };
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/reviews$/.exec(path))) {
      const repo = this.visibleRepo(m[1]!, m[2]!);
      const pr = this.data.pulls.find(
        (p) => p.repo.toLowerCase() === full(repo).toLowerCase() && p.number === Number(m![3]),
      );
      if (!pr) throw new HttpError(404, { message: 'Not Found', status: '404' });
      // "The list of reviews returns in chronological order": by creation, like their ids.
      const reviews = [...pr.reviews].sort(byCreation);
      const { items, link } = this.page(path, q, reviews);
      return {
        body: items.map((r, i) => ({
          id: i + 1,
          user: r.user ? { login: r.user.login, type: r.user.type } : null,
          state: r.state,
          submitted_at: iso(r.submitted),
        })),
        link,
      };
    }
    const delivery = this.delivery.rest(path, q);
    if (delivery) return delivery;
    throw new HttpError(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
  }

  /** The items a search query matches (GitHub search syntax, the qualifiers the source uses). */
  matchSearch(query: string): Searchable[] {
    if (query.length > 256) throw validation('The search is longer than 256 characters.');
    const tokens = query.split(/\s+/).filter(Boolean);
    if (tokens.filter((t) => /^(AND|OR|NOT)$/.test(t)).length > 5)
      throw validation('More than five AND / OR / NOT operators were used.');
    const preds: Array<(x: Searchable) => boolean> = [];
    const repoOf = (x: Searchable): FakeRepo | undefined => this.repoIndex.get(x.repo.toLowerCase());
    const repoIncludes: string[] = [];
    const orgs: string[] = [];
    for (const t of tokens) {
      const m = /^(-?)([a-z]+):(.+)$/.exec(t);
      if (!m) throw validation(`this fake supports qualifiers only, not '${t}'`);
      const [, neg, key, value] = m as unknown as [string, string, string, string];
      let p: (x: Searchable) => boolean;
      switch (`${key}:${key === 'is' || key === 'type' ? value : ''}`) {
        case 'is:pr':
        case 'type:pr':
        case 'is:pull-request':
          p = (x) => x.kind === 'pr';
          break;
        case 'is:issue':
        case 'type:issue':
          p = (x) => x.kind === 'issue';
          break;
        case 'is:merged':
          p = (x) => x.kind === 'pr' && x.merged !== undefined;
          break;
        case 'is:unmerged':
          p = (x) => x.kind === 'pr' && x.merged === undefined;
          break;
        case 'is:open':
          p = (x) => x.closed === undefined;
          break;
        case 'is:closed':
          p = (x) => x.closed !== undefined;
          break;
        case 'org:':
          orgs.push(value.toLowerCase());
          continue;
        case 'repo:':
          if (neg) {
            p = (x) => x.repo.toLowerCase() === value.toLowerCase();
            break;
          }
          repoIncludes.push(value.toLowerCase());
          continue;
        case 'label:': {
          // `label:"bug","wip"` is either label (docs.github.com, Filtering and searching issues and pull
          // requests); label names match case-insensitively.
          const wanted = value.split(',').map((v) => v.replace(/^"(.*)"$/, '$1').toLowerCase());
          p = (x) => x.kind === 'issue' && (x.labels ?? []).some((l) => wanted.includes(l.toLowerCase()));
          break;
        }
        case 'archived:':
          if (value !== 'true' && value !== 'false') throw validation(`archived: takes true or false`);
          p = (x) => (repoOf(x)?.archived ?? false) === (value === 'true');
          break;
        case 'created:':
        case 'updated:':
        case 'closed:':
        case 'merged:': {
          const [lo, hi] = parseRange(value);
          const f = key as 'created' | 'updated' | 'closed' | 'merged';
          p = (x) => {
            const v = f === 'merged' ? (x.kind === 'pr' ? x.merged : undefined) : x[f];
            return v !== undefined && v >= lo && v <= hi;
          };
          break;
        }
        default:
          throw validation(`unsupported qualifier '${t}' in this fake`);
      }
      preds.push(neg ? (x) => !p(x) : p);
    }
    for (const r of repoIncludes) {
      const repo = this.repoIndex.get(r);
      if (!repo || !repo.visible) {
        throw validation(
          'The listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them.',
        );
      }
    }
    return this.searchables.filter((x) => {
      const repo = repoOf(x);
      if (!repo?.visible) return false;
      const name = x.repo.toLowerCase();
      if (repoIncludes.length || orgs.length) {
        if (!repoIncludes.includes(name) && !orgs.includes(repo.owner.toLowerCase())) return false;
      }
      return preds.every((p) => p(x));
    });
  }

  private searchIssues(path: string, q: URLSearchParams): { body: unknown; link?: string } {
    const query = q.get('q') ?? '';
    if (!query) throw validation('q is missing');
    const page = Math.max(1, Number(q.get('page') ?? 1));
    const perPage = Math.min(100, Math.max(1, Number(q.get('per_page') ?? 30)));
    if ((page - 1) * perPage >= SEARCH_CAP) {
      throw new HttpError(422, {
        message: 'Only the first 1000 search results are available',
        documentation_url: `${DOCS}/search/search`,
        status: '422',
      });
    }
    const found = this.matchSearch(query);
    const asc = q.get('order') === 'asc';
    const sort = q.get('sort');
    if (sort === 'created') found.sort((a, b) => (asc ? a.created - b.created : b.created - a.created));
    else if (sort === 'updated') found.sort((a, b) => (asc ? a.updated - b.updated : b.updated - a.updated));
    const { items, link } = this.page(path, q, found, SEARCH_CAP);
    return {
      body: {
        total_count: found.length,
        incomplete_results:
          (this.incompleteFor?.test(query) ?? false) || (this.incompleteWhen?.(query, page) ?? false),
        items: items.map((x) => this.issueJson(x)),
      },
      link,
    };
  }

  /** Queries matching this come back with incomplete_results: true (GitHub's search timed out). */
  incompleteFor?: RegExp;
  /** Finer: the pages of a query that come back incomplete (page 1-based). */
  incompleteWhen?: (query: string, page: number) => boolean;

  /**
   * Fault injection: rewrites the Link header of a REST answer (a next link to another origin, a next
   * link that repeats), as a misconfigured or hostile server or proxy would.
   */
  tamperLink?: (link: string) => string;
  /** Fault injection: rewrites a REST answer's body (a page of the wrong shape). */
  tamperRest?: (path: string, body: unknown) => unknown;

  /** Fault injection: rewrites a GraphQL answer before it is sent (e.g. a malformed pageInfo). */
  tamperGraphql?: (result: unknown) => unknown;

  private issueJson(x: Searchable): Record<string, unknown> {
    const [owner, name] = x.repo.split('/');
    return {
      url: `${this.url}/repos/${x.repo}/issues/${x.number}`,
      repository_url: `${this.url}/repos/${owner}/${name}`,
      number: x.number,
      title: `${x.kind} ${x.number}`,
      user: { login: x.user.login, type: x.user.type },
      state: x.closed === undefined ? 'open' : 'closed',
      created_at: iso(x.created),
      updated_at: iso(x.updated),
      closed_at: iso(x.closed),
      ...(x.kind === 'pr'
        ? { pull_request: { url: `${this.url}/repos/${x.repo}/pulls/${x.number}`, merged_at: iso(x.merged) } }
        : {}),
    };
  }

  private graphql(query: string, variables: Record<string, unknown>): unknown {
    try {
      const op = parse(query);
      return execute(op, this.root(), variables);
    } catch (e) {
      if (e instanceof GqlError)
        return { errors: [{ type: e.type, message: e.message, locations: [{ line: 1, column: 1 }] }] };
      if (e instanceof HttpError)
        return {
          errors: [{ type: 'UNPROCESSABLE', message: JSON.stringify(e.body.errors ?? e.body.message) }],
        };
      throw e;
    }
  }

  private root(): GqlObject {
    return {
      __typename: 'Query',
      search: (args: Record<string, unknown>) => {
        if (args.type !== 'ISSUE')
          throw new GqlError(`this fake supports type: ISSUE only`, 'INVALID_ARGUMENT', true);
        const found = this.matchSearch(String(args.query ?? '')).sort((a, b) => b.created - a.created);
        const page = paginate(found, args, 'search', SEARCH_CAP);
        return {
          __typename: 'SearchResultItemConnection',
          issueCount: found.length,
          pageInfo: { __typename: 'PageInfo', hasNextPage: page.hasNextPage, endCursor: page.endCursor },
          nodes: page.nodes.map((x) => this.issueNode(x)),
        };
      },
      repository: (args: Record<string, unknown>) => {
        const key = `${args.owner}/${args.name}`;
        const repo = this.repoIndex.get(key.toLowerCase());
        if (!repo || !repo.visible)
          throw new GqlError(`Could not resolve to a Repository with the name '${key}'.`, 'NOT_FOUND');
        return this.repoNode(repo);
      },
      rateLimit: () => {
        const h = this.limitHeaders('graphql');
        return {
          __typename: 'RateLimit',
          limit: Number(h['x-ratelimit-limit']),
          remaining: Number(h['x-ratelimit-remaining']),
          used: Number(h['x-ratelimit-used']),
          cost: 1,
          resetAt: iso(Number(h['x-ratelimit-reset']) * 1000),
        };
      },
    };
  }

  private userNode(u: FakeUser | null): GqlObject | null {
    return u ? { __typename: u.type, login: u.login } : null;
  }

  private issueNode(x: Searchable): GqlObject {
    const common = {
      number: x.number,
      createdAt: iso(x.created),
      updatedAt: iso(x.updated),
      closedAt: iso(x.closed),
      author: this.userNode(x.user),
      repository: { __typename: 'Repository', nameWithOwner: x.repo },
    };
    if (x.kind === 'issue') return { __typename: 'Issue', ...common };
    // Reviews come in creation order: one kept pending and submitted later is listed first.
    const reviews = [...x.reviews].sort(byCreation);
    return {
      __typename: 'PullRequest',
      ...common,
      mergedAt: iso(x.merged),
      reviews: (args: Record<string, unknown>) => {
        const page = paginate(reviews, args, 'reviews');
        return {
          __typename: 'PullRequestReviewConnection',
          totalCount: reviews.length,
          pageInfo: { __typename: 'PageInfo', hasNextPage: page.hasNextPage, endCursor: page.endCursor },
          nodes: page.nodes.map((r) => ({
            __typename: 'PullRequestReview',
            createdAt: iso(r.created ?? r.submitted),
            submittedAt: iso(r.submitted),
            state: r.state,
            author: this.userNode(r.user),
          })),
        };
      },
    };
  }

  private repoNode(repo: FakeRepo): GqlObject {
    const key = full(repo).toLowerCase();
    return {
      __typename: 'Repository',
      nameWithOwner: full(repo),
      isArchived: repo.archived,
      isFork: repo.fork,
      deployments: this.delivery.deploymentsField(full(repo), repo.deploymentsDenied),
      releases: (args: Record<string, unknown>) => {
        const order = args.orderBy as { field?: string; direction?: string } | null;
        let all = this.releasesByRepo.get(key) ?? [];
        if (order?.field === 'CREATED_AT' && order.direction === 'ASC') all = [...all].reverse();
        else if (order && order.field !== 'CREATED_AT')
          throw new GqlError('this fake orders releases by CREATED_AT only', 'INVALID_ARGUMENT', true);
        const page = paginate(all, args, 'releases');
        return {
          __typename: 'ReleaseConnection',
          totalCount: all.length,
          pageInfo: { __typename: 'PageInfo', hasNextPage: page.hasNextPage, endCursor: page.endCursor },
          nodes: page.nodes.map((r) => ({
            __typename: 'Release',
            createdAt: iso(r.created),
            publishedAt: r.draft ? null : iso(r.published),
            isDraft: r.draft,
            isPrerelease: r.prerelease,
          })),
        };
      },
      defaultBranchRef: {
        __typename: 'Ref',
        name: repo.defaultBranch,
        target: {
          __typename: 'Commit',
          history: (args: Record<string, unknown>) => {
            const since = args.since ? Date.parse(String(args.since)) : -Infinity;
            const until = args.until ? Date.parse(String(args.until)) : Infinity;
            if (Number.isNaN(since) || Number.isNaN(until))
              throw new GqlError('invalid GitTimestamp', 'INVALID_ARGUMENT', true);
            const all = (this.commitsByRepo.get(key) ?? []).filter(
              (c) => c.committed >= since && c.committed <= until,
            );
            const page = paginate(all, args, 'history');
            return {
              __typename: 'CommitHistoryConnection',
              totalCount: all.length,
              pageInfo: { __typename: 'PageInfo', hasNextPage: page.hasNextPage, endCursor: page.endCursor },
              nodes: page.nodes.map((c) => ({ __typename: 'Commit', committedDate: iso(c.committed) })),
            };
          },
        },
      },
    };
  }
}
