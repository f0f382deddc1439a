// `npm run demo`: the main job on its local default, with no cloud account. Starts the local fake Databricks
// workspace the tests use (on 127.0.0.1), runs the bundled CLI (dist/index.js) against it for the last 7
// days, which writes ./kpi-data, then prints the weekly report of what was stored.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { startFakeDatabricks } from '../test/fakes/databricks/server.js';
import { generateWorkspace } from '../test/fakes/databricks/workspace.js';
import { addDays, today } from '../src/dates.js';

const root = path.resolve(import.meta.dirname, '..');
const now = Date.now();
const token = 'dapi-demo-token';
const workspace = generateWorkspace({
  clusters: 200,
  from: now - 10 * 86_400_000,
  to: now,
  now,
  seed: 7,
  runs: 400,
});
const fake = await startFakeDatabricks(workspace, { token, now });
const end = addDays(today('UTC', now), -1);
const start = addDays(end, -6);
const env = { ...process.env, DATABRICKS_HOST: fake.url, DATABRICKS_TOKEN: token, GITHUB_ACTIONS: '' };
// Asynchronous, so that the fake in this process keeps answering while the CLI runs.
const run = (args: string[]) =>
  new Promise<number>((resolve) =>
    spawn(process.execPath, [path.join(root, 'dist', 'index.js'), ...args], { env, stdio: 'inherit' }).on(
      'close',
      (c) => resolve(c ?? 1),
    ),
  );

console.log(`fake Databricks workspace with ${workspace.clusters.length} clusters at ${fake.url}\n`);
const collected = await run(['collect', '--source', 'databricks', '--start-date', start, '--end-date', end]);
if (collected === 0) {
  console.log('');
  await run([
    'report',
    '--store',
    'kpi-data/kpis',
    '--from',
    start,
    '--to',
    end,
    '--every',
    'all',
    '--source',
    'databricks',
  ]);
}
await fake.close();
process.exitCode = collected;
