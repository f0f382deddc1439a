import { dayWindows, DayIndex, type DayWindow } from '../../src/dates.js';
import { Accumulator } from '../../src/kpi.js';
import { MemoryLogger } from '../../src/log.js';
import type { SqlRun } from '../../src/sources/sql/engine.js';
import type { SqlSettings } from '../../src/sources/sql/config.js';
import type { SourceDefinition } from '../../src/sources/types.js';

export type SqlSourceDef = SourceDefinition<SqlRun, SqlSettings>;

/** What a KPI run produced: values by `date component`, warnings, or the error it failed with. */
export interface KpiRun {
  values: Map<string, number>;
  warnings: string[];
  error?: Error;
}

/** Parses settings the way the config loader does, then runs one configured KPI like the engine does. */
export async function runKpi(
  source: SqlSourceDef,
  client: SqlRun,
  kpi: Record<string, unknown>,
  range: { start: string; end: string; timeZone: string },
): Promise<KpiRun> {
  const settings = source.settings.parse({ kpis: [kpi] }) as SqlSettings;
  const [def] = source.configKpis!(settings);
  if (!def) throw new Error('KPI not enabled');
  const windows: DayWindow[] = dayWindows(range.start, range.end, range.timeZone);
  const acc = new Accumulator(new Set(windows.map((w) => w.date)), undefined);
  const log = new MemoryLogger();
  const run: KpiRun = { values: new Map(), warnings: [] };
  try {
    await def.collect({
      run: client,
      params: {} as never,
      windows,
      days: new DayIndex(windows),
      timeZone: range.timeZone,
      acc,
      log,
      signal: new AbortController().signal,
    });
  } catch (e) {
    run.error = e as Error;
  }
  for (const [d, c, v] of acc.entries()) run.values.set(`${d} ${c}`, v);
  run.warnings = log.lines.filter((l) => l.startsWith('warning: ')).map((l) => l.slice(9));
  return run;
}

/** The local calendar date of an instant, by Intl directly (independent of src/dates.ts). */
function localDate(ms: number, timeZone: string): string {
  return new Date(ms).toLocaleDateString('en-CA', { timeZone });
}

import { rng } from '../helpers/rng.js';

export interface Order {
  id: number;
  at: number;
  amount: number;
  status: 'paid' | 'refunded' | 'pending';
}

/**
 * Orders spread over [from, to) plus a few on the exact local midnights of the boundary days (day_start
 * is inclusive, day_end exclusive). Amounts have cents so sums are checked exactly.
 */
export function makeOrders(from: number, to: number, count: number, extraInstants: number[]): Order[] {
  const r = rng(42);
  const statuses = ['paid', 'paid', 'paid', 'refunded', 'pending'] as const;
  const orders: Order[] = [];
  for (let i = 0; i < count; i++) {
    orders.push({
      id: i + 1,
      at: Math.floor(from + r() * (to - from)),
      amount: Math.round(r() * 100_00) / 100,
      status: statuses[Math.floor(r() * statuses.length)]!,
    });
  }
  extraInstants.forEach((at, k) => orders.push({ id: count + k + 1, at, amount: 1.25, status: 'paid' }));
  return orders;
}

/** Reference per-day figures of the orders, computed without the code under test. */
export function expectedByDay(orders: Order[], timeZone: string, dates: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const o of orders) {
    const d = localDate(o.at, timeZone);
    if (!dates.includes(d)) continue;
    out.set(`${d} orders`, (out.get(`${d} orders`) ?? 0) + 1);
    out.set(`${d} revenue`, (out.get(`${d} revenue`) ?? 0) + o.amount);
  }
  for (const [k, v] of out) out.set(k, Math.round(v * 100) / 100);
  return out;
}

export function expectedStatuses(orders: Order[], timeZone: string, dates: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const o of orders) {
    const d = localDate(o.at, timeZone);
    if (dates.includes(d)) out.set(`${d} ${o.status}`, (out.get(`${d} ${o.status}`) ?? 0) + 1);
  }
  return out;
}

/** Rounds values to cents, so floating sums compare exactly with the reference. */
export function cents(values: Map<string, number>): Map<string, number> {
  return new Map([...values].map(([k, v]) => [k, Math.round(v * 100) / 100]));
}
