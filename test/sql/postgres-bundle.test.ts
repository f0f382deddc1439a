/**
 * Issue 14 items 4, 6 and 8 end to end: dist/index.js run as the runner runs it, against a real PostgreSQL.
 * Each bad input is one clear error line naming the input or the KPI, exit 1, nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pg from 'pg';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { errorLines, runAction, type ActionResult } from '../helpers/runner.js';

let db: TestPostgres;
let admin: pg.Client;
let workspace: string;

beforeAll(async () => {
  db = await startPostgres({ settings: { log_statement: 'all' } });
  admin = new pg.Client(db.url);
  await admin.connect();
  await admin.query('create table victim (n int)');
  await admin.query('insert into victim select generate_series(1, 5)');
  workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'kpi-pg-bundle-'));
});
afterAll(async () => {
  await admin?.end();
  await db?.stop();
  await fs.rm(workspace, { recursive: true, force: true });
});

async function run(config: string, inputs: Record<string, string>): Promise<ActionResult> {
  await fs.writeFile(path.join(workspace, 'kpis.yml'), config);
  await fs.rm(path.join(workspace, 'out'), { recursive: true, force: true });
  return runAction(
    { source: 'postgres', config: 'kpis.yml', 'output-dir': 'out', 'postgres-url': db.url, ...inputs },
    { workspace },
  );
}

const written = async () =>
  (await fs.readdir(path.join(workspace, 'out'), { recursive: true }).catch(() => [] as string[])).filter(
    (f) => f.endsWith('.csv'),
  );

const GOOD = '      - { id: fine, description: d, unit: count, sql: "select 1 as n where :day is not null" }';

describe('postgres through dist/index.js', () => {
  it('runs a good KPI (the baseline the refusals below differ from)', async () => {
    const r = await run(`sources:\n  postgres:\n    kpis:\n${GOOD}\n`, { date: '2026-03-01' });
    expect([r.code, errorLines(r.stdout)]).toEqual([0, []]);
    expect(await written()).toHaveLength(1);
  });

  it('issue 14 item 4: `select 1 as n; commit; delete from victim` is a config error naming the KPI; the table is intact', async () => {
    const before = db.logs().length;
    const r = await run(
      [
        'sources:',
        '  postgres:',
        '    kpis:',
        GOOD,
        '      - { id: sneaky, description: d, unit: count, sql: "select 1 as n; commit; delete from victim" }',
        '',
      ].join('\n'),
      { date: '2026-03-01' },
    );
    expect(r.code).toBe(1);
    const errors = errorLines(r.stdout);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/KPI 'sneaky': the SQL holds more than one statement/);
    expect(await written()).toEqual([]);
    expect((await admin.query('select count(*)::int as n from victim')).rows[0].n).toBe(5);
    expect(
      db
        .logs()
        .slice(before)
        .filter((l) => /delete from victim/i.test(l)),
    ).toEqual([]);
  });

  it('issue 14 item 6: a malformed postgres-url (%zz) names the input, never the value', async () => {
    const url = db.url.replace('kpi-test-Secr3t', 'kpi-%zz-Secr3t');
    const r = await run(`sources:\n  postgres:\n    kpis:\n${GOOD}\n`, {
      date: '2026-03-01',
      'postgres-url': url,
    });
    expect(r.code).toBe(1);
    const errors = errorLines(r.stdout);
    expect(errors).toEqual([
      expect.stringMatching(/postgres-url: the password has a malformed percent escape/),
    ]);
    for (const text of [r.stdout, r.stderr, r.summary]) expect(text).not.toContain('kpi-%zz-Secr3t');
    expect(await written()).toEqual([]);
  });

  it('issue 14 item 8: date 0026-11-20 is refused by name; nothing is written for 1926', async () => {
    const r = await run(`sources:\n  postgres:\n    kpis:\n${GOOD}\n`, { date: '0026-11-20' });
    expect(r.code).toBe(1);
    expect(errorLines(r.stdout)).toEqual([expect.stringMatching(/^date: 0026-11-20 is before 1970/)]);
    expect(await written()).toEqual([]);
  });
});
