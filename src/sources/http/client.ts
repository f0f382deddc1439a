import { errorMessage } from '../../errors.js';
import type { Logger } from '../../log.js';
import { excerpt, httpRequest, NetError, PageGuard, type HttpResponse } from '../../net/http.js';

/**
 * The most a paged read may gather in all, each page being capped by the network layer: a server that
 * keeps sending pages would otherwise fill the memory and crash the run (issue 14 item 2). Past either,
 * that one KPI fails.
 */
const MAX_ITEMS = 1_000_000;
const MAX_PAGED_BYTES = 256 * 2 ** 20;
import { parseRetryAfter, retry } from '../../retry.js';
import type { HttpKpiConfig, HttpSettings } from './config.js';
import type { Compiled } from './extract.js';
import { applyNext, describeRequest, linkNext, readNextChanges, type PreparedRequest } from './request.js';
import type { HostSpacing } from './spacing.js';

/** The one run context of the http source: settings, secrets, the per-host spacing and counters. */
export interface HttpRun {
  settings: HttpSettings;
  secrets: ReadonlyMap<string, string>;
  spacing: HostSpacing;
  stats: { requests: number; retries: number; pages: number };
  log: Logger;
  /** Tests pass a sleep that does not wait, and a smaller base delay. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  retryBaseMs?: number;
}

/** A response with a status the source does not accept. */
class HttpStatusError extends Error {
  override name = 'HttpStatusError';
  constructor(
    message: string,
    readonly status: number,
    readonly retryAfterMs: number | undefined,
  ) {
    super(message);
  }
}

const RETRY_NET: ReadonlySet<string> = new Set(['timeout', 'connect_timeout', 'network', 'refused', 'dns']);

/** 429 and 503 wait as long as Retry-After asks; other 5xx (not 501) and network failures back off. */
function retryVerdict(e: unknown): boolean | { afterMs: number } {
  if (e instanceof HttpStatusError) {
    if ((e.status === 429 || e.status === 503) && e.retryAfterMs !== undefined) {
      return { afterMs: e.retryAfterMs };
    }
    return e.status === 429 || (e.status >= 500 && e.status !== 501);
  }
  return e instanceof NetError && RETRY_NET.has(e.code);
}

const JSON_TYPE_RE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** Sends one request through src/net/http.ts with the run's deadlines, cap, spacing and retries. */
async function send(
  run: HttpRun,
  req: PreparedRequest,
  signal: AbortSignal,
  label: string,
): Promise<{ json: unknown; response: HttpResponse }> {
  const s = run.settings;
  const what = `${describeRequest(req)}${label ? ` for ${label}` : ''}`;
  return retry(
    async () => {
      await run.spacing.wait(req.url.host, signal);
      run.stats.requests++;
      const response = await httpRequest({
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: req.body,
        connectTimeoutMs: Math.round(s.connect_timeout_seconds * 1000),
        timeoutMs: Math.round(s.request_timeout_seconds * 1000),
        maxBytes: Math.round(s.max_response_mb * 1024 * 1024),
        redirect: 'same-origin',
        signal,
      });
      if (response.status < 200 || response.status > 299) {
        throw new HttpStatusError(
          `HTTP ${response.status}: ${excerpt(response.text(), 200) || '(empty body)'}`,
          response.status,
          parseRetryAfter(response.headers['retry-after']),
        );
      }
      const type = response.headers['content-type'];
      if (type !== undefined && !JSON_TYPE_RE.test(type)) {
        throw new Error(
          `expected a JSON response, got content type '${excerpt(type, 60)}': ${excerpt(response.text(), 120)}`,
        );
      }
      return { json: response.json(), response };
    },
    {
      attempts: s.retries + 1,
      baseMs: run.retryBaseMs ?? 1000,
      maxMs: 30_000,
      retryable: retryVerdict,
      label: what,
      onRetry: (m) => {
        run.stats.retries++;
        run.log.info(m);
      },
      sleep: run.sleep,
      signal,
    },
  ).catch((e: unknown) => {
    // One line: what was asked, then why it failed (the retry helper already says how often it tried).
    const msg = errorMessage(e);
    throw new Error(msg.startsWith(what) ? msg : `${what}: ${msg}`, { cause: e });
  });
}

/** Items of one page as a list: an array as is, nothing as none, a single value as one item. */
function asItems(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export interface Extractors {
  items?: Compiled;
  next?: Compiled;
}

/**
 * The document the KPI's expressions read: the response itself, or with paging {"items": [...]} of every
 * page. Paging stops when `next` returns nothing or no Link rel="next" is left; a repeated request or
 * more than max_pages pages fails the read (never a silent truncation), as does a Link to another origin.
 */
export async function fetchDocument(o: {
  run: HttpRun;
  kpi: HttpKpiConfig;
  first: PreparedRequest;
  extract: Extractors;
  timeZone: string;
  signal: AbortSignal;
  label: string;
}): Promise<unknown> {
  const { run, kpi, signal, label } = o;
  const paginate = kpi.paginate;
  if (!paginate) return (await send(run, o.first, signal, label)).json;
  const maxPages = paginate.max_pages ?? run.settings.max_pages;
  const guard = new PageGuard({ label: `${describeRequest(o.first)} for ${label}`, maxPages });
  const items: unknown[] = [];
  let bytes = 0;
  const origin = o.first.url.origin;
  let req: PreparedRequest | undefined = o.first;
  while (req) {
    try {
      guard.next(paginate.link ? req.url.href : `${req.url.href} ${req.body ?? ''}`);
    } catch (e) {
      throw new Error(`${errorMessage(e)}; max_pages is ${maxPages}`, { cause: e });
    }
    run.stats.pages++;
    const { json, response } = await send(run, req, signal, `${label}, page ${guard.pages}`);
    for (const item of asItems(await o.extract.items!.evaluate(json, o.timeZone))) items.push(item);
    bytes += response.body.length;
    if (items.length > MAX_ITEMS || bytes > MAX_PAGED_BYTES) {
      throw new Error(
        `the pages hold more than ${items.length > MAX_ITEMS ? `${MAX_ITEMS} items` : `${MAX_PAGED_BYTES / 2 ** 20} MiB`} in all (page ${guard.pages}); narrow the request`,
      );
    }
    if (paginate.link) {
      const next = linkNext(response.headers.link, response.url);
      if (next && next.origin !== origin) {
        throw new Error(
          `Link rel="next" of page ${guard.pages} points to another origin (${next.host}); it is not followed`,
        );
      }
      req = next ? { ...req, url: next } : undefined;
    } else {
      const changes = readNextChanges(await o.extract.next!.evaluate(json, o.timeZone));
      req = changes ? applyNext(req, changes) : undefined;
    }
  }
  return { items };
}
