import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pg from 'pg';
import { dateIn } from '../src/dates.js';
import { parseCsv } from '../src/store/csv.js';
import { startPostgres, type TestPostgres } from './helpers/postgres.js';
import { startS3, type LocalS3 } from './helpers/s3.js';
import { errorLines, runAction } from './helpers/runner.js';

let db: TestPostgres;
let s3: LocalS3;
const TZ = 'Europe/Paris';
// Orders around the local midnights of 2026-10-24..26 (the 25th has 25 hours: DST ends in Paris).
const orders: Array<{ at: string; amount: number; status: string }> = [];
for (let i = 0; i < 120; i++) {
  const at = new Date(Date.parse('2026-10-23T21:00:00Z') + i * 47 * 60_000 + (i % 7) * 13_000).toISOString();
  orders.push({
    at,
    amount: 5 + ((i * 37) % 90) + (i % 3) * 0.25,
    status: ['paid', 'refunded', 'open'][i % 3]!,
  });
}

beforeAll(async () => {
  [db, s3] = await Promise.all([startPostgres(), startS3()]);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query(
    'create table orders (id serial primary key, created_at timestamptz not null, amount numeric(10,2) not null, status text not null)',
  );
  for (const o of orders) {
    await client.query('insert into orders (created_at, amount, status) values ($1, $2, $3)', [
      o.at,
      o.amount,
      o.status,
    ]);
  }
  await client.end();
});
afterAll(async () => {
  await Promise.all([db?.stop(), s3?.stop()]);
});

const CONFIG = `sources:
  postgres:
    kpis:
      - id: orders
        description: Orders placed and their value.
        unit: EUR
        sql: |
          select count(*) as orders, coalesce(sum(amount), 0) as revenue
          from orders where created_at >= :day_start and created_at < :day_end
        derived:
          avg_order_value: revenue / orders
      - id: order_status
        description: Orders per status.
        unit: count
        sql: |
          select status as variable, count(*) as value
          from orders where created_at >= :day_start and created_at < :day_end
          group by status
`;

describe('dist/index.js with source: postgres, as a runner runs it', () => {
  it('writes one object per day with both SQL KPIs, matching the data exactly', async () => {
    const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'kpi-ws-pg-'));
    await fs.mkdir(path.join(workspace, '.github'));
    await fs.writeFile(path.join(workspace, '.github', 'kpis.yml'), CONFIG);
    const r = await runAction(
      {
        source: 'postgres',
        'start-date': '2026-10-24',
        'end-date': '2026-10-26',
        timezone: TZ,
        's3-bucket': s3.bucket,
        's3-endpoint': s3.endpoint,
        'postgres-url': db.url,
      },
      { workspace, env: s3.env },
    );
    expect(errorLines(r.stdout)).toEqual([]);
    expect(r.code).toBe(0);
    const keys = await s3.keys('kpis/source=postgres/');
    expect(keys).toEqual(
      ['2026-10-24', '2026-10-25', '2026-10-26'].map((d) => `kpis/source=postgres/date=${d}/kpis.csv`),
    );
    expect(r.outputs.objects!.split('\n')).toEqual(keys.map((k) => `s3://${s3.bucket}/${k}`));
    expect(r.outputs['failed-kpis']).toBe('');

    for (const date of ['2026-10-24', '2026-10-25', '2026-10-26']) {
      const day = orders.filter((o) => dateIn(Date.parse(o.at), TZ) === date);
      const expected: Record<string, number> = {
        'postgres.orders.orders': day.length,
        'postgres.orders.revenue': Math.round(day.reduce((s, o) => s + o.amount, 0) * 100) / 100,
      };
      for (const status of ['paid', 'refunded', 'open']) {
        const n = day.filter((o) => o.status === status).length;
        if (n > 0) expected[`postgres.order_status.${status}`] = n;
      }
      const rows = parseCsv(await s3.read(`kpis/source=postgres/date=${date}/kpis.csv`), date);
      expect(Object.fromEntries(rows.map((x) => [x.variable, x.value]))).toEqual(expected);
    }
    expect(r.summary).toContain('2 of 2 KPI(s) collected');
    // The runner consumes ::add-mask:: commands without printing them; everything else must be clean.
    const printed = r.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n');
    expect(r.stdout).toContain(`::add-mask::${db.password}\n`);
    for (const text of [printed, r.stderr, r.summary, JSON.stringify(r.outputs)])
      expect(text).not.toContain(db.password);
  });
});
