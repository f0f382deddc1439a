import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { listFiles, tempDir, TEST_SECRETS } from '../helpers/run-cli.js';
import { expectedCount } from '../helpers/test-source.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'test', 'net', 'fixtures', 'uncaught-run.ts');

async function run(
  how: 'throw' | 'reject',
): Promise<{ code: number; stderr: string; temp: string; out: string }> {
  const temp = await tempDir();
  const out = path.join(temp, 'out');
  const tsx = pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const r = await promisify(execFile)(process.execPath, ['--import', tsx, SCRIPT, out, how], {
    cwd: temp,
    env: { ...process.env, ...TEST_SECRETS, RUNNER_TEMP: temp, NODE_OPTIONS: '' },
    timeout: 30_000,
  }).then(
    (x) => ({ code: 0, stderr: x.stderr }),
    (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
  );
  return { ...r, temp, out };
}

describe('an error no code caught (issue 14, item 2)', () => {
  it.each(['throw', 'reject'] as const)(
    'item 2: an uncaught %s in an event handler fails the run with one message and saves the collected rows',
    async (how) => {
      const r = await run(how);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /kpi-collector: stopped by an error no code caught \(.*(ERR_STRING_TOO_LONG|no one awaited)/,
      );
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      const saved = (await listFiles(path.join(r.temp, 'kpi-collector-unsaved'))).filter((f) =>
        f.endsWith('.csv'),
      );
      expect(saved).toHaveLength(2);
      const day = saved.find((f) => f.includes('date=2026-11-02'))!;
      const text = await fs.readFile(path.join(r.temp, 'kpi-collector-unsaved', day), 'utf8');
      expect(text).toContain(`testsrc.events.count,${expectedCount('2026-11-02')}`);
    },
  );
});
