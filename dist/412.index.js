export const id = 412;
export const ids = [412];
export const modules = {

/***/ 4412:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createPostgresDriver: () => (/* binding */ createPostgresDriver),
/* harmony export */   parsePostgresUrl: () => (/* binding */ parsePostgresUrl),
/* harmony export */   translatePgError: () => (/* binding */ translatePgError)
/* harmony export */ });
/* harmony import */ var pg__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3849);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3916);
/* harmony import */ var _dialect_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(750);
/* harmony import */ var _sql_driver_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5947);




/** Type OIDs (pg_type.oid) the engine reads as numbers. */
const NUMERIC_OIDS = new Set([20, 21, 23, 26, 700, 701, 1700]);
const DATE_OIDS = new Set([1082, 1114, 1184]);
const TYPE_NAMES = {
    16: 'boolean',
    20: 'bigint',
    21: 'smallint',
    23: 'integer',
    25: 'text',
    700: 'real',
    701: 'double precision',
    1043: 'varchar',
    1082: 'date',
    1114: 'timestamp',
    1184: 'timestamptz',
    1700: 'numeric',
};
/** Parsers: date and timestamp (without zone) stay text, so no local-time conversion happens in node. */
const types = {
    getTypeParser(oid, format) {
        if (oid === 1082 || oid === 1114)
            return (value) => value;
        return pg__WEBPACK_IMPORTED_MODULE_0__/* ["default"].types */ .Ay.types.getTypeParser(oid, format);
    },
};
/** SQLSTATE classes worth another attempt: connection failures, serialization failures, shutdown. */
function isTransientCode(code) {
    return /^08/.test(code) || ['40001', '40P01', '57P01', '57P02', '57P03', '53300'].includes(code);
}
const NETWORK_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'ETIMEDOUT',
    'EPIPE',
    'EHOSTUNREACH',
    'ENOTFOUND',
    'EAI_AGAIN',
]);
/** Parses postgres-url: a postgres:// or postgresql:// URL. The message never repeats the value. */
function parsePostgresUrl(value) {
    let url;
    try {
        url = new URL(value.trim());
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo('postgres-url: the value is not a URL; use postgres://user:password@host:5432/database');
    }
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`postgres-url: the scheme is '${url.protocol}'; use postgres://user:password@host:5432/database`);
    }
    if (!url.hostname)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo('postgres-url: the URL has no host; use postgres://user:password@host:5432/database');
    const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || '(default)';
    const user = decodeURIComponent(url.username) || '(default user)';
    return {
        shown: `${url.hostname}:${url.port || '5432'}/${database} as ${user}`,
        url: value.trim(),
        password: decodeURIComponent(url.password),
    };
}
/** A pg error as one line with its SQLSTATE; a network error keeps its errno code. Never the password. */
function translatePgError(e, password) {
    const err = e;
    const code = typeof err.code === 'string' ? err.code : undefined;
    // pg's message is the server's primary message; errorMessage() would append the code a second time.
    let message = code && typeof err.message === 'string' && err.message ? (0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .oneLine */ .TN)(err.message) : (0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(e);
    if (password.length >= 3)
        message = message.split(password).join('***');
    if (code && /^[0-9A-Z]{5}$/.test(code)) {
        return new _sql_driver_js__WEBPACK_IMPORTED_MODULE_2__/* .SqlError */ .L(message, `SQLSTATE ${code}`, code === '57014');
    }
    if (/Query read timeout/.test(message))
        return new _sql_driver_js__WEBPACK_IMPORTED_MODULE_2__/* .SqlError */ .L(message, undefined, true);
    return new _sql_driver_js__WEBPACK_IMPORTED_MODULE_2__/* .SqlError */ .L(message.replace(/ \(E[A-Z_]+\)$/, ''), code);
}
/**
 * The PostgreSQL driver: one pg.Pool per run. Each query runs in a READ ONLY transaction whose
 * statement_timeout and TimeZone are set with set_config(…, true) (values as binds), then rolls back.
 */
async function createPostgresDriver(o) {
    const target = parsePostgresUrl(o.url);
    const pool = new pg__WEBPACK_IMPORTED_MODULE_0__/* ["default"].Pool */ .Ay.Pool({
        connectionString: target.url,
        max: o.poolSize,
        connectionTimeoutMillis: o.connectTimeoutMs,
        idleTimeoutMillis: 30_000,
        application_name: 'kpi-collector',
        types,
    });
    // An idle client that loses its connection emits 'error' on the pool; without a listener node exits.
    pool.on('error', () => { });
    try {
        const probe = await pool.connect();
        try {
            await probe.query({ text: 'SELECT 1', query_timeout: o.connectTimeoutMs });
        }
        finally {
            probe.release();
        }
    }
    catch (e) {
        await pool.end().catch(() => { });
        const err = translatePgError(e, target.password);
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo((0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .oneLine */ .TN)(`postgres-url: cannot connect to ${target.shown}: ${err.message}`));
    }
    return {
        dialect: _dialect_js__WEBPACK_IMPORTED_MODULE_1__/* .postgresDialect */ .S,
        async query(q) {
            const { text, values } = (0,_dialect_js__WEBPACK_IMPORTED_MODULE_1__/* .toPostgres */ .H)(q.sql, q.binds);
            let client;
            try {
                client = await pool.connect();
            }
            catch (e) {
                throw translatePgError(e, target.password);
            }
            let broken;
            try {
                await client.query('BEGIN READ ONLY');
                await client.query("SELECT set_config('statement_timeout', $1, true), set_config('TimeZone', $2, true)", [String(Math.max(1, Math.round(q.timeoutMs))), q.timeZone]);
                // A client-side backstop in case the server never answers (statement_timeout is the real limit).
                const result = await client.query({
                    text,
                    values,
                    rowMode: 'array',
                    query_timeout: q.timeoutMs + 5_000,
                });
                await client.query('ROLLBACK');
                return {
                    columns: result.fields.map((f) => ({
                        name: f.name,
                        kind: columnKind(f.dataTypeID),
                        type: TYPE_NAMES[f.dataTypeID] ?? `oid ${f.dataTypeID}`,
                    })),
                    rows: result.rows,
                };
            }
            catch (e) {
                const err = translatePgError(e, target.password);
                // A server error leaves a usable connection (roll back and reuse it); a network error or the
                // client-side backstop does not (destroy it).
                if (err.code?.startsWith('SQLSTATE ')) {
                    await client.query('ROLLBACK').catch((r) => {
                        broken = r instanceof Error ? r : new Error(String(r));
                    });
                }
                else
                    broken = err;
                throw err;
            }
            finally {
                client.release(broken);
            }
        },
        isTransient(e) {
            const code = e instanceof _sql_driver_js__WEBPACK_IMPORTED_MODULE_2__/* .SqlError */ .L ? e.code : e.code;
            if (typeof code !== 'string')
                return false;
            const sqlstate = code.replace(/^SQLSTATE /, '');
            return isTransientCode(sqlstate) || NETWORK_CODES.has(code);
        },
        close: () => pool.end(),
    };
}
function columnKind(oid) {
    if (NUMERIC_OIDS.has(oid))
        return 'number';
    if (DATE_OIDS.has(oid))
        return 'date';
    if (oid === 25 || oid === 1043 || oid === 1042 || oid === 19)
        return 'text';
    return 'other';
}


/***/ })

};
