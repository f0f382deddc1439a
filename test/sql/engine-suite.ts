import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SqlRun } from '../../src/sources/sql/engine.js';
import {
  cents,
  expectedByDay,
  expectedStatuses,
  makeOrders,
  runKpi,
  type KpiRun,
  type Order,
  type SqlSourceDef,
} from './harness.js';

/** The database side of the shared engine suite: a live client plus the few dialect-specific snippets. */
export interface EngineHarness {
  source: SqlSourceDef;
  /** Connects (createClient with the given settings) and prepares empty kpi_orders / kpi_targets tables. */
  start(settings: Record<string, unknown>): Promise<SqlRun>;
  insertOrders(orders: Order[]): Promise<void>;
  insertTargets(rows: Array<{ day: string; target: number }>): Promise<void>;
  stop(): Promise<void>;
  /** An expression giving the Europe/Paris calendar date of a timestamptz column. */
  parisDate(column: string): string;
  /** ' FROM dual' on Oracle. */
  fromDual: string;
  /** A query that takes several seconds and returns one numeric column x. */
  slowQuery: string;
  missingTableCode: RegExp;
  timeoutCode: RegExp;
}

const TZ = 'Europe/Paris';
const SPRING = { start: '2026-03-28', end: '2026-03-30', timeZone: TZ };
const SPRING_DATES = ['2026-03-28', '2026-03-29', '2026-03-30'];
const AUTUMN = { start: '2026-10-24', end: '2026-10-26', timeZone: TZ };
const AUTUMN_DATES = ['2026-10-24', '2026-10-25', '2026-10-26'];

// Local midnights in Paris, written out by hand (CET = UTC+1, CEST = UTC+2): the edges of the windows.
const MIDNIGHTS = [
  '2026-03-27T23:00:00Z', // 2026-03-28 00:00 CET
  '2026-03-28T23:00:00Z', // 2026-03-29 00:00 CET (clocks jump 02:00 → 03:00 that day: 23 hours)
  '2026-03-29T22:00:00Z', // 2026-03-30 00:00 CEST
  '2026-03-30T22:00:00Z', // 2026-03-31 00:00 CEST
  '2026-10-23T22:00:00Z', // 2026-10-24 00:00 CEST
  '2026-10-24T22:00:00Z', // 2026-10-25 00:00 CEST (clocks fall 03:00 → 02:00 that day: 25 hours)
  '2026-10-25T23:00:00Z', // 2026-10-26 00:00 CET
  '2026-10-26T23:00:00Z', // 2026-10-27 00:00 CET
].map((s) => Date.parse(s));

const DAY_FILTER = 'created_at >= :day_start AND created_at < :day_end';

export function sqlEngineSuite(name: string, h: EngineHarness): void {
  describe(`${name}: SQL-KPI engine`, () => {
    let client: SqlRun;
    const orders = [
      ...makeOrders(
        Date.parse('2026-03-27T20:00:00Z'),
        Date.parse('2026-03-31T03:00:00Z'),
        240,
        MIDNIGHTS.slice(0, 4),
      ),
      ...makeOrders(
        Date.parse('2026-10-23T20:00:00Z'),
        Date.parse('2026-10-27T03:00:00Z'),
        240,
        MIDNIGHTS.slice(4),
      ),
    ].map((o, i) => ({ ...o, id: i + 1 }));
    const targets = [
      { day: '2026-03-28', target: 10.5 },
      { day: '2026-03-30', target: 12 },
    ];
    const run = (kpi: Record<string, unknown>, range = SPRING): Promise<KpiRun> =>
      runKpi(h.source, client, { description: 'test KPI', unit: 'count', ...kpi }, range);

    beforeAll(async () => {
      client = await h.start({ concurrency: 3, query_timeout_seconds: 30 });
      await h.insertOrders(orders);
      await h.insertTargets(targets);
    });
    afterAll(() => h.stop());

    it('binds the day window: one row of numeric columns per day, across the spring DST change', async () => {
      const r = await run({
        id: 'daily',
        sql: `SELECT COUNT(*) AS orders, SUM(amount) AS revenue FROM kpi_orders WHERE ${DAY_FILTER}`,
      });
      expect(r.error).toBeUndefined();
      expect(cents(r.values)).toEqual(expectedByDay(orders, TZ, SPRING_DATES));
      expect(r.warnings).toEqual([]);
    });

    it('binds the day window across the autumn DST change (a 25-hour day)', async () => {
      const r = await run(
        {
          id: 'daily',
          sql: `SELECT COUNT(*) AS orders, SUM(amount) AS revenue FROM kpi_orders WHERE ${DAY_FILTER};`,
        },
        AUTUMN,
      );
      expect(r.error).toBeUndefined();
      expect(cents(r.values)).toEqual(expectedByDay(orders, TZ, AUTUMN_DATES));
    });

    it('binds :day as a date, and a day without a row is a warning, not a zero', async () => {
      const r = await run({ id: 'target', sql: 'SELECT target AS target FROM kpi_targets WHERE day = :day' });
      expect(r.error).toBeUndefined();
      expect(r.values).toEqual(new Map(targets.map((t) => [`${t.day} target`, t.target])));
      expect(r.warnings).toEqual([
        'postgres.target: the query returned no row for 2026-03-29'.replace('postgres', h.source.name),
      ]);
    });

    it('reads (variable, value) rows as components', async () => {
      const r = await run({
        id: 'by_status',
        sql: `SELECT status AS variable, COUNT(*) AS value FROM kpi_orders WHERE ${DAY_FILTER} GROUP BY status`,
      });
      expect(r.error).toBeUndefined();
      expect(r.values).toEqual(expectedStatuses(orders, TZ, SPRING_DATES));
    });

    it('runs a range query (per_day: false) once, with a day column and numeric columns', async () => {
      const day = h.parisDate('created_at');
      const r = await run(
        {
          id: 'range',
          per_day: false,
          sql: `SELECT ${day} AS day, COUNT(*) AS orders, SUM(amount) AS revenue FROM kpi_orders
                WHERE created_at >= :range_start AND created_at < :range_end GROUP BY ${day}`,
        },
        AUTUMN,
      );
      expect(r.error).toBeUndefined();
      expect(cents(r.values)).toEqual(expectedByDay(orders, TZ, AUTUMN_DATES));
    });

    it('runs a range query with (day, variable, value) rows', async () => {
      const day = h.parisDate('created_at');
      const r = await run({
        id: 'range_status',
        per_day: false,
        sql: `SELECT ${day} AS day, status AS variable, COUNT(*) AS value FROM kpi_orders
              WHERE created_at >= :range_start AND created_at < :range_end GROUP BY ${day}, status`,
      });
      expect(r.error).toBeUndefined();
      expect(r.values).toEqual(expectedStatuses(orders, TZ, SPRING_DATES));
    });

    it('stores no row for NULL (with a warning) but keeps a real zero', async () => {
      const r = await run({
        id: 'nulls',
        sql: `SELECT COUNT(*) AS orders, SUM(amount) AS revenue FROM kpi_orders WHERE ${DAY_FILTER} AND status = 'none'`,
      });
      expect(r.error).toBeUndefined();
      expect(r.values).toEqual(new Map(SPRING_DATES.map((d) => [`${d} orders`, 0])));
      expect(r.warnings).toEqual([
        `${h.source.name}.nulls: column 'revenue' is NULL on ${SPRING_DATES.join(', ')}: not stored (NULL is no value, not zero)`,
      ]);
    });

    const failures: Array<[string, string, RegExp]> = [
      [
        'a non-numeric value',
        `SELECT 'abc' AS label${h.fromDual}`,
        /column 'label' on 2026-03-\d\d is not numeric/,
      ],
      [
        'a duplicate variable',
        `SELECT 'a' AS variable, 1 AS value${h.fromDual} UNION ALL SELECT 'a', 2${h.fromDual}`,
        /variable 'a' appears twice on 2026-03-\d\d/,
      ],
      [
        'an unexpected column',
        `SELECT 'a' AS variable, 1 AS value, 2 AS extra${h.fromDual}`,
        /unexpected column 'extra'/,
      ],
      [
        'a column that is no component name',
        `SELECT 1 AS "Bad Name"${h.fromDual}`,
        /column 'Bad Name' is not a valid component name/,
      ],
      [
        'several rows of numeric columns',
        `SELECT 1 AS a${h.fromDual} UNION ALL SELECT 2${h.fromDual}`,
        /returned 2 rows/,
      ],
      ['a day column in a per-day query', `SELECT 1 AS day, 2 AS a${h.fromDual}`, /unexpected column 'day'/],
    ];
    it.each(failures)('fails the KPI on %s, naming the column', async (_what, sql, message) => {
      const r = await run({ id: 'bad', sql });
      expect(r.error?.message).toMatch(message);
    });

    it('fails on a range query without a day column, or a day outside the range', async () => {
      const a = await run({
        id: 'r',
        per_day: false,
        sql: `SELECT 1 AS a${h.fromDual} WHERE :range_start < :range_end`,
      });
      expect(a.error?.message).toMatch(/must return a 'day' column/);
      const b = await run({
        id: 'r',
        per_day: false,
        sql: `SELECT ${h.parisDate('created_at')} AS day, COUNT(*) AS a FROM kpi_orders
              WHERE created_at < :range_end AND created_at >= :range_start - INTERVAL '1' DAY GROUP BY ${h.parisDate('created_at')}`,
      });
      expect(b.error?.message).toMatch(
        /returned day 2026-03-27, outside the requested range 2026-03-28..2026-03-30/,
      );
    });

    it("fails with the database's code on a SQL error", async () => {
      const r = await run({
        id: 'missing',
        sql: `SELECT COUNT(*) AS n FROM no_such_table WHERE ${DAY_FILTER}`,
      });
      expect(r.error?.message).toMatch(/^query for 2026-03-\d\d failed: /);
      expect(r.error?.message).toMatch(h.missingTableCode);
    });

    it('stops a query at its timeout', async () => {
      const started = Date.now();
      const r = await run({ id: 'slow', timeout: 0.3, sql: h.slowQuery }, { ...SPRING, end: SPRING.start });
      expect(r.error?.message).toMatch(/query for 2026-03-28 timed out after 0.3 s/);
      expect(r.error?.message).toMatch(h.timeoutCode);
      expect(Date.now() - started).toBeLessThan(5000);
    });
  });
}
