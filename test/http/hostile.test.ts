import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { clearSecrets, registerSecret } from '../../src/redact.js';
import { startHostile, type HostileFake } from '../fakes/http/hostile.js';
import { collect } from './helpers.js';

const SECRET = 'hostile-secret-7d1f0c';
const RANGE = { start: '2026-03-29', end: '2026-03-29', timeZone: 'Europe/Paris' };
let h: HostileFake;

beforeAll(async () => {
  h = await startHostile({ burst: 2, hugeBytes: 8 * 1024 * 1024 });
  registerSecret(SECRET);
});
afterAll(async () => {
  clearSecrets();
  await h?.close();
});

const kpi = (id: string, path: string, extra: Record<string, unknown> = {}) => ({
  id,
  description: id,
  unit: 'count',
  request: { url: `${h.origin}${path}`, headers: { Authorization: 'Bearer ${TOKEN}' } },
  values: { n: 'count' },
  ...extra,
});

describe('hostile servers: each ends in one clear line for its KPI, the others are collected', () => {
  it('wrong content type, huge body, endless and circular paging, redirects and Links to another host', async () => {
    const results = await collect(
      {
        max_response_mb: 1,
        max_pages: 5,
        retries: 2,
        kpis: [
          kpi('ok', '/ok'),
          kpi('html', '/html'),
          kpi('huge', '/huge'),
          kpi('endless_token', '/endless', {
            paginate: { items: 'items', next: "{'query': {'page': $substring(next, 1)}}" },
            values: { n: '$count(items)' },
          }),
          kpi('endless_link', '/endless', {
            paginate: { items: 'items', link: true },
            values: { n: '$count(items)' },
          }),
          kpi('repeat', '/repeat', {
            paginate: { items: 'items', next: "{'query': {'token': next}}" },
            values: { n: '$count(items)' },
          }),
          kpi('repeat_link', '/repeat', {
            paginate: { items: 'items', link: true },
            values: { n: '$count(items)' },
          }),
          kpi('redirect', '/redirect'),
          kpi('link_other', '/link-other', {
            paginate: { items: 'items', link: true },
            values: { n: '$count(items)' },
          }),
          kpi('ok_again', '/ok'),
        ],
      },
      RANGE,
      { TOKEN: SECRET },
    );
    const byId = Object.fromEntries(
      [
        'ok',
        'html',
        'huge',
        'endless_token',
        'endless_link',
        'repeat',
        'repeat_link',
        'redirect',
        'link_other',
        'ok_again',
      ].map((id, i) => [id, results[i]!]),
    );
    expect(byId.ok!.values).toEqual({ '2026-03-29 n': 5 });
    expect(byId.ok_again!.values).toEqual({ '2026-03-29 n': 5 });
    const host = h.origin.replace('http://', '');
    const errors = Object.fromEntries(Object.entries(byId).map(([id, r]) => [id, r.error]));
    expect(errors.ok).toBeUndefined();
    expect(errors.html).toMatch(
      new RegExp(
        `^GET ${host}/html for 2026-03-29: expected a JSON response, got content type 'text/html; charset=utf-8': <!doctype html>`,
      ),
    );
    expect(errors.huge).toMatch(
      new RegExp(`^GET ${host}/huge for 2026-03-29: ${host}: the answer is larger than allowed`),
    );
    expect(errors.endless_token).toMatch(/more than 5 pages; stopped at the page cap .*; max_pages is 5$/);
    expect(errors.endless_link).toMatch(/more than 5 pages; stopped at the page cap/);
    expect(errors.repeat).toMatch(/returned page ".*token=same-token ?" again after 2 page\(s\)/);
    expect(errors.repeat_link).toMatch(/returned page .*\/repeat" again after 1 page\(s\)/);
    expect(errors.redirect).toMatch(
      new RegExp(`${host}: redirected to another origin: to 127\\.0\\.0\\.1:\\d+; not followed`),
    );
    expect(errors.link_other).toMatch(
      /Link rel="next" of page 1 points to another origin \(127\.0\.0\.1:\d+\); it is not followed/,
    );
    for (const e of Object.values(errors)) if (e) expect(e).not.toMatch(/[\r\n]/);
    // Nothing at all reached the other host: not the redirect, not the Link.
    expect(h.other.requests).toEqual([]);
    // Not retried: none of these is transient.
    for (const id of ['html', 'huge', 'redirect', 'link_other']) expect(byId[id]!.run.stats.retries).toBe(0);
  });

  it('a burst of 429 with Retry-After waits as asked and then succeeds; 503 and 500 give up after the retries', async () => {
    const [burst, unavailable, echo] = await collect(
      {
        retries: 3,
        kpis: [kpi('burst', '/burst/a'), kpi('unavailable', '/unavailable'), kpi('echo', '/echo-error')],
      },
      RANGE,
      { TOKEN: SECRET },
    );
    expect(burst!.error).toBeUndefined();
    expect(burst!.values).toEqual({ '2026-03-29 n': 7 });
    expect(h.hits.get('a')).toBe(3);
    expect(burst!.sleeps).toEqual([1000, 1000]);
    expect(burst!.run.stats.retries).toBe(2);
    expect(unavailable!.error).toMatch(
      /^GET 127\.0\.0\.1:\d+\/unavailable for 2026-03-29 failed after 4 attempt\(s\): HTTP 503: /,
    );
    expect(unavailable!.sleeps).toEqual([1000, 1000, 1000]);
    // The error page echoed the token: the message carries the status and the excerpt, redacted.
    expect(echo!.error).toMatch(
      /failed after 4 attempt\(s\): HTTP 500: internal error while handling Authorization: Bearer \*\*\* … trace$/,
    );
    expect(echo!.error).not.toContain(SECRET);
  });

  it('a body that never ends stops at the request deadline, is retried, then fails in one line', async () => {
    const [slow, ok] = await collect(
      { request_timeout_seconds: 0.3, retries: 1, kpis: [kpi('slow', '/slow'), kpi('ok', '/ok')] },
      RANGE,
      { TOKEN: SECRET },
    );
    expect(slow!.error).toMatch(
      /^GET 127\.0\.0\.1:\d+\/slow for 2026-03-29 failed after 2 attempt\(s\): 127\.0\.0\.1:\d+: no complete answer within the deadline/,
    );
    expect(slow!.run.stats.requests).toBe(2);
    expect(ok!.values).toEqual({ '2026-03-29 n': 5 });
  });

  it('request_spacing_ms keeps requests to one host apart', async () => {
    const [r] = await collect(
      { request_spacing_ms: 250, concurrency: 4, kpis: [kpi('ok', '/ok')] },
      { start: '2026-03-27', end: '2026-03-30', timeZone: 'Europe/Paris' },
      { TOKEN: SECRET },
    );
    expect(r!.error).toBeUndefined();
    // Four days at once: the first goes at once, the others wait for the next free slots.
    expect([...r!.sleeps].sort((a, b) => a - b).map((ms) => Math.round(ms / 250))).toEqual([1, 2, 3]);
  });
});
