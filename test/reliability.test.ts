import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseCsv } from '../src/store/csv.js';
import { startS3, type LocalS3 } from './helpers/s3.js';
import { startS3Proxy, type S3Proxy } from './helpers/s3-proxy.js';
import { listFiles, runCli, tempDir, TEST_SECRETS } from './helpers/run-cli.js';
import { expectedCount } from './helpers/test-source.js';
import { ROOT } from './helpers/runner.js';

let s3: LocalS3;
let proxy: S3Proxy;
beforeAll(async () => {
  s3 = await startS3();
  proxy = await startS3Proxy(s3.endpoint, s3.bucket, s3.client);
});
afterAll(async () => {
  await proxy.stop();
  await s3.stop();
});

const resetFaults = () =>
  Object.assign(proxy.faults, { failPuts: 0, failStatus: 503, down: false, putDelayMs: 0, denied: false });
const s3Args = (prefix: string) => [
  '--s3-bucket',
  s3.bucket,
  '--s3-endpoint',
  proxy.endpoint,
  '--s3-prefix',
  prefix,
];
const env = () => ({ ...TEST_SECRETS, ...s3.env });
const key = (prefix: string, date: string) => `${prefix}/source=testsrc/date=${date}/kpis.csv`;
async function stored(prefix: string, date: string): Promise<Record<string, number>> {
  const rows = parseCsv(await s3.read(key(prefix, date)), date);
  expect(new Set(rows.map((r) => r.variable)).size).toBe(rows.length); // never doubled
  return Object.fromEntries(rows.map((r) => [r.variable, r.value]));
}
const FULL_DAY = (date: string, other = 7) => ({
  'testsrc.events.count': expectedCount(date),
  'testsrc.events.seconds': Number(date.slice(5, 7)) * 100 + expectedCount(date),
  'testsrc.other.value': other,
  'testsrc.sparse.n': expectedCount(date) % 2 === 0 ? 2 : 0,
});

describe('storage faults', () => {
  it('retries 503 SlowDown and 500 InternalError, then writes each object once', async () => {
    for (const status of [503, 500] as const) {
      resetFaults();
      Object.assign(proxy.faults, { failPuts: 2, failStatus: status });
      const prefix = `retry-${status}`;
      const before = { ...proxy.stats };
      const r = await runCli(
        [
          'collect',
          '--source',
          'testsrc',
          '--start-date',
          '2026-11-01',
          '--end-date',
          '2026-11-02',
          ...s3Args(prefix),
        ],
        env(),
      );
      expect(r.code).toBe(0);
      expect(proxy.stats.injected - before.injected).toBe(2);
      expect(proxy.stats.okPuts - before.okPuts).toBe(2);
      expect(await s3.keys(prefix)).toEqual([key(prefix, '2026-11-01'), key(prefix, '2026-11-02')]);
      expect(await stored(prefix, '2026-11-02')).toEqual(FULL_DAY('2026-11-02'));
    }
  });

  it('saves the rows under RUNNER_TEMP when S3 is down, fails, and a later run writes them', async () => {
    resetFaults();
    proxy.faults.down = true;
    const runnerTemp = await tempDir();
    const prefix = 'down';
    const args = [
      'collect',
      '--source',
      'testsrc',
      '--start-date',
      '2026-11-03',
      '--end-date',
      '2026-11-04',
      ...s3Args(prefix),
    ];
    const r = await runCli(args, { ...env(), RUNNER_TEMP: runnerTemp });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('kpi-collector: storage failed for 2 day(s)');
    expect(r.stdout).toContain('days not written: 2026-11-03, 2026-11-04');
    const saved = await listFiles(runnerTemp);
    expect(saved).toHaveLength(2);
    expect(saved[0]).toMatch(
      /^kpi-collector-unsaved\/testsrc-2026-11-03-2026-11-04-\d{8}T\d{6}Z\/down\/source=testsrc\/date=2026-11-03\/kpis\.csv$/,
    );
    const savedRows = parseCsv(await fs.readFile(path.join(runnerTemp, saved[1]!), 'utf8'), 'saved');
    expect(Object.fromEntries(savedRows.map((x) => [x.variable, x.value]))).toEqual(FULL_DAY('2026-11-04'));
    expect(r.stdout).toContain(path.join(runnerTemp, 'kpi-collector-unsaved'));
    proxy.faults.down = false;
    expect(await s3.keys(prefix)).toEqual([]);

    const again = await runCli(args, env());
    expect(again.code).toBe(0);
    expect(await stored(prefix, '2026-11-03')).toEqual(FULL_DAY('2026-11-03'));
    expect(await stored(prefix, '2026-11-04')).toEqual(FULL_DAY('2026-11-04'));
  });
});

describe('a bucket the credentials cannot use', () => {
  it('is refused before collecting, with one line naming the input and the permissions to grant', async () => {
    resetFaults();
    proxy.faults.denied = true;
    const dir = await tempDir();
    const r = await runCli(
      ['collect', '--source', 'testsrc', '--date', '2026-11-02', ...s3Args('denied'), '--output-dir', dir],
      env(),
    );
    proxy.faults.denied = false;
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `kpi-collector: s3-bucket: no access to bucket '${s3.bucket}' with these credentials; grant s3:GetObject, s3:PutObject and s3:ListBucket`,
    );
    expect(await listFiles(dir)).toEqual([]);
    expect(await s3.keys('denied')).toEqual([]);
  });
});

describe('concurrency', () => {
  it('two runs of the same day at once, one a subset: every KPI kept, none doubled', async () => {
    resetFaults();
    proxy.faults.putDelayMs = 150; // both runs read before either writes
    const dir = await tempDir();
    const cfgA = path.join(dir, 'a.yml');
    const cfgB = path.join(dir, 'b.yml');
    await fs.writeFile(cfgA, 'sources:\n  testsrc:\n    kpis:\n      other: { value: 1 }\n');
    await fs.writeFile(cfgB, 'sources:\n  testsrc:\n    kpis:\n      other: { value: 2 }\n');
    const conflictsBefore = proxy.stats.preconditionFailed;
    for (const date of ['2026-11-05', '2026-11-06', '2026-11-07']) {
      const prefix = 'race';
      const base = ['collect', '--source', 'testsrc', '--date', date, ...s3Args(prefix)];
      const [a, b] = await Promise.all([
        runCli([...base, '--config', cfgA], env()),
        runCli([...base, '--config', cfgB, '--kpis', 'testsrc.other'], env()),
      ]);
      expect([a.code, b.code]).toEqual([0, 0]);
      const day = await stored(prefix, date);
      expect([1, 2]).toContain(day['testsrc.other.value']);
      expect(day).toEqual(FULL_DAY(date, day['testsrc.other.value']));
    }
    expect(proxy.stats.preconditionFailed).toBeGreaterThan(conflictsBefore);
  });
});

describe('interruption (SIGTERM, as when a job is cancelled)', () => {
  function startCli(args: string[], extraEnv: Record<string, string>) {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'test/helpers/cli-test-source.ts'), ...args],
      {
        cwd: ROOT,
        env: { ...process.env, ...env(), ...extraEnv, NODE_OPTIONS: '' },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const done = new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
    return { child, done, out: () => ({ stdout, stderr }) };
  }
  async function until(cond: () => boolean, ms = 20_000): Promise<void> {
    const end = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > end) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('during collection: stops within seconds, writes nothing, says what was not collected', async () => {
    resetFaults();
    const dir = await tempDir();
    await fs.writeFile(path.join(dir, 'slow.yml'), 'sources:\n  testsrc:\n    delay_ms: 60000\n');
    const p = startCli(
      [
        'collect',
        '--source',
        'testsrc',
        '--date',
        '2026-11-08',
        '--config',
        path.join(dir, 'slow.yml'),
        '--output-dir',
        path.join(dir, 'out'),
      ],
      {
        RUNNER_TEMP: dir,
      },
    );
    await until(() => p.out().stderr.includes('testsrc.events: collecting'));
    const t0 = Date.now();
    p.child.kill('SIGTERM');
    const code = await p.done;
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(code).toBe(1);
    expect(await listFiles(path.join(dir, 'out'))).toEqual([]);
    expect(p.out().stdout).toContain('The run was cancelled');
    expect(p.out().stdout).toMatch(/`testsrc.events` \| ❌ failed/);
    expect(p.out().stdout).toContain('- `testsrc.events`: cancelled by SIGTERM');
    expect(p.out().stdout).toContain('- `testsrc.other`: cancelled before it started');
  });

  it('during upload: stops within seconds, every object written is whole, the rest is saved', async () => {
    resetFaults();
    proxy.faults.putDelayMs = 1500;
    const dir = await tempDir();
    const prefix = 'sigterm-upload';
    const p = startCli(
      [
        'collect',
        '--source',
        'testsrc',
        '--start-date',
        '2026-11-10',
        '--end-date',
        '2026-11-14',
        ...s3Args(prefix),
      ],
      {
        RUNNER_TEMP: dir,
      },
    );
    const putsBefore = proxy.stats.puts;
    await until(() => proxy.stats.puts > putsBefore);
    const t0 = Date.now();
    p.child.kill('SIGTERM');
    const code = await p.done;
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(code).toBe(1);
    // The PUT in flight is aborted: the proxy may still complete it, so that day is in S3 or not, but whole.
    await new Promise((r) => setTimeout(r, 1800));
    const keys = await s3.keys(prefix);
    expect(keys.length).toBeLessThan(5);
    const inS3 = new Set<string>();
    for (const k of keys) {
      const date = /date=([\d-]+)/.exec(k)![1]!;
      expect(await stored(prefix, date)).toEqual(FULL_DAY(date));
      inS3.add(date);
    }
    // Every day not in S3 was saved under RUNNER_TEMP, whole.
    const saved = (await listFiles(dir)).filter((f) => f.startsWith('kpi-collector-unsaved/'));
    const savedDays = new Set(saved.map((f) => /date=([\d-]+)/.exec(f)![1]!));
    for (const date of ['2026-11-10', '2026-11-11', '2026-11-12', '2026-11-13', '2026-11-14']) {
      expect([date, inS3.has(date) || savedDays.has(date)]).toEqual([date, true]);
    }
    for (const f of saved) {
      const rows = parseCsv(await fs.readFile(path.join(dir, f), 'utf8'), f);
      expect(rows).toHaveLength(Object.keys(FULL_DAY('2026-11-10')).length);
    }
    expect(p.out().stdout).toContain('days not written:');
  });
});
