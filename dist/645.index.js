export const id = 645;
export const ids = [645];
export const modules = {

/***/ 51645:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GithubClient: () => (/* binding */ GithubClient)
/* harmony export */ });
/* unused harmony export excerpt */
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _octokit_rest__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(60891);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(86856);
/* harmony import */ var bottleneck__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(62203);
/* harmony import */ var bottleneck__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(bottleneck__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(83916);
/* harmony import */ var _net_http_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(23121);
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76670);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(49809);
/* harmony import */ var _access_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(91432);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(22006);










/** Attempts in all for a host that does not resolve or refuses connections: seconds, not minutes. */
const UNREACHABLE_ATTEMPTS = 2;
/** NetError codes that another attempt cannot cure. */
const PERMANENT_NET = new Set(['too_large', 'cross_origin_redirect', 'too_many_redirects']);
/**
 * A failure another attempt may not meet: no answer in time, a connection lost, or a 200 whose body is not
 * the JSON expected. (Thrown from fetch, octokit rewraps it as a status-500 RequestError with this message.)
 */
class TransientError extends Error {
    name = 'TransientError';
}
function asHttpError(e) {
    return e && typeof e === 'object' && 'message' in e ? e : undefined;
}
/** Statuses whose response has no body (the Response constructor refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
/** How much of a body an error message quotes. */
const EXCERPT_CHARS = 200;
/**
 * A body as one short line of text: secrets redacted in the raw body, then tags, scripts and styles
 * stripped, then redacted again and cut (src/net excerpt: redaction before truncation, issue 14 item 5).
 */
function excerpt(body) {
    const text = (0,_redact_js__WEBPACK_IMPORTED_MODULE_3__/* .redact */ .E$)(body)
        .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
        .replace(/<!--[\s\S]*?-->/g, ' ')
        .replace(/<[^>]*>/g, ' ')
        .replace(/&nbsp;/g, ' ')
        .replace(/\s+/g, ' ');
    return (0,_net_http_js__WEBPACK_IMPORTED_MODULE_2__/* .excerpt */ .Kb)(text, EXCERPT_CHARS + 1);
}
function isBinary(data) {
    // Duck-typed: the ArrayBuffer of a body read by fetch may come from another realm (jest's vm).
    return Object.prototype.toString.call(data) === '[object ArrayBuffer]';
}
/** The cause of a network failure from fetch (undici: TypeError 'fetch failed' with the socket error as cause). */
function networkCause(e) {
    const err = (e ?? {});
    const inner = err.cause && typeof err.cause === 'object' ? err.cause : err;
    const message = inner.message || err.message || String(e);
    const code = inner.code;
    return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
}
/** "502 Bad Gateway" */
function statusLine(status) {
    return `${status} ${node_http__WEBPACK_IMPORTED_MODULE_0__.STATUS_CODES[status] ?? ''}`.trim();
}
/**
 * Gives an HTTP error a one-line message: a non-JSON body (a gateway's HTML page) becomes the status and an
 * excerpt of its text; a 5xx with a JSON message gets the status in front. 4xx JSON messages stay as GitHub
 * wrote them (the rate-limit and access checks read them).
 */
function tidyHttpError(e) {
    const err = asHttpError(e);
    if (!err || typeof err.status !== 'number' || !err.response)
        return e;
    const line = statusLine(err.status);
    const data = err.response.data;
    if (typeof data === 'string' || isBinary(data) || data === undefined || data === null) {
        const text = typeof data === 'string' ? excerpt(data) : '';
        err.message = !text ? line : text.startsWith(String(err.status)) ? text : `${line}: ${text}`;
    }
    else if (err.status >= 500) {
        const text = excerpt(err.message);
        err.message = text ? `${line}: ${text}` : line;
    }
    return e;
}
/** Throws TransientError when a successful answer's body is not the JSON expected (GraphQL: data or errors). */
function checkBody(res, graphql) {
    if (NULL_BODY.has(res.status))
        return;
    const d = res.data;
    const json = d !== null && typeof d === 'object' && !isBinary(d);
    if (json && (!graphql || 'data' in d || 'errors' in d))
        return;
    const type = String(res.headers['content-type'] ?? 'no content-type');
    const text = typeof d === 'string' ? excerpt(d) : '';
    const what = !json ? 'a body that is not JSON' : 'JSON that is not a GraphQL result';
    throw new TransientError(`${statusLine(res.status)} with ${what} (${type})${text ? `: ${text}` : json ? `: ${excerpt(JSON.stringify(d))}` : ''}`);
}
/** An error worth another attempt (rate limits are not: rateLimitVerdict decides those). */
function isTransient(e) {
    if (e instanceof TransientError)
        return true;
    const cause = e?.cause;
    if (cause instanceof _net_http_js__WEBPACK_IMPORTED_MODULE_2__/* .NetError */ .Ay && PERMANENT_NET.has(cause.code))
        return false;
    const status = asHttpError(e)?.status;
    // octokit reports a failed fetch (network error, timeout) as status 500 without a response.
    return typeof status === 'number' && status >= 500;
}
/**
 * An exhausted GraphQL primary limit, answered with HTTP 200: the documented `type: RATE_LIMITED`, or the
 * observed `type: RATE_LIMIT, code: graphql_rate_limit` (yanyongyu/githubkit#271).
 */
function hasRateLimited(errors) {
    return (errors ?? []).some((x) => x.type === 'RATE_LIMITED' || x.type === 'RATE_LIMIT' || x.code === 'graphql_rate_limit');
}
/** A GraphQL secondary limit answered with HTTP 200 (GitHub: "a 200 or 403 status and an error message"). */
function hasSecondaryLimit(errors) {
    return (errors ?? []).some((x) => /\bsecondary rate limit\b/i.test(x.message ?? ''));
}
/** Either NetError, or a NetError wrapped by octokit (a failed fetch becomes a status-500 RequestError). */
function netCause(e) {
    if (e instanceof _net_http_js__WEBPACK_IMPORTED_MODULE_2__/* .NetError */ .Ay)
        return e;
    const cause = e?.cause;
    return cause instanceof _net_http_js__WEBPACK_IMPORTED_MODULE_2__/* .NetError */ .Ay ? cause : undefined;
}
function kindOf(url) {
    const path = new URL(url, 'http://x').pathname;
    if (/\/graphql$/.test(path))
        return 'graphql';
    if (/\/search\//.test(path))
        return 'search';
    return 'core';
}
/**
 * Whether a REST listing page has the documented shape (issue 14, item 3): a JSON array, or an object
 * holding the items in an array (`workflow_runs`, `items`, `repositories`).
 */
function isListPage(data) {
    if (Array.isArray(data))
        return true;
    return data !== null && typeof data === 'object' && Object.values(data).some((v) => Array.isArray(v));
}
/** A fetch over src/net: deadlines, the size cap, same-origin redirects and the proxy of the environment. */
function netFetch(options) {
    return async (input, init) => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        const headers = Object.fromEntries(new Headers(init?.headers).entries());
        const body = init?.body;
        const res = await (0,_net_http_js__WEBPACK_IMPORTED_MODULE_2__/* .httpRequest */ .aj)({
            method: (init?.method ?? 'GET').toUpperCase(),
            url,
            headers,
            body: typeof body === 'string' || body instanceof Uint8Array ? body : undefined,
            timeoutMs: options.requestTimeoutMs,
            maxBytes: options.maxResponseBytes,
            signal: init?.signal ?? undefined,
        });
        const out = new Headers();
        for (const [k, v] of Object.entries(res.headers))
            out.set(k, v);
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
class GithubClient {
    baseUrl;
    options;
    log;
    signal;
    octokit;
    /** GraphQL's base URL: the REST base, or on GHES its /api (GraphQL at /api/graphql, REST at /api/v3). */
    graphqlBase;
    /** Epoch ms until which a primary rate limit is exhausted: no request goes out before (noteExhausted). */
    pausedUntil = 0;
    stats = {
        requests: { core: 0, search: 0, graphql: 0 },
        retries: 0,
        errorRetries: 0,
        limits: {},
        initial: {},
    };
    constructor(token, baseUrl, options, log, signal) {
        this.baseUrl = baseUrl;
        this.options = options;
        this.log = log;
        this.signal = signal;
        checkApiUrl(baseUrl);
        // GitHub Enterprise Server serves REST at /api/v3 and GraphQL at /api/graphql.
        this.graphqlBase = baseUrl.replace(/\/api\/v3$/, '/api');
        const baseFetch = options.fetch ?? netFetch(options);
        const timeoutText = `no answer within ${options.requestTimeoutMs / 1000} s`;
        // Counts requests, notes the limits, and reads the whole body within requestTimeoutMs: a hung, reset or
        // cut-off answer becomes a TransientError here (octokit would turn a failed body read into '').
        const transportFetch = async (input, init) => {
            const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
            const outer = init?.signal ?? undefined;
            // Once a primary limit is hit, nothing more goes out until its reset, queued requests included
            // (GitHub: "you should not retry your request until after" x-ratelimit-reset; issue 14, item 7).
            const paused = this.pausedUntil - options.now();
            if (paused > 0)
                await options.sleep(paused, outer);
            this.stats.requests[kindOf(url)]++;
            // One controller per request, aborted by the timeout or the run's signal.
            const controller = new AbortController();
            const onAbort = () => controller.abort(outer?.reason);
            if (outer?.aborted)
                onAbort();
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
            }
            catch (e) {
                if (outer?.aborted)
                    throw e;
                const net = netCause(e);
                if (timedOut || net?.code === 'timeout')
                    throw new TransientError(timeoutText);
                // Permanent (a size cap, a redirect elsewhere) or unreachable (dns, refused): as they are.
                if (net && net.code !== 'network' && net.code !== 'connect_timeout')
                    throw net;
                const lost = answered || /in the middle of the answer/.test(net?.message ?? '');
                throw new TransientError(`${lost ? 'connection lost in the middle of the answer' : 'network error'}: ${net ? net.message : networkCause(e)}`);
            }
            finally {
                clearTimeout(timer);
                outer?.removeEventListener('abort', onAbort);
            }
        };
        const MyOctokit = _octokit_rest__WEBPACK_IMPORTED_MODULE_6__/* .Octokit */ .E.plugin(_octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_7__/* .throttling */ .A);
        this.octokit = new MyOctokit({
            auth: token,
            baseUrl,
            userAgent: 'kpi-collector',
            request: { fetch: transportFetch, signal },
            log: {
                debug: () => { },
                info: () => { },
                warn: (m) => log.warning(`github: ${m}`),
                error: () => { },
            },
            throttle: {
                // The plugin spaces requests and limits concurrency; the waits after a limit are decided below,
                // in one place, so that repeated secondary limits back off exponentially.
                onRateLimit: () => false,
                onSecondaryRateLimit: () => false,
                search: new (bottleneck__WEBPACK_IMPORTED_MODULE_1___default().Group)({ maxConcurrent: 1, minTime: options.searchMinIntervalMs }),
                write: new (bottleneck__WEBPACK_IMPORTED_MODULE_1___default().Group)({ maxConcurrent: 1, minTime: options.graphqlMinIntervalMs }),
            },
        });
        this.octokit.hook.wrap('request', async (request, opts) => {
            let attempt = 0;
            const graphql = new URL(opts.url, 'http://x').pathname === '/graphql';
            // The request as sent (opts.url is still the route template, /repos/{owner}/…); no query: it is long.
            const sent = new URL(this.octokit.request.endpoint.parse(opts).url, 'http://x').pathname;
            const label = `GitHub ${opts.method} ${decodeURIComponent(sent)}`;
            // One attempt: a one-line error, or an answer whose body is JSON.
            const once = async () => {
                let res;
                try {
                    res = await request(opts);
                }
                catch (e) {
                    throw tidyHttpError(e);
                }
                checkBody(res, graphql);
                const errors = res.data.errors;
                // An exhausted GraphQL limit comes back with HTTP 200. The throttling plugin turns it into an
                // error only for the path it knows (/graphql); this check is inside the retried callback so
                // that the wait below applies whatever the path (GHES: /api/graphql).
                if (graphql && hasRateLimited(errors)) {
                    throw Object.assign(new Error('GraphQL Rate Limit Exceeded'), { response: res });
                }
                if (graphql && hasSecondaryLimit(errors)) {
                    throw Object.assign(new Error(`GraphQL: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .oneLine */ .TN)(errors[0].message)}`), {
                        status: 200,
                        response: res,
                    });
                }
                // GitHub's own transient GraphQL failure, sent with HTTP 200.
                if (graphql && /Something went wrong while executing your query/.test(errors?.[0]?.message ?? '')) {
                    throw new TransientError(`GraphQL: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .oneLine */ .TN)(errors[0].message)}`);
                }
                return res;
            };
            // Transient errors (5xx, network, timeout, not JSON) are retried a few times with back-off; rate limits
            // go out of it to the policy below, which then starts the request again.
            let unreachable = 0;
            const withRetries = () => (0,_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .retry */ .L5)(once, {
                attempts: options.transientAttempts,
                baseMs: options.retryBaseMs,
                maxMs: 32 * options.retryBaseMs,
                label,
                // A host that does not resolve or refuses connections gets one short retry (issue 16, item 4).
                retryable: (e) => {
                    const code = netCause(e)?.code;
                    if (code === 'dns' || code === 'refused')
                        return ++unreachable < UNREACHABLE_ATTEMPTS;
                    return isTransient(e);
                },
                onRetry: (m) => {
                    this.stats.errorRetries++;
                    log.warning(m);
                },
                sleep: options.sleep,
                signal,
            });
            return (0,_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .retry */ .L5)(async (n) => {
                attempt = n;
                return withRetries();
            }, {
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
            });
        });
    }
    noteLimits(headers) {
        const resource = headers.get('x-ratelimit-resource');
        const remaining = headers.get('x-ratelimit-remaining');
        if (!resource || remaining === null)
            return;
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
    rateLimitVerdict(e, attempt) {
        const err = asHttpError(e);
        if (!err)
            return false;
        const headers = err.response?.headers ?? {};
        const graphqlLimited = err.message === 'GraphQL Rate Limit Exceeded' ||
            hasRateLimited(err.response?.data?.errors);
        const status = err.status ?? 0;
        const graphqlSecondary = status === 200 && /\bsecondary rate\b/i.test(err.message);
        if (!graphqlLimited && !graphqlSecondary && status !== 403 && status !== 429)
            return false;
        const exhausted = headers['x-ratelimit-remaining'] === '0';
        const secondary = /\bsecondary rate\b/i.test(err.message) || (status === 429 && !exhausted);
        if (secondary) {
            const asked = (0,_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .parseRetryAfter */ .mu)(headers['retry-after'], this.options.now());
            if (asked !== undefined)
                return { afterMs: asked };
            if (exhausted)
                return this.untilReset(headers);
            return { afterMs: this.options.secondaryFloorMs * 2 ** Math.max(0, attempt - 1) };
        }
        if (exhausted || graphqlLimited)
            return this.untilReset(headers);
        return false;
    }
    /**
     * Pauses the whole client as soon as an answer says a primary limit is exhausted, before the answer
     * reaches the retry policy: requests queued behind it (the throttling plugin releases the next one at
     * once) wait for the reset instead of going out into the limit (GitHub asks not to retry before it).
     */
    noteExhausted(url, status, headers, body) {
        if (headers.get('x-ratelimit-remaining') !== '0' || !body)
            return;
        let data;
        try {
            data = JSON.parse(Buffer.from(body).toString('utf8'));
        }
        catch {
            return;
        }
        const primaryRest = (status === 403 || status === 429) && !/\bsecondary rate\b/i.test(data?.message ?? '');
        const primaryGraphql = status === 200 && kindOf(url) === 'graphql' && hasRateLimited(data?.errors);
        if (!primaryRest && !primaryGraphql)
            return;
        const resetMs = Number(headers.get('x-ratelimit-reset') ?? 0) * 1000 + 1000;
        // A reset too far away is not waited for: the retry policy fails the request with the reset time.
        if (resetMs - this.options.now() <= this.options.maxRateLimitWaitMs)
            this.pausedUntil = Math.max(this.pausedUntil, resetMs);
    }
    untilReset(headers) {
        const resetMs = Number(headers['x-ratelimit-reset'] ?? 0) * 1000;
        const wait = Math.max(0, resetMs - this.options.now()) + 1000;
        if (wait > this.options.maxRateLimitWaitMs) {
            throw new Error(`GitHub rate limit (${headers['x-ratelimit-resource'] ?? 'core'}) exhausted until ${new Date(resetMs).toISOString()}; ` +
                `re-run after that, or use a token with a larger budget (a GitHub App)`);
        }
        return { afterMs: wait };
    }
    /** One REST GET. */
    async get(route, params = {}) {
        const res = await this.octokit.request(route, params);
        return { data: res.data, headers: res.headers };
    }
    /**
     * The route of a Link header URL, relative to the base URL. The throttling plugin recognises search
     * (spaced, one at a time) by a path starting /search/: on GHES a full URL's path starts /api/v3/.
     */
    linkRoute(url) {
        const base = new URL(this.baseUrl);
        const link = new URL(url, base);
        // The token goes with every request: a next page on another origin is refused, never followed
        // (issue 14, item 5).
        if (link.origin !== base.origin) {
            throw new Error(`GitHub: the next page is on another origin (${link.host}, not ${base.host}); not followed, so the token is not sent there`);
        }
        const prefix = base.pathname.replace(/\/+$/, '');
        if (link.pathname.startsWith(`${prefix}/`))
            return `GET ${link.pathname.slice(prefix.length)}${link.search}`;
        return `GET ${link.href}`;
    }
    /** The page cap and repeat detection of one listing (issue 14, item 3). */
    pageGuard(label, maxPages = this.options.maxPages ?? 1_000) {
        return new _net_http_js__WEBPACK_IMPORTED_MODULE_2__/* .PageGuard */ .f8({ label: `GitHub ${label}`, maxPages });
    }
    /** A REST GET that follows Link rel="next" and calls onPage for each page. */
    async paginate(route, params, onPage) {
        const guard = this.pageGuard(route.replace(/^GET /, ''));
        guard.next(`${route} ${JSON.stringify(params)}`);
        let res = await this.get(route, { per_page: 100, ...params });
        for (let page = 1;; page++) {
            if (!isListPage(res.data)) {
                throw new Error(`GitHub ${route}: page ${page} is not a listing (an array, or an object holding one): ${excerpt(JSON.stringify(res.data) ?? '')}`);
            }
            if (onPage(res.data, page) === false)
                return;
            const next = (0,_access_js__WEBPACK_IMPORTED_MODULE_9__/* .nextLink */ .IX)(res.headers.link);
            if (!next)
                return;
            this.signal.throwIfAborted();
            const nextRoute = this.linkRoute(next);
            guard.next(nextRoute);
            res = await this.get(nextRoute);
        }
    }
    /** One GraphQL query; errors returned with HTTP 200 come back in `errors` next to the partial data. */
    async graphql(query, variables = {}) {
        // url '/graphql' against the GraphQL base (GHES: /api), as @octokit/graphql does: the throttling plugin
        // recognises GraphQL (1 s spacing, RATE_LIMITED) by that path.
        const res = await this.octokit.request({
            method: 'POST',
            baseUrl: this.graphqlBase,
            url: '/graphql',
            query,
            variables,
        });
        const body = res.data;
        const errors = body.errors ?? [];
        return { data: body.data ?? null, errors };
    }
    /** GraphQL that must succeed entirely. */
    async graphqlStrict(query, variables = {}) {
        const { data, errors } = await this.graphql(query, variables);
        if (errors.length > 0 || !data)
            throw new Error(`GitHub GraphQL: ${errors.map((e) => e.message).join('; ') || 'no data'}`);
        return data;
    }
    /** GET /rate_limit (free: it does not count against the limit). */
    async fetchRateLimits() {
        const { data } = await this.get('GET /rate_limit');
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
function checkApiUrl(baseUrl) {
    const fix = 'set sources.github.api_url (or GITHUB_API_URL) to an https URL';
    let url;
    try {
        url = new URL(baseUrl);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_8__/* .UserError */ .yo(`sources.github.api_url / GITHUB_API_URL: '${baseUrl}' is not a URL; ${fix}`);
    }
    if (url.protocol === 'https:' || (url.protocol === 'http:' && (0,_net_http_js__WEBPACK_IMPORTED_MODULE_2__/* .isLoopbackUrl */ .tE)(url)))
        return;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_8__/* .UserError */ .yo(`sources.github.api_url / GITHUB_API_URL: ${url.protocol}//${url.host} is not https (plain http only on loopback), so the token would cross the network readable; ${fix}`);
}


/***/ })

};
