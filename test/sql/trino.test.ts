import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UserError } from '../../src/errors.js';
import { MemoryLogger } from '../../src/log.js';
import type { SqlRun } from '../../src/sources/sql/engine.js';
import type { SqlSettings } from '../../src/sources/sql/config.js';
import { TrinoQueryError } from '../../src/sources/trino/client.js';
import { columnKind, toSqlError } from '../../src/sources/trino/driver.js';
import { trinoSource } from '../../src/sources/trino/index.js';
import { FakeTrino } from '../fakes/trino/server.js';
import { sqlEngineSuite } from './engine-suite.js';
import { runKpi } from './harness.js';

/**
 * The shared SQL engine suite against the fake Trino coordinator (test/fakes/trino: the client protocol,
 * SQL run on DuckDB), plus what is particular to Trino: binds as typed parameters of a prepared
 * statement, catalog and schema, the Presto protocol, and the connection checks.
 */
let fake: FakeTrino;
const runs: SqlRun[] = [];

beforeAll(async () => {
  fake = await FakeTrino.start({ rowsPerPage: 2 });
  await fake.engine.createSchema('memory', 'sales');
});
afterAll(async () => {
  for (const r of runs) await r.driver.close().catch(() => {});
  await fake?.close();
});

async function connect(
  settings: Record<string, unknown> = {},
  inputs: Record<string, string | undefined> = {},
  signal = new AbortController().signal,
): Promise<SqlRun> {
  const run = await trinoSource.createRun({
    inputs: { 'trino-server': fake.url, 'trino-user': 'kpi', ...inputs },
    settings: trinoSource.settings.parse({ catalog: 'memory', schema: 'sales', ...settings }) as SqlSettings,
    log: new MemoryLogger(),
    signal,
    env: {},
    timeZone: 'UTC',
  });
  runs.push(run);
  return run;
}

/** `(VALUES (0), (1), …, (n - 1)) AS v(n)`: n hour offsets, valid in Trino and DuckDB alike. */
const hours = (n: number): string =>
  `(VALUES ${Array.from({ length: n }, (_, i) => `(${i})`).join(', ')}) AS v(n)`;

sqlEngineSuite('trino', {
  source: trinoSource,
  async start(settings) {
    await fake.engine.admin('DROP TABLE IF EXISTS memory.sales.kpi_orders');
    await fake.engine.admin('DROP TABLE IF EXISTS memory.sales.kpi_targets');
    await fake.engine.admin(
      'CREATE TABLE memory.sales.kpi_orders (id INTEGER PRIMARY KEY, created_at TIMESTAMPTZ NOT NULL, amount DECIMAL(12,2), status VARCHAR)',
    );
    await fake.engine.admin(
      'CREATE TABLE memory.sales.kpi_targets (day DATE PRIMARY KEY, target DECIMAL(10,2))',
    );
    await fake.engine.admin(
      'CREATE OR REPLACE TABLE memory.sales.kpi_numbers AS SELECT range AS n FROM range(100000)',
    );
    return connect(settings);
  },
  async insertOrders(orders) {
    const values = orders.map(
      (o) => `(${o.id}, TIMESTAMPTZ '${new Date(o.at).toISOString()}', ${o.amount}, '${o.status}')`,
    );
    await fake.engine.admin(`INSERT INTO memory.sales.kpi_orders VALUES ${values.join(', ')}`);
  },
  async insertTargets(rows) {
    const values = rows.map((r) => `(DATE '${r.day}', ${r.target})`);
    await fake.engine.admin(`INSERT INTO memory.sales.kpi_targets VALUES ${values.join(', ')}`);
  },
  async stop() {},
  parisDate: (col) => `CAST(${col} AT TIME ZONE 'Europe/Paris' AS DATE)`,
  fromDual: '',
  slowQuery:
    'SELECT count(*) AS x FROM kpi_numbers a CROSS JOIN kpi_numbers b WHERE a.n * b.n % 7 = 3 AND :day_start < :day_end',
  missingTableCode: /Table 'memory\.sales\.no_such_table' does not exist \(TABLE_NOT_FOUND 46\)/,
  timeoutCode: /EXCEEDED_TIME_LIMIT 131075/,
});

const RANGE = { start: '2026-11-01', end: '2026-11-02', timeZone: 'America/New_York' };

describe('trino driver', () => {
  it('sends the binds as typed parameters of a prepared statement, never in the SQL text', async () => {
    const run = await connect();
    const before = fake.requests.length;
    const r = await runKpi(
      trinoSource,
      run,
      {
        id: 'binds',
        description: 'd',
        unit: 'count',
        sql: "SELECT 1 AS a WHERE :day = :day AND :day_start < :day_end -- :not_a_bind ':x'",
      },
      { ...RANGE, end: RANGE.start },
    );
    expect(r.error).toBeUndefined();
    expect(r.values).toEqual(new Map([['2026-11-01 a', 1]]));
    const post = fake.requests.slice(before).find((x) => x.method === 'POST')!;
    const prepared = decodeURIComponent(
      post.headers['x-trino-prepared-statement']!.replace(/^kpi_query=/, ''),
    );
    expect(prepared).toBe("SELECT 1 AS a WHERE ? = ? AND ? < ? -- :not_a_bind ':x'");
    expect(post.body).toBe(
      "EXECUTE kpi_query USING DATE '2026-11-01', DATE '2026-11-01', " +
        "TIMESTAMP '2026-11-01 00:00:00.000 America/New_York', TIMESTAMP '2026-11-02 00:00:00.000 America/New_York'",
    );
    expect(post.headers['x-trino-time-zone']).toBe('America/New_York');
    expect(post.headers['x-trino-session']).toBe('query_max_execution_time=60000ms');
  });

  it('reads several data pages and the day column of a range query, over a 25-hour day', async () => {
    const run = await connect({ concurrency: 2 });
    const r = await runKpi(
      trinoSource,
      run,
      {
        id: 'days',
        description: 'd',
        unit: 'count',
        per_day: false,
        sql: `SELECT CAST(t AT TIME ZONE 'America/New_York' AS DATE) AS day, count(*) AS hours
              FROM (SELECT :range_start + n * INTERVAL '1' HOUR AS t FROM ${hours(60)}) AS x
              WHERE t < :range_end GROUP BY 1`,
      },
      RANGE,
    );
    expect(r.error).toBeUndefined();
    // 2026-11-01 is 25 hours long in New York (DST ends), 2026-11-02 has 24.
    expect(r.values).toEqual(
      new Map([
        ['2026-11-01 hours', 25],
        ['2026-11-02 hours', 24],
      ]),
    );
  });

  it('refuses several statements, non-queries and positional ? before sending anything', async () => {
    const run = await connect();
    const before = fake.requests.length;
    const cases: Array<[string, RegExp]> = [
      ['SELECT 1 AS a; DELETE FROM kpi_orders', /more than one statement/],
      ['INSERT INTO kpi_orders SELECT * FROM kpi_orders', /an? INSERT statement, not a query/],
      ['SELECT 1 AS a WHERE 1 = ?', /positional parameters \(\?\) are not allowed/],
    ];
    for (const [sql, message] of cases) {
      const error = await runKpi(trinoSource, run, { id: 'bad', description: 'd', unit: 'u', sql }, RANGE)
        .then((r) => r.error)
        .catch((e: unknown) => e as Error);
      expect(error?.message).toMatch(message);
    }
    expect(fake.requests.slice(before).filter((x) => x.method === 'POST')).toEqual([]);
  });

  it('runs VALUES and WITH queries, and a ? or ; inside literals and comments is text', async () => {
    const run = await connect();
    const r = await runKpi(
      trinoSource,
      run,
      {
        id: 'text',
        description: 'd',
        unit: 'u',
        sql: "WITH x AS (SELECT length('a;b?') AS n /* ; ? */) SELECT n AS chars FROM x WHERE :day_start < :day_end;",
      },
      { ...RANGE, end: RANGE.start },
    );
    expect(r.error).toBeUndefined();
    expect(r.values).toEqual(new Map([['2026-11-01 chars', 4]]));
  });

  it('speaks X-Presto-* headers with protocol: presto', async () => {
    const presto = await FakeTrino.start({ flavor: 'presto' });
    try {
      const run = await trinoSource.createRun({
        inputs: { 'trino-server': presto.url, 'trino-user': 'kpi' },
        settings: trinoSource.settings.parse({ protocol: 'presto' }) as SqlSettings,
        log: new MemoryLogger(),
        signal: new AbortController().signal,
        env: {},
        timeZone: 'UTC',
      });
      runs.push(run);
      const r = await runKpi(
        trinoSource,
        run,
        { id: 'd', description: 'd', unit: 'u', sql: 'SELECT day(:day) AS dom' },
        { ...RANGE, end: RANGE.start },
      );
      expect(r.error).toBeUndefined();
      expect(r.values).toEqual(new Map([['2026-11-01 dom', 1]]));
      expect(presto.seen('POST').every((x) => x.headers['x-presto-user'] === 'kpi')).toBe(true);
    } finally {
      await presto.close();
    }
  });

  it('fails the run with a UserError naming trino-server when nothing answers, or the user is refused', async () => {
    const e = await connect({ connect_timeout_seconds: 2 }, { 'trino-server': 'http://127.0.0.1:9' }).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).toMatch(/^trino-server: cannot run a query on 127\.0\.0\.1:9 as kpi: /);
    const nobody = await connect({}, { 'trino-user': '' }).catch((x: unknown) => x);
    expect(nobody).toBeInstanceOf(UserError);
    expect((nobody as Error).message).toMatch(/^trino-user: /);
  });

  it('validates the settings: catalog and schema are plain names, schema needs catalog', () => {
    expect(() => trinoSource.settings.parse({ schema: 'sales' })).toThrow(/schema needs catalog/);
    expect(() => trinoSource.settings.parse({ catalog: 'hive,x=1' })).toThrow(/plain identifier/);
    expect(() => trinoSource.settings.parse({ protocol: 'mysql' })).toThrow();
    expect(trinoSource.settings.parse({ catalog: 'hive', schema: 'web' })).toMatchObject({
      catalog: 'hive',
      schema: 'web',
      protocol: 'trino',
      concurrency: 4,
    });
  });

  it("reads Trino's type names as column kinds", () => {
    const kinds = Object.fromEntries(
      [
        'bigint',
        'integer',
        'decimal(38,2)',
        'double',
        'real',
        'date',
        'timestamp(3) with time zone',
        'timestamp(6)',
        'varchar(12)',
        'char(2)',
        'boolean',
        'array(bigint)',
      ].map((t) => [t, columnKind(t)]),
    );
    expect(kinds).toEqual({
      bigint: 'number',
      integer: 'number',
      'decimal(38,2)': 'number',
      double: 'number',
      real: 'number',
      date: 'date',
      'timestamp(3) with time zone': 'date',
      'timestamp(6)': 'date',
      'varchar(12)': 'text',
      'char(2)': 'text',
      boolean: 'other',
      'array(bigint)': 'other',
    });
  });

  it('retries a query the cluster lost (a worker gone, a full queue), not one that is wrong', async () => {
    const run = await connect();
    const failed = (errorName: string, errorCode: number): Error =>
      toSqlError(
        new TrinoQueryError(`Trino query q failed: x (${errorName} ${errorCode})`, { errorName, errorCode }),
      );
    expect(run.driver.isTransient(failed('REMOTE_HOST_GONE', 65558))).toBe(true);
    expect(run.driver.isTransient(failed('QUERY_QUEUE_FULL', 131074))).toBe(true);
    expect(run.driver.isTransient(failed('TABLE_NOT_FOUND', 46))).toBe(false);
    expect(run.driver.isTransient(failed('EXCEEDED_TIME_LIMIT', 131075))).toBe(false);
    const lost = toSqlError(new TrinoQueryError('Trino query q: connection reset', { transient: true }));
    expect(run.driver.isTransient(lost)).toBe(true);
    expect(failed('TABLE_NOT_FOUND', 46).message).toBe('Trino query q failed: x (TABLE_NOT_FOUND 46)');
  });

  it('cancels the queries in flight when the run is aborted', async () => {
    const abort = new AbortController();
    const run = await connect({}, {}, abort.signal);
    const p = runKpi(
      trinoSource,
      run,
      {
        id: 'slow',
        description: 'd',
        unit: 'u',
        sql: 'SELECT count(*) AS x FROM kpi_numbers a CROSS JOIN kpi_numbers b WHERE a.n * b.n % 7 = 3 AND :day_start < :day_end',
      },
      { ...RANGE, end: RANGE.start },
    );
    const deletes = fake.seen('DELETE').length;
    setTimeout(() => abort.abort(new Error('cancelled')), 300);
    const r = await p;
    expect(r.error).toBeDefined();
    expect(fake.seen('DELETE').length).toBe(deletes + 1);
  });
});
