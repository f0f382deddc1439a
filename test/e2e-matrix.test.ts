/**
 * Plays the kpis.yml workflow locally: its plan job's scripts (which sources, which dates) in the workspace,
 * then for each source of the matrix it chose, dist/index.js as the runner would, with the `with:` of the
 * collect step evaluated, for a scheduled run (no date, sources from the config), a scheduled run with
 * settle-days, and a dispatch with a range, against the local fakes, a real PostgreSQL and the S3 server.
 * Oracle has no server here, so its job fails, which shows that the other sources' objects are written
 * independently of it.
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
import { ROOT, errorLines, readActionYml, runAction, type ActionResult } from './helpers/runner.js';
import { runStep } from './helpers/steps.js';

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
let planSteps: { id: string; run: string; env: Record<string, string> }[];

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
  planSteps = wf.jobs.plan.steps.filter((s: { run?: string }) => s.run);
  workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'kpi-matrix-'));
  await fs.mkdir(path.join(workspace, '.github'));
  const sql = 'select 1 as one, extract(epoch from (:day_end - :day_start)) as seconds';
  await fs.writeFile(
    path.join(workspace, '.github', 'kpis.yml'),
    [
      'sources:',
      '  github:',
      '    org: acme',
      '    kpis: { pull_requests: false, pull_request_reviews: false, issues: false, commits: false }',
      '  databricks: {}',
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

const SECRETS = {
  KPI_GITHUB_TOKEN: GH_TOKEN,
  DATABRICKS_HOST: '',
  DATABRICKS_TOKEN: DB_TOKEN,
  POSTGRES_URL: '',
  ORACLE_USER: 'kpi',
  ORACLE_PASSWORD: 'oracle-Secret-77',
  ORACLE_CONNECT_STRING: '127.0.0.1:1/FREEPDB1',
};

/** Evaluates a step's env with the run's contexts (`secrets.X != ''` checks included) and runs its script. */
async function playPlan(inputs: Record<string, string>, secrets: Record<string, string>, cwd = workspace) {
  const outputs: Record<string, string> = {};
  const notices: string[] = [];
  for (const step of planSteps) {
    const env = Object.fromEntries(
      Object.entries(step.env).map(([k, v]) => {
        // `${{ secrets.A != '' && secrets.B != '' }}`: true when every secret named is set.
        const checks = /^\$\{\{ (secrets\.\w+ != '' ?(&& )?)+\}\}$/.test(v)
          ? String([...v.matchAll(/secrets\.(\w+)/g)].every((m) => (secrets[m[1]!] ?? '') !== ''))
          : evaluate(v, { inputs, secrets, vars: {} });
        return [k, checks];
      }),
    );
    const r = await runStep(step.run, env, cwd);
    expect([step.id, r.code, r.stdout]).toEqual([step.id, 0, expect.any(String)]);
    notices.push(...r.stdout.split('\n').filter((l) => l.startsWith('::notice::')));
    for (const [k, v] of Object.entries(r.outputs)) outputs[`plan.outputs.${k}`] = v;
  }
  return { needs: outputs, sources: JSON.parse(outputs['plan.outputs.sources']!) as string[], notices };
}

async function playMatrix(inputs: Record<string, string>): Promise<Record<string, ActionResult>> {
  const secrets = { ...SECRETS, DATABRICKS_HOST: databricks.url, POSTGRES_URL: db.url };
  const plan = await playPlan(inputs, secrets);
  const declared = (await readActionYml()).inputs;
  const results: Record<string, ActionResult> = {};
  // The matrix's jobs run independently; here one after the other, each in its own process.
  for (const source of plan.sources) {
    const ctx: Ctx = {
      inputs,
      matrix: { source },
      secrets,
      vars: { KPI_S3_BUCKET: s3.bucket },
      env: { S3_BUCKET: s3.bucket },
      github: { token: 'ghs_workflow_token' },
      needs: plan.needs,
    };
    const withInputs = Object.fromEntries(
      Object.entries(collectWith)
        .map(([k, v]) => [k, evaluate(v, ctx)])
        // Inputs of sources still on their way (trino, http): the runner warns and passes nothing.
        .filter(([k, v]) => k! in declared || v !== ''),
    );
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
    // The plan job ran the sources the config names (issue 16 item 7).
    expect(Object.keys(r)).toEqual(['github', 'databricks', 'postgres', 'oracle']);
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

  it('issue 16 item 7: a team whose config names no oracle gets no oracle job, and the plan says why', async () => {
    const repo = await fs.mkdtemp(path.join(os.tmpdir(), 'kpi-matrix-repo-'));
    try {
      await fs.mkdir(path.join(repo, '.github'));
      await fs.writeFile(
        path.join(repo, '.github', 'kpis.yml'),
        'sources:\n  github:\n    org: acme\n  databricks: {}\n',
      );
      // Every secret is set, oracle's included: the config decides.
      const plan = await playPlan(
        {},
        { ...SECRETS, DATABRICKS_HOST: databricks.url, POSTGRES_URL: db.url },
        repo,
      );
      expect(plan.sources).toEqual(['github', 'databricks']);
      expect(plan.notices).toContain(
        '::notice::sources: github, databricks (from the sources: block of .github/kpis.yml)',
      );
      // Without a config: the sources whose secrets are set (the Oracle secrets are incomplete here).
      await fs.rm(path.join(repo, '.github'), { recursive: true });
      const bySecrets = await playPlan({}, { ...SECRETS, ORACLE_PASSWORD: '', POSTGRES_URL: db.url }, repo);
      expect(bySecrets.sources).toEqual(['github', 'postgres']);
    } finally {
      await fs.rm(repo, { recursive: true, force: true });
    }
  });

  it('issue 13 item 3: a scheduled run with settle-days 2 re-collects the two days before yesterday too', async () => {
    const r = await playMatrix({ 'settle-days': '2', sources: 'postgres' });
    expect(Object.keys(r)).toEqual(['postgres']);
    expect([r.postgres!.code, errorLines(r.postgres!.stdout)]).toEqual([0, []]);
    expect(await dates('postgres')).toEqual([addDays(YESTERDAY, -2), addDays(YESTERDAY, -1), YESTERDAY]);
  });

  it('dispatch with a range: one object per day and source, re-running yesterday without duplicates', async () => {
    const start = addDays(YESTERDAY, -3);
    const r = await playMatrix({
      'start-date': start,
      'end-date': YESTERDAY,
      sources: 'github\ndatabricks\noracle,postgres', // issue 14 item 9: newlines separate too
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
