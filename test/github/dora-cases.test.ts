/**
 * The DORA KPIs on hand-made histories: each case names what it checks, and its expectations are written out by
 * hand (or, for the time-zone case, computed with Intl by dora-reference.ts).
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { FakeDeployment, FakeDeploymentStatus, FakeGitCommit } from '../fakes/github/deployments.js';
import type { FakeData, FakeIssue, FakeRun } from '../fakes/github/server.js';
import { doraReference } from './dora-reference.js';
import type { ClientOptions } from '../../src/sources/github/index.js';
import type { FakeGitHub } from '../fakes/github/server.js';
import { datesOf, emptyData, fakeServers, runEngine, testOptions } from './helpers.js';

const REPO = 'acme/api';
const CONFIG = `sources:\n  github:\n    repos: [${REPO}]\n`;
const KPIS = 'github.deployments,github.lead_time,github.incidents';
const H = 3_600_000;
const t = (s: string): number => Date.parse(s);
const servers = fakeServers();
afterEach(() => servers.stopAll());

let shaN = 0;
const sha = (): string => (++shaN).toString(16).padStart(40, 'c');

/** A line of commits, each `stepMs` after the previous, committed = authored unless given. */
function chain(n: number, first: number, stepMs: number, parent?: string): FakeGitCommit[] {
  const out: FakeGitCommit[] = [];
  for (let i = 0; i < n; i++) {
    const at = first + i * stepMs;
    out.push({
      repo: REPO,
      sha: sha(),
      parents: out.length ? [out.at(-1)!.sha] : parent ? [parent] : [],
      authored: at,
      committed: at,
    });
  }
  return out;
}

let depId = 0;
function deploy(
  at: string | number,
  commit: string,
  statuses: Array<[FakeDeploymentStatus['state'], string | number]>,
  environment = 'production',
): FakeDeployment {
  return {
    repo: REPO,
    id: ++depId,
    sha: commit,
    environment,
    created: typeof at === 'number' ? at : t(at),
    statuses: statuses.map(([state, when]) => ({
      state,
      created: typeof when === 'number' ? when : t(when),
    })),
  };
}

async function collect(
  data: Partial<FakeData>,
  start: string,
  end: string,
  o: {
    timeZone?: string;
    kpis?: string;
    config?: string;
    ghes?: boolean;
    before?: (fake: FakeGitHub) => void;
    options?: Partial<ClientOptions>;
  } = {},
) {
  const fake = await servers.start({ ...emptyData([REPO]), ...data }, { ghes: o.ghes });
  o.before?.(fake);
  const result = await runEngine({
    options: o.options,
    apiUrl: fake.url,
    config: o.config ?? CONFIG,
    start,
    end,
    timeZone: o.timeZone ?? 'UTC',
    kpis: o.kpis ?? KPIS,
  });
  const v = (date: string, variable: string): number | undefined => result.stored.get(date)?.get(variable);
  return { fake, result, v, warnings: result.log.lines.filter((l) => l.startsWith('warning:')) };
}

describe('github.deployments', () => {
  it('a deployment in_progress → failure → later success counts once, as succeeded, on the day of the success', async () => {
    const c = chain(3, t('2025-05-01T08:00:00Z'), H);
    const { v, result } = await collect(
      {
        gitCommits: c,
        deployments: [
          deploy('2025-05-01T10:00:00Z', c[0]!.sha, [['success', '2025-05-01T10:05:00Z']]),
          deploy('2025-05-02T22:00:00Z', c[2]!.sha, [
            ['queued', '2025-05-02T22:00:00Z'],
            ['in_progress', '2025-05-02T22:01:00Z'],
            ['failure', '2025-05-02T23:30:00Z'],
            ['in_progress', '2025-05-03T00:10:00Z'],
            ['success', '2025-05-03T01:00:00Z'],
            ['inactive', '2025-05-04T09:00:00Z'],
          ]),
        ],
      },
      '2025-05-02',
      '2025-05-04',
    );
    expect(result.report.failed).toEqual([]);
    expect([
      v('2025-05-02', 'github.deployments.failed'),
      v('2025-05-02', 'github.deployments.succeeded'),
    ]).toEqual([0, 0]);
    expect([
      v('2025-05-03', 'github.deployments.failed'),
      v('2025-05-03', 'github.deployments.succeeded'),
    ]).toEqual([0, 1]);
    expect(v('2025-05-04', 'github.deployments.succeeded')).toBe(0);
    // Two commits since the deployment of c0, on the day of the success: 05-03 01:00 − 05-01 09:00 and − 10:00.
    expect(v('2025-05-03', 'github.lead_time.commits')).toBe(2);
    expect(v('2025-05-03', 'github.lead_time.seconds')).toBe((40 + 39) * 3600);
    expect(v('2025-05-02', 'github.deployments.collected_days')).toBe(1);
  });

  it('an error is a failure; a deployment still in progress and one to staging do not count', async () => {
    const c = chain(2, t('2025-05-01T08:00:00Z'), H);
    const { v } = await collect(
      {
        gitCommits: c,
        deployments: [
          deploy('2025-05-02T10:00:00Z', c[1]!.sha, [['error', '2025-05-02T10:05:00Z']]),
          deploy('2025-05-02T11:00:00Z', c[1]!.sha, [['in_progress', '2025-05-02T11:01:00Z']]),
          deploy('2025-05-02T12:00:00Z', c[1]!.sha, [['success', '2025-05-02T12:05:00Z']], 'staging'),
          deploy('2025-05-02T13:00:00Z', c[1]!.sha, [['failure', '2025-05-02T13:05:00Z']], 'prod'),
        ],
      },
      '2025-05-02',
      '2025-05-02',
      { kpis: 'github.deployments' },
    );
    expect([
      v('2025-05-02', 'github.deployments.failed'),
      v('2025-05-02', 'github.deployments.succeeded'),
    ]).toEqual([2, 0]);
  });

  it('deploy workflows on the default branch are the deployments when `workflows` is set', async () => {
    const run = (
      id: number,
      path: string,
      conclusion: string,
      updated: string,
      headBranch?: string,
    ): FakeRun => ({
      repo: REPO,
      id,
      name: 'x',
      path,
      conclusion,
      created: t(updated) - H,
      started: t(updated) - H,
      updated: t(updated),
      headBranch,
    });
    const config = `${CONFIG}    kpis:\n      deployments: { workflows: [deploy.yml] }\n`;
    const { v, result } = await collect(
      {
        runs: [
          run(1, '.github/workflows/deploy.yml', 'success', '2025-05-02T10:00:00Z'),
          run(2, '.github/workflows/deploy.yml', 'timed_out', '2025-05-02T11:00:00Z'),
          run(3, '.github/workflows/deploy.yml', 'cancelled', '2025-05-02T12:00:00Z'),
          run(4, '.github/workflows/deploy.yml', 'success', '2025-05-02T13:00:00Z', 'feature-x'),
          run(5, '.github/workflows/ci.yml', 'failure', '2025-05-02T14:00:00Z'),
          run(6, '.github/workflows/deploy.yml', 'startup_failure', '2025-05-03T01:00:00Z'),
        ],
      },
      '2025-05-02',
      '2025-05-03',
      { kpis: 'github.deployments', config },
    );
    expect(result.report.failed).toEqual([]);
    expect([
      v('2025-05-02', 'github.deployments.succeeded'),
      v('2025-05-02', 'github.deployments.failed'),
    ]).toEqual([1, 1]);
    expect([
      v('2025-05-03', 'github.deployments.succeeded'),
      v('2025-05-03', 'github.deployments.failed'),
    ]).toEqual([0, 1]);
  });
});

describe('github.lead_time', () => {
  it('redeploying the same commit counts none of its commits twice', async () => {
    const c = chain(4, t('2025-05-01T00:00:00Z'), H);
    const { v } = await collect(
      {
        gitCommits: c,
        deployments: [
          deploy('2025-05-01T06:00:00Z', c[0]!.sha, [['success', '2025-05-01T06:00:00Z']]),
          deploy('2025-05-02T06:00:00Z', c[3]!.sha, [['success', '2025-05-02T06:00:00Z']]),
          deploy('2025-05-03T06:00:00Z', c[3]!.sha, [['success', '2025-05-03T06:00:00Z']]),
          // A rollback to c1 and forward again to c3: nothing new either.
          deploy('2025-05-03T08:00:00Z', c[1]!.sha, [['success', '2025-05-03T08:00:00Z']]),
          deploy('2025-05-03T09:00:00Z', c[3]!.sha, [['success', '2025-05-03T09:00:00Z']]),
        ],
      },
      '2025-05-02',
      '2025-05-03',
    );
    expect(v('2025-05-02', 'github.lead_time.commits')).toBe(3);
    expect(v('2025-05-03', 'github.lead_time.commits')).toBe(0);
    expect(v('2025-05-03', 'github.deployments.succeeded')).toBe(3);
  });

  it('uses the committer date, not the author date', async () => {
    const base = chain(1, t('2025-05-01T00:00:00Z'), H);
    const late: FakeGitCommit = {
      repo: REPO,
      sha: sha(),
      parents: [base[0]!.sha],
      authored: t('2025-04-20T00:00:00Z'), // written ten days earlier, rebased just before the deployment
      committed: t('2025-05-02T08:00:00Z'),
    };
    const { v } = await collect(
      {
        gitCommits: [...base, late],
        deployments: [
          deploy('2025-05-01T06:00:00Z', base[0]!.sha, [['success', '2025-05-01T06:00:00Z']]),
          deploy('2025-05-02T10:00:00Z', late.sha, [['success', '2025-05-02T10:00:00Z']]),
        ],
      },
      '2025-05-02',
      '2025-05-02',
      { kpis: 'github.lead_time' },
    );
    expect(v('2025-05-02', 'github.lead_time.seconds')).toBe(7200);
    expect([
      v('2025-05-02', 'github.lead_time.le_3600'),
      v('2025-05-02', 'github.lead_time.le_7200'),
    ]).toEqual([0, 1]);
  });

  it('a force-push that makes the base unknown: a clear warning, that deployment not counted, the next one is', async () => {
    const gone = sha(); // deployed, then force-pushed away and collected by GitHub: compare answers 404
    const c = chain(5, t('2025-05-01T12:00:00Z'), H);
    const { v, warnings, result } = await collect(
      {
        gitCommits: c,
        deployments: [
          deploy('2025-05-01T06:00:00Z', gone, [['success', '2025-05-01T06:00:00Z']]),
          deploy('2025-05-02T06:00:00Z', c[2]!.sha, [['success', '2025-05-02T06:00:00Z']]),
          deploy('2025-05-03T06:00:00Z', c[4]!.sha, [['success', '2025-05-03T06:00:00Z']]),
        ],
      },
      '2025-05-02',
      '2025-05-03',
      { kpis: 'github.lead_time' },
    );
    expect(result.report.failed).toEqual([]);
    expect(v('2025-05-02', 'github.lead_time.commits')).toBe(0);
    expect(v('2025-05-03', 'github.lead_time.commits')).toBe(2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('acme/api (production)');
    expect(warnings[0]).toContain(`${gone.slice(0, 7)}...${c[2]!.sha.slice(0, 7)}`);
    expect(warnings[0]).toContain('not counted');
  });

  it('a deployment whose history was rewritten (diverged from the base) is not counted either', async () => {
    const root = chain(1, t('2025-04-30T00:00:00Z'), H);
    const old = chain(2, t('2025-05-01T00:00:00Z'), H, root[0]!.sha);
    const rewritten = chain(3, t('2025-05-01T20:00:00Z'), H, root[0]!.sha);
    const { v, warnings } = await collect(
      {
        gitCommits: [...root, ...old, ...rewritten],
        deployments: [
          deploy('2025-05-01T06:00:00Z', old[1]!.sha, [['success', '2025-05-01T06:00:00Z']]),
          deploy('2025-05-02T06:00:00Z', rewritten[2]!.sha, [['success', '2025-05-02T06:00:00Z']]),
        ],
      },
      '2025-05-02',
      '2025-05-02',
      { kpis: 'github.lead_time' },
    );
    expect(v('2025-05-02', 'github.lead_time.commits')).toBe(0);
    expect(warnings.join('\n')).toContain('history rewritten');
  });

  it('lists more than 250 commits of one deployment: the unpaged 250, then the earlier ones paged', async () => {
    const c = chain(521, t('2025-04-01T00:00:00Z'), 60_000);
    const { v, fake } = await collect(
      {
        gitCommits: c,
        deployments: [
          deploy('2025-05-01T06:00:00Z', c[0]!.sha, [['success', '2025-05-01T06:00:00Z']]),
          deploy('2025-05-02T06:00:00Z', c[520]!.sha, [['success', '2025-05-02T06:00:00Z']]),
        ],
      },
      '2025-05-02',
      '2025-05-02',
      { kpis: 'github.lead_time' },
    );
    expect(v('2025-05-02', 'github.lead_time.commits')).toBe(520);
    const pages = fake.requests.filter((r) => r.path.includes('/compare/')).map((r) => r.query.get('page'));
    // The unpaged answer holds the last 250; pages 1–3 of 100 hold the 270 before them.
    expect(pages).toEqual([null, '1', '2', '3']);
  });

  it('without any success before the range, the first deployment is the base and a warning says so', async () => {
    const c = chain(3, t('2025-05-01T00:00:00Z'), H);
    const { v, warnings } = await collect(
      {
        gitCommits: c,
        deployments: [
          deploy('2025-05-02T06:00:00Z', c[1]!.sha, [['success', '2025-05-02T06:00:00Z']]),
          deploy('2025-05-03T06:00:00Z', c[2]!.sha, [['success', '2025-05-03T06:00:00Z']]),
        ],
      },
      '2025-05-02',
      '2025-05-03',
      { kpis: 'github.lead_time' },
    );
    expect([
      v('2025-05-02', 'github.lead_time.commits'),
      v('2025-05-03', 'github.lead_time.commits'),
    ]).toEqual([0, 1]);
    expect(warnings.join('\n')).toContain('no successful deployment before');
  });

  it('counts on local days across a DST change (America/New_York)', async () => {
    const TZ = 'America/New_York';
    const c = chain(6, t('2025-03-07T12:00:00Z'), 7 * H);
    const data: Partial<FakeData> = {
      gitCommits: c,
      deployments: [
        deploy('2025-03-07T20:00:00Z', c[1]!.sha, [['success', '2025-03-07T20:00:00Z']]),
        // 23:30 EST on 03-08
        deploy('2025-03-09T04:00:00Z', c[3]!.sha, [['success', '2025-03-09T04:30:00Z']]),
        // 23:59:59 EDT on 03-09 (a 23-hour day)
        deploy('2025-03-10T03:00:00Z', c[4]!.sha, [['failure', '2025-03-10T03:59:59Z']]),
        // 00:00:00 EDT on 03-10
        deploy('2025-03-10T03:30:00Z', c[5]!.sha, [['success', '2025-03-10T04:00:00Z']]),
      ],
      issues: [
        {
          repo: REPO,
          number: 7,
          user: { login: 'a', type: 'User' },
          created: t('2025-03-09T06:59:59Z'),
          updated: 0,
          closed: t('2025-03-10T03:59:59Z'),
          labels: ['incident'],
        },
      ],
    };
    const { v, result } = await collect(data, '2025-03-08', '2025-03-10', { timeZone: TZ });
    const expected = doraReference(
      { ...emptyData([REPO]), ...data },
      datesOf('2025-03-08', '2025-03-10'),
      TZ,
    );
    for (const [date, m] of expected)
      for (const [variable, value] of m)
        expect([date, variable, v(date, variable)]).toEqual([date, variable, value]);
    expect(result.stored.get('2025-03-09')!.get('github.deployments.failed')).toBe(1);
    expect(result.stored.get('2025-03-10')!.get('github.lead_time.commits')).toBe(2);
  });
});

describe('github.incidents', () => {
  const issue = (n: number, created: string, closed: string | undefined, labels: string[]): FakeIssue => ({
    repo: REPO,
    number: n,
    user: { login: 'ada', type: 'User' },
    created: t(created),
    updated: t(created),
    closed: closed ? t(closed) : undefined,
    labels,
  });

  it('a reopened incident resolves on its last close; one open again is not resolved; labels any case', async () => {
    const { v, fake } = await collect(
      {
        issues: [
          // closed on 05-02, reopened, closed again on 05-04: GitHub's closed_at is the last close
          issue(1, '2025-05-01T10:00:00Z', '2025-05-04T10:00:00Z', ['Incident']),
          // closed on 05-02 and reopened since: open, no closed_at
          issue(2, '2025-05-02T09:00:00Z', undefined, ['incident', 'sev1']),
          issue(3, '2025-05-03T09:00:00Z', '2025-05-03T10:30:00Z', ['outage']),
          issue(4, '2025-05-03T09:00:00Z', '2025-05-03T09:30:00Z', ['bug']),
        ],
      },
      '2025-05-01',
      '2025-05-04',
      {
        kpis: 'github.incidents',
        config: `${CONFIG}    kpis:\n      incidents: { labels: [incident, OUTAGE] }\n`,
      },
    );
    expect(['01', '02', '03', '04'].map((d) => v(`2025-05-${d}`, 'github.incidents.opened'))).toEqual([
      1, 1, 1, 0,
    ]);
    expect(['01', '02', '03', '04'].map((d) => v(`2025-05-${d}`, 'github.incidents.resolved'))).toEqual([
      0, 0, 1, 1,
    ]);
    expect(v('2025-05-04', 'github.incidents.restore_seconds')).toBe(72 * 3600);
    expect(v('2025-05-03', 'github.incidents.le_3600')).toBe(0);
    expect(v('2025-05-03', 'github.incidents.le_7200')).toBe(1);
    const q = fake.requests.find((r) => r.resource === 'search')!.query.get('q')!;
    expect(q).toContain('label:"incident","OUTAGE"');
  });

  it('labels that would push the search query past 256 characters are refused, naming the param', async () => {
    const long = ['a'.repeat(20), 'b'.repeat(20)];
    const config = `${CONFIG}    kpis:\n      incidents: { labels: [${long.join(', ')}] }\n`;
    await expect(
      collect({}, '2025-05-01', '2025-05-01', { kpis: 'github.incidents', config }),
    ).rejects.toThrow(/incidents.*labels.*39 characters/);
  });

  it('from_deployments: a failed deployment is an incident resolved by the next success to the same environment', async () => {
    const c = chain(3, t('2025-05-01T00:00:00Z'), H);
    const config = `${CONFIG}    kpis:\n      incidents: { from_deployments: true }\n`;
    const { v } = await collect(
      {
        gitCommits: c,
        deployments: [
          deploy('2025-05-01T06:00:00Z', c[0]!.sha, [['success', '2025-05-01T06:00:00Z']]),
          deploy('2025-05-01T22:00:00Z', c[1]!.sha, [['failure', '2025-05-01T22:00:00Z']]),
          deploy('2025-05-02T01:00:00Z', c[1]!.sha, [['failure', '2025-05-02T01:00:00Z']], 'staging'),
          deploy('2025-05-02T02:00:00Z', c[2]!.sha, [['success', '2025-05-02T02:00:00Z']]),
        ],
      },
      '2025-05-02',
      '2025-05-02',
      { kpis: 'github.incidents', config },
    );
    expect(v('2025-05-02', 'github.incidents.opened')).toBe(0);
    expect(v('2025-05-02', 'github.incidents.resolved')).toBe(1);
    expect(v('2025-05-02', 'github.incidents.restore_seconds')).toBe(4 * 3600);
  });
});

describe('the DORA KPIs and the GitHub client', () => {
  const history = (): Partial<FakeData> => {
    const c = chain(4, t('2025-05-01T00:00:00Z'), H);
    return {
      gitCommits: c,
      deployments: [
        deploy('2025-05-01T06:00:00Z', c[0]!.sha, [['success', '2025-05-01T06:00:00Z']]),
        deploy('2025-05-02T06:00:00Z', c[3]!.sha, [['success', '2025-05-02T06:00:00Z']]),
      ],
    };
  };

  it('more statuses than the 10 inline: the rest come from REST, and a success before a later inactive is final', async () => {
    const c = chain(2, t('2025-05-01T00:00:00Z'), H);
    const statuses: Array<[FakeDeploymentStatus['state'], string]> = [];
    for (let i = 0; i < 5; i++)
      statuses.push(['in_progress', `2025-05-02T0${i}:00:00Z`], ['failure', `2025-05-02T0${i}:30:00Z`]);
    statuses.push(['success', '2025-05-02T08:00:00Z'], ['inactive', '2025-05-03T08:00:00Z']);
    const { v, fake } = await collect(
      { gitCommits: c, deployments: [deploy('2025-05-02T00:00:00Z', c[1]!.sha, statuses)] },
      '2025-05-02',
      '2025-05-02',
      { kpis: 'github.deployments' },
    );
    expect([
      v('2025-05-02', 'github.deployments.succeeded'),
      v('2025-05-02', 'github.deployments.failed'),
    ]).toEqual([1, 0]);
    expect(fake.requests.filter((r) => r.path.endsWith('/statuses')).length).toBe(1);
  });

  it("deploy workflows: lead time from the runs' head commits", async () => {
    const c = chain(4, t('2025-05-01T00:00:00Z'), H);
    const run = (id: number, sha: string, updated: string): FakeRun => ({
      repo: REPO,
      id,
      name: 'Deploy',
      path: '.github/workflows/deploy.yml',
      conclusion: 'success',
      created: t(updated) - H,
      started: t(updated) - H,
      updated: t(updated),
      headSha: sha,
    });
    const config = `${CONFIG}    kpis:\n      lead_time: { workflows: [deploy.yml] }\n`;
    const { v } = await collect(
      {
        gitCommits: c,
        runs: [run(1, c[0]!.sha, '2025-05-01T06:00:00Z'), run(2, c[3]!.sha, '2025-05-02T06:00:00Z')],
      },
      '2025-05-02',
      '2025-05-02',
      { kpis: 'github.lead_time', config },
    );
    expect(v('2025-05-02', 'github.lead_time.commits')).toBe(3);
    expect(v('2025-05-02', 'github.lead_time.seconds')).toBe((29 + 28 + 27) * 3600);
  });

  it('GitHub Enterprise Server: GraphQL at /api/graphql, compare under /api/v3', async () => {
    const { v, fake } = await collect(history(), '2025-05-02', '2025-05-02', {
      ghes: true,
      kpis: 'github.lead_time',
    });
    expect(v('2025-05-02', 'github.lead_time.commits')).toBe(3);
    expect(fake.url).toMatch(/\/api\/v3$/);
    expect(fake.requests.some((r) => r.path.includes('/compare/'))).toBe(true);
    expect(fake.requests.every((r) => r.path !== '/__outside_prefix__')).toBe(true);
  });

  it('a secondary rate limit on compare waits retry-after and gives the same figures', async () => {
    const sleeps: number[] = [];
    const { v, result } = await collect(history(), '2025-05-02', '2025-05-02', {
      kpis: 'github.lead_time',
      options: testOptions(sleeps),
      before: (fake) => fake.fail({ match: /\/compare\//, kind: 'secondary', status: 429, retryAfter: 7 }),
    });
    expect(result.report.failed).toEqual([]);
    expect(v('2025-05-02', 'github.lead_time.commits')).toBe(3);
    expect(sleeps).toContain(7000);
  });

  it('a token that may not read deployments fails the KPIs that need them, naming the repository and the permission', async () => {
    const { result } = await collect(history(), '2025-05-02', '2025-05-02', {
      before: (fake) => {
        fake.data.repos[0]!.deploymentsDenied = true;
      },
    });
    expect(result.report.failed.sort()).toEqual(['github.deployments', 'github.lead_time']);
    for (const id of ['github.deployments', 'github.lead_time']) {
      const error = result.report.kpis.find((k) => k.id === id)!.error!;
      expect(error).toContain('acme/api');
      expect(error).toContain('deployments: read');
    }
    // github.incidents does not need them (from_deployments is off) and is written.
    expect(result.stored.get('2025-05-02')!.get('github.incidents.opened')).toBe(0);
    expect([...result.stored.get('2025-05-02')!.keys()].some((k) => k.startsWith('github.deployments'))).toBe(
      false,
    );
  });
});
