import { errorMessage } from './errors.js';

export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Base delay of the exponential back-off, in ms. */
  baseMs: number;
  /** Upper bound of one wait, in ms. */
  maxMs: number;
  /** Whether an error may succeed on another attempt, and how long the server asked to wait (ms). */
  retryable: (error: unknown) => boolean | { afterMs: number };
  /** Names the operation in log lines. */
  label: string;
  onRetry?: (message: string) => void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  /** Random source for jitter (tests pass a fixed one). */
  random?: () => number;
  /**
   * The longest Retry-After this run waits (default 5 minutes). A server that asks for more fails the
   * operation at once with a message saying so, rather than stalling a scheduled job for an hour.
   */
  maxRetryAfterMs?: number;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The delay before retry number `attempt` (1-based): full jitter over an exponential cap. */
export function backoffMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const cap = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return Math.round(cap / 2 + (random() * cap) / 2);
}

/**
 * The cause's message without the part of the label it repeats: a client labels a request `Databricks GET
 * /x` and its errors already start `GET /x: …`; the line says it once.
 */
function causeOf(label: string, e: unknown): string {
  const message = errorMessage(e);
  for (let i = 0; i >= 0 && i < label.length; i = label.indexOf(' ', i + 1)) {
    const tail = label.slice(i === 0 ? 0 : i + 1);
    if (tail && message.startsWith(`${tail}: `)) return message.slice(tail.length + 2);
  }
  return message;
}

/** Error thrown once every attempt failed; its message says how many were made and the last cause. */
class RetriesExhaustedError extends Error {
  override name = 'RetriesExhaustedError';
  constructor(
    label: string,
    attempts: number,
    readonly last: unknown,
  ) {
    super(`${label} failed after ${attempts} attempt(s): ${causeOf(label, last)}`);
  }
}

/**
 * Runs fn until it succeeds, an error is not retryable, or the attempts run out. Waits with jittered
 * exponential back-off, or as long as the server asked (Retry-After) when that is longer.
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, o: RetryOptions): Promise<T> {
  const wait = o.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (e) {
      if (o.signal?.aborted) throw e;
      const verdict = o.retryable(e);
      if (!verdict) throw e;
      if (attempt >= o.attempts) throw new RetriesExhaustedError(o.label, attempt, e);
      const backoff = backoffMs(attempt, o.baseMs, o.maxMs, o.random);
      const limit = o.maxRetryAfterMs ?? 300_000;
      if (typeof verdict === 'object' && verdict.afterMs > limit) {
        throw new Error(
          `${o.label}: the server asked to retry after ${Math.round(verdict.afterMs / 1000)} s, ` +
            `more than the ${Math.round(limit / 1000)} s a run waits: ${causeOf(o.label, e)}`,
          { cause: e },
        );
      }
      const ms = typeof verdict === 'object' ? Math.max(verdict.afterMs, backoff) : backoff;
      o.onRetry?.(
        `${o.label}: ${causeOf(o.label, e)}; retry ${attempt}/${o.attempts - 1} in ${(ms / 1000).toFixed(1)} s`,
      );
      await wait(ms, o.signal);
    }
  }
}

/** Parses a Retry-After header: integer seconds or an HTTP date. Returns ms, or undefined. */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}
