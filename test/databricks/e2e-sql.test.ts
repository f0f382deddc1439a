import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dayWindows } from '../../src/dates.js';
import { parseCsv } from '../../src/store/csv.js';
import { errorLines, runAction } from '../helpers/runner.js';
import { startS3, type LocalS3 } from '../helpers/s3.js';
import type { UsageRow } from '../fakes/databricks/statements.js';
import { expected, makeUsage, PRICES } from './billing-data.js';
import { startSqlFake, SQL_TOKEN, WAREHOUSE, type SqlFake } from './sql-fake.js';

const TZ = 'America/New_York';
const FIRST = '2026-03-06';
const LAST = '2026-03-10';

let fake: SqlFake;
let s3: LocalS3;
let rows: UsageRow[];

beforeAll(async () => {
  [fake, s3] = await Promise.all([
    startSqlFake({
      stopped: true,
      startupMs: 700,
      chunkRows: 8,
      delayMs: (sql) => (sql.includes('slow_marker') ? 60_000 : 0),
    }),
    startS3(),
  ]);
  const windows = dayWindows(FIRST, LAST, TZ);
  rows = makeUsage(windows[0]!.start - 86_400_000, windows[windows.length - 1]!.end + 86_400_000, [
    windows[0]!.start,
    windows[windows.length - 1]!.end,
  ]);
  await fake.sql.addUsage(rows);
  await fake.sql.addPrices(PRICES);
  await fake.sql.exec(`ATTACH ':memory:' AS lake`);
  await fake.sql.exec(`CREATE SCHEMA lake.ops`);
  await fake.sql.exec(`CREATE TABLE lake.ops.deploys (id INTEGER, deployed_at TIMESTAMPTZ)`);
  await fake.sql.exec(
    `INSERT INTO lake.ops.deploys SELECT i, TIMESTAMPTZ '2026-03-06 05:00:00+00' + i * INTERVAL 37 MINUTE FROM range(0, 180) t(i)`,
  );
});
afterAll(async () => {
  await Promise.all([fake?.close(), s3?.stop()]);
});

const CONFIG = `sources:
  databricks:
    warehouse_id: ${WAREHOUSE}
    query_timeout_seconds: 30
    sql_kpis:
      - id: deploys
        description: Deploys per day.
        unit: count
        sql: |
          SELECT COUNT(*) AS deploys FROM lake.ops.deploys
          WHERE deployed_at >= :day_start AND deployed_at < :day_end
      - id: slow
        description: A query that outlives its timeout.
        unit: count
        per_day: false
        timeout: 1
        sql: SELECT CAST(:range_start AS DATE) AS day, 1 AS slow_marker
`;

describe('dist/index.js with source: databricks and a SQL warehouse, as a runner runs it', () => {
  it('stores DBUs, list-price cost and a SQL KPI in S3; the slow KPI alone fails and is cancelled', async () => {
    const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'kpi-ws-dbsql-'));
    await fs.mkdir(path.join(workspace, '.github'));
    await fs.writeFile(path.join(workspace, '.github', 'kpis.yml'), CONFIG);
    const r = await runAction(
      {
        source: 'databricks',
        'start-date': FIRST,
        'end-date': LAST,
        timezone: TZ,
        kpis: 'databricks.dbu_usage,databricks.cost,databricks.deploys,databricks.slow',
        's3-bucket': s3.bucket,
        's3-endpoint': s3.endpoint,
        'databricks-host': fake.url,
        'databricks-token': SQL_TOKEN,
      },
      { workspace, env: s3.env },
    );
    expect(r.outputs['failed-kpis']).toBe('databricks.slow');
    expect(errorLines(r.stdout).join('\n')).toMatch(
      /databricks\.slow: query for 2026-03-06\.\.2026-03-10 timed out after 1 s: .*was cancelled/,
    );
    expect(fake.sql.cancels).toHaveLength(1);
    expect(fake.sql.stats.warehouseStarts).toBe(1);
    expect(r.stdout).toContain(`SQL warehouse ${WAREHOUSE} is STOPPED; the first statement starts it`);

    const windows = dayWindows(FIRST, LAST, TZ);
    const keys = await s3.keys('kpis/source=databricks/');
    expect(keys).toEqual(windows.map((w) => `kpis/source=databricks/date=${w.date}/kpis.csv`));
    const from = windows[0]!.start;
    const to = windows[windows.length - 1]!.end;
    const dbus = expected(rows, { measure: 'dbus', timeZone: TZ, from, to }).values;
    const usd = expected(rows, { measure: 'cost', timeZone: TZ, from, to }).values;
    for (const w of windows) {
      const got = Object.fromEntries(
        parseCsv(await s3.read(`kpis/source=databricks/date=${w.date}/kpis.csv`), w.date).map((x) => [
          x.variable,
          x.value,
        ]),
      );
      const want: Record<string, number> = {};
      for (const [c, v] of dbus.get(w.date)!) want[`databricks.dbu_usage.${c}`] = v;
      for (const [c, v] of usd.get(w.date)!) want[`databricks.cost.${c}`] = v;
      want['databricks.deploys.deploys'] = Array.from(
        { length: 180 },
        (_, i) => Date.parse('2026-03-06T05:00:00Z') + i * 37 * 60_000,
      ).filter((t) => t >= w.start && t < w.end).length;
      expect(got).toEqual(want);
    }

    const printed = r.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n');
    const stored = await Promise.all(keys.map((k) => s3.read(k)));
    for (const text of [printed, r.stderr, r.summary, JSON.stringify(r.outputs), ...stored])
      expect(text).not.toContain(SQL_TOKEN);
    // One statement per billing KPI for the whole range, one per day for deploys, one for slow.
    expect(r.summary).toContain(`Databricks SQL warehouse: ${2 + windows.length + 1} statement(s)`);
  });

  it('without warehouse_id, the billing KPIs are not run by default and naming one says what it needs', async () => {
    const r = await runAction({
      source: 'databricks',
      date: LAST,
      kpis: 'databricks.cost',
      'output-dir': 'out',
      'databricks-host': fake.url,
      'databricks-token': SQL_TOKEN,
    });
    expect(r.code).toBe(1);
    expect(errorLines(r.stdout)).toEqual([
      "kpis: 'databricks.cost' needs sources.databricks.warehouse_id in the config; set it, or leave databricks.cost out",
    ]);
  });
});
