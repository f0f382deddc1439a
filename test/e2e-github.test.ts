/**
 * dist/index.js with source: github, run as a runner runs it, for a date and for a range with an
 * organisation scope, against the local GitHub fake: every stored figure must equal a reference computed
 * from the fake's data (test/github/helpers.ts `reference`). The bundle runs with production request
 * spacing, so this file takes some seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addDays, startOfDay, today } from '../src/dates.js';
import { parseCsv } from '../src/store/csv.js';
import { generateOrg } from './fakes/github/data.js';
import { FakeGitHub } from './fakes/github/server.js';
import { datesOf, reference } from './github/helpers.js';
import { errorLines, runAction } from './helpers/runner.js';

const TZ = 'Europe/Berlin';
const NOW = Date.now();
const TOKEN = 'ghs_e2e_github_token_42';
const data = generateOrg({
  seed: 13,
  org: 'acme',
  repos: 7,
  from: NOW - 20 * 86_400_000,
  to: NOW - 3_600_000,
  prsPerDay: 2,
  issuesPerDay: 1,
  runsPerDay: 2,
  commitsPerDay: 2,
  releasesPerDay: 0.4,
  archivedEvery: 4,
  forkEvery: 0,
});
const inScope = (repo: string) => !data.repos.find((r) => `${r.owner}/${r.name}` === repo)!.archived;
const github = new FakeGitHub(data, { token: TOKEN });
let workspace: string;

beforeAll(async () => {
  await github.start();
  workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'kpi-e2e-github-'));
  await fs.mkdir(path.join(workspace, '.github'));
  await fs.writeFile(path.join(workspace, '.github', 'kpis.yml'), 'sources:\n  github:\n    org: acme\n');
});
afterAll(() => github.stop());

async function check(first: string, last: string, inputs: Record<string, string>): Promise<void> {
  const r = await runAction(
    { source: 'github', timezone: TZ, 'output-dir': 'out', ...inputs },
    { workspace, githubToken: TOKEN, env: { GITHUB_API_URL: github.url } },
  );
  expect(errorLines(r.stdout)).toEqual([]);
  expect(r.code).toBe(0);
  const dates = datesOf(first, last);
  const expected = reference(data, inScope, new Set(dates), TZ, { firstStart: startOfDay(first, TZ) });
  let nonZero = 0;
  for (const date of dates) {
    const text = await fs.readFile(
      path.join(workspace, 'out', `kpis/source=github/date=${date}/kpis.csv`),
      'utf8',
    );
    const got = new Map(parseCsv(text, date).map((x) => [x.variable, x.value]));
    for (const [variable, value] of got) {
      const want = expected.get(date)!.get(variable) ?? 0;
      if (variable.endsWith('_seconds')) expect(value).toBeCloseTo(want, 3);
      else expect([date, variable, value]).toEqual([date, variable, want]);
      if (value > 0) nonZero++;
    }
    for (const [variable, value] of expected.get(date)!)
      expect([date, variable, got.get(variable)]).toEqual([date, variable, value]);
  }
  expect(nonZero).toBeGreaterThan(dates.length * 5);
}

describe('dist/index.js with source: github and an org scope, as a runner runs it', () => {
  it('a date and a range: every figure equals the reference computed from the fake data', async () => {
    const day = addDays(today(TZ, NOW), -2);
    await check(day, day, { date: day });
    await check(addDays(day, -5), addDays(day, -1), {
      'start-date': addDays(day, -5),
      'end-date': addDays(day, -1),
    });
  });
});
