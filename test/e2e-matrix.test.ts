/**
 * Plays the kpis.yml workflow's matrix locally: for each source, runs dist/index.js as the runner would, with
 * the `with:` of the workflow's collect step evaluated for a scheduled run (no date) and for a dispatch with a
 * range, against the local fakes, a real PostgreSQL and the S3 server. Oracle has no server here, so its job
 * fails, which shows that the other sources' objects are written independently of it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { addDays, today } from '../src/dates.js';
import { parseCsv } from '../src/store/csv.js';
import { startFakeDatabricks, type FakeDatabricks } from './fakes/databricks/server.js';
import { generateWorkspace } from './fakes/databricks/workspace.js';
import { generateOrg } from './fakes/github/data.js';
import { FakeGitHub } from './fakes/github/server.js';
import { startPostgres, type TestPostgres } from './helpers/postgres.js';
import { startS3, type LocalS3 } from './helpers/s3.js';
import { evaluate, type Ctx } from './helpers/expressions.js';
import { ROOT, errorLines, runAction, type ActionResult } from './helpers/runner.js';

const NOW = Date.now();
const YESTERDAY = addDays(today('UTC', NOW), -1);
const DB_TOKEN = 'dapi-matrix-Tk9';
const GH_TOKEN = 'ghs_matrixToken0123456789';
let s3: LocalS3;
let db: TestPostgres;
let databricks: FakeDatabricks;
const github = new FakeGitHub(
  generateOrg({
    seed: 3,
    org: 'acme',
    repos: 4,
    from: NOW - 12 * 86_400_000,
    to: NOW,
    runsPerDay: 6,
    releasesPerDay: 0.5,
  }),
  { token: GH_TOKEN },
);
let workspace: string;
let collectWith: Record<string, string>;

beforeAll(async () => {
  [s3, db, databricks] = await Promise.all([
    startS3('team-kpis'),
    startPostgres(),
    startFakeDatabricks(
      generateWorkspace({ clusters: 20, from: NOW - 12 * 86_400_000, to: NOW, now: NOW, seed: 4, runs: 40 }),
      {
        token: DB_TOKEN,
        now: NOW,
      },
    ),
    github.start(),
  ]);
  const wf = parse(await fs.readFile(path.join(ROOT, '.github/workflows/kpis.yml'), 'utf8'));
  collectWith = wf.jobs.collect.steps.find((s: { id?: string }) => s.id === 'collect').with;
  workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'kpi-matrix-'));
  await fs.mkdir(path.join(workspace, '.github'));
  const sql = 'select 1 as one, extract(epoch from (:day_end - :day_start)) as seconds';
  await fs.writeFile(
    path.join(workspace, '.github', 'kpis.yml'),
    [
      'sources:',
      '  github:',
      '    org: acme',
      '    kpis: { pull_requests: false, pull_request_reviews: false, issues: false, commits: false, deployments: false, lead_time: false, incidents: false }',
      '  postgres:',
      `    kpis: [{ id: day_length, description: Seconds in the day, unit: seconds, sql: "${sql}" }]`,
      '  oracle:',
      '    connect_timeout_seconds: 2',
      '    kpis: [{ id: anything, description: A query, unit: count, sql: "select 1 as n from dual" }]',
    ].join('\n') + '\n',
  );
});
afterAll(async () => {
  await Promise.all([s3?.stop(), db?.stop(), databricks?.close(), github.stop()]);
});

async function playMatrix(inputs: Record<string, string>): Promise<Record<string, ActionResult>> {
  const secrets = {
    KPI_GITHUB_TOKEN: GH_TOKEN,
    DATABRICKS_HOST: databricks.url,
    DATABRICKS_TOKEN: DB_TOKEN,
    POSTGRES_URL: db.url,
    ORACLE_USER: 'kpi',
    ORACLE_PASSWORD: 'oracle-Secret-77',
    ORACLE_CONNECT_STRING: '127.0.0.1:1/FREEPDB1',
  };
  const results: Record<string, ActionResult> = {};
  // The matrix's jobs run independently; here one after the other, each in its own process.
  for (const source of ['github', 'databricks', 'oracle', 'postgres']) {
    const ctx: Ctx = {
      inputs,
      matrix: { source },
      secrets,
      vars: { KPI_S3_BUCKET: s3.bucket },
      env: { S3_BUCKET: s3.bucket },
      github: { token: 'ghs_workflow_token' },
    };
    const withInputs = Object.fromEntries(Object.entries(collectWith).map(([k, v]) => [k, evaluate(v, ctx)]));
    results[source] = await runAction(withInputs, {
      workspace,
      env: { ...s3.env, AWS_ENDPOINT_URL_S3: s3.endpoint, GITHUB_API_URL: github.url },
    });
  }
  return results;
}

const dates = async (source: string) =>
  (await s3.keys(`kpis/source=${source}/`)).map((k) => /date=([\d-]+)/.exec(k)![1]);

describe('the kpis.yml matrix, played locally', () => {
  it('scheduled (no date): each source writes yesterday on its own; oracle fails alone', async () => {
    const r = await playMatrix({});
    for (const source of ['github', 'databricks', 'postgres']) {
      expect([source, errorLines(r[source]!.stdout)]).toEqual([source, []]);
      expect([source, r[source]!.code]).toEqual([source, 0]);
      expect(await dates(source)).toEqual([YESTERDAY]);
    }
    expect(r.oracle!.code).toBe(1);
    expect(errorLines(r.oracle!.stdout)[0]).toMatch(/^oracle/);
    expect(await dates('oracle')).toEqual([]);
    const pgRows = parseCsv(await s3.read(`kpis/source=postgres/date=${YESTERDAY}/kpis.csv`), 'pg');
    expect(pgRows.map((x) => [x.variable, x.value])).toEqual([
      ['postgres.day_length.one', 1],
      ['postgres.day_length.seconds', 86400],
    ]);
    const gh = parseCsv(await s3.read(`kpis/source=github/date=${YESTERDAY}/kpis.csv`), 'gh');
    expect(new Set(gh.map((x) => x.variable.split('.')[1]))).toEqual(new Set(['workflow_runs', 'releases']));
  });

  it('dispatch with a range: one object per day and source, re-running yesterday without duplicates', async () => {
    const start = addDays(YESTERDAY, -3);
    const r = await playMatrix({
      'start-date': start,
      'end-date': YESTERDAY,
      sources: 'github,databricks,oracle,postgres',
      kpis: '',
    });
    const expected = [0, 1, 2, 3].map((i) => addDays(start, i));
    for (const source of ['github', 'databricks', 'postgres']) {
      expect([source, r[source]!.code]).toEqual([source, 0]);
      expect(await dates(source)).toEqual(expected);
      const rows = parseCsv(await s3.read(`kpis/source=${source}/date=${YESTERDAY}/kpis.csv`), source);
      expect(new Set(rows.map((x) => x.variable)).size).toBe(rows.length);
    }
    expect(r.oracle!.code).toBe(1);
    for (const res of Object.values(r)) {
      const printed = res.stdout
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n');
      for (const secret of [GH_TOKEN, DB_TOKEN, db.password, 'oracle-Secret-77']) {
        for (const text of [printed, res.stderr, res.summary]) expect(text).not.toContain(secret);
      }
    }
  });
});
