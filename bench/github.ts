/**
 * Requests and wall time of the github source against the local fake: an organisation of 200
 * repositories with a year of history, 50 ms latency per request. Run: npx tsx bench/github.ts
 * Figures go to bench/GITHUB.md and src/sources/github/README.md.
 */
import { collectAndStore } from '../src/engine.js';
import { Inputs, parseInputs } from '../src/inputs.js';
import { SOURCES } from '../src/sources/index.js';
import { MemoryLogger } from '../src/log.js';
import {
  createGithubSource,
  DEFAULT_CLIENT_OPTIONS,
  type ClientOptions,
} from '../src/sources/github/index.js';
import { generateOrg } from '../test/fakes/github/data.js';
import { FakeGitHub, type FakeData } from '../test/fakes/github/server.js';

const TOKEN = 'bench-token-123';
const REPOS = 200;
const from = Date.parse('2025-01-01T00:00:00Z');
const to = Date.parse('2026-01-01T00:00:00Z');
const rates = { prsPerDay: 0.5, issuesPerDay: 0.3, runsPerDay: 2, commitsPerDay: 2, releasesPerDay: 0.02 };

/** The fewest requests any client could use for these days: every list read once, 100 items a page. */
function minimum(data: FakeData, start: number, end: number, days: number): Record<string, number> {
  const inRange = (t: number | undefined): boolean => t !== undefined && t >= start && t < end;
  const pages = (n: number): number => Math.max(1, Math.ceil(n / 100));
  const perRepo = (items: Array<{ repo: string }>): number => {
    const by = new Map<string, number>();
    for (const x of items) by.set(x.repo, (by.get(x.repo) ?? 0) + 1);
    return data.repos
      .filter((r) => !r.archived && !r.fork)
      .reduce((s, r) => s + pages(by.get(`${r.owner}/${r.name}`) ?? 0), 0);
  };
  const merged = data.pulls.filter((p) => inRange(p.merged)).length;
  const closed = data.issues.filter((i) => inRange(i.closed)).length;
  const reviewed = data.pulls.filter((p) => p.created < end && p.updated >= start).length;
  return {
    scope: Math.ceil(REPOS / 100),
    // opened + closed-unmerged PRs, opened issues: 3 counts a day, 100 aliases a query at best
    counts: Math.ceil((3 * days) / 100),
    lists: pages(merged) + pages(closed) + pages(reviewed),
    // no org-wide endpoint for workflow runs: one listing per repository at least
    runs: perRepo(data.runs.filter((r) => r.updated >= start && r.updated < end)),
    // releases and commits: 100 repositories per GraphQL query at best
    perRepoGraphql: 2 * Math.ceil(REPOS / 100),
  };
}

async function run(
  fake: FakeGitHub,
  start: string,
  end: string,
  options: Partial<ClientOptions>,
): Promise<{ ms: number; lines: string[]; failed: string[] }> {
  const values: Record<string, string> = {
    [Inputs.Source]: 'github',
    [Inputs.StartDate]: start,
    [Inputs.EndDate]: end,
    [Inputs.Timezone]: 'Europe/Paris',
    [Inputs.DryRun]: 'true',
    'github-token': TOKEN,
    [Inputs.MaxDays]: '400',
  };
  const inputs = parseInputs((n) => values[n] ?? '', { sources: SOURCES });
  const { promises: fs } = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-gh-'));
  const config = path.join(dir, 'kpis.yml');
  await fs.writeFile(config, 'sources:\n  github:\n    org: acme\n');
  inputs.configPath = config;
  const started = performance.now();
  const report = await collectAndStore(inputs, {
    sources: [createGithubSource(options)],
    log: new MemoryLogger(),
    env: { GITHUB_API_URL: fake.url },
  });
  return { ms: performance.now() - started, lines: report.sourceLines, failed: report.failed };
}

const t0 = performance.now();
const data = generateOrg({
  seed: 42,
  org: 'acme',
  repos: REPOS,
  from: from - 30 * 86_400_000,
  to,
  ...rates,
  archivedEvery: 25,
  forkEvery: 40,
});
console.log(
  `data: ${data.repos.length} repos, ${data.pulls.length} PRs, ${data.issues.length} issues, ${data.runs.length} runs, ` +
    `${data.commits.length} commits, ${data.releases.length} releases (${((performance.now() - t0) / 1000).toFixed(1)} s to generate)`,
);

const noPacing: Partial<ClientOptions> = { searchMinIntervalMs: 0, graphqlMinIntervalMs: 0 };
const scenarios: Array<{
  name: string;
  start: string;
  end: string;
  days: number;
  options: Partial<ClientOptions>;
  pacing: string;
}> = [
  {
    name: 'single day',
    start: '2025-12-30',
    end: '2025-12-30',
    days: 1,
    options: {},
    pacing: 'production pacing (search 2 s, GraphQL 1 s apart)',
  },
  {
    name: 'single day',
    start: '2025-12-30',
    end: '2025-12-30',
    days: 1,
    options: noPacing,
    pacing: 'no request spacing',
  },
  {
    name: '365-day backfill',
    start: '2025-01-01',
    end: '2025-12-31',
    days: 365,
    options: noPacing,
    pacing: 'no request spacing',
  },
];
for (const s of scenarios) {
  const fake = new FakeGitHub(data, {
    token: TOKEN,
    latencyMs: 50,
    limits: { core: 1_000_000, search: 1_000_000, graphql: 1_000_000 },
  });
  await fake.start();
  const r = await run(fake, s.start, s.end, s.options);
  await fake.stop();
  const by = { core: fake.count('core'), search: fake.count('search'), graphql: fake.count('graphql') };
  const total = by.core + by.search + by.graphql - 1; // GET /rate_limit is free
  const startMs = Date.parse(`${s.start}T00:00:00+01:00`);
  const endMs = Date.parse(`${s.end}T00:00:00+01:00`) + 86_400_000;
  const min = minimum(data, startMs, endMs, s.days);
  const minTotal = Object.values(min).reduce((a, b) => a + b, 0);
  const paced =
    by.search * (DEFAULT_CLIENT_OPTIONS.searchMinIntervalMs / 1000) +
    by.graphql * (DEFAULT_CLIENT_OPTIONS.graphqlMinIntervalMs / 1000);
  console.log(`\n## ${s.name} (${s.start}..${s.end}), ${s.pacing}`);
  console.log(`failed KPIs: ${r.failed.length ? r.failed.join(', ') : 'none'}`);
  console.log(
    `requests: ${total} (REST ${by.core - 1}, search ${by.search}, GraphQL ${by.graphql}) = ${(total / s.days).toFixed(1)} per collected day`,
  );
  console.log(
    `minimum:  ${minTotal} (${Object.entries(min)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}) = ${(minTotal / s.days).toFixed(1)} per day; ratio ${(total / minTotal).toFixed(2)}`,
  );
  console.log(
    `wall time: ${(r.ms / 1000).toFixed(1)} s with 50 ms latency; production spacing alone would take ≥ ${paced.toFixed(0)} s (search 2 s, GraphQL 1 s apart)`,
  );
  console.log(r.lines.join('\n'));
}
