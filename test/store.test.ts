import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { formatCsv, parseCsv, type StoredRow } from '../src/store/csv.js';
import { objectKey, parseKey } from '../src/store/layout.js';
import { LocalStore } from '../src/store/local-store.js';
import type { ObjectStore } from '../src/store/object-store.js';
import { S3Store } from '../src/store/s3-store.js';
import { writeDay } from '../src/store/writer.js';
import { startS3, type LocalS3 } from './helpers/s3.js';
import { tempDir } from './helpers/run-cli.js';

const AT = '2026-11-28T01:00:00Z';
const row = (variable: string, value: number, date = '2026-11-27', at = AT): StoredRow => ({
  date,
  source: 'testsrc',
  variable,
  value,
  collected_at: at,
});

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(async () => {
  await s3.stop();
});

describe('csv and layout', () => {
  it('writes RFC 4180 with the long-format header and reads it back', () => {
    const rows = [row('testsrc.a.count', 3), row('testsrc.a.seconds', 12.5), row('testsrc.b.delta', -4)];
    const text = formatCsv(rows);
    expect(text.split('\r\n')[0]).toBe('date,source,variable,value,collected_at');
    expect(text).toContain('2026-11-27,testsrc,testsrc.a.seconds,12.5,2026-11-28T01:00:00Z\r\n');
    expect(parseCsv(text, 'x')).toEqual(rows);
    expect(parseCsv('date,source,variable,value\n"2026-11-27",testsrc,"testsrc.a.b",1\n', 'x')).toEqual([
      { date: '2026-11-27', source: 'testsrc', variable: 'testsrc.a.b', value: 1, collected_at: '' },
    ]);
  });

  it('refuses anything that is not a number or a validated id', () => {
    expect(() => formatCsv([row('testsrc.a.x', Number.NaN)])).toThrow('not a finite number');
    expect(() => formatCsv([row('=cmd|calc', 1)])).toThrow('not a dotted id');
    expect(() => formatCsv([row('other.a.b', 1)])).toThrow('not a dotted id of source testsrc');
    expect(() => parseCsv('a,b\n', 'obj')).toThrow(
      'obj: header does not begin with date,source,variable,value',
    );
    expect(() => parseCsv('date,source,variable,value\n2026-11-27,t,t.a,abc\n', 'obj')).toThrow('record 2');
  });

  it('lays objects out in Hive partitions', () => {
    const key = objectKey('team/kpis', 'databricks', '2026-11-27');
    expect(key).toBe('team/kpis/source=databricks/date=2026-11-27/kpis.csv');
    expect(parseKey(key)).toEqual({ prefix: 'team/kpis', source: 'databricks', date: '2026-11-27' });
  });
});

const stores: Array<[string, () => Promise<ObjectStore>]> = [
  ['s3', async () => new S3Store({ bucket: s3.bucket, endpoint: s3.endpoint, region: 'us-east-1' })],
  ['local', async () => new LocalStore(await tempDir())],
];

describe.each(stores)('writeDay on %s', (name, make) => {
  const prefix = `t-${name}-${Date.now()}`;
  const kpisOf = (text: string) => parseCsv(text, 'x').map((r) => `${r.variable}=${r.value}`);

  it('replaces a day on re-run, never duplicates, and keeps KPIs a subset run did not collect', async () => {
    const store = await make();
    await store.check();
    const both = new Set(['testsrc.a', 'testsrc.b']);
    await writeDay(
      store,
      prefix,
      'testsrc',
      '2026-11-27',
      [row('testsrc.a.n', 1), row('testsrc.b.n', 2)],
      both,
    );
    const again = await writeDay(
      store,
      prefix,
      'testsrc',
      '2026-11-27',
      [row('testsrc.a.n', 1), row('testsrc.b.n', 2)],
      both,
    );
    expect(again).toMatchObject({ written: 2, kept: 0 });
    const key = objectKey(prefix, 'testsrc', '2026-11-27');
    expect(kpisOf((await store.get(key))!.body)).toEqual(['testsrc.a.n=1', 'testsrc.b.n=2']);

    // A subset re-run (only testsrc.a, new value) keeps testsrc.b's row as it was.
    const subset = await writeDay(
      store,
      prefix,
      'testsrc',
      '2026-11-27',
      [row('testsrc.a.n', 5, '2026-11-27', '2026-11-29T00:00:00Z')],
      new Set(['testsrc.a']),
    );
    expect(subset).toMatchObject({ written: 1, kept: 1 });
    const after = parseCsv((await store.get(key))!.body, 'x');
    expect(after.map((r) => `${r.variable}=${r.value}@${r.collected_at}`)).toEqual([
      'testsrc.a.n=5@2026-11-29T00:00:00Z',
      `testsrc.b.n=2@${AT}`,
    ]);

    // A KPI whose components changed loses its old components (it was collected, so it is replaced whole).
    await writeDay(store, prefix, 'testsrc', '2026-11-27', [row('testsrc.b.m', 9)], new Set(['testsrc.b']));
    expect(kpisOf((await store.get(key))!.body)).toEqual(['testsrc.a.n=5', 'testsrc.b.m=9']);
  });

  it('keeps rows of an object written without collected_at, and names a corrupt object', async () => {
    const store = await make();
    const key = objectKey(prefix, 'testsrc', '2026-11-20');
    await store.put(
      key,
      'date,source,variable,value\r\n2026-11-20,testsrc,testsrc.old.count,4\r\n',
      undefined,
    );
    await writeDay(
      store,
      prefix,
      'testsrc',
      '2026-11-20',
      [row('testsrc.a.n', 1, '2026-11-20')],
      new Set(['testsrc.a']),
    );
    expect(kpisOf((await store.get(key))!.body)).toEqual(['testsrc.a.n=1', 'testsrc.old.count=4']);
    const bad = objectKey(prefix, 'testsrc', '2026-11-21');
    await store.put(bad, 'date,source,variable,value\r\n2026-11-21,testsrc,=HYPERLINK(x),4\r\n', undefined);
    await expect(
      writeDay(
        store,
        prefix,
        'testsrc',
        '2026-11-21',
        [row('testsrc.a.n', 1, '2026-11-21')],
        new Set(['testsrc.a']),
      ),
    ).rejects.toThrow(
      `${store.describe(bad)}: row variable '=HYPERLINK(x)' is not a dotted id of source testsrc; fix or remove the object`,
    );
  });

  it('detects a concurrent change through the version it read', async () => {
    const store = await make();
    const key = objectKey(prefix, 'testsrc', '2026-11-26');
    await store.put(key, formatCsv([row('testsrc.a.n', 1, '2026-11-26')]), undefined);
    const v1 = (await store.get(key))!.version;
    await store.put(key, formatCsv([row('testsrc.a.n', 2, '2026-11-26')]), v1);
    const v2 = (await store.get(key))!.version;
    expect(v2).not.toBe(v1);
    if (name === 'local') {
      // The local store honours the condition; s3rver ignores conditional writes (see docs/STORAGE.md).
      await expect(store.put(key, 'x', v1)).rejects.toThrow('changed while it was being written');
      await expect(store.put(key, 'x', undefined)).rejects.toThrow('changed while it was being written');
    }
    expect(await store.list(prefix)).toContain(key);
  });
});

describe('stores refuse what they cannot use', () => {
  it('names a bucket that does not exist', async () => {
    const store = new S3Store({
      bucket: 'no-such-bucket',
      endpoint: s3.endpoint,
      region: 'us-east-1',
      maxAttempts: 1,
    });
    await expect(store.check()).rejects.toThrow("s3-bucket: bucket 'no-such-bucket' does not exist");
  });

  it('stores the object byte for byte through a custom endpoint (no aws-chunked framing)', async () => {
    const store = new S3Store({ bucket: s3.bucket, endpoint: s3.endpoint });
    const body = formatCsv([row('testsrc.a.n', 1)]);
    await store.put('raw/source=testsrc/date=2026-11-27/kpis.csv', body, undefined);
    expect(await s3.read('raw/source=testsrc/date=2026-11-27/kpis.csv')).toBe(body);
  });

  it('names a folder that cannot be created', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'file');
    await fs.writeFile(file, 'x');
    await expect(new LocalStore(path.join(file, 'sub')).check()).rejects.toThrow('output-dir:');
  });
});

describe('a silent S3 endpoint never hangs a run', () => {
  it('the bucket check gives up at its deadline with one line naming the input', async () => {
    const net = await import('node:net');
    const sockets: import('node:net').Socket[] = [];
    const silent = net.createServer((s) => void sockets.push(s)); // accepts, never answers
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    const store = new S3Store({ bucket: 'kpis', endpoint: `http://127.0.0.1:${port}`, checkTimeoutMs: 800 });
    const t0 = Date.now();
    await expect(store.check()).rejects.toThrow(
      "s3-bucket: bucket 'kpis' did not answer within 0.8 s; check s3-endpoint",
    );
    expect(Date.now() - t0).toBeLessThan(5000);
    for (const s of sockets) s.destroy();
    await new Promise((r) => silent.close(r));
  });

  it('a cancelled run aborts a request in flight', async () => {
    const net = await import('node:net');
    const sockets: import('node:net').Socket[] = [];
    const silent = net.createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    const controller = new AbortController();
    const store = new S3Store({
      bucket: 'kpis',
      endpoint: `http://127.0.0.1:${port}`,
      signal: controller.signal,
    });
    const t0 = Date.now();
    const put = store.put('k/source=t/date=2026-11-01/kpis.csv', 'x', undefined);
    setTimeout(() => controller.abort(new Error('cancelled by SIGTERM')), 200);
    await expect(put).rejects.toThrow();
    expect(Date.now() - t0).toBeLessThan(5000);
    for (const s of sockets) s.destroy();
    await new Promise((r) => silent.close(r));
  });
});
