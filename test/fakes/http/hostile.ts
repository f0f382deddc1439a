/**
 * Servers that misbehave the way real networks and APIs do, for the http source's guarantees: a wrong
 * content type (an HTML login or proxy page with status 200), a body far larger than the cap, endless
 * paging (fresh tokens and fresh Link URLs forever), a repeated token, bursts of 429 with Retry-After
 * (RFC 9110 §10.2.3, https://www.rfc-editor.org/rfc/rfc9110#field.retry-after; RFC 6585 §4), 503 and
 * 500, an error body that echoes the credentials, a redirect to another host, a body that never ends, and a Link rel="next" to
 * another host. `other` is that other host: it records whatever reaches it, which must be nothing.
 */
import { sendJson, startFake, type FakeServer } from './server.js';

export interface HostileFake extends FakeServer {
  other: FakeServer;
  /** Answers of /burst/<key> so far, by key. */
  hits: Map<string, number>;
}

export async function startHostile(o: { burst: number; hugeBytes: number }): Promise<HostileFake> {
  const other = await startFake((_req, res) => sendJson(res, 200, { count: 666 }));
  const hits = new Map<string, number>();
  const server = await startFake((req, res, origin) => {
    const url = new URL(req.url, origin);
    const parts = url.pathname.split('/').filter(Boolean);
    switch (parts[0]) {
      case 'ok':
        return sendJson(res, 200, { count: 5 });
      case 'html':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end('<!doctype html><html><body><form action="/login">Sign in</form></body></html>');
      case 'huge': {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        let sent = 0;
        const pump = (): void => {
          while (sent < o.hugeBytes) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end('{}');
        };
        res.on('close', () => (sent = o.hugeBytes));
        return pump();
      }
      case 'endless': {
        // Token paging: a new token every page, forever; and a Link to a new page, forever.
        const n = Number(url.searchParams.get('page') ?? 1);
        const next = new URL(url);
        next.searchParams.set('page', String(n + 1));
        return sendJson(res, 200, { items: [n], next: `t${n + 1}` }, { link: `<${next}>; rel="next"` });
      }
      case 'repeat':
        return sendJson(
          res,
          200,
          { items: [1], next: 'same-token' },
          { link: `<${origin}/repeat>; rel="next"` },
        );
      case 'burst': {
        const key = parts[1] ?? '';
        const n = (hits.get(key) ?? 0) + 1;
        hits.set(key, n);
        if (n <= o.burst) {
          return sendJson(res, 429, { message: 'rate limited' }, { 'retry-after': '1' });
        }
        return sendJson(res, 200, { count: 7 });
      }
      case 'unavailable':
        return sendJson(res, 503, { message: 'maintenance' }, { 'retry-after': '1' });
      case 'echo-error':
        // Echoes the credentials it was sent into an error page, as badly written services do.
        res.writeHead(500, { 'content-type': 'text/plain' });
        return res.end(
          `internal error while handling Authorization: ${req.headers.authorization ?? ''} … trace`,
        );
      case 'slow':
        // Headers at once, then a body that never ends: only the total deadline stops it.
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.write('{"count": ');
      case 'redirect':
        res.writeHead(302, { location: `${other.origin}/steal?from=redirect` });
        return res.end();
      case 'link-other':
        return sendJson(res, 200, { items: [1] }, { link: `<${other.origin}/steal?from=link>; rel="next"` });
      default:
        return sendJson(res, 404, { message: 'Not Found' });
    }
  });
  return {
    ...server,
    other,
    hits,
    close: async () => {
      await Promise.all([server.close(), other.close()]);
    },
  };
}
