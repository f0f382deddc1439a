import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DayIndex, dayWindows } from '../../src/dates.js';
import { Accumulator, type KpiDefinition } from '../../src/kpi.js';
import { MemoryLogger } from '../../src/log.js';
import type { BillingParams, BillingRun } from '../../src/sources/databricks/billing.js';
import { cost } from '../../src/sources/databricks/cost.js';
import { dbuUsage } from '../../src/sources/databricks/dbu-usage.js';
import type { UsageRow } from '../fakes/databricks/statements.js';
import { expected, makeUsage, OTHER_WORKSPACE, PRICE_CHANGE, PRICES } from './billing-data.js';
import { startSqlFake, statementClient, WORKSPACE, type SqlFake } from './sql-fake.js';

const FIRST = '2026-03-06';
const LAST = '2026-03-10'; // New York moves to EDT on 2026-03-08: a 23-hour day
const ZONES = ['UTC', 'America/New_York'];

let fake: SqlFake;
let rows: UsageRow[];

beforeAll(async () => {
  fake = await startSqlFake({ chunkRows: 16 });
  const edges = ZONES.flatMap((z) => dayWindows(FIRST, LAST, z).flatMap((w) => [w.start, w.end]));
  const from = Date.parse('2026-03-04T00:00:00Z');
  const to = Date.parse('2026-03-12T12:00:00Z');
  rows = makeUsage(from, to, edges);
  await fake.sql.addUsage(rows);
  await fake.sql.addPrices(PRICES);
});
afterAll(async () => {
  await fake.close();
});

interface Run {
  values: Map<string, Map<string, number>>;
  warnings: string[];
}

async function run(
  kpi: KpiDefinition<BillingRun, BillingParams>,
  timeZone: string,
  params: Record<string, unknown> = {},
  first = FIRST,
  last = LAST,
): Promise<Run> {
  const windows = dayWindows(first, last, timeZone);
  const acc = new Accumulator(new Set(windows.map((w) => w.date)), undefined);
  const log = new MemoryLogger();
  await kpi.collect({
    run: { sql: statementClient(fake) },
    params: kpi.params.parse(params),
    windows,
    days: new DayIndex(windows),
    timeZone,
    acc,
    log,
    signal: new AbortController().signal,
  });
  const values = new Map<string, Map<string, number>>(windows.map((w) => [w.date, new Map()]));
  for (const [d, c, v] of acc.entries()) values.get(d)!.set(c, v);
  return { values, warnings: log.lines.filter((l) => l.startsWith('warning: ')).map((l) => l.slice(9)) };
}

/** The expected figures with the KPI's zero-filling: total and every product counted, on every day. */
function filled(
  exp: Map<string, Map<string, number>>,
  timeZone: string,
  products?: string[],
): Map<string, Map<string, number>> {
  const windows = dayWindows(FIRST, LAST, timeZone);
  const components = new Set<string>(['total', ...(products ?? [])]);
  for (const day of exp.values()) for (const c of day.keys()) components.add(c);
  return new Map(
    windows.map((w) => [w.date, new Map([...components].map((c) => [c, exp.get(w.date)?.get(c) ?? 0]))]),
  );
}

describe.each(ZONES)('built-in billing KPIs in %s', (timeZone) => {
  const windows = dayWindows(FIRST, LAST, timeZone);
  const from = windows[0]!.start;
  const to = windows[windows.length - 1]!.end;

  it('databricks.dbu_usage: DBUs per product and total, corrections included, by local day of usage start', async () => {
    const r = await run(dbuUsage, timeZone);
    const exp = expected(rows, { measure: 'dbus', timeZone, from, to });
    expect(r.values).toEqual(filled(exp.values, timeZone));
    // The fixture has what the rule is about: corrections, other workspaces, non-DBU usage.
    expect(rows.some((u) => u.record_type === 'RETRACTION' && u.usage_start_time >= from)).toBe(true);
    expect(r.values.get('2026-03-08')!.get('jobs')).toBeGreaterThan(0);
    expect(r.warnings).toEqual([]);
  });

  it('databricks.cost: list-price USD with the price in force at each record start (a change mid-range)', async () => {
    const r = await run(cost, timeZone);
    const exp = expected(rows, { measure: 'cost', timeZone, from, to });
    expect(r.values).toEqual(filled(exp.values, timeZone));
    expect(exp.unpriced).toBeGreaterThan(0);
    expect(r.warnings).toEqual([
      `databricks.cost: ${exp.unpriced} usage record(s) have no USD list price in system.billing.list_prices for their SKU, cloud, unit and start time; they count as 0`,
    ]);
    // Both prices of the jobs SKU were used in the range.
    expect(
      rows.some(
        (u) =>
          u.sku_name === 'PREMIUM_JOBS_COMPUTE' &&
          u.usage_start_time < PRICE_CHANGE &&
          u.usage_start_time >= from,
      ),
    ).toBe(true);
    expect(
      rows.some(
        (u) =>
          u.sku_name === 'PREMIUM_JOBS_COMPUTE' &&
          u.usage_start_time >= PRICE_CHANGE &&
          u.usage_start_time < to,
      ),
    ).toBe(true);
  });

  it('filters on workspace_ids and products; total is the sum of the products selected', async () => {
    const params = { workspace_ids: [WORKSPACE, OTHER_WORKSPACE], products: ['jobs', 'sql'] };
    const r = await run(dbuUsage, timeZone, params);
    const exp = expected(rows, {
      measure: 'dbus',
      timeZone,
      from,
      to,
      workspaces: params.workspace_ids,
      products: params.products,
    });
    expect(r.values).toEqual(filled(exp.values, timeZone, params.products));
    for (const [, day] of r.values) expect([...day.keys()].sort()).toEqual(['jobs', 'sql', 'total']);
  });
});

describe('billing KPIs: one statement, late data, no warehouse', () => {
  it('reads a year with one statement (and its chunks), not one per day', async () => {
    const before = fake.sql.stats.statements;
    await run(dbuUsage, 'UTC', {}, '2025-03-11', '2026-03-10');
    expect(fake.sql.stats.statements - before).toBe(1);
    const body = fake.sql.requests[fake.sql.requests.length - 1]!;
    expect(body.parameters).toEqual(
      expect.arrayContaining([
        { name: 'range_start', type: 'TIMESTAMP', value: '2025-03-11T00:00:00.000Z' },
        { name: 'range_end', type: 'TIMESTAMP', value: '2026-03-11T00:00:00.000Z' },
        { name: 'time_zone', type: 'STRING', value: 'UTC' },
        { name: 'w0', type: 'STRING', value: WORKSPACE },
      ]),
    );
    expect(String(body.statement)).not.toContain(WORKSPACE);
  });

  it('warns when the newest record read ends before the end of the last days', async () => {
    const r = await run(dbuUsage, 'UTC', {}, '2026-03-10', '2026-03-14');
    const newest = Math.max(
      ...rows
        .filter(
          (u) =>
            u.workspace_id === WORKSPACE &&
            u.usage_unit === 'DBU' &&
            u.usage_start_time >= Date.parse('2026-03-10T00:00:00Z'),
        )
        .map((u) => u.usage_end_time),
    );
    expect(newest).toBeLessThan(Date.parse('2026-03-13T00:00:00Z'));
    expect(r.warnings).toEqual([
      `databricks.dbu_usage: the newest usage record read ends ${new Date(newest).toISOString()}, before the end of 3 days (2026-03-12..2026-03-14); billing records arrive hours late, so those days may be incomplete (re-collect them later, e.g. with the workflow's settle-days input)`,
    ]);
    expect(r.values.get('2026-03-13')!.get('total')).toBe(0);
    expect(r.values.get('2026-03-10')!.get('total')).toBeGreaterThan(0);
  });

  it('fails with a message naming warehouse_id when it is not set', async () => {
    const windows = dayWindows(FIRST, FIRST, 'UTC');
    await expect(
      dbuUsage.collect({
        run: {},
        params: {},
        windows,
        days: new DayIndex(windows),
        timeZone: 'UTC',
        acc: new Accumulator(new Set([FIRST]), undefined),
        log: new MemoryLogger(),
        signal: new AbortController().signal,
      }),
    ).rejects.toThrow(/sources\.databricks\.warehouse_id is not set/);
  });

  it('rejects params that are not ids or products', () => {
    expect(dbuUsage.params.safeParse({ workspace_ids: [123] }).success).toBe(false);
    expect(dbuUsage.params.safeParse({ workspace_ids: ["1' OR 1=1"] }).success).toBe(false);
    expect(dbuUsage.params.safeParse({ products: ['Jobs'] }).success).toBe(false);
    expect(dbuUsage.params.safeParse({ products: ['total'] }).success).toBe(false);
    expect(dbuUsage.params.safeParse({ products: ['jobs'], workspace_ids: ['1'] }).success).toBe(true);
  });
});
