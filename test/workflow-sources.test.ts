import { describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { sourceInputs } from '../src/action-spec.js';
import { SOURCES } from '../src/sources/index.js';
import { ROOT } from './helpers/runner.js';

// The reusable workflow is YAML that GitHub runs, so it can't import the registry: this test keeps its
// secrets and its collect step equal to what the sources declare (issue 11: one declaration per source).
describe('the reusable workflow follows the sources’ declarations', () => {
  it('declares a secret for every source input and passes each to the action under the input’s name', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const wf: any = parse(await fs.readFile(path.join(ROOT, '.github', 'workflows', 'kpis.yml'), 'utf8'));
    const declared = Object.keys(wf.on.workflow_call.secrets).sort();
    const inputs = sourceInputs(SOURCES);
    const expected = inputs.map((i) => i.workflowSecret ?? i.env).sort();
    expect(declared).toEqual(expected);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const step = wf.jobs.collect.steps.find((s: any) => s.id === 'collect');
    for (const i of inputs) {
      const secret = i.workflowSecret ?? i.env;
      expect([i.name, String(step.with[i.name] ?? '')]).toEqual([
        i.name,
        expect.stringMatching(new RegExp(`^\\$\\{\\{ secrets\\.${secret}\\b`)),
      ]);
    }
  });

  it("knows exactly the registry's sources in the plan step", async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const wf: any = parse(await fs.readFile(path.join(ROOT, '.github', 'workflows', 'kpis.yml'), 'utf8'));
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const plan = wf.jobs.plan.steps.find((s: any) => s.id === 'plan');
    expect(String(plan.env.KNOWN_SOURCES).split(/\s+/)).toEqual(SOURCES.map((s) => s.name));
  });
});
