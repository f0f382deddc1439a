import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as http from 'node:http';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import S3rver from 's3rver';
import { collectAndStore } from '../../src/engine.js';
import { Inputs, parseInputs } from '../../src/inputs.js';
import { MemoryLogger } from '../../src/log.js';
import { S3Store } from '../../src/store/s3-store.js';
import { startS3, type LocalS3 } from '../helpers/s3.js';
import { tempDir, TEST_SECRETS } from '../helpers/run-cli.js';
import { TEST_SOURCES, expectedCount } from '../helpers/test-source.js';
import { TARGET_HOST, startForwardingProxy } from './proxy-env.js';
import { startServer, type TestServer } from './servers.js';

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(async () => {
  await s3.stop();
});

/**
 * An S3 endpoint that answers HeadBucket (the check before collecting) through to s3rver and then never
 * answers anything else: the store that goes silent in the middle of a run.
 */
async function silentAfterCheck(): Promise<TestServer> {
  const target = new URL(s3.endpoint);
  return startServer((req, res) => {
    if (req.method !== 'HEAD') return; // silent
    const up = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
}

const fastStore = (endpoint: string, over: Partial<ConstructorParameters<typeof S3Store>[0]> = {}): S3Store =>
  new S3Store({
    bucket: s3.bucket,
    endpoint,
    maxAttempts: 2,
    // Long enough for the forwarded bucket check on a loaded machine, short enough for a quick test.
    requestTimeoutMs: 1_000,
    operationTimeoutMs: 4_000,
    ...over,
  });

describe('S3 transport (issue 14, item 1)', () => {
  it('item 1: a GET to a silent endpoint ends within its deadline with a clear error; later calls fail at once', async () => {
    const silent = await silentAfterCheck();
    try {
      const store = fastStore(silent.url);
      await store.check();
      await expect(store.get('a/b.csv')).rejects.toThrow(
        /S3 GET s3:\/\/kpis-test\/a\/b.csv: no answer within/,
      );
      const before = silent.requests.length;
      await expect(store.put('a/c.csv', 'x', undefined)).rejects.toThrow(
        /unreachable for the rest of the run/,
      );
      expect(silent.requests.length).toBe(before);
    } finally {
      await silent.close();
    }
  });

  it('item 1: requestTimeout throws (retried by the SDK) rather than only warning', async () => {
    const silent = await silentAfterCheck();
    try {
      // An operation budget far above two attempts: the error comes from the SDK's requestTimeout.
      const store = fastStore(silent.url, { operationTimeoutMs: 30_000 });
      await expect(store.get('a/b.csv')).rejects.toThrow(/no answer within 1 s, 2 attempt/);
      expect(silent.requests.filter((r) => r.startsWith('GET'))).toHaveLength(2);
    } finally {
      await silent.close();
    }
  });

  it('item 1: a silent store ends the run with the rows saved and a clear error', async () => {
    const silent = await silentAfterCheck();
    const dir = await tempDir();
    try {
      const values: Record<string, string> = {
        [Inputs.Source]: 'testsrc',
        [Inputs.StartDate]: '2026-11-01',
        [Inputs.EndDate]: '2026-11-03',
        [Inputs.S3Bucket]: s3.bucket,
        'databricks-host': TEST_SECRETS.DATABRICKS_HOST,
        'databricks-token': TEST_SECRETS.DATABRICKS_TOKEN,
      };
      const options = parseInputs((n) => values[n] ?? '', { sources: TEST_SOURCES, cwd: dir });
      const report = await collectAndStore(options, {
        sources: TEST_SOURCES,
        log: new MemoryLogger(),
        env: { RUNNER_TEMP: dir },
        cwd: dir,
        stores: () => [fastStore(silent.url)],
      });
      expect(report.writeErrors.join('\n')).toMatch(/no answer within .*unreachable for the rest of the run/);
      expect(report.unwrittenDays).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
      expect(report.savedDir).toBeDefined();
      const saved = (await fs.readdir(report.savedDir!, { recursive: true })).filter((f) =>
        String(f).endsWith('.csv'),
      );
      expect(saved).toHaveLength(3);
      const day2 = saved.find((f) => String(f).includes('2026-11-02'))!;
      const text = await fs.readFile(path.join(report.savedDir!, String(day2)), 'utf8');
      expect(text).toContain(`testsrc.events.count,${expectedCount('2026-11-02')}`);
    } finally {
      await silent.close();
    }
  });

  it('the defaults end a silent store within three minutes: check and one operation', () => {
    const store = new S3Store({ bucket: 'b' });
    const check = store.options.checkTimeoutMs ?? 20_000;
    const operation = store.options.operationTimeoutMs ?? 90_000;
    expect(check + operation).toBeLessThan(180_000);
  });

  it('item 2: an object larger than the read cap is refused, not buffered', async () => {
    const store = new S3Store({ bucket: s3.bucket, endpoint: s3.endpoint, maxObjectBytes: 1_000 });
    await store.put('cap/big.csv', 'x'.repeat(5_000), undefined);
    await expect(store.get('cap/big.csv')).rejects.toThrow(/5000 bytes, more than the 1000 read back/);
  });
});

describe('S3 through HTTP_PROXY', () => {
  it('reaches an endpoint that resolves only at the proxy, and NO_PROXY bypasses it', async () => {
    // Its own s3rver, told not to read the bucket from the Host header (which names TARGET_HOST here).
    const directory = await tempDir('s3rver-');
    const server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory,
      vhostBuckets: false, // an s3rver option its type declarations omit
      configureBuckets: [{ name: s3.bucket }],
    } as ConstructorParameters<typeof S3rver>[0]);
    const { port } = await server.run();
    const proxy = await startForwardingProxy();
    const saved = { ...process.env };
    try {
      const endpoint = `http://${TARGET_HOST}:${port}`;
      process.env.HTTP_PROXY = proxy.url;
      const store = new S3Store({ bucket: s3.bucket, endpoint, maxAttempts: 1 });
      await store.put('proxy/day.csv', 'date,source,variable,value\n', undefined);
      expect((await store.get('proxy/day.csv'))?.body).toBe('date,source,variable,value\n');
      expect(proxy.seen.some((l) => l.includes(TARGET_HOST))).toBe(true);

      process.env.NO_PROXY = TARGET_HOST;
      const direct = new S3Store({ bucket: s3.bucket, endpoint, maxAttempts: 1, operationTimeoutMs: 5_000 });
      const seen = proxy.seen.length;
      await expect(direct.get('proxy/day.csv')).rejects.toThrow(/ENOTFOUND|EAI_AGAIN|getaddrinfo/);
      expect(proxy.seen.length).toBe(seen);
    } finally {
      process.env = saved;
      await proxy.close();
      await server.close();
      await fs.rm(directory, { recursive: true, force: true });
    }
  });
});
