import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { addDays } from '../../src/dates.js';
import type { Figure } from '../../src/report/aggregate.js';
import { reportCommand } from '../../src/report/command.js';
import type { AnySource } from '../../src/sources/types.js';
import { LocalStore } from '../../src/store/local-store.js';
import {
  BOUNDS,
  eventsKpi,
  memoryIo,
  prng,
  rptSource,
  startupDay,
  startupKpi,
  storeDay,
  tempDir,
} from './fixtures.js';

/** The startup KPI under the id the docs' example queries use. */
const KPI = 'databricks.cluster_startup';
const SOURCES: AnySource[] = [
  { ...rptSource, name: 'databricks', kpis: [{ ...startupKpi, id: KPI }] },
  { ...rptSource, kpis: [eventsKpi] },
];
const FROM = '2026-01-01'; // a Thursday: the first ISO week is clipped
const TO = '2026-02-08';

let root: string;
let db: DuckDBInstance;
let con: DuckDBConnection;

async function report(args: string[]): Promise<Figure[]> {
  const { io, out } = memoryIo();
  expect(
    await reportCommand(['--store', path.join(root, 'kpis'), '--format', 'json', ...args], io, SOURCES),
  ).toBe(0);
  return JSON.parse(out()) as Figure[];
}

async function query(sql: string): Promise<Array<Record<string, unknown>>> {
  return (await con.runAndReadAll(sql)).getRowObjectsJson() as Array<Record<string, unknown>>;
}

const glob = () => `${root}/kpis/source=*/date=*/kpis.csv`;

beforeAll(async () => {
  root = await tempDir('duckdb');
  const store = new LocalStore(root);
  const random = prng(42);
  for (let d = FROM; d <= TO; d = addDays(d, 1)) {
    if (d === '2026-01-14') continue; // a gap in both KPIs
    const late = d >= '2026-02-02'; // a week whose p90 ranks above the last bucket (50 s)
    const durations = Array.from(
      { length: Math.floor(random() * 12) },
      () => Math.round((late ? 40 + random() * 60 : random() * 55) * 10) / 10,
    );
    await storeDay(store, 'kpis', KPI, d, startupDay(durations, Math.floor(random() * 3)));
    if (d < '2026-01-19' || d > '2026-01-25') {
      await storeDay(store, 'kpis', 'rpt.events', d, { n: Math.floor(random() * 100) });
    }
  }
  db = await DuckDBInstance.create(':memory:');
  con = await db.connect();
});

afterAll(async () => {
  con?.closeSync();
  db?.closeSync();
  await fs.rm(root, { recursive: true, force: true });
});

/** The same weekly aggregation, written independently in DuckDB SQL over the files with Hive partitioning. */
async function duckdbWeekly(): Promise<Map<string, { value: number | null; days: number }>> {
  const period = `greatest(date_trunc('week', date)::DATE, DATE '${FROM}')::VARCHAR`;
  const source = `read_csv('${glob()}', hive_partitioning = true, types = {'value': 'DOUBLE'})`;
  const out = new Map<string, { value: number | null; days: number }>();
  const put = (rows: Array<Record<string, unknown>>) => {
    for (const r of rows) {
      out.set(`${r.period_start} ${r.variable}`, {
        value: r.value === null ? null : Number(r.value),
        days: Number(r.days),
      });
    }
  };
  await con.run(
    `CREATE OR REPLACE TEMP TABLE w AS SELECT ${period} AS period_start, date, variable, value FROM ${source}
     WHERE date BETWEEN DATE '${FROM}' AND DATE '${TO}'`,
  );
  put(
    await query(`SELECT period_start, variable, sum(value) AS value, count(*) AS days FROM w GROUP BY ALL`),
  );
  const ratio = async (name: string, num: string[], den: string[]) => {
    const list = (xs: string[]) => xs.map((x) => `'${KPI}.${x}'`).join(', ');
    put(
      await query(`SELECT period_start, '${KPI}.${name}' AS variable,
          sum(value) FILTER (variable IN (${list(num)})) / nullif(sum(value) FILTER (variable IN (${list(den)})), 0) AS value,
          count(DISTINCT date) AS days
        FROM w WHERE variable IN (${list([...num, ...den])}) GROUP BY ALL`),
    );
  };
  await ratio('avg_seconds', ['seconds'], ['count']);
  await ratio('failure_rate', ['failed'], ['count', 'failed']);
  for (const [name, q] of [
    ['p50_seconds', 0.5],
    ['p90_seconds', 0.9],
  ] as const) {
    const rows = await query(`
      WITH sums AS (SELECT period_start, variable, sum(value) AS total FROM w GROUP BY ALL),
      b AS (
        SELECT s.period_start, CAST(regexp_extract(s.variable, 'le_([0-9.]+)$', 1) AS DOUBLE) AS bound,
               s.total AS cum, ${q} * n.total AS rank
        FROM sums s JOIN sums n ON n.period_start = s.period_start AND n.variable = '${KPI}.count'
        WHERE s.variable LIKE '${KPI}.le\\_%' ESCAPE '\\'),
      steps AS (
        SELECT *, coalesce(lag(bound) OVER win, 0) AS pb, coalesce(lag(cum) OVER win, 0) AS pc
        FROM b WINDOW win AS (PARTITION BY period_start ORDER BY bound)),
      hit AS (
        SELECT period_start, arg_min(pb + (rank - pc) / (cum - pc) * (bound - pb), bound) AS value
        FROM steps WHERE cum >= rank AND cum > pc GROUP BY period_start),
      days AS (
        SELECT period_start, count(DISTINCT date) AS days FROM w
        WHERE variable IN (${[...BOUNDS.map((x) => `le_${x}`), 'count'].map((x) => `'${KPI}.${x}'`).join(', ')})
        GROUP BY period_start)
      SELECT days.period_start, '${KPI}.${name}' AS variable, hit.value, days.days
      FROM days LEFT JOIN hit USING (period_start)`);
    put(rows);
  }
  return out;
}

describe('the report against DuckDB', () => {
  it('matches every weekly figure of the same aggregation done by DuckDB', async () => {
    const figures = await report(['--from', FROM, '--to', TO, '--every', 'week']);
    const expected = await duckdbWeekly();
    // 6 ISO weeks (the first clipped to Thursday), 2 KPIs: 3 + 4 buckets + 4 derived, and 1 component.
    expect(new Set(figures.map((f) => f.period_start)).size).toBe(6);
    expect(figures).toHaveLength(6 * (3 + BOUNDS.length + 4 + 1));
    let compared = 0;
    let nulls = 0;
    for (const f of figures) {
      const e = expected.get(`${f.period_start} ${f.variable}`) ?? { value: null, days: 0 };
      const where = `${f.period_start} ${f.variable}`;
      expect({ where, days: f.days }).toEqual({ where, days: e.days });
      if (e.value === null) {
        expect({ where, value: f.value }).toEqual({ where, value: null });
        nulls++;
      } else {
        expect(f.value).not.toBeNull();
        expect(Math.abs(f.value! - e.value)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(e.value)));
        compared++;
      }
    }
    // DuckDB found nothing the report left out.
    for (const [key, e] of expected) {
      if (e.value !== null) expect(figures.some((f) => `${f.period_start} ${f.variable}` === key)).toBe(true);
    }
    expect(compared).toBeGreaterThan(50);
    // The gap week of rpt.events and the last week's p90 (above the last bucket) are nulls on both sides.
    expect(nulls).toBeGreaterThanOrEqual(2);
    const p90Late = figures.find(
      (f) => f.period_start === '2026-02-02' && f.variable === `${KPI}.p90_seconds`,
    )!;
    expect(p90Late).toMatchObject({ value: null, note: '> 50' });
    const p90s = figures.filter((f) => f.variable === `${KPI}.p90_seconds` && f.value !== null);
    expect(p90s.length).toBeGreaterThanOrEqual(3);
  });

  it('runs the DuckDB examples of docs/QUERYING.md and gets the report’s figures', async () => {
    const doc = await fs.readFile(new URL('../../docs/QUERYING.md', import.meta.url), 'utf8');
    const example = (marker: string): string => {
      const m = new RegExp(`<!-- tested: ${marker} -->\\s*\`\`\`sql\\n([\\s\\S]*?)\`\`\``).exec(doc);
      if (!m) throw new Error(`docs/QUERYING.md has no example marked ${marker}`);
      expect(m[1]).toContain("read_csv('kpi-data/kpis/source=*/date=*/kpis.csv'");
      return m[1]!.replaceAll('kpi-data/kpis', path.join(root, 'kpis'));
    };
    const figures = await report(['--from', '2026-01-05', '--to', '2026-02-01', '--every', 'week']);
    const of = (variable: string) =>
      figures.filter((f) => f.variable === variable).map((f) => [f.period_start, f.value, f.days]);

    const avg = await query(example('duckdb-weekly-average'));
    expect(
      avg.map((r) => [r.week_start, r.avg_seconds === null ? null : Number(r.avg_seconds), Number(r.days)]),
    ).toEqual(
      of(`${KPI}.avg_seconds`).map(([p, v, d]) => [p, v === null ? null : expect.closeTo(v as number, 9), d]),
    );

    const p90 = await query(example('duckdb-weekly-p90'));
    expect(p90.map((r) => [r.week_start, Number(r.p90_seconds)])).toEqual(
      of(`${KPI}.p90_seconds`)
        .filter(([, v]) => v !== null)
        .map(([p, v]) => [p, expect.closeTo(v as number, 9)]),
    );
    expect(p90.length).toBeGreaterThan(2);
  });
});
