/**
 * Issue 14 item 2 (review): a coordinator that keeps sending pages of rows, each under the size cap, would
 * fill the memory and crash the run; the client stops past MAX_RESULT_ROWS with one error for that query.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_RESULT_ROWS } from '../../src/sources/sql/driver.js';
import { TrinoClient } from '../../src/sources/trino/client.js';
import { parseServerUrl } from '../../src/sources/trino/server-url.js';

const PAGE = 250_000;
const page = JSON.stringify(Array.from({ length: PAGE }, () => [1]));
let served = 0;
const server = http.createServer((req, res) => {
  req.resume();
  served++;
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  res.setHeader('content-type', 'application/json');
  res.end(
    `{"id":"q1","nextUri":"${base}/v1/statement/q1/${served}","columns":[{"name":"n","type":"integer"}],"data":${page},"stats":{"state":"RUNNING"}}`,
  );
});
beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)));
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it(`stops a result that keeps growing past ${MAX_RESULT_ROWS} rows, with one error`, async () => {
  const client = new TrinoClient({
    server: parseServerUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    user: 'kpi',
    sleep: async () => {},
  });
  const e = await client
    .query({ sql: 'SELECT 1', params: [], timeoutMs: 60_000, timeZone: 'UTC' })
    .catch((x: unknown) => x as Error);
  expect(e).toBeInstanceOf(Error);
  expect((e as Error).message).toContain(`more than ${MAX_RESULT_ROWS} rows`);
  // It stopped at the first page past the cap (and the DELETE of the cancel, if any, came after).
  expect(served).toBeLessThanOrEqual(Math.ceil(MAX_RESULT_ROWS / PAGE) + 2);
}, 60_000);
