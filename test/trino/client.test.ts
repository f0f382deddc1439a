import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { UserError } from '../../src/errors.js';
import {
  STATEMENT_NAME,
  TrinoClient,
  TrinoQueryError,
  type TrinoClientOptions,
} from '../../src/sources/trino/client.js';
import { parseServerUrl } from '../../src/sources/trino/server-url.js';
import { FakeTrino } from '../fakes/trino/server.js';

/** Orders every 37 minutes over three days, from a fixed instant: the reference for the counts below. */
const ORDERS = Array.from({ length: 120 }, (_, i) => ({
  id: i + 1,
  at: Date.parse('2026-03-28T20:00:00Z') + i * 37 * 60_000,
  amount: (i % 17) + 0.25,
}));

const waits: number[] = [];
const noWait = async (ms: number): Promise<void> => {
  waits.push(ms);
};

let fake: FakeTrino;

beforeAll(async () => {
  fake = await FakeTrino.start({ rowsPerPage: 3, queuedPolls: 2 });
  await fake.engine.createSchema('memory', 'sales');
  await fake.engine.admin(
    'CREATE TABLE memory.sales.orders (id INTEGER, created_at TIMESTAMPTZ, amount DECIMAL(12,2))',
  );
  await fake.engine.admin(
    `INSERT INTO memory.sales.orders VALUES ${ORDERS.map((o) => `(${o.id}, TIMESTAMPTZ '${new Date(o.at).toISOString()}', ${o.amount})`).join(', ')}`,
  );
  await fake.engine.admin('CREATE TABLE memory.sales.nums AS SELECT range AS n FROM range(100000)');
});
afterAll(() => fake.close());

function client(o: Partial<TrinoClientOptions> = {}, server = fake.url): TrinoClient {
  return new TrinoClient({
    server: parseServerUrl(server),
    user: 'kpi',
    catalog: 'memory',
    schema: 'sales',
    sleep: noWait,
    ...o,
  });
}

const START = Date.parse('2026-03-29T22:00:00Z'); // 2026-03-30 00:00 in Paris (CEST)
const END = Date.parse('2026-03-30T22:00:00Z');

describe('Trino client against the fake coordinator', () => {
  it('runs a prepared statement with typed parameters and reads every data page', async () => {
    const before = fake.requests.length;
    const r = await client().query({
      sql: 'SELECT id, amount FROM orders WHERE created_at >= ? AND created_at < ? ORDER BY id',
      params: [
        { kind: 'timestamptz', ms: START, timeZone: 'Europe/Paris' },
        { kind: 'timestamptz', ms: END, timeZone: 'Europe/Paris' },
      ],
      timeoutMs: 30_000,
      timeZone: 'Europe/Paris',
    });
    const expected = ORDERS.filter((o) => o.at >= START && o.at < END);
    expect(expected.length).toBeGreaterThan(6);
    expect(r.columns).toEqual([
      { name: 'id', type: 'integer' },
      { name: 'amount', type: 'decimal(12,2)' },
    ]);
    expect(r.rows).toEqual(expected.map((o) => [o.id, o.amount.toFixed(2)]));

    const seen = fake.requests.slice(before);
    const post = seen[0]!;
    expect(post.method).toBe('POST');
    expect(post.path).toBe('/v1/statement');
    expect(post.body).toBe(
      `EXECUTE ${STATEMENT_NAME} USING TIMESTAMP '2026-03-30 00:00:00.000 Europe/Paris', TIMESTAMP '2026-03-31 00:00:00.000 Europe/Paris'`,
    );
    expect(post.headers['x-trino-prepared-statement']).toBe(
      `${STATEMENT_NAME}=${encodeURIComponent('SELECT id, amount FROM orders WHERE created_at >= ? AND created_at < ? ORDER BY id')}`,
    );
    expect(post.headers['x-trino-user']).toBe('kpi');
    expect(post.headers['x-trino-catalog']).toBe('memory');
    expect(post.headers['x-trino-schema']).toBe('sales');
    expect(post.headers['x-trino-time-zone']).toBe('Europe/Paris');
    expect(post.headers['x-trino-session']).toBe('query_max_execution_time=30000ms');
    // Two QUEUED polls, a RUNNING one, ceil(n / 3) data pages and the final FINISHED answer.
    const gets = seen.filter((s) => s.method === 'GET');
    expect(gets.length).toBeGreaterThanOrEqual(2 + Math.ceil(expected.length / 3) + 1);
    expect(new Set(gets.map((g) => g.path)).size).toBe(gets.length);
  });

  it('binds a date parameter and returns no rows as an empty result with its columns', async () => {
    const r = await client().query({
      sql: "SELECT count(*) AS n FROM orders WHERE CAST(created_at AT TIME ZONE 'Europe/Paris' AS DATE) = ?",
      params: [{ kind: 'date', date: '2026-03-30' }],
      timeoutMs: 30_000,
      timeZone: 'UTC',
    });
    const expected = ORDERS.filter(
      (o) => new Date(o.at).toLocaleDateString('en-CA', { timeZone: 'Europe/Paris' }) === '2026-03-30',
    ).length;
    expect(r.rows).toEqual([[expected]]);
    const empty = await client().query({
      sql: 'SELECT id FROM orders WHERE id < 0',
      params: [],
      timeoutMs: 30_000,
      timeZone: 'UTC',
    });
    expect(empty).toEqual({
      queryId: expect.any(String),
      columns: [{ name: 'id', type: 'integer' }],
      rows: [],
    });
  });

  it('retries 502, 503 and 504 as the protocol documents, and 429 after its Retry-After', async () => {
    waits.length = 0;
    const retries: string[] = [];
    fake.fail(503, { on: 'POST' });
    fake.fail(429, { on: 'POST', retryAfter: '2' });
    fake.fail(502, { on: 'GET' });
    fake.fail(504, { on: 'GET' });
    const r = await client({ onRetry: (m) => retries.push(m) }).query({
      sql: 'SELECT count(*) AS n FROM orders',
      params: [],
      timeoutMs: 30_000,
      timeZone: 'UTC',
    });
    expect(r.rows).toEqual([[ORDERS.length]]);
    expect(retries).toHaveLength(4);
    expect(retries.join('\n')).toMatch(/HTTP 503/);
    expect(retries.join('\n')).toMatch(/HTTP 504/);
    expect(waits).toHaveLength(4);
    expect(waits[1]).toBeGreaterThanOrEqual(2000);
    expect(Math.max(waits[0]!, waits[2]!, waits[3]!)).toBeLessThan(2000);
  });

  it('gives up after its attempts with the last status', async () => {
    fake.fail(503, { count: 3, on: 'POST' });
    const e = await client({ attempts: 3 })
      .query({ sql: 'SELECT 1 AS x', params: [], timeoutMs: 30_000, timeZone: 'UTC' })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TrinoQueryError);
    expect((e as TrinoQueryError).message).toMatch(/failed after 3 attempt\(s\): HTTP 503/);
    expect((e as TrinoQueryError).o.transient).toBe(true);
  });

  it("carries Trino's errorName and errorCode when the query fails", async () => {
    const e = (await client()
      .query({ sql: 'SELECT count(*) FROM no_such_table', params: [], timeoutMs: 30_000, timeZone: 'UTC' })
      .catch((x: unknown) => x)) as TrinoQueryError;
    expect(e).toBeInstanceOf(TrinoQueryError);
    expect(e.o).toMatchObject({ errorName: 'TABLE_NOT_FOUND', errorCode: 46, errorType: 'USER_ERROR' });
    expect(e.message).toMatch(/Table 'memory\.sales\.no_such_table' does not exist \(TABLE_NOT_FOUND 46\)/);
    expect(e.message).toContain(e.o.queryId);
  });

  it('ends a slow query at query_max_execution_time (EXCEEDED_TIME_LIMIT)', async () => {
    const e = (await client()
      .query({
        sql: 'SELECT count(*) AS x FROM nums a CROSS JOIN nums b WHERE a.n * b.n % 7 = 3',
        params: [],
        timeoutMs: 300,
        timeZone: 'UTC',
      })
      .catch((x: unknown) => x)) as TrinoQueryError;
    expect(e.o).toMatchObject({ errorName: 'EXCEEDED_TIME_LIMIT', errorCode: 131075, timedOut: true });
    expect(e.message).toMatch(/maximum execution time limit of 300\.00ms/);
  });

  it('cancels with DELETE on nextUri when the server ignores its limit, and on abort', async () => {
    const deaf = await FakeTrino.start({ ignoreTimeLimit: true });
    try {
      await deaf.engine.createSchema('memory', 'sales');
      await deaf.engine.admin('CREATE TABLE memory.sales.nums AS SELECT range AS n FROM range(100000)');
      const slow = 'SELECT count(*) AS x FROM nums a CROSS JOIN nums b WHERE a.n * b.n % 7 = 3';
      const e = (await client({ cancelGraceMs: 300 }, deaf.url)
        .query({ sql: slow, params: [], timeoutMs: 200, timeZone: 'UTC' })
        .catch((x: unknown) => x)) as TrinoQueryError;
      expect(e.o.timedOut).toBe(true);
      expect(e.message).toMatch(/did not finish within 0\.5 s; cancelled it/);
      expect(deaf.seen('DELETE')).toHaveLength(1);
      expect([...deaf.queries.values()].filter((q) => q.canceled)).toHaveLength(1);

      const abort = new AbortController();
      const p = client({}, deaf.url).query({
        sql: slow,
        params: [],
        timeoutMs: 60_000,
        timeZone: 'UTC',
        signal: abort.signal,
      });
      setTimeout(() => abort.abort(new Error('run cancelled')), 300);
      await expect(p).rejects.toThrow();
      expect(deaf.seen('DELETE')).toHaveLength(2);
    } finally {
      await deaf.close();
    }
  });

  it('stops at the page cap', async () => {
    const e = await client({ maxPages: 4 })
      .query({ sql: 'SELECT id FROM orders', params: [], timeoutMs: 30_000, timeZone: 'UTC' })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TrinoQueryError);
    expect((e as Error).message).toMatch(
      /Trino query \S+: Trino query on 127\.0\.0\.1:\d+: more than 4 pages/,
    );
  });
});

describe('Presto flavour', () => {
  it('speaks X-Presto-* headers to a Presto coordinator; X-Trino-* ones are refused there', async () => {
    const presto = await FakeTrino.start({ flavor: 'presto' });
    try {
      const r = await client({ flavor: 'presto', catalog: undefined, schema: undefined }, presto.url).query({
        sql: 'SELECT ? AS d',
        params: [{ kind: 'date', date: '2026-02-28' }],
        timeoutMs: 5000,
        timeZone: 'UTC',
      });
      expect(r.rows).toEqual([['2026-02-28']]);
      expect(presto.seen('POST')[0]!.headers['x-presto-user']).toBe('kpi');
      const e = await client({}, presto.url)
        .query({ sql: 'SELECT 1 AS x', params: [], timeoutMs: 5000, timeZone: 'UTC' })
        .catch((x: unknown) => x);
      expect((e as Error).message).toMatch(/HTTP 400: User must be set/);
    } finally {
      await presto.close();
    }
  });
});

/** A server answering every request with `answer(url)`, counting what reaches it. */
async function scripted(
  answer: (base: string, path: string) => object,
): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(answer(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, req.url ?? '')),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('hostile coordinators', () => {
  it('stops when the server sends the same nextUri again', async () => {
    const s = await scripted((base) => ({
      id: 'q1',
      nextUri: `${base}/v1/statement/executing/q1/x/1`,
      stats: { state: 'RUNNING' },
    }));
    try {
      const e = await client({}, s.url)
        .query({ sql: 'SELECT 1', params: [], timeoutMs: 5000, timeZone: 'UTC' })
        .catch((x: unknown) => x);
      expect(e).toBeInstanceOf(TrinoQueryError);
      expect((e as Error).message).toMatch(/returned page .* again after 1 page/);
      expect(s.hits.filter((h) => h.startsWith('GET'))).toHaveLength(1);
    } finally {
      await s.close();
    }
  });

  it('sends nothing to a nextUri on another origin', async () => {
    const other = await scripted(() => ({ id: 'q2' }));
    const s = await scripted(() => ({ id: 'q2', nextUri: `${other.url}/v1/statement/executing/q2/x/1` }));
    try {
      const e = await client({}, s.url)
        .query({ sql: 'SELECT 1', params: [], timeoutMs: 5000, timeZone: 'UTC' })
        .catch((x: unknown) => x);
      expect((e as Error).message).toMatch(
        /sent nextUri on http:\/\/127\.0\.0\.1:\d+, not .*nothing was sent there/,
      );
      expect(other.hits).toEqual([]);
    } finally {
      await s.close();
      await other.close();
    }
  });

  it('fails on rows that do not match the columns', async () => {
    const s = await scripted(() => ({ id: 'q3', columns: [{ name: 'a', type: 'bigint' }], data: [[1, 2]] }));
    try {
      await expect(
        client({}, s.url).query({ sql: 'SELECT 1', params: [], timeoutMs: 5000, timeZone: 'UTC' }),
      ).rejects.toThrow(/a row has 2 values for 1 columns/);
    } finally {
      await s.close();
    }
  });
});

describe('trino-server and trino-password', () => {
  it.each([
    ['ftp://trino.example.com', /scheme is 'ftp:'/],
    [
      'http://trino.example.com:8080',
      /http is allowed only on loopback.*use https:\/\/trino\.example\.com:8080/,
    ],
    ['https://u:p@trino.example.com', /carries credentials/],
    ['https://trino.example.com/?x=1', /remove the query/],
    ['not a url', /not a URL/],
  ])('refuses %s', (value, message) => {
    expect(() => parseServerUrl(value)).toThrow(UserError);
    expect(() => parseServerUrl(value)).toThrow(message);
  });

  it('accepts https anywhere and http on loopback, keeping a gateway path', () => {
    expect(parseServerUrl('https://trino.example.com:8443').href).toBe('https://trino.example.com:8443/');
    expect(parseServerUrl('http://localhost:8080/gw').href).toBe('http://localhost:8080/gw/');
  });

  it('refuses a password over plain http, even on loopback', () => {
    expect(() => client({ password: 'sekret-pass' })).toThrow(/basic authentication is sent only over TLS/);
  });
});
