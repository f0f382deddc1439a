export const id = 412;
export const ids = [412];
export const modules = {

/***/ 4412:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CLEARTEXT_REFUSED: () => (/* binding */ CLEARTEXT_REFUSED),
/* harmony export */   createPostgresDriver: () => (/* binding */ createPostgresDriver),
/* harmony export */   isLocalHost: () => (/* binding */ isLocalHost),
/* harmony export */   parsePostgresUrl: () => (/* binding */ parsePostgresUrl),
/* harmony export */   translatePgError: () => (/* binding */ translatePgError)
/* harmony export */ });
/* harmony import */ var pg__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83849);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(83916);
/* harmony import */ var _sql_statement_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(79808);
/* harmony import */ var _dialect_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(20750);
/* harmony import */ var _sql_driver_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(55947);





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
const USAGE = 'use postgres://user:password@host:5432/database';
/** URL query parameters by which the URL itself decides about TLS (pg-connection-string reads them). */
const TLS_PARAMS = ['sslmode', 'ssl', 'sslrootcert', 'sslcert', 'sslkey', 'sslnegotiation'];
/** True for a host that is this machine: localhost, 127.0.0.0/8, ::1, or a Unix socket folder. */
function isLocalHost(host) {
    const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
    return (h === 'localhost' ||
        h.endsWith('.localhost') ||
        /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) ||
        h === '::1' ||
        h === '0:0:0:0:0:0:0:1' ||
        h.startsWith('/'));
}
/** Percent-decodes one part of the URL; a malformed escape (`%zz`) names the input and the part, not the value. */
function decodePart(text, part) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`postgres-url: the ${part} has a malformed percent escape (a % not followed by two hex digits); write % as %25 and other special characters as %XX`);
    }
}
/** Parses postgres-url: a postgres:// or postgresql:// URL. The message never repeats the value. */
function parsePostgresUrl(value) {
    let url;
    try {
        url = new URL(value.trim());
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`postgres-url: the value is not a URL; ${USAGE}`);
    }
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`postgres-url: the scheme is '${url.protocol}'; ${USAGE}`);
    }
    if (!url.hostname)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`postgres-url: the URL has no host; ${USAGE}`);
    const database = decodePart(url.pathname.replace(/^\//, ''), 'database name') || '(default)';
    const user = decodePart(url.username, 'user name') || '(default user)';
    const password = decodePart(url.password, 'password');
    // pg takes the host from ?host= when present (a socket folder, say), else from the URL.
    const host = url.searchParams.get('host') || url.hostname;
    const tls = TLS_PARAMS.some((p) => url.searchParams.has(p))
        ? 'url'
        : isLocalHost(host)
            ? 'local'
            : 'required';
    return {
        shown: `${url.hostname}:${url.port || '5432'}/${database} as ${user}`,
        url: value.trim(),
        password,
        tls,
    };
}
const passwordHandler = pg__WEBPACK_IMPORTED_MODULE_0__/* ["default"].Client */ .Ay.Client.prototype
    ._handleAuthCleartextPassword;
const CLEARTEXT_REFUSED = 'the server asked for the password in clear text over an unencrypted connection, and it was not sent; connect with TLS (sslmode=verify-full) or have the server use scram-sha-256';
class NoCleartextClient extends pg__WEBPACK_IMPORTED_MODULE_0__/* ["default"].Client */ .Ay.Client {
}
Object.defineProperty(NoCleartextClient.prototype, '_handleAuthCleartextPassword', {
    value(msg) {
        if (this.connection.stream?.encrypted !== true || !passwordHandler) {
            this.connection.emit('error', new Error(CLEARTEXT_REFUSED));
            return;
        }
        passwordHandler.call(this, msg);
    },
});
/** A pg error as one line with its SQLSTATE; a network error keeps its errno code. Never the password. */
function translatePgError(e, password) {
    const err = e;
    const code = typeof err.code === 'string' ? err.code : undefined;
    // pg's message is the server's primary message; errorMessage() would append the code a second time.
    let message = code && typeof err.message === 'string' && err.message ? (0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .oneLine */ .TN)(err.message) : (0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(e);
    if (password.length >= 3)
        message = message.split(password).join('***');
    if (code && /^[0-9A-Z]{5}$/.test(code)) {
        return new _sql_driver_js__WEBPACK_IMPORTED_MODULE_3__/* .SqlError */ .L(message, `SQLSTATE ${code}`, code === '57014');
    }
    if (/Query read timeout/.test(message))
        return new _sql_driver_js__WEBPACK_IMPORTED_MODULE_3__/* .SqlError */ .L(message, undefined, true);
    return new _sql_driver_js__WEBPACK_IMPORTED_MODULE_3__/* .SqlError */ .L(message.replace(/ \(E[A-Z_]+\)$/, ''), code);
}
/**
 * The PostgreSQL driver: one pg.Pool per run. Each query runs in a READ ONLY transaction whose
 * statement_timeout and TimeZone are set with set_config(…, true) (values as binds), then rolls back.
 */
async function createPostgresDriver(o) {
    const target = parsePostgresUrl(o.url);
    const pool = new pg__WEBPACK_IMPORTED_MODULE_0__/* ["default"].Pool */ .Ay.Pool({
        Client: NoCleartextClient,
        connectionString: target.url,
        // Without TLS settings in the URL, a server elsewhere gets TLS with its certificate checked
        // (verify-full); the URL's own settings (sslmode=disable included) are pg's to apply.
        ...(target.tls === 'required' ? { ssl: true } : {}),
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo((0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .oneLine */ .TN)(`postgres-url: cannot connect to ${target.shown}: ${err.message}`));
    }
    return {
        dialect: _dialect_js__WEBPACK_IMPORTED_MODULE_2__/* .postgresDialect */ .S,
        async query(q) {
            // Checked here too (config validation checks it first): nothing leaves unless it is one query.
            try {
                (0,_sql_statement_js__WEBPACK_IMPORTED_MODULE_1__/* .assertSingleQuery */ .d)(q.sql, _dialect_js__WEBPACK_IMPORTED_MODULE_2__/* .postgresDialect */ .S);
            }
            catch (e) {
                throw new _sql_driver_js__WEBPACK_IMPORTED_MODULE_3__/* .SqlError */ .L((0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(e), undefined);
            }
            const { text, values } = (0,_dialect_js__WEBPACK_IMPORTED_MODULE_2__/* .toPostgres */ .H)(q.sql, q.binds);
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
                // The extended protocol (Parse/Bind/Execute) takes exactly one statement, with or without binds:
                // pg would send a query without values as a simple Query message, which runs every statement in
                // the text, a COMMIT that ends the read-only transaction included.
                // A client-side backstop in case the server never answers (statement_timeout is the real limit).
                const result = await client.query({
                    text,
                    values,
                    queryMode: 'extended',
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
            const code = e instanceof _sql_driver_js__WEBPACK_IMPORTED_MODULE_3__/* .SqlError */ .L ? e.code : e.code;
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
