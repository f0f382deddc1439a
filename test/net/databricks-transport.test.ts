import { afterEach, describe, expect, it } from '@jest/globals';
import { MemoryLogger } from '../../src/log.js';
import { PagingError } from '../../src/net/http.js';
import { clearSecrets, registerSecret } from '../../src/redact.js';
import { DatabricksClient, PageShapeError, type ClientOptions } from '../../src/sources/databricks/client.js';
import { closedPort, startServer, type TestServer } from './servers.js';

const TOKEN = 'dapi0123456789abcdef0123456789abcdef';
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  clearSecrets();
});

function client(host: string, over: Partial<ClientOptions> = {}): DatabricksClient {
  return new DatabricksClient({
    host,
    token: TOKEN,
    concurrency: 2,
    requestTimeoutMs: 10_000,
    attempts: 3,
    retryBaseMs: 1,
    lookbackMs: 0,
    sleep: async () => {},
    log: new MemoryLogger(),
    ...over,
  });
}

async function drain<T>(it: AsyncGenerator<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function server(handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const s = await startServer(handler);
  servers.push(s);
  return s;
}

describe('Databricks transport (issue 14)', () => {
  it('item 2: an endless body is stopped at the size cap inside the promise, not read to gigabytes', async () => {
    const chunk = Buffer.alloc(64 * 1024, ' ');
    let sent = 0;
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"clusters": [');
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk)) sent += chunk.length;
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    const c = client(s.url, { maxResponseBytes: 2 * 1024 * 1024 });
    await expect(drain(c.listClusters())).rejects.toThrow(
      /GET \/api\/2.1\/clusters\/list: 127.0.0.1:\d+: the answer is larger than allowed/,
    );
    // Not retried: a cap is not a transient failure.
    expect(c.requests).toBe(1);
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });

  it('item 2: a 600 MiB declared body is refused without reading it', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(600 * 1024 * 1024) });
      res.write('{');
    });
    await expect(drain(client(s.url).listClusters())).rejects.toThrow(/629145600 bytes declared/);
  });

  it('item 3: a repeated page token stops the listing with a clear error', async () => {
    const s = await server((_req, res) => {
      res.end(JSON.stringify({ clusters: [{ cluster_id: 'c1' }], next_page_token: 'same' }));
    });
    const c = client(s.url);
    const err = await drain(c.listClusters()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PagingError);
    expect(String(err)).toMatch(/clusters\/list.*"same" again after 2 page/);
    expect(s.requests.length).toBe(2);
  });

  it('item 3: job runs paging stops at the page cap of a server that never stops', async () => {
    let n = 0;
    const s = await server((_req, res) => {
      res.end(JSON.stringify({ runs: [], has_more: true, next_page_token: `t${++n}` }));
    });
    const err = await drain(client(s.url, { maxPages: { runs: 40 } }).listRuns(0, 1)).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PagingError);
    expect(String(err)).toContain('more than 40 pages');
    expect(s.requests.length).toBe(40);
  });

  it('item 3: a page of the wrong shape fails at once, not retried, naming the endpoint', async () => {
    const s = await server((_req, res) => res.end(JSON.stringify({ events: 'none', next_page_token: 5 })));
    const c = client(s.url);
    const err = await c.clusterEvents('c1', 0, 10, ['RUNNING'], () => undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PageShapeError);
    expect(String(err)).toContain('POST /api/2.1/clusters/events: the page is not the documented shape');
    expect(c.requests).toBe(1);
  });

  it('item 5: the raw body is redacted before tags are stripped, HTML-escaped forms included', async () => {
    const secret = 'dapi<b>0123456789abcdef</b>tail';
    registerSecret(secret);
    const escaped = 'dapi&lt;b&gt;0123456789abcdef&lt;/b&gt;tail';
    const s = await server((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(`<html><body><h1>Bad gateway</h1><p>raw ${secret} escaped ${escaped}</p></body></html>`);
    });
    const err = await drain(client(s.url, { token: secret, attempts: 1 }).listClusters()).catch(
      (e: unknown) => e,
    );
    const text = String(err);
    expect(text).toContain('HTTP 502');
    expect(text).toContain('Bad gateway');
    expect(text).not.toContain('0123456789abcdef');
    expect(text).not.toContain('tail');
  });

  it('issue 16 item 4: connection refused fails after one short retry, naming the host', async () => {
    const port = await closedPort();
    const c = client(`http://127.0.0.1:${port}`, { attempts: 6 });
    await expect(drain(c.listClusters())).rejects.toThrow(
      new RegExp(`127\\.0\\.0\\.1:${port}: connection refused`),
    );
    expect(c.requests).toBe(2);
  });
});
