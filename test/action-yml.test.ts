import { describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { sourceInputs } from '../src/action-spec.js';
import { renderActionYml } from '../src/action-yml.js';
import { DEFAULTS, Inputs } from '../src/inputs.js';
import { SOURCES } from '../src/sources/index.js';
import { ROOT, readActionYml } from './helpers/runner.js';

describe('action.yml', () => {
  it("is generated from the sources' declarations (npm run generate)", async () => {
    const committed = await fs.readFile(path.join(ROOT, 'action.yml'), 'utf8');
    expect(committed).toBe(renderActionYml(SOURCES));
  });

  it('refuses two sources declaring the same input', () => {
    const [a, b] = SOURCES;
    expect(() => sourceInputs([a!, { ...b!, inputs: a!.inputs }])).toThrow(/declared by both/);
  });

  it('declares exactly the inputs the code reads, each described', async () => {
    const action = await readActionYml();
    const declared = [...Object.values(Inputs), ...sourceInputs(SOURCES).map((i) => i.name)];
    expect(Object.keys(action.inputs).sort()).toEqual(declared.sort());
    for (const [name, spec] of Object.entries(action.inputs)) {
      expect([name, (spec.description ?? '').length > 10]).toEqual([name, true]);
    }
    expect(action.inputs.source?.required).toBe(true);
  });

  it('repeats the defaults that live in code, and none for config or date', async () => {
    const { inputs } = await readActionYml();
    expect(inputs.timezone?.default).toBe(DEFAULTS.timezone);
    expect(inputs['s3-prefix']?.default).toBe(DEFAULTS.s3Prefix);
    expect(inputs['max-days']?.default).toBe(String(DEFAULTS.maxDays));
    expect(inputs['dry-run']?.default).toBe('false');
    expect(inputs['github-token']?.default).toBe('${{ github.token }}');
    expect(inputs.config?.default).toBeUndefined();
    expect(inputs.date?.default).toBeUndefined();
  });

  it('declares the outputs the code sets, runs on node24 from the committed bundle', async () => {
    const action = await readActionYml();
    const main = await fs.readFile(path.join(ROOT, 'src', 'main.ts'), 'utf8');
    const set = [...main.matchAll(/setOutput\('([a-z-]+)'/g)].map((m) => m[1]).sort();
    expect(Object.keys(action.outputs).sort()).toEqual(set);
    for (const o of Object.values(action.outputs)) expect((o.description ?? '').length).toBeGreaterThan(10);
    expect(action.runs.using).toBe('node24');
    // The entry is small and loads its chunks (dist/<n>.index.js) on demand; together they hold the code.
    await fs.stat(path.join(ROOT, action.runs.main));
    const dist = path.dirname(path.join(ROOT, action.runs.main));
    const files = (await fs.readdir(dist)).filter((f) => f.endsWith('.js'));
    const sizes = await Promise.all(files.map(async (f) => (await fs.stat(path.join(dist, f))).size));
    expect(sizes.reduce((a, b) => a + b, 0)).toBeGreaterThan(1_000_000);
  });
});
