/**
 * A faithful local fake of the Databricks SQL Statement Execution API 2.0 and the two workspace calls the
 * statement client makes around it, written from the public reference (docs.databricks.com/api/workspace/
 * statementexecution; databricks-sdk-go service/sql interface.go and model.go, which carry the same text):
 *
 * - POST /api/2.0/sql/statements  {statement, warehouse_id, parameters: [{name, value, type}], wait_timeout,
 *   on_wait_timeout, disposition, format}. `wait_timeout` is `Ns` with N = 0 or 5..50 (default 10s); anything
 *   else is a 400 INVALID_PARAMETER_VALUE. With N > 0 the call blocks up to N s: a statement finished by then
 *   is answered in full (status, manifest, result), otherwise `on_wait_timeout` decides: CONTINUE (default)
 *   answers {statement_id, status} and the statement goes on; CANCEL cancels it and answers CANCELED. `0s`
 *   answers at once with PENDING. Only INLINE + JSON_ARRAY (the defaults) are served; EXTERNAL_LINKS is a 400
 *   here (the fake has no cloud storage).
 * - GET /api/2.0/sql/statements/{id}  status; once SUCCEEDED also `manifest` (format, schema {column_count,
 *   columns [{name, position, type_name, type_text, type_precision, type_scale}]}, total_chunk_count,
 *   total_row_count, chunks, truncated) and `result` (the first chunk). Terminal states FAILED / CANCELED /
 *   CLOSED are answered with 200; an unknown id is a 404.
 * - GET /api/2.0/sql/statements/{id}/result/chunks/{n}  the chunk {chunk_index, row_offset, row_count,
 *   data_array, next_chunk_index, next_chunk_internal_link}. "Each chunk may be fetched once, and in order":
 *   a chunk out of order is a 400 (the latest one may be asked again, as a retry would). Fetching the last
 *   chunk closes the statement (state CLOSED).
 * - POST /api/2.0/sql/statements/{id}/cancel  200 {}; the statement ends CANCELED unless already terminal
 *   ("cancelation may silently fail"). Every cancel is recorded.
 * - GET /api/2.0/sql/warehouses/{id}  {id, name, state, auto_stop_mins, cluster_size}. A STOPPED warehouse is
 *   started by the first statement sent to it (STARTING for `startupMs`, statements PENDING meanwhile: the
 *   documented "PENDING: waiting for warehouse"), then RUNNING.
 * - GET /api/2.0/preview/scim/v2/Me  the caller, with the workspace id in the `X-Databricks-Org-Id` response
 *   header (what the Databricks SDKs read for CurrentWorkspaceID).
 *
 * JSON_ARRAY data is an array of rows of strings, `null` for NULL ("each non-null value is formatted as a
 * string"); timestamps as ISO-8601 UTC with milliseconds. A failed statement has status {state: FAILED,
 * error: {error_code, message}, sql_state}, the message ending in `SQLSTATE: xxxxx` as Databricks SQL errors
 * do; DuckDB's error classes are mapped to the Databricks error class and SQLSTATE of the same condition.
 *
 * The SQL runs on DuckDB. Adaptations, each the documented Databricks behaviour expressed in DuckDB:
 * `system` is a reserved catalog name in DuckDB, so `system.` is served from the catalog `dbx_system`;
 * backtick identifiers become double-quoted; `:name` parameter markers become `CAST($name AS <type>)`, which
 * is the documented semantics ("a value is correct if the provided string can be converted to the requested
 * type using the cast function"; no type means STRING); Databricks TIMESTAMP (an instant) is DuckDB
 * TIMESTAMPTZ; and the Databricks functions the built-in KPIs use are macros with their documented meaning:
 * from_utc_timestamp(ts, tz) (the wall-clock time of ts in tz), unix_seconds(ts), date_from_unix_date(n).
 *
 * System tables are shaped after docs.databricks.com/aws/en/admin/system-tables/billing (system.billing.usage)
 * and .../pricing (system.billing.list_prices); the columns the KPIs do not read are kept so a query that
 * names them runs.
 */
import type * as http from 'node:http';
import { DuckDBInstance, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';

export interface UsageRow {
  record_id: string;
  account_id?: string;
  workspace_id: string;
  sku_name: string;
  cloud: 'AWS' | 'AZURE' | 'GCP';
  /** Epoch ms. */
  usage_start_time: number;
  usage_end_time: number;
  usage_unit: string;
  /** Decimal as a string (usage_quantity is DECIMAL(38,18)); negative for a RETRACTION. */
  usage_quantity: string;
  record_type: 'ORIGINAL' | 'RETRACTION' | 'RESTATEMENT';
  billing_origin_product: string;
  /** Epoch ms; default: the day after usage_end_time. */
  ingestion_date?: number;
}

export interface PriceRow {
  sku_name: string;
  cloud: 'AWS' | 'AZURE' | 'GCP';
  currency_code: string;
  usage_unit: string;
  /** Epoch ms. */
  price_start_time: number;
  /** Epoch ms, or undefined while the price is current. */
  price_end_time?: number;
  /** pricing.default, a decimal string. */
  price: string;
}

export interface StatementFakeOptions {
  warehouseId: string;
  workspaceId: string;
  /** The warehouse starts STOPPED; the first statement starts it (STARTING for startupMs). */
  stopped?: boolean;
  startupMs?: number;
  autoStopMins?: number;
  /** Rows per JSON_ARRAY chunk (Databricks cuts chunks by size; a small number makes several chunks). */
  chunkRows?: number;
  /** Extra execution time of a statement, in ms (e.g. to make one outlive its timeout). */
  delayMs?: (sql: string) => number;
  /** The chunk with this index links to itself (a server bug the client's page guard must catch). */
  selfLinkChunk?: number;
}

type State = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELED' | 'CLOSED';

interface Column {
  name: string;
  position: number;
  type_name: string;
  type_text: string;
  type_precision?: number;
  type_scale?: number;
}

interface Statement {
  id: string;
  sql: string;
  state: State;
  error?: { error_code: string; message: string };
  sqlState?: string;
  columns: Column[];
  rows: (string | null)[][];
  /** Highest chunk index fetched so far. */
  fetched: number;
  done: Promise<void>;
  connection?: DuckDBConnection;
  cancel(): void;
}

class HttpFault extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

const STATEMENTS = '/api/2.0/sql/statements';
const TYPES: Record<string, string> = {
  STRING: 'VARCHAR',
  TIMESTAMP: 'TIMESTAMPTZ',
  TIMESTAMP_NTZ: 'TIMESTAMP',
  DATE: 'DATE',
  INT: 'INTEGER',
  INTEGER: 'INTEGER',
  BIGINT: 'BIGINT',
  LONG: 'BIGINT',
  SMALLINT: 'SMALLINT',
  TINYINT: 'TINYINT',
  DOUBLE: 'DOUBLE',
  FLOAT: 'FLOAT',
  BOOLEAN: 'BOOLEAN',
};

/** The statement endpoints, on a DuckDB database holding the system tables and any table a test adds. */
export class FakeStatements {
  readonly cancels: string[] = [];
  readonly requests: Array<Record<string, unknown>> = [];
  readonly stats = { statements: 0, chunks: 0, polls: 0, warehouseStarts: 0 };
  warehouseState: 'STOPPED' | 'STARTING' | 'RUNNING';
  private readonly statements = new Map<string, Statement>();
  private started?: Promise<void>;
  private nextId = 1;

  private constructor(
    private readonly db: DuckDBInstance,
    private readonly setup: DuckDBConnection,
    readonly options: StatementFakeOptions,
  ) {
    this.warehouseState = options.stopped ? 'STOPPED' : 'RUNNING';
  }

  static async create(options: StatementFakeOptions): Promise<FakeStatements> {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run(`SET TimeZone = 'UTC'`);
    await c.run(`ATTACH ':memory:' AS dbx_system`);
    await c.run(`CREATE SCHEMA dbx_system.billing`);
    await c.run(`CREATE TABLE dbx_system.billing.usage (
      record_id VARCHAR, account_id VARCHAR, workspace_id VARCHAR, sku_name VARCHAR, cloud VARCHAR,
      usage_start_time TIMESTAMPTZ, usage_end_time TIMESTAMPTZ, usage_date DATE,
      custom_tags MAP(VARCHAR, VARCHAR), usage_unit VARCHAR, usage_quantity DECIMAL(38, 18),
      usage_metadata STRUCT(cluster_id VARCHAR, job_id VARCHAR, warehouse_id VARCHAR),
      identity_metadata STRUCT(run_as VARCHAR), record_type VARCHAR, ingestion_date DATE,
      billing_origin_product VARCHAR, product_features STRUCT(is_serverless BOOLEAN), usage_type VARCHAR)`);
    await c.run(`CREATE TABLE dbx_system.billing.list_prices (
      price_start_time TIMESTAMPTZ, price_end_time TIMESTAMPTZ, account_id VARCHAR, sku_name VARCHAR,
      cloud VARCHAR, currency_code VARCHAR, usage_unit VARCHAR,
      pricing STRUCT("default" DECIMAL(38, 18), promotional STRUCT("default" DECIMAL(38, 18)),
                     effective_list STRUCT("default" DECIMAL(38, 18))))`);
    // Databricks SQL functions, with their documented meaning, over DuckDB's TIMESTAMPTZ.
    await c.run(`CREATE MACRO from_utc_timestamp(ts, tz) AS timezone(tz, CAST(ts AS TIMESTAMPTZ))`);
    await c.run(`CREATE MACRO unix_seconds(ts) AS CAST(floor(epoch(ts)) AS BIGINT)`);
    await c.run(`CREATE MACRO date_from_unix_date(n) AS (DATE '1970-01-01' + CAST(n AS INTEGER))`);
    return new FakeStatements(db, c, options);
  }

  /** Runs setup SQL directly on DuckDB (tables for SQL KPIs). */
  async exec(sql: string): Promise<void> {
    await this.setup.run(sql);
  }

  async addUsage(rows: readonly UsageRow[]): Promise<void> {
    // Appended to a staging table of plain values, then converted in one INSERT … SELECT (fast for a year).
    await this.setup.run(`CREATE OR REPLACE TEMP TABLE usage_stage (record_id VARCHAR, account_id VARCHAR,
      workspace_id VARCHAR, sku_name VARCHAR, cloud VARCHAR, start_ms BIGINT, end_ms BIGINT, usage_unit VARCHAR,
      quantity VARCHAR, record_type VARCHAR, ingestion_ms BIGINT, product VARCHAR)`);
    const a = await this.setup.createAppender('usage_stage', null, 'temp');
    for (const r of rows) {
      a.appendVarchar(r.record_id);
      a.appendVarchar(r.account_id ?? 'acc-1');
      a.appendVarchar(r.workspace_id);
      a.appendVarchar(r.sku_name);
      a.appendVarchar(r.cloud);
      a.appendBigInt(BigInt(r.usage_start_time));
      a.appendBigInt(BigInt(r.usage_end_time));
      a.appendVarchar(r.usage_unit);
      a.appendVarchar(r.usage_quantity);
      a.appendVarchar(r.record_type);
      a.appendBigInt(BigInt(r.ingestion_date ?? r.usage_end_time + 86_400_000));
      a.appendVarchar(r.billing_origin_product);
      a.endRow();
    }
    a.closeSync();
    await this.setup.run(
      `INSERT INTO dbx_system.billing.usage (record_id, account_id, workspace_id, sku_name, cloud,
         usage_start_time, usage_end_time, usage_date, usage_unit, usage_quantity, record_type,
         ingestion_date, billing_origin_product, usage_type)
       SELECT record_id, account_id, workspace_id, sku_name, cloud, make_timestamptz(start_ms * 1000),
         make_timestamptz(end_ms * 1000), CAST(make_timestamptz(start_ms * 1000) AS DATE), usage_unit,
         CAST(quantity AS DECIMAL(38, 18)), record_type, CAST(make_timestamptz(ingestion_ms * 1000) AS DATE),
         product, 'COMPUTE_TIME'
       FROM usage_stage`,
    );
    await this.setup.run('DROP TABLE usage_stage');
  }

  async addPrices(rows: readonly PriceRow[]): Promise<void> {
    for (const p of rows) {
      await this.setup.run(
        `INSERT INTO dbx_system.billing.list_prices VALUES (make_timestamptz($1 * 1000),
           CASE WHEN $2 < 0 THEN NULL ELSE make_timestamptz($2 * 1000) END, 'acc-1', $3, $4, $5, $6,
           {'default': CAST($7 AS DECIMAL(38, 18)), 'promotional': {'default': CAST($7 AS DECIMAL(38, 18))},
            'effective_list': {'default': CAST($7 AS DECIMAL(38, 18))}})`,
        [
          p.price_start_time,
          p.price_end_time ?? -1,
          p.sku_name,
          p.cloud,
          p.currency_code,
          p.usage_unit,
          p.price,
        ],
      );
    }
  }

  async close(): Promise<void> {
    for (const s of this.statements.values()) s.cancel();
    await Promise.allSettled([...this.statements.values()].map((s) => s.done));
    this.setup.closeSync();
    this.db.closeSync();
  }

  /**
   * Answers a request when it is one of the fake's endpoints (after auth and fault injection, which the
   * workspace fake does); returns false for any other path.
   */
  async route(
    method: string,
    url: URL,
    body: Record<string, unknown>,
    res: http.ServerResponse,
  ): Promise<boolean> {
    const path = url.pathname;
    const json = (status: number, value: unknown, headers: Record<string, string> = {}): true => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(value));
      return true;
    };
    if (method === 'GET' && path === '/api/2.0/preview/scim/v2/Me') {
      return json(
        200,
        { id: '1001', userName: 'kpi-bot@example.com', active: true },
        { 'X-Databricks-Org-Id': this.options.workspaceId },
      );
    }
    const wh = /^\/api\/2\.0\/sql\/warehouses\/([^/]+)$/.exec(path);
    if (method === 'GET' && wh) {
      if (decodeURIComponent(wh[1]!) !== this.options.warehouseId) {
        throw new HttpFault(404, 'RESOURCE_DOES_NOT_EXIST', `Warehouse ${wh[1]} does not exist.`);
      }
      return json(200, {
        id: this.options.warehouseId,
        name: 'kpi warehouse',
        state: this.warehouseState,
        cluster_size: 'Small',
        auto_stop_mins: this.options.autoStopMins ?? 10,
        enable_serverless_compute: false,
      });
    }
    if (method === 'POST' && path === STATEMENTS) return json(200, await this.submit(body));
    const m = /^\/api\/2\.0\/sql\/statements\/([^/]+)(\/cancel|\/result\/chunks\/(\d+))?$/.exec(path);
    if (!m) return false;
    const s = this.statements.get(decodeURIComponent(m[1]!));
    if (!s) throw new HttpFault(404, 'NOT_FOUND', `The statement ${m[1]} was not found.`);
    if (method === 'POST' && m[2] === '/cancel') {
      this.cancels.push(s.id);
      s.cancel();
      return json(200, {});
    }
    if (method === 'GET' && m[3] !== undefined) return json(200, this.chunk(s, Number(m[3])));
    if (method === 'GET' && m[2] === undefined) {
      this.stats.polls++;
      return json(200, this.describe(s));
    }
    return false;
  }

  private async submit(body: Record<string, unknown>): Promise<unknown> {
    this.requests.push(body);
    const statement = body.statement;
    if (typeof statement !== 'string' || !statement.trim()) {
      throw new HttpFault(400, 'INVALID_PARAMETER_VALUE', 'statement is required');
    }
    if (body.warehouse_id !== this.options.warehouseId) {
      throw new HttpFault(
        404,
        'RESOURCE_DOES_NOT_EXIST',
        `Warehouse ${String(body.warehouse_id)} does not exist.`,
      );
    }
    const wait = parseWaitTimeout(body.wait_timeout);
    const onWait = body.on_wait_timeout ?? 'CONTINUE';
    if (onWait !== 'CONTINUE' && onWait !== 'CANCEL') {
      throw new HttpFault(400, 'INVALID_PARAMETER_VALUE', `Invalid on_wait_timeout: ${String(onWait)}`);
    }
    if ((body.disposition ?? 'INLINE') !== 'INLINE' || (body.format ?? 'JSON_ARRAY') !== 'JSON_ARRAY') {
      throw new HttpFault(400, 'INVALID_PARAMETER_VALUE', 'this fake serves INLINE JSON_ARRAY results only');
    }
    const params = parseParameters(body.parameters);
    this.stats.statements++;
    const s = this.start(statement, params);
    if (wait > 0) {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        s.done.then(() => false),
        new Promise<boolean>((r) => (timer = setTimeout(() => r(true), wait * 1000))),
      ]);
      clearTimeout(timer);
      if (timedOut && onWait === 'CANCEL') s.cancel();
      if (timedOut) return { statement_id: s.id, status: { state: s.state } };
      return this.describe(s);
    }
    return { statement_id: s.id, status: { state: s.state } };
  }

  private start(sql: string, params: Map<string, { type: string; value: string | null }>): Statement {
    const id = `01ef-${String(this.nextId++).padStart(6, '0')}-fake`;
    let cancelled = false;
    let wake: (() => void) | undefined;
    const s: Statement = {
      id,
      sql,
      state: 'PENDING',
      columns: [],
      rows: [],
      fetched: -1,
      done: Promise.resolve(),
      cancel: () => {
        if (s.state !== 'PENDING' && s.state !== 'RUNNING') return;
        cancelled = true;
        s.state = 'CANCELED';
        s.connection?.interrupt();
        wake?.();
      },
    };
    const pause = (ms: number): Promise<void> =>
      new Promise((r) => {
        const t = setTimeout(r, ms);
        wake = () => {
          clearTimeout(t);
          r();
        };
      });
    s.done = (async () => {
      await this.warehouseUp();
      if (cancelled) return;
      s.state = 'RUNNING';
      const delay = this.options.delayMs?.(sql) ?? 0;
      if (delay > 0) await pause(delay);
      if (cancelled) return;
      try {
        const { text, values } = toDuckDb(sql, params);
        s.connection = await this.db.connect();
        await s.connection.run(`SET TimeZone = 'UTC'`);
        const reader = await s.connection.runAndReadAll(
          text,
          values,
          mapValues(values, () => VARCHAR),
        );
        if (cancelled) return;
        s.columns = reader.columnTypes().map((t, i) => columnInfo(reader.columnName(i), i, t.toString()));
        s.rows = reader.getRowsJson().map((row) => row.map((v, i) => render(v, s.columns[i]!)));
        s.state = 'SUCCEEDED';
      } catch (e) {
        if (cancelled) return;
        const { errorCode, sqlState, message } = databricksError(e);
        s.state = 'FAILED';
        s.error = { error_code: errorCode, message };
        s.sqlState = sqlState;
      } finally {
        s.connection?.closeSync();
        s.connection = undefined;
      }
    })();
    this.statements.set(id, s);
    return s;
  }

  /** A stopped warehouse is started by the first statement; every statement waits for it. */
  private async warehouseUp(): Promise<void> {
    if (this.warehouseState === 'RUNNING') return;
    if (!this.started) {
      this.warehouseState = 'STARTING';
      this.stats.warehouseStarts++;
      this.started = new Promise<void>((r) =>
        setTimeout(() => {
          this.warehouseState = 'RUNNING';
          r();
        }, this.options.startupMs ?? 1000),
      );
    }
    await this.started;
  }

  private chunkCount(s: Statement): number {
    const size = this.options.chunkRows ?? 10_000;
    return Math.ceil(s.rows.length / size);
  }

  private describe(s: Statement): unknown {
    const status: Record<string, unknown> = { state: s.state };
    if (s.state === 'FAILED') {
      status.error = s.error;
      status.sql_state = s.sqlState;
    }
    if (s.state !== 'SUCCEEDED') return { statement_id: s.id, status };
    const size = this.options.chunkRows ?? 10_000;
    const count = this.chunkCount(s);
    const manifest = omitEmpty({
      format: 'JSON_ARRAY',
      schema: { column_count: s.columns.length, columns: s.columns },
      total_chunk_count: count,
      total_row_count: s.rows.length,
      chunks: Array.from({ length: count }, (_, i) =>
        omitEmpty({
          chunk_index: i,
          row_offset: i * size,
          row_count: Math.min(size, s.rows.length - i * size),
        }),
      ),
      truncated: false,
    });
    return omitEmpty({
      statement_id: s.id,
      status,
      manifest,
      result: count > 0 ? this.chunk(s, 0) : undefined,
    });
  }

  private chunk(s: Statement, index: number): unknown {
    if (s.state !== 'SUCCEEDED' && s.state !== 'CLOSED') {
      throw new HttpFault(400, 'BAD_REQUEST', `The statement ${s.id} has no result (state ${s.state}).`);
    }
    if (s.state === 'CLOSED') {
      throw new HttpFault(404, 'NOT_FOUND', `The statement ${s.id} is closed; its result is gone.`);
    }
    const count = this.chunkCount(s);
    if (index >= count) throw new HttpFault(404, 'NOT_FOUND', `Chunk ${index} does not exist.`);
    if (index !== s.fetched + 1 && index !== s.fetched) {
      throw new HttpFault(
        400,
        'INVALID_PARAMETER_VALUE',
        `Chunks of an INLINE result are fetched once and in order: expected ${s.fetched + 1}, got ${index}.`,
      );
    }
    if (index > 0) this.stats.chunks++;
    s.fetched = index;
    const size = this.options.chunkRows ?? 10_000;
    const rows = s.rows.slice(index * size, (index + 1) * size);
    const selfLink = this.options.selfLinkChunk === index;
    const next = selfLink ? index : index + 1 < count ? index + 1 : undefined;
    if (next === undefined) s.state = 'CLOSED';
    return omitEmpty({
      chunk_index: index,
      row_offset: index * size,
      row_count: rows.length,
      data_array: rows,
      next_chunk_index: next,
      next_chunk_internal_link:
        next === undefined ? undefined : `${STATEMENTS}/${s.id}/result/chunks/${next}`,
    });
  }
}

function parseWaitTimeout(v: unknown): number {
  if (v === undefined) return 10;
  const m = typeof v === 'string' ? /^(\d+)s$/.exec(v) : null;
  const n = m ? Number(m[1]) : NaN;
  if (!(n === 0 || (n >= 5 && n <= 50))) {
    throw new HttpFault(
      400,
      'INVALID_PARAMETER_VALUE',
      `wait_timeout must be 0s or between 5s and 50s, got ${JSON.stringify(v)}`,
    );
  }
  return n;
}

function parseParameters(v: unknown): Map<string, { type: string; value: string | null }> {
  const out = new Map<string, { type: string; value: string | null }>();
  if (v === undefined) return out;
  if (!Array.isArray(v)) throw new HttpFault(400, 'INVALID_PARAMETER_VALUE', 'parameters must be a list');
  for (const p of v as Array<Record<string, unknown>>) {
    if (typeof p.name !== 'string' || !p.name) {
      throw new HttpFault(400, 'INVALID_PARAMETER_VALUE', 'every parameter needs a name');
    }
    const type = typeof p.type === 'string' ? p.type.toUpperCase() : 'STRING';
    if (!TYPES[type] && !/^DECIMAL\(\d+,\s*\d+\)$/.test(type)) {
      throw new HttpFault(400, 'INVALID_PARAMETER_VALUE', `Unsupported parameter type ${type}`);
    }
    if (p.value !== undefined && p.value !== null && typeof p.value !== 'string') {
      throw new HttpFault(400, 'INVALID_PARAMETER_VALUE', `The value of ${p.name} must be a string`);
    }
    out.set(p.name, { type, value: (p.value as string | null | undefined) ?? null });
  }
  return out;
}

class StatementFailure extends Error {
  constructor(
    readonly errorClass: string,
    readonly sqlState: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Databricks SQL text → DuckDB: `:name` markers (outside literals, identifiers and comments) become
 * CAST($name AS type); `system.` → `dbx_system.`; backtick identifiers → "…".
 */
function toDuckDb(
  sql: string,
  params: Map<string, { type: string; value: string | null }>,
): { text: string; values: Record<string, string | null> } {
  let out = '';
  const values: Record<string, string | null> = {};
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      const end = nl < 0 ? n : nl;
      out += sql.slice(i, end);
      i = end;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) throw new StatementFailure('PARSE_SYNTAX_ERROR', '42601', 'Unclosed bracketed comment');
      out += sql.slice(i, end + 2);
      i = end + 2;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < n && sql[j] !== c) j += sql[j] === '\\' ? 2 : 1;
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (c === '`') {
      const end = sql.indexOf('`', i + 1);
      out += `"${sql.slice(i + 1, end)}"`;
      i = end + 1;
    } else if (c === ':' && sql[i + 1] === ':') {
      out += '::';
      i += 2;
    } else if (c === ':' && /[A-Za-z_]/.test(sql[i + 1] ?? '') && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? '')) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_]/.test(sql[j]!)) j++;
      const name = sql.slice(i + 1, j);
      const p = params.get(name);
      if (!p) {
        throw new StatementFailure(
          'UNBOUND_SQL_PARAMETER',
          '42P02',
          `Found the unbound parameter: ${name}. Please, fix \`args\` and provide a mapping of the parameter to either a SQL literal or collection constructor functions such as \`map()\`, \`array()\`, \`struct()\`.`,
        );
      }
      values[name] = p.value;
      out += `CAST($${name} AS ${TYPES[p.type] ?? p.type})`;
      i = j;
    } else if (/[sS]/.test(c) && /^system\./i.test(sql.slice(i)) && !/[A-Za-z0-9_.]/.test(sql[i - 1] ?? '')) {
      out += 'dbx_system.';
      i += 'system.'.length;
    } else {
      out += c;
      i++;
    }
  }
  return { text: out, values };
}

function mapValues<T, U>(o: Record<string, T>, f: (v: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
}

/** DuckDB type → Databricks ColumnInfo (type_name is the base type, type_text the full SQL type). */
function columnInfo(name: string, position: number, duck: string): Column {
  const dec = /^DECIMAL\((\d+),(\d+)\)$/.exec(duck);
  if (dec) {
    return {
      name,
      position,
      type_name: 'DECIMAL',
      type_text: `DECIMAL(${dec[1]},${dec[2]})`,
      type_precision: Number(dec[1]),
      type_scale: Number(dec[2]),
    };
  }
  const simple: Record<string, [string, string]> = {
    BIGINT: ['LONG', 'BIGINT'],
    HUGEINT: ['DECIMAL', 'DECIMAL(38,0)'],
    INTEGER: ['INT', 'INT'],
    SMALLINT: ['SHORT', 'SMALLINT'],
    TINYINT: ['BYTE', 'TINYINT'],
    DOUBLE: ['DOUBLE', 'DOUBLE'],
    FLOAT: ['FLOAT', 'FLOAT'],
    VARCHAR: ['STRING', 'STRING'],
    BOOLEAN: ['BOOLEAN', 'BOOLEAN'],
    DATE: ['DATE', 'DATE'],
    'TIMESTAMP WITH TIME ZONE': ['TIMESTAMP', 'TIMESTAMP'],
    TIMESTAMP: ['TIMESTAMP_NTZ', 'TIMESTAMP_NTZ'],
    '"NULL"': ['NULL', 'VOID'],
  };
  const [typeName, typeText] = simple[duck] ?? ['STRING', 'STRING'];
  return { name, position, type_name: typeName, type_text: typeText };
}

/** One value as JSON_ARRAY renders it: a string, or null. */
function render(v: unknown, column: Column): string | null {
  if (v === null || v === undefined) return null;
  if (column.type_name === 'TIMESTAMP') {
    // DuckDB renders 2026-03-08 05:00:00+00; JSON_ARRAY carries ISO-8601 UTC with milliseconds.
    const iso = String(v)
      .replace(' ', 'T')
      .replace(/([+-]\d\d)$/, '$1:00');
    return new Date(iso).toISOString();
  }
  if (column.type_name === 'TIMESTAMP_NTZ') return String(v).replace(' ', 'T');
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** A DuckDB error as a Databricks statement error: error class, SQLSTATE, message. */
function databricksError(e: unknown): { errorCode: string; sqlState: string; message: string } {
  if (e instanceof StatementFailure) {
    return {
      errorCode: 'BAD_REQUEST',
      sqlState: e.sqlState,
      message: `[${e.errorClass}] ${e.message} SQLSTATE: ${e.sqlState}`,
    };
  }
  // Not `instanceof Error`: the DuckDB binding's errors may come from another realm (jest's VM context).
  const m = (e as { message?: unknown } | null)?.message;
  const text = typeof m === 'string' ? m : String(e);
  const first = text.split('\n')[0]!;
  const classes: Array<[RegExp, string, string]> = [
    [/^Parser Error/, 'PARSE_SYNTAX_ERROR', '42601'],
    [
      /^(Catalog Error: Table|Binder Error: (Catalog|Schema) .* does not exist)/,
      'TABLE_OR_VIEW_NOT_FOUND',
      '42P01',
    ],
    [/^Catalog Error: Scalar Function/, 'UNRESOLVED_ROUTINE', '42883'],
    [/^Binder Error: Referenced column/, 'UNRESOLVED_COLUMN', '42703'],
    [/^Conversion Error/, 'CAST_INVALID_INPUT', '22018'],
    [/^(Out of Range|Invalid Input) Error.*(zero|Division)/i, 'DIVIDE_BY_ZERO', '22012'],
  ];
  const hit = classes.find(([re]) => re.test(first));
  const [errorClass, sqlState] = hit ? [hit[1], hit[2]] : ['INTERNAL_ERROR', 'XX000'];
  return {
    errorCode: hit ? 'BAD_REQUEST' : 'INTERNAL_ERROR',
    sqlState,
    message: `[${errorClass}] ${first.replace(/dbx_system\./g, 'system.')} SQLSTATE: ${sqlState}`,
  };
}

function omitEmpty(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
