import { promises as fs } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { UserError } from '../errors.js';
import { ConflictError, type ObjectStore, type StoredObject } from './object-store.js';

/** A write holds the lock for milliseconds: one older than this was left by a killed run. */
const LOCK_STALE_MS = 10_000;

/**
 * The layout in a local folder. A write goes to a temporary file in the same folder and is renamed over
 * the object, so a reader never sees half a file. A lock file (created exclusively) makes the
 * compare-and-write atomic between processes on the same machine.
 */
export class LocalStore implements ObjectStore {
  constructor(readonly root: string) {}

  describe(key: string): string {
    return path.join(this.root, ...key.split('/'));
  }

  /** Checks that the folder, or the nearest one above it that exists, is a writable folder; creates nothing. */
  async check(): Promise<void> {
    const fail = () =>
      new UserError(`output-dir: ${this.root} cannot be created or written; choose a writable folder`);
    let dir = this.root;
    for (;;) {
      const stat = await fs.stat(dir).catch(() => undefined);
      if (stat) {
        if (!stat.isDirectory()) throw fail();
        await fs.access(dir, fs.constants.W_OK).catch(() => {
          throw fail();
        });
        return;
      }
      const up = path.dirname(dir);
      if (up === dir) throw fail();
      dir = up;
    }
  }

  async get(key: string): Promise<StoredObject | undefined> {
    try {
      const body = await fs.readFile(this.describe(key), 'utf8');
      return { body, version: hash(body) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async put(key: string, body: string, expected: string | undefined): Promise<void> {
    const file = this.describe(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const release = await lock(`${file}.lock`);
    try {
      const current = await this.get(key);
      if (current?.version !== expected)
        throw new ConflictError(`${file} changed while it was being written`);
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await fs.writeFile(tmp, body, { flag: 'wx' });
        await fs.rename(tmp, file);
      } catch (e) {
        await fs.rm(tmp, { force: true });
        throw e;
      }
    } finally {
      await release();
    }
  }

  async list(prefix: string): Promise<string[]> {
    const base = this.describe(prefix);
    const out: string[] = [];
    async function walk(dir: string, rel: string): Promise<void> {
      let entries: import('node:fs').Dirent[];
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw e;
      }
      for (const e of entries) {
        const r = `${rel}/${e.name}`;
        if (e.isDirectory()) await walk(path.join(dir, e.name), r);
        else if (e.isFile() && e.name.endsWith('.csv')) out.push(r);
      }
    }
    await walk(base, prefix);
    return out.sort();
  }
}

function hash(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

async function lock(file: string): Promise<() => Promise<void>> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const handle = await fs.open(file, 'wx');
      await handle.close();
      return () => fs.rm(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const stat = await fs.stat(file).catch(() => undefined);
      if (stat && Date.now() - stat.mtimeMs > LOCK_STALE_MS) await fs.rm(file, { force: true });
      else if (Date.now() > deadline)
        throw new Error(`${file} is held by another run for more than 30 s`, { cause: e });
      else await new Promise((r) => setTimeout(r, 25 + Math.random() * 50));
    }
  }
}
