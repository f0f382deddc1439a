import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCsv } from '../src/store/csv.js';
import { FakeTrino } from './fakes/trino/server.js';
import { startS3, type LocalS3 } from './helpers/s3.js';
import { errorLines, runAction } from './helpers/runner.js';
import { makeTestCa } from './net/proxy-env.js';
import { cents, expectedByDay, expectedStatuses, makeOrders } from './sql/harness.js';

/**
 * dist/index.js with `source: trino`, as a runner runs it, against the fake coordinator over TLS (a
 * throw-away CA given to the child through NODE_EXTRA_CA_CERTS) with HTTP basic authentication, and
 * s3rver as the store.
 */
const TZ = 'Europe/Paris';
const DATES = ['2026-10-24', '2026-10-25', '2026-10-26'];
const PASSWORD = 'Tr1no-e2e-S3cret!';
const orders = makeOrders(Date.parse('2026-10-23T20:00:00Z'), Date.parse('2026-10-27T03:00:00Z'), 160, [
  Date.parse('2026-10-24T22:00:00Z'), // 2026-10-25 00:00 CEST
  Date.parse('2026-10-25T23:00:00Z'), // 2026-10-26 00:00 CET
]).map((o, i) => ({ ...o, id: i + 1 }));

const CONFIG = `sources:
  trino:
    catalog: lake
    schema: sales
    concurrency: 2
    query_timeout_seconds: 30
    kpis:
      - id: daily_orders
        description: Orders placed and their value, per day
        unit: EUR
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
          SELECT CAST(created_at AT TIME ZONE 'Europe/Paris' AS DATE) AS day, status AS variable, COUNT(*) AS value
          FROM kpi_orders WHERE created_at >= :range_start AND created_at < :range_end
          GROUP BY 1, 2
      - id: broken
        description: A query on a table that does not exist
        unit: count
        sql: SELECT COUNT(*) AS n FROM no_such_table WHERE created_at >= :day_start
`;

let dir: string;
let fake: FakeTrino;
let s3: LocalS3;
let caFile: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kpi-e2e-trino-'));
  const ca = await makeTestCa(dir, 'localhost');
  caFile = ca.caFile;
  [fake, s3] = await Promise.all([
    FakeTrino.start({
      tls: { key: ca.key, cert: ca.cert },
      basicAuth: { user: 'kpi_reader', password: PASSWORD },
      rowsPerPage: 2,
    }),
    startS3(),
  ]);
  await fake.engine.createSchema('lake', 'sales');
  await fake.engine.admin(
    'CREATE TABLE lake.sales.kpi_orders (id INTEGER, created_at TIMESTAMPTZ, amount DECIMAL(12,2), status VARCHAR)',
  );
  await fake.engine.admin(
    `INSERT INTO lake.sales.kpi_orders VALUES ${orders
      .map((o) => `(${o.id}, TIMESTAMPTZ '${new Date(o.at).toISOString()}', ${o.amount}, '${o.status}')`)
      .join(', ')}`,
  );
  await fs.mkdir(path.join(dir, '.github'));
  await fs.writeFile(path.join(dir, '.github', 'kpis.yml'), CONFIG);
});
afterAll(async () => {
  await Promise.all([fake?.close(), s3?.stop()]);
  await fs.rm(dir, { recursive: true, force: true });
});

describe('dist/index.js with source: trino', () => {
  it('writes the KPIs that succeed over TLS with basic auth, retries a gateway 503, and reports the one that fails', async () => {
    const server = fake.url.replace('127.0.0.1', 'localhost');
    fake.fail(503, { count: 2, on: 'POST' });
    const r = await runAction(
      {
        source: 'trino',
        'start-date': DATES[0]!,
        'end-date': DATES[2]!,
        timezone: TZ,
        's3-bucket': s3.bucket,
        's3-endpoint': s3.endpoint,
        'trino-server': server,
        'trino-user': 'kpi_reader',
        'trino-password': PASSWORD,
      },
      { workspace: dir, env: { ...s3.env, NODE_EXTRA_CA_CERTS: caFile } },
    );
    expect(r.code).toBe(1);
    expect(r.outputs['failed-kpis']).toBe('trino.broken');
    const errors = errorLines(r.stdout);
    expect(errors.join('\n')).toMatch(
      /trino\.broken: query for 2026-10-2\d failed: Trino query \S+ failed: line 1:\d+: Table 'lake\.sales\.no_such_table' does not exist \(TABLE_NOT_FOUND 46\)/,
    );
    expect(r.stdout).toMatch(/HTTP 503.*retry 1\/5/);

    const keys = await s3.keys('kpis/source=trino/');
    expect(keys).toEqual(DATES.map((d) => `kpis/source=trino/date=${d}/kpis.csv`));
    const stored = new Map<string, number>();
    for (const key of keys) {
      const date = /date=(\d{4}-\d{2}-\d{2})/.exec(key)![1]!;
      for (const row of parseCsv(await s3.read(key), date))
        stored.set(`${row.date} ${row.variable}`, row.value);
    }
    const expected = new Map<string, number>();
    for (const [k, v] of expectedByDay(orders, TZ, DATES))
      expected.set(k.replace(' ', ' trino.daily_orders.'), v);
    for (const [k, v] of expectedStatuses(orders, TZ, DATES))
      expected.set(k.replace(' ', ' trino.orders_by_status.'), v);
    const derived = [...stored.keys()].filter((k) => k.includes('avg_order_value'));
    for (const k of derived) stored.delete(k);
    expect(cents(stored)).toEqual(expected);

    // Every request carried the credentials, over TLS; the password shows nowhere.
    expect(fake.requests.every((q) => q.headers.authorization?.startsWith('Basic '))).toBe(true);
    const printed = r.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n');
    expect(r.stdout).toContain(`::add-mask::${PASSWORD}\n`);
    const objects = await Promise.all(keys.map((k) => s3.read(k)));
    for (const text of [printed, r.stderr, r.summary, JSON.stringify(r.outputs), ...objects]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(Buffer.from(`kpi_reader:${PASSWORD}`).toString('base64'));
    }
  });

  it('refuses a wrong password in one line naming the inputs, and plain http to another host', async () => {
    const wrong = await runAction(
      {
        source: 'trino',
        date: DATES[0]!,
        timezone: TZ,
        'output-dir': path.join(dir, 'out-wrong'),
        'trino-server': fake.url.replace('127.0.0.1', 'localhost'),
        'trino-user': 'kpi_reader',
        'trino-password': 'not-the-password',
      },
      { workspace: dir, env: { NODE_EXTRA_CA_CERTS: caFile } },
    );
    expect(wrong.code).toBe(1);
    expect(errorLines(wrong.stdout).join('\n')).toMatch(
      /trino-user\/trino-password: the server refused the credentials \(HTTP 401\)/,
    );
    const shown = wrong.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n');
    expect(shown + wrong.stderr).not.toContain('not-the-password');

    const plain = await runAction(
      {
        source: 'trino',
        date: DATES[0]!,
        'output-dir': path.join(dir, 'out-plain'),
        'trino-server': 'http://trino.example.com:8080',
        'trino-user': 'kpi_reader',
      },
      { workspace: dir },
    );
    expect(plain.code).toBe(1);
    expect(errorLines(plain.stdout).join('\n')).toMatch(/trino-server: http is allowed only on loopback/);
  });
});
