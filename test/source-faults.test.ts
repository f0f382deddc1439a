/**
 * Transport and protocol faults a real network produces, injected by a proxy between each API source and its
 * fake, once in the middle of a pagination: 429 with Retry-After, a 502 from a gateway, a connection reset, a
 * connection reset halfway through a body, an answer slower than the timeout, and an HTML page instead of
 * JSON. Each single fault must be survived with the same figures as a clean run; a persistent one fails
 * that KPI with a message naming the source, the KPI and the cause, and the other KPIs are written.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { addDays, today } from '../src/dates.js';
import { databricksSource } from '../src/sources/databricks/index.js';
import { createGithubSource } from '../src/sources/github/index.js';
import { parseCsv } from '../src/store/csv.js';
import { startFakeDatabricks, type FakeDatabricks } from './fakes/databricks/server.js';
import { generateWorkspace } from './fakes/databricks/workspace.js';
import { generateOrg } from './fakes/github/data.js';
import { FakeGitHub } from './fakes/github/server.js';
import { FaultProxy, type FaultKind } from './helpers/fault-proxy.js';
import { listFiles, runCli, tempDir } from './helpers/run-cli.js';

const NOW = Date.now();
const END = addDays(today('UTC', NOW), -2);
const START = addDays(END, -2);
const KINDS: FaultKind[] = ['status-429', 'status-502', 'reset', 'reset-mid-body', 'slow', 'html-200'];

async function readAll(dir: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const f of await listFiles(dir)) {
    if (!f.endsWith('.csv')) continue;
    for (const r of parseCsv(await fs.readFile(path.join(dir, f), 'utf8'), f))
      out[`${r.date} ${r.variable}`] = r.value;
  }
  return out;
}

describe('databricks under transport faults', () => {
  const TOKEN = 'dapi-faults-token';
  let fake: FakeDatabricks;
  let proxy: FaultProxy;
  let config: string;
  let clean: Record<string, number>;
  const run = async (dir: string) =>
    runCli(
      [
        'collect',
        '--source',
        'databricks',
        '--start-date',
        START,
        '--end-date',
        END,
        '--output-dir',
        dir,
        '--config',
        config,
      ],
      {
        DATABRICKS_HOST: proxy.url,
        DATABRICKS_TOKEN: TOKEN,
      },
      { sources: [databricksSource] },
    );

  beforeAll(async () => {
    fake = await startFakeDatabricks(
      generateWorkspace({
        clusters: 30,
        from: NOW - 10 * 86_400_000,
        to: NOW,
        now: NOW,
        seed: 21,
        runs: 120,
      }),
      { token: TOKEN, now: NOW, clustersMaxPage: 10 },
    );
    proxy = new FaultProxy(fake.url);
    proxy.slowMs = 2500;
    await proxy.start();
    const dir = await tempDir();
    config = path.join(dir, 'kpis.yml');
    await fs.writeFile(
      config,
      'sources:\n  databricks:\n    retries: 3\n    retry_base_ms: 10\n    request_timeout_seconds: 1\n',
    );
    const r = await run(path.join(dir, 'clean'));
    expect(r.code).toBe(0);
    clean = await readAll(path.join(dir, 'clean'));
    expect(Object.keys(clean).length).toBeGreaterThan(30);
  });
  afterAll(async () => {
    await proxy.stop();
    await fake.close();
  });

  it.each(KINDS)('survives one %s in the middle of a pagination with the same figures', async (kind) => {
    proxy.set([
      { kind, match: '/api/2.1/clusters/list', after: 1, times: 1 },
      { kind, match: '/api/2.1/clusters/events', after: 5, times: 1 },
      { kind, match: '/api/2.2/jobs/runs/list', after: 1, times: 1 },
    ]);
    const dir = await tempDir();
    const r = await run(dir);
    expect(proxy.injected).toHaveLength(3);
    expect([kind, r.code, r.stderr.split('\n').filter((l) => l.startsWith('error'))]).toEqual([kind, 0, []]);
    expect(await readAll(dir)).toEqual(clean);
  });

  it.each(KINDS)(
    'a persistent %s fails job_runs naming the source, the KPI and the cause; the others are written',
    async (kind) => {
      proxy.set([{ kind, match: '/api/2.2/jobs/runs/list', after: 0, times: Infinity }]);
      const dir = await tempDir();
      const r = await run(dir);
      expect(r.code).toBe(1);
      const error = r.stderr.split('\n').find((l) => l.startsWith('error: databricks.job_runs'));
      expect(error).toMatch(/^error: databricks\.job_runs: Databricks GET \/api\/2\.2\/jobs\/runs\/list/);
      const stored = await readAll(dir);
      expect(Object.keys(stored).some((k) => k.includes('databricks.cluster_startup.count'))).toBe(true);
      expect(Object.keys(stored).some((k) => k.includes('job_runs'))).toBe(false);
    },
  );
});

describe('github under transport faults', () => {
  const TOKEN = 'ghs_faults_token_0123456789';
  const github = new FakeGitHub(
    generateOrg({
      seed: 5,
      org: 'acme',
      repos: 6,
      from: NOW - 10 * 86_400_000,
      to: NOW,
      runsPerDay: 40,
      releasesPerDay: 0.5,
    }),
    { token: TOKEN },
  );
  let proxy: FaultProxy;
  let config: string;
  let clean: Record<string, number>;
  const source = createGithubSource({
    searchMinIntervalMs: 0,
    graphqlMinIntervalMs: 0,
    retryBaseMs: 5,
    requestTimeoutMs: 1000,
  });
  const run = async (dir: string) =>
    runCli(
      [
        'collect',
        '--source',
        'github',
        '--start-date',
        START,
        '--end-date',
        END,
        '--output-dir',
        dir,
        '--config',
        config,
        '--kpis',
        'github.workflow_runs,github.releases,github.issues',
      ],
      {
        GITHUB_TOKEN: TOKEN,
        GITHUB_API_URL: proxy.url,
      },
      { sources: [source], env: { GITHUB_API_URL: proxy.url } },
    );

  beforeAll(async () => {
    await github.start();
    proxy = new FaultProxy(github.url);
    proxy.slowMs = 2500;
    await proxy.start();
    const dir = await tempDir();
    config = path.join(dir, 'kpis.yml');
    await fs.writeFile(config, 'sources:\n  github:\n    org: acme\n');
    const r = await run(path.join(dir, 'clean'));
    expect(r.stderr).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    clean = await readAll(path.join(dir, 'clean'));
  });
  afterAll(async () => {
    await proxy.stop();
    await github.stop();
  });

  it.each(KINDS)('survives one %s in the middle of a pagination with the same figures', async (kind) => {
    proxy.set([
      { kind, match: '/actions/runs', after: 2, times: 1 },
      { kind, match: 'POST /graphql', after: 1, times: 1 },
    ]);
    const dir = await tempDir();
    const r = await run(dir);
    expect(proxy.injected).toHaveLength(2);
    expect([kind, r.code, r.stderr.split('\n').filter((l) => l.startsWith('error'))]).toEqual([kind, 0, []]);
    expect(await readAll(dir)).toEqual(clean);
  });

  it.each(KINDS)(
    'a persistent %s fails workflow_runs naming the source, the KPI and the cause',
    async (kind) => {
      proxy.set([{ kind, match: '/actions/runs', after: 0, times: Infinity }]);
      const dir = await tempDir();
      const r = await run(dir);
      expect(r.code).toBe(1);
      const error = r.stderr.split('\n').find((l) => l.startsWith('error: github.workflow_runs'));
      expect(error).toMatch(/^error: github\.workflow_runs: .*GitHub/);
      const stored = await readAll(dir);
      expect(Object.keys(stored).some((k) => k.includes('github.issues.opened'))).toBe(true);
    },
  );
});
