import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateOrg } from '../fakes/github/data.js';
import { FakeGitHub } from '../fakes/github/server.js';
import { datesOf, reference, runEngine, TOKEN, type RunResult } from './helpers.js';

const TZ = 'America/New_York';
const from = Date.parse('2025-02-20T00:00:00Z');
const to = Date.parse('2025-03-15T00:00:00Z');
// 12 repositories: service-004/-009 archived (every 5th), service-003/-008 forks: both left out of the org scope.
const data = generateOrg({
  seed: 7,
  org: 'acme',
  repos: 12,
  from,
  to,
  prsPerDay: 3,
  issuesPerDay: 1.5,
  runsPerDay: 3,
  commitsPerDay: 2,
  releasesPerDay: 0.3,
  archivedEvery: 5,
  forkEvery: 5,
});
// A PR reviewed only by its author and a bot: it never gets a first review.
data.pulls.push({
  repo: 'acme/service-000',
  number: 9001,
  user: { login: 'ada', type: 'User' },
  created: Date.parse('2025-03-02T15:00:00Z'),
  updated: Date.parse('2025-03-03T15:00:00Z'),
  reviews: [
    {
      user: { login: 'ada', type: 'User' },
      submitted: Date.parse('2025-03-02T16:00:00Z'),
      state: 'COMMENTED',
    },
    {
      user: { login: 'dependabot[bot]', type: 'Bot' },
      submitted: Date.parse('2025-03-03T15:00:00Z'),
      state: 'APPROVED',
    },
  ],
});
// The token may not read the Actions of one repository.
data.repos.find((r) => r.name === 'service-006')!.actionsDenied = true;

const inScope = (repo: string): boolean => {
  const r = data.repos.find((x) => `${x.owner}/${x.name}` === repo)!;
  return !r.archived && !r.fork;
};

describe('github source through collectAndStore (org scope, America/New_York)', () => {
  const fake = new FakeGitHub(data, { token: TOKEN });
  let result: RunResult;
  const start = '2025-03-01';
  const end = '2025-03-09'; // spans the DST change of 2025-03-09
  beforeAll(async () => {
    await fake.start();
    result = await runEngine({
      apiUrl: fake.url,
      config: 'sources:\n  github:\n    org: acme\n',
      start,
      end,
      timeZone: TZ,
    });
  });
  afterAll(() => fake.stop());

  it('fails only workflow_runs, naming the repository and the permission', () => {
    expect(result.report.failed).toEqual(['github.workflow_runs']);
    const err = result.report.kpis.find((k) => k.id === 'github.workflow_runs')!.error!;
    expect(err).toContain('acme/service-006');
    expect(err).toContain('actions: read');
    expect(err).not.toContain(TOKEN);
  });

  it('writes the other five KPIs, equal to a reference computed from the fake data', () => {
    const expected = reference(data, inScope, new Set(datesOf(start, end)), TZ);
    let checked = 0;
    for (const date of datesOf(start, end)) {
      const got = result.stored.get(date)!;
      expect(got).toBeDefined();
      for (const [variable, value] of got) {
        if (variable.startsWith('github.workflow_runs.')) throw new Error('failed KPI written');
        const want = expected.get(date)!.get(variable) ?? 0;
        if (variable.endsWith('_seconds')) expect(value).toBeCloseTo(want, 3);
        else expect([variable, value]).toEqual([variable, want]);
        checked++;
      }
      for (const [variable, value] of expected.get(date)!) {
        if (!variable.startsWith('github.workflow_runs.'))
          expect([variable, got.get(variable)]).toEqual([variable, value]);
      }
    }
    expect(checked).toBeGreaterThan(200);
    // The data is not trivially zero.
    const total = (v: string): number =>
      datesOf(start, end).reduce((s, d) => s + (result.stored.get(d)!.get(v) ?? 0), 0);
    for (const v of ['opened', 'merged', 'closed_unmerged'])
      expect(total(`github.pull_requests.${v}`)).toBeGreaterThan(0);
    expect(total('github.pull_request_reviews.first_reviews')).toBeGreaterThan(0);
    expect(total('github.releases.published')).toBeGreaterThan(0);
  });

  it('sends day boundaries with the New York offset, EST before and EDT after the DST change', () => {
    const qs = fake.requests.filter((r) => r.body).map((r) => JSON.stringify(r.body!.variables));
    expect(qs.some((q) => q.includes('created:2025-03-01T00:00:00-05:00..2025-03-01T23:59:59-05:00'))).toBe(
      true,
    );
    expect(qs.some((q) => q.includes('created:2025-03-09T00:00:00-05:00..2025-03-09T23:59:59-04:00'))).toBe(
      true,
    );
    const search = fake.requests
      .filter((r) => r.path === '/search/issues')
      .map((r) => r.query.get('q') ?? '');
    expect(
      search.some((q) => q.includes('merged:2025-03-01T00:00:00-05:00..2025-03-09T23:59:59-04:00')),
    ).toBe(true);
  });

  it('leaves archived repositories and forks out, in search and per-repository requests', () => {
    const search = fake.requests
      .filter((r) => r.path === '/search/issues')
      .map((r) => r.query.get('q') ?? '');
    expect(
      search.every((q) => q.includes('org:acme archived:false') && q.includes('-repo:acme/service-003')),
    ).toBe(true);
    const perRepo = fake.requests.filter((r) => r.path.includes('/actions/runs')).map((r) => r.path);
    expect(perRepo.some((p) => p.includes('service-004'))).toBe(false);
    expect(perRepo.some((p) => p.includes('service-003'))).toBe(false);
    expect(new Set(perRepo).size).toBe(8);
  });

  it('reports requests and the rate-limit budget left in the summary lines', () => {
    const [requests, limits] = result.report.sourceLines;
    expect(requests).toMatch(new RegExp(`^GitHub API: ${fake.count()} requests`));
    expect(limits).toMatch(/core \d+\/5000/);
    expect(limits).toMatch(/graphql \d+\/5000/);
  });
});

describe('github source: workflow runs, when the token may read them', () => {
  it('counts completed runs, failures and durations per completion day', async () => {
    const ok = { ...data, repos: data.repos.map((r) => ({ ...r, actionsDenied: false })) };
    const fake = new FakeGitHub(ok, { token: TOKEN });
    await fake.start();
    try {
      const start = '2025-03-03';
      const end = '2025-03-07';
      const { report, stored } = await runEngine({
        apiUrl: fake.url,
        config: 'sources:\n  github:\n    org: acme\n',
        start,
        end,
        timeZone: TZ,
        kpis: 'github.workflow_runs',
      });
      expect(report.failed).toEqual([]);
      const expected = reference(ok, inScope, new Set(datesOf(start, end)), TZ, {
        firstStart: Date.parse('2025-03-03T05:00:00Z'),
      });
      let runs = 0;
      for (const d of datesOf(start, end)) {
        for (const c of ['count', 'failed']) {
          expect(stored.get(d)!.get(`github.workflow_runs.${c}`)).toBe(
            expected.get(d)!.get(`github.workflow_runs.${c}`) ?? 0,
          );
        }
        expect(stored.get(d)!.get('github.workflow_runs.seconds')).toBeCloseTo(
          expected.get(d)!.get('github.workflow_runs.seconds') ?? 0,
          3,
        );
        runs += stored.get(d)!.get('github.workflow_runs.count')!;
      }
      expect(runs).toBeGreaterThan(50);
    } finally {
      await fake.stop();
    }
  });
});
