/**
 * `npm run demo` as a newcomer runs it (README's first command), from a fresh folder: it collects the
 * Databricks and GitHub demo sources from the local fakes through the bundle, writes kpi-data/report.html
 * and prints its path with the short report.
 */
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { listFiles, tempDir } from './helpers/run-cli.js';
import { ROOT } from './helpers/runner.js';

describe('npm run demo', () => {
  it('collects both demo sources, writes the HTML report and prints its path', async () => {
    const cwd = await tempDir('kpi-demo-test-');
    const r = await new Promise<{ code: number; out: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href,
          path.join(ROOT, 'scripts', 'demo.ts'),
        ],
        {
          cwd,
          env: { ...process.env, GITHUB_ACTIONS: '' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      child.on('close', (code) => resolve({ code: code ?? 1, out }));
    });
    expect([r.code, r.out.slice(-2000)]).toEqual([0, expect.any(String)]);
    const html = path.join(cwd, 'kpi-data', 'report.html');
    expect(r.out).toContain(`HTML report (open it in a browser): ${html}`);
    const page = await fs.readFile(html, 'utf8');
    expect(page).toMatch(/^<!doctype html>/i);
    expect(page).toContain('github.pull_requests');
    expect(page).toContain('databricks.cluster_startup');
    const files = await listFiles(path.join(cwd, 'kpi-data', 'kpis'));
    expect(files.filter((f) => f.includes('source=github/')).length).toBe(7);
    expect(files.filter((f) => f.includes('source=databricks/')).length).toBe(7);
    expect(r.out).toMatch(/databricks\.cluster_startup \(seconds\)/);
  }, 120_000);
});
