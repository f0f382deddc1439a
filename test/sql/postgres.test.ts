import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import pg from 'pg';
import { UserError } from '../../src/errors.js';
import { parseInputs } from '../../src/inputs.js';
import { MemoryLogger } from '../../src/log.js';
import { parsePostgresUrl } from '../../src/sources/postgres/driver.js';
import { postgresSource } from '../../src/sources/postgres/index.js';
import type { SqlRun } from '../../src/sources/sql/engine.js';
import type { SqlSettings } from '../../src/sources/sql/config.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { sqlEngineSuite } from './engine-suite.js';
import { runKpi } from './harness.js';

let server: TestPostgres;
let admin: pg.Client;
const clients: SqlRun[] = [];

beforeAll(async () => {
  // Every statement the server receives is logged, with the protocol it came by (see the item 4 tests).
  server = await startPostgres({ settings: { log_statement: 'all' } });
  admin = new pg.Client(server.url);
  await admin.connect();
});
afterAll(async () => {
  for (const c of clients) await c.driver.close().catch(() => {});
  await admin?.end();
  await server?.stop();
});

async function connect(settings: Record<string, unknown> = {}, url = server.url): Promise<SqlRun> {
  const client = await postgresSource.createRun({
    inputs: { 'postgres-url': url },
    settings: postgresSource.settings.parse(settings) as SqlSettings,
    log: new MemoryLogger(),
    signal: new AbortController().signal,
    env: {},
    timeZone: 'UTC',
  });
  clients.push(client);
  return client;
}

sqlEngineSuite('postgres', {
  source: postgresSource,
  async start(settings) {
    await admin.query('DROP TABLE IF EXISTS kpi_orders, kpi_targets');
    await admin.query(
      'CREATE TABLE kpi_orders (id int PRIMARY KEY, created_at timestamptz NOT NULL, amount numeric(12,2), status text)',
    );
    await admin.query('CREATE TABLE kpi_targets (day date PRIMARY KEY, target numeric)');
    return connect(settings);
  },
  async insertOrders(orders) {
    await admin.query(
      `INSERT INTO kpi_orders SELECT * FROM unnest($1::int[], $2::timestamptz[], $3::numeric[], $4::text[])`,
      [
        orders.map((o) => o.id),
        orders.map((o) => new Date(o.at).toISOString()),
        orders.map((o) => o.amount),
        orders.map((o) => o.status),
      ],
    );
  },
  async insertTargets(rows) {
    for (const r of rows) await admin.query('INSERT INTO kpi_targets VALUES ($1, $2)', [r.day, r.target]);
  },
  async stop() {},
  parisDate: (col) => `(${col} AT TIME ZONE 'Europe/Paris')::date`,
  fromDual: '',
  slowQuery: 'SELECT 1 AS x FROM pg_sleep(5) WHERE :day_start < :day_end',
  missingTableCode: /relation "no_such_table" does not exist \(SQLSTATE 42P01\)/,
  timeoutCode: /SQLSTATE 57014/,
});

describe('postgres driver', () => {
  const RANGE = { start: '2026-01-01', end: '2026-01-08', timeZone: 'America/New_York' };

  it('runs the query in the run time zone, read-only, with :day as a date', async () => {
    const client = await connect();
    const r = await runKpi(
      postgresSource,
      client,
      {
        id: 'session',
        description: 'd',
        unit: 'count',
        sql: `SELECT EXTRACT(EPOCH FROM (:day_end - :day_start)) AS seconds,
                     CASE WHEN current_setting('TimeZone') = 'America/New_York' THEN 1 ELSE 0 END AS tz_ok,
                     CASE WHEN current_setting('transaction_read_only') = 'on' THEN 1 ELSE 0 END AS read_only,
                     CASE WHEN :day_start::date = :day AND pg_typeof(:day)::text = 'date' THEN 1 ELSE 0 END AS day_ok`,
      },
      { ...RANGE, start: '2026-03-08', end: '2026-03-08' },
    );
    expect(r.error).toBeUndefined();
    // 2026-03-08 is the US spring-forward day: 23 hours.
    expect(r.values).toEqual(
      new Map([
        ['2026-03-08 seconds', 23 * 3600],
        ['2026-03-08 tz_ok', 1],
        ['2026-03-08 read_only', 1],
        ['2026-03-08 day_ok', 1],
      ]),
    );
  });

  it('refuses to write: the query runs in a READ ONLY transaction', async () => {
    const client = await connect();
    await admin.query('CREATE TABLE IF NOT EXISTS kpi_scratch (n int)');
    // A query (WITH … SELECT) whose CTE writes passes the statement check; the transaction refuses it.
    const r = await runKpi(
      postgresSource,
      client,
      {
        id: 'writes',
        description: 'd',
        unit: 'count',
        sql: 'WITH w AS (INSERT INTO kpi_scratch SELECT 1 WHERE :day IS NOT NULL RETURNING n) SELECT count(*) AS n FROM w',
      },
      { ...RANGE, end: RANGE.start },
    );
    expect(r.error?.message).toMatch(/SQLSTATE 25006/);
    expect((await admin.query('SELECT count(*)::int AS n FROM kpi_scratch')).rows[0].n).toBe(0);
  });

  it('runs days concurrently, never more than the configured bound', async () => {
    const client = await connect({ concurrency: 2 });
    const r = await runKpi(
      postgresSource,
      client,
      {
        id: 'parallel',
        description: 'd',
        unit: 'count',
        sql: `SELECT (SELECT count(*) FROM pg_stat_activity
                      WHERE application_name = 'kpi-collector' AND state = 'active' AND query LIKE '%pg_sleep(0.15)%') AS active
              FROM pg_sleep(0.15) WHERE :day IS NOT NULL`,
      },
      RANGE,
    );
    expect(r.error).toBeUndefined();
    const active = [...r.values.values()];
    expect(active).toHaveLength(8);
    expect(Math.max(...active)).toBe(2);
  });

  it('keeps the pool usable after a failed query', async () => {
    const client = await connect({ concurrency: 1 });
    const bad = await runKpi(
      postgresSource,
      client,
      { id: 'a', description: 'd', unit: 'u', sql: 'SELECT 1/0 AS x WHERE :day IS NOT NULL' },
      RANGE,
    );
    expect(bad.error?.message).toMatch(/division by zero \(SQLSTATE 22012\)/);
    const good = await runKpi(
      postgresSource,
      client,
      { id: 'b', description: 'd', unit: 'u', sql: 'SELECT 7 AS x WHERE :day IS NOT NULL' },
      RANGE,
    );
    expect(good.error).toBeUndefined();
    expect(good.values.size).toBe(8);
  });

  it('fails the run with a UserError on a wrong password, without the password', async () => {
    const url = server.url.replace(encodeURIComponent(server.password), 'Wr0ng-Passw0rd');
    const e = await connect({}, url).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    const message = (e as Error).message;
    expect(message).toMatch(
      new RegExp(
        `^postgres-url: cannot connect to 127.0.0.1:${server.port}/postgres as kpi: .*password authentication failed.*SQLSTATE 28P01`,
      ),
    );
    expect(message).not.toContain('Wr0ng');
    expect(message).not.toContain(server.password);
  });

  it('fails fast on a closed port and times out on a silent listener', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    const refused = await connect({}, `postgres://u:pw-secret@127.0.0.1:${closed}/db`).catch(
      (x: unknown) => x,
    );
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as Error).message).toMatch(/ECONNREFUSED/);

    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const started = Date.now();
    const timedOut = await connect(
      { connect_timeout_seconds: 0.3 },
      `postgres://u:pw-secret@127.0.0.1:${port}/db`,
    ).catch((x: unknown) => x);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(timedOut).toBeInstanceOf(UserError);
    expect((timedOut as Error).message).toMatch(/timeout/i);
    expect((timedOut as Error).message).not.toContain('pw-secret');
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('accepts the TLS forms of postgres-url the README documents, and pg applies them without a warning', async () => {
    const readme = await fs.readFile(new URL('../../src/sources/sql/README.md', import.meta.url), 'utf8');
    // Every query string the README shows on a postgres URL or as a row of its TLS table (the prose may
    // name what not to use).
    const queries = [
      ...[...readme.matchAll(/postgres(?:ql)?:\/\/[^\s`|]*?(\?[^\s`|]+)/g)].map((m) => m[1]!),
      ...[...readme.matchAll(/^\| `(\?[^`\s]*)`/gm)].map((m) => m[1]!),
    ];
    expect(queries).toContain('?sslmode=verify-full&sslrootcert=/path/to/ca.pem');
    expect(queries).toContain('?uselibpqcompat=true&sslmode=require');
    // pg 8 reads require/prefer/verify-ca as verify-full (and warns): the README must not suggest them bare.
    for (const q of queries) {
      const params = new URLSearchParams(q);
      if (['require', 'prefer', 'verify-ca'].includes(params.get('sslmode') ?? ''))
        expect(`${q}: uselibpqcompat=${params.get('uselibpqcompat')}`).toBe(`${q}: uselibpqcompat=true`);
    }

    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kpi-pg-tls-'));
    const ca = path.join(dir, 'ca.pem');
    await fs.writeFile(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      for (const q of new Set(queries)) {
        const url = `postgres://kpi:Tls-S3cret@db.example.com:5432/shop${q.replace('/path/to/ca.pem', ca)}`;
        // Our validation: the inputs (secrets) and the URL parser.
        const inputs: Record<string, string> = {
          source: 'postgres',
          date: '2026-03-28',
          'postgres-url': url,
        };
        const options = parseInputs((name) => inputs[name] ?? '', {
          sources: [postgresSource],
          now: Date.parse('2026-04-01T00:00:00Z'),
        });
        expect(options.inputs['postgres-url']).toBe(url);
        expect(parsePostgresUrl(url)).toEqual({
          shown: 'db.example.com:5432/shop as kpi',
          url,
          password: 'Tls-S3cret',
          tls: 'url',
        });
        // What pg makes of it (no connection is opened by the constructor).
        const ssl = (new pg.Client({ connectionString: url }) as unknown as { ssl: unknown }).ssl as Record<
          string,
          unknown
        >;
        const params = new URLSearchParams(q);
        if (params.get('uselibpqcompat') === 'true') expect(ssl.rejectUnauthorized).toBe(false);
        else expect(ssl.rejectUnauthorized).not.toBe(false);
        if (params.has('sslrootcert')) expect(ssl.ca).toBe(await fs.readFile(ca, 'utf8'));
      }
      await new Promise((resolve) => setImmediate(resolve)); // process warnings are emitted on next tick
      expect(warnings.filter((w) => /SECURITY WARNING/.test(w))).toEqual([]);

      // Through createRun against the test server (which has no TLS): pg asks for TLS and is refused.
      const local = new URL(server.url);
      local.search = `?sslmode=verify-full&sslrootcert=${encodeURIComponent(ca)}`;
      const e = await connect({}, local.toString()).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(UserError);
      expect((e as Error).message).toMatch(
        /^postgres-url: cannot connect to 127\.0\.0\.1:\d+\/postgres as kpi: .*SSL/,
      );
    } finally {
      process.off('warning', onWarning);
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a postgres-url that is no postgres URL, without echoing it', async () => {
    for (const bad of ['not a url', 'https://user:pw@host/db']) {
      const e = await connect({}, bad).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(UserError);
      expect((e as Error).message).not.toContain('pw@');
    }
  });

  it('issue 14 item 4: `select 1 as n; commit; delete from t` is refused before anything is sent, and the table is intact', async () => {
    await admin.query('DROP TABLE IF EXISTS kpi_victim');
    await admin.query('CREATE TABLE kpi_victim (n int)');
    await admin.query('INSERT INTO kpi_victim SELECT generate_series(1, 3)');
    const client = await connect();
    const before = server.logs().length;
    // Straight to the driver, past config validation (which refuses it too, naming the KPI).
    for (const sql of ['select 1 as n; commit; delete from kpi_victim', 'delete from kpi_victim']) {
      const e = await client.driver
        .query({ sql, binds: {}, timeoutMs: 5000, timeZone: 'UTC' })
        .catch((x: unknown) => x);
      expect(e).toBeInstanceOf(Error);
      expect((e as Error).message).toMatch(/more than one statement|not a query/);
    }
    expect((await admin.query('SELECT count(*)::int AS n FROM kpi_victim')).rows[0].n).toBe(3);
    expect(
      server
        .logs()
        .slice(before)
        .filter((l) => /delete from kpi_victim/i.test(l)),
    ).toEqual([]);
    // Through the config: a config error naming the KPI.
    expect(() =>
      postgresSource.settings.parse({
        kpis: [
          { id: 'sneaky', description: 'd', unit: 'u', sql: 'select 1 as n; commit; delete from kpi_victim' },
        ],
      }),
    ).toThrow(/KPI 'sneaky': the SQL holds more than one statement/);
  });

  it('issue 14 item 4: every KPI query goes by the extended protocol, with binds or without', async () => {
    const client = await connect();
    const marker = `marker_${process.pid}_${Date.now()}`;
    const plain = `select 1 as n /* ${marker}_plain */`;
    const bound = `select 1 as n where :day is not null /* ${marker}_bound */`;
    await client.driver.query({ sql: plain, binds: {}, timeoutMs: 5000, timeZone: 'UTC' });
    await client.driver.query({
      sql: bound,
      binds: { day: { kind: 'date', date: '2026-01-01' } },
      timeoutMs: 5000,
      timeZone: 'UTC',
    });
    // log_statement=all logs a simple-protocol Query as `statement: …` and an extended-protocol Execute as
    // `execute <unnamed>: …` (PostgreSQL docs, "log_statement"); Parse takes one statement only.
    const lines = server.logs().filter((l) => l.includes(marker));
    expect(lines.filter((l) => /LOG: {2}statement: /.test(l))).toEqual([]);
    expect(
      lines.filter((l) => /LOG: {2}execute <unnamed>: /.test(l)).map((l) => l.replace(/.*\/\* /, '')),
    ).toEqual([`${marker}_plain */`, `${marker}_bound */`]);
  });

  it('issue 16 item 9: a test server that cannot start fails at once with the cause, not a hook timeout', async () => {
    const e = await startPostgres({ settings: { shared_buffers: 'lots' } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toMatch(
      /^PostgreSQL did not start: postgres exited \(exit 1\) before it was ready/,
    );
    expect((e as Error).message).toMatch(/invalid value for parameter "shared_buffers": "lots"/);
  });
});
