/**
 * A fake Trino (or Presto) coordinator that speaks the client REST protocol and runs the SQL on DuckDB.
 *
 * Written from the protocol's documentation, https://trino.io/docs/current/develop/client-protocol.html
 * (and https://prestodb.io/docs/current/develop/client-protocol.html for the X-Presto-* flavour):
 * - POST /v1/statement with the SQL as body answers a QueryResults document (`id`, `infoUri`, `nextUri`,
 *   `stats.state`); the client GETs `nextUri` until it is absent. The query goes QUEUED → RUNNING →
 *   FINISHED (or FAILED with an `error` object: `message`, `errorCode`, `errorName`, `errorType`, the codes
 *   of io.trino.spi.StandardErrorCode); `columns` (name, type, typeSignature) come with the first data, and
 *   `data` is split over several responses. A GET that repeats the previous token gets the same answer
 *   again (a client retrying a lost response); any other stale token is 404.
 * - DELETE on `nextUri` cancels the query (USER_CANCELED) and answers 204.
 * - Request headers X-Trino-User (required), -Catalog, -Schema, -Time-Zone, -Session (comma-separated
 *   url-encoded name=value session properties), -Prepared-Statement (name=url-encoded SQL); response headers
 *   X-Trino-Set-Session (SET SESSION) and X-Trino-Added-Prepare / X-Trino-Deallocated-Prepare.
 * - `query_max_execution_time` is honoured: past it the query fails with EXCEEDED_TIME_LIMIT ("Query
 *   exceeded the maximum execution time limit of 300.00ms").
 * - 502/503/504 and 429 (with Retry-After) come from gateways in front of Trino, not from Trino itself;
 *   `fail()` queues such answers, given before the coordinator sees the request.
 * - HTTP basic authentication (401 with WWW-Authenticate when missing or wrong), over TLS when given a
 *   key and certificate.
 */
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { DuckEngine, TrinoFailure, type QueryOutput, type Session, type TrinoColumn } from './engine.js';
import { ParameterCountError, SqlSyntaxError, lineCol, parseStatement, toDuckDb } from './sql.js';

export interface FakeTrinoOptions {
  /** Header prefix: X-Trino-* (default) or X-Presto-*. */
  flavor?: 'trino' | 'presto';
  /** Rows per data response (default 2, so results span several pages). */
  rowsPerPage?: number;
  /** QUEUED answers before the query starts (default 1). */
  queuedPolls?: number;
  /** How long a GET on a running query waits for it (Trino's long poll; default 50 ms). */
  maxWaitMs?: number;
  /** Require HTTP basic authentication with this user and password. */
  basicAuth?: { user: string; password: string };
  /** Serve HTTPS with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
  /** Ignore query_max_execution_time (to exercise a client-side cancel). Default false. */
  ignoreTimeLimit?: boolean;
}

export interface SeenRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

interface Fault {
  status: 429 | 502 | 503 | 504;
  retryAfter?: string;
  on: 'POST' | 'GET' | 'any';
}

type State = 'QUEUED' | 'RUNNING' | 'FINISHED' | 'FAILED';

interface Query {
  id: string;
  slug: string;
  token: number;
  state: State;
  queuedLeft: number;
  statement: string;
  session: Session;
  properties: Map<string, string>;
  prepared: Map<string, string>;
  output?: QueryOutput;
  error?: TrinoFailure;
  /** Data pages sent so far. */
  page: number;
  done?: Promise<void>;
  interrupt?: (reason: TrinoFailure) => void;
  timer?: NodeJS.Timeout;
  responseHeaders: Record<string, string>;
  updateType?: string;
  last?: { token: number; body: string; headers: Record<string, string> };
  canceled: boolean;
}

/** Session properties the fake knows (others fail as on a real coordinator). */
const SYSTEM_PROPERTIES = new Set([
  'query_max_execution_time',
  'query_max_run_time',
  'join_distribution_type',
]);

/** airlift Duration: a number and a unit (ns, us, ms, s, m, h, d). */
function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ns|us|ms|s|m|h|d)\s*$/.exec(text);
  if (!m) return undefined;
  const unit = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2]!]!;
  return Number(m[1]) * unit;
}

/** airlift Duration.toString: the largest unit with a value of at least 1, two decimals. */
function formatDuration(ms: number): string {
  const units: Array<[string, number]> = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
    ['ms', 1],
  ];
  const [unit, size] = units.find(([, s]) => ms >= s) ?? ['ms', 1];
  return `${(ms / size).toFixed(2)}${unit}`;
}

/** java.net.URLDecoder: '+' is a space. */
const urlDecode = (s: string): string => decodeURIComponent(s.replace(/\+/g, ' '));

function parsePairs(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(',')) {
    if (!part.trim()) continue;
    const eq = part.indexOf('=');
    if (eq < 0) throw new Error(`Invalid header value: ${part}`);
    out.set(urlDecode(part.slice(0, eq).trim()), urlDecode(part.slice(eq + 1).trim()));
  }
  return out;
}

export class FakeTrino {
  readonly requests: SeenRequest[] = [];
  readonly queries = new Map<string, Query>();
  private readonly faults: Fault[] = [];
  private counter = 0;
  url = '';

  private constructor(
    private readonly server: http.Server,
    readonly engine: DuckEngine,
    private readonly o: FakeTrinoOptions,
  ) {}

  static async start(o: FakeTrinoOptions = {}): Promise<FakeTrino> {
    const engine = await DuckEngine.create();
    const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
      fake.handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(e));
      });
    };
    const server = o.tls
      ? https.createServer({ key: o.tls.key, cert: o.tls.cert }, handler)
      : http.createServer(handler);
    const fake = new FakeTrino(server, engine, o);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake.url = `${o.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
    return fake;
  }

  private get prefix(): string {
    return this.o.flavor === 'presto' ? 'x-presto-' : 'x-trino-';
  }

  /** Answers the next `count` matching requests with a gateway status, before the coordinator sees them. */
  fail(status: Fault['status'], o: { count?: number; retryAfter?: string; on?: Fault['on'] } = {}): void {
    for (let i = 0; i < (o.count ?? 1); i++)
      this.faults.push({ status, retryAfter: o.retryAfter, on: o.on ?? 'any' });
  }

  /** Requests of one method whose path starts with the prefix. */
  seen(method: string, pathPrefix = '/v1/statement'): SeenRequest[] {
    return this.requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix));
  }

  async close(): Promise<void> {
    for (const q of this.queries.values()) {
      clearTimeout(q.timer);
      q.interrupt?.(new TrinoFailure('USER_CANCELED', 'Query was canceled'));
      await q.done?.catch(() => {});
    }
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.engine.close();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      headers[k] = Array.isArray(v) ? v.join(', ') : (v ?? '');
    const path = (req.url ?? '/').split('?')[0]!;
    const method = req.method ?? 'GET';
    this.requests.push({ method, path, headers, body });

    const faultAt = this.faults.findIndex((f) => f.on === 'any' || f.on === method);
    if (faultAt >= 0 && method !== 'DELETE') {
      const [f] = this.faults.splice(faultAt, 1);
      const h: Record<string, string> = { 'content-type': 'text/html' };
      if (f!.retryAfter !== undefined) h['retry-after'] = f!.retryAfter;
      res.writeHead(f!.status, h);
      res.end(`<html><body><h1>${f!.status}</h1>The gateway could not reach the coordinator.</body></html>`);
      return;
    }

    if (!this.authenticate(headers, res)) return;
    const base = `${this.o.tls ? 'https' : 'http'}://${headers.host}`;
    if (method === 'POST' && path === '/v1/statement') return this.submit(headers, body, base, res);
    const m = /^\/v1\/statement\/(queued|executing)\/([^/]+)\/([^/]+)\/(\d+)$/.exec(path);
    const q = m ? this.queries.get(m[2]!) : undefined;
    if (!m || !q || q.slug !== m[3]) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Query not found');
      return;
    }
    if (method === 'DELETE') {
      this.cancel(q);
      res.writeHead(204);
      res.end();
      return;
    }
    if (method !== 'GET') {
      res.writeHead(405);
      res.end();
      return;
    }
    const token = Number(m[4]);
    if (q.last && token === q.last.token) return this.send(res, q.last.body, q.last.headers);
    if (token !== q.token) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`Invalid token ${token} for query ${q.id}`);
      return;
    }
    await this.advance(q);
    this.reply(q, base, res, token);
  }

  private authenticate(headers: Record<string, string>, res: http.ServerResponse): boolean {
    const auth = this.o.basicAuth;
    if (!auth) return true;
    const m = /^Basic (.+)$/.exec(headers.authorization ?? '');
    const [user, ...rest] = m ? Buffer.from(m[1]!, 'base64').toString('utf8').split(':') : [];
    if (user === auth.user && rest.join(':') === auth.password) return true;
    res.writeHead(401, { 'www-authenticate': 'Basic realm="Trino"', 'content-type': 'text/plain' });
    res.end(m ? 'Access Denied: Invalid credentials' : 'Unauthorized');
    return false;
  }

  private submit(
    headers: Record<string, string>,
    body: string,
    base: string,
    res: http.ServerResponse,
  ): void {
    const h = (name: string): string | undefined => headers[this.prefix + name];
    const user = h('user') ?? this.o.basicAuth?.user;
    const bad = (message: string): void => {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(message);
    };
    if (!user) return bad('User must be set');
    if (this.o.basicAuth && user !== this.o.basicAuth.user) {
      res.writeHead(403, { 'content-type': 'text/plain' });
      res.end(`Access Denied: User ${this.o.basicAuth.user} cannot impersonate user ${user}`);
      return;
    }
    if (!body.trim()) return bad('SQL statement is empty');
    const timeZone = h('time-zone') ?? 'UTC';
    try {
      new Intl.DateTimeFormat('en', { timeZone });
    } catch {
      return bad(`Time zone not supported: ${timeZone}`);
    }
    let properties: Map<string, string>;
    let prepared: Map<string, string>;
    try {
      properties = parsePairs(h('session'));
      prepared = new Map([...parsePairs(h('prepared-statement'))].map(([k, v]) => [k.toLowerCase(), v]));
    } catch (e) {
      return bad((e as Error).message);
    }
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    const id = `${day}_000000_${String(++this.counter).padStart(5, '0')}_fake0`;
    const q: Query = {
      id,
      slug: `y${randomBytes(8).toString('hex')}`,
      token: 0,
      state: 'QUEUED',
      queuedLeft: this.o.queuedPolls ?? 1,
      statement: body,
      session: { catalog: h('catalog'), schema: h('schema'), timeZone },
      properties,
      prepared,
      page: 0,
      responseHeaders: {},
      canceled: false,
    };
    this.queries.set(id, q);
    this.reply(q, base, res, undefined);
  }

  /** Moves a query on by one client poll. */
  private async advance(q: Query): Promise<void> {
    if (q.state === 'QUEUED') {
      if (q.queuedLeft > 0) q.queuedLeft--;
      else this.start(q);
      return;
    }
    if (q.state === 'RUNNING' && !q.output) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        q.done,
        new Promise<void>((resolve) => (timer = setTimeout(resolve, this.o.maxWaitMs ?? 50))),
      ]);
      clearTimeout(timer);
      return;
    }
  }

  private failQuery(q: Query, error: TrinoFailure): void {
    if (q.state === 'FAILED' || q.state === 'FINISHED') return;
    clearTimeout(q.timer);
    q.state = 'FAILED';
    q.error = error;
  }

  private cancel(q: Query): void {
    q.canceled = true;
    const reason = new TrinoFailure('USER_CANCELED', 'Query was canceled');
    q.interrupt?.(reason);
    this.failQuery(q, reason);
  }

  /** Analyses the statement and starts it on DuckDB. */
  private start(q: Query): void {
    q.state = 'RUNNING';
    try {
      for (const [name, value] of q.properties) {
        if (!name.includes('.') && !SYSTEM_PROPERTIES.has(name)) {
          throw new TrinoFailure('INVALID_SESSION_PROPERTY', `Session property '${name}' does not exist`);
        }
        if (name.startsWith('query_max_') && parseDuration(value) === undefined) {
          throw new TrinoFailure('INVALID_SESSION_PROPERTY', `${name} is invalid: ${value}`);
        }
      }
      const st = parseStatement(q.statement);
      let sql: string;
      if (st.kind === 'prepare') {
        parseStatement(st.sql);
        q.responseHeaders[`${this.prefix}added-prepare`] =
          `${encodeURIComponent(st.name)}=${encodeURIComponent(st.sql)}`;
        return this.finishUpdate(q, 'PREPARE');
      } else if (st.kind === 'deallocate') {
        if (!q.prepared.has(st.name))
          throw new TrinoFailure('NOT_FOUND', `Prepared statement not found: ${st.name}`);
        q.responseHeaders[`${this.prefix}deallocated-prepare`] = encodeURIComponent(st.name);
        return this.finishUpdate(q, 'DEALLOCATE');
      } else if (st.kind === 'set_session') {
        if (!st.name.includes('.') && !SYSTEM_PROPERTIES.has(st.name)) {
          throw new TrinoFailure('INVALID_SESSION_PROPERTY', `Session property '${st.name}' does not exist`);
        }
        q.responseHeaders[`${this.prefix}set-session`] = `${st.name}=${encodeURIComponent(st.value)}`;
        return this.finishUpdate(q, 'SET SESSION');
      } else if (st.kind === 'execute') {
        const text = q.prepared.get(st.name);
        if (text === undefined)
          throw new TrinoFailure('NOT_FOUND', `Prepared statement not found: ${st.name}`);
        const inner = parseStatement(text);
        if (inner.kind !== 'query')
          throw new TrinoFailure(
            'NOT_SUPPORTED',
            `Invalid statement type for prepared statement: ${inner.kind.toUpperCase()}`,
          );
        sql = toDuckDb(
          inner.sql,
          st.params.map((p) => toDuckDb(p)),
        );
      } else {
        sql = toDuckDb(st.sql);
      }
      const { result, interrupt } = this.engine.run(sql, q.statement, q.session);
      q.interrupt = interrupt;
      q.done = result.then(
        (output) => {
          clearTimeout(q.timer);
          if (q.state === 'RUNNING') q.output = output;
        },
        (e: unknown) =>
          this.failQuery(
            q,
            e instanceof TrinoFailure ? e : new TrinoFailure('GENERIC_INTERNAL_ERROR', String(e)),
          ),
      );
      const limit = parseDuration(q.properties.get('query_max_execution_time') ?? '');
      if (limit !== undefined && !this.o.ignoreTimeLimit) {
        q.timer = setTimeout(() => {
          const reason = new TrinoFailure(
            'EXCEEDED_TIME_LIMIT',
            `Query exceeded the maximum execution time limit of ${formatDuration(limit)}`,
          );
          interrupt(reason);
          this.failQuery(q, reason);
        }, limit);
      }
    } catch (e) {
      if (e instanceof TrinoFailure) this.failQuery(q, e);
      else if (e instanceof SqlSyntaxError)
        this.failQuery(
          q,
          new TrinoFailure('SYNTAX_ERROR', `${lineCol(q.statement, e.offset)}: ${e.message}`),
        );
      else if (e instanceof ParameterCountError)
        this.failQuery(q, new TrinoFailure('INVALID_PARAMETER_USAGE', `line 1:1: ${e.message}`));
      else this.failQuery(q, new TrinoFailure('GENERIC_INTERNAL_ERROR', String(e)));
    }
  }

  private finishUpdate(q: Query, updateType: string): void {
    q.updateType = updateType;
    q.output = { columns: [], rows: [] };
    q.state = 'FINISHED';
  }

  /** Writes the QueryResults of the query's current state and remembers it for a retried GET. */
  private reply(q: Query, base: string, res: http.ServerResponse, answering: number | undefined): void {
    const doc: Record<string, unknown> = { id: q.id, infoUri: `${base}/ui/query.html?${q.id}` };
    const next = (phase: 'queued' | 'executing'): string =>
      `${base}/v1/statement/${phase}/${q.id}/${q.slug}/${q.token + 1}`;
    let columns: TrinoColumn[] | undefined;
    let data: unknown[][] | undefined;
    let state: State = q.state;
    if (q.state === 'QUEUED') {
      doc.nextUri = next('queued');
    } else if (q.state === 'RUNNING' && !q.output) {
      doc.nextUri = next('executing');
    } else if (q.output && q.state !== 'FAILED') {
      const per = Math.max(1, this.o.rowsPerPage ?? 2);
      const pages = Math.ceil(q.output.rows.length / per);
      columns = q.output.columns.length > 0 ? q.output.columns : undefined;
      if (q.page < pages) {
        data = q.output.rows.slice(q.page * per, (q.page + 1) * per);
        q.page++;
        doc.nextUri = next('executing');
        state = 'RUNNING';
      } else {
        state = q.state = 'FINISHED';
      }
    }
    if (columns) doc.columns = columns;
    if (data) doc.data = data;
    if (state === 'FAILED' && q.error) {
      const info = q.error.info();
      doc.error = {
        ...info,
        failureInfo: {
          type: 'io.trino.spi.TrinoException',
          message: info.message,
          suppressed: [],
          stack: [],
        },
      };
    }
    doc.stats = {
      state,
      queued: state === 'QUEUED',
      scheduled: state !== 'QUEUED',
      nodes: 1,
      totalSplits: 1,
      queuedSplits: 0,
      runningSplits: 0,
      completedSplits: state === 'FINISHED' ? 1 : 0,
      processedRows: q.output?.rows.length ?? 0,
    };
    doc.warnings = [];
    if (q.updateType && state === 'FINISHED') doc.updateType = q.updateType;
    const headers = state === 'FINISHED' ? q.responseHeaders : {};
    const body = JSON.stringify(doc);
    q.last = answering === undefined ? undefined : { token: answering, body, headers };
    q.token++;
    this.send(res, body, headers);
    if (state === 'FAILED' || state === 'FINISHED') this.forget(q);
  }

  /** A finished query stays known for a retried last GET, then goes. */
  private forget(q: Query): void {
    setTimeout(() => this.queries.delete(q.id), 5000).unref();
  }

  private send(res: http.ServerResponse, body: string, headers: Record<string, string>): void {
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    res.end(body);
  }
}
