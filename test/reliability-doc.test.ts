import { describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './helpers/runner.js';

/** Every `file › test name` the reliability table names must be a test that exists. */
describe('docs/RELIABILITY.md', () => {
  it('names only tests that exist, with enough rows to cover each area', async () => {
    const doc = await fs.readFile(path.join(ROOT, 'docs', 'RELIABILITY.md'), 'utf8');
    const refs: Array<[string, string]> = [...doc.matchAll(/\| (test\/[\w/.-]+\.ts) › ([^|]+?) \|$/gm)].map(
      (m) => [m[1]!, m[2]!.trim()],
    );
    expect(refs.length).toBeGreaterThanOrEqual(30);
    const missing: string[] = [];
    for (const [file, name] of refs) {
      const text = await fs.readFile(path.join(ROOT, file), 'utf8').catch(() => '');
      const quoted = [`'${name}'`, `"${name}"`, `\`${name}\``].some((q) => text.includes(q));
      const describeOnly = text.includes(`'${name}`);
      if (!quoted && !describeOnly) missing.push(`${file} › ${name}`);
    }
    expect(missing).toEqual([]);
  });
});
