/**
 * Issue 14 item 6: PostgreSQL credentials. Against a real PostgreSQL that speaks TLS (a certificate from a
 * test CA made here with openssl) and asks for the password in clear text (pg_hba `password`):
 * TLS is required for a host that is not this machine unless the URL says otherwise, the password is never
 * sent in clear text over an unencrypted connection, and a malformed URL names the postgres-url input.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pg from 'pg';
import { UserError } from '../../src/errors.js';
import { MemoryLogger } from '../../src/log.js';
import { CLEARTEXT_REFUSED, isLocalHost, parsePostgresUrl } from '../../src/sources/postgres/driver.js';
import { postgresSource } from '../../src/sources/postgres/index.js';
import type { SqlSettings } from '../../src/sources/sql/config.js';
import type { SqlRun } from '../../src/sources/sql/engine.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';

let server: TestPostgres;
let certs: string;
let ca: string;
const clients: SqlRun[] = [];

/** A CA and a server certificate for 127.0.0.1 signed by it (openssl, as on any runner). */
async function makeCertificates(dir: string): Promise<{ ca: string; cert: string; key: string }> {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=kpi test CA',
  );
  ssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=127.0.0.1',
  );
  await fs.writeFile(path.join(dir, 'san.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  ssl(
    'x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
    '-out', 'server.pem', '-days', '2', '-extfile', 'san.cnf',
  ); // prettier-ignore
  const read = (f: string) => fs.readFile(path.join(dir, f), 'utf8');
  return { ca: path.join(dir, 'ca.pem'), cert: await read('server.pem'), key: await read('server.key') };
}

beforeAll(async () => {
  certs = await fs.mkdtemp(path.join(os.tmpdir(), 'kpi-pg-certs-'));
  const made = await makeCertificates(certs);
  ca = made.ca;
  server = await startPostgres({
    authMethod: 'password', // the server asks for the password in clear text
    files: { 'server.pem': made.cert, 'server.key': made.key },
    settings: {
      ssl: 'on',
      ssl_cert_file: 'server.pem', // relative to the data directory, where the helper writes `files`
      ssl_key_file: 'server.key',
      log_connections: 'on',
    },
  });
});
afterAll(async () => {
  for (const c of clients) await c.driver.close().catch(() => {});
  await server?.stop();
  await fs.rm(certs, { recursive: true, force: true });
});

async function connect(url: string): Promise<SqlRun> {
  const client = await postgresSource.createRun({
    inputs: { 'postgres-url': url },
    settings: postgresSource.settings.parse({ connect_timeout_seconds: 5 }) as SqlSettings,
    log: new MemoryLogger(),
    signal: new AbortController().signal,
    env: {},
    timeZone: 'UTC',
  });
  clients.push(client);
  return client;
}

const withQuery = (query: string, host = '127.0.0.1') => {
  const u = new URL(server.url);
  u.hostname = host;
  u.search = query;
  return u.toString();
};

/** Whether the query's own session is encrypted, by the server's account (pg_stat_ssl). */
async function sessionIsTls(client: SqlRun): Promise<boolean> {
  const r = await client.driver.query({
    sql: 'select case when ssl then 1 else 0 end as tls from pg_stat_ssl where pid = pg_backend_pid()',
    binds: {},
    timeoutMs: 5000,
    timeZone: 'UTC',
  });
  return r.rows[0]![0] === 1;
}

const authorized = () => server.logs().filter((l) => /connection authorized: user=kpi/.test(l)).length;

describe('issue 14 item 6: PostgreSQL credentials', () => {
  it('classifies hosts: only this machine may go without TLS by default', () => {
    for (const host of ['localhost', '127.0.0.1', '127.10.0.3', '[::1]', 'db.localhost'])
      expect([host, isLocalHost(host)]).toEqual([host, true]);
    for (const host of [
      'db.example.com',
      '10.0.0.5',
      '0.0.0.0',
      '[::ffff:10.0.0.5]',
      '128.0.0.1',
      'localhost.evil.com',
    ])
      expect([host, isLocalHost(host)]).toEqual([host, false]);
    const tls = (url: string) => parsePostgresUrl(url).tls;
    expect(tls('postgres://u:p@db.example.com/shop')).toBe('required');
    expect(tls('postgres://u:p@db.example.com/shop?sslmode=disable')).toBe('url');
    expect(tls('postgres://u:p@db.example.com/shop?ssl=false')).toBe('url');
    expect(tls('postgres://u:p@db.example.com/shop?sslmode=verify-full')).toBe('url');
    expect(tls('postgres://u:p@127.0.0.1/shop')).toBe('local');
    expect(tls('postgres://u:p@localhost/shop?host=/var/run/postgresql')).toBe('local');
    expect(tls('postgres://u:p@localhost/shop?host=db.example.com')).toBe('required');
  });

  it('a host that is not loopback gets TLS with the certificate checked when the URL says nothing', async () => {
    // 0.0.0.0 reaches this machine's 127.0.0.1 listener on Linux, yet it is no loopback name: it stands for
    // a remote host here. The server's certificate is for 127.0.0.1 from a CA the system does not trust.
    const before = authorized();
    const e = await connect(withQuery('', '0.0.0.0')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).toMatch(
      /^postgres-url: cannot connect to 0\.0\.0\.0:\d+\/postgres as kpi: .*certificate/,
    );
    expect(authorized()).toBe(before);
    // With the CA given (and the host name the certificate names), the same server is reached over TLS.
    const client = await connect(withQuery(`?sslmode=verify-full&sslrootcert=${encodeURIComponent(ca)}`));
    expect(await sessionIsTls(client)).toBe(true);
  });

  it('the URL may say otherwise explicitly: sslmode=disable to a non-loopback host is plain, and cleartext is then refused', async () => {
    const before = authorized();
    const e = await connect(withQuery('?sslmode=disable', '0.0.0.0')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    // The TCP connection was made without TLS (the server asked for the password): the password stayed here.
    expect((e as Error).message).toBe(
      `postgres-url: cannot connect to 0.0.0.0:${server.port}/postgres as kpi: ${CLEARTEXT_REFUSED}`,
    );
    expect(authorized()).toBe(before);
  });

  it('never sends the password in clear text over an unencrypted connection (loopback included), but does over TLS', async () => {
    const before = authorized();
    const e = await connect(withQuery('')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).toContain(CLEARTEXT_REFUSED);
    expect((e as Error).message).not.toContain(server.password);
    expect(authorized()).toBe(before);
    // pg itself would send it: the same URL through a plain pg.Client gets in.
    const plain = new pg.Client(withQuery(''));
    await plain.connect();
    await plain.end();
    expect(authorized()).toBe(before + 1);
    // Over TLS the server's cleartext request is honoured (LDAP/PAM servers need it).
    const client = await connect(withQuery(`?sslmode=verify-full&sslrootcert=${encodeURIComponent(ca)}`));
    expect(await sessionIsTls(client)).toBe(true);
  });

  it('a malformed percent escape (%zz) names the postgres-url input, not the value', async () => {
    for (const url of [
      'postgres://kpi:pa%zzss@db.example.com/shop',
      'postgres://k%zzpi:secret@db.example.com/shop',
      'postgres://kpi:secret@db.example.com/sh%zzop',
    ]) {
      const e = await connect(url).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(UserError);
      expect((e as Error).message).toMatch(
        /^postgres-url: the (password|user name|database name) has a malformed percent escape/,
      );
      expect((e as Error).message).not.toMatch(/pa%zzss|secret|%zz/);
    }
  });
});
