import { excerpt } from './excerpt.js';
import { NetError, classify, netError } from './net-error.js';
import { proxyDispatcher } from './proxy.js';
import { loadUndici } from './undici.js';

export { NetError, type NetErrorCode } from './net-error.js';
export { excerpt } from './excerpt.js';
export { PageGuard, PagingError } from './page-guard.js';
export { isLoopbackUrl } from './loopback.js';
export { closeDispatchers, proxyUrlFor } from './proxy.js';

export interface HttpRequestOptions {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  url: string | URL;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** TCP+TLS (and proxy CONNECT) deadline; default 10 s. */
  connectTimeoutMs?: number;
  /** Total deadline for the whole exchange, redirects and body included; default 60 s. */
  timeoutMs?: number;
  /** Response body cap; default 32 MiB; over it: NetError 'too_large'. */
  maxBytes?: number;
  /**
   * 'same-origin' (default): up to 5 redirects within the origin; a redirect to another origin is
   * NetError 'cross_origin_redirect' and nothing is sent there. 'error': any redirect is NetError
   * 'too_many_redirects'.
   */
  redirect?: 'same-origin' | 'error';
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  /** Final URL after redirects. */
  url: string;
  body: Buffer;
  text(): string;
  /** Throws NetError 'bad_json' with a redacted excerpt. */
  json<T = unknown>(): T;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;
const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * One HTTP(S) exchange with a connect deadline, a total deadline that covers the body, a streaming size
 * cap, a same-origin redirect policy and the proxy from the environment. Resolves with any HTTP status
 * (the caller decides what is an error); rejects only with NetError. Retries stay with the caller
 * (src/retry.ts).
 */
export async function httpRequest(o: HttpRequestOptions): Promise<HttpResponse> {
  let url = new URL(o.url);
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = o.maxBytes ?? DEFAULT_MAX_BYTES;
  const dispatcher = await proxyDispatcher(o.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
  const { request } = await loadUndici();

  // One controller for the whole exchange: the total deadline and the caller's signal both abort it.
  const controller = new AbortController();
  const deadline = new Error('deadline');
  const timer = setTimeout(() => controller.abort(deadline), timeoutMs);
  const onCallerAbort = (): void => controller.abort(o.signal?.reason);
  if (o.signal?.aborted) onCallerAbort();
  else o.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const why = (e: unknown): NetError => {
    if (e instanceof NetError) return e;
    if (controller.signal.reason === deadline) {
      return netError('timeout', url.host, `${timeoutMs / 1000} s`);
    }
    if (controller.signal.aborted) return netError('aborted', url.host);
    const n = classify(e, url.host);
    // Headers came, the body did not: say so (a proxy or load balancer that cuts long answers).
    if (reading && n.code === 'network') {
      return new NetError('network', url.host, 'connection lost in the middle of the answer', { cause: e });
    }
    return n;
  };

  let method = o.method;
  let body = o.body;
  let reading = false;
  try {
    for (let redirects = 0; ; redirects++) {
      const res = await request(url, {
        method,
        headers: o.headers,
        body,
        dispatcher,
        signal: controller.signal,
        // Our deadline covers the whole exchange; undici's own timers only as a backstop.
        headersTimeout: timeoutMs + 1_000,
        bodyTimeout: timeoutMs + 1_000,
      });
      const location = res.headers.location;
      if (REDIRECT_STATUSES.has(res.statusCode) && typeof location === 'string') {
        discard(res.body);
        const next = new URL(location, url);
        if (o.redirect === 'error') {
          throw netError(
            'too_many_redirects',
            url.host,
            `answered ${res.statusCode}; this request follows none`,
          );
        }
        if (next.origin !== url.origin) {
          // Nothing is sent to the other origin: it would receive our headers (tokens) otherwise.
          throw netError('cross_origin_redirect', url.host, `to ${next.host}; not followed`);
        }
        if (redirects >= MAX_REDIRECTS) {
          throw netError('too_many_redirects', url.host, `more than ${MAX_REDIRECTS}`);
        }
        // As fetch does: 303 (and 301/302 after a POST) turns into a GET without a body.
        if (
          res.statusCode === 303 ||
          ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')
        ) {
          if (method !== 'HEAD') method = 'GET';
          body = undefined;
        }
        url = next;
        continue;
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        discard(res.body);
        throw netError('too_large', url.host, `${declared} bytes declared, the cap is ${maxBytes}`);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      reading = true;
      // Read in this async function, so every failure (cap, deadline, reset) rejects this promise;
      // nothing is thrown from a stream's event handler.
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length;
        if (size > maxBytes) {
          discard(res.body);
          throw netError('too_large', url.host, `more than ${maxBytes} bytes; stopped reading`);
        }
        chunks.push(chunk as Buffer);
      }
      return response(res.statusCode, flatHeaders(res.headers), url, Buffer.concat(chunks, size));
    }
  } catch (e) {
    throw why(e);
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', onCallerAbort);
  }
  // Unreachable: the loop returns or throws.
}

/** Stops reading a body we don't want; its 'error' (the abort itself) goes to a listener, never uncaught. */
function discard(body: NodeJS.ReadableStream & { destroy(): void }): void {
  body.on('error', () => undefined);
  body.destroy();
}

function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function response(status: number, headers: Record<string, string>, url: URL, body: Buffer): HttpResponse {
  return {
    status,
    headers,
    url: url.toString(),
    body,
    text: () => body.toString('utf8'),
    json: <T>(): T => {
      try {
        return JSON.parse(body.toString('utf8')) as T;
      } catch {
        throw netError('bad_json', url.host, `HTTP ${status}: ${excerpt(body.toString('utf8'), 200)}`);
      }
    },
  };
}
