import { describe, it, expect, beforeEach } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { addDays } from '../../src/dates.js';
import { readRecentDays, readStore } from '../../src/report/read.js';
import { objectKey } from '../../src/store/layout.js';
import { LocalStore } from '../../src/store/local-store.js';
import type { ObjectStore, StoredObject } from '../../src/store/object-store.js';
import { storeDay, tempDir } from './fixtures.js';

/** A real LocalStore that records the requests made through it (and can slow GETs down a little). */
class RecordingStore implements ObjectStore {
  gets: string[] = [];
  lists: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  constructor(
    readonly inner: ObjectStore,
    readonly delayMs = 0,
  ) {}
  describe(key: string): string {
    return this.inner.describe(key);
  }
  check(): Promise<void> {
    return this.inner.check();
  }
  async get(key: string): Promise<StoredObject | undefined> {
    this.gets.push(key);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
      return await this.inner.get(key);
    } finally {
      this.inFlight--;
    }
  }
  put(key: string, body: string, expected: string | undefined): Promise<void> {
    return this.inner.put(key, body, expected);
  }
  list(prefix: string): Promise<string[]> {
    this.lists.push(prefix);
    return this.inner.list(prefix);
  }
}

const n = (date: string) => Number(date.slice(8, 10)) * 3;

describe('reading the store', () => {
  let root: string;
  let local: LocalStore;
  beforeEach(async () => {
    root = await tempDir('read');
    local = new LocalStore(root);
    for (let d = '2026-01-01'; d <= '2026-01-20'; d = addDays(d, 1)) {
      if (d === '2026-01-07') continue; // a gap
      await storeDay(local, 'kpis', 'rpt.events', d, { n: n(d) });
    }
    await storeDay(local, 'kpis', 'other.thing', '2026-01-06', { v: 1 });
  });

  it('lists once and GETs only the partitions in range, in parallel', async () => {
    const store = new RecordingStore(local, 5);
    const data = await readStore(store, 'kpis', '2026-01-05', '2026-01-09', { concurrency: 3 });
    expect(store.lists).toEqual(['kpis']);
    const expected = ['2026-01-05', '2026-01-06', '2026-01-08', '2026-01-09']
      .map((d) => objectKey('kpis', 'rpt', d))
      .concat(objectKey('kpis', 'other', '2026-01-06'))
      .sort();
    expect([...store.gets].sort()).toEqual(expected);
    expect(store.maxInFlight).toBeGreaterThan(1);
    expect(store.maxInFlight).toBeLessThanOrEqual(3);
    expect([...data.keys()]).toEqual(['other', 'rpt']);
    const rpt = data.get('rpt')!;
    expect([...rpt.keys()]).toEqual(['2026-01-05', '2026-01-06', '2026-01-08', '2026-01-09']);
    expect(rpt.get('2026-01-08')!.get('rpt.events.n')).toBe(n('2026-01-08'));
  });

  it('lists only the sources asked for', async () => {
    const store = new RecordingStore(local);
    const data = await readStore(store, 'kpis', '2026-01-01', '2026-01-31', { sources: ['other', 'nodata'] });
    expect(store.lists.sort()).toEqual(['kpis/source=nodata', 'kpis/source=other']);
    expect(store.gets).toEqual([objectKey('kpis', 'other', '2026-01-06')]);
    expect(data.get('nodata')!.size).toBe(0);
  });

  it('a second object in a day’s partition is an error naming both', async () => {
    const original = local.describe(objectKey('kpis', 'rpt', '2026-01-03'));
    const copy = path.join(path.dirname(original), 'kpis (1).csv');
    await fs.copyFile(original, copy);
    await expect(readStore(local, 'kpis', '2026-01-01', '2026-01-05')).rejects.toThrow(
      `rpt 2026-01-03 is stored twice: ${copy} and ${original}`,
    );
    // Outside the range it is not read, so not an error.
    await expect(readStore(local, 'kpis', '2026-01-04', '2026-01-05')).resolves.toBeDefined();
  });

  it('an object copied to another day is an error naming both objects', async () => {
    const original = local.describe(objectKey('kpis', 'rpt', '2026-01-06'));
    const copy = local.describe(objectKey('kpis', 'rpt', '2026-01-07'));
    await fs.mkdir(path.dirname(copy), { recursive: true });
    await fs.copyFile(original, copy);
    await expect(readStore(local, 'kpis', '2026-01-07', '2026-01-07')).rejects.toThrow(
      `rpt 2026-01-06 is stored twice: ${original} and ${copy}`,
    );
  });

  it('a variable stored twice in one object is an error naming the object', async () => {
    const file = local.describe(objectKey('kpis', 'rpt', '2026-01-02'));
    const body = await fs.readFile(file, 'utf8');
    await fs.writeFile(file, body + body.split('\r\n')[1] + '\r\n');
    await expect(readStore(local, 'kpis', '2026-01-02', '2026-01-02')).rejects.toThrow(
      `${file}: rpt.events.n is stored twice`,
    );
  });

  it('readRecentDays returns the last days of one source, gaps absent', async () => {
    const store = new RecordingStore(local);
    const recent = await readRecentDays(store, 'kpis', 'rpt', '2026-01-08', 4);
    expect([...recent.keys()]).toEqual(['2026-01-05', '2026-01-06', '2026-01-08']);
    expect(recent.get('2026-01-05')!.get('rpt.events.n')).toBe(n('2026-01-05'));
    expect(store.lists).toEqual(['kpis/source=rpt']);
    expect(store.gets).toHaveLength(3);
  });
});
