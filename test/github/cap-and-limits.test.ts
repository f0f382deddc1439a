import { afterEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_CLIENT_OPTIONS, GithubClient, type ClientOptions } from '../../src/sources/github/client.js';
import { MemoryLogger } from '../../src/log.js';
import { generateOrg } from '../fakes/github/data.js';
import type { FakeData, FakePull } from '../fakes/github/server.js';
import {
  datesOf,
  emptyData,
  fakeServers,
  localDate,
  reference,
  runEngine,
  testOptions,
  TOKEN,
} from './helpers.js';

const fakes = fakeServers();
afterEach(() => fakes.stopAll());
const start = fakes.start;

const newClient = (url: string, options: ClientOptions): GithubClient =>
  new GithubClient(TOKEN, url, options, new MemoryLogger(), new AbortController().signal);

/** A simulated clock from 2025-05-02 10:00 UTC: every wait is recorded and moves the clock on at once. */
function simulatedClock() {
  const clock = { now: Date.parse('2025-05-02T10:00:00Z') };
  const sleeps: number[] = [];
  const now = (): number => clock.now;
  const options = (over: Partial<ClientOptions> = {}): ClientOptions => ({
    ...DEFAULT_CLIENT_OPTIONS,
    now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      clock.now += ms;
    },
    ...over,
  });
  return { clock, sleeps, now, options };
}

describe('the 1,000-result cap', () => {
  it('splits a day with more than 1,000 merged PRs (and >1,000 runs) and loses none', async () => {
    const data = emptyData(['big/app']);
    const day = Date.parse('2025-06-10T00:00:00+09:00');
    for (let i = 0; i < 2500; i++) {
      const created = day - 3_600_000 * (1 + (i % 48));
      const merged = day + Math.floor((i * 86_399_000) / 2500 / 1000) * 1000;
      const pr: FakePull = {
        repo: 'big/app',
        number: i + 1,
        user: { login: 'u', type: 'User' },
        created,
        updated: merged,
        merged,
        closed: merged,
        reviews: [],
      };
      data.pulls.push(pr);
    }
    for (let i = 0; i < 1300; i++) {
      const created = day + i * 60_000;
      data.runs.push({
        repo: 'big/app',
        id: i + 1,
        name: 'CI',
        path: '.github/workflows/ci.yml',
        conclusion: i % 3 ? 'success' : 'failure',
        created,
        started: created,
        updated: created + 30_000,
      });
    }
    const f = await start(data, { limits: { core: 5000, search: 1000, graphql: 5000 } });
    const { report, stored } = await runEngine({
      apiUrl: f.url,
      config: 'sources:\n  github:\n    repos: [big/app]\n',
      start: '2025-06-09',
      end: '2025-06-11',
      timeZone: 'Asia/Tokyo',
      kpis: 'github.pull_requests,github.workflow_runs',
    });
    expect(report.kpis.filter((k) => !k.ok).map((k) => k.error)).toEqual([]);
    const expected = reference(data, () => true, new Set(datesOf('2025-06-09', '2025-06-11')), 'Asia/Tokyo', {
      firstStart: day - 86_400_000,
    });
    expect(stored.get('2025-06-10')!.get('github.pull_requests.merged')).toBe(2500);
    expect(stored.get('2025-06-10')!.get('github.pull_requests.merge_seconds')).toBeCloseTo(
      expected.get('2025-06-10')!.get('github.pull_requests.merge_seconds')!,
      3,
    );
    expect(stored.get('2025-06-10')!.get('github.workflow_runs.count')).toBe(1300);
    expect(stored.get('2025-06-10')!.get('github.workflow_runs.failed')).toBe(
      expected.get('2025-06-10')!.get('github.workflow_runs.failed'),
    );
    // No page beyond the cap was ever asked for, and the window was split.
    const searches = f.requests.filter((r) => r.path === '/search/issues');
    expect(searches.every((r) => r.status === 200)).toBe(true);
    expect(new Set(searches.map((r) => r.query.get('q'))).size).toBeGreaterThan(3);
  });

  it('splits when results come back incomplete', async () => {
    const data = generateOrg({
      seed: 3,
      org: 'o',
      repos: 1,
      from: Date.parse('2025-01-01T00:00:00Z'),
      to: Date.parse('2025-01-05T00:00:00Z'),
      issuesPerDay: 5,
    });
    const f = await start(data);
    // The whole-range query times out on GitHub's side; its halves do not.
    f.incompleteFor = /closed:2025-01-01T00:00:00\+00:00\.\.2025-01-04T23:59:59\+00:00/;
    const { report, stored, log } = await runEngine({
      apiUrl: f.url,
      config: 'sources:\n  github:\n    org: o\n',
      start: '2025-01-01',
      end: '2025-01-04',
      timeZone: 'UTC',
      kpis: 'github.issues',
    });
    expect(report.kpis.filter((k) => !k.ok).map((k) => k.error)).toEqual([]);
    const expected = reference(data, () => true, new Set(datesOf('2025-01-01', '2025-01-04')), 'UTC');
    for (const d of datesOf('2025-01-01', '2025-01-04'))
      expect(stored.get(d)!.get('github.issues.closed')).toBe(
        expected.get(d)!.get('github.issues.closed') ?? 0,
      );
    expect(log.lines.some((l) => l.includes('may be incomplete'))).toBe(false);
  });
});

describe('the 1,000-result cap at slice and day boundaries', () => {
  it('counts events exactly on slice boundaries and local midnights (New York, DST) once each', async () => {
    const TZ = 'America/New_York';
    const data = emptyData(['big/app']);
    const first = Date.parse('2025-03-08T05:00:00Z'); // 2025-03-08 00:00 EST
    const end = Date.parse('2025-03-11T04:00:00Z'); // 2025-03-11 00:00 EDT
    const times: number[] = [];
    const N = 2600;
    for (let i = 0; i < N; i++) times.push(first + Math.floor((((end - first) / 1000) * i) / N) * 1000);
    // The slice bounds of the whole range as the source cuts it (whole seconds, ⌈total / 700⌉ slices),
    // derived here from the documented rule, plus the seconds either side of each.
    const seconds = (end - first) / 1000;
    for (const parts of [Math.ceil(N / 700), Math.ceil((N + 20) / 700)]) {
      for (let k = 1; k < parts; k++) {
        const b = first + Math.floor((seconds * k) / parts) * 1000;
        times.push(b - 1000, b, b + 1000);
      }
    }
    // Local midnights (the DST day is 23 hours long) and the last second before each.
    for (const m of ['2025-03-09T05:00:00Z', '2025-03-10T04:00:00Z'])
      times.push(Date.parse(m) - 1000, Date.parse(m));
    let n = 1;
    for (const t of times) {
      // Created exactly on a local midnight too for one PR in three.
      const created = n % 3 === 0 ? t : t - 3_600_000;
      data.pulls.push({
        repo: 'big/app',
        number: n++,
        user: { login: 'u', type: 'User' },
        created,
        updated: t,
        merged: t,
        closed: t,
        reviews: [],
      });
    }
    for (const m of ['2025-03-08T05:00:00Z', '2025-03-09T05:00:00Z', '2025-03-10T04:00:00Z']) {
      const t = Date.parse(m);
      data.pulls.push({
        repo: 'big/app',
        number: n++,
        user: { login: 'u', type: 'User' },
        created: t,
        updated: t,
        merged: t,
        closed: t,
        reviews: [],
      });
    }
    const f = await start(data, { limits: { core: 5000, search: 10_000, graphql: 5000 } });
    const dates = datesOf('2025-03-08', '2025-03-10');
    const { report, stored } = await runEngine({
      apiUrl: f.url,
      config: 'sources:\n  github:\n    repos: [big/app]\n',
      start: dates[0]!,
      end: dates[2]!,
      timeZone: TZ,
      kpis: 'github.pull_requests',
    });
    expect(report.kpis.filter((k) => !k.ok).map((k) => k.error)).toEqual([]);
    const expected = reference(data, () => true, new Set(dates), TZ);
    let merged = 0;
    for (const d of dates) {
      for (const v of ['merged', 'opened']) {
        const name = `github.pull_requests.${v}`;
        expect([d, name, stored.get(d)!.get(name)]).toEqual([d, name, expected.get(d)!.get(name) ?? 0]);
      }
      expect(stored.get(d)!.get('github.pull_requests.merge_seconds')).toBeCloseTo(
        expected.get(d)!.get('github.pull_requests.merge_seconds')!,
        3,
      );
      merged += stored.get(d)!.get('github.pull_requests.merged')!;
    }
    expect(merged).toBe(data.pulls.filter((p) => p.merged! >= first && p.merged! < end).length);
    // The range was over the cap, so it was split.
    expect(
      new Set(f.requests.filter((r) => r.path === '/search/issues').map((r) => r.query.get('q'))).size,
    ).toBeGreaterThan(3);
  });
});

describe('rate limits', () => {
  const oneDay = (): FakeData =>
    generateOrg({
      seed: 1,
      org: 'o',
      repos: 3,
      from: Date.parse('2025-05-01T00:00:00Z'),
      to: Date.parse('2025-05-03T00:00:00Z'),
    });

  it('waits out a 403 secondary limit with retry-after, then succeeds', async () => {
    const data = oneDay();
    const f = await start(data);
    f.fail({ match: /^GET \/search\/issues/, status: 403, kind: 'secondary', retryAfter: 7 });
    const sleeps: number[] = [];
    const { report, stored, log } = await runEngine({
      apiUrl: f.url,
      config: 'sources:\n  github:\n    org: o\n',
      start: '2025-05-01',
      end: '2025-05-01',
      timeZone: 'UTC',
      kpis: 'github.issues',
      options: testOptions(sleeps),
    });
    expect(report.kpis.filter((k) => !k.ok).map((k) => k.error)).toEqual([]);
    expect(sleeps).toEqual([7000]);
    expect(log.lines.some((l) => l.startsWith('warning: ') && l.includes('secondary rate limit'))).toBe(true);
    expect(report.sourceLines[0]).toContain('1 rate-limit wait(s)');
    const want = data.issues.filter(
      (i) => i.closed !== undefined && localDate(i.closed, 'UTC') === '2025-05-01',
    ).length;
    expect(stored.get('2025-05-01')!.get('github.issues.closed')).toBe(want);
  });

  it('without retry-after waits the floor, then exponentially longer (429 and 403 alike)', async () => {
    const f = await start(oneDay());
    f.fail({ match: /^POST \/graphql/, status: 429, kind: 'secondary', times: 3 });
    const sleeps: number[] = [];
    const { report } = await runEngine({
      apiUrl: f.url,
      config: 'sources:\n  github:\n    org: o\n',
      start: '2025-05-01',
      end: '2025-05-01',
      timeZone: 'UTC',
      kpis: 'github.commits',
      options: { ...testOptions(sleeps), secondaryFloorMs: 5 },
    });
    expect(report.kpis.filter((k) => !k.ok).map((k) => k.error)).toEqual([]);
    expect(sleeps).toHaveLength(3);
    expect(sleeps[0]).toBeGreaterThanOrEqual(5);
    expect(sleeps[1]).toBeGreaterThanOrEqual(10);
    expect(sleeps[2]).toBeGreaterThanOrEqual(20);
  });

  it('uses a one-minute floor in production', async () => {
    expect(DEFAULT_CLIENT_OPTIONS.secondaryFloorMs).toBe(60_000);
    const f = await start(oneDay());
    f.fail({ match: /^GET \/rate_limit/, status: 403, kind: 'secondary' });
    const sleeps: number[] = [];
    const client = newClient(f.url, { ...DEFAULT_CLIENT_OPTIONS, sleep: async (ms) => void sleeps.push(ms) });
    await client.fetchRateLimits();
    expect(sleeps).toEqual([60_000]);
  });

  it('waits for the reset of an exhausted primary limit when it is near, and fails clearly when it is far', async () => {
    const sim = simulatedClock();
    const f = await start(oneDay(), { limits: { core: 2, search: 30, graphql: 5000 }, now: sim.now });
    const client = newClient(f.url, sim.options({ maxRateLimitWaitMs: 2 * 3_600_000 }));
    for (let i = 0; i < 3; i++) await client.get('GET /orgs/{org}/repos', { org: 'o' });
    expect(sim.sleeps).toHaveLength(1);
    expect(sim.sleeps[0]).toBeGreaterThan(3_500_000);
    expect(f.requests.filter((r) => r.status === 403)).toHaveLength(1);

    const impatient = newClient(f.url, {
      ...DEFAULT_CLIENT_OPTIONS,
      now: sim.now,
      maxRateLimitWaitMs: 1000,
      sleep: async () => {},
    });
    await impatient.get('GET /orgs/{org}/repos', { org: 'o' });
    await expect(impatient.get('GET /orgs/{org}/repos', { org: 'o' })).rejects.toThrow(
      /rate limit \(core\) exhausted until/,
    );
  });

  it('waits for the reset of a GraphQL RATE_LIMITED answer (HTTP 200)', async () => {
    const sim = simulatedClock();
    const f = await start(oneDay(), { limits: { core: 5000, search: 30, graphql: 1 }, now: sim.now });
    const client = newClient(
      f.url,
      sim.options({ graphqlMinIntervalMs: 0, maxRateLimitWaitMs: 2 * 3_600_000 }),
    );
    const q = 'query { rateLimit { remaining } }';
    await client.graphqlStrict(q);
    const second = await client.graphqlStrict<{ rateLimit: { remaining: number } }>(q);
    expect(second.rateLimit.remaining).toBe(0);
    expect(sim.sleeps).toHaveLength(1);
  });

  it('after a secondary limit without retry-after and with no budget left, waits until x-ratelimit-reset', async () => {
    const sim = simulatedClock();
    const f = await start(oneDay(), { now: sim.now });
    const client = newClient(f.url, sim.options());
    await client.get('GET /orgs/{org}/repos', { org: 'o' }); // the core window: resets in one hour
    sim.clock.now += 50 * 60_000;
    f.fail({ match: /^GET \/orgs\//, status: 403, kind: 'secondary', exhausted: true });
    await client.get('GET /orgs/{org}/repos', { org: 'o' });
    // Reset at 11:00 (the fake's window opened at 10:00), now 10:50: ten minutes and one second.
    expect(sim.sleeps).toEqual([10 * 60_000 + 1000]);
    expect(sim.sleeps[0]).toBeGreaterThan(DEFAULT_CLIENT_OPTIONS.secondaryFloorMs);
    // retry-after, when given, comes first.
    f.fail({ match: /^GET \/orgs\//, status: 429, kind: 'secondary', exhausted: true, retryAfter: 3 });
    await client.get('GET /orgs/{org}/repos', { org: 'o' });
    expect(sim.sleeps.at(-1)).toBe(3000);
  });

  it('waits for the reset of a GraphQL RATE_LIMITED answer on GHES (/api/graphql) too', async () => {
    const sim = simulatedClock();
    const f = await start(oneDay(), {
      ghes: true,
      limits: { core: 5000, search: 30, graphql: 1 },
      now: sim.now,
    });
    const client = newClient(
      f.url,
      sim.options({ graphqlMinIntervalMs: 0, maxRateLimitWaitMs: 2 * 3_600_000 }),
    );
    const q = 'query { rateLimit { remaining } }';
    await client.graphqlStrict(q);
    const second = await client.graphqlStrict<{ rateLimit: { remaining: number } }>(q);
    expect(second.rateLimit.remaining).toBe(0);
    expect(sim.sleeps).toHaveLength(1);
    expect(sim.sleeps[0]).toBeGreaterThan(3_500_000);
    expect(f.requests.filter((r) => r.path === '/graphql').map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it('spaces every page of a REST search on GHES, not only the first, and GraphQL at /api/graphql', async () => {
    const data = emptyData(['o/a']);
    const day = Date.parse('2025-05-01T00:00:00Z');
    for (let i = 0; i < 250; i++) {
      const created = day - 86_400_000 + i * 1000;
      data.issues.push({
        repo: 'o/a',
        number: i + 1,
        user: { login: 'u', type: 'User' },
        created,
        updated: created + 3_600_000,
        closed: day + i * 60_000,
      });
    }
    const f = await start(data, { ghes: true, limits: { core: 5000, search: 1000, graphql: 5000 } });
    const interval = 80;
    const { report, stored } = await runEngine({
      apiUrl: f.url,
      config: 'sources:\n  github:\n    repos: [o/a]\n',
      start: '2025-05-01',
      end: '2025-05-01',
      timeZone: 'UTC',
      kpis: 'github.issues',
      options: { ...testOptions(), searchMinIntervalMs: interval },
    });
    expect(report.kpis.filter((k) => !k.ok).map((k) => k.error)).toEqual([]);
    expect(stored.get('2025-05-01')!.get('github.issues.closed')).toBe(250);
    const searches = f.requests.filter((r) => r.path === '/search/issues');
    expect(searches.map((r) => r.query.get('page') ?? '1')).toEqual(['1', '2', '3']);
    for (let i = 1; i < searches.length; i++)
      expect(searches[i]!.at - searches[i - 1]!.at).toBeGreaterThanOrEqual(interval - 15);
    // GraphQL at /api/graphql is spaced too.
    const client = newClient(f.url, { ...DEFAULT_CLIENT_OPTIONS, graphqlMinIntervalMs: interval });
    const before = f.requests.length;
    await Promise.all([1, 2, 3].map(() => client.graphqlStrict('query { rateLimit { remaining } }')));
    const posts = f.requests.slice(before);
    expect(posts.map((r) => r.path)).toEqual(['/graphql', '/graphql', '/graphql']);
    for (let i = 1; i < posts.length; i++)
      expect(posts[i]!.at - posts[i - 1]!.at).toBeGreaterThanOrEqual(interval - 15);
  });

  it('warns before collecting when the budget left cannot cover the run, and can refuse', async () => {
    const f = await start(
      generateOrg({
        seed: 2,
        org: 'o',
        repos: 40,
        from: Date.parse('2025-05-01T00:00:00Z'),
        to: Date.parse('2025-05-02T00:00:00Z'),
      }),
      {
        limits: { core: 20, search: 30, graphql: 5000 },
      },
    );
    const base = {
      apiUrl: f.url,
      start: '2025-05-01',
      end: '2025-05-01',
      timeZone: 'UTC',
      kpis: 'github.releases',
    };
    const { report } = await runEngine({ ...base, config: 'sources:\n  github:\n    org: o\n' });
    expect(report.warnings.join('\n')).toMatch(/needs at least REST 40 \(\d+ left\)/);
    await expect(
      runEngine({ ...base, config: 'sources:\n  github:\n    org: o\n    budget_check: fail\n' }),
    ).rejects.toThrow(/more than the rate-limit budget left/);
  });
});

describe('scope and access', () => {
  it('refuses an inaccessible repository of the repos list before collecting, naming it', async () => {
    const data = emptyData(['a/one', 'a/hidden']);
    data.repos[1]!.visible = false;
    const f = await start(data);
    await expect(
      runEngine({
        apiUrl: f.url,
        config: 'sources:\n  github:\n    repos: [a/one, a/hidden]\n',
        start: '2025-05-01',
        end: '2025-05-01',
        timeZone: 'UTC',
        kpis: 'github.commits,github.releases',
      }),
    ).rejects.toThrow("github: repository 'a/hidden' not found or not visible to the token");
    // The one visibility check, and no KPI request.
    expect(f.count('graphql')).toBe(1);
    expect(f.requests.map((q) => q.path)).toEqual(['/rate_limit', '/graphql']);
  });

  it('uses the workflow repository by default, and the GHES API layout from GITHUB_API_URL', async () => {
    const data = emptyData(['me/repo', 'me/other']);
    data.commits.push(
      { repo: 'me/repo', committed: Date.parse('2025-05-01T12:00:00Z') },
      { repo: 'me/other', committed: Date.parse('2025-05-01T12:00:00Z') },
    );
    const f = await start(data, { ghes: true });
    expect(f.url).toMatch(/\/api\/v3$/);
    const { report, stored } = await runEngine({
      apiUrl: f.url,
      config: '',
      start: '2025-05-01',
      end: '2025-05-01',
      timeZone: 'UTC',
      kpis: 'github.commits',
      env: { GITHUB_REPOSITORY: 'me/repo' },
    });
    expect(report.kpis.filter((k) => !k.ok).map((k) => k.error)).toEqual([]);
    expect(stored.get('2025-05-01')!.get('github.commits.default_branch')).toBe(1);
    expect(f.requests.some((r) => r.path === '/graphql' && r.status === 200)).toBe(true);
  });
});
