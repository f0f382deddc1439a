import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeTrino } from '../fakes/trino/server.js';

/**
 * The fake coordinator itself, spoken to with plain fetch as the protocol page describes
 * (https://trino.io/docs/current/develop/client-protocol.html), so the client tests rest on a fake that
 * behaves as documented.
 */
let fake: FakeTrino;
beforeAll(async () => {
  fake = await FakeTrino.start({ queuedPolls: 1, rowsPerPage: 1 });
});
afterAll(() => fake.close());

interface Doc {
  id: string;
  nextUri?: string;
  columns?: Array<{ name: string; type: string }>;
  data?: unknown[][];
  error?: { errorName: string; errorCode: number; message: string };
  stats: { state: string };
  updateType?: string;
}

async function post(sql: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${fake.url}/v1/statement`, {
    method: 'POST',
    body: sql,
    headers: { 'X-Trino-User': 'me', ...headers },
  });
}

/** Follows nextUri to the end; returns every document and the last response's headers. */
async function drain(first: Response): Promise<{ docs: Doc[]; last: Headers }> {
  let res = first;
  const docs: Doc[] = [(await res.json()) as Doc];
  while (docs.at(-1)!.nextUri) {
    res = await fetch(docs.at(-1)!.nextUri!);
    docs.push((await res.json()) as Doc);
  }
  return { docs, last: res.headers };
}

describe('fake Trino coordinator', () => {
  it('goes QUEUED → RUNNING → FINISHED with one row per page, and repeats an answer for a retried token', async () => {
    const first = (await (
      await post('SELECT * FROM (VALUES (1), (2), (3)) AS t(x) ORDER BY x')
    ).json()) as Doc;
    expect(first.stats.state).toBe('QUEUED');
    const a = await (await fetch(first.nextUri!)).text();
    const again = await (await fetch(first.nextUri!)).text();
    expect(again).toBe(a);
    const { docs } = await drain(new Response(a));
    const states = [first, ...docs].map((d) => d.stats.state);
    expect(states[0]).toBe('QUEUED');
    expect(states.at(-1)).toBe('FINISHED');
    expect(docs.flatMap((d) => d.data ?? [])).toEqual([[1], [2], [3]]);
    expect(docs.filter((d) => d.data).length).toBe(3);
    expect(docs.at(-1)!.columns).toEqual([expect.objectContaining({ name: 'x', type: 'integer' })]);
    const stale = await fetch(first.nextUri!);
    expect(stale.status).toBe(404);
  });

  it('answers PREPARE with X-Trino-Added-Prepare and runs EXECUTE … USING from the header', async () => {
    const prep = await drain(await post('PREPARE q1 FROM SELECT ? + 1 AS y'));
    expect(prep.docs.at(-1)!.updateType).toBe('PREPARE');
    const added = prep.last.get('x-trino-added-prepare')!;
    expect(decodeURIComponent(added)).toBe('q1=SELECT ? + 1 AS y');
    const run = await drain(await post('EXECUTE q1 USING 41', { 'X-Trino-Prepared-Statement': added }));
    expect(run.docs.flatMap((d) => d.data ?? [])).toEqual([[42]]);
    const wrong = await drain(await post('EXECUTE q1 USING 1, 2', { 'X-Trino-Prepared-Statement': added }));
    expect(wrong.docs.at(-1)!.error).toMatchObject({ errorName: 'INVALID_PARAMETER_USAGE', errorCode: 80 });
    const missing = await drain(await post('EXECUTE q2'));
    expect(missing.docs.at(-1)!.error).toMatchObject({ errorName: 'NOT_FOUND' });
  });

  it('answers SET SESSION with X-Trino-Set-Session and refuses unknown properties', async () => {
    const set = await drain(await post("SET SESSION query_max_execution_time = '5m'"));
    expect(set.last.get('x-trino-set-session')).toBe('query_max_execution_time=5m');
    const bad = await drain(await post('SELECT 1', { 'X-Trino-Session': 'no_such_property=1' }));
    expect(bad.docs.at(-1)!.error).toMatchObject({ errorName: 'INVALID_SESSION_PROPERTY', errorCode: 14 });
  });

  it('refuses a second statement and a trailing semicolon (SYNTAX_ERROR), and a request without a user', async () => {
    const two = await drain(await post('SELECT 1; SELECT 2'));
    expect(two.docs.at(-1)!.error).toMatchObject({ errorName: 'SYNTAX_ERROR', errorCode: 1 });
    expect(two.docs.at(-1)!.error!.message).toMatch(/^line 1:9: mismatched input ';'/);
    const nobody = await fetch(`${fake.url}/v1/statement`, { method: 'POST', body: 'SELECT 1' });
    expect(nobody.status).toBe(400);
  });

  it('cancels on DELETE of nextUri', async () => {
    const first = (await (await post('SELECT 1 AS x')).json()) as Doc;
    const del = await fetch(first.nextUri!, { method: 'DELETE' });
    expect(del.status).toBe(204);
    expect(fake.queries.get(first.id)!.canceled).toBe(true);
  });

  it('answers queued gateway faults before the coordinator sees the request', async () => {
    fake.fail(429, { retryAfter: '3', on: 'POST' });
    const res = await post('SELECT 1');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect((await post('SELECT 1')).status).toBe(200);
  });
});

describe('fake Trino with basic authentication', () => {
  it('answers 401 with WWW-Authenticate without or with wrong credentials', async () => {
    const secured = await FakeTrino.start({ basicAuth: { user: 'kpi', password: 'right-pass' } });
    try {
      const none = await fetch(`${secured.url}/v1/statement`, { method: 'POST', body: 'SELECT 1' });
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Basic realm="Trino"');
      const auth = (p: string): string => `Basic ${Buffer.from(`kpi:${p}`).toString('base64')}`;
      const wrong = await fetch(`${secured.url}/v1/statement`, {
        method: 'POST',
        body: 'SELECT 1',
        headers: { authorization: auth('wrong') },
      });
      expect(wrong.status).toBe(401);
      const right = await fetch(`${secured.url}/v1/statement`, {
        method: 'POST',
        body: 'SELECT 1',
        headers: { authorization: auth('right-pass') },
      });
      expect(right.status).toBe(200);
    } finally {
      await secured.close();
    }
  });
});
