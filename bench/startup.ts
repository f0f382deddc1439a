// Start-up time of the bundle (issue 16 item 6): `node dist/index.js --help` and `catalog` against bare
// node (`node -e 0`), side by side. Each command runs RUNS times, interleaved so that a busy machine slows
// all three alike; the figures are the median and the 90th percentile of wall time per run, and the
// commands' peak RSS. Run `npm run package` first.
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist', 'index.js');
const RUNS = Number(process.env.RUNS ?? 21);
const commands: Record<string, string[]> = {
  'node -e 0 (bare node)': ['-e', '0'],
  'node dist/index.js --help': [dist, '--help'],
  'node dist/index.js catalog': [dist, 'catalog'],
};
const env = { ...process.env, GITHUB_ACTIONS: '' };
const times = new Map<string, number[]>(Object.keys(commands).map((k) => [k, []]));
const rss = new Map<string, number>();

for (let i = 0; i < RUNS + 2; i++) {
  for (const [name, args] of Object.entries(commands)) {
    const started = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { env, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (r.status !== 0) throw new Error(`${name} exited ${r.status}: ${r.stderr}`);
    if (i < 2) continue; // warm the file cache first
    times.get(name)!.push(ms);
    const kb = Number(r.stderr.trim().split('\n').pop());
    rss.set(name, Math.max(rss.get(name) ?? 0, kb));
  }
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.round(q * (s.length - 1)))]!;
};
console.log(
  `node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}, ${RUNS} runs each`,
);
console.log('| command | median | p90 | peak RSS |');
console.log('| --- | ---: | ---: | ---: |');
for (const [name, xs] of times) {
  console.log(
    `| \`${name}\` | ${quantile(xs, 0.5).toFixed(0)} ms | ${quantile(xs, 0.9).toFixed(0)} ms | ${(rss.get(name)! / 1024).toFixed(0)} MB |`,
  );
}
