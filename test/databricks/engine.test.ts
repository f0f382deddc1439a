import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { collectAndStore } from '../../src/engine.js';
import { parseInputs } from '../../src/inputs.js';
import { MemoryLogger } from '../../src/log.js';
import { clearSecrets } from '../../src/redact.js';
import { databricksSource } from '../../src/sources/databricks/index.js';
import { parseCsv } from '../../src/store/csv.js';
import { LocalStore } from '../../src/store/local-store.js';
import { referenceClusters, referenceRuns } from '../fakes/databricks/reference.js';
import { startFakeDatabricks, type FakeDatabricks } from '../fakes/databricks/server.js';
import { generateWorkspace } from '../fakes/databricks/workspace.js';
import { TOKEN, at } from './helpers.js';

const gen = {
  clusters: 20,
  from: at('2026-05-10T00:00:00Z'),
  to: at('2026-05-12T00:00:00Z'),
  now: at('2026-05-13T00:00:00Z'),
  seed: 5,
  runs: 200,
};
const ws = generateWorkspace(gen);
let fake: FakeDatabricks;
let dir: string;
beforeAll(async () => {
  fake = await startFakeDatabricks(ws, { token: TOKEN, now: gen.now });
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kpi-databricks-'));
  // May 2026 is more than 60 days before today (the real clock): the runs below re-run old days on
  // purpose, so they allow incomplete history (the default, said explicitly); strict.yml refuses it.
  await fs.writeFile(
    path.join(dir, 'kpis.yml'),
    'sources:\n  databricks:\n    retries: 1\n    retry_base_ms: 1\n    allow_incomplete_history: true\n',
  );
  await fs.writeFile(
    path.join(dir, 'strict.yml'),
    'sources:\n  databricks:\n    retries: 1\n    retry_base_ms: 1\n    allow_incomplete_history: false\n',
  );
});
afterAll(async () => {
  await fake.close();
  await fs.rm(dir, { recursive: true, force: true });
  clearSecrets();
});

async function run(
  out: string,
  { config = 'kpis.yml', first = '2026-05-10', last = '2026-05-11', host = fake.url } = {},
) {
  const inputs: Record<string, string> = {
    source: 'databricks',
    'start-date': first,
    'end-date': last,
    'output-dir': out,
    config: path.join(dir, config),
    'databricks-host': host,
    'databricks-token': TOKEN,
  };
  const options = parseInputs((n) => inputs[n] ?? '', { sources: [databricksSource] });
  const log = new MemoryLogger();
  const report = await collectAndStore(options, {
    sources: [databricksSource],
    log,
    stores: () => [new LocalStore(out)],
  });
  return { report, log };
}

async function stored(out: string, date: string): Promise<Record<string, number>> {
  const text = await fs.readFile(
    path.join(out, 'kpis', 'source=databricks', `date=${date}`, 'kpis.csv'),
    'utf8',
  );
  return Object.fromEntries(parseCsv(text, date).map((r) => [r.variable, r.value]));
}

describe('databricks through the engine', () => {
  it('stores every KPI, zeros included, equal to the reference', async () => {
    const out = path.join(dir, 'ok');
    const { report } = await run(out);
    expect(report.failed).toEqual([]);
    expect(report.warnings.join(' ')).toContain('more than 30 days ago'); // May 2026 is months before today
    expect(report.sourceLines[0]).toMatch(/^Databricks API: \d+ request\(s\)/);
    const refC = referenceClusters(ws.clusters, '2026-05-10', '2026-05-11', 'UTC', gen.now);
    const refR = referenceRuns(ws.runs, '2026-05-10', '2026-05-11', 'UTC');
    for (const date of ['2026-05-10', '2026-05-11']) {
      const row = await stored(out, date);
      expect(Object.keys(row)).toHaveLength(10 + 1 + 5);
      expect(row['databricks.cluster_startup.count']).toBe(refC.get(date)!.count);
      expect(row['databricks.cluster_startup.failed']).toBe(refC.get(date)!.failed);
      expect(row['databricks.cluster_startup.seconds']).toBeCloseTo(refC.get(date)!.seconds, 6);
      expect(row['databricks.cluster_uptime.seconds']).toBeCloseTo(refC.get(date)!.uptime, 3);
      expect(row['databricks.job_runs.count']).toBe(refR.get(date)!.count);
      expect(row['databricks.job_runs.failed']).toBe(refR.get(date)!.failed);
    }
  });

  it('a persistent 5xx fails that KPI only: the others are still written, its stored rows are kept', async () => {
    const out = path.join(dir, 'fail');
    expect((await run(out)).report.failed).toEqual([]);
    const before = await stored(out, '2026-05-10');
    const jobRows = Object.entries(before).filter(([k]) => k.startsWith('databricks.job_runs.'));
    expect(jobRows).toHaveLength(5);
    fake.faults.push({
      path: '/api/2.2/jobs/runs/list',
      times: Infinity,
      status: 500,
      errorCode: 'INTERNAL_ERROR',
    });
    try {
      const { report, log } = await run(out);
      expect(report.failed).toEqual(['databricks.job_runs']);
      expect(log.lines.join('\n')).toMatch(
        /error: databricks\.job_runs: Databricks GET \/api\/2\.2\/jobs\/runs\/list failed after 2 attempt\(s\).*HTTP 500 INTERNAL_ERROR/,
      );
      expect(log.lines.join('\n')).not.toContain(TOKEN);
      const row = await stored(out, '2026-05-10');
      // The failed KPI's rows from the first run are still there, unchanged.
      expect(Object.entries(row).filter(([k]) => k.startsWith('databricks.job_runs.'))).toEqual(jobRows);
      expect(row['databricks.cluster_startup.count']).toBe(
        referenceClusters(ws.clusters, '2026-05-10', '2026-05-10', 'UTC', gen.now).get('2026-05-10')!.count,
      );
    } finally {
      fake.faults.length = 0;
    }
  });

  it('a persistent 5xx on cluster events fails both cluster KPIs, job runs are still written', async () => {
    const out = path.join(dir, 'fail-events');
    fake.faults.push({ path: '/api/2.1/clusters/events', times: Infinity, status: 503 });
    try {
      const { report } = await run(out);
      expect(report.failed).toEqual(['databricks.cluster_startup', 'databricks.cluster_uptime']);
      const row = await stored(out, '2026-05-11');
      expect(row['databricks.job_runs.count']).toBe(
        referenceRuns(ws.runs, '2026-05-11', '2026-05-11', 'UTC').get('2026-05-11')!.count,
      );
      expect(Object.keys(row).some((k) => k.startsWith('databricks.cluster_'))).toBe(false);
    } finally {
      fake.faults.length = 0;
    }
  });
});

describe('re-running days older than the API keeps', () => {
  it('writes with a warning by default; with allow_incomplete_history: false fails and keeps the stored rows', async () => {
    const out = path.join(dir, 'old');
    // First, allowed: warned and written.
    const allowed = await run(out);
    expect(allowed.report.failed).toEqual([]);
    expect(allowed.report.warnings.join(' ')).toMatch(/more than 30 days ago.*allow_incomplete_history/);
    const file = (date: string) => path.join(out, 'kpis', 'source=databricks', `date=${date}`, 'kpis.csv');
    const before = await Promise.all(['2026-05-10', '2026-05-11'].map((d) => fs.readFile(file(d), 'utf8')));
    expect(before[0]).toContain('databricks.job_runs.count');
    // Then strict: every KPI fails (May is past both limits), nothing is written over the rows.
    const strict = await run(out, { config: 'strict.yml' });
    expect(strict.report.failed).toEqual([
      'databricks.cluster_startup',
      'databricks.cluster_uptime',
      'databricks.job_runs',
    ]);
    const log = strict.log.lines.join('\n');
    expect(log).toMatch(
      /error: databricks\.cluster_startup: the range \(with its 24 h lookback\) reaches back before .*past the 30 days of cluster history.*figures of 2026-05-10\.\.2026-05-11 would be incomplete.*system\.compute\.clusters/,
    );
    expect(log).toMatch(
      /error: databricks\.job_runs: .*past the 60 days of job runs.*system\.lakeflow\.job_run_timeline/,
    );
    const after = await Promise.all(['2026-05-10', '2026-05-11'].map((d) => fs.readFile(file(d), 'utf8')));
    expect(after).toEqual(before);
  });

  it('between 30 and 60 days ago: the cluster KPIs fail and keep their rows, job runs are replaced', async () => {
    const NOW = Date.now();
    const DAY = 86_400_000;
    const g = { clusters: 20, from: NOW - 45 * DAY, to: NOW, now: NOW, seed: 9, runs: 600 };
    const ws2 = generateWorkspace(g);
    const fake2 = await startFakeDatabricks(ws2, { token: TOKEN, now: NOW });
    const day = (n: number) => new Date(NOW - n * DAY).toISOString().slice(0, 10);
    const range = { first: day(40), last: day(39), host: fake2.url };
    const out = path.join(dir, 'between');
    try {
      expect((await run(out, range)).report.failed).toEqual([]);
      const before = await stored(out, range.first);
      // The workspace loses half its runs: a successful job_runs run now writes other figures.
      fake2.setWorkspace({ clusters: ws2.clusters, runs: ws2.runs.filter((r) => r.run_id % 2 === 0) });
      const strict = await run(out, { ...range, config: 'strict.yml' });
      expect(strict.report.failed).toEqual(['databricks.cluster_startup', 'databricks.cluster_uptime']);
      const after = await stored(out, range.first);
      const pick = (row: Record<string, number>, prefix: string) =>
        Object.entries(row).filter(([k]) => k.startsWith(prefix));
      expect(pick(after, 'databricks.cluster_')).toEqual(pick(before, 'databricks.cluster_'));
      expect(pick(after, 'databricks.cluster_')).toHaveLength(11);
      const ref = referenceRuns(
        ws2.runs.filter((r) => r.run_id % 2 === 0),
        range.first,
        range.first,
        'UTC',
      ).get(range.first)!;
      expect(after['databricks.job_runs.count']).toBe(ref.count);
      expect(after['databricks.job_runs.count']).not.toBe(before['databricks.job_runs.count']);
    } finally {
      await fake2.close();
    }
  });
});
