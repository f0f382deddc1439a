import { describe, expect, it } from '@jest/globals';
import { backoffMs, parseRetryAfter, retry } from '../src/retry.js';

class Http extends Error {
  constructor(
    readonly status: number,
    readonly retryAfter?: string,
  ) {
    super(`HTTP ${status}`);
  }
}
const retryable = (e: unknown) => {
  const h = e as Http;
  if (h.status !== 429 && h.status < 500) return false;
  const after = parseRetryAfter(h.retryAfter);
  return after === undefined ? true : { afterMs: after };
};

describe('retry', () => {
  it('retries with jittered exponential back-off, honouring a longer Retry-After', async () => {
    const waits: number[] = [];
    const answers = [new Http(503), new Http(429, '7'), new Http(500)];
    const notes: string[] = [];
    const result = await retry(
      async () => {
        const next = answers.shift();
        if (next) throw next;
        return 'ok';
      },
      {
        attempts: 5,
        baseMs: 100,
        maxMs: 1000,
        retryable,
        label: 'GET /x',
        sleep: async (ms) => void waits.push(ms),
        random: () => 0.5,
        onRetry: (m) => notes.push(m),
      },
    );
    expect(result).toBe('ok');
    expect(waits).toEqual([75, 7000, 300]); // 100·½..100, Retry-After 7 s > 150, 400·½..400
    expect(notes[1]).toBe('GET /x: HTTP 429; retry 2/4 in 7.0 s');
  });

  it('stops at once on an error that is not retryable, and names the attempts when they run out', async () => {
    let calls = 0;
    await expect(
      retry(async () => ((calls += 1), Promise.reject(new Http(404))), {
        attempts: 5,
        baseMs: 1,
        maxMs: 1,
        retryable,
        label: 'x',
        sleep: async () => {},
      }),
    ).rejects.toThrow('HTTP 404');
    expect(calls).toBe(1);
    await expect(
      retry(async () => Promise.reject(new Http(502)), {
        attempts: 3,
        baseMs: 1,
        maxMs: 1,
        retryable,
        label: 'GET /y',
        sleep: async () => {},
      }),
    ).rejects.toThrow('GET /y failed after 3 attempt(s): HTTP 502');
  });

  it('refuses to wait longer than maxRetryAfterMs for a Retry-After', async () => {
    const waits: number[] = [];
    await expect(
      retry(async () => Promise.reject(new Http(429, '3600')), {
        attempts: 5,
        baseMs: 1,
        maxMs: 10,
        retryable,
        label: 'GET /z',
        sleep: async (ms) => void waits.push(ms),
      }),
    ).rejects.toThrow(
      'GET /z: the server asked to retry after 3600 s, more than the 300 s a run waits: HTTP 429',
    );
    expect(waits).toEqual([]);
  });

  it('parses Retry-After as seconds or an HTTP date, and bounds back-off', () => {
    expect(parseRetryAfter('12')).toBe(12_000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', Date.parse('2026-10-21T07:27:30Z'))).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    for (let attempt = 1; attempt < 12; attempt++) {
      const ms = backoffMs(attempt, 100, 5000, Math.random);
      expect(ms).toBeLessThanOrEqual(5000);
      expect(ms).toBeGreaterThanOrEqual(Math.min(5000, 100 * 2 ** (attempt - 1)) / 2);
    }
  });
});
