/**
 * Requests and wall time of the three DORA KPIs (github.deployments, github.lead_time, github.incidents) against the
 * local GitHub fake: 200 repositories, a year of daily production deployments (plus staging ones, retried failures,
 * merge commits) and incident issues, 50 ms latency per request. Run: npx tsx bench/dora.ts
 * Figures go to bench/DORA.md, bench/README.md and src/sources/github/README.md.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { collectAndStore } from '../src/engine.js';
import { Inputs, parseInputs } from '../src/inputs.js';
import { MemoryLogger } from '../src/log.js';
import { SOURCES } from '../src/sources/index.js';
import {
  createGithubSource,
  DEFAULT_CLIENT_OPTIONS,
  type ClientOptions,
} from '../src/sources/github/index.js';
import { DEPLOYMENTS_PER_QUERY } from '../src/sources/github/deployment-history.js';
import { generateDelivery } from '../test/fakes/github/delivery-data.js';
import { FakeGitHub, type FakeData } from '../test/fakes/github/server.js';
import { outcome } from '../test/github/dora-reference.js';

const TOKEN = 'bench-token-dora';
const REPOS = 200;
const TZ = 'Europe/Paris';
const KPIS = 'github.deployments,github.lead_time,github.incidents';
const from = Date.parse('2025-01-01T00:00:00Z');
const to = Date.parse('2026-01-01T00:00:00Z');
const LOOKBACK_MS = 7 * 86_400_000;

/**
 * The fewest requests for these days, every item read once: the production deployments created from the look-back
 * on (and back to one success before the range) at 100 a page, DEPLOYMENTS_PER_QUERY repositories a GraphQL request;
 * per repository with a new commit deployed in the range, one listing of base...last success (one line of history):
 * 1 request up to 250 commits, then 1 + ⌈(n − 250) / 100⌉; incident counts at 100 aliased searches a request; the
 * resolved incidents at 100 a page. The org listing (2 requests) is left out.
 */
function minimum(data: FakeData, start: number, end: number, days: number): Record<string, number> {
  const pages = (n: number): number => Math.max(1, Math.ceil(n / 100));
  const parents = new Map<string, string[]>();
  for (const c of data.gitCommits ?? []) parents.set(`${c.repo}@${c.sha}`, c.parents);
  const reach = (repo: string, sha: string): Set<string> => {
    const seen = new Set<string>();
    const stack = [sha];
    while (stack.length) {
      const x = stack.pop()!;
      if (seen.has(x)) continue;
      seen.add(x);
      stack.push(...(parents.get(`${repo}@${x}`) ?? []));
    }
    return seen;
  };
  let deploymentPages = 0;
  let compares = 0;
  for (const repo of data.repos) {
    const full = `${repo.owner}/${repo.name}`;
    const prod = (data.deployments ?? [])
      .filter((d) => d.repo === full && d.environment === 'production')
      .map((d) => ({ d, end: outcome(d.statuses) }))
      .sort((a, b) => b.d.created - a.d.created);
    const base = prod.find((x) => x.end?.ok && x.end.at < start);
    const needed = prod.filter(
      (x) => x.d.created >= Math.min(start - LOOKBACK_MS, base?.d.created ?? Infinity),
    );
    deploymentPages += pages(needed.length);
    // One listing of the commits from the base to the last success in range: the unpaged 250, then pages of 100.
    const last = prod.find((x) => x.end?.ok && x.end.at >= start && x.end.at < end);
    if (!base || !last || last.d.sha === base.d.sha) continue;
    const before = reach(full, base.d.sha);
    const n = [...reach(full, last.d.sha)].filter((x) => !before.has(x)).length;
    compares += n <= 250 ? 1 : 1 + Math.ceil((n - 250) / 100);
  }
  const resolved = data.issues.filter(
    (i) =>
      (i.labels ?? []).some((l) => l.toLowerCase() === 'incident') &&
      i.closed !== undefined &&
      i.closed >= start &&
      i.closed < end,
  ).length;
  return {
    deployments: Math.ceil(deploymentPages / DEPLOYMENTS_PER_QUERY),
    compares,
    counts: Math.ceil(days / 100),
    resolved: pages(resolved),
  };
}

async function run(
  fake: FakeGitHub,
  start: string,
  end: string,
  options: Partial<ClientOptions>,
): Promise<{ ms: number; failed: string[]; warnings: string[] }> {
  const values: Record<string, string> = {
    [Inputs.Source]: 'github',
    [Inputs.StartDate]: start,
    [Inputs.EndDate]: end,
    [Inputs.Timezone]: TZ,
    [Inputs.DryRun]: 'true',
    [Inputs.Kpis]: KPIS,
    'github-token': TOKEN,
    [Inputs.MaxDays]: '400',
  };
  const inputs = parseInputs((n) => values[n] ?? '', { sources: SOURCES });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-dora-'));
  const config = path.join(dir, 'kpis.yml');
  await fs.writeFile(config, 'sources:\n  github:\n    org: acme\n');
  inputs.configPath = config;
  const log = new MemoryLogger();
  const started = performance.now();
  const report = await collectAndStore(inputs, {
    sources: [createGithubSource(options)],
    log,
    env: { GITHUB_API_URL: fake.url },
  });
  return {
    ms: performance.now() - started,
    failed: report.failed,
    warnings: log.lines.filter((l) => l.startsWith('warning:')),
  };
}

const t0 = performance.now();
const names = Array.from({ length: REPOS }, (_, i) => `acme/service-${String(i).padStart(3, '0')}`);
const delivery = generateDelivery({ seed: 42, repos: names, from, to, incidentsPerDay: 0.05 });
const data: FakeData = {
  repos: names.map((n) => ({
    owner: 'acme',
    name: n.split('/')[1]!,
    archived: false,
    fork: false,
    defaultBranch: 'main',
    visible: true,
  })),
  pulls: [],
  runs: [],
  releases: [],
  commits: [],
  ...delivery,
};
console.log(
  `data: ${REPOS} repos, ${delivery.deployments.length} deployments (production and staging), ${delivery.gitCommits.length} commits, ` +
    `${delivery.issues.length} incident-like issues (${((performance.now() - t0) / 1000).toFixed(1)} s to generate)`,
);

const noPacing: Partial<ClientOptions> = { searchMinIntervalMs: 0, graphqlMinIntervalMs: 0 };
const scenarios = [
  { name: 'single day', start: '2025-12-31', end: '2025-12-31', days: 1 },
  { name: '365-day backfill', start: '2025-01-01', end: '2025-12-31', days: 365 },
];
for (const s of scenarios) {
  const fake = new FakeGitHub(data, {
    token: TOKEN,
    latencyMs: 50,
    limits: { core: 1_000_000, search: 1_000_000, graphql: 1_000_000 },
  });
  await fake.start();
  const r = await run(fake, s.start, s.end, noPacing);
  await fake.stop();
  const by = { core: fake.count('core') - 1, search: fake.count('search'), graphql: fake.count('graphql') };
  const total = by.core + by.search + by.graphql; // GET /rate_limit is free
  const startMs = Date.parse(`${s.start}T00:00:00+01:00`);
  const endMs = Date.parse(`${s.end}T00:00:00+01:00`) + 86_400_000;
  const min = minimum(data, startMs, endMs, s.days);
  const minTotal = Object.values(min).reduce((a, b) => a + b, 0);
  const compares = fake.requests.filter((x) => x.path.includes('/compare/')).length;
  const paced =
    by.search * (DEFAULT_CLIENT_OPTIONS.searchMinIntervalMs / 1000) +
    by.graphql * (DEFAULT_CLIENT_OPTIONS.graphqlMinIntervalMs / 1000);
  console.log(`\n## ${s.name} (${s.start}..${s.end}), ${KPIS}`);
  console.log(
    `failed KPIs: ${r.failed.length ? r.failed.join(', ') : 'none'}; warnings: ${r.warnings.length}`,
  );
  console.log(
    `requests: ${total} (REST ${by.core} of which compare ${compares}, search ${by.search}, GraphQL ${by.graphql}) = ${(total / s.days).toFixed(1)} per collected day`,
  );
  console.log(
    `minimum:  ${minTotal} (${Object.entries(min)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}) = ${(minTotal / s.days).toFixed(1)} per day; ratio ${(total / minTotal).toFixed(2)}`,
  );
  console.log(
    `wall time: ${(r.ms / 1000).toFixed(1)} s with 50 ms latency, no spacing; production spacing adds ≥ ${paced.toFixed(0)} s (search 2 s, GraphQL 1 s apart)`,
  );
}
