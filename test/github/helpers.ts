import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { collectAndStore, type RunReport } from '../../src/engine.js';
import { Inputs, parseInputs } from '../../src/inputs.js';
import { MemoryLogger } from '../../src/log.js';
import { LocalStore } from '../../src/store/local-store.js';
import { createGithubSource, type ClientOptions } from '../../src/sources/github/index.js';
import { FakeGitHub, type FakeData } from '../fakes/github/server.js';
import { MERGE_BUCKETS } from '../../src/sources/github/pull-requests.js';

export const TOKEN = 'ghs_faketoken_0123456789abcdef';

/** Client options for tests: no request spacing, waits recorded instead of slept. */
export function testOptions(sleeps: number[] = []): Partial<ClientOptions> {
  return {
    searchMinIntervalMs: 0,
    graphqlMinIntervalMs: 0,
    retryBaseMs: 1,
    secondaryFloorMs: 60_000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
}

export interface RunResult {
  report: RunReport;
  log: MemoryLogger;
  dir: string;
  /** date → variable → value, read back from the files written. */
  stored: Map<string, Map<string, number>>;
}

/** Runs a whole collection through the engine into a LocalStore in a temp dir, and reads the files back. */
export async function runEngine(o: {
  apiUrl: string;
  config: string;
  start: string;
  end: string;
  timeZone: string;
  kpis?: string;
  options?: Partial<ClientOptions>;
  env?: NodeJS.ProcessEnv;
}): Promise<RunResult> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kpi-github-'));
  const configPath = path.join(dir, 'kpis.yml');
  await fs.writeFile(configPath, o.config);
  const values: Record<string, string> = {
    [Inputs.Source]: 'github',
    [Inputs.StartDate]: o.start,
    [Inputs.EndDate]: o.end,
    [Inputs.Timezone]: o.timeZone,
    [Inputs.OutputDir]: path.join(dir, 'out'),
    [Inputs.Config]: configPath,
    'github-token': TOKEN,
    [Inputs.Kpis]: o.kpis ?? '',
  };
  const sources = [createGithubSource(o.options ?? testOptions())];
  const options = parseInputs((n) => values[n] ?? '', { sources, cwd: dir });
  const log = new MemoryLogger();
  const report = await collectAndStore(options, {
    sources,
    log,
    env: { GITHUB_API_URL: o.apiUrl, ...o.env },
    cwd: dir,
    stores: () => [new LocalStore(path.join(dir, 'out'))],
  });
  const stored = new Map<string, Map<string, number>>();
  const store = new LocalStore(path.join(dir, 'out'));
  for (const key of await store.list('')) {
    const obj = await store.get(key);
    for (const line of obj!.body.trim().split('\n').slice(1)) {
      const [date, , variable, value] = line.split(',');
      if (!stored.has(date!)) stored.set(date!, new Map());
      stored.get(date!)!.set(variable!, Number(value));
    }
  }
  return { report, log, dir, stored };
}

/** The calendar date of an instant in a time zone, straight from Intl (independent of src/dates.ts). */
export function localDate(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(ms));
}

/** Expected components per date and variable, computed from the fake's data by the KPI definitions. */
export function reference(
  data: FakeData,
  inScope: (repo: string) => boolean,
  dates: ReadonlySet<string>,
  timeZone: string,
  opts: { lookbackMs?: number; firstStart?: number } = {},
): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  const add = (t: number | undefined, variable: string, v: number): void => {
    if (t === undefined) return;
    const d = localDate(t, timeZone);
    if (!dates.has(d)) return;
    if (!out.has(d)) out.set(d, new Map());
    const m = out.get(d)!;
    m.set(variable, (m.get(variable) ?? 0) + v);
  };
  for (const d of dates) out.set(d, new Map());
  for (const p of data.pulls.filter((x) => inScope(x.repo))) {
    add(p.created, 'github.pull_requests.opened', 1);
    if (p.merged !== undefined) {
      add(p.merged, 'github.pull_requests.merged', 1);
      const seconds = (p.merged - p.created) / 1000;
      add(p.merged, 'github.pull_requests.merge_seconds', seconds);
      for (const b of MERGE_BUCKETS) if (seconds <= b) add(p.merged, `github.pull_requests.le_${b}`, 1);
    } else if (p.closed !== undefined) add(p.closed, 'github.pull_requests.closed_unmerged', 1);
    const valid = p.reviews
      .filter((r) => r.user === null || (r.user.type !== 'Bot' && r.user.login !== p.user.login))
      .sort((a, b) => a.submitted - b.submitted)[0];
    if (valid) {
      add(valid.submitted, 'github.pull_request_reviews.first_reviews', 1);
      add(
        valid.submitted,
        'github.pull_request_reviews.first_review_seconds',
        (valid.submitted - p.created) / 1000,
      );
    }
  }
  for (const i of data.issues.filter((x) => inScope(x.repo))) {
    add(i.created, 'github.issues.opened', 1);
    if (i.closed !== undefined) {
      add(i.closed, 'github.issues.closed', 1);
      add(i.closed, 'github.issues.close_seconds', (i.closed - i.created) / 1000);
    }
  }
  for (const r of data.runs.filter((x) => inScope(x.repo))) {
    if (opts.firstStart !== undefined && r.created < opts.firstStart - (opts.lookbackMs ?? 86_400_000))
      continue;
    add(r.updated, 'github.workflow_runs.count', 1);
    if (['failure', 'timed_out', 'startup_failure'].includes(r.conclusion))
      add(r.updated, 'github.workflow_runs.failed', 1);
    add(r.updated, 'github.workflow_runs.seconds', (r.updated - r.started) / 1000);
  }
  for (const r of data.releases.filter((x) => inScope(x.repo)))
    if (!r.draft) add(r.published, 'github.releases.published', 1);
  for (const c of data.commits.filter((x) => inScope(x.repo)))
    add(c.committed, 'github.commits.default_branch', 1);
  return out;
}

/** The dates of an inclusive range. */
export function datesOf(start: string, end: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${start}T00:00:00Z`); t <= Date.parse(`${end}T00:00:00Z`); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** Fakes started by a test file, stopped after each test: `start(data, options)` and `stopAll()`. */
export function fakeServers(): {
  start: (data: FakeData, o?: Partial<ConstructorParameters<typeof FakeGitHub>[1]>) => Promise<FakeGitHub>;
  stopAll: () => Promise<void>;
} {
  const running: FakeGitHub[] = [];
  return {
    async start(data, o = {}) {
      const fake = new FakeGitHub(data, { token: TOKEN, ...o });
      await fake.start();
      running.push(fake);
      return fake;
    },
    async stopAll() {
      await Promise.all(running.splice(0).map((f) => f.stop()));
    },
  };
}

/** Repositories with no activity, for tests that add exactly what they need. */
export const emptyData = (repos: string[]): FakeData => ({
  repos: repos.map((full) => {
    const [owner, name] = full.split('/') as [string, string];
    return { owner, name, archived: false, fork: false, defaultBranch: 'main', visible: true };
  }),
  pulls: [],
  issues: [],
  runs: [],
  releases: [],
  commits: [],
});
