// `npm run demo`: the main job on its local default, with no cloud account. Starts the local fakes of a
// Databricks workspace and a GitHub organisation that the tests use (on 127.0.0.1), runs the bundled CLI
// (dist/index.js) against each for the last 7 days, which writes ./kpi-data, then writes the HTML report
// to kpi-data/report.html and prints the weekly report of what was stored.
import { spawn } from 'node:child_process';
import { createWriteStream, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startFakeDatabricks } from '../test/fakes/databricks/server.js';
import { generateWorkspace } from '../test/fakes/databricks/workspace.js';
import { generateOrg } from '../test/fakes/github/data.js';
import { FakeGitHub } from '../test/fakes/github/server.js';
import { addDays, today } from '../src/dates.js';

const root = path.resolve(import.meta.dirname, '..');
const now = Date.now();
const dbToken = 'dapi-demo-token';
const ghToken = 'ghs_demo_token_0123456789';
const workspace = generateWorkspace({
  clusters: 200,
  from: now - 10 * 86_400_000,
  to: now,
  now,
  seed: 7,
  runs: 400,
});
const databricks = await startFakeDatabricks(workspace, { token: dbToken, now });
const org = generateOrg({
  seed: 7,
  org: 'acme',
  repos: 6,
  from: now - 12 * 86_400_000,
  to: now - 3_600_000,
  prsPerDay: 3,
  issuesPerDay: 2,
  runsPerDay: 4,
  commitsPerDay: 4,
  releasesPerDay: 0.3,
  archivedEvery: 0,
  forkEvery: 0,
});
const github = new FakeGitHub(org, { token: ghToken });
await github.start();
const config = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'kpi-demo-')), 'kpis.yml');
await fs.writeFile(config, 'sources:\n  github:\n    org: acme\n');

const end = addDays(today('UTC', now), -1);
const start = addDays(end, -6);
const env = {
  ...process.env,
  DATABRICKS_HOST: databricks.url,
  DATABRICKS_TOKEN: dbToken,
  GITHUB_TOKEN: ghToken,
  GITHUB_API_URL: github.url,
  GITHUB_ACTIONS: '',
};
// Asynchronous, so that the fakes in this process keep answering while the CLI runs.
const run = (args: string[], stdout: 'inherit' | NodeJS.WritableStream = 'inherit') =>
  new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'dist', 'index.js'), ...args], {
      env,
      stdio: ['ignore', stdout === 'inherit' ? 'inherit' : 'pipe', 'inherit'],
    });
    if (stdout !== 'inherit') child.stdout!.pipe(stdout);
    child.on('close', (c) => resolve(c ?? 1));
  });

console.log(`fake Databricks workspace with ${workspace.clusters.length} clusters at ${databricks.url}`);
console.log(`fake GitHub organisation acme with ${org.repos.length} repositories at ${github.url}\n`);
const range = ['--start-date', start, '--end-date', end];
let failed = await run(['collect', '--source', 'databricks', ...range]);
failed ||= await run(['collect', '--source', 'github', '--config', config, ...range]);
if (failed === 0) {
  const report = ['report', '--store', 'kpi-data/kpis', '--from', start, '--to', end];
  const html = path.resolve('kpi-data', 'report.html');
  const file = createWriteStream(html);
  failed = await run([...report, '--every', 'day', '--format', 'html'], file);
  await new Promise((resolve) => file.close(resolve));
  console.log('');
  failed ||= await run([...report, '--every', 'all']);
  console.log(`\nHTML report (open it in a browser): ${html}`);
}
await databricks.close();
await github.stop();
process.exitCode = failed;
