import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pg from 'pg';
import { collectAndStore } from '../../src/engine.js';
import { parseInputs } from '../../src/inputs.js';
import { SOURCES } from '../../src/sources/index.js';
import { MemoryLogger } from '../../src/log.js';
import { clearSecrets, registerSecret } from '../../src/redact.js';
import { postgresSource } from '../../src/sources/postgres/index.js';
import { parseCsv } from '../../src/store/csv.js';
import { LocalStore } from '../../src/store/local-store.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { cents, expectedByDay, expectedStatuses, makeOrders } from './harness.js';

const TZ = 'Europe/Paris';
const DATES = ['2026-03-28', '2026-03-29', '2026-03-30'];
const NOW = Date.parse('2026-11-28T06:00:00Z');
const CONFIG = `
sources:
  postgres:
    concurrency: 2
    kpis:
      - id: daily_orders
        description: Orders and revenue per day
        unit: count
        sql: |
          SELECT COUNT(*) AS orders, SUM(amount) AS revenue
          FROM kpi_orders WHERE created_at >= :day_start AND created_at < :day_end
        derived:
          avg_order_value: revenue / orders
      - id: orders_by_status
        description: Orders per status, one query for the range
        unit: count
        per_day: false
        sql: |
          SELECT created_at::date AS day, status AS variable, COUNT(*) AS value
          FROM kpi_orders WHERE created_at >= :range_start AND created_at < :range_end
          GROUP BY 1, 2
      - id: broken
        description: A query on a table that does not exist
        unit: count
        sql: SELECT COUNT(*) AS n FROM no_such_table WHERE created_at >= :day_start
      - id: disabled
        description: Not run by default
        unit: count
        enabled: false
        sql: SELECT 1 AS n WHERE :day IS NOT NULL
`;

describe('postgres source through collectAndStore', () => {
  let server: TestPostgres;
  let dir: string;
  const orders = makeOrders(Date.parse('2026-03-27T20:00:00Z'), Date.parse('2026-03-31T03:00:00Z'), 150, [
    Date.parse('2026-03-28T23:00:00Z'),
    Date.parse('2026-03-29T22:00:00Z'),
  ]).map((o, i) => ({ ...o, id: i + 1 }));

  beforeAll(async () => {
    server = await startPostgres();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kpi-sql-e2e-'));
    const admin = new pg.Client(server.url);
    await admin.connect();
    await admin.query(
      'CREATE TABLE kpi_orders (id int PRIMARY KEY, created_at timestamptz NOT NULL, amount numeric(12,2), status text)',
    );
    await admin.query(
      'INSERT INTO kpi_orders SELECT * FROM unnest($1::int[], $2::timestamptz[], $3::numeric[], $4::text[])',
      [
        orders.map((o) => o.id),
        orders.map((o) => new Date(o.at).toISOString()),
        orders.map((o) => o.amount),
        orders.map((o) => o.status),
      ],
    );
    await admin.end();
    await fs.writeFile(path.join(dir, 'kpis.yml'), CONFIG);
  });
  afterAll(async () => {
    clearSecrets();
    await server?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('writes the KPIs that succeed, one object per day, and reports the one that fails', async () => {
    const inputs: Record<string, string | undefined> = {
      source: 'postgres',
      'start-date': DATES[0],
      'end-date': DATES[2],
      timezone: TZ,
      config: path.join(dir, 'kpis.yml'),
      'output-dir': path.join(dir, 'out'),
      'postgres-url': server.url,
    };
    registerSecret(server.url);
    const options = parseInputs((name) => inputs[name] ?? '', { sources: SOURCES, now: NOW, cwd: dir });
    const log = new MemoryLogger();
    const store = new LocalStore(path.join(dir, 'out'));
    const report = await collectAndStore(options, {
      sources: [postgresSource],
      log,
      now: NOW,
      cwd: dir,
      stores: () => [store],
    });

    expect(report.kpis.map((k) => [k.id, k.ok])).toEqual([
      ['postgres.daily_orders', true],
      ['postgres.orders_by_status', true],
      ['postgres.broken', false],
    ]);
    expect(report.failed).toEqual(['postgres.broken']);
    const failure = report.kpis[2]!.error!;
    expect(failure).toMatch(
      /^postgres\.broken: query for 2026-03-\d\d failed: relation "no_such_table" does not exist \(SQLSTATE 42P01\)$/,
    );
    expect(failure).not.toContain(server.password);

    const stored = new Map<string, number>();
    const keys = await store.list('kpis');
    expect(keys).toHaveLength(3);
    for (const key of keys) {
      const object = await store.get(key);
      for (const row of parseCsv(object!.body, key)) {
        expect(row.source).toBe('postgres');
        stored.set(`${row.date} ${row.variable}`, row.value);
      }
    }
    const expected = new Map<string, number>();
    for (const [k, v] of expectedByDay(orders, TZ, DATES))
      expected.set(k.replace(' ', ' postgres.daily_orders.'), v);
    for (const [k, v] of expectedStatuses(orders, TZ, DATES))
      expected.set(k.replace(' ', ' postgres.orders_by_status.'), v);
    expect(cents(stored)).toEqual(expected);
  });
});
