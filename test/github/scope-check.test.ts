/**
 * Issue 16 item 4: a repository in `repos:` that the token can't see is found by one check before
 * collecting, with one message naming it — through the bundle, as a runner runs it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { addDays, today } from '../../src/dates.js';
import { generateOrg } from '../fakes/github/data.js';
import { FakeGitHub } from '../fakes/github/server.js';
import { listFiles, tempDir } from '../helpers/run-cli.js';
import { errorLines, runAction } from '../helpers/runner.js';

const NOW = Date.now();
const TOKEN = 'ghs_scope_check_token_77';
const data = generateOrg({
  seed: 5,
  org: 'acme',
  repos: 3,
  from: NOW - 5 * 86_400_000,
  to: NOW,
  runsPerDay: 2,
});
data.repos[2]!.visible = false;
const github = new FakeGitHub(data, { token: TOKEN });
const [seen, , hidden] = data.repos.map((r) => `${r.owner}/${r.name}`);

beforeAll(() => github.start());
afterAll(() => github.stop());

async function collect(repos: string[]) {
  const workspace = await tempDir('kpi-scope-');
  await fs.mkdir(path.join(workspace, '.github'));
  await fs.writeFile(
    path.join(workspace, '.github', 'kpis.yml'),
    `sources:\n  github:\n    repos: [${repos.join(', ')}]\n`,
  );
  github.requests.length = 0;
  const r = await runAction(
    { source: 'github', date: addDays(today('UTC', NOW), -1), 'output-dir': 'out' },
    { workspace, githubToken: TOKEN, env: { GITHUB_API_URL: github.url } },
  );
  return { ...r, workspace };
}

describe('github: repositories the token cannot see', () => {
  it('fail before collecting, in one line naming each, after one check request', async () => {
    const r = await collect([seen!, hidden!, 'acme/ghost']);
    expect(r.code).toBe(1);
    expect(errorLines(r.stdout)).toEqual([
      `github: repositories '${hidden}', 'acme/ghost' not found or not visible to the token; fix sources.github.repos or give the token access (a fine-grained token or GitHub App installed on them)`,
    ]);
    expect(await listFiles(path.join(r.workspace, 'out'))).toEqual([]);
    // rate_limit (free) and the one visibility check; no KPI request went out.
    expect(github.requests.map((q) => `${q.method} ${q.path}`)).toEqual(['GET /rate_limit', 'POST /graphql']);
  });

  it('go on when every repository is visible', async () => {
    const r = await collect([seen!]);
    expect(errorLines(r.stdout)).toEqual([]);
    expect(r.code).toBe(0);
  });
});
