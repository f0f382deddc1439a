import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import {
  NetError,
  PageGuard,
  closeDispatchers,
  excerpt,
  httpRequest,
  isLoopbackUrl,
  type NetErrorCode,
} from '../../src/net/http.js';
import { clearSecrets, registerSecret } from '../../src/redact.js';
import { closedPort, startServer, type TestServer } from './servers.js';

const servers: TestServer[] = [];
async function server(handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const s = await startServer(handler);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  clearSecrets();
});
afterAll(closeDispatchers);

async function failure(p: Promise<unknown>): Promise<NetError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(NetError);
    return e as NetError;
  }
  throw new Error('expected a NetError');
}

function expectCode(e: NetError, code: NetErrorCode, host: string): void {
  expect(e.code).toBe(code);
  expect(e.host).toBe(host);
  expect(e.message).toContain(host);
}

describe('httpRequest', () => {
  it('returns status, lower-case headers joined, final URL and body; any status resolves', async () => {
    const s = await server((req, res) => {
      res.setHeader('X-Many', ['a', 'b']);
      res.statusCode = req.url === '/missing' ? 404 : 200;
      res.end(JSON.stringify({ path: req.url, method: req.method }));
    });
    const ok = await httpRequest({ method: 'POST', url: `${s.url}/x`, body: 'hi' });
    expect(ok.status).toBe(200);
    expect(ok.headers['x-many']).toBe('a, b');
    expect(ok.url).toBe(`${s.url}/x`);
    expect(ok.json()).toEqual({ path: '/x', method: 'POST' });
    const missing = await httpRequest({ method: 'GET', url: `${s.url}/missing` });
    expect(missing.status).toBe(404);
  });

  it('ends a silent server at the total deadline (timeout), naming the host', async () => {
    const s = await server(() => undefined); // accepts, never answers
    const e = await failure(httpRequest({ method: 'GET', url: s.url, timeoutMs: 300 }));
    expectCode(e, 'timeout', `127.0.0.1:${s.port}`);
  });

  it('the deadline covers the body: a server that trickles forever is cut at the deadline', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const t = setInterval(() => res.write('x'), 20);
      res.on('close', () => clearInterval(t));
    });
    const e = await failure(httpRequest({ method: 'GET', url: s.url, timeoutMs: 400 }));
    expect(e.code).toBe('timeout');
  });

  it('stops an endless body at the cap (too_large) and closes the connection', async () => {
    let sent = 0;
    let closed = false;
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const s = await server((_req, res) => {
      res.writeHead(200);
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk)) sent += chunk.length;
        if (!res.destroyed) res.once('drain', pump);
      };
      res.on('close', () => (closed = true));
      pump();
    });
    const cap = 1024 * 1024;
    const e = await failure(httpRequest({ method: 'GET', url: s.url, maxBytes: cap }));
    expectCode(e, 'too_large', `127.0.0.1:${s.port}`);
    for (let i = 0; i < 200 && !closed; i++) await new Promise((r) => setTimeout(r, 25));
    expect(closed).toBe(true);
    // The server could only push what the socket buffers held beyond the cap; nothing near "endless".
    expect(sent).toBeLessThan(cap + 16 * 1024 * 1024);
  });

  it('refuses a declared Content-Length over the cap without reading it', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) });
      res.write('x');
    });
    const e = await failure(httpRequest({ method: 'GET', url: s.url, maxBytes: 1000 }));
    expect(e.code).toBe('too_large');
    expect(e.message).toContain('declared');
  });

  it('follows same-origin redirects with the same headers', async () => {
    const seen: string[] = [];
    const s = await server((req, res) => {
      seen.push(`${req.url} ${req.headers.authorization}`);
      if (req.url === '/a') res.writeHead(302, { location: '/b' }).end();
      else res.end('done');
    });
    const r = await httpRequest({ method: 'GET', url: `${s.url}/a`, headers: { authorization: 'Bearer t' } });
    expect(r.text()).toBe('done');
    expect(r.url).toBe(`${s.url}/b`);
    expect(seen).toEqual(['/a Bearer t', '/b Bearer t']);
  });

  it('refuses a redirect to another origin and sends nothing there', async () => {
    const other = await server((_req, res) => res.end('stolen'));
    const s = await server((_req, res) => res.writeHead(302, { location: `${other.url}/next` }).end());
    const e = await failure(
      httpRequest({ method: 'GET', url: s.url, headers: { authorization: 'Bearer secret' } }),
    );
    expectCode(e, 'cross_origin_redirect', `127.0.0.1:${s.port}`);
    expect(other.requests).toEqual([]);
  });

  it('stops a redirect loop (too_many_redirects), and redirect: error follows none', async () => {
    const s = await server((req, res) =>
      res.writeHead(307, { location: req.url === '/a' ? '/b' : '/a' }).end(),
    );
    expect((await failure(httpRequest({ method: 'GET', url: `${s.url}/a` }))).code).toBe(
      'too_many_redirects',
    );
    expect(s.requests.length).toBe(6);
    s.requests.length = 0;
    const e = await failure(httpRequest({ method: 'GET', url: `${s.url}/a`, redirect: 'error' }));
    expect(e.code).toBe('too_many_redirects');
    expect(s.requests).toEqual(['GET /a']);
  });

  it('classifies connection refused and DNS failure, naming the host', async () => {
    const port = await closedPort();
    expectCode(
      await failure(httpRequest({ method: 'GET', url: `http://127.0.0.1:${port}/` })),
      'refused',
      `127.0.0.1:${port}`,
    );
    const dns = await failure(httpRequest({ method: 'GET', url: 'http://kpi-target.invalid/' }));
    expectCode(dns, 'dns', 'kpi-target.invalid');
  });

  it('a caller abort is aborted, not timeout', async () => {
    const s = await server(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stop')), 100);
    const e = await failure(httpRequest({ method: 'GET', url: s.url, signal: controller.signal }));
    expect(e.code).toBe('aborted');
  });

  it('json() on a non-JSON body is bad_json with a redacted excerpt', async () => {
    const secret = 'tok-' + 'z'.repeat(40);
    registerSecret(secret);
    const s = await server((_req, res) => res.end(`<html>proxy error for ${secret}</html>`));
    const r = await httpRequest({ method: 'GET', url: s.url });
    let caught: unknown;
    try {
      r.json();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(NetError);
    expect((caught as NetError).code).toBe('bad_json');
    expect((caught as NetError).message).not.toContain('zzzz');
    expect((caught as NetError).message).toContain('***');
  });
});

describe('excerpt', () => {
  it('redacts before cutting: no prefix of a secret survives a cut through it', () => {
    const secret = 'ghp_' + 'A1b2C3d4'.repeat(5);
    registerSecret(secret);
    const text = `${'x'.repeat(180)} Bearer ${secret} trailing`;
    const cut = excerpt(text, 200);
    expect(cut.length).toBeLessThanOrEqual(200);
    expect(cut).not.toContain('ghp_');
    // Cutting first (the old order) would have left the prefix:
    expect(text.slice(0, 200)).toContain('ghp_');
  });

  it('folds onto one line', () => {
    expect(excerpt('a\n  b\r\nc')).toBe('a b c');
  });
});

describe('PageGuard', () => {
  it('throws on a repeated key, naming the label', () => {
    const g = new PageGuard({ label: 'GitHub pulls', maxPages: 10 });
    g.next('p1');
    g.next('p2');
    expect(() => g.next('p1')).toThrow(/GitHub pulls.*again/);
    expect(g.pages).toBe(2);
  });

  it('throws past maxPages', () => {
    const g = new PageGuard({ label: 'jobs', maxPages: 3 });
    for (const k of ['a', 'b', 'c']) g.next(k);
    expect(() => g.next('d')).toThrow(/more than 3 pages/);
  });
});

describe('isLoopbackUrl', () => {
  it.each([
    ['http://127.0.0.1:8080/', true],
    ['http://127.9.9.9/', true],
    ['http://localhost/', true],
    ['http://[::1]:3000/', true],
    ['http://[::ffff:127.0.0.1]/', true],
    ['http://128.0.0.1/', false],
    ['http://localhost.example.com/', false],
    ['http://10.0.0.1/', false],
    ['https://api.github.com/', false],
  ])('%s → %s', (url, expected) => {
    expect(isLoopbackUrl(new URL(url))).toBe(expected);
  });
});
