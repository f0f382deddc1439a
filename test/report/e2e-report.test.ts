import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { addDays } from '../../src/dates.js';
import { LocalStore } from '../../src/store/local-store.js';
import { DIST } from '../helpers/runner.js';
import { storeDay, tempDir } from './fixtures.js';

/** `kpi-collector report` through the bundle, as a user runs it (build it first: npm run package). */
function report(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [DIST, 'report', ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}

// Wednesday 2026-01-07 to Thursday 2026-01-22: weeks W02 (partial), W03, W04 (partial).
const FROM = '2026-01-07';
const TO = '2026-01-22';
let root: string;
let store: string;

beforeAll(async () => {
  expect(existsSync(DIST)).toBe(true);
  root = await tempDir('e2e');
  store = path.join(root, 'kpis');
  const local = new LocalStore(root);
  for (let d = FROM; d <= TO; d = addDays(d, 1)) {
    // github.pull_requests as the source stores it: 4 merged a day, each open 2 days 3 hours.
    const each = 2 * 86400 + 3 * 3600;
    await storeDay(local, 'kpis', 'github.pull_requests', d, {
      opened: 1234,
      merged: 4,
      closed_unmerged: 1,
      merge_seconds: 4 * each,
      le_86400: 0,
      le_172800: 0,
      le_345600: 4,
    });
  }
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('kpi-collector report through dist/index.js', () => {
  it('prints figures for people, partial weeks marked, a header in words', async () => {
    const r = await report(['--store', store, '--from', FROM, '--to', TO, '--every', 'week']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`KPI report, ${FROM} to ${TO}, by ISO week (Monday to Sunday)`);
    // avg_merge_seconds = 2 d 3 h = 2.1 d; opened per whole week 7 × 1,234 = 8,638.
    expect(r.stdout).toMatch(/^2026-W03\s+7\/7\s+8,638\s+28\s+7\s+59\.5 d\s+2\.1 d/m);
    expect(r.stdout).toMatch(/^2026-W02 \(partial\)\s+5\/5\s+6,170/m);
    expect(r.stdout).toMatch(/^2026-W04 \(partial\)\s+4\/4/m);
    expect(r.stdout).not.toMatch(/le_\d|\d\.\d{7,}/);
  });

  it('writes an HTML page with the merge time charted in days', async () => {
    const r = await report([
      '--store',
      store,
      '--from',
      FROM,
      '--to',
      TO,
      '--every',
      'week',
      '--format',
      'html',
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('data-series="github.pull_requests.avg_merge_seconds"');
    expect(r.stdout).toMatch(/<text class="unit"[^>]*>days<\/text>/);
    expect(r.stdout).toContain('class="point partial"');
  });

  it('on an empty range says what the store holds', async () => {
    const r = await report(['--store', store, '--from', '2025-06-01', '--to', '2025-06-30']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      `No data from 2025-06-01 to 2025-06-30. ${store} holds github from ${FROM} to ${TO} (16 days).`,
    );
  });

  it('refuses a crafted variable in --format csv, with one line and nothing on stdout', async () => {
    const day = await tempDir('e2e-crafted');
    const file = path.join(day, 'kpis', 'source=github', 'date=2026-01-07', 'kpis.csv');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(
      file,
      'date,source,variable,value,collected_at\r\n2026-01-07,github,"=HYPERLINK(""http://x"",""y"")",1,\r\n',
    );
    const r = await report([
      '--store',
      path.join(day, 'kpis'),
      '--from',
      FROM,
      '--to',
      FROM,
      '--format',
      'csv',
    ]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/kpis\.csv: the variable .* is not a dotted lowercase id of source github/);
    await fs.rm(day, { recursive: true, force: true });
  });
});
