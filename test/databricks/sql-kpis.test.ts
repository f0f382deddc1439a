import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DayIndex, dayWindows } from '../../src/dates.js';
import { Accumulator } from '../../src/kpi.js';
import { MemoryLogger } from '../../src/log.js';
import { databricksSource, type DatabricksSettings } from '../../src/sources/databricks/index.js';
import { createWarehouseRun } from '../../src/sources/databricks/warehouse.js';
import { SqlError } from '../../src/sources/sql/driver.js';
import { rng } from '../helpers/rng.js';
import { startSqlFake, SQL_TOKEN, WAREHOUSE, type SqlFake } from './sql-fake.js';

const FIRST = '2026-03-06';
const LAST = '2026-03-10';
const ZONE = 'America/New_York';

interface Order {
  at: number;
  amount: number; // cents
  status: 'paid' | 'refunded' | 'pending';
}

let fake: SqlFake;
const orders: Order[] = [];
const targets = new Map<string, number>();

beforeAll(async () => {
  fake = await startSqlFake({
    chunkRows: 2,
    delayMs: (sql) => (sql.includes('pg_sleep_stand_in') ? 60_000 : 0),
  });
  const r = rng(3);
  const windows = dayWindows(FIRST, LAST, ZONE);
  const from = windows[0]!.start - 6 * 3_600_000;
  const to = windows[windows.length - 1]!.end + 6 * 3_600_000;
  const statuses = ['paid', 'paid', 'refunded', 'pending'] as const;
  for (let i = 0; i < 400; i++) {
    orders.push({
      at: Math.floor(from + r() * (to - from)),
      amount: Math.round(r() * 20_000),
      status: statuses[Math.floor(r() * 4)]!,
    });
  }
  // Orders exactly on local midnights: day_start is inclusive, day_end exclusive.
  for (const w of windows) orders.push({ at: w.start, amount: 1234, status: 'paid' });
  windows.forEach((w, i) => targets.set(w.date, 50 + i));
  await fake.sql.exec(`ATTACH ':memory:' AS lake`);
  await fake.sql.exec(`CREATE SCHEMA lake.sales`);
  await fake.sql.exec(
    `CREATE TABLE lake.sales.orders (id INTEGER, amount DECIMAL(12, 2), status VARCHAR, created_at TIMESTAMPTZ)`,
  );
  await fake.sql.exec(`CREATE TABLE lake.sales.targets (d DATE, target INTEGER)`);
  const values = orders
    .map((o, i) => `(${i}, ${(o.amount / 100).toFixed(2)}, '${o.status}', make_timestamptz(${o.at * 1000}))`)
    .join(',\n');
  await fake.sql.exec(`INSERT INTO lake.sales.orders VALUES ${values}`);
  await fake.sql.exec(
    `INSERT INTO lake.sales.targets VALUES ${[...targets].map(([d, t]) => `(DATE '${d}', ${t})`).join(', ')}`,
  );
});
afterAll(async () => {
  await fake.close();
});

function settings(kpis: Array<Record<string, unknown>>): DatabricksSettings {
  return databricksSource.settings.parse({ warehouse_id: WAREHOUSE, sql_kpis: kpis }) as DatabricksSettings;
}

async function run(
  kpi: Record<string, unknown>,
): Promise<{ values: Map<string, number>; warnings: string[] }> {
  const s = settings([kpi]);
  const [def] = databricksSource.configKpis!(s);
  const log = new MemoryLogger();
  const warehouse = createWarehouseRun({
    settings: s,
    host: fake.url,
    token: SQL_TOKEN,
    attempts: 2,
    retryBaseMs: 1,
    requestTimeoutMs: 5000,
    log,
    signal: new AbortController().signal,
  });
  const windows = dayWindows(FIRST, LAST, ZONE);
  const acc = new Accumulator(new Set(windows.map((w) => w.date)), undefined);
  await def!.collect({
    run: warehouse as never,
    params: {},
    windows,
    days: new DayIndex(windows),
    timeZone: ZONE,
    acc,
    log,
    signal: new AbortController().signal,
  });
  const values = new Map<string, number>();
  for (const [d, c, v] of acc.entries()) values.set(`${d} ${c}`, v);
  return { values, warnings: log.lines.filter((l) => l.startsWith('warning: ')) };
}

const localDate = (ms: number): string => new Date(ms).toLocaleDateString('en-CA', { timeZone: ZONE });
const inRange = (o: Order): boolean => localDate(o.at) >= FIRST && localDate(o.at) <= LAST;

describe('Databricks SQL KPIs (sources.databricks.sql_kpis) on the warehouse', () => {
  it('has ids databricks.<id> and the SQL KPI shape of the other SQL sources', () => {
    const defs = databricksSource.configKpis!(
      settings([
        { id: 'a', description: 'A', unit: 'count', sql: 'SELECT 1 AS one' },
        { id: 'b', description: 'B', unit: 'count', sql: 'SELECT 1 AS one', enabled: false },
      ]),
    );
    expect(defs.map((d) => d.id)).toEqual(['databricks.a']);
    expect(() =>
      settings([{ id: 'x', description: 'X', unit: 'n', sql: 'SELECT :range_start AS s' }]),
    ).toThrow(/bind :range_start is not available to per-day queries/);
    expect(() => settings([{ id: 'x', description: 'X', unit: 'n', sql: 'SELECT ? AS s' }])).toThrow(
      /positional/,
    );
    // One query only: a second statement, or a statement that changes data, is refused by the config check.
    expect(() =>
      settings([
        { id: 'x', description: 'X', unit: 'n', sql: 'SELECT 1 AS a; DROP TABLE lake.sales.orders' },
      ]),
    ).toThrow(/KPI 'x'/);
    expect(() =>
      settings([
        { id: 'x', description: 'X', unit: 'n', sql: 'DELETE FROM lake.sales.orders WHERE :day IS NULL' },
      ]),
    ).toThrow(/not a query/);
    // Spark SQL quoting: a ';' inside a backtick identifier is no second statement.
    expect(() =>
      settings([{ id: 'x', description: 'X', unit: 'n', sql: 'SELECT 1 AS `a;b`, 2 AS n' }]),
    ).not.toThrow();
    // A backslash escape in '…' is not read by the shared placeholder scanner: a clear config error, not a guess.
    expect(() =>
      settings([{ id: 'x', description: 'X', unit: 'n', sql: "SELECT 'it\\'s' AS s, 1 AS n" }]),
    ).toThrow(/KPI 'x': unterminated/);
    expect(() =>
      databricksSource.configKpis!({
        ...settings([]),
        warehouse_id: undefined,
        sql_kpis: settings([{ id: 'a', description: 'A', unit: 'n', sql: 'SELECT 1 AS a' }]).sql_kpis,
      }),
    ).toThrow(/sources\.databricks\.warehouse_id: sql_kpis run on a SQL warehouse/);
  });

  it('per day, numeric columns, with :day_start, :day_end (TIMESTAMP) and :day (DATE)', async () => {
    const r = await run({
      id: 'orders',
      description: 'Orders per day',
      unit: 'count',
      sql: `SELECT COUNT(*) AS orders, COALESCE(SUM(amount), 0) AS revenue,
              (SELECT target FROM lake.sales.targets WHERE d = :day) AS target
            FROM lake.sales.orders WHERE created_at >= :day_start AND created_at < :Day_End`,
    });
    const expected = new Map<string, number>();
    for (const w of dayWindows(FIRST, LAST, ZONE)) {
      const day = orders.filter((o) => localDate(o.at) === w.date);
      expected.set(`${w.date} orders`, day.length);
      expected.set(`${w.date} revenue`, Number((day.reduce((s, o) => s + o.amount, 0) / 100).toFixed(2)));
      expected.set(`${w.date} target`, targets.get(w.date)!);
    }
    expect(r.values).toEqual(expected);
    const body = fake.sql.requests.find((b) => String(b.statement).includes(':Day_End'))!;
    expect(body.parameters).toEqual([
      { name: 'day', type: 'DATE', value: expect.stringMatching(/^2026-03-\d\d$/) },
      { name: 'day_start', type: 'TIMESTAMP', value: expect.stringMatching(/Z$/) },
      { name: 'Day_End', type: 'TIMESTAMP', value: expect.stringMatching(/Z$/) },
    ]);
  });

  it('per day, (variable, value) rows', async () => {
    const r = await run({
      id: 'by_status',
      description: 'Orders by status',
      unit: 'count',
      sql: `SELECT status AS variable, COUNT(*) AS value FROM lake.sales.orders
            WHERE created_at >= :day_start AND created_at < :day_end GROUP BY status`,
    });
    const expected = new Map<string, number>();
    for (const o of orders.filter(inRange)) {
      const k = `${localDate(o.at)} ${o.status}`;
      expected.set(k, (expected.get(k) ?? 0) + 1);
    }
    expect(r.values).toEqual(expected);
  });

  it('per_day: false, one statement for the range returning a day column, read over several chunks', async () => {
    const before = fake.sql.stats.statements;
    const chunksBefore = fake.sql.stats.chunks;
    const r = await run({
      id: 'daily',
      description: 'Orders per day in one query',
      unit: 'count',
      per_day: false,
      sql: `SELECT date_from_unix_date(CAST(floor(unix_seconds(from_utc_timestamp(created_at, 'America/New_York')) / 86400) AS INT)) AS day,
              COUNT(*) AS orders
            FROM lake.sales.orders WHERE created_at >= :range_start AND created_at < :range_end GROUP BY 1`,
    });
    const expected = new Map<string, number>();
    for (const o of orders.filter(inRange)) {
      const k = `${localDate(o.at)} orders`;
      expected.set(k, (expected.get(k) ?? 0) + 1);
    }
    expect(r.values).toEqual(expected);
    expect(fake.sql.stats.statements - before).toBe(1);
    expect(fake.sql.stats.chunks - chunksBefore).toBe(2); // 5 rows, 2 per chunk: 3 chunks
  });

  it('a statement past the KPI timeout fails that KPI, timed out, and is cancelled on the warehouse', async () => {
    const cancels = fake.sql.cancels.length;
    const e = await run({
      id: 'slow',
      description: 'Slow',
      unit: 'count',
      per_day: false,
      timeout: 0.3,
      sql: `SELECT CAST(:range_start AS DATE) AS day, 1 AS pg_sleep_stand_in`,
    }).catch((x: unknown) => x as Error);
    expect(e).toBeInstanceOf(SqlError);
    expect((e as SqlError).timedOut).toBe(true);
    expect((e as Error).message).toMatch(/timed out after 0.3 s/);
    expect(fake.sql.cancels.length - cancels).toBe(1);
  });

  it('a failed statement fails the KPI with the error class and SQLSTATE', async () => {
    const e = await run({
      id: 'broken',
      description: 'Broken',
      unit: 'count',
      sql: 'SELECT COUNT(*) AS n FROM lake.sales.nope WHERE :day IS NOT NULL',
    }).catch((x: unknown) => x as Error);
    expect(e).toBeInstanceOf(SqlError);
    expect((e as SqlError).code).toBe('SQLSTATE 42P01');
    expect((e as Error).message).toMatch(/failed \(BAD_REQUEST\): \[TABLE_OR_VIEW_NOT_FOUND\]/);
  });
});
