export const id = 27;
export const ids = [27];
export const modules = {

/***/ 44027:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createOracleDriver: () => (/* binding */ createOracleDriver),
/* harmony export */   setSessionTimeZone: () => (/* binding */ setSessionTimeZone),
/* harmony export */   translateOracleError: () => (/* binding */ translateOracleError)
/* harmony export */ });
/* harmony import */ var oracledb__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(56364);
/* harmony import */ var oracledb__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(oracledb__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(83916);
/* harmony import */ var _sql_binds_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(44417);
/* harmony import */ var _sql_statement_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(79808);
/* harmony import */ var _dialect_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(99535);
/* harmony import */ var _sql_driver_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(55947);
/* harmony import */ var _net_excerpt_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(64002);







/** Codes worth another attempt: a dropped connection, a deadlock or a serialization failure. */
const TRANSIENT = new Set([
    'NJS-500',
    'NJS-501',
    'ORA-03113',
    'ORA-03114',
    'ORA-03135',
    'ORA-00060',
    'ORA-08177',
    'ORA-12571',
]);
/**
 * A node-oracledb error as one line with its code (ORA-xxxxx, NJS-xxx): the first line of the message
 * (the rest is a help link or the cause again), with the password and the connect string removed.
 */
function translateOracleError(e, secrets) {
    const err = e;
    const code = typeof err.code === 'string' && /^(ORA|NJS|DPI|TNS)-\d+$/.test(err.code) ? err.code : undefined;
    let message = typeof err.message === 'string' && err.message ? err.message.split('\n')[0] : (0,_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .errorMessage */ .gJ)(e);
    if (secrets.connectString.length >= 3)
        message = message.split(secrets.connectString).join('<connect string>');
    if (secrets.password.length >= 3)
        message = message.split(secrets.password).join('***');
    return new _sql_driver_js__WEBPACK_IMPORTED_MODULE_4__/* .SqlError */ .L((0,_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .oneLine */ .TN)(message), code, code === 'NJS-123' || code === 'DPI-1067');
}
/**
 * The text of an IANA zone name as it may appear in SQL: letters, digits and _ + - in '/'-separated parts
 * ('Europe/Paris', 'America/Port-au-Prince', 'Etc/GMT+5', 'UTC'). No quote, space or other character can
 * get through, so the name can be written into ALTER SESSION (which takes no binds) as a literal.
 */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;
/**
 * The statement that sets a session's time zone to the run's IANA zone. Oracle converts a TIMESTAMP or
 * DATE compared with a TIMESTAMP WITH TIME ZONE bind using the session time zone, so the day window
 * [:day_start, :day_end) then covers the local day, DST included (a region, not a fixed offset).
 */
function setSessionTimeZone(zone) {
    if (zone.length > 64 || !ZONE_NAME.test(zone))
        throw new _sql_driver_js__WEBPACK_IMPORTED_MODULE_4__/* .SqlError */ .L(`the time zone '${(0,_net_excerpt_js__WEBPACK_IMPORTED_MODULE_5__/* .excerpt */ .K)(zone, 64)}' is not an IANA zone name`, undefined);
    return `ALTER SESSION SET TIME_ZONE = '${zone}'`;
}
/** The local wall clock of a DATE/TIMESTAMP value (node-oracledb builds these Dates from local fields). */
function wallClock(d) {
    const p = (n, w = 2) => String(n).padStart(w, '0');
    return `${p(d.getFullYear(), 4)}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
/**
 * The Oracle driver: node-oracledb in Thin mode (no Instant Client), one pool per run. Each query runs on
 * a pooled connection with callTimeout, after ALTER SESSION SET TIME_ZONE = '<run's zone>' and SET
 * TRANSACTION READ ONLY, and is rolled back.
 */
async function createOracleDriver(o, lib = (oracledb__WEBPACK_IMPORTED_MODULE_0___default())) {
    if (!lib.thin)
        throw new Error('node-oracledb is not in Thin mode; kpi-collector never initialises the Oracle Client');
    const secrets = { password: o.password, connectString: o.connectString };
    const connectSeconds = Math.max(1, Math.ceil(o.connectTimeoutSeconds));
    const numberTypes = [
        lib.DB_TYPE_NUMBER,
        lib.DB_TYPE_BINARY_FLOAT,
        lib.DB_TYPE_BINARY_DOUBLE,
        lib.DB_TYPE_BINARY_INTEGER,
    ];
    const textTypes = [
        lib.DB_TYPE_VARCHAR,
        lib.DB_TYPE_NVARCHAR,
        lib.DB_TYPE_CHAR,
        lib.DB_TYPE_NCHAR,
        lib.DB_TYPE_CLOB,
        lib.DB_TYPE_NCLOB,
    ];
    const dateTypes = [
        lib.DB_TYPE_DATE,
        lib.DB_TYPE_TIMESTAMP,
        lib.DB_TYPE_TIMESTAMP_TZ,
        lib.DB_TYPE_TIMESTAMP_LTZ,
    ];
    const kind = (t) => numberTypes.includes(t)
        ? 'number'
        : textTypes.includes(t)
            ? 'text'
            : dateTypes.includes(t)
                ? 'date'
                : 'other';
    // DATE and TIMESTAMP have no zone: hand them over as their wall-clock text, not as a Date in node's zone.
    const fetchTypeHandler = (meta) => meta.dbType === lib.DB_TYPE_DATE || meta.dbType === lib.DB_TYPE_TIMESTAMP
        ? { converter: (v) => (v instanceof Date ? wallClock(v) : v) }
        : undefined;
    let created;
    try {
        created = await lib.createPool({
            user: o.user,
            password: o.password,
            connectString: o.connectString,
            poolMin: 0,
            poolMax: o.poolSize,
            poolIncrement: 1,
            connectTimeout: connectSeconds,
            transportConnectTimeout: connectSeconds,
            queueTimeout: 0,
        });
        const probe = await created.getConnection();
        try {
            probe.callTimeout = connectSeconds * 1000;
            await probe.execute('SELECT 1 FROM DUAL');
        }
        finally {
            await probe.close().catch(() => { });
        }
    }
    catch (e) {
        await created?.close(0).catch(() => { });
        const err = translateOracleError(e, secrets);
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo(`oracle-connect-string: cannot connect as ${o.user}: ${err.message}`);
    }
    const pool = created;
    return {
        dialect: _dialect_js__WEBPACK_IMPORTED_MODULE_3__/* .oracleDialect */ .n,
        async query(q) {
            // One query only: execute() also runs PL/SQL blocks (BEGIN … END), CALL and DML, and a block can
            // COMMIT or run an autonomous transaction past SET TRANSACTION READ ONLY.
            try {
                (0,_sql_statement_js__WEBPACK_IMPORTED_MODULE_2__/* .assertSingleQuery */ .d)(q.sql, _dialect_js__WEBPACK_IMPORTED_MODULE_3__/* .oracleDialect */ .n);
            }
            catch (e) {
                throw new _sql_driver_js__WEBPACK_IMPORTED_MODULE_4__/* .SqlError */ .L((0,_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .errorMessage */ .gJ)(e), undefined);
            }
            const setZone = setSessionTimeZone(q.timeZone);
            const binds = {};
            for (const p of (0,_sql_binds_js__WEBPACK_IMPORTED_MODULE_1__/* .scanPlaceholders */ .m7)(q.sql, _dialect_js__WEBPACK_IMPORTED_MODULE_3__/* .oracleDialect */ .n)) {
                if (Object.keys(binds).some((k) => k.toLowerCase() === p.name))
                    continue;
                const v = q.binds[p.name];
                if (!v)
                    throw new _sql_driver_js__WEBPACK_IMPORTED_MODULE_4__/* .SqlError */ .L(`bind variable :${p.text} has no value`, undefined);
                if (v.kind === 'timestamptz')
                    binds[p.text] = { type: lib.DB_TYPE_TIMESTAMP_TZ, val: new Date(v.ms) };
                else {
                    const [y, m, d] = v.date.split('-').map(Number);
                    // DATE binds are written from the Date's local fields: local midnight of that calendar date.
                    binds[p.text] = { type: lib.DB_TYPE_DATE, val: new Date(y, m - 1, d) };
                }
            }
            let conn;
            try {
                conn = await pool.getConnection();
            }
            catch (e) {
                throw translateOracleError(e, secrets);
            }
            let drop = false;
            try {
                conn.callTimeout = Math.max(1, Math.round(q.timeoutMs));
                // Thin mode starts a session in ORA_SDTZ or node's UTC offset at logon (a fixed offset, wrong across
                // DST), and a pooled session keeps what the last query set: set the run's zone before every query.
                try {
                    await conn.execute(setZone);
                }
                catch (e) {
                    const err = translateOracleError(e, secrets);
                    throw new _sql_driver_js__WEBPACK_IMPORTED_MODULE_4__/* .SqlError */ .L(`cannot set the session time zone to ${q.timeZone}: ${err.message}`, err.code, err.timedOut);
                }
                await conn.execute('SET TRANSACTION READ ONLY');
                const result = await conn.execute(q.sql, binds, {
                    outFormat: lib.OUT_FORMAT_ARRAY,
                    fetchTypeHandler,
                });
                return {
                    columns: (result.metaData ?? []).map((m) => ({
                        name: m.name,
                        kind: kind(m.dbType),
                        type: m.dbTypeName ?? m.dbType.columnTypeName ?? m.dbType.name,
                    })),
                    rows: result.rows ?? [],
                };
            }
            catch (e) {
                const err = translateOracleError(e, secrets);
                // After a call timeout or a broken connection the session is unusable: drop it from the pool.
                drop =
                    err.timedOut ||
                        (err.code !== undefined && (err.code.startsWith('NJS-') || TRANSIENT.has(err.code)));
                throw err;
            }
            finally {
                if (!drop) {
                    await conn.rollback().catch(() => {
                        drop = true;
                    });
                }
                await conn.close(drop ? { drop: true } : undefined).catch(() => { });
            }
        },
        isTransient(e) {
            const code = e.code;
            return typeof code === 'string' && TRANSIENT.has(code);
        },
        close: () => pool.close(0),
    };
}


/***/ })

};
