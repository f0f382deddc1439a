import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import {
  TARGET_HOST,
  makeTestCa,
  startForwardingProxy,
  startHttpsTarget,
  type Listening,
  type TestCa,
  type TestProxy,
} from './proxy-env.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'test', 'net', 'fixtures', 'request.ts');

/** Runs one httpRequest in a child node (the proxy variables and NODE_EXTRA_CA_CERTS are read at start). */
async function requestInChild(url: string, env: Record<string, string>): Promise<Record<string, unknown>> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(https?_proxy|no_proxy|NODE_OPTIONS)$/i.test(k)),
  );
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', SCRIPT, url], {
    cwd: ROOT,
    env: { ...clean, ...env },
    timeout: 30_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

let dir: string;
let ca: TestCa;
let target: Listening;
let proxy: TestProxy;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kpi-proxy-'));
  ca = await makeTestCa(dir);
  target = await startHttpsTarget(ca, (req, res) => res.end(`hello ${req.url}`));
  proxy = await startForwardingProxy();
});
afterAll(async () => {
  await target?.close();
  await proxy?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('httpRequest through HTTPS_PROXY', () => {
  it('reaches an https host that resolves only at the proxy, via CONNECT, trusting NODE_EXTRA_CA_CERTS', async () => {
    const url = `${target.url}/ping`;
    const out = await requestInChild(url, { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: ca.caFile });
    expect(out).toEqual({ status: 200, body: 'hello /ping' });
    expect(proxy.seen).toContain(`CONNECT ${TARGET_HOST}:${target.port}`);
  });

  it('honours the lower-case https_proxy too', async () => {
    proxy.seen.length = 0;
    const out = await requestInChild(`${target.url}/lower`, {
      https_proxy: proxy.url,
      NODE_EXTRA_CA_CERTS: ca.caFile,
    });
    expect(out).toEqual({ status: 200, body: 'hello /lower' });
    expect(proxy.seen).toEqual([`CONNECT ${TARGET_HOST}:${target.port}`]);
  });

  it('without the proxy the host does not resolve (dns, naming it): the target is reachable only through it', async () => {
    const out = await requestInChild(`${target.url}/`, { NODE_EXTRA_CA_CERTS: ca.caFile });
    expect(out.code).toBe('dns');
    expect(out.message).toContain(TARGET_HOST);
  });

  it('NO_PROXY naming the host bypasses the proxy', async () => {
    proxy.seen.length = 0;
    const out = await requestInChild(`${target.url}/`, {
      HTTPS_PROXY: proxy.url,
      NO_PROXY: `localhost,${TARGET_HOST}`,
      NODE_EXTRA_CA_CERTS: ca.caFile,
    });
    expect(out.code).toBe('dns');
    expect(proxy.seen).toEqual([]);
  });

  it('without NODE_EXTRA_CA_CERTS the test CA is not trusted', async () => {
    const out = await requestInChild(`${target.url}/`, { HTTPS_PROXY: proxy.url });
    expect(out.code).toBe('network');
    expect(String(out.message)).toMatch(/certificate/i);
  });
});
