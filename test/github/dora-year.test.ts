/**
 * A year of daily deployments, commits and incidents on the fake, collected in one run through the engine: every
 * stored DORA figure equals the reference computed from the fake's data (dora-reference.ts); then a one-day run
 * reads only what it needs.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as path from 'node:path';
import { generateDelivery } from '../fakes/github/delivery-data.js';
import type { FakeGitHub } from '../fakes/github/server.js';
import { runCli } from '../helpers/run-cli.js';
import { DORA_BUCKETS, doraReference } from './dora-reference.js';
import { datesOf, emptyData, fakeServers, runEngine, type RunResult } from './helpers.js';

const TZ = 'Europe/Berlin';
const REPOS = ['acme/api', 'acme/web', 'acme/worker'];
const from = Date.parse('2025-01-01T00:00:00Z');
const to = Date.parse('2026-01-03T00:00:00Z');
const delivery = generateDelivery({ seed: 21, repos: REPOS, from, to, incidentsPerDay: 0.08 });
const data = { ...emptyData(REPOS), ...delivery };
const KPIS = 'github.deployments,github.lead_time,github.incidents';
const CONFIG = 'sources:\n  github:\n    repos: [acme/api, acme/web, acme/worker]\n';

const servers = fakeServers();
let fake: FakeGitHub;
let year: RunResult;
const start = '2025-01-01';
const end = '2025-12-31';
const DAY = '2026-01-02';

beforeAll(async () => {
  fake = await servers.start(data);
  year = await runEngine({ apiUrl: fake.url, config: CONFIG, start, end, timeZone: TZ, kpis: KPIS });
});
afterAll(() => servers.stopAll());

function expectEqual(stored: RunResult['stored'], expected: Map<string, Map<string, number>>): number {
  let nonZero = 0;
  for (const [date, want] of expected) {
    const got = stored.get(date);
    expect([date, got === undefined]).toEqual([date, false]);
    for (const [variable, value] of got!) {
      const w = want.get(variable) ?? 0;
      if (variable.endsWith('seconds'))
        expect([date, variable, Math.round(value)]).toEqual([date, variable, Math.round(w)]);
      else expect([date, variable, value]).toEqual([date, variable, w]);
      if (value > 0) nonZero++;
    }
    for (const variable of want.keys())
      expect([date, variable, got!.has(variable)]).toEqual([date, variable, true]);
  }
  return nonZero;
}

describe('a year of DORA history through the engine', () => {
  it('stores every figure of the year exactly as the reference computes it', () => {
    expect(year.report.failed).toEqual([]);
    const expected = doraReference(data, datesOf(start, end), TZ);
    expect(expectEqual(year.stored, expected)).toBeGreaterThan(365 * 3);
    const total = (v: string) => [...expected.values()].reduce((s, m) => s + (m.get(v) ?? 0), 0);
    // The history is what the test means it to be: daily deployments, failures, commits, incidents.
    expect(total('github.deployments.succeeded')).toBeGreaterThan(600);
    expect(total('github.deployments.failed')).toBeGreaterThan(80);
    expect(total('github.lead_time.commits')).toBeGreaterThan(2000);
    expect(total('github.incidents.resolved')).toBeGreaterThan(40);
    expect(year.log.lines.filter((l) => l.startsWith('warning:'))).toEqual([]);
  });

  it('the daily run (yesterday) reads one deployments page per 25 repositories and one compare per repository', async () => {
    const before = fake.requests.length;
    const day = await runEngine({
      apiUrl: fake.url,
      config: CONFIG,
      start: DAY,
      end: DAY,
      timeZone: TZ,
      kpis: KPIS,
    });
    expect(day.report.failed).toEqual([]);
    expectEqual(day.stored, doraReference(data, [DAY], TZ));
    const sent = fake.requests.slice(before);
    const compares = sent.filter((r) => r.path.includes('/compare/'));
    const graphql = sent.filter((r) => r.resource === 'graphql');
    expect(compares.length).toBeLessThanOrEqual(REPOS.length);
    // deployments (read once for the three KPIs) + incident counts; resolved incidents: one search
    const kinds = graphql.map((r) =>
      /deployments\(/.test(r.body!.query)
        ? 'deployments'
        : /search\(/.test(r.body!.query)
          ? 'counts'
          : 'other',
    );
    expect(kinds.filter((k) => k !== 'other').sort()).toEqual(['counts', 'deployments']);
    expect(sent.filter((r) => r.resource === 'search').length).toBe(1);
  });
});

type Figure = {
  period_start: string;
  period_end: string;
  variable: string;
  value: number | null;
  days: number;
};

/** The q-quantile of summed cumulative buckets, interpolated linearly inside the bucket that reaches the rank. */
function percentile(buckets: Array<[number, number]>, q: number, total: number): number | null {
  if (!(total > 0)) return null;
  const rank = q * total;
  let [pb, pc] = [0, 0];
  for (const [b, c] of buckets) {
    if (c >= rank && c > pc) return pb + ((rank - pc) / (c - pc)) * (b - pb);
    [pb, pc] = [b, Math.max(pc, c)];
  }
  return null;
}

/** Monday of the ISO week of a date. */
function monday(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/** The four keys per period, summed by hand from the reference's daily figures. */
function fourKeys(daily: Map<string, Map<string, number>>, periodOf: (date: string) => string) {
  const sums = new Map<string, Map<string, number>>();
  for (const [date, m] of daily) {
    const p = periodOf(date);
    if (!sums.has(p)) sums.set(p, new Map());
    const s = sums.get(p)!;
    for (const [k, v] of m) s.set(k, (s.get(k) ?? 0) + v);
  }
  const out = new Map<string, Record<string, number | null>>();
  for (const [p, s] of sums) {
    const g = (k: string): number => s.get(k) ?? 0;
    const buckets = (kpi: string): Array<[number, number]> =>
      DORA_BUCKETS.map((b) => [b, g(`${kpi}.le_${b}`)] as [number, number]);
    out.set(p, {
      'github.deployments.per_day':
        g('github.deployments.succeeded') / g('github.deployments.collected_days'),
      'github.deployments.change_failure_rate':
        g('github.deployments.failed') / (g('github.deployments.succeeded') + g('github.deployments.failed')),
      'github.lead_time.avg_seconds': g('github.lead_time.seconds') / g('github.lead_time.commits'),
      'github.lead_time.p50_seconds': percentile(
        buckets('github.lead_time'),
        0.5,
        g('github.lead_time.commits'),
      ),
      'github.lead_time.p90_seconds': percentile(
        buckets('github.lead_time'),
        0.9,
        g('github.lead_time.commits'),
      ),
      'github.incidents.avg_restore_seconds':
        g('github.incidents.resolved') > 0
          ? g('github.incidents.restore_seconds') / g('github.incidents.resolved')
          : null,
      'github.incidents.p50_restore_seconds': percentile(
        buckets('github.incidents'),
        0.5,
        g('github.incidents.resolved'),
      ),
      'github.deployments.succeeded': g('github.deployments.succeeded'),
      'github.incidents.opened': g('github.incidents.opened'),
    });
  }
  return out;
}

describe('report --every month|week of the DORA KPIs over the year', () => {
  for (const [every, periodOf] of [
    ['month', (d: string) => d.slice(0, 7)],
    ['week', (d: string) => (monday(d) < start ? start : monday(d))],
  ] as const) {
    it(`--every ${every}: the four keys equal the figures summed by hand from the fake's history`, async () => {
      const r = await runCli([
        'report',
        '--store',
        path.join(year.dir, 'out', 'kpis'),
        '--from',
        start,
        '--to',
        end,
        '--every',
        every,
        '--kpis',
        KPIS,
        '--format',
        'json',
      ]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const figures = JSON.parse(r.stdout) as Figure[];
      const expected = fourKeys(doraReference(data, datesOf(start, end), TZ), periodOf);
      expect(new Set(figures.map((f) => periodOf(f.period_start))).size).toBe(expected.size);
      expect(expected.size).toBe(every === 'month' ? 12 : 53);
      let checked = 0;
      for (const f of figures) {
        const want = expected.get(periodOf(f.period_start))![f.variable];
        if (want === undefined) continue;
        if (want === null) expect([f.variable, f.value]).toEqual([f.variable, null]);
        else
          expect([f.period_start, f.variable, f.value! - want]).toEqual([
            f.period_start,
            f.variable,
            expect.closeTo(0, 6),
          ]);
        checked++;
      }
      expect(checked).toBe(expected.size * 9);
    });
  }

  it('the default table shows the four keys per month', async () => {
    const r = await runCli([
      'report',
      '--store',
      path.join(year.dir, 'out', 'kpis'),
      '--from',
      start,
      '--to',
      end,
      '--every',
      'month',
      '--kpis',
      KPIS,
    ]);
    expect(r.code).toBe(0);
    for (const name of [
      'per_day',
      'change_failure_rate',
      'p50_seconds',
      'p50_restore_seconds',
      '2025-01',
      '2025-12',
    ])
      expect(r.stdout).toContain(name);
  });
});
