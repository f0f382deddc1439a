export const id = 251;
export const ids = [251];
export const modules = {

/***/ 51251:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  columnKind: () => (/* binding */ columnKind),
  createTrinoDriver: () => (/* binding */ createTrinoDriver),
  toSqlError: () => (/* binding */ toSqlError)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/net/http.ts + 5 modules
var http = __webpack_require__(23121);
// EXTERNAL MODULE: ./src/sources/sql/binds.ts
var binds = __webpack_require__(44417);
// EXTERNAL MODULE: ./src/sources/sql/driver.ts
var driver = __webpack_require__(55947);
// EXTERNAL MODULE: ./src/retry.ts
var retry = __webpack_require__(49809);
// EXTERNAL MODULE: ./src/dates.ts
var dates = __webpack_require__(37718);
;// CONCATENATED MODULE: ./src/sources/trino/literals.ts
/**
 * Typed parameter values of a prepared statement, written as the Trino literals of an `EXECUTE … USING`
 * list. Values come from the run (day windows, dates), never from config text, and only these two forms
 * exist, so nothing a user writes is ever pasted into SQL:
 * - an instant as `TIMESTAMP 'YYYY-MM-DD hh:mm:ss.sss <zone>'`, a timestamp(3) WITH TIME ZONE literal
 *   carrying the run's zone (https://trino.io/docs/current/language/types.html#timestamp-with-time-zone);
 * - a calendar date as `DATE 'YYYY-MM-DD'`.
 */

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const ZONE_RE = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;
const pad = (n, width = 2) => String(n).padStart(width, '0');
/**
 * The literal of an instant in a zone. The wall-clock time with the zone's name names the instant
 * exactly unless the zone repeats that local time (a fall-back hour); then the numeric offset is written
 * instead, which is exact (Trino would otherwise pick the earlier of the two instants).
 */
function timestampLiteral(ms, timeZone) {
    if (!Number.isFinite(ms))
        throw new Error('a timestamp parameter is not a finite instant');
    if (!ZONE_RE.test(timeZone))
        throw new Error(`'${timeZone}' is not a time zone name`);
    const offset = (0,dates/* offsetAt */.HA)(ms, timeZone);
    const local = ms + offset;
    const w = new Date(local);
    const millis = ((ms % 1000) + 1000) % 1000;
    const text = `${pad(w.getUTCFullYear(), 4)}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())} ` +
        `${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}.${pad(millis, 3)}`;
    // Every instant whose local time in the zone is this wall time, over the offsets in use around it.
    const candidates = new Set([-86_400_000, 0, 86_400_000]
        .map((d) => (0,dates/* offsetAt */.HA)(ms + d, timeZone))
        .map((o) => local - o)
        .filter((t) => (0,dates/* offsetAt */.HA)(t, timeZone) === local - t));
    if (candidates.size <= 1)
        return `TIMESTAMP '${text} ${timeZone}'`;
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset) / 60_000;
    return `TIMESTAMP '${text} ${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}'`;
}
function dateLiteral(date) {
    if (!DATE_RE.test(date))
        throw new Error(`'${date}' is not a YYYY-MM-DD date`);
    return `DATE '${date}'`;
}
function literal(p) {
    return p.kind === 'date' ? dateLiteral(p.date) : timestampLiteral(p.ms, p.timeZone);
}

;// CONCATENATED MODULE: ./src/sources/trino/client.ts
/**
 * A client of Trino's (and Presto's) client REST protocol on src/net/http.ts
 * (https://trino.io/docs/current/develop/client-protocol.html):
 * - POST /v1/statement with `EXECUTE kpi_query USING <typed literals>` as the body and the statement in the
 *   `X-Trino-Prepared-Statement: kpi_query=<url-encoded SQL>` request header, so values travel as
 *   parameters of a prepared statement, never inside the SQL text;
 * - GET `nextUri` until it is absent, reading `columns` and every `data` page, with a page cap and
 *   repeat detection (PageGuard) and the whole query under one deadline;
 * - 502, 503 and 504 answers (gateways and load balancers in front of Trino) are retried after a short
 *   back-off, as the protocol documents, and 429 after its Retry-After, through src/retry.ts; a GET on the
 *   same `nextUri` is safe to repeat;
 * - the server-side limit is the `query_max_execution_time` session property; the client-side one, a
 *   little later, cancels the query with DELETE on `nextUri`, as does an abort;
 * - a failed query is a TrinoQueryError carrying Trino's `errorName` and `errorCode`.
 * The password (HTTP basic authentication) is only ever sent over TLS, and only to the server's origin.
 */





/** The name of the one prepared statement each query request carries. */
const STATEMENT_NAME = 'kpi_query';
/** A query that failed on the server, or a request the protocol could not complete. */
class TrinoQueryError extends Error {
    o;
    name = 'TrinoQueryError';
    constructor(message, o = {}) {
        super(message);
        this.o = o;
    }
}
const label = (queryId) => (queryId ? `Trino query ${queryId}` : 'Trino query');
const RETRY_STATUSES = new Set([502, 503, 504]);
const RETRYABLE_NET = new Set(['network', 'refused', 'connect_timeout']);
/** A gateway's answer worth another attempt. */
class RetryableStatus extends Error {
    status;
    afterMs;
    constructor(status, afterMs, message) {
        super(message);
        this.status = status;
        this.afterMs = afterMs;
    }
}
/** Replaces every form of the password (and the Authorization value) in a text by ***. */
function scrubber(secrets) {
    const forms = secrets.filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
    return (text) => forms.reduce((t, s) => t.split(s).join('***'), text);
}
class TrinoClient {
    o;
    headers;
    prefix;
    scrub;
    sleep;
    constructor(o) {
        this.o = o;
        this.prefix = o.flavor === 'presto' ? 'X-Presto-' : 'X-Trino-';
        this.sleep = o.sleep ?? retry/* sleep */.yy;
        if (!o.user)
            throw new errors/* UserError */.yo('trino-user: empty; set the Trino user the queries run as');
        this.headers = {
            'user-agent': 'kpi-collector',
            [`${this.prefix}User`]: o.user,
            [`${this.prefix}Source`]: 'kpi-collector',
        };
        if (o.catalog)
            this.headers[`${this.prefix}Catalog`] = o.catalog;
        if (o.schema)
            this.headers[`${this.prefix}Schema`] = o.schema;
        const secrets = [];
        if (o.password !== undefined && o.password !== '') {
            if (o.server.protocol !== 'https:') {
                throw new errors/* UserError */.yo('trino-password: basic authentication is sent only over TLS; use an https:// trino-server');
            }
            const token = Buffer.from(`${o.user}:${o.password}`).toString('base64');
            this.headers.authorization = `Basic ${token}`;
            secrets.push(o.password, encodeURIComponent(o.password), token);
        }
        this.scrub = scrubber(secrets);
    }
    /** Runs one query to its end and returns every row. */
    async query(q) {
        const deadlineMs = q.timeoutMs + (this.o.cancelGraceMs ?? 10_000);
        const controller = new AbortController();
        const expired = new Error('client deadline');
        const timer = setTimeout(() => controller.abort(expired), deadlineMs);
        const onAbort = () => controller.abort(q.signal?.reason);
        if (q.signal?.aborted)
            onAbort();
        else
            q.signal?.addEventListener('abort', onAbort, { once: true });
        const signal = controller.signal;
        let nextUri;
        let queryId;
        try {
            const body = q.params.length
                ? `EXECUTE ${STATEMENT_NAME} USING ${q.params.map(literal).join(', ')}`
                : `EXECUTE ${STATEMENT_NAME}`;
            const headers = {
                ...this.headers,
                'content-type': 'text/plain; charset=utf-8',
                [`${this.prefix}Time-Zone`]: q.timeZone,
                [`${this.prefix}Session`]: `query_max_execution_time=${Math.max(1, Math.ceil(q.timeoutMs))}ms`,
                [`${this.prefix}Prepared-Statement`]: `${STATEMENT_NAME}=${encodeURIComponent(q.sql)}`,
            };
            const guard = new http/* PageGuard */.f8({
                label: `Trino query on ${this.o.server.host}`,
                maxPages: this.o.maxPages ?? 20_000,
            });
            let doc = await this.exchange('POST', new URL('v1/statement', this.o.server), headers, body, signal);
            queryId = doc.id;
            const columns = [];
            const rows = [];
            for (;;) {
                if (doc.columns && columns.length === 0) {
                    for (const c of doc.columns)
                        columns.push({ name: String(c.name), type: String(c.type) });
                }
                if (doc.data) {
                    if (!Array.isArray(doc.data))
                        throw this.protocolError('`data` is not a list', queryId);
                    for (const row of doc.data) {
                        if (!Array.isArray(row))
                            throw this.protocolError('a row of `data` is not a list', queryId);
                        rows.push(row);
                    }
                    if (rows.length > driver/* MAX_RESULT_ROWS */.Z) {
                        throw this.protocolError(`the result has more than ${driver/* MAX_RESULT_ROWS */.Z} rows; a KPI query returns a row per day (or per day and variable)`, queryId);
                    }
                }
                if (doc.error)
                    throw this.queryError(doc.error, queryId);
                nextUri = doc.nextUri;
                if (!nextUri)
                    break;
                const next = this.sameOrigin(nextUri, queryId);
                guard.next(next.href);
                doc = await this.exchange('GET', next, this.pollHeaders(), undefined, signal);
            }
            if (rows.length > 0 && columns.length === 0)
                throw this.protocolError('rows came without `columns`', queryId);
            const width = columns.length;
            const bad = rows.find((r) => r.length !== width);
            if (bad)
                throw this.protocolError(`a row has ${bad.length} values for ${width} columns`, queryId);
            nextUri = undefined;
            return { queryId: queryId ?? '', columns, rows };
        }
        catch (e) {
            if (nextUri && signal.aborted)
                await this.cancel(nextUri);
            if (signal.reason === expired) {
                throw new TrinoQueryError(`${label(queryId)} did not finish within ${(deadlineMs / 1000).toFixed(1)} s; ` +
                    (nextUri
                        ? 'cancelled it (DELETE nextUri)'
                        : 'the coordinator never answered, so there was nothing to cancel'), { queryId, timedOut: true });
            }
            if (q.signal?.aborted)
                throw e;
            if (nextUri && !(e instanceof TrinoQueryError && e.o.errorName))
                await this.cancel(nextUri);
            throw e instanceof TrinoQueryError ? e : this.wrap(e, queryId);
        }
        finally {
            clearTimeout(timer);
            q.signal?.removeEventListener('abort', onAbort);
        }
    }
    /** Best-effort DELETE on nextUri, so the coordinator stops work no one will read. */
    async cancel(nextUri) {
        try {
            const url = new URL(nextUri);
            if (url.origin !== this.o.server.origin)
                return;
            await (0,http/* httpRequest */.aj)({
                method: 'DELETE',
                url,
                headers: this.pollHeaders(),
                timeoutMs: 5000,
                connectTimeoutMs: this.o.connectTimeoutMs,
                maxBytes: 64 * 1024,
            });
        }
        catch {
            // The query ends anyway at query_max_execution_time.
        }
    }
    pollHeaders() {
        const h = { 'user-agent': 'kpi-collector' };
        if (this.headers.authorization)
            h.authorization = this.headers.authorization;
        return h;
    }
    /** nextUri must stay on the server's origin: our Authorization header goes with it. */
    sameOrigin(uri, queryId) {
        let url;
        try {
            url = new URL(uri);
        }
        catch {
            throw this.protocolError('`nextUri` is not a URL', queryId);
        }
        if (url.origin !== this.o.server.origin) {
            throw new TrinoQueryError(`${label(queryId)}: the server sent nextUri on ${url.origin}, not ${this.o.server.origin}; ` +
                'nothing was sent there (behind a proxy, set http-server.process-forwarded=true on the coordinator)', { queryId });
        }
        return url;
    }
    /** One request of the protocol, retried on 502/503/504/429 and dropped connections. Returns the document. */
    async exchange(method, url, headers, body, signal) {
        const what = method === 'POST' ? `POST ${url.pathname}` : 'GET nextUri';
        const res = await (0,retry/* retry */.L5)(async () => {
            const r = await (0,http/* httpRequest */.aj)({
                method,
                url,
                headers,
                body,
                signal,
                timeoutMs: this.o.requestTimeoutMs ?? 60_000,
                connectTimeoutMs: this.o.connectTimeoutMs,
                maxBytes: this.o.maxBytes,
            });
            if (RETRY_STATUSES.has(r.status) || r.status === 429) {
                throw new RetryableStatus(r.status, (0,retry/* parseRetryAfter */.mu)(r.headers['retry-after']), `HTTP ${r.status}: ${this.scrub((0,http/* excerpt */.Kb)(r.text(), 120))}`);
            }
            return r;
        }, {
            attempts: this.o.attempts ?? 6,
            baseMs: 100,
            maxMs: 5000,
            label: `Trino ${what} on ${url.host}`,
            retryable: (e) => {
                if (e instanceof RetryableStatus)
                    return e.afterMs !== undefined ? { afterMs: e.afterMs } : true;
                return e instanceof http/* NetError */.Ay && RETRYABLE_NET.has(e.code);
            },
            onRetry: this.o.onRetry,
            sleep: this.sleep,
            signal,
        });
        if (res.status === 401) {
            throw new errors/* UserError */.yo(`trino-user/trino-password: the server refused the credentials (HTTP 401): ${this.scrub((0,http/* excerpt */.Kb)(res.text(), 160))}`);
        }
        if (res.status !== 200) {
            throw new TrinoQueryError(`Trino ${what}: HTTP ${res.status}: ${this.scrub((0,http/* excerpt */.Kb)(res.text(), 200))}`);
        }
        let doc;
        try {
            doc = res.json();
        }
        catch (e) {
            throw new TrinoQueryError(`Trino ${what}: ${this.scrub((0,errors/* errorMessage */.gJ)(e))}`);
        }
        if (!doc || typeof doc !== 'object' || typeof doc.id !== 'string') {
            throw this.protocolError('the answer is not a QueryResults document (no `id`)', undefined);
        }
        return doc;
    }
    queryError(error, queryId) {
        const name = typeof error.errorName === 'string' ? error.errorName : 'UNKNOWN';
        const code = typeof error.errorCode === 'number' ? error.errorCode : undefined;
        const message = this.scrub((0,http/* excerpt */.Kb)(String(error.message ?? 'failed without a message'), 400));
        return new TrinoQueryError(`${label(queryId)} failed: ${message} (${name}${code === undefined ? '' : ` ${code}`})`, {
            errorName: name,
            errorCode: code,
            errorType: typeof error.errorType === 'string' ? error.errorType : undefined,
            queryId,
            timedOut: name === 'EXCEEDED_TIME_LIMIT',
        });
    }
    protocolError(what, queryId) {
        return new TrinoQueryError(`${label(queryId)}: ${what}`, { queryId });
    }
    wrap(e, queryId) {
        if (e instanceof errors/* UserError */.yo)
            return e;
        const cause = e.last ?? e;
        const transient = cause instanceof RetryableStatus || (cause instanceof http/* NetError */.Ay && RETRYABLE_NET.has(cause.code));
        return new TrinoQueryError(`${label(queryId)}: ${this.scrub((0,errors/* errorMessage */.gJ)(e))}`, {
            queryId,
            transient,
        });
    }
}

// EXTERNAL MODULE: ./src/sources/trino/dialect.ts
var dialect = __webpack_require__(44045);
// EXTERNAL MODULE: ./src/sources/sql/statement.ts
var statement = __webpack_require__(79808);
;// CONCATENATED MODULE: ./src/sources/trino/driver.ts







/**
 * Trino errors worth running the query again: the cluster starting, shutting down or losing a worker
 * (io.trino.spi.StandardErrorCode, INTERNAL_ERROR and INSUFFICIENT_RESOURCES kinds that are not about the
 * query itself).
 */
const TRANSIENT_ERRORS = new Set([
    'SERVER_STARTING_UP',
    'SERVER_SHUTTING_DOWN',
    'NO_NODES_AVAILABLE',
    'REMOTE_HOST_GONE',
    'REMOTE_TASK_ERROR',
    'TOO_MANY_REQUESTS_FAILED',
    'PAGE_TRANSPORT_ERROR',
    'PAGE_TRANSPORT_TIMEOUT',
    'ABANDONED_TASK',
    'QUERY_QUEUE_FULL',
    'CLUSTER_OUT_OF_MEMORY',
]);
/** The engine's reading of a Trino type name. */
function columnKind(type) {
    const raw = type.toLowerCase().replace(/\(.*$/, '').trim();
    if (['tinyint', 'smallint', 'integer', 'bigint', 'real', 'double', 'decimal'].includes(raw))
        return 'number';
    if (raw === 'date' || raw.startsWith('timestamp'))
        return 'date';
    if (raw === 'varchar' || raw === 'char')
        return 'text';
    return 'other';
}
/** A client error as the engine's SqlError: Trino's errorName and errorCode as the code. */
function toSqlError(e) {
    if (e instanceof errors/* UserError */.yo)
        return e;
    if (e instanceof TrinoQueryError) {
        const code = e.o.errorName
            ? `${e.o.errorName}${e.o.errorCode === undefined ? '' : ` ${e.o.errorCode}`}`
            : undefined;
        const err = new driver/* SqlError */.L(e.message, code, e.o.timedOut === true);
        err.transient =
            e.o.transient === true || (e.o.errorName !== undefined && TRANSIENT_ERRORS.has(e.o.errorName));
        return err;
    }
    return e instanceof Error ? new driver/* SqlError */.L(e.message, undefined) : new driver/* SqlError */.L(String(e), undefined);
}
/**
 * The Trino driver: one protocol client per run (HTTP keeps its connections in the shared dispatcher). A
 * probe query (`SELECT 1`) checks reachability and credentials before any KPI runs.
 */
async function createTrinoDriver(o) {
    const client = new TrinoClient(o);
    // Closing the driver (the run ends, or failed elsewhere) cancels what is still in flight.
    const closed = new AbortController();
    const signal = AbortSignal.any([o.signal, closed.signal]);
    const where = `${o.server.host} as ${o.user}`;
    try {
        await client.query({
            sql: 'SELECT 1',
            params: [],
            timeoutMs: o.connectTimeoutMs,
            timeZone: 'UTC',
            signal,
        });
    }
    catch (e) {
        if (e instanceof errors/* UserError */.yo)
            throw e;
        const reason = e instanceof http/* NetError */.Ay || e instanceof TrinoQueryError ? e.message : String(e);
        throw new errors/* UserError */.yo(`trino-server: cannot run a query on ${where}: ${reason}`);
    }
    return {
        dialect: dialect/* trinoDialect */.R,
        async query(q) {
            try {
                const text = (0,binds/* trimStatement */.y5)(q.sql);
                (0,statement/* assertSingleQuery */.d)(text, dialect/* trinoDialect */.R);
                const { sql, params } = (0,dialect/* toTrino */.u)(text, q.binds, q.timeZone);
                const result = await client.query({
                    sql,
                    params,
                    timeoutMs: q.timeoutMs,
                    timeZone: q.timeZone,
                    signal,
                });
                return {
                    columns: result.columns.map((c) => ({ name: c.name, kind: columnKind(c.type), type: c.type })),
                    rows: result.rows,
                };
            }
            catch (e) {
                throw toSqlError(e);
            }
        },
        isTransient: (e) => e.transient === true,
        close: async () => {
            closed.abort(new Error('the run closed the Trino driver'));
        },
    };
}


/***/ })

};
