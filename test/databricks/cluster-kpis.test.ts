import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { clusterStartup } from '../../src/sources/databricks/cluster-startup.js';
import { clusterUptime } from '../../src/sources/databricks/cluster-uptime.js';
import { addDays, startOfDay } from '../../src/dates.js';
import { databricksSource } from '../../src/sources/databricks/index.js';
import { describe as describeCluster, generateWorkspace, kindOf } from '../fakes/databricks/workspace.js';
import { BOUNDS, referenceClusters } from '../fakes/databricks/reference.js';
import {
  startFakeDatabricks,
  type FakeCluster,
  type FakeDatabricks,
  type FakeEvent,
} from '../fakes/databricks/server.js';
import { H, TOKEN, at, collect, get, makeClient, runOf, type Figures } from './helpers.js';

const LIFECYCLE = ['CREATING', 'STARTING', 'RESTARTING', 'RUNNING', 'TERMINATING'];

function cluster(id: string, events: Array<[string, string]>, now: number, created?: number): FakeCluster {
  const evs: FakeEvent[] = events.map(([iso, type]) => ({ timestamp: at(iso), type }));
  return describeCluster(id, evs, created ?? evs[0]?.timestamp ?? 0, now);
}

describe('hand-computed day (UTC)', () => {
  const now = at('2026-03-14T00:00:00Z');
  let fake: FakeDatabricks;
  beforeAll(async () => {
    const clusters = [
      // A: a plain start with noise; 300 s; up 08:05–10:00.
      cluster(
        'A',
        [
          ['2026-03-10T08:00:00Z', 'STARTING'],
          ['2026-03-10T08:00:10Z', 'INIT_SCRIPTS_STARTED'],
          ['2026-03-10T08:04:50Z', 'INIT_SCRIPTS_FINISHED'],
          ['2026-03-10T08:05:00Z', 'RUNNING'],
          ['2026-03-10T08:05:20Z', 'DRIVER_HEALTHY'],
          ['2026-03-10T09:00:00Z', 'RESIZING'],
          ['2026-03-10T09:01:00Z', 'UPSIZE_COMPLETED'],
          ['2026-03-10T09:30:00Z', 'AUTOSCALING_STATS_REPORT'],
          ['2026-03-10T10:00:00Z', 'TERMINATING'],
          ['2026-03-10T10:00:30Z', 'NODES_LOST'],
        ],
        now,
      ),
      // B: created the day before (in the lookback), then RESTARTING→RUNNING with no STARTING between: 90 s.
      cluster(
        'B',
        [
          ['2026-03-09T09:00:00Z', 'CREATING'],
          ['2026-03-09T09:02:00Z', 'RUNNING'],
          ['2026-03-10T12:00:00Z', 'RESTARTING'],
          ['2026-03-10T12:01:30Z', 'RUNNING'],
          ['2026-03-10T18:00:00Z', 'TERMINATING'],
        ],
        now,
      ),
      // C: a failed start, and a second STARTING while open that must not reset it.
      cluster(
        'C',
        [
          ['2026-03-10T14:00:00Z', 'STARTING'],
          ['2026-03-10T14:02:00Z', 'STARTING'],
          ['2026-03-10T14:10:00Z', 'TERMINATING'],
          ['2026-03-10T14:10:30Z', 'NODES_LOST'],
        ],
        now,
      ),
      // D: a start across midnight: counts on the 11th (its RUNNING), 300 s; up 00:03–02:00.
      cluster(
        'D',
        [
          ['2026-03-10T23:58:00Z', 'STARTING'],
          ['2026-03-11T00:03:00Z', 'RUNNING'],
          ['2026-03-11T02:00:00Z', 'TERMINATING'],
        ],
        now,
      ),
      // L: a second STARTING while open does not reset it: 300 s, not 240 s; up 12:05–13:00.
      cluster(
        'L',
        [
          ['2026-03-11T12:00:00Z', 'STARTING'],
          ['2026-03-11T12:01:00Z', 'STARTING'],
          ['2026-03-11T12:05:00Z', 'RUNNING'],
          ['2026-03-11T13:00:00Z', 'TERMINATING'],
        ],
        now,
      ),
      // E: a RUNNING with nothing open (its start was long ago): not a startup; up from it.
      cluster(
        'E',
        [
          ['2026-03-11T20:00:00Z', 'RUNNING'],
          ['2026-03-11T22:00:00Z', 'TERMINATING'],
        ],
        now,
        at('2026-01-01T00:00:00Z'),
      ),
      // F: always on since February, no event in the span nor after: up both days.
      cluster(
        'F',
        [
          ['2026-02-01T00:00:00Z', 'CREATING'],
          ['2026-02-01T00:05:00Z', 'RUNNING'],
        ],
        now,
      ),
      // G: up through the span, terminated after the range (the probe after the range decides).
      cluster(
        'G',
        [
          ['2026-02-01T00:00:00Z', 'CREATING'],
          ['2026-02-01T00:05:00Z', 'RUNNING'],
          ['2026-03-13T05:00:00Z', 'TERMINATING'],
        ],
        now,
      ),
      // H: down through the span, started after the range.
      cluster(
        'H',
        [
          ['2026-02-01T00:00:00Z', 'CREATING'],
          ['2026-02-01T00:05:00Z', 'RUNNING'],
          ['2026-02-02T00:00:00Z', 'TERMINATING'],
          ['2026-03-13T05:00:00Z', 'STARTING'],
          ['2026-03-13T05:04:00Z', 'RUNNING'],
        ],
        now,
      ),
      // I: terminated before the range: skipped from the list, never asked for events.
      cluster(
        'I',
        [
          ['2026-03-01T00:00:00Z', 'CREATING'],
          ['2026-03-01T00:05:00Z', 'RUNNING'],
          ['2026-03-02T00:00:00Z', 'TERMINATING'],
        ],
        now,
      ),
      // J: created after the range: skipped.
      cluster(
        'J',
        [
          ['2026-03-13T00:00:00Z', 'CREATING'],
          ['2026-03-13T00:05:00Z', 'RUNNING'],
        ],
        now,
      ),
      // K: no events at all, never started.
      { cluster_id: 'K', state: 'TERMINATED', start_time: at('2026-03-05T00:00:00Z'), events: [] },
    ];
    fake = await startFakeDatabricks(
      { clusters, runs: [] },
      { token: TOKEN, now, clustersMaxPage: 3, recordEventRequests: true },
    );
  });
  afterAll(() => fake.close());

  it('counts every startup on the day of its RUNNING, failed ones on the day of their TERMINATING', async () => {
    const f = await collect(clusterStartup, makeClient(fake), '2026-03-10', '2026-03-11');
    expect(f.get('2026-03-10')).toEqual({
      count: 2, // A 300 s, B's restart 90 s
      seconds: 390,
      failed: 1, // C
      le_60: 0,
      le_120: 1,
      le_300: 2,
      le_600: 2,
      le_1200: 2,
      le_1800: 2,
      le_3600: 2,
    });
    expect(f.get('2026-03-11')).toEqual({
      count: 2, // D across midnight, L
      seconds: 600,
      failed: 0,
      le_60: 0,
      le_120: 0,
      le_300: 2,
      le_600: 2,
      le_1200: 2,
      le_1800: 2,
      le_3600: 2,
    });
  });

  it('sums running time clipped to days, with restarts not interrupting it', async () => {
    const f = await collect(clusterUptime, makeClient(fake), '2026-03-10', '2026-03-11');
    // 10th: A 6900 + B 00:00–18:00 64800 + F 86400 + G 86400; 11th: D 7020 + L 3300 + E 7200 + F + G.
    expect(get(f, '2026-03-10', 'seconds')).toBe(6900 + 64800 + 86400 + 86400);
    expect(get(f, '2026-03-11', 'seconds')).toBe(7020 + 3300 + 7200 + 86400 + 86400);
  });

  it('asks only for lifecycle events, oldest first, in pages of 500, once per active cluster', async () => {
    fake.resetStats();
    const client = makeClient(fake);
    await collect(clusterStartup, client, '2026-03-10', '2026-03-11');
    await collect(clusterUptime, client, '2026-03-10', '2026-03-11'); // shares the first pass
    const asked = fake.eventRequests.map((b) => b.cluster_id);
    // One span request for each of A–H, J, K and L (J is no longer skipped: start_time is the last start, not
    // the creation); one probe after the range for F, G, H, J, K (no event in the span); one read back from
    // the span start for E, whose first event in the span is a RUNNING (was a startup open before it?).
    expect([...asked].sort()).toEqual(
      ['A', 'B', 'C', 'D', 'E', 'E', 'F', 'F', 'G', 'G', 'H', 'H', 'J', 'J', 'K', 'K', 'L'].sort(),
    );
    const back = fake.eventRequests.filter((b) => b.order === 'DESC');
    expect(back).toEqual([
      {
        cluster_id: 'E',
        end_time: at('2026-03-09T00:00:00Z') - 1,
        order: 'DESC',
        event_types: LIFECYCLE,
        page_size: 10,
      },
    ]);
    const span = fake.eventRequests.filter((b) => b.page_size === 500);
    expect(span).toHaveLength(11);
    for (const b of span) {
      expect(b).toMatchObject({
        order: 'ASC',
        start_time: at('2026-03-09T00:00:00Z'),
        end_time: at('2026-03-12T00:00:00Z') - 1,
      });
      expect([...(b.event_types as string[])].sort()).toEqual([...LIFECYCLE].sort());
    }
    expect(fake.count('GET /api/2.1/clusters/list')).toBe(4); // 12 clusters, 3 a page
    expect(runOf(client).clusters.seen).toBe(12);
    expect(runOf(client).clusters.skipped).toBe(1); // I (terminated before the range)
  });
});

describe('generated workspace: many restarts a day, several pages', () => {
  const first = '2026-02-02';
  const last = '2026-02-08';
  const gen = {
    clusters: 40,
    from: at('2026-02-02T00:00:00Z'),
    to: at('2026-02-09T00:00:00Z'),
    now: at('2026-02-11T07:30:00Z'),
    seed: 7,
    restartsPerDay: 30,
  };
  const ws = generateWorkspace(gen);
  let fake: FakeDatabricks;
  beforeAll(async () => {
    fake = await startFakeDatabricks(ws, {
      token: TOKEN,
      now: gen.now,
      clustersMaxPage: 7,
      recordEventRequests: true,
    });
  });
  afterAll(() => fake.close());

  it('matches the reference on every day and component, with pages shorter than asked', async () => {
    const client = makeClient(fake, { concurrency: 5 });
    fake.options.shortPageEvery = 2; // the server may return fewer events than page_size
    const shortBefore = fake.shortPages;
    let s: Figures, u: Figures;
    try {
      s = await collect(clusterStartup, client, first, last);
      u = await collect(clusterUptime, client, first, last);
    } finally {
      fake.options.shortPageEvery = undefined;
    }
    expect(fake.shortPages - shortBefore).toBeGreaterThan(0);
    const ref = referenceClusters(ws.clusters, first, last, 'UTC', gen.now);
    let busyDay = 0;
    for (const [date, r] of ref) {
      expect(get(s, date, 'count')).toBe(r.count);
      expect(get(s, date, 'failed')).toBe(r.failed);
      expect(get(s, date, 'seconds')).toBeCloseTo(r.seconds, 6);
      for (const b of BOUNDS) expect(get(s, date, `le_${b}`)).toBe(r.buckets[`le_${b}`]);
      expect(get(u, date, 'seconds')).toBeCloseTo(r.uptime, 3);
      busyDay = Math.max(busyDay, r.count);
    }
    expect(busyDay).toBeGreaterThan(100); // 12 busy clusters restarting ~30 times a day
  });

  it('makes the minimum number of requests: one stream of pages per active cluster', async () => {
    fake.resetStats();
    const client = makeClient(fake, { concurrency: 5 });
    await collect(clusterStartup, client, first, last);
    await collect(clusterUptime, client, first, last);
    const spanStart = at('2026-02-01T00:00:00Z');
    const rangeStart = at('2026-02-02T00:00:00Z');
    const rangeEnd = at('2026-02-09T00:00:00Z');
    const listed = ws.clusters.filter(
      (c) => c.state !== 'TERMINATED' || (c.terminated_time ?? 0) >= gen.now - 30 * 24 * H,
    );
    let pages = 0;
    let multiPage = 0;
    let readBack = 0;
    for (const c of listed) {
      if (c.state === 'TERMINATED' && c.terminated_time! < rangeStart) continue;
      const inSpan = c.events.filter(
        (e) => LIFECYCLE.includes(e.type) && e.timestamp >= spanStart && e.timestamp < rangeEnd,
      );
      const n = inSpan.length;
      // Its event pages; with none, one probe after the range; when the first event read depends on the
      // state before the span (TERMINATING, RESTARTING, RUNNING), one read back from the span start.
      const back = n > 0 && ['TERMINATING', 'RESTARTING', 'RUNNING'].includes(inSpan[0]!.type) ? 1 : 0;
      pages += Math.max(1, Math.ceil(n / 500)) + (n === 0 ? 1 : 0) + back;
      readBack += back;
      if (n > 500) multiPage++;
    }
    expect(multiPage).toBeGreaterThan(0);
    expect(readBack).toBeGreaterThan(0);
    expect(fake.count('POST /api/2.1/clusters/events')).toBe(pages);
    expect(fake.count('GET /api/2.1/clusters/list')).toBe(Math.ceil(listed.length / 7));
    expect(fake.stats.maxInFlight).toBeLessThanOrEqual(5);
    // Skipped clusters (terminated before the range) and gone ones were never asked about.
    const asked = new Set(fake.eventRequests.map((b) => b.cluster_id));
    ws.clusters.forEach((c, i) => {
      if (kindOf(i) === 'terminated_before' || kindOf(i) === 'gone')
        expect(asked.has(c.cluster_id)).toBe(false);
    });
  });

  it('gives the same figures for a span whichever way the range is cut into runs', async () => {
    const whole = await collect(clusterStartup, makeClient(fake), first, last);
    const a = await collect(clusterStartup, makeClient(fake), first, '2026-02-04');
    const b = await collect(clusterStartup, makeClient(fake), '2026-02-05', last);
    for (const [date, v] of whole) expect(v).toEqual((a.get(date) ?? b.get(date))!);
  });
});

describe('time zones and DST (America/New_York)', () => {
  const tz = 'America/New_York';
  it('matches the reference across the spring-forward day 2026-03-08', async () => {
    const gen = {
      clusters: 30,
      from: at('2026-03-06T05:00:00Z'),
      to: at('2026-03-11T04:00:00Z'),
      now: at('2026-03-12T00:00:00Z'),
      seed: 11,
      restartsPerDay: 12,
    };
    const ws = generateWorkspace(gen);
    const fake = await startFakeDatabricks(ws, { token: TOKEN, now: gen.now });
    try {
      const client = makeClient(fake);
      const s = await collect(clusterStartup, client, '2026-03-06', '2026-03-10', tz);
      const u = await collect(clusterUptime, client, '2026-03-06', '2026-03-10', tz);
      const ref = referenceClusters(ws.clusters, '2026-03-06', '2026-03-10', tz, gen.now);
      for (const [date, r] of ref) {
        expect([date, get(s, date, 'count'), get(s, date, 'failed')]).toEqual([date, r.count, r.failed]);
        expect(get(s, date, 'seconds')).toBeCloseTo(r.seconds, 6);
        expect(get(u, date, 'seconds')).toBeCloseTo(r.uptime, 3);
      }
    } finally {
      await fake.close();
    }
  });

  it('puts a start across local midnight on the local day, and a 23-hour day has 23 hours of uptime', async () => {
    const now = at('2026-03-12T00:00:00Z');
    const clusters = [
      // 23:58 EST on the 7th → 00:03 EST on the 8th: across local midnight, counts on the 8th.
      cluster(
        'M',
        [
          ['2026-03-08T04:58:00Z', 'STARTING'],
          ['2026-03-08T05:03:00Z', 'RUNNING'],
          ['2026-03-08T06:00:00Z', 'TERMINATING'],
        ],
        now,
      ),
      // 19:58 → 20:03 EDT on the 8th, i.e. across UTC midnight: the 8th in New York, the 9th in UTC.
      cluster(
        'N',
        [
          ['2026-03-08T23:58:00Z', 'STARTING'],
          ['2026-03-09T00:03:00Z', 'RUNNING'],
          ['2026-03-09T00:13:00Z', 'TERMINATING'],
        ],
        now,
      ),
      cluster(
        'F',
        [
          ['2026-02-01T00:00:00Z', 'CREATING'],
          ['2026-02-01T00:05:00Z', 'RUNNING'],
        ],
        now,
      ),
    ];
    const fake = await startFakeDatabricks({ clusters, runs: [] }, { token: TOKEN, now });
    try {
      const s = await collect(clusterStartup, makeClient(fake), '2026-03-07', '2026-03-09', tz);
      const u = await collect(clusterUptime, makeClient(fake), '2026-03-07', '2026-03-09', tz);
      expect(['2026-03-07', '2026-03-08', '2026-03-09'].map((d) => get(s, d, 'count'))).toEqual([0, 2, 0]);
      expect(get(s, '2026-03-08', 'seconds')).toBe(600);
      expect(get(u, '2026-03-07', 'seconds')).toBe(86400);
      expect(get(u, '2026-03-08', 'seconds')).toBe(23 * 3600 + 57 * 60 + 10 * 60); // F 23 h, M 57 min, N 10 min
      expect(get(u, '2026-03-09', 'seconds')).toBe(86400);
      const utc = await collect(clusterStartup, makeClient(fake), '2026-03-07', '2026-03-09', 'UTC');
      expect(['2026-03-07', '2026-03-08', '2026-03-09'].map((d) => get(utc, d, 'count'))).toEqual([0, 1, 1]);
      // Check the day bounds the test relies on.
      expect(startOfDay(addDays('2026-03-08', 1), tz) - startOfDay('2026-03-08', tz)).toBe(23 * H);
    } finally {
      await fake.close();
    }
  });
});

describe('startups that open before the range (the lookback and the read back)', () => {
  const now = at('2026-03-14T00:00:00Z');
  const created = at('2026-03-01T00:00:00Z');
  const clusters = [
    // P: opens 10 min before the first day (in the lookback), completes on it: 1200 s on the 10th; up 00:10–01:00.
    cluster(
      'P',
      [
        ['2026-03-09T23:50:00Z', 'STARTING'],
        ['2026-03-10T00:10:00Z', 'RUNNING'],
        ['2026-03-10T01:00:00Z', 'TERMINATING'],
      ],
      now,
      created,
    ),
    // Q: opens 20 min before the first day, fails on it: failed 1 on the 10th, no uptime.
    cluster(
      'Q',
      [
        ['2026-03-09T23:40:00Z', 'STARTING'],
        ['2026-03-10T00:20:00Z', 'TERMINATING'],
      ],
      now,
      created,
    ),
    // R: opens 1 min before the first day, a second STARTING after midnight does not reset it: 300 s (not
    // 180 s) on the 10th; up 00:04–00:30. Only the lookback shows the first STARTING.
    cluster(
      'R',
      [
        ['2026-03-09T23:59:00Z', 'STARTING'],
        ['2026-03-10T00:01:00Z', 'STARTING'],
        ['2026-03-10T00:04:00Z', 'RUNNING'],
        ['2026-03-10T00:30:00Z', 'TERMINATING'],
      ],
      now,
      created,
    ),
    // S: ran on the 10th (240 s, up 06:04–07:00) and was started again after the range, so the list's
    // start_time (its last start) is after the range: it must still be read.
    cluster(
      'S',
      [
        ['2026-03-10T06:00:00Z', 'STARTING'],
        ['2026-03-10T06:04:00Z', 'RUNNING'],
        ['2026-03-10T07:00:00Z', 'TERMINATING'],
        ['2026-03-13T05:00:00Z', 'STARTING'],
        ['2026-03-13T05:03:00Z', 'RUNNING'],
      ],
      now,
      created,
    ),
  ];
  const expected10 = {
    count: 3, // P 1200, R 300, S 240
    seconds: 1740,
    failed: 1, // Q
    le_60: 0,
    le_120: 0,
    le_300: 2,
    le_600: 2,
    le_1200: 3,
    le_1800: 3,
    le_3600: 3,
  };
  const uptime10 = 3000 + 1560 + 3360; // P, R, S

  it('counts them in full on the day of their RUNNING (failed: of their TERMINATING)', async () => {
    const fake = await startFakeDatabricks({ clusters, runs: [] }, { token: TOKEN, now });
    try {
      expect(clusters.find((c) => c.cluster_id === 'S')!.start_time).toBe(at('2026-03-13T05:00:00Z'));
      const client = makeClient(fake);
      const s = await collect(clusterStartup, client, '2026-03-10', '2026-03-11');
      const u = await collect(clusterUptime, client, '2026-03-10', '2026-03-11');
      expect(s.get('2026-03-10')).toEqual(expected10);
      expect(get(s, '2026-03-11', 'count') + get(s, '2026-03-11', 'failed')).toBe(0);
      expect(get(u, '2026-03-10', 'seconds')).toBe(uptime10);
      expect(get(u, '2026-03-11', 'seconds')).toBe(0);
      const ref = referenceClusters(clusters, '2026-03-10', '2026-03-11', 'UTC', now).get('2026-03-10')!;
      expect([ref.count, ref.seconds, ref.failed, ref.uptime]).toEqual([3, 1740, 1, uptime10]);
    } finally {
      await fake.close();
    }
  });

  it('counts a cluster listed twice (the list shifted between pages) once', async () => {
    const fake = await startFakeDatabricks(
      { clusters, runs: [] },
      { token: TOKEN, now, clustersMaxPage: 3, clustersListedTwice: ['P', 'S'] },
    );
    try {
      const client = makeClient(fake);
      const s = await collect(clusterStartup, client, '2026-03-10', '2026-03-11');
      const u = await collect(clusterUptime, client, '2026-03-10', '2026-03-11');
      expect(fake.count('GET /api/2.1/clusters/list')).toBe(2); // 6 entries, 3 a page: P and S again on page 2
      expect(s.get('2026-03-10')).toEqual(expected10);
      expect(get(u, '2026-03-10', 'seconds')).toBe(uptime10);
      expect(runOf(client).clusters.seen).toBe(4);
    } finally {
      await fake.close();
    }
  });

  // A startup open at the start of the events read: the read back from the span start finds it.
  const now2 = at('2026-03-20T00:00:00Z');
  const early = [
    // T: opens 22:30, fails 00:10; with a 1 h lookback the read starts at 23:00, after it opened: failed 1,
    // no uptime (not "up since the start of the read").
    cluster(
      'T',
      [
        ['2026-03-09T22:30:00Z', 'STARTING'],
        ['2026-03-10T00:10:00Z', 'TERMINATING'],
      ],
      now2,
      created,
    ),
    // X: an 80-minute cold start from 22:45: 4800 s on the 10th; up 00:05–02:00.
    cluster(
      'X',
      [
        ['2026-03-09T22:45:00Z', 'STARTING'],
        ['2026-03-10T00:05:00Z', 'RUNNING'],
        ['2026-03-10T02:00:00Z', 'TERMINATING'],
      ],
      now2,
      created,
    ),
    // U: up since March 1st, a restart across midnight (in the lookback): 240 s on the 10th; up 00:00–10:00.
    cluster(
      'U',
      [
        ['2026-03-01T00:00:00Z', 'CREATING'],
        ['2026-03-01T00:05:00Z', 'RUNNING'],
        ['2026-03-09T23:58:00Z', 'RESTARTING'],
        ['2026-03-10T00:02:00Z', 'RUNNING'],
        ['2026-03-10T10:00:00Z', 'TERMINATING'],
      ],
      now2,
    ),
  ];

  it('reads back from the span start when the first event read is TERMINATING, RUNNING or RESTARTING', async () => {
    const fake = await startFakeDatabricks(
      { clusters: early, runs: [] },
      { token: TOKEN, now: now2, recordEventRequests: true },
    );
    try {
      const client = makeClient(fake, { lookbackMs: H });
      const s = await collect(clusterStartup, client, '2026-03-10', '2026-03-10');
      const u = await collect(clusterUptime, client, '2026-03-10', '2026-03-10');
      expect(s.get('2026-03-10')).toEqual({
        count: 2, // X 4800 (over every bound), U 240
        seconds: 5040,
        failed: 1, // T
        le_60: 0,
        le_120: 0,
        le_300: 1,
        le_600: 1,
        le_1200: 1,
        le_1800: 1,
        le_3600: 1,
      });
      expect(get(u, '2026-03-10', 'seconds')).toBe(6900 + 36000); // X, U
      const ref = referenceClusters(early, '2026-03-10', '2026-03-10', 'UTC', now2).get('2026-03-10')!;
      expect([ref.count, ref.failed, ref.uptime]).toEqual([2, 1, 42900]);
      // One read back each, ending just before the span start (range start - 1 h).
      const back = fake.eventRequests.filter((b) => b.order === 'DESC');
      expect(back.map((b) => b.cluster_id).sort()).toEqual(['T', 'U', 'X']);
      for (const b of back) expect(b.end_time).toBe(at('2026-03-09T23:00:00Z') - 1);
    } finally {
      await fake.close();
    }
  });
});

describe('a cluster deleted during the run', () => {
  const first = '2026-02-02';
  const last = '2026-02-08';
  const gen = {
    clusters: 40,
    from: at('2026-02-02T00:00:00Z'),
    to: at('2026-02-09T00:00:00Z'),
    now: at('2026-02-11T07:30:00Z'),
    seed: 7,
    restartsPerDay: 30,
  };
  const ws = generateWorkspace(gen);
  const spanStart = at('2026-02-01T00:00:00Z');
  const lifecycleInSpan = (c: FakeCluster): number =>
    c.events.filter((e) => LIFECYCLE.includes(e.type) && e.timestamp >= spanStart && e.timestamp < gen.to)
      .length;

  it.each([
    ['before its first page', 0],
    ['after its first page (its first page must not count)', 1],
  ])('is skipped %s, the others still count', async (_what, after) => {
    // A busy cluster with two pages of events, so "after its first page" is half-way through its read.
    const gone = ws.clusters.find((c) => lifecycleInSpan(c) > 500)!;
    expect(gone).toBeDefined();
    const fake = await startFakeDatabricks(ws, { token: TOKEN, now: gen.now });
    fake.faults.push({
      path: '/api/2.1/clusters/events',
      clusterId: gone.cluster_id,
      times: Infinity,
      after,
      status: 400,
      errorCode: 'RESOURCE_DOES_NOT_EXIST',
    });
    try {
      const client = makeClient(fake, { concurrency: 5 });
      const s = await collect(clusterStartup, client, first, last);
      const u = await collect(clusterUptime, client, first, last);
      const others = ws.clusters.filter((c) => c !== gone);
      const ref = referenceClusters(others, first, last, 'UTC', gen.now);
      const refAll = referenceClusters(ws.clusters, first, last, 'UTC', gen.now);
      for (const [date, r] of ref) {
        expect([date, get(s, date, 'count'), get(s, date, 'failed')]).toEqual([date, r.count, r.failed]);
        expect(get(s, date, 'seconds')).toBeCloseTo(r.seconds, 6);
        expect(get(u, date, 'seconds')).toBeCloseTo(r.uptime, 3);
      }
      expect(refAll.get(first)!.count).toBeGreaterThan(ref.get(first)!.count); // the cluster mattered
      expect(runOf(client).clusters.deleted).toBe(1);
      expect(databricksSource.summaryLines!(runOf(client))[0]).toMatch(/1 skipped \(deleted during the run/);
    } finally {
      await fake.close();
    }
  });

  it('another 400 still fails the pass', async () => {
    const fake = await startFakeDatabricks(ws, { token: TOKEN, now: gen.now });
    fake.faults.push({
      path: '/api/2.1/clusters/events',
      clusterId: ws.clusters[0]!.cluster_id,
      times: Infinity,
      status: 400,
      errorCode: 'INVALID_PARAMETER_VALUE',
    });
    try {
      await expect(collect(clusterStartup, makeClient(fake), first, last)).rejects.toThrow(
        'HTTP 400 INVALID_PARAMETER_VALUE',
      );
    } finally {
      await fake.close();
    }
  });
});
