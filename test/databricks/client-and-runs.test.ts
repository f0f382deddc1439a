import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dayWindows } from '../../src/dates.js';
import { UserError } from '../../src/errors.js';
import { MemoryLogger } from '../../src/log.js';
import { clusterStartup } from '../../src/sources/databricks/cluster-startup.js';
import { clusterUptime } from '../../src/sources/databricks/cluster-uptime.js';
import { databricksSource } from '../../src/sources/databricks/index.js';
import { jobRuns } from '../../src/sources/databricks/job-runs.js';
import { referenceClusters, referenceRuns } from '../fakes/databricks/reference.js';
import { startFakeDatabricks, type FakeDatabricks } from '../fakes/databricks/server.js';
import { generateWorkspace } from '../fakes/databricks/workspace.js';
import { TOKEN, at, collect, get, makeClient } from './helpers.js';

const gen = {
  clusters: 20,
  from: at('2026-04-01T00:00:00Z'),
  to: at('2026-04-04T00:00:00Z'),
  now: at('2026-04-05T12:00:00Z'),
  seed: 3,
  runs: 400,
};
const ws = generateWorkspace(gen);
let fake: FakeDatabricks;
beforeAll(async () => {
  fake = await startFakeDatabricks(ws, { token: TOKEN, now: gen.now });
});
afterAll(() => fake.close());

describe('the fake follows the documented API', () => {
  const post = (body: unknown, token = TOKEN) =>
    fetch(`${fake.url}/api/2.1/clusters/events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('refuses a page_size over 500, a limit over 25 and a bad token with {error_code, message}', async () => {
    const big = await post({ cluster_id: ws.clusters[0]!.cluster_id, page_size: 501 });
    expect(big.status).toBe(400);
    expect(await big.json()).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
    const runs = await fetch(`${fake.url}/api/2.2/jobs/runs/list?limit=26`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(runs.status).toBe(400);
    const bad = await post({ cluster_id: 'x' }, 'wrong');
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error_code: 'UNAUTHENTICATED', message: expect.any(String) });
  });

  it('pages with tokens, ends with an empty next_page_token, total_count 0, filters by time and type', async () => {
    const c = ws.clusters[0]!;
    const start = gen.from;
    const end = gen.to;
    const seen: Array<{ timestamp: number; type: string }> = [];
    let token: string | undefined;
    let last: Record<string, unknown>;
    do {
      last = (await (
        await post({
          cluster_id: c.cluster_id,
          start_time: start,
          end_time: end,
          order: 'ASC',
          event_types: ['RUNNING'],
          page_size: 7,
          page_token: token,
        })
      ).json()) as Record<string, unknown>;
      seen.push(...((last.events as typeof seen) ?? []));
      expect(last.total_count).toBe(0);
      token = last.next_page_token as string;
    } while (token);
    expect(last.next_page_token).toBe('');
    const expected = c.events.filter(
      (e) => e.type === 'RUNNING' && e.timestamp >= start && e.timestamp <= end,
    );
    expect(seen.map((e) => e.timestamp)).toEqual(expected.map((e) => e.timestamp).sort((a, b) => a - b));
    expect(seen.length).toBeGreaterThan(7);
  });
});

describe('job runs', () => {
  it('counts runs on the day they ended, matching the reference, across many pages', async () => {
    fake.resetStats();
    const f = await collect(jobRuns, makeClient(fake), '2026-04-01', '2026-04-03');
    const ref = referenceRuns(ws.runs, '2026-04-01', '2026-04-03', 'UTC');
    let total = 0;
    for (const [date, r] of ref) {
      expect([date, get(f, date, 'count'), get(f, date, 'succeeded'), get(f, date, 'failed')]).toEqual([
        date,
        r.count,
        r.succeeded,
        r.failed,
      ]);
      expect(get(f, date, 'seconds')).toBeCloseTo(r.seconds, 6);
      expect(get(f, date, 'queue_seconds')).toBeCloseTo(r.queue_seconds, 6);
      total += r.count;
    }
    expect(total).toBeGreaterThan(100);
    expect(fake.count('GET /api/2.2/jobs/runs/list')).toBeGreaterThan(5);
  });
});

describe('retries, errors and limits', () => {
  it('retries a 429, waiting as long as Retry-After asks, then gives the right figures', async () => {
    const waits: number[] = [];
    fake.faults.push({ path: '/api/2.1/clusters/events', times: 1, status: 429, retryAfter: '3' });
    fake.faults.push({ path: '/api/2.1/clusters/list', times: 1, network: true });
    const client = makeClient(fake, { sleep: async (ms) => void waits.push(ms) });
    const f = await collect(clusterStartup, client, '2026-04-01', '2026-04-03');
    const ref = referenceClusters(ws.clusters, '2026-04-01', '2026-04-03', 'UTC', gen.now);
    for (const [date, r] of ref) expect(get(f, date, 'count')).toBe(r.count);
    expect(client.retries).toBe(2);
    expect(waits).toContain(3000);
    expect(databricksSource.summaryLines!(client)[0]).toMatch(/request\(s\), 2 retries/);
  });

  it('fails with the endpoint and the status once retries are exhausted, never showing the token', async () => {
    fake.faults.push({ path: '/api/2.1/clusters/events', times: Infinity, status: 503 });
    const client = makeClient(fake, { attempts: 3 });
    const err = await collect(clusterUptime, client, '2026-04-01', '2026-04-01').catch((e: Error) => e);
    fake.faults.length = 0;
    expect(String(err)).toContain('POST /api/2.1/clusters/events failed after 3 attempt(s)');
    expect(String(err)).toContain('HTTP 503 TEMPORARILY_UNAVAILABLE');
    expect(String(err)).not.toContain(TOKEN);
    // The second cluster KPI shares the failed pass rather than making the same requests again.
    const before = fake.stats.requests;
    await expect(collect(clusterStartup, client, '2026-04-01', '2026-04-01')).rejects.toThrow('HTTP 503');
    expect(fake.stats.requests).toBe(before);
  });

  it('does not retry a 401 and says to check the token', async () => {
    const client = makeClient(fake, { token: 'not-the-token' });
    await expect(collect(jobRuns, client, '2026-04-01', '2026-04-01')).rejects.toThrow(
      /HTTP 401 UNAUTHENTICATED.*databricks-token/,
    );
    expect(client.requests).toBe(1);
  });

  it('times out a request that takes too long', async () => {
    const slow = await startFakeDatabricks(ws, { token: TOKEN, now: gen.now, latencyMs: 300 });
    try {
      const client = makeClient(slow, { requestTimeoutMs: 50, attempts: 1 });
      await expect(collect(jobRuns, client, '2026-04-01', '2026-04-01')).rejects.toThrow(
        'no answer within 0.05 s',
      );
    } finally {
      await slow.close();
    }
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    const slow = await startFakeDatabricks(ws, { token: TOKEN, now: gen.now, latencyMs: 5 });
    try {
      await collect(clusterStartup, makeClient(slow, { concurrency: 3 }), '2026-04-01', '2026-04-03');
      expect(slow.stats.maxInFlight).toBe(3);
    } finally {
      await slow.close();
    }
  });
});

describe('source definition', () => {
  const ctx = (host: string) => ({
    secrets: { 'databricks-host': host, 'databricks-token': TOKEN },
    settings: databricksSource.settings.parse({}) as never,
    log: new MemoryLogger(),
    signal: new AbortController().signal,
    env: {},
  });

  it('accepts https workspace URLs and local http, refuses the rest with a UserError naming the input', async () => {
    await expect(
      databricksSource.createClient(ctx('https://adb-1.azuredatabricks.net/')),
    ).resolves.toBeDefined();
    await expect(databricksSource.createClient(ctx('http://127.0.0.1:8080'))).resolves.toBeDefined();
    for (const bad of [
      'adb-1.azuredatabricks.net',
      'http://example.com',
      'ftp://x.cloud.databricks.com',
      'https://u:p@x.com',
    ]) {
      const e = await databricksSource.createClient(ctx(bad)).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(UserError);
      expect((e as Error).message).toMatch(
        /^databricks-host: .*https:\/\/<workspace>\.cloud\.databricks\.com/,
      );
    }
  });

  it('has defaults for every setting and the three KPIs', () => {
    expect(databricksSource.settings.parse({})).toEqual({
      concurrency: 8,
      request_timeout_seconds: 30,
      retries: 5,
      retry_base_ms: 1000,
      events_lookback_hours: 24,
    });
    expect(databricksSource.kpis.map((k) => k.id)).toEqual([
      'databricks.cluster_startup',
      'databricks.cluster_uptime',
      'databricks.job_runs',
    ]);
    expect(() => databricksSource.settings.parse({ concurency: 2 })).toThrow();
  });

  it('warns when the range reaches back past the 30 days of cluster history', () => {
    const now = at('2026-11-28T12:00:00Z');
    expect(databricksSource.rangeWarnings!(dayWindows('2026-11-01', '2026-11-27', 'UTC'), now)).toEqual([]);
    const w = databricksSource.rangeWarnings!(dayWindows('2026-10-20', '2026-11-27', 'UTC'), now);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/more than 30 days ago.*incomplete.*system tables/);
  });
});
