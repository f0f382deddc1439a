/**
 * Distinctive secret values through every source, in success and failure, as the runner runs the bundle:
 * none may appear in stdout (the runner's ::add-mask:: commands aside), stderr, the job summary, the
 * outputs, or any file written (the store, the rows saved under RUNNER_TEMP).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { startFakeDatabricks, type FakeDatabricks } from './fakes/databricks/server.js';
import { generateWorkspace } from './fakes/databricks/workspace.js';
import { startPostgres, type TestPostgres } from './helpers/postgres.js';
import { listFiles } from './helpers/run-cli.js';
import { startS3 } from './helpers/s3.js';
import { startS3Proxy } from './helpers/s3-proxy.js';
import { runAction, type ActionResult } from './helpers/runner.js';

const SECRETS = {
  github: 'ghp_LEAKCHECKgithub0000000000000000000001',
  databricks: 'dapiLEAKCHECKdatabricks0000000000002',
  oraclePassword: 'LeakCheck-Oracle-Pw-3',
  oracleConnect: '127.0.0.1:1/LEAKCHECKSERVICE4',
  pgPassword: 'LeakCheckPgPw5',
};
const NOW = Date.now();
const DAY = new Date(NOW - 3 * 86_400_000).toISOString().slice(0, 10);
let echo: http.Server;
let echoUrl: string;
let databricks: FakeDatabricks;
let db: TestPostgres;

beforeAll(async () => {
  // A hostile server: every answer is an error whose body echoes the request's headers (Authorization too).
  echo = http.createServer((req, res) => {
    const status = req.url?.includes('jobs') ? 500 : 401;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        error_code: 'ECHO',
        message: `headers were ${JSON.stringify(req.headers)}`,
        documentation_url: 'x',
      }),
    );
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  echoUrl = `http://127.0.0.1:${(echo.address() as { port: number }).port}`;
  [databricks, db] = await Promise.all([
    startFakeDatabricks(
      generateWorkspace({ clusters: 5, from: NOW - 6 * 86_400_000, to: NOW, now: NOW, seed: 9, runs: 10 }),
      {
        token: SECRETS.databricks,
        now: NOW,
      },
    ),
    startPostgres(),
  ]);
});
afterAll(async () => {
  await new Promise((r) => echo.close(r));
  await Promise.all([databricks?.close(), db?.stop()]);
});

const CONFIG = [
  'sources:',
  '  databricks: { retries: 1, retry_base_ms: 1 }',
  '  postgres:',
  '    kpis: [{ id: one, description: One, unit: count, sql: "select 1 as n" }]',
  '  oracle:',
  '    connect_timeout_seconds: 2',
  '    kpis: [{ id: one, description: One, unit: count, sql: "select 1 as n from dual" }]',
].join('\n');

async function run(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<ActionResult & { files: string }> {
  const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'kpi-secrets-'));
  await fs.writeFile(path.join(workspace, 'kpis.yml'), CONFIG);
  const r = await runAction(
    { date: DAY, config: 'kpis.yml', 'output-dir': 'out', ...inputs },
    { workspace, env },
  );
  // Everything written below the workspace and RUNNER_TEMP (store objects, saved rows), as one text.
  let files = '';
  const temp = path.dirname(env.RUNNER_TEMP ?? workspace);
  for (const root of [workspace, ...(env.RUNNER_TEMP ? [temp] : [])]) {
    for (const f of await listFiles(root))
      files += await fs.readFile(path.join(root, f), 'utf8').catch(() => '');
  }
  return { ...r, files };
}

function expectNoSecret(r: ActionResult & { files: string }, secrets: string[]): void {
  const printed = r.stdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
  for (const secret of secrets) {
    for (const [where, text] of Object.entries({
      stdout: printed,
      stderr: r.stderr,
      summary: r.summary,
      outputs: JSON.stringify(r.outputs),
      files: r.files,
    })) {
      expect([where, text.includes(secret)]).toEqual([where, false]);
    }
  }
}

describe('secrets never leak', () => {
  it('databricks: success, then a server that echoes the Authorization header in 401 and 500 bodies', async () => {
    const ok = await run({
      source: 'databricks',
      'databricks-host': databricks.url,
      'databricks-token': SECRETS.databricks,
    });
    expect(ok.code).toBe(0);
    expectNoSecret(ok, [SECRETS.databricks]);
    const bad = await run({
      source: 'databricks',
      'databricks-host': echoUrl,
      'databricks-token': SECRETS.databricks,
    });
    expect(bad.code).toBe(1);
    expect(bad.summary).toContain('❌ failed');
    expectNoSecret(bad, [SECRETS.databricks]);
  });

  it('github: a server that echoes the token back in its 401 body', async () => {
    const bad = await run({ source: 'github', 'github-token': SECRETS.github }, { GITHUB_API_URL: echoUrl });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('::error::');
    expectNoSecret(bad, [SECRETS.github]);
  });

  it('postgres: success, a wrong password, and a URL whose password the server refuses', async () => {
    const ok = await run({ source: 'postgres', 'postgres-url': db.url });
    expect(ok.code).toBe(0);
    expectNoSecret(ok, [db.password]);
    const wrong = db.url.replace(`:${db.password}@`, `:${SECRETS.pgPassword}@`);
    const bad = await run({ source: 'postgres', 'postgres-url': wrong });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('::error::postgres-url:');
    expectNoSecret(bad, [SECRETS.pgPassword, encodeURIComponent(SECRETS.pgPassword), wrong]);
  });

  it('oracle: a connect error names neither the password nor the connect string', async () => {
    const bad = await run({
      source: 'oracle',
      'oracle-user': 'kpi_reader',
      'oracle-password': SECRETS.oraclePassword,
      'oracle-connect-string': SECRETS.oracleConnect,
    });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/::error::oracle/);
    expectNoSecret(bad, [SECRETS.oraclePassword, SECRETS.oracleConnect, 'LEAKCHECKSERVICE4']);
  });

  it('storage down: the rows saved under RUNNER_TEMP and every message are clean', async () => {
    const s3 = await startS3();
    const proxy = await startS3Proxy(s3.endpoint, s3.bucket, s3.client);
    proxy.faults.down = true; // the bucket answers HeadBucket, then every request fails with 503
    try {
      const runnerTemp = await fs.mkdtemp(path.join(os.tmpdir(), 'kpi-secrets-rt-'));
      const r = await run(
        {
          source: 'databricks',
          'databricks-host': databricks.url,
          'databricks-token': SECRETS.databricks,
          's3-bucket': s3.bucket,
          's3-endpoint': proxy.endpoint,
        },
        { ...s3.env, RUNNER_TEMP: path.join(runnerTemp, 'rt') },
      );
      expect(r.code).toBe(1);
      expect(r.outputs['saved-dir']).toContain(path.join(runnerTemp, 'rt', 'kpi-collector-unsaved'));
      expect(r.files).toContain('databricks.cluster_startup.count');
      expectNoSecret(r, [SECRETS.databricks]);
    } finally {
      await proxy.stop();
      await s3.stop();
    }
  });
});
