/**
 * Benchmark of the Databricks billing KPIs on a SQL warehouse (run: npx tsx bench/databricks-sql.ts).
 *
 * A 365-day backfill of databricks.dbu_usage and databricks.cost against the local Statement Execution API
 * fake (DuckDB), with a year of hourly system.billing.usage records (5 products, corrections, a second
 * workspace, non-DBU usage) and 20 ms added to every answer. Scenarios: a running warehouse; a stopped one
 * (the first statement starts it; 3 s here, minutes for real classic/pro warehouses); and results cut into
 * 500-row chunks (Databricks cuts INLINE chunks by size: a year of one workspace is ~2,000 rows). Every day's
 * figures are checked against the independent computation of the tests (test/databricks/billing-data.ts); a
 * mismatch fails the benchmark. Reports HTTP requests by endpoint, statements, chunks, polls and wall time,
 * and what one statement per day would cost instead.
 */
import { DayIndex, dayWindows } from '../src/dates.js';
import { Accumulator, type KpiDefinition } from '../src/kpi.js';
import { MemoryLogger } from '../src/log.js';
import type { BillingParams, BillingRun } from '../src/sources/databricks/billing.js';
import { cost } from '../src/sources/databricks/cost.js';
import { dbuUsage } from '../src/sources/databricks/dbu-usage.js';
import { expected, makeUsage, PRICES } from '../test/databricks/billing-data.js';
import { startSqlFake, statementClient } from '../test/databricks/sql-fake.js';

const LATENCY = Number(process.env.BENCH_LATENCY ?? 20);
const FIRST = '2025-11-29';
const LAST = '2026-11-28';
const ZONE = process.env.BENCH_ZONE ?? 'America/New_York';

interface Scenario {
  name: string;
  stopped?: boolean;
  chunkRows?: number;
}

const SCENARIOS: Scenario[] = [
  { name: 'running warehouse' },
  { name: 'stopped warehouse (3 s start)', stopped: true },
  { name: 'running, 500-row chunks', chunkRows: 500 },
];

async function main(): Promise<void> {
  const windows = dayWindows(FIRST, LAST, ZONE);
  const from = windows[0]!.start;
  const to = windows[windows.length - 1]!.end;
  const started = Date.now();
  const rows = makeUsage(from - 86_400_000, to + 86_400_000, [from, to], 11);
  console.log(
    `${windows.length} days in ${ZONE}, ${rows.length.toLocaleString('en')} usage records, ${LATENCY} ms latency (data built in ${Date.now() - started} ms)`,
  );
  console.log('| scenario | requests | by endpoint | statements | extra chunks | polls | wall |');
  console.log('| --- | ---: | --- | ---: | ---: | ---: | ---: |');
  for (const sc of SCENARIOS) {
    const fake = await startSqlFake(
      { stopped: sc.stopped, startupMs: 3000, chunkRows: sc.chunkRows },
      { latencyMs: LATENCY },
    );
    try {
      await fake.sql.addUsage(rows);
      await fake.sql.addPrices(PRICES);
      fake.workspace.resetStats();
      const client = statementClient(fake, { pollMs: { first: 500, max: 5000 } });
      let wall = 0;
      for (const [kpi, measure] of [
        [dbuUsage, 'dbus'],
        [cost, 'cost'],
      ] as const) {
        const t0 = Date.now();
        const got = await collect(kpi, client, windows);
        wall += Date.now() - t0;
        const want = expected(rows, { measure, timeZone: ZONE, from, to }).values;
        for (const w of windows) {
          for (const [c, v] of want.get(w.date) ?? new Map<string, number>()) {
            if (got.get(`${w.date} ${c}`) !== v) {
              throw new Error(`${kpi.id} ${w.date} ${c}: ${got.get(`${w.date} ${c}`)} instead of ${v}`);
            }
          }
        }
      }
      const endpoints = new Map<string, number>();
      for (const [e, n] of fake.workspace.stats.byEndpoint) {
        const key = e.replace(/statements\/[^/]+/, 'statements/{id}').replace(/chunks\/\d+/, 'chunks/{n}');
        endpoints.set(key, (endpoints.get(key) ?? 0) + n);
      }
      const by = [...endpoints].map(([e, n]) => `${e} ${n}`).join('; ');
      console.log(
        `| ${sc.name} | ${fake.workspace.stats.requests} | ${by} | ${client.stats.statements} | ${client.stats.chunks} | ${client.stats.polls} | ${(wall / 1000).toFixed(2)} s |`,
      );
    } finally {
      await fake.close();
    }
  }
  console.log(
    `One statement per day instead: ${windows.length * 2} statements (${windows.length} per KPI), each at least one request, and each waits for a warehouse slot.`,
  );
}

async function collect(
  kpi: KpiDefinition<BillingRun, BillingParams>,
  client: ReturnType<typeof statementClient>,
  windows: ReturnType<typeof dayWindows>,
): Promise<Map<string, number>> {
  const acc = new Accumulator(new Set(windows.map((w) => w.date)), undefined);
  await kpi.collect({
    run: { sql: client },
    params: {},
    windows,
    days: new DayIndex(windows),
    timeZone: ZONE,
    acc,
    log: new MemoryLogger(),
    signal: new AbortController().signal,
  });
  return new Map(acc.entries().map(([d, c, v]) => [`${d} ${c}`, v]));
}

await main();
