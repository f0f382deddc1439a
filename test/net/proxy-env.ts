import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import * as path from 'node:path';
import { createProxy } from 'proxy';

/** A host name that never resolves (RFC 6761 reserves .invalid): reachable only through the test proxy. */
export const TARGET_HOST = 'kpi-target.invalid';

export interface TestCa {
  /** PEM of the CA, for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  cert: string;
  key: string;
}

/**
 * A throw-away CA and a server certificate for `host` it signed, made with the openssl CLI (node:crypto
 * cannot sign X.509). The CA is trusted only by processes given NODE_EXTRA_CA_CERTS=caFile.
 */
export async function makeTestCa(dir: string, host = TARGET_HOST): Promise<TestCa> {
  const f = (name: string): string => path.join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const run = (args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'pipe' });
  };
  run([
    'req',
    '-x509',
    ...ec,
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=kpi-collector test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  run(['req', ...ec, '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', `/CN=${host}`]);
  await fs.writeFile(f('ext.cnf'), `subjectAltName=DNS:${host}\nextendedKeyUsage=serverAuth\n`);
  run([
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.pem'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-out',
    f('server.pem'),
    '-days',
    '2',
    '-extfile',
    f('ext.cnf'),
  ]);
  return {
    caFile: f('ca.pem'),
    cert: await fs.readFile(f('server.pem'), 'utf8'),
    key: await fs.readFile(f('server.key'), 'utf8'),
  };
}

export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

function track(server: http.Server): () => Promise<void> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}

async function listen(server: http.Server, scheme: string, host: string): Promise<Listening> {
  const close = track(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `${scheme}://${host}:${port}`, port, close };
}

/** An https server on 127.0.0.1 presenting the test CA's certificate for TARGET_HOST. */
export function startHttpsTarget(ca: TestCa, handler: http.RequestListener): Promise<Listening> {
  return listen(https.createServer({ cert: ca.cert, key: ca.key }, handler), 'https', TARGET_HOST);
}

export interface TestProxy extends Listening {
  /** The targets of the CONNECT tunnels and the absolute-form requests it forwarded, as asked. */
  seen: string[];
}

/**
 * A real forwarding proxy (TooTallNate's `proxy`, CONNECT included) that maps `hosts` to addresses, the way
 * a corporate proxy resolves names the runner cannot: TARGET_HOST is reachable only through it.
 */
export async function startForwardingProxy(
  hosts: Record<string, string> = { [TARGET_HOST]: '127.0.0.1' },
): Promise<TestProxy> {
  const seen: string[] = [];
  const server = createProxy(http.createServer());
  const map = (target: string): string => {
    for (const [name, address] of Object.entries(hosts)) target = target.split(name).join(address);
    return target;
  };
  // Runs before the proxy's own listeners, which read req.url.
  server.prependListener('connect', (req: http.IncomingMessage) => {
    seen.push(`CONNECT ${req.url}`);
    req.url = map(req.url ?? '');
  });
  server.prependListener('request', (req: http.IncomingMessage) => {
    seen.push(`${req.method} ${req.url}`);
    req.url = map(req.url ?? '');
  });
  const l = await listen(server, 'http', '127.0.0.1');
  return { ...l, seen };
}

/**
 * An https front on 127.0.0.1 for an http fake, presenting the test CA's certificate for TARGET_HOST: the
 * fake as a TLS-only API would be. Absolute URLs the fake writes in Link headers are rewritten to the
 * front's public URL, as a real API writes its own origin.
 */
export async function startTlsFront(ca: TestCa, target: string): Promise<Listening> {
  const base = new URL(target);
  let publicUrl = '';
  const front = await startHttpsTarget(ca, (req, res) => {
    // The fake sees its own host (it writes absolute URLs of the origin asked); they are rewritten back.
    const headers = { ...req.headers, host: base.host };
    const up = http.request(
      { host: base.hostname, port: base.port, method: req.method, path: req.url, headers },
      (r) => {
        const headers = { ...r.headers };
        if (typeof headers.link === 'string') headers.link = headers.link.split(base.origin).join(publicUrl);
        res.writeHead(r.statusCode ?? 502, headers);
        r.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  publicUrl = front.url;
  return front;
}
