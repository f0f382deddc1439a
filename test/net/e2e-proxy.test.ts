/**
 * dist/index.js behind a corporate proxy, as a runner runs it: the GitHub and Databricks APIs are https
 * hosts that resolve only at a real forwarding proxy (CONNECT), with certificates of a private CA given
 * through NODE_EXTRA_CA_CERTS. Every stored figure must equal a direct run's against the same fakes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCsv } from '../../src/store/csv.js';
import { startFakeDatabricks, type FakeDatabricks } from '../fakes/databricks/server.js';
import { generateWorkspace } from '../fakes/databricks/workspace.js';
import { generateOrg } from '../fakes/github/data.js';
import { FakeGitHub } from '../fakes/github/server.js';
import { errorLines, runAction } from '../helpers/runner.js';
import { listFiles } from '../helpers/run-cli.js';
import {
  TARGET_HOST,
  makeTestCa,
  startForwardingProxy,
  startTlsFront,
  type Listening,
  type TestCa,
  type TestProxy,
} from './proxy-env.js';

const NOW = Date.now();
const GH_TOKEN = 'ghs_e2e_proxy_token_77';
const DB_TOKEN = 'dapi-e2e-proxy-token-88';
const day = new Date(NOW - 2 * 86_400_000).toISOString().slice(0, 10);

let dir: string;
let ca: TestCa;
let proxy: TestProxy;
let github: FakeGitHub;
let databricks: FakeDatabricks;
const fronts: Listening[] = [];

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kpi-e2e-proxy-'));
  ca = await makeTestCa(dir);
  proxy = await startForwardingProxy();
  github = new FakeGitHub(
    generateOrg({ seed: 5, org: 'acme', repos: 3, from: NOW - 6 * 86_400_000, to: NOW - 3_600_000 }),
    { token: GH_TOKEN },
  );
  await github.start();
  databricks = await startFakeDatabricks(
    generateWorkspace({
      clusters: 5,
      from: NOW - 6 * 86_400_000,
      to: NOW,
      now: NOW,
      seed: 3,
      restartsPerDay: 4,
      runs: 20,
    }),
    { token: DB_TOKEN, now: NOW },
  );
});
afterAll(async () => {
  await Promise.all(fronts.map((f) => f.close()));
  await proxy?.close();
  await github?.stop();
  await databricks?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

/** date → variable → value of every object a run wrote under out/. */
async function stored(workspace: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const f of await listFiles(path.join(workspace, 'out'))) {
    if (!f.endsWith('.csv')) continue;
    const text = await fs.readFile(path.join(workspace, 'out', f), 'utf8');
    for (const r of parseCsv(text, f)) out[`${r.date} ${r.variable}`] = r.value;
  }
  return out;
}

async function workspaceWith(config: string): Promise<string> {
  const w = await fs.mkdtemp(path.join(dir, 'ws-'));
  await fs.mkdir(path.join(w, '.github'));
  await fs.writeFile(path.join(w, '.github', 'kpis.yml'), config);
  return w;
}

describe('dist/index.js behind HTTPS_PROXY with a private CA', () => {
  it('github: the same figures through the proxy as direct; the API reached only by CONNECT', async () => {
    const front = await startTlsFront(ca, github.url);
    fronts.push(front);
    const inputs = {
      source: 'github',
      date: day,
      'output-dir': 'out',
      kpis: 'github.pull_requests,github.issues',
    };
    const config = 'sources:\n  github:\n    org: acme\n';
    const direct = await workspaceWith(config);
    const a = await runAction(inputs, {
      workspace: direct,
      githubToken: GH_TOKEN,
      env: { GITHUB_API_URL: github.url },
    });
    expect(errorLines(a.stdout)).toEqual([]);
    const viaProxy = await workspaceWith(config);
    proxy.seen.length = 0;
    const b = await runAction(inputs, {
      workspace: viaProxy,
      githubToken: GH_TOKEN,
      env: { GITHUB_API_URL: front.url, HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: ca.caFile },
    });
    expect(errorLines(b.stdout)).toEqual([]);
    expect(b.code).toBe(0);
    const want = await stored(direct);
    expect(Object.keys(want).length).toBeGreaterThan(5);
    expect(await stored(viaProxy)).toEqual(want);
    expect(proxy.seen.length).toBeGreaterThan(0);
    expect(proxy.seen.every((l) => l === `CONNECT ${TARGET_HOST}:${front.port}`)).toBe(true);
  });

  it('databricks: the same figures through the proxy as direct', async () => {
    const front = await startTlsFront(ca, databricks.url);
    fronts.push(front);
    const inputs = (host: string): Record<string, string> => ({
      source: 'databricks',
      date: day,
      'output-dir': 'out',
      kpis: 'databricks.job_runs',
      'databricks-host': host,
      'databricks-token': DB_TOKEN,
    });
    const direct = await workspaceWith('');
    const a = await runAction(inputs(databricks.url), { workspace: direct });
    expect(errorLines(a.stdout)).toEqual([]);
    const viaProxy = await workspaceWith('');
    proxy.seen.length = 0;
    const b = await runAction(inputs(front.url), {
      workspace: viaProxy,
      env: { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: ca.caFile },
    });
    expect(errorLines(b.stdout)).toEqual([]);
    expect(b.code).toBe(0);
    const want = await stored(direct);
    expect(Object.keys(want).length).toBeGreaterThan(0);
    expect(await stored(viaProxy)).toEqual(want);
    expect(proxy.seen.every((l) => l === `CONNECT ${TARGET_HOST}:${front.port}`)).toBe(true);
    expect(proxy.seen.length).toBeGreaterThan(0);
  });
});
