import { Octokit } from '@octokit/rest';
import { throttling } from '@octokit/plugin-throttling';
import { retry as retryPlugin } from '@octokit/plugin-retry';
import Bottleneck from 'bottleneck';
import { errorMessage } from '../../errors.js';
import type { Logger } from '../../log.js';
import { parseRetryAfter, retry, sleep as realSleep } from '../../retry.js';

/** Knobs of the HTTP client that tests and the benchmark change; production uses DEFAULT_CLIENT_OPTIONS. */
export interface ClientOptions {
  /**
   * Wait after a secondary rate limit that came without retry-after. GitHub's documentation asks for at
   * least one minute; repeated hits back off exponentially from this floor.
   */
  secondaryFloorMs: number;
  /** Longest wait accepted for an exhausted primary limit to reset; beyond it the request fails at once. */
  maxRateLimitWaitMs: number;
  /** Rate-limit retries of one request before giving up. */
  rateLimitAttempts: number;
  /** Minimum spacing of REST search requests (GitHub: 30 a minute → 2 s, the throttling plugin's default). */
  searchMinIntervalMs: number;
  /** Minimum spacing of GraphQL requests (the throttling plugin treats them as writes: 1 s). */
  graphqlMinIntervalMs: number;
  /** Multiplier of plugin-retry's back-off for 5xx and network errors (1000: 1 s, 4 s, 9 s). */
  retryBaseMs: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  fetch?: typeof globalThis.fetch;
  now: () => number;
}

export const DEFAULT_CLIENT_OPTIONS: ClientOptions = {
  secondaryFloorMs: 60_000,
  maxRateLimitWaitMs: 15 * 60_000,
  rateLimitAttempts: 5,
  searchMinIntervalMs: 2_000,
  graphqlMinIntervalMs: 1_000,
  retryBaseMs: 1_000,
  sleep: realSleep,
  now: () => Date.now(),
};

export type RequestKind = 'core' | 'search' | 'graphql';

export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Epoch seconds. */
  reset: number;
}

export interface ClientStats {
  requests: Record<RequestKind, number>;
  /** Rate-limit waits and retries taken. */
  retries: number;
  /** Last seen limits per resource (core, search, graphql), from response headers or GET /rate_limit. */
  limits: Partial<Record<string, RateLimitState>>;
  /** The limits when the run started. */
  initial: Partial<Record<string, RateLimitState>>;
}

export interface GraphqlError {
  type?: string;
  message: string;
  path?: Array<string | number>;
}

/** A repository the token cannot read (404), or a resource it may not use (403 "not accessible"). */
export class AccessError extends Error {
  override name = 'AccessError';
}

interface HttpLikeError {
  status?: number;
  message: string;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
}

function asHttpError(e: unknown): HttpLikeError | undefined {
  return e && typeof e === 'object' && 'message' in e ? (e as HttpLikeError) : undefined;
}

function hasRateLimited(errors: GraphqlError[] | undefined): boolean {
  return (errors ?? []).some((x) => x.type === 'RATE_LIMITED');
}

function kindOf(url: string): RequestKind {
  const path = new URL(url, 'http://x').pathname;
  if (/\/graphql$/.test(path)) return 'graphql';
  if (/\/search\//.test(path)) return 'search';
  return 'core';
}

/** The next page's URL from a Link header, or undefined on the last page. */
export function nextLink(link: string | undefined): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="next"/.exec(part);
    if (m) return m[1];
  }
  return undefined;
}

/**
 * The one HTTP client of a run: octokit with throttling (request spacing, concurrency) and retry (5xx),
 * wrapped in one rate-limit policy, counting every request sent and the budget left.
 */
export class GithubClient {
  readonly octokit: InstanceType<typeof Octokit>;
  /** GraphQL's base URL: the REST base, or on GHES its /api (GraphQL at /api/graphql, REST at /api/v3). */
  private readonly graphqlBase: string;
  readonly stats: ClientStats = {
    requests: { core: 0, search: 0, graphql: 0 },
    retries: 0,
    limits: {},
    initial: {},
  };

  constructor(
    token: string,
    readonly baseUrl: string,
    readonly options: ClientOptions,
    readonly log: Logger,
    readonly signal: AbortSignal,
  ) {
    // GitHub Enterprise Server serves REST at /api/v3 and GraphQL at /api/graphql.
    this.graphqlBase = baseUrl.replace(/\/api\/v3$/, '/api');
    const baseFetch = options.fetch ?? globalThis.fetch;
    const countingFetch: typeof globalThis.fetch = async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      this.stats.requests[kindOf(url)]++;
      const res = await baseFetch(input, init);
      this.noteLimits(res.headers);
      return res;
    };
    const MyOctokit = Octokit.plugin(throttling, retryPlugin);
    this.octokit = new MyOctokit({
      auth: token,
      baseUrl,
      userAgent: 'kpi-collector',
      request: { fetch: countingFetch, signal },
      log: {
        debug: () => {},
        info: () => {},
        warn: (m: string) => log.warning(`github: ${m}`),
        error: () => {},
      },
      throttle: {
        // The plugin spaces requests and limits concurrency; the waits after a limit are decided below,
        // in one place, so that repeated secondary limits back off exponentially.
        onRateLimit: () => false,
        onSecondaryRateLimit: () => false,
        search: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.searchMinIntervalMs }),
        write: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.graphqlMinIntervalMs }),
      },
      retry: {
        doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
        retryAfterBaseValue: options.retryBaseMs,
      },
    });
    this.octokit.hook.wrap('request', async (request, opts) => {
      let attempt = 0;
      const graphql = new URL(opts.url, 'http://x').pathname === '/graphql';
      return retry(
        async (n) => {
          attempt = n;
          const res = await request(opts);
          // An exhausted GraphQL limit comes back with HTTP 200. The throttling plugin turns it into an
          // error only for the path it knows (/graphql); this check is inside the retried callback so
          // that the wait below applies whatever the path (GHES: /api/graphql).
          if (graphql && hasRateLimited((res.data as { errors?: GraphqlError[] } | undefined)?.errors)) {
            throw Object.assign(new Error('GraphQL Rate Limit Exceeded'), { response: res });
          }
          return res;
        },
        {
          attempts: options.rateLimitAttempts,
          // The waits come from rateLimitVerdict (retry-after, reset, floor × 2^n); the jittered back-off
          // only matters when it is longer, which it never is for these small bases.
          baseMs: options.retryBaseMs,
          maxMs: 32 * options.retryBaseMs,
          // rateLimitVerdict already refuses a reset further away than this, with the reset time.
          maxRetryAfterMs: options.maxRateLimitWaitMs,
          label: `GitHub ${opts.method} ${new URL(opts.url, 'http://x').pathname}`,
          retryable: (e) => this.rateLimitVerdict(e, attempt),
          onRetry: (m) => {
            this.stats.retries++;
            log.warning(m);
          },
          sleep: options.sleep,
          signal,
        },
      );
    });
  }

  private noteLimits(headers: Headers): void {
    const resource = headers.get('x-ratelimit-resource');
    const remaining = headers.get('x-ratelimit-remaining');
    if (!resource || remaining === null) return;
    this.stats.limits[resource] = {
      limit: Number(headers.get('x-ratelimit-limit') ?? 0),
      remaining: Number(remaining),
      reset: Number(headers.get('x-ratelimit-reset') ?? 0),
    };
  }

  /**
   * How GitHub's documentation says to react to a limit ("Exceeding the rate limit", REST rate limits):
   * - a secondary limit (403/429 saying so, or a 429 with budget left): wait `retry-after` seconds when
   *   given; else, when `x-ratelimit-remaining` is 0, until `x-ratelimit-reset`; else at least the floor
   *   (one minute), exponentially longer on each repeat;
   * - an exhausted primary limit (`x-ratelimit-remaining: 0`, or GraphQL RATE_LIMITED with HTTP 200):
   *   wait until `x-ratelimit-reset`.
   * A reset further away than maxRateLimitWaitMs fails now, with the reset time, rather than hang the job.
   */
  rateLimitVerdict(e: unknown, attempt: number): false | { afterMs: number } {
    const err = asHttpError(e);
    if (!err) return false;
    const headers = err.response?.headers ?? {};
    const graphqlLimited =
      err.message === 'GraphQL Rate Limit Exceeded' ||
      hasRateLimited((err.response?.data as { errors?: GraphqlError[] } | undefined)?.errors);
    const status = err.status ?? 0;
    if (!graphqlLimited && status !== 403 && status !== 429) return false;
    const exhausted = headers['x-ratelimit-remaining'] === '0';
    const secondary = /\bsecondary rate\b/i.test(err.message) || (status === 429 && !exhausted);
    if (secondary) {
      const asked = parseRetryAfter(headers['retry-after'], this.options.now());
      if (asked !== undefined) return { afterMs: asked };
      if (exhausted) return this.untilReset(headers);
      return { afterMs: this.options.secondaryFloorMs * 2 ** Math.max(0, attempt - 1) };
    }
    if (exhausted || graphqlLimited) return this.untilReset(headers);
    return false;
  }

  private untilReset(headers: Record<string, string | undefined>): { afterMs: number } {
    const resetMs = Number(headers['x-ratelimit-reset'] ?? 0) * 1000;
    const wait = Math.max(0, resetMs - this.options.now()) + 1000;
    if (wait > this.options.maxRateLimitWaitMs) {
      throw new Error(
        `GitHub rate limit (${headers['x-ratelimit-resource'] ?? 'core'}) exhausted until ${new Date(resetMs).toISOString()}; ` +
          `re-run after that, or use a token with a larger budget (a GitHub App)`,
      );
    }
    return { afterMs: wait };
  }

  /** One REST GET. */
  async get<T>(
    route: string,
    params: Record<string, unknown> = {},
  ): Promise<{ data: T; headers: Record<string, string | undefined> }> {
    const res = await this.octokit.request(route, params);
    return { data: res.data as T, headers: res.headers as Record<string, string | undefined> };
  }

  /**
   * The route of a Link header URL, relative to the base URL. The throttling plugin recognises search
   * (spaced, one at a time) by a path starting /search/: on GHES a full URL's path starts /api/v3/.
   */
  linkRoute(url: string): string {
    const base = new URL(this.baseUrl);
    const link = new URL(url, base);
    const prefix = base.pathname.replace(/\/+$/, '');
    if (link.origin === base.origin && link.pathname.startsWith(`${prefix}/`))
      return `GET ${link.pathname.slice(prefix.length)}${link.search}`;
    return `GET ${link.href}`;
  }

  /** A REST GET that follows Link rel="next" and calls onPage for each page. */
  async paginate<T>(
    route: string,
    params: Record<string, unknown>,
    onPage: (data: T, page: number) => boolean | void,
  ): Promise<void> {
    let res = await this.get<T>(route, { per_page: 100, ...params });
    for (let page = 1; ; page++) {
      if (onPage(res.data, page) === false) return;
      const next = nextLink(res.headers.link);
      if (!next) return;
      this.signal.throwIfAborted();
      res = await this.get<T>(this.linkRoute(next));
    }
  }

  /** One GraphQL query; errors returned with HTTP 200 come back in `errors` next to the partial data. */
  async graphql<T>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<{ data: T | null; errors: GraphqlError[] }> {
    // url '/graphql' against the GraphQL base (GHES: /api), as @octokit/graphql does: the throttling plugin
    // recognises GraphQL (1 s spacing, RATE_LIMITED) by that path.
    const res = await this.octokit.request({
      method: 'POST',
      baseUrl: this.graphqlBase,
      url: '/graphql',
      query,
      variables,
    });
    const body = res.data as { data?: T | null; errors?: GraphqlError[] };
    const errors = body.errors ?? [];
    return { data: body.data ?? null, errors };
  }

  /** GraphQL that must succeed entirely. */
  async graphqlStrict<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const { data, errors } = await this.graphql<T>(query, variables);
    if (errors.length > 0 || !data)
      throw new Error(`GitHub GraphQL: ${errors.map((e) => e.message).join('; ') || 'no data'}`);
    return data;
  }

  /** GET /rate_limit (free: it does not count against the limit). */
  async fetchRateLimits(): Promise<void> {
    const { data } = await this.get<{ resources: Record<string, RateLimitState> }>('GET /rate_limit');
    for (const [name, r] of Object.entries(data.resources ?? {})) {
      this.stats.limits[name] = { limit: r.limit, remaining: r.remaining, reset: r.reset };
      this.stats.initial[name] = { limit: r.limit, remaining: r.remaining, reset: r.reset };
    }
  }
}

/** Rewrites a 404/403 of a per-repository endpoint into a message naming the repository and the fix. */
export function explainAccess(e: unknown, repo: string, what: string, permission: string): unknown {
  const err = asHttpError(e);
  if (err?.status === 404) {
    return new AccessError(
      `${repo}: not found or not visible to the token (reading ${what}); give the token access to it or remove it from the scope`,
    );
  }
  if (err?.status === 403 && !/rate limit/i.test(err.message)) {
    return new AccessError(
      `${repo}: the token may not read ${what} (${errorMessage(e).split(' - ')[0]}); grant it ${permission}`,
    );
  }
  return e;
}
