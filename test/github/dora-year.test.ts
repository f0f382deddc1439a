/**
 * A year of daily deployments, commits and incidents on the fake, collected in one run through the engine: every
 * stored DORA figure equals the reference computed from the fake's data (dora-reference.ts); then a one-day run
 * reads only what it needs.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateDelivery } from '../fakes/github/delivery-data.js';
import type { FakeGitHub } from '../fakes/github/server.js';
import { doraReference } from './dora-reference.js';
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
    expect(graphql.length).toBe(2);
    expect(sent.filter((r) => r.resource === 'search').length).toBe(1);
  });
});
