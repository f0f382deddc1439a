/**
 * Faults of the network between the collector and GitHub, injected by the fake: a gateway's 502 HTML page, a
 * 200 with an HTML page (captive portal), a connection reset, an answer cut off halfway, and an answer
 * slower than the request timeout. One of each is retried away with the same figures; a persistent one
 * fails the KPI with one line naming the request and the cause.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { excerpt } from '../../src/sources/github/client.js';
import type { ClientOptions } from '../../src/sources/github/index.js';
import { generateOrg } from '../fakes/github/data.js';
import { FakeGitHub, type Fault } from '../fakes/github/server.js';
import { datesOf, reference, runEngine, testOptions, TOKEN, type RunResult } from './helpers.js';

const TZ = 'UTC';
const start = '2025-04-05';
const end = '2025-04-07';
const KPIS = 'github.workflow_runs,github.issues,github.releases';
const data = generateOrg({
  seed: 11,
  org: 'acme',
  repos: 3,
  from: Date.parse('2025-04-01T00:00:00Z'),
  to: Date.parse('2025-04-10T00:00:00Z'),
  prsPerDay: 1,
  issuesPerDay: 2,
  // About 240 runs per repository created from the day before the range to its end: 3 pages of 100.
  runsPerDay: 60,
  commitsPerDay: 0,
  releasesPerDay: 0.5,
});
const RUNS = '/repos/acme/service-001/actions/runs';
const expected = reference(data, () => true, new Set(datesOf(start, end)), TZ, {
  firstStart: Date.parse(`${start}T00:00:00Z`),
  lookbackMs: 86_400_000,
});

/**
 * Fast retries (sleeps recorded, not slept) and a 1 s request timeout: short enough for a held answer to
 * time out, long enough that no ordinary answer does on a busy machine.
 */
function options(o: Partial<ClientOptions> = {}): Partial<ClientOptions> {
  return { ...testOptions(), requestTimeoutMs: 1000, ...o };
}

type Kind = Exclude<Fault['kind'], 'secondary' | 'server'>;
const KINDS: Kind[] = ['gateway', 'html', 'reset', 'cut', 'hang'];
/** The cause each fault must be reported with. */
const CAUSE: Record<Kind, string> = {
  gateway: '502 Bad Gateway',
  html: '200 OK with a body that is not JSON (text/html; charset=utf-8): Portal Sign in to continue',
  reset: 'network error: ',
  cut: 'connection lost in the middle of the answer: ',
  hang: 'no answer within 1 s',
};

function values(result: RunResult, prefix: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const [date, vars] of result.stored)
    for (const [v, n] of vars) if (v.startsWith(prefix)) out.set(`${date} ${v}`, n);
  return out;
}
function want(prefix: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const [date, vars] of expected)
    for (const [v, n] of vars) if (v.startsWith(prefix)) out.set(`${date} ${v}`, n);
  return out;
}
/** Every variable of either map, equal within 1e-3 (a missing one counts as 0); something was compared. */
function close(got: Map<string, number>, exp: Map<string, number>): void {
  expect(exp.size).toBeGreaterThan(0);
  for (const k of new Set([...got.keys(), ...exp.keys()]))
    expect([k, got.get(k) ?? 0]).toEqual([k, expect.closeTo(exp.get(k) ?? 0, 3)]);
}

describe('github source under network faults', () => {
  let fake: FakeGitHub;
  const run = (o: Partial<ClientOptions> = options(), config = ''): Promise<RunResult> =>
    runEngine({
      apiUrl: fake.url,
      config: `sources:\n  github:\n    org: acme\n${config}`,
      start,
      end,
      timeZone: TZ,
      kpis: KPIS,
      options: o,
    });
  beforeEach(async () => {
    fake = new FakeGitHub(data, { token: TOKEN });
    await fake.start();
  });
  afterEach(() => fake.stop());

  it('the data pages a listing of runs (the faults below hit its second page)', async () => {
    const r = await run();
    expect(r.report.failed).toEqual([]);
    expect(fake.requests.filter((q) => q.path === RUNS).length).toBe(3);
    close(values(r, 'github.workflow_runs.'), want('github.workflow_runs.'));
    expect(want('github.workflow_runs.count').size).toBe(3);
    expect([...want('github.workflow_runs.count').values()].every((n) => n > 20)).toBe(true);
  });

  it.each(KINDS)(
    'survives one %s on a page of runs and one on GraphQL with the same figures',
    async (kind) => {
      const hold = { holdMs: 3000 };
      fake.fail({ match: /^GET \/repos\/acme\/service-001\/actions\/runs\?.*\bpage=2\b/, kind, ...hold });
      fake.fail({ match: /^POST \/graphql/, kind, ...hold });
      const r = await run();
      expect(r.report.failed).toEqual([]);
      expect(fake.faults.map((f) => f.times)).toEqual([0, 0]);
      for (const p of ['github.workflow_runs.', 'github.issues.', 'github.releases.'])
        close(values(r, p), want(p));
      expect(r.report.sourceLines[0]).toContain('2 retried error(s)');
      const warnings = r.log.lines.filter((l) => l.startsWith('warning: GitHub'));
      expect(warnings).toHaveLength(2);
      expect(warnings[0]).toContain(`warning: GitHub GET ${RUNS}: ${CAUSE[kind]}`);
      expect(warnings.some((w) => w.startsWith(`warning: GitHub POST /graphql: ${CAUSE[kind]}`))).toBe(true);
      expect(warnings.join('\n')).not.toMatch(/<|\n.*\n.*\n/);
    },
  );

  it.each(KINDS)(
    'a persistent %s fails workflow_runs in one line naming the request and the cause; the others are written',
    async (kind) => {
      fake.fail({
        match: /^GET \/repos\/acme\/service-001\/actions\/runs/,
        kind,
        times: Infinity,
        holdMs: 3000,
      });
      const r = await run();
      expect(r.report.failed).toEqual(['github.workflow_runs']);
      const error = r.report.kpis.find((k) => k.id === 'github.workflow_runs')!.error!;
      expect(
        error.startsWith(
          `github.workflow_runs: GitHub GET ${RUNS} failed after 4 attempt(s): ${CAUSE[kind]}`,
        ),
      ).toBe(true);
      expect(error).not.toMatch(/[<>\n]/);
      expect(error).not.toContain(TOKEN);
      expect(fake.requests.filter((q) => q.path === RUNS)).toHaveLength(4);
      close(values(r, 'github.issues.'), want('github.issues.'));
    },
  );

  it('quotes at most ~200 characters of a long HTML page, without its tags, scripts or styles', async () => {
    const page =
      '<html><head><style>body{color:red}</style><script>var secret = 1;</script></head><body>' +
      `<h1>Service unavailable</h1><p>${'Please try again later. '.repeat(40)}</p></body></html>`;
    fake.fail({
      match: /^GET \/repos\/acme\/service-001\/actions\/runs/,
      kind: 'gateway',
      page,
      times: Infinity,
    });
    const r = await run();
    const error = r.report.kpis.find((k) => k.id === 'github.workflow_runs')!.error!;
    const cause = error.split('failed after 4 attempt(s): ')[1]!;
    expect(cause.startsWith('502 Bad Gateway: Service unavailable Please try again later.')).toBe(true);
    expect(cause.length).toBeLessThanOrEqual(220);
    expect(cause).not.toMatch(/[<>{}]|secret/);
    expect(excerpt(page)).toBe(cause.slice('502 Bad Gateway: '.length));
  });

  it('retries a JSON 5xx with its status in the message', async () => {
    fake.fail({
      match: /^GET \/repos\/acme\/service-001\/actions\/runs/,
      kind: 'server',
      status: 503,
      times: Infinity,
    });
    const r = await run();
    const error = r.report.kpis.find((k) => k.id === 'github.workflow_runs')!.error!;
    expect(error).toBe(
      `github.workflow_runs: GitHub GET ${RUNS} failed after 4 attempt(s): 503 Service Unavailable: Server Error`,
    );
  });

  it('retries a GraphQL answer that is JSON but neither data nor errors, then names it', async () => {
    fake.tamperGraphql = () => ({ message: 'Moved' });
    const r = await run();
    expect(r.report.failed.sort()).toEqual(['github.issues', 'github.releases']);
    for (const id of r.report.failed) {
      const error = r.report.kpis.find((k) => k.id === id)!.error!;
      expect(error).toBe(
        `${id}: GitHub POST /graphql failed after 4 attempt(s): 200 OK with JSON that is not a GraphQL result ` +
          `(application/json; charset=utf-8): {"message":"Moved"}`,
      );
    }
    close(values(r, 'github.workflow_runs.'), want('github.workflow_runs.'));
  });

  it('takes request_timeout_seconds from the config over the client option', async () => {
    // A 2.5 s answer: too slow for the 1 s option, in time for the 10 s of the config.
    fake.fail({
      match: /^GET \/repos\/acme\/service-001\/actions\/runs/,
      kind: 'hang',
      holdMs: 2500,
      times: 1,
    });
    const r = await run(options({ requestTimeoutMs: 1000 }), '    request_timeout_seconds: 10\n');
    expect(r.report.failed).toEqual([]);
    expect(r.report.sourceLines[0]).toContain('0 retried error(s)');
    close(values(r, 'github.workflow_runs.'), want('github.workflow_runs.'));
  });

  it('without the config, times the same answer out after the client option, and retries it', async () => {
    fake.fail({
      match: /^GET \/repos\/acme\/service-001\/actions\/runs/,
      kind: 'hang',
      holdMs: 2500,
      times: 1,
    });
    const r = await run(options({ requestTimeoutMs: 1000 }));
    expect(r.report.failed).toEqual([]);
    expect(r.log.lines).toContainEqual(expect.stringContaining(`GitHub GET ${RUNS}: no answer within 1 s`));
    expect(r.report.sourceLines[0]).toContain('1 retried error(s)');
    close(values(r, 'github.workflow_runs.'), want('github.workflow_runs.'));
  });

  it('rejects a request_timeout_seconds below 1 as a config error', async () => {
    await expect(run(options(), '    request_timeout_seconds: 0\n')).rejects.toThrow(
      /request_timeout_seconds/,
    );
  });
});
