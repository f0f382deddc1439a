import type { Dispatcher, EnvHttpProxyAgent } from 'undici';
import { loadUndici } from './undici.js';

/** The proxy variables as the runner sets them; undici reads the lower-case spelling first. */
const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'no_proxy', 'NO_PROXY'];

const dispatchers = new Map<string, EnvHttpProxyAgent>();

/**
 * The dispatcher for a request: direct, or through HTTPS_PROXY/HTTP_PROXY (CONNECT for https targets)
 * unless NO_PROXY names the host — undici's EnvHttpProxyAgent. One per connect deadline and proxy
 * setting, kept for the process so connections are reused; the CA store is Node's, so
 * NODE_EXTRA_CA_CERTS (a corporate proxy's CA) is trusted.
 */
export async function proxyDispatcher(connectTimeoutMs = 10_000): Promise<Dispatcher> {
  const env = PROXY_VARIABLES.map((v) => process.env[v] ?? '').join('\n');
  const key = `${connectTimeoutMs}\n${env}`;
  let dispatcher = dispatchers.get(key);
  if (!dispatcher) {
    const timeout = connectTimeoutMs;
    const undici = await loadUndici();
    dispatcher = new undici.EnvHttpProxyAgent({
      connect: { timeout },
      // Through a proxy: the deadline of the connection to the proxy and of the TLS handshake inside
      // the tunnel.
      proxyTls: { timeout },
      requestTls: { timeout },
      keepAliveTimeout: 4_000,
    });
    dispatchers.set(key, dispatcher);
  }
  return dispatcher;
}

/** The proxy configured for this URL's scheme, NO_PROXY not applied (undici: https falls back to http). */
function proxyFor(url: URL): string | undefined {
  const env = process.env;
  const http = env.http_proxy ?? env.HTTP_PROXY;
  const https = env.https_proxy ?? env.HTTPS_PROXY ?? http;
  return (url.protocol === 'https:' ? https : http) || undefined;
}

/** Closes every kept connection (tests; a CLI that wants to exit without waiting for keep-alive). */
export async function closeDispatchers(): Promise<void> {
  const all = [...dispatchers.values()];
  dispatchers.clear();
  await Promise.all(all.map((d) => d.close().catch(() => undefined)));
}

/**
 * Whether NO_PROXY (or no_proxy) exempts this URL, with undici's rules: `*` exempts everything; an entry
 * matches the host itself and its subdomains (`example.com`, `.example.com` and `*.example.com` alike);
 * `host:port` matches only that port.
 */
function noProxyFor(url: URL): boolean {
  const list = (process.env.no_proxy ?? process.env.NO_PROXY ?? '').trim();
  if (!list) return false;
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  for (const raw of list.split(/[,\s]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const m = /^(.*?)(?::(\d+))?$/.exec(entry.replace(/^\[|\](?=:|$)/g, ''))!;
    const name = (m[1] ?? '').replace(/^\*?\./, '');
    if (m[2] && Number(m[2]) !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

/**
 * The proxy URL a request to `url` goes through (HTTPS_PROXY for https, HTTP_PROXY for http, lower case
 * first; none when NO_PROXY exempts the host). For clients that take a Node agent rather than a
 * dispatcher (the AWS SDK): give them `https-proxy-agent` with this URL.
 */
export function proxyUrlFor(url: URL): string | undefined {
  const proxy = proxyFor(url);
  return proxy && !noProxyFor(url) ? proxy : undefined;
}
