import { afterEach, describe, expect, it } from '@jest/globals';
import { generateOrg } from '../fakes/github/data.js';
import type { FakePull, FakeReview } from '../fakes/github/server.js';
import { datesOf, emptyData, fakeServers, reference, runEngine } from './helpers.js';

const fakes = fakeServers();
afterEach(() => fakes.stopAll());
const start = fakes.start;

const H = 3_600_000;
const D = 24 * H;
const DAY = Date.parse('2025-05-01T00:00:00Z');
const failures = (report: { kpis: Array<{ ok: boolean; error?: string }> }): string[] =>
  report.kpis.filter((k) => !k.ok).map((k) => k.error ?? '');

/** Every stored value of `prefix` equals the reference, over the dates. */
function expectReference(
  stored: Map<string, Map<string, number>>,
  expected: Map<string, Map<string, number>>,
  dates: string[],
  prefix: string,
): number {
  let total = 0;
  for (const d of dates) {
    const names = new Set(
      [...(stored.get(d)?.keys() ?? []), ...(expected.get(d)?.keys() ?? [])].filter((v) =>
        v.startsWith(prefix),
      ),
    );
    for (const v of names) {
      const got = stored.get(d)?.get(v);
      const want = expected.get(d)?.get(v) ?? 0;
      if (v.endsWith('_seconds')) expect([d, v, Math.round(got ?? NaN)]).toEqual([d, v, Math.round(want)]);
      else expect([d, v, got]).toEqual([d, v, want]);
      if (!v.endsWith('_seconds')) total += want;
    }
  }
  return total;
}

describe('workflow runs after a failure', () => {
  it('sends no further listing once one of 40 repositories is denied', async () => {
    const data = generateOrg({ seed: 1, org: 'o', repos: 40, from: DAY, to: DAY + D });
    data.repos[0]!.actionsDenied = true; // o/service-000: the first listed
    const f = await start(data, { latencyMs: 20 });
    const { report } = await runEngine({
      apiUrl: f.url,
      config: 'sources:\n  github:\n    org: o\n',
      start: '2025-05-01',
      end: '2025-05-01',
      timeZone: 'UTC',
      kpis: 'github.workflow_runs',
    });
    expect(report.failed).toEqual(['github.workflow_runs']);
    expect(failures(report)[0]).toContain('o/service-000');
    const listings = (): number => f.requests.filter((r) => r.path.includes('/actions/runs')).length;
    const atFailure = listings();
    await new Promise((r) => setTimeout(r, 300));
    expect(listings()).toBe(atFailure);
    // Only the listings already under way (concurrency 4) were sent.
    expect(atFailure).toBeLessThanOrEqual(4);
  });
});

describe('first review', () => {
  const review = (login: string, created: number, submitted: number): FakeReview => ({
    user: { login, type: 'User' },
    created,
    submitted,
    state: 'COMMENTED',
  });
  const pull = (number: number, created: number, reviews: FakeReview[]): FakePull => ({
    repo: 'o/a',
    number,
    user: { login: 'ada', type: 'User' },
    created,
    updated: Math.max(created, ...reviews.map((r) => r.submitted)),
    reviews,
  });

  it('is the earliest submitted, whatever the creation order, reading past the inline 10 only when needed', async () => {
    const data = emptyData(['o/a']);
    // Listed first (created first), kept pending and submitted the next day; the first review is ken's.
    data.pulls.push(
      pull(1, DAY - 2 * D, [
        review('grace', DAY - 2 * D + H, DAY + D + 10 * H),
        review('ken', DAY + 5 * H, DAY + 5 * H),
      ]),
    );
    // Ten reviews started early and submitted late, then one started after them and submitted first:
    // beyond the 10 inline, so only the REST list finds it.
    const late = Array.from({ length: 10 }, (_, i) =>
      review('grace', DAY - D + i * 60_000, DAY + 2 * D + i * H),
    );
    data.pulls.push(pull(2, DAY - 2 * D, [...late, review('linus', DAY - D + 30 * 60_000, DAY + 3 * H)]));
    // Twelve reviews, each submitted when started: the inline ones are the earliest, no REST needed.
    data.pulls.push(
      pull(
        3,
        DAY - D,
        Array.from({ length: 12 }, (_, i) => review('ken', DAY + 6 * H + i * H, DAY + 6 * H + i * H)),
      ),
    );
    const f = await start(data);
    const dates = datesOf('2025-04-29', '2025-05-04');
    const { report, stored } = await runEngine({
      apiUrl: f.url,
      config: 'sources:\n  github:\n    repos: [o/a]\n',
      start: dates[0]!,
      end: dates[dates.length - 1]!,
      timeZone: 'UTC',
      kpis: 'github.pull_request_reviews',
    });
    expect(failures(report)).toEqual([]);
    const expected = reference(data, () => true, new Set(dates), 'UTC');
    expect(expectReference(stored, expected, dates, 'github.pull_request_reviews.')).toBe(3);
    expect(stored.get('2025-05-01')!.get('github.pull_request_reviews.first_reviews')).toBe(3);
    const rest = f.requests.filter((r) => r.path.endsWith('/reviews')).map((r) => r.path);
    expect(rest).toEqual(['/repos/o/a/pulls/2/reviews']);
  });
});

describe('releases', () => {
  it('counts a release of an old commit published in the range (created_at is the commit date)', async () => {
    const data = emptyData(['o/a', 'o/b']);
    for (let i = 0; i < 120; i++) {
      const t = DAY + 12 * H - i * D;
      data.releases.push({ repo: 'o/a', created: t, published: t, draft: false, prerelease: false });
    }
    // Tagged on a commit 400 days old, published on the day: the oldest createdAt, so read last.
    data.releases.push({
      repo: 'o/a',
      created: DAY - 400 * D,
      published: DAY + 15 * H,
      draft: false,
      prerelease: false,
    });
    data.releases.push({
      repo: 'o/b',
      created: DAY - 700 * D,
      published: DAY + H,
      draft: false,
      prerelease: true,
    });
    data.releases.push({ repo: 'o/b', created: DAY - 10 * D, draft: true, prerelease: false });
    const f = await start(data);
    const dates = datesOf('2025-04-30', '2025-05-02');
    const { report, stored } = await runEngine({
      apiUrl: f.url,
      config: 'sources:\n  github:\n    repos: [o/a, o/b]\n',
      start: dates[0]!,
      end: dates[dates.length - 1]!,
      timeZone: 'UTC',
      kpis: 'github.releases',
    });
    expect(failures(report)).toEqual([]);
    const expected = reference(data, () => true, new Set(dates), 'UTC');
    expect(expectReference(stored, expected, dates, 'github.releases.')).toBe(4);
    expect(stored.get('2025-05-01')!.get('github.releases.published')).toBe(3);
    // All 121 + 2 releases in 2 requests: 100 a page, both repositories in one request (after the one
    // visibility check of the repos list).
    expect(f.count('graphql')).toBe(3);
  });
});

describe('scope split into search groups', () => {
  it('sums exact counts over groups of repo: qualifiers (include/exclude globs, too many exclusions for org:)', async () => {
    const from = Date.parse('2025-04-20T00:00:00Z');
    const to = Date.parse('2025-05-05T00:00:00Z');
    const data = generateOrg({ seed: 11, org: 'o', repos: 40, from, to, prsPerDay: 2, issuesPerDay: 1 });
    const f = await start(data);
    const dates = datesOf('2025-04-28', '2025-05-03');
    // 30 included, one of them excluded: 29 in scope, 11 left out (too many -repo: for one query).
    const inScope = (repo: string): boolean => /^o\/service-0[0-2]\d$/.test(repo) && repo !== 'o/service-015';
    const { report, stored } = await runEngine({
      apiUrl: f.url,
      config:
        "sources:\n  github:\n    org: o\n    include: ['service-00*', 'service-01*', 'service-02?']\n    exclude: ['*-015']\n",
      start: dates[0]!,
      end: dates[dates.length - 1]!,
      timeZone: 'Europe/Paris',
      kpis: 'github.pull_requests,github.issues,github.pull_request_reviews',
    });
    expect(failures(report)).toEqual([]);
    const expected = reference(data, inScope, new Set(dates), 'Europe/Paris');
    for (const kpi of ['pull_requests', 'issues', 'pull_request_reviews'])
      expect(expectReference(stored, expected, dates, `github.${kpi}.`)).toBeGreaterThan(0);
    // The queries really were split: several groups, each ORing repo: qualifiers, none with org:.
    const groups = new Set(
      f.requests
        .filter((r) => r.path === '/search/issues')
        .map((r) =>
          (r.query.get('q') ?? '')
            .split(' ')
            .filter((t) => t.startsWith('repo:'))
            .join(' '),
        ),
    );
    expect(groups.size).toBeGreaterThanOrEqual(3);
    expect([...groups].filter((g) => g.split(' ').length > 1).length).toBeGreaterThanOrEqual(2);
    const all = [...groups].flatMap((g) => g.split(' ').map((q) => q.slice('repo:'.length)));
    expect(all.sort()).toEqual(
      data.repos
        .map((r) => `${r.owner}/${r.name}`)
        .filter(inScope)
        .sort(),
    );
    expect(f.requests.some((r) => (r.query.get('q') ?? '').includes('org:'))).toBe(false);
  });
});

describe('malformed GraphQL pages', () => {
  it('fails clearly on hasNextPage without an endCursor instead of reading the same page again', async () => {
    const data = generateOrg({
      seed: 5,
      org: 'o',
      repos: 2,
      from: DAY - 3 * D,
      to: DAY + D,
      releasesPerDay: 0.5,
    });
    const f = await start(data);
    let searches = 0;
    let releases = 0;
    f.tamperGraphql = (result) => {
      type Conn = { pageInfo?: { hasNextPage: boolean; endCursor: string | null } };
      const d = (result as { data?: { search?: Conn; r0?: { releases?: Conn } | null } | null }).data;
      const broken = { hasNextPage: true, endCursor: null };
      if (d?.search?.pageInfo && searches++ < 3) d.search.pageInfo = broken;
      const conn = d?.r0?.releases;
      if (conn?.pageInfo && releases++ < 3) conn.pageInfo = broken;
      return result;
    };
    const { report } = await runEngine({
      apiUrl: f.url,
      config: 'sources:\n  github:\n    org: o\n',
      start: '2025-05-01',
      end: '2025-05-01',
      timeZone: 'UTC',
      kpis: 'github.pull_request_reviews,github.releases',
    });
    expect(report.failed.sort()).toEqual(['github.pull_request_reviews', 'github.releases']);
    for (const e of failures(report)) expect(e).toMatch(/next page without an endCursor/);
    expect(searches).toBe(1);
  });
});
