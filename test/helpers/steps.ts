import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseOutputFile } from './runner.js';

/** What a workflow step's `run:` script did: exit code, what it printed, its outputs and summary. */
export interface StepRun {
  code: number;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

/**
 * Runs a step's `run:` script as the runner does (`bash --noprofile --norc -eo pipefail`), in `cwd` (a fresh
 * folder by default), with PATH, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and `env` only.
 */
export async function runStep(script: string, env: Record<string, string>, cwd?: string): Promise<StepRun> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kpi-step-'));
  try {
    const output = path.join(dir, 'output');
    const summary = path.join(dir, 'summary');
    await Promise.all([fs.writeFile(output, ''), fs.writeFile(summary, '')]);
    const res = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        'bash',
        ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script],
        {
          cwd: cwd ?? dir,
          env: { PATH: process.env.PATH!, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, ...env },
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: stdout + stderr }),
      );
    });
    return {
      ...res,
      outputs: parseOutputFile(await fs.readFile(output, 'utf8')),
      summary: await fs.readFile(summary, 'utf8'),
    };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
