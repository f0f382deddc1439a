import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dayWindows } from '../../src/dates.js';
import { UserError } from '../../src/errors.js';
import { MemoryLogger } from '../../src/log.js';
import { clusterStartup } from '../../src/sources/databricks/cluster-startup.js';
import { clusterUptime } from '../../src/sources/databricks/cluster-uptime.js';
import { databricksSource } from '../../src/sources/databricks/index.js';
import { jobRuns, runOutcome, type RunOutcome } from '../../src/sources/databricks/job-runs.js';
import type { JobRun } from '../../src/sources/databricks/client.js';
import { referenceClusters, referenceRuns, runVerdict } from '../fakes/databricks/reference.js';
import { startFakeDatabricks, type FakeDatabricks, type FakeRun } from '../fakes/databricks/server.js';
import { generateWorkspace } from '../fakes/databricks/workspace.js';
import { H, TOKEN, at, collect, get, makeClient, runOf } from './helpers.js';

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

  it('clamps page_size to [0, 500], refuses a limit over 25 and a bad token with {error_code, message}', async () => {
    // The busiest cluster over all its history: more than 500 lifecycle events.
    const c = ws.clusters.reduce((a, b) => (b.events.length > a.events.length ? b : a));
    expect(c.events.length).toBeGreaterThan(500);
    const big = await post({ cluster_id: c.cluster_id, order: 'ASC', page_size: 501 });
    expect(big.status).toBe(200);
    expect(((await big.json()) as { events: unknown[] }).events).toHaveLength(500);
    const negative = await post({ cluster_id: c.cluster_id, order: 'ASC', page_size: -3 });
    expect(negative.status).toBe(200);
    expect(((await negative.json()) as { events: unknown[] }).events).toHaveLength(50); // the server decides
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

describe('job run verdicts', () => {
  type Case = [string, JobRun['state'], JobRun['status'], RunOutcome];
  const t = (code: string, type: string) => ({ state: 'TERMINATED', termination_details: { code, type } });
  const cases: Case[] = [
    ['result SUCCESS', { life_cycle_state: 'TERMINATED', result_state: 'SUCCESS' }, undefined, 'succeeded'],
    ['result FAILED', { life_cycle_state: 'TERMINATED', result_state: 'FAILED' }, undefined, 'failed'],
    [
      'result CANCELED (the result wins over the type)',
      { life_cycle_state: 'TERMINATED', result_state: 'CANCELED' },
      t('USER_CANCELED', 'CLIENT_ERROR'),
      'other',
    ],
    [
      'code USER_CANCELED, type CLIENT_ERROR',
      { life_cycle_state: 'TERMINATED' },
      t('USER_CANCELED', 'CLIENT_ERROR'),
      'other',
    ],
    [
      'code CANCELED, type INTERNAL_ERROR',
      { life_cycle_state: 'TERMINATED' },
      t('CANCELED', 'INTERNAL_ERROR'),
      'other',
    ],
    [
      'code SKIPPED, type CLIENT_ERROR',
      { life_cycle_state: 'TERMINATED' },
      t('SKIPPED', 'CLIENT_ERROR'),
      'other',
    ],
    [
      'code DISABLED, type CLIENT_ERROR',
      { life_cycle_state: 'TERMINATED' },
      t('DISABLED', 'CLIENT_ERROR'),
      'other',
    ],
    [
      'code MAX_CONCURRENT_RUNS_EXCEEDED, type CLIENT_ERROR',
      { life_cycle_state: 'TERMINATED' },
      t('MAX_CONCURRENT_RUNS_EXCEEDED', 'CLIENT_ERROR'),
      'other',
    ],
    [
      'code SUCCESS_WITH_FAILURES, type SUCCESS',
      { life_cycle_state: 'TERMINATED' },
      t('SUCCESS_WITH_FAILURES', 'SUCCESS'),
      'other',
    ],
    ['code SUCCESS', { life_cycle_state: 'TERMINATED' }, t('SUCCESS', 'SUCCESS'), 'succeeded'],
    [
      'code RUN_EXECUTION_ERROR, type CLIENT_ERROR',
      { life_cycle_state: 'TERMINATED' },
      t('RUN_EXECUTION_ERROR', 'CLIENT_ERROR'),
      'failed',
    ],
    [
      'code DRIVER_ERROR, type INTERNAL_ERROR',
      { life_cycle_state: 'TERMINATED' },
      t('DRIVER_ERROR', 'INTERNAL_ERROR'),
      'failed',
    ],
    [
      'code CLOUD_FAILURE, type CLOUD_FAILURE',
      { life_cycle_state: 'TERMINATED' },
      t('CLOUD_FAILURE', 'CLOUD_FAILURE'),
      'failed',
    ],
    ['life-cycle INTERNAL_ERROR', { life_cycle_state: 'INTERNAL_ERROR' }, undefined, 'failed'],
    ['life-cycle SKIPPED', { life_cycle_state: 'SKIPPED' }, t('SKIPPED', 'SUCCESS'), 'other'],
    ['nothing to go by', { life_cycle_state: 'TERMINATED' }, undefined, 'other'],
  ];
  it.each(cases.map(([name, state, status, expected]) => [name, expected, state, status] as const))(
    '%s → %s',
    (_name, expected, state, status) => {
      expect(runOutcome({ run_id: 1, state, status })).toBe(expected);
      // The reference used by the generated comparisons follows the same table.
      const ref = runVerdict({ state: state as FakeRun['state'], status: status as FakeRun['status'] });
      expect(ref === 'neither' ? 'other' : ref).toBe(expected);
    },
  );
});

describe('history the API no longer keeps', () => {
  // The fake's now is 2026-04-05T12:00Z: cluster history from 2026-03-06T12:00Z, job runs from 2026-02-04T12:00Z.
  it('fails the cluster KPIs (no request made) when the range with its lookback starts before 30 days ago', async () => {
    const client = makeClient(fake);
    const err = await collect(clusterStartup, client, '2026-03-01', '2026-03-10').catch((e: Error) => e);
    expect(String(err)).toMatch(
      /past the 30 days of cluster history .*figures of 2026-03-01\.\.2026-03-06 would be incomplete.*rows already stored are kept.*system\.compute\.clusters and system\.compute\.node_timeline.*allow_incomplete_history: true/,
    );
    expect(String(err)).not.toContain('\n');
    await expect(collect(clusterUptime, client, '2026-03-01', '2026-03-10')).rejects.toThrow('30 days');
    expect(client.requests).toBe(0);
    // The range itself is within 30 days, its 24 h lookback is not: still incomplete for its first day.
    await expect(collect(clusterStartup, makeClient(fake), '2026-03-07', '2026-03-08')).rejects.toThrow(
      'figures of 2026-03-07 would be incomplete',
    );
    // With a 1 h lookback it is not.
    await expect(
      collect(clusterStartup, makeClient(fake, { lookbackMs: H }), '2026-03-07', '2026-03-08'),
    ).resolves.toBeDefined();
  });

  it('fails job_runs when the range minus lookback_hours starts before 60 days ago', async () => {
    const client = makeClient(fake);
    await expect(collect(jobRuns, client, '2026-02-05', '2026-02-06')).rejects.toThrow(
      /past the 60 days of job runs .*figures of 2026-02-05 would be incomplete.*system\.lakeflow\.job_run_timeline/,
    );
    await expect(
      collect(jobRuns, client, '2026-02-05', '2026-02-06', 'UTC', { lookback_hours: 12 }),
    ).resolves.toBeDefined();
    await expect(collect(jobRuns, client, '2026-03-01', '2026-03-02')).resolves.toBeDefined();
  });

  it('collects what the API still has when allow_incomplete_history is set', async () => {
    const client = makeClient(fake, { allowIncompleteHistory: true });
    const f = await collect(clusterStartup, client, '2026-03-01', '2026-04-02');
    expect(get(f, '2026-04-02', 'count')).toBe(
      referenceClusters(ws.clusters, '2026-04-02', '2026-04-02', 'UTC', gen.now).get('2026-04-02')!.count,
    );
    await expect(collect(jobRuns, client, '2026-01-10', '2026-01-11')).resolves.toBeDefined();
    expect(client.requests).toBeGreaterThan(0);
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
    expect(databricksSource.summaryLines!(runOf(client))[0]).toMatch(/request\(s\), 2 retries/);
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

  it('never shows the token, even when the error body echoes the Authorization header twice', async () => {
    fake.faults.push({
      path: '/api/2.2/jobs/runs/list',
      times: 1,
      status: 400,
      errorCode: 'BAD_REQUEST',
      echoAuth: true,
    });
    const err = await collect(jobRuns, makeClient(fake), '2026-04-01', '2026-04-01').catch((e: Error) => e);
    fake.faults.length = 0;
    expect(String(err)).toContain('HTTP 400 BAD_REQUEST');
    expect(String(err)).toContain('Authorization: Bearer ***; once more: Bearer ***');
    expect(String(err)).not.toContain(TOKEN);
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
    inputs: { 'databricks-host': host, 'databricks-token': TOKEN },
    timeZone: 'UTC',
    settings: databricksSource.settings.parse({}) as never,
    log: new MemoryLogger(),
    signal: new AbortController().signal,
    env: {},
  });

  it('accepts https workspace URLs and local http, refuses the rest with a UserError naming the input', async () => {
    await expect(
      databricksSource.createRun(ctx('https://adb-1.azuredatabricks.net/')),
    ).resolves.toBeDefined();
    await expect(databricksSource.createRun(ctx('http://127.0.0.1:8080'))).resolves.toBeDefined();
    for (const bad of [
      'adb-1.azuredatabricks.net',
      'http://example.com',
      'ftp://x.cloud.databricks.com',
      'https://u:p@x.com',
    ]) {
      const e = await databricksSource.createRun(ctx(bad)).catch((x: unknown) => x);
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
      allow_incomplete_history: true,
    });
    // The lookback is at least an hour (0 would hide every startup open at midnight).
    expect(() => databricksSource.settings.parse({ events_lookback_hours: 0 })).toThrow();
    expect(databricksSource.settings.parse({ events_lookback_hours: 1 })).toMatchObject({
      events_lookback_hours: 1,
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
    expect(
      databricksSource.rangeWarnings!(dayWindows('2026-11-01', '2026-11-27', 'UTC'), now, undefined as never),
    ).toEqual([]);
    const w = databricksSource.rangeWarnings!(
      dayWindows('2026-10-20', '2026-11-27', 'UTC'),
      now,
      undefined as never,
    );
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/more than 30 days ago.*incomplete.*system tables/);
  });
});
