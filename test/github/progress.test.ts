import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { addDays, today } from '../../src/dates.js';
import { createGithubSource } from '../../src/sources/github/index.js';
import { generateOrg } from '../fakes/github/data.js';
import { FakeGitHub } from '../fakes/github/server.js';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { testOptions, TOKEN } from './helpers.js';

const NOW = Date.now();
const github = new FakeGitHub(
  generateOrg({ seed: 4, org: 'acme', repos: 12, from: NOW - 6 * 86_400_000, to: NOW, runsPerDay: 4 }),
  { token: TOKEN, latencyMs: 15 },
);
beforeAll(() => github.start());
afterAll(() => github.stop());

describe('github progress on long collections', () => {
  it('reports the repositories whose workflow runs were read', async () => {
    const dir = await tempDir();
    await fs.writeFile(
      path.join(dir, 'kpis.yml'),
      'sources:\n  github:\n    org: acme\n    concurrency: 1\n',
    );
    const end = addDays(today('UTC', NOW), -1);
    const r = await runCli(
      [
        'collect',
        '--source',
        'github',
        '--start-date',
        addDays(end, -3),
        '--end-date',
        end,
        '--output-dir',
        dir,
        '--config',
        path.join(dir, 'kpis.yml'),
        '--kpis',
        'github.workflow_runs',
      ],
      { GITHUB_TOKEN: TOKEN },
      { sources: [createGithubSource(testOptions())], env: { GITHUB_API_URL: github.url }, progressMs: 40 },
    );
    expect(r.code).toBe(0);
    const lines = r.stderr
      .split('\n')
      .filter((l) => /^github\.workflow_runs: \d+\/12 repositories \(\d+ %\), \d+ s$/.test(l));
    expect(lines.length).toBeGreaterThanOrEqual(1);
  });
});
