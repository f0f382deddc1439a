/**
 * Follows the README as a newcomer would, on this machine: the quick-start step (the action in a matrix job,
 * as written), the backfill command and the report command, against a local S3 server holding the README's
 * bucket and the local API fakes in place of the real services. Only hosts, tokens and dates are replaced:
 * the hosts by the fakes, the backfill's dates by recent ones (the APIs keep 30 days of history).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { parseConfigText } from '../src/config.js';
import { addDays, today } from '../src/dates.js';
import { SOURCES } from '../src/sources/index.js';
import { startFakeDatabricks, type FakeDatabricks } from './fakes/databricks/server.js';
import { generateWorkspace } from './fakes/databricks/workspace.js';
import { generateOrg } from './fakes/github/data.js';
import { FakeGitHub } from './fakes/github/server.js';
import { evaluate } from './helpers/expressions.js';
import { startS3, type LocalS3 } from './helpers/s3.js';
import { DIST, ROOT, errorLines, runAction } from './helpers/runner.js';

const NOW = Date.now();
const YESTERDAY = addDays(today('UTC', NOW), -1);
const DB_TOKEN = 'dapi-readme-token';
const GH_TOKEN = 'ghs_readme_workflow_token';
let readme: string;
let s3: LocalS3;
let databricks: FakeDatabricks;
const github = new FakeGitHub(
  generateOrg({ seed: 8, org: 'acme', repos: 1, from: NOW - 12 * 86_400_000, to: NOW, runsPerDay: 5 }),
  { token: GH_TOKEN },
);

const blocks = (lang: string) =>
  [...readme.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);

beforeAll(async () => {
  readme = await fs.readFile(path.join(ROOT, 'README.md'), 'utf8');
  [s3, databricks] = await Promise.all([
    startS3('my-team-kpis'),
    startFakeDatabricks(
      generateWorkspace({ clusters: 15, from: NOW - 12 * 86_400_000, to: NOW, now: NOW, seed: 2, runs: 30 }),
      {
        token: DB_TOKEN,
        now: NOW,
      },
    ),
    github.start(),
  ]);
});
afterAll(async () => {
  await Promise.all([s3?.stop(), databricks?.close(), github.stop()]);
});

/** Runs the bundle as a command; asynchronous, so the fakes in this process keep answering. */
function runDist(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [DIST, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}

const dates = async (source: string) =>
  (await s3.keys(`kpis/source=${source}/`)).map((k) => /date=([\d-]+)/.exec(k)![1]);

describe('the README, followed on this machine', () => {
  it('its config example is valid against the schema (every KPI param and setting it shows exists)', () => {
    const example = blocks('yaml').find((b) => b.startsWith('sources:'))!;
    expect(example).toContain('databricks:');
    const raw = parseConfigText(example, 'README.md', SOURCES);
    expect(Object.keys(raw.sources ?? {}).sort()).toEqual(['databricks', 'github', 'postgres']);
    expect(() =>
      parseConfigText(example.replace('events_lookback_hours', 'lookback'), 'README.md', SOURCES),
    ).toThrow("config: README.md: sources.databricks: unknown key 'lookback'");
  });

  it('quick start: the action step of the matrix job writes yesterday for each source', async () => {
    const workflow = parse(blocks('yaml')[0]!);
    const job = workflow.jobs.collect;
    const step = job.steps.find((s: { uses: string }) => s.uses === '<owner>/kpi-collector@v1');
    expect(job.strategy['fail-fast']).toBe(false);
    for (const source of job.strategy.matrix.source as string[]) {
      const ctx = {
        matrix: { source },
        secrets: { DATABRICKS_HOST: databricks.url, DATABRICKS_TOKEN: DB_TOKEN },
      };
      const inputs = Object.fromEntries(
        Object.entries(step.with as Record<string, string>).map(([k, v]) => [k, evaluate(v, ctx)]),
      );
      const r = await runAction(inputs, {
        githubToken: GH_TOKEN,
        env: {
          ...s3.env,
          AWS_ENDPOINT_URL_S3: s3.endpoint,
          GITHUB_API_URL: github.url,
          GITHUB_REPOSITORY: 'acme/service-000',
        },
      });
      expect([source, errorLines(r.stdout)]).toEqual([source, []]);
      expect([source, r.code]).toEqual([source, 0]);
      expect(await dates(source)).toEqual([YESTERDAY]);
    }
  });

  it('backfill and report: the terminal commands as written', async () => {
    const sh = blocks('sh').find((b) => b.includes('collect --source databricks'))!;
    const line = sh.replace(/\\\n\s*/g, ' ').trim();
    const words = line.split(/\s+/);
    const env: Record<string, string> = {};
    while (/^[A-Z_]+=/.test(words[0]!)) {
      const [k] = words.shift()!.split('=');
      env[k!] = '';
    }
    expect(Object.keys(env).sort()).toEqual(['DATABRICKS_HOST', 'DATABRICKS_TOKEN']);
    expect(words[0]).toBe('kpi-collector');
    const first = addDays(YESTERDAY, -4);
    const last = addDays(YESTERDAY, -1);
    const args = words.slice(1).map((w) => (w === '2026-10-01' ? first : w === '2026-10-31' ? last : w));
    expect(args).toEqual([
      'collect',
      '--source',
      'databricks',
      '--start-date',
      first,
      '--end-date',
      last,
      '--s3-bucket',
      'my-team-kpis',
    ]);
    const childEnv = {
      ...process.env,
      ...s3.env,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      DATABRICKS_HOST: databricks.url,
      DATABRICKS_TOKEN: DB_TOKEN,
      GITHUB_ACTIONS: '',
    };
    const collect = await runDist(args, childEnv);
    expect(collect.stderr).not.toMatch(/^error/m);
    expect(collect.status).toBe(0);
    expect(await dates('databricks')).toEqual([first, addDays(first, 1), addDays(first, 2), last, YESTERDAY]);

    const reportLine = blocks('sh')
      .join('\n')
      .split('\n')
      .find((l) => l.startsWith('kpi-collector report'))!;
    const reportArgs = reportLine.split(/\s+/).slice(1);
    const report = await runDist(reportArgs, childEnv);
    expect(report.stderr).toBe('');
    expect(report.status).toBe(0);
    expect(report.stdout).toContain('databricks.cluster_startup');
    expect(report.stdout).toContain('avg_seconds');
  });
});
