import { STATUS_CODES } from 'node:http';
import { Octokit } from '@octokit/rest';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';
import { UserError, oneLine } from '../../errors.js';
import type { Logger } from '../../log.js';
import { NetError, PageGuard, excerpt as netExcerpt, httpRequest, isLoopbackUrl } from '../../net/http.js';
import { redact } from '../../redact.js';
import { parseRetryAfter, retry } from '../../retry.js';
import { nextLink } from './access.js';

export { DEFAULT_CLIENT_OPTIONS } from './options.js';

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
  /** Base of the jittered back-off after a transient error (1000: about 1 s, 2 s, 4 s). */
  retryBaseMs: number;
  /**
   * Attempts in all, the first included, of a request that meets a transient error: a 5xx, a network error,
   * a timeout, or a 200 whose body is not the JSON expected (an HTML page from a proxy, a cut-off body).
   */
  transientAttempts: number;
  /**
   * Longest wait for one answer, body included; then the request is aborted and retried as a transient
   * error. Config: `request_timeout_seconds`.
   */
  requestTimeoutMs: number;
  /** Largest answer accepted (default 32 MiB); more fails the request rather than the process. */
  maxResponseBytes?: number;
  /** Page cap of one REST listing (default 1,000 pages of 100). */
  maxPages?: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Tests only: another transport. Production sends through src/net (deadlines, size cap, proxy). */
  fetch?: typeof globalThis.fetch;
  now: () => number;
}

/** Attempts in all for a host that does not resolve or refuses connections: seconds, not minutes. */
const UNREACHABLE_ATTEMPTS = 2;
/** NetError codes that another attempt cannot cure. */
const PERMANENT_NET = new Set(['too_large', 'cross_origin_redirect', 'too_many_redirects']);

type RequestKind = 'core' | 'search' | 'graphql';

interface RateLimitState {
  limit: number;
  remaining: number;
  /** Epoch seconds. */
  reset: number;
}

export interface ClientStats {
  requests: Record<RequestKind, number>;
  /** Rate-limit waits and retries taken. */
  retries: number;
  /** Retries after a transient error (5xx, network, timeout, a body that is not JSON). */
  errorRetries: number;
  /** Last seen limits per resource (core, search, graphql), from response headers or GET /rate_limit. */
  limits: Partial<Record<string, RateLimitState>>;
  /** The limits when the run started. */
  initial: Partial<Record<string, RateLimitState>>;
}

export interface GraphqlError {
  type?: string;
  code?: string;
  message: string;
  path?: Array<string | number>;
}

/**
 * A failure another attempt may not meet: no answer in time, a connection lost, or a 200 whose body is not
 * the JSON expected. (Thrown from fetch, octokit rewraps it as a status-500 RequestError with this message.)
 */
class TransientError extends Error {
  override name = 'TransientError';
}

interface HttpLikeError {
  status?: number;
  message: string;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
}

function asHttpError(e: unknown): HttpLikeError | undefined {
  return e && typeof e === 'object' && 'message' in e ? (e as HttpLikeError) : undefined;
}

/** Statuses whose response has no body (the Response constructor refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
/** How much of a body an error message quotes. */
const EXCERPT_CHARS = 200;

/**
 * A body as one short line of text: secrets redacted in the raw body, then tags, scripts and styles
 * stripped, then redacted again and cut (src/net excerpt: redaction before truncation, issue 14 item 5).
 */
export function excerpt(body: string): string {
  const text = redact(body)
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ');
  return netExcerpt(text, EXCERPT_CHARS + 1);
}

function isBinary(data: unknown): boolean {
  // Duck-typed: the ArrayBuffer of a body read by fetch may come from another realm (jest's vm).
  return Object.prototype.toString.call(data) === '[object ArrayBuffer]';
}

/** The cause of a network failure from fetch (undici: TypeError 'fetch failed' with the socket error as cause). */
function networkCause(e: unknown): string {
  const err = (e ?? {}) as { message?: string; cause?: unknown };
  const inner =
    err.cause && typeof err.cause === 'object' ? (err.cause as { message?: string; code?: unknown }) : err;
  const message = inner.message || err.message || String(e);
  const code = (inner as { code?: unknown }).code;
  return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
}

/** "502 Bad Gateway" */
function statusLine(status: number): string {
  return `${status} ${STATUS_CODES[status] ?? ''}`.trim();
}

/**
 * Gives an HTTP error a one-line message: a non-JSON body (a gateway's HTML page) becomes the status and an
 * excerpt of its text; a 5xx with a JSON message gets the status in front. 4xx JSON messages stay as GitHub
 * wrote them (the rate-limit and access checks read them).
 */
function tidyHttpError(e: unknown): unknown {
  const err = asHttpError(e);
  if (!err || typeof err.status !== 'number' || !err.response) return e;
  const line = statusLine(err.status);
  const data = err.response.data;
  if (typeof data === 'string' || isBinary(data) || data === undefined || data === null) {
    const text = typeof data === 'string' ? excerpt(data) : '';
    err.message = !text ? line : text.startsWith(String(err.status)) ? text : `${line}: ${text}`;
  } else if (err.status >= 500) {
    const text = excerpt(err.message);
    err.message = text ? `${line}: ${text}` : line;
  }
  return e;
}

/** Throws TransientError when a successful answer's body is not the JSON expected (GraphQL: data or errors). */
function checkBody(
  res: { status: number; data: unknown; headers: Record<string, unknown> },
  graphql: boolean,
): void {
  if (NULL_BODY.has(res.status)) return;
  const d = res.data;
  const json = d !== null && typeof d === 'object' && !isBinary(d);
  if (json && (!graphql || 'data' in d || 'errors' in d)) return;
  const type = String(res.headers['content-type'] ?? 'no content-type');
  const text = typeof d === 'string' ? excerpt(d) : '';
  const what = !json ? 'a body that is not JSON' : 'JSON that is not a GraphQL result';
  throw new TransientError(
    `${statusLine(res.status)} with ${what} (${type})${text ? `: ${text}` : json ? `: ${excerpt(JSON.stringify(d))}` : ''}`,
  );
}

/** An error worth another attempt (rate limits are not: rateLimitVerdict decides those). */
function isTransient(e: unknown): boolean {
  if (e instanceof TransientError) return true;
  const cause = (e as { cause?: unknown } | undefined)?.cause;
  if (cause instanceof NetError && PERMANENT_NET.has(cause.code)) return false;
  const status = asHttpError(e)?.status;
  // octokit reports a failed fetch (network error, timeout) as status 500 without a response.
  return typeof status === 'number' && status >= 500;
}

/**
 * An exhausted GraphQL primary limit, answered with HTTP 200: the documented `type: RATE_LIMITED`, or the
 * observed `type: RATE_LIMIT, code: graphql_rate_limit` (yanyongyu/githubkit#271).
 */
function hasRateLimited(errors: GraphqlError[] | undefined): boolean {
  return (errors ?? []).some(
    (x) => x.type === 'RATE_LIMITED' || x.type === 'RATE_LIMIT' || x.code === 'graphql_rate_limit',
  );
}

/** A GraphQL secondary limit answered with HTTP 200 (GitHub: "a 200 or 403 status and an error message"). */
function hasSecondaryLimit(errors: GraphqlError[] | undefined): boolean {
  return (errors ?? []).some((x) => /\bsecondary rate limit\b/i.test(x.message ?? ''));
}

/** Either NetError, or a NetError wrapped by octokit (a failed fetch becomes a status-500 RequestError). */
function netCause(e: unknown): NetError | undefined {
  if (e instanceof NetError) return e;
  const cause = (e as { cause?: unknown } | undefined)?.cause;
  return cause instanceof NetError ? cause : undefined;
}

function kindOf(url: string): RequestKind {
  const path = new URL(url, 'http://x').pathname;
  if (/\/graphql$/.test(path)) return 'graphql';
  if (/\/search\//.test(path)) return 'search';
  return 'core';
}

/**
 * Whether a REST listing page has the documented shape (issue 14, item 3): a JSON array, or an object
 * holding the items in an array (`workflow_runs`, `items`, `repositories`).
 */
function isListPage(data: unknown): boolean {
  if (Array.isArray(data)) return true;
  return data !== null && typeof data === 'object' && Object.values(data).some((v) => Array.isArray(v));
}

/** A fetch over src/net: deadlines, the size cap, same-origin redirects and the proxy of the environment. */
function netFetch(options: ClientOptions): typeof globalThis.fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const body = init?.body;
    const res = await httpRequest({
      method: (init?.method ?? 'GET').toUpperCase() as 'GET' | 'POST',
      url,
      headers,
      body: typeof body === 'string' || body instanceof Uint8Array ? body : undefined,
      timeoutMs: options.requestTimeoutMs,
      maxBytes: options.maxResponseBytes,
      signal: init?.signal ?? undefined,
    });
    const out = new Headers();
    for (const [k, v] of Object.entries(res.headers)) out.set(k, v);
    return new Response(NULL_BODY.has(res.status) ? null : new Uint8Array(res.body), {
      status: res.status,
      headers: out,
    });
  };
}

/**
 * The one HTTP client of a run: octokit with throttling (request spacing, concurrency), a timeout per
 * request, retries of transient errors (5xx, network, timeout, a body that is not JSON) and one rate-limit
 * policy, counting every request sent and the budget left. Errors are one line naming the request.
 */
export class GithubClient {
  readonly octokit: InstanceType<typeof Octokit>;
  /** GraphQL's base URL: the REST base, or on GHES its /api (GraphQL at /api/graphql, REST at /api/v3). */
  private readonly graphqlBase: string;
  /** Epoch ms until which a primary rate limit is exhausted: no request goes out before (noteExhausted). */
  private pausedUntil = 0;
  readonly stats: ClientStats = {
    requests: { core: 0, search: 0, graphql: 0 },
    retries: 0,
    errorRetries: 0,
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
    checkApiUrl(baseUrl);
    // GitHub Enterprise Server serves REST at /api/v3 and GraphQL at /api/graphql.
    this.graphqlBase = baseUrl.replace(/\/api\/v3$/, '/api');
    const baseFetch = options.fetch ?? netFetch(options);
    const timeoutText = `no answer within ${options.requestTimeoutMs / 1000} s`;
    // Counts requests, notes the limits, and reads the whole body within requestTimeoutMs: a hung, reset or
    // cut-off answer becomes a TransientError here (octokit would turn a failed body read into '').
    const transportFetch: typeof globalThis.fetch = async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const outer = init?.signal ?? undefined;
      // Once a primary limit is hit, nothing more goes out until its reset, queued requests included
      // (GitHub: "you should not retry your request until after" x-ratelimit-reset; issue 14, item 7).
      const paused = this.pausedUntil - options.now();
      if (paused > 0) await options.sleep(paused, outer);
      this.stats.requests[kindOf(url)]++;
      // One controller per request, aborted by the timeout or the run's signal.
      const controller = new AbortController();
      const onAbort = (): void => controller.abort(outer?.reason);
      if (outer?.aborted) onAbort();
      outer?.addEventListener('abort', onAbort, { once: true });
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new TransientError(timeoutText));
      }, options.requestTimeoutMs);
      let answered = false;
      try {
        const res = await baseFetch(input, { ...init, signal: controller.signal });
        answered = true;
        this.noteLimits(res.headers);
        const body = NULL_BODY.has(res.status) ? null : await res.arrayBuffer();
        this.noteExhausted(url, res.status, res.headers, body);
        return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
      } catch (e) {
        if (outer?.aborted) throw e;
        const net = netCause(e);
        if (timedOut || net?.code === 'timeout') throw new TransientError(timeoutText);
        // Permanent (a size cap, a redirect elsewhere) or unreachable (dns, refused): as they are.
        if (net && net.code !== 'network' && net.code !== 'connect_timeout') throw net;
        const lost = answered || /in the middle of the answer/.test(net?.message ?? '');
        throw new TransientError(
          `${lost ? 'connection lost in the middle of the answer' : 'network error'}: ${net ? net.message : networkCause(e)}`,
        );
      } finally {
        clearTimeout(timer);
        outer?.removeEventListener('abort', onAbort);
      }
    };
    const MyOctokit = Octokit.plugin(throttling);
    this.octokit = new MyOctokit({
      auth: token,
      baseUrl,
      userAgent: 'kpi-collector',
      request: { fetch: transportFetch, signal },
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
    });
    this.octokit.hook.wrap('request', async (request, opts) => {
      let attempt = 0;
      const graphql = new URL(opts.url, 'http://x').pathname === '/graphql';
      // The request as sent (opts.url is still the route template, /repos/{owner}/…); no query: it is long.
      const sent = new URL(this.octokit.request.endpoint.parse(opts).url, 'http://x').pathname;
      const label = `GitHub ${opts.method} ${decodeURIComponent(sent)}`;
      // One attempt: a one-line error, or an answer whose body is JSON.
      const once = async (): Promise<Awaited<ReturnType<typeof request>>> => {
        let res: Awaited<ReturnType<typeof request>>;
        try {
          res = await request(opts);
        } catch (e) {
          throw tidyHttpError(e);
        }
        checkBody(res, graphql);
        const errors = (res.data as { errors?: GraphqlError[] }).errors;
        // An exhausted GraphQL limit comes back with HTTP 200. The throttling plugin turns it into an
        // error only for the path it knows (/graphql); this check is inside the retried callback so
        // that the wait below applies whatever the path (GHES: /api/graphql).
        if (graphql && hasRateLimited(errors)) {
          throw Object.assign(new Error('GraphQL Rate Limit Exceeded'), { response: res });
        }
        if (graphql && hasSecondaryLimit(errors)) {
          throw Object.assign(new Error(`GraphQL: ${oneLine(errors![0]!.message)}`), {
            status: 200,
            response: res,
          });
        }
        // GitHub's own transient GraphQL failure, sent with HTTP 200.
        if (graphql && /Something went wrong while executing your query/.test(errors?.[0]?.message ?? '')) {
          throw new TransientError(`GraphQL: ${oneLine(errors![0]!.message)}`);
        }
        return res;
      };
      // Transient errors (5xx, network, timeout, not JSON) are retried a few times with back-off; rate limits
      // go out of it to the policy below, which then starts the request again.
      let unreachable = 0;
      const withRetries = (): Promise<Awaited<ReturnType<typeof request>>> =>
        retry(once, {
          attempts: options.transientAttempts,
          baseMs: options.retryBaseMs,
          maxMs: 32 * options.retryBaseMs,
          label,
          // A host that does not resolve or refuses connections gets one short retry (issue 16, item 4).
          retryable: (e) => {
            const code = netCause(e)?.code;
            if (code === 'dns' || code === 'refused') return ++unreachable < UNREACHABLE_ATTEMPTS;
            return isTransient(e);
          },
          onRetry: (m) => {
            this.stats.errorRetries++;
            log.warning(m);
          },
          sleep: options.sleep,
          signal,
        });
      return retry(
        async (n) => {
          attempt = n;
          return withRetries();
        },
        {
          attempts: options.rateLimitAttempts,
          // The waits come from rateLimitVerdict (retry-after, reset, floor × 2^n); the jittered back-off
          // only matters when it is longer, which it never is for these small bases.
          baseMs: options.retryBaseMs,
          maxMs: 32 * options.retryBaseMs,
          // rateLimitVerdict already refuses a reset further away than this, with the reset time.
          maxRetryAfterMs: options.maxRateLimitWaitMs,
          label,
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
    const graphqlSecondary = status === 200 && /\bsecondary rate\b/i.test(err.message);
    if (!graphqlLimited && !graphqlSecondary && status !== 403 && status !== 429) return false;
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

  /**
   * Pauses the whole client as soon as an answer says a primary limit is exhausted, before the answer
   * reaches the retry policy: requests queued behind it (the throttling plugin releases the next one at
   * once) wait for the reset instead of going out into the limit (GitHub asks not to retry before it).
   */
  private noteExhausted(url: string, status: number, headers: Headers, body: ArrayBuffer | null): void {
    if (headers.get('x-ratelimit-remaining') !== '0' || !body) return;
    let data: { message?: string; errors?: GraphqlError[] };
    try {
      data = JSON.parse(Buffer.from(body).toString('utf8')) as typeof data;
    } catch {
      return;
    }
    const primaryRest =
      (status === 403 || status === 429) && !/\bsecondary rate\b/i.test(data?.message ?? '');
    const primaryGraphql = status === 200 && kindOf(url) === 'graphql' && hasRateLimited(data?.errors);
    if (!primaryRest && !primaryGraphql) return;
    const resetMs = Number(headers.get('x-ratelimit-reset') ?? 0) * 1000 + 1000;
    // A reset too far away is not waited for: the retry policy fails the request with the reset time.
    if (resetMs - this.options.now() <= this.options.maxRateLimitWaitMs)
      this.pausedUntil = Math.max(this.pausedUntil, resetMs);
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
    // The token goes with every request: a next page on another origin is refused, never followed
    // (issue 14, item 5).
    if (link.origin !== base.origin) {
      throw new Error(
        `GitHub: the next page is on another origin (${link.host}, not ${base.host}); not followed, so the token is not sent there`,
      );
    }
    const prefix = base.pathname.replace(/\/+$/, '');
    if (link.pathname.startsWith(`${prefix}/`))
      return `GET ${link.pathname.slice(prefix.length)}${link.search}`;
    return `GET ${link.href}`;
  }

  /** The page cap and repeat detection of one listing (issue 14, item 3). */
  pageGuard(label: string, maxPages = this.options.maxPages ?? 1_000): PageGuard {
    return new PageGuard({ label: `GitHub ${label}`, maxPages });
  }

  /** A REST GET that follows Link rel="next" and calls onPage for each page. */
  async paginate<T>(
    route: string,
    params: Record<string, unknown>,
    onPage: (data: T, page: number) => boolean | void,
  ): Promise<void> {
    const guard = this.pageGuard(route.replace(/^GET /, ''));
    guard.next(`${route} ${JSON.stringify(params)}`);
    let res = await this.get<T>(route, { per_page: 100, ...params });
    for (let page = 1; ; page++) {
      if (!isListPage(res.data)) {
        throw new Error(
          `GitHub ${route}: page ${page} is not a listing (an array, or an object holding one): ${excerpt(JSON.stringify(res.data) ?? '')}`,
        );
      }
      if (onPage(res.data, page) === false) return;
      const next = nextLink(res.headers.link);
      if (!next) return;
      this.signal.throwIfAborted();
      const nextRoute = this.linkRoute(next);
      guard.next(nextRoute);
      res = await this.get<T>(nextRoute);
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

/**
 * The API base URL must be https, except on loopback (a local fake or a tunnel): over plain http the
 * token would cross the network readable (issue 14, item 5).
 */
function checkApiUrl(baseUrl: string): void {
  const fix = 'set sources.github.api_url (or GITHUB_API_URL) to an https URL';
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new UserError(`sources.github.api_url / GITHUB_API_URL: '${baseUrl}' is not a URL; ${fix}`);
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(url))) return;
  throw new UserError(
    `sources.github.api_url / GITHUB_API_URL: ${url.protocol}//${url.host} is not https (plain http only on loopback), so the token would cross the network readable; ${fix}`,
  );
}
