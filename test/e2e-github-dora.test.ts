/**
 * dist/index.js with source: github and the three DORA KPIs, run as a runner runs it, against the GitHub fake
 * (deployments, statuses, compare, incident issues) and a real S3-compatible server (s3rver): every stored figure
 * equals the reference computed from the fake's data; then `dist/index.js report` reads the bucket back and shows
 * the same month.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { addDays, today } from '../src/dates.js';
import { parseCsv } from '../src/store/csv.js';
import { generateDelivery } from './fakes/github/delivery-data.js';
import { FakeGitHub } from './fakes/github/server.js';
import { doraReference } from './github/dora-reference.js';
import { datesOf, emptyData } from './github/helpers.js';
import { startS3, type LocalS3 } from './helpers/s3.js';
import { DIST, errorLines, runAction } from './helpers/runner.js';

const TZ = 'America/Los_Angeles';
const NOW = Date.now();
const TOKEN = 'ghs_e2e_dora_token_7';
const REPOS = ['acme/api', 'acme/web'];
const data = {
  ...emptyData(REPOS),
  ...generateDelivery({
    seed: 5,
    repos: REPOS,
    from: NOW - 40 * 86_400_000,
    to: NOW - 3_600_000,
    incidentsPerDay: 0.3,
  }),
};
const KPIS = 'github.deployments,github.lead_time,github.incidents';
const github = new FakeGitHub(data, { token: TOKEN });
let s3: LocalS3;

beforeAll(async () => {
  [s3] = await Promise.all([startS3(), github.start()]);
});
afterAll(async () => {
  await Promise.all([s3.stop(), github.stop()]);
});

describe('dist/index.js with the DORA KPIs of source github, stored in S3', () => {
  it('stores every figure of two weeks as the reference computes it, and the report reads them back', async () => {
    const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'kpi-e2e-dora-'));
    await fs.mkdir(path.join(workspace, '.github'));
    await fs.writeFile(
      path.join(workspace, '.github', 'kpis.yml'),
      `sources:\n  github:\n    repos: [${REPOS.join(', ')}]\n`,
    );
    const last = addDays(today(TZ, NOW), -1);
    const first = addDays(last, -13);
    const r = await runAction(
      {
        source: 'github',
        'start-date': first,
        'end-date': last,
        timezone: TZ,
        kpis: KPIS,
        's3-bucket': s3.bucket,
        's3-endpoint': s3.endpoint,
      },
      { workspace, githubToken: TOKEN, env: { ...s3.env, GITHUB_API_URL: github.url } },
    );
    expect(errorLines(r.stdout)).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.outputs['failed-kpis']).toBe('');
    const dates = datesOf(first, last);
    const expected = doraReference(data, dates, TZ);
    let nonZero = 0;
    for (const date of dates) {
      const rows = parseCsv(await s3.read(`kpis/source=github/date=${date}/kpis.csv`), date);
      const got = new Map(rows.map((x) => [x.variable, x.value]));
      for (const [variable, value] of got) {
        const want = expected.get(date)!.get(variable) ?? 0;
        if (variable.endsWith('seconds'))
          expect([date, variable, Math.round(value)]).toEqual([date, variable, Math.round(want)]);
        else expect([date, variable, value]).toEqual([date, variable, want]);
        if (value > 0) nonZero++;
      }
      for (const variable of expected.get(date)!.keys())
        expect([date, variable, got.has(variable)]).toEqual([date, variable, true]);
    }
    expect(nonZero).toBeGreaterThan(dates.length * 4);
    // The runner consumes ::add-mask:: commands without printing them; everything else must be clean.
    const printed = r.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::'));
    expect(printed.join('\n')).not.toContain(TOKEN);

    // The report, through the bundle, over the whole span as one period.
    const report = await promisify(execFile)(
      process.execPath,
      [
        DIST,
        'report',
        '--store',
        `s3://${s3.bucket}/kpis`,
        '--s3-endpoint',
        s3.endpoint,
        '--from',
        first,
        '--to',
        last,
        '--every',
        'all',
        '--kpis',
        KPIS,
        '--format',
        'json',
      ],
      { env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...s3.env } },
    );
    const figures = JSON.parse(report.stdout) as Array<{ variable: string; value: number | null }>;
    const value = (v: string) => figures.find((f) => f.variable === v)?.value;
    const sum = (v: string) => dates.reduce((s, d) => s + (expected.get(d)!.get(v) ?? 0), 0);
    expect(value('github.deployments.per_day')).toBeCloseTo(
      sum('github.deployments.succeeded') / dates.length,
      9,
    );
    expect(value('github.deployments.change_failure_rate')).toBeCloseTo(
      sum('github.deployments.failed') /
        (sum('github.deployments.succeeded') + sum('github.deployments.failed')),
      9,
    );
    expect(value('github.lead_time.avg_seconds')).toBeCloseTo(
      sum('github.lead_time.seconds') / sum('github.lead_time.commits'),
      3,
    );
  });
});
