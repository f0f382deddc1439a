import { afterEach, describe, expect, it } from '@jest/globals';
import { MemoryLogger } from '../../src/log.js';
import { SqlError } from '../../src/sources/sql/driver.js';
import { startSqlFake, statementClient, SQL_TOKEN, WORKSPACE, type SqlFake } from './sql-fake.js';

let fake: SqlFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
}

describe('StatementClient against the Statement Execution API fake', () => {
  it('sends typed named parameters and reads typed JSON_ARRAY columns in one synchronous call', async () => {
    fake = await startSqlFake();
    const client = statementClient(fake);
    const r = await client.execute({
      sql: `SELECT :day AS d, :day_start AS ts, CAST(2.5 AS DECIMAL(10,2)) * 2 AS amount, 'x' AS s, CAST(NULL AS INT) AS n`,
      parameters: [
        { name: 'day', type: 'DATE', value: '2026-03-08' },
        { name: 'day_start', type: 'TIMESTAMP', value: '2026-03-08T05:00:00.000Z' },
      ],
      timeoutMs: 20_000,
      label: 'test',
    });
    expect(r.columns.map((c) => [c.name, c.typeName])).toEqual([
      ['d', 'DATE'],
      ['ts', 'TIMESTAMP'],
      ['amount', 'DECIMAL'],
      ['s', 'STRING'],
      ['n', 'INT'],
    ]);
    expect(r.rows).toEqual([['2026-03-08', '2026-03-08T05:00:00.000Z', '5.00', 'x', null]]);
    const body = fake.sql.requests[0]!;
    expect(body.wait_timeout).toBe('20s');
    expect(body.parameters).toEqual([
      { name: 'day', type: 'DATE', value: '2026-03-08' },
      { name: 'day_start', type: 'TIMESTAMP', value: '2026-03-08T05:00:00.000Z' },
    ]);
    expect(fake.sql.stats.polls).toBe(0);
  });

  it('reads every chunk of a result cut into several, in order', async () => {
    fake = await startSqlFake({ chunkRows: 7 });
    const client = statementClient(fake);
    const r = await client.execute({
      sql: 'SELECT i, i * i AS sq FROM range(0, 30) t(i) ORDER BY i',
      parameters: [],
      timeoutMs: 10_000,
      label: 'chunks',
    });
    expect(r.rows.map((row) => Number(row[0]))).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(r.rows.every((row) => Number(row[1]) === Number(row[0]) ** 2)).toBe(true);
    expect(r.chunks).toBe(5);
    expect(fake.sql.stats.chunks).toBe(4);
    expect(client.stats.chunks).toBe(4);
  });

  it('stops on a chunk link that repeats (page guard) and on more chunks than the cap', async () => {
    fake = await startSqlFake({ chunkRows: 2, selfLinkChunk: 1 });
    const e = await failure(
      statementClient(fake).execute({
        sql: 'SELECT * FROM range(10)',
        parameters: [],
        timeoutMs: 10_000,
        label: 'loop',
      }),
    );
    expect(e.message).toMatch(/returned page .* again/);
    await fake.close();
    fake = await startSqlFake({ chunkRows: 1 });
    const capped = await failure(
      statementClient(fake, { maxChunks: 3 }).execute({
        sql: 'SELECT * FROM range(10)',
        parameters: [],
        timeoutMs: 10_000,
        label: 'cap',
      }),
    );
    expect(capped.message).toMatch(/3 pages|more than 3/);
  });

  it('polls a statement that outlives wait_timeout and cancels it on the server at its timeout', async () => {
    fake = await startSqlFake({ delayMs: (sql) => (sql.includes('slow') ? 60_000 : 0) });
    const client = statementClient(fake);
    const e = await failure(
      client.execute({ sql: "SELECT 'slow' AS v", parameters: [], timeoutMs: 400, label: 'databricks.slow' }),
    );
    expect(e).toBeInstanceOf(SqlError);
    expect((e as SqlError).timedOut).toBe(true);
    expect(e.message).toMatch(
      /databricks\.slow: the statement .* did not finish within 0.4 s and was cancelled/,
    );
    expect(fake.sql.requests[0]!.wait_timeout).toBe('0s');
    expect(fake.sql.cancels).toHaveLength(1);
    expect(fake.sql.stats.polls).toBeGreaterThan(0);
    // The fake's statement is CANCELED: a poll now says so.
    const id = fake.sql.cancels[0]!;
    const res = await fetch(`${fake.url}/api/2.0/sql/statements/${id}`, {
      headers: { Authorization: `Bearer ${SQL_TOKEN}` },
    });
    expect(((await res.json()) as { status: { state: string } }).status.state).toBe('CANCELED');
  });

  it('cancels the statement in flight when the run is aborted (SIGTERM)', async () => {
    fake = await startSqlFake({ delayMs: () => 60_000 });
    const ctl = new AbortController();
    const client = statementClient(fake, { signal: ctl.signal });
    const p = client.execute({ sql: 'SELECT 1 AS one', parameters: [], timeoutMs: 4000, label: 'abort' });
    // Abort once the client is polling (it knows the statement id), however slow the machine is.
    while (fake.sql.stats.polls === 0) await new Promise((r) => setTimeout(r, 10));
    ctl.abort(new Error('SIGTERM'));
    const e = await failure(p);
    expect(e.message).toMatch(/SIGTERM|abort|cancel/i);
    expect(fake.sql.cancels).toHaveLength(1);
  });

  it('fails with the error_code, message and SQLSTATE of a FAILED statement', async () => {
    fake = await startSqlFake();
    const e = await failure(
      statementClient(fake).execute({
        sql: 'SELECT COUNT(*) AS n FROM main.sales.missing_table',
        parameters: [],
        timeoutMs: 10_000,
        label: 'databricks.orders query for 2026-03-01',
      }),
    );
    expect(e).toBeInstanceOf(SqlError);
    expect((e as SqlError).code).toBe('SQLSTATE 42P01');
    expect(e.message).toMatch(
      /^databricks\.orders query for 2026-03-01: statement \S+ failed \(BAD_REQUEST\): \[TABLE_OR_VIEW_NOT_FOUND\].*\(SQLSTATE 42P01\)$/,
    );
    const unbound = await failure(
      statementClient(fake).execute({
        sql: 'SELECT :nope AS x',
        parameters: [],
        timeoutMs: 10_000,
        label: 'unbound',
      }),
    );
    expect((unbound as SqlError).code).toBe('SQLSTATE 42P02');
  });

  it('waits for a stopped warehouse that the first statement starts (PENDING, then the result)', async () => {
    fake = await startSqlFake({ stopped: true, startupMs: 600, autoStopMins: 15 });
    const log = new MemoryLogger();
    const client = statementClient(fake, { log });
    expect((await client.warehouse()).state).toBe('STOPPED');
    const r = await client.execute({
      sql: 'SELECT 42 AS answer',
      parameters: [],
      timeoutMs: 3000,
      label: 'cold',
    });
    expect(r.rows).toEqual([['42']]);
    expect(fake.sql.stats.warehouseStarts).toBe(1);
    expect(fake.sql.stats.polls).toBeGreaterThan(0);
    expect((await client.warehouse()).state).toBe('RUNNING');
    expect(log.lines).toContain(
      'info: Databricks: SQL warehouse abc123def456 is STOPPED; the first statement starts it, and it runs (and bills) until it has been idle for 15 minute(s) (its auto-stop)',
    );
    await client.execute({ sql: 'SELECT 1 AS one', parameters: [], timeoutMs: 3000, label: 'warm' });
    expect(fake.workspace.count('GET /api/2.0/sql/warehouses/abc123def456')).toBe(3); // once per client, twice by the test
  });

  it('retries a 429 after its Retry-After and a dropped connection, then succeeds', async () => {
    fake = await startSqlFake();
    fake.workspace.faults.push(
      { path: '/api/2.0/sql/statements', status: 429, retryAfter: '2', times: 1 },
      { path: '/api/2.0/sql/statements', network: true, times: 1 },
    );
    const waits: number[] = [];
    const log = new MemoryLogger();
    const client = statementClient(fake, {
      attempts: 4,
      log,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    const r = await client.execute({
      sql: 'SELECT 1 AS one',
      parameters: [],
      timeoutMs: 10_000,
      label: 'retry',
    });
    expect(r.rows).toEqual([['1']]);
    expect(waits[0]).toBeGreaterThanOrEqual(2000);
    expect(client.stats.retries).toBe(2);
    expect(log.lines.join('\n')).toMatch(/HTTP 429 REQUEST_LIMIT_EXCEEDED/);
  });

  it('never shows the token, even when the server echoes the Authorization header', async () => {
    fake = await startSqlFake();
    fake.workspace.faults.push({ path: '/api/2.0/sql/statements', status: 400, times: 1, echoAuth: true });
    const log = new MemoryLogger();
    const e = await failure(
      statementClient(fake, { log }).execute({
        sql: 'SELECT 1',
        parameters: [],
        timeoutMs: 10_000,
        label: 'echo',
      }),
    );
    expect(e.message).toMatch(/HTTP 400/);
    expect(e.message).not.toContain(SQL_TOKEN);
    expect(log.lines.join('\n')).not.toContain(SQL_TOKEN);
    const bad = statementClient(fake, { token: 'wrong-token-value' });
    const unauth = await failure(
      bad.execute({ sql: 'SELECT 1', parameters: [], timeoutMs: 10_000, label: 'auth' }),
    );
    expect(unauth.message).toMatch(/HTTP 401 UNAUTHENTICATED.*databricks-token/);
  });

  it('reads the workspace id from X-Databricks-Org-Id once per client', async () => {
    fake = await startSqlFake();
    const client = statementClient(fake);
    expect(await client.workspaceId()).toBe(WORKSPACE);
    expect(await client.workspaceId()).toBe(WORKSPACE);
    expect(fake.workspace.count('GET /api/2.0/preview/scim/v2/Me')).toBe(1);
  });
});
