import { Writable } from 'node:stream';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from '../../src/cli.js';
import type { EngineDeps } from '../../src/engine.js';
import { TEST_SOURCES } from './test-source.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

/** Runs the CLI in-process with the test sources, capturing its output. */
export async function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  deps: Partial<EngineDeps> = {},
): Promise<CliResult> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await cli(args, { stdout, stderr, env }, { sources: TEST_SOURCES, ...deps });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

export async function tempDir(prefix = 'kpi-test-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

/** Every file below a folder, relative, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(d: string, rel: string): Promise<void> {
    const entries = await fs.readdir(d, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(path.join(d, e.name), r);
      else out.push(r);
    }
  }
  await walk(dir, '');
  return out.sort();
}

export const TEST_SECRETS = { DATABRICKS_HOST: 'http://127.0.0.1:9', DATABRICKS_TOKEN: 'dapi-secret-XYZ123' };
