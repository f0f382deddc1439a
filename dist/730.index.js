export const id = 730;
export const ids = [730,180,367];
export const modules = {

/***/ 44180:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  collectAndStore: () => (/* binding */ collectAndStore)
});

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/dates.ts
var dates = __webpack_require__(37718);
// EXTERNAL MODULE: ./src/errors.ts
var src_errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/config.ts
var src_config = __webpack_require__(22973);
// EXTERNAL MODULE: ./src/kpi.ts
var src_kpi = __webpack_require__(31625);
// EXTERNAL MODULE: ./src/inputs.ts
var inputs = __webpack_require__(38422);
;// CONCATENATED MODULE: ./src/progress.ts
/**
 * Progress lines for long collections: at most one line per interval, saying what the KPI last reported
 * (`done/total unit`), or that it is still collecting when it reports nothing, so a long backfill never
 * looks hung in the log.
 */
class Progress {
    label;
    log;
    intervalMs;
    now;
    started;
    lastLine;
    latest;
    printed;
    timer;
    constructor(label, log, intervalMs, now = Date.now) {
        this.label = label;
        this.log = log;
        this.intervalMs = intervalMs;
        this.now = now;
        this.started = this.lastLine = now();
        this.timer = setInterval(() => this.tick(), intervalMs);
        this.timer.unref();
    }
    /** Records progress; prints it when the last line is at least an interval old. */
    report(done, total, unit) {
        this.latest = { done, total, unit };
        this.tick();
    }
    /** Prints a line when one is due: the latest progress if it moved, else a heartbeat. */
    tick() {
        if (this.now() - this.lastLine < this.intervalMs)
            return;
        const p = this.latest;
        if (p && p !== this.printed) {
            this.printed = p;
            const pct = p.total > 0 ? ` (${Math.floor((100 * p.done) / p.total)} %)` : '';
            this.line(`${p.done}/${p.total} ${p.unit}${pct}`);
        }
        else {
            this.line('still collecting');
        }
    }
    stop() {
        clearInterval(this.timer);
    }
    line(what) {
        this.lastLine = this.now();
        this.log.info(`${this.label}: ${what}, ${Math.round((this.lastLine - this.started) / 1000)} s`);
    }
}

// EXTERNAL MODULE: ./src/suggest.ts
var suggest = __webpack_require__(42969);
// EXTERNAL MODULE: ./src/redact.ts
var redact = __webpack_require__(76670);
// EXTERNAL MODULE: ./src/store/local-store.ts
var local_store = __webpack_require__(28430);
// EXTERNAL MODULE: ./src/store/csv.ts
var csv = __webpack_require__(32909);
// EXTERNAL MODULE: ./src/store/layout.ts
var layout = __webpack_require__(5891);
// EXTERNAL MODULE: ./src/store/object-store.ts
var object_store = __webpack_require__(73266);
;// CONCATENATED MODULE: ./src/store/writer.ts



const MAX_CONFLICT_RETRIES = 8;
/** True when the variable belongs to one of the KPIs (`<kpi id>.<component>`). */
function belongsTo(variable, kpiIds) {
    const cut = variable.lastIndexOf('.');
    return cut > 0 && kpiIds.has(variable.slice(0, cut));
}
/**
 * Writes one source and day: reads the current object, drops the rows of the KPIs this run collected,
 * adds the new ones and writes the whole object back, conditional on it being unchanged. Rows of other
 * KPIs are kept, so a re-run with a subset of KPIs replaces only those.
 */
async function writeDay(store, prefix, source, date, rows, collectedKpis) {
    const key = (0,layout/* objectKey */.T5)(prefix, source, date);
    for (let attempt = 0;; attempt++) {
        const current = await store.get(key);
        const existing = current ? (0,csv/* parseCsv */.Wk)(current.body, store.describe(key)) : [];
        const kept = existing.filter((r) => r.date === date && r.source === source && !belongsTo(r.variable, collectedKpis));
        const merged = [...kept, ...rows].sort((a, b) => a.variable < b.variable ? -1 : a.variable > b.variable ? 1 : 0);
        const seen = new Set();
        for (const r of merged) {
            if (seen.has(r.variable))
                throw new Error(`${store.describe(key)}: ${r.variable} would be stored twice`);
            seen.add(r.variable);
        }
        let body;
        try {
            body = (0,csv/* formatCsv */.yv)(merged);
        }
        catch (e) {
            throw new Error(`${store.describe(key)}: ${e.message}; fix or remove the object`, {
                cause: e,
            });
        }
        try {
            await store.put(key, body, current?.version);
            return {
                date,
                location: store.describe(key),
                written: rows.length,
                kept: kept.length,
                conflicts: attempt,
            };
        }
        catch (e) {
            if (!(e instanceof object_store/* ConflictError */.f) || attempt >= MAX_CONFLICT_RETRIES)
                throw e;
            await new Promise((r) => setTimeout(r, Math.random() * 50 * 2 ** Math.min(attempt, 5)));
        }
    }
}

// EXTERNAL MODULE: ./src/report/aggregate.ts
var aggregate = __webpack_require__(28105);
// EXTERNAL MODULE: ./src/report/read.ts
var read = __webpack_require__(95756);
;// CONCATENATED MODULE: ./src/engine.ts















/** Days of the trend shown in the job summary. */
const TREND_DAYS = 14;
/**
 * The collected KPIs over the last TREND_DAYS days, read back from the store (one list and at most
 * TREND_DAYS reads). A failure here only loses the trend: it is logged and the run goes on.
 */
async function recentTrend(o) {
    const { store, prefix, source, kpis, collected, endDate, log } = o;
    try {
        const days = await (0,read/* readRecentDays */.$7)(store, prefix, source.name, endDate, TREND_DAYS);
        return (0,aggregate/* buildReport */.FK)({
            data: new Map([[source.name, days]]),
            definitions: (0,aggregate/* kpiInfos */.aX)([source], () => kpis.filter((k) => !source.kpis.includes(k))),
            from: (0,dates/* addDays */.fi)(endDate, 1 - TREND_DAYS),
            to: endDate,
            every: 'day',
            kpis: collected,
        });
    }
    catch (e) {
        log.warning(`trend of the last ${TREND_DAYS} days not read back: ${(0,src_errors/* errorMessage */.gJ)(e)}`);
        return undefined;
    }
}
/** The stores of a run. The AWS SDK is loaded only when a bucket is given (it dominates start-up time). */
async function buildStores(options, signal) {
    const stores = [];
    if (options.s3) {
        const { S3Store } = await Promise.all(/* import() */[__webpack_require__.e(299), __webpack_require__.e(71)]).then(__webpack_require__.bind(__webpack_require__, 41071));
        stores.push(new S3Store({ ...options.s3, signal }));
    }
    if (options.outputDir)
        stores.push(new local_store/* LocalStore */.V(options.outputDir));
    return stores;
}
/** Resolves which KPIs run and with which params; every mistake is a UserError. */
function selectKpis(o) {
    const { source, all, sources, requested, configKpis } = o;
    let chosen;
    if (requested) {
        chosen = [];
        for (const id of requested) {
            const kpi = all.find((k) => k.id === id);
            if (kpi) {
                if (!chosen.includes(kpi))
                    chosen.push(kpi);
                continue;
            }
            const owner = sources.find((s) => s !== source && s.kpis.some((k) => k.id === id));
            if (owner)
                throw new src_errors/* UserError */.yo(`kpis: '${id}' belongs to source ${owner.name}, not ${source.name}; run it with source: ${owner.name}`);
            const known = all.map((k) => k.id);
            const prefixed = `${source.name}.${id}`;
            const hint = known.includes(prefixed) ? `; did you mean '${prefixed}'?` : (0,suggest/* didYouMean */.a)(id, known);
            throw new src_errors/* UserError */.yo(`kpis: '${id}' is not a KPI of source ${source.name}${hint}; known: ${known.join(', ') || '(none configured)'}`);
        }
    }
    else {
        chosen = all.filter((k) => configKpis[(0,src_config/* shortName */.EU)(k.id)]?.enabled !== false);
        if (chosen.length === 0) {
            throw new src_errors/* UserError */.yo(`kpis: no KPI of source ${source.name} is enabled; enable one in the config or name it in kpis`);
        }
    }
    return chosen.map((kpi) => {
        const parsed = kpi.params.safeParse(configKpis[(0,src_config/* shortName */.EU)(kpi.id)]?.params ?? {});
        if (!parsed.success) {
            const issue = parsed.error.issues[0];
            throw new src_errors/* UserError */.yo(`config: sources.${source.name}.kpis.${(0,src_config/* shortName */.EU)(kpi.id)}.${issue?.path.join('.')}: ${issue?.message}`);
        }
        return { kpi, params: parsed.data };
    });
}
/** Collects one KPI into rows; a failure is returned as data, never thrown. */
async function collectKpi(o) {
    const { kpi, params } = o.selected;
    const declared = new Set(kpi.components.map((c) => c.name));
    const acc = new src_kpi/* Accumulator */.$H(new Set(o.windows.map((w) => w.date)), kpi.components.length ? declared : undefined, new Set(kpi.components.filter((c) => c.unit === 'seconds').map((c) => c.name)));
    const progress = new Progress(kpi.id, o.log, o.progressMs);
    try {
        if (o.signal.aborted)
            throw new Error('cancelled before it started');
        await kpi.collect({
            run: o.run,
            params,
            windows: o.windows,
            days: o.days,
            timeZone: o.timeZone,
            acc,
            log: o.log,
            signal: o.signal,
            progress: (done, total, unit) => progress.report(done, total, unit),
        });
    }
    catch (e) {
        return { rows: [], error: (0,redact/* redact */.E$)(`${kpi.id}: ${(0,src_errors/* errorMessage */.gJ)(e)}`) };
    }
    finally {
        progress.stop();
    }
    if (kpi.fillZeros !== false) {
        for (const w of o.windows)
            for (const c of kpi.components)
                if (!acc.has(w.date, c.name))
                    acc.add(w.date, c.name, 0);
    }
    const rows = acc.entries().map(([date, component, value]) => ({
        date,
        source: o.source.name,
        variable: `${kpi.id}.${component}`,
        value,
    }));
    return { rows };
}
/** Fails before anything runs when an input the source requires is missing. */
function assertRequiredInputs(source, inputs) {
    for (const input of source.inputs) {
        if (input.required && !inputs[input.name]) {
            const from = input.secret ? 'pass it from a repository secret' : 'set the input';
            throw new src_errors/* UserError */.yo(`${input.name}: is required for source ${source.name}; ${from} (CLI: set ${input.env})`);
        }
    }
}
/**
 * The whole run, outside of Actions or the CLI: validate, collect every KPI (failures as data), then write
 * one object per day. Bad input throws a UserError before anything is written.
 */
async function collectAndStore(options, deps) {
    const { sources, log } = deps;
    const env = deps.env ?? process.env;
    const now = deps.now ?? Date.now();
    const signal = deps.signal ?? new AbortController().signal;
    const cwd = deps.cwd ?? process.cwd();
    const source = sources.find((s) => s.name === options.source);
    if (!source) {
        throw new src_errors/* UserError */.yo(`source: '${options.source}' is not a source; use one of ${sources.map((s) => s.name).join(', ')}`);
    }
    const config = await (0,src_config.loadConfig)(options.configPath, external_node_path_.resolve(cwd, inputs/* DEFAULTS */.zY.configFile), sources);
    const sc = (0,src_config.sourceConfig)(config, source);
    const all = (0,src_config.sourceKpis)(source, sc.settings);
    // KPIs that need a setting the config does not give are not collected, and cannot be named.
    const unmet = all.filter((k) => k.requires && [undefined, null, ''].includes(sc.settings[k.requires]));
    for (const k of unmet) {
        if (options.kpis?.includes(k.id)) {
            throw new src_errors/* UserError */.yo(`kpis: '${k.id}' needs sources.${source.name}.${k.requires} in the config; set it, or leave ${k.id} out`);
        }
    }
    const selected = selectKpis({
        source,
        all: all.filter((k) => !unmet.includes(k)),
        sources,
        requested: options.kpis,
        configKpis: sc.kpis,
    });
    assertRequiredInputs(source, options.inputs);
    const windows = (0,dates/* dayWindows */.q5)(options.startDate, options.endDate, options.timeZone);
    const days = new dates/* DayIndex */.FV(windows);
    const stores = options.dryRun ? [] : await (deps.stores ?? buildStores)(options.store, signal);
    for (const store of stores)
        await store.check();
    const run = await source.createRun({
        inputs: options.inputs,
        settings: sc.settings,
        log,
        signal,
        env,
        timeZone: options.timeZone,
        mode: deps.mode ?? 'cli',
    });
    const warnings = source.rangeWarnings?.(windows, now, run) ?? [];
    if (options.endDate >= (0,dates/* today */.Ec)(options.timeZone, now)) {
        warnings.push(`${options.endDate} is today in ${options.timeZone}: the day is not over, so its figures are partial; ` +
            're-collect it tomorrow (the scheduled run collects yesterday)');
    }
    for (const w of warnings)
        log.warning(w);
    const collectedAt = new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const outcomes = [];
    const rows = [];
    try {
        for (const sel of selected) {
            const started = Date.now();
            const result = await log.group(sel.kpi.id, async () => {
                log.info(`${sel.kpi.id}: collecting ${windows.length} day(s) ${options.startDate}..${options.endDate} (${options.timeZone})`);
                const r = await collectKpi({
                    source,
                    selected: sel,
                    run,
                    windows,
                    days,
                    timeZone: options.timeZone,
                    log,
                    signal,
                    progressMs: deps.progressMs ?? 15_000,
                });
                if (r.error)
                    log.error(r.error);
                else
                    log.info(`${sel.kpi.id}: ${r.rows.length} row(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
                return r;
            });
            outcomes.push({
                id: sel.kpi.id,
                ok: !result.error,
                error: result.error,
                rows: result.rows.length,
                ms: Date.now() - started,
            });
            for (const r of result.rows)
                rows.push({ ...r, collected_at: collectedAt });
        }
    }
    finally {
        await source.closeRun?.(run);
    }
    const sourceLines = source.summaryLines?.(run) ?? [];
    const collected = new Set(outcomes.filter((o) => o.ok).map((o) => o.id));
    const persisted = await persist({
        stores,
        prefix: options.store.prefix,
        source: source.name,
        windows,
        rows,
        collected,
        signal,
        log,
        fallbackRoot: external_node_path_.join(env.RUNNER_TEMP || external_node_os_.tmpdir(), 'kpi-collector-unsaved'),
        runId: `${source.name}-${options.startDate}-${options.endDate}-${collectedAt.replace(/[-:]/g, '')}`,
    });
    const trend = stores[0] && persisted.writes.length > 0
        ? await recentTrend({
            store: stores[0],
            prefix: options.store.prefix,
            source,
            kpis: all,
            collected: [...collected],
            endDate: options.endDate,
            log,
        })
        : undefined;
    return {
        source: source.name,
        startDate: options.startDate,
        endDate: options.endDate,
        timeZone: options.timeZone,
        dryRun: options.dryRun,
        kpis: outcomes,
        rows,
        writes: persisted.writes,
        writeErrors: persisted.errors,
        unwrittenDays: persisted.unwrittenDays,
        savedDir: persisted.savedDir,
        cancelled: signal.aborted,
        trend,
        failed: outcomes.filter((o) => !o.ok).map((o) => o.id),
        warnings,
        sourceLines,
    };
}
/**
 * Writes one object per day to each store. A store that fails (after the SDK's retries) is not tried for
 * the remaining days; a cancelled run writes nothing more. Rows that did not reach every store are saved
 * in the same layout under the fallback folder, so nothing collected is lost.
 */
async function persist(p) {
    const writes = [];
    const errors = [];
    const unwritten = new Set();
    if (p.collected.size === 0 || p.stores.length === 0)
        return { writes, errors, unwrittenDays: [] };
    const byDate = new Map(p.windows.map((w) => [w.date, []]));
    for (const r of p.rows)
        byDate.get(r.date)?.push(r);
    for (const store of p.stores) {
        let broken = false;
        for (const w of p.windows) {
            if (broken || p.signal.aborted) {
                unwritten.add(w.date);
                continue;
            }
            try {
                writes.push(await writeDay(store, p.prefix, p.source, w.date, byDate.get(w.date), p.collected));
            }
            catch (e) {
                broken = true;
                unwritten.add(w.date);
                const message = (0,redact/* redact */.E$)(`${store.describe(p.prefix)}: ${(0,src_errors/* errorMessage */.gJ)(e)}`);
                errors.push(message);
                p.log.error(`write failed, the remaining days are not tried on this store: ${message}`);
            }
        }
    }
    if (unwritten.size === 0)
        return { writes, errors, unwrittenDays: [] };
    const unwrittenDays = [...unwritten].sort();
    const savedDir = external_node_path_.join(p.fallbackRoot, p.runId);
    try {
        const fallback = new local_store/* LocalStore */.V(savedDir);
        for (const date of unwrittenDays) {
            await writeDay(fallback, p.prefix, p.source, date, byDate.get(date), p.collected);
        }
        p.log.warning(`rows of ${unwrittenDays.length} day(s) not written to the store were saved under ${savedDir}; ` +
            're-run with the same inputs to write them');
        return { writes, errors, unwrittenDays, savedDir };
    }
    catch (e) {
        errors.push(`saving unwritten rows under ${savedDir} failed: ${(0,src_errors/* errorMessage */.gJ)(e)}`);
        return { writes, errors, unwrittenDays };
    }
}


/***/ }),

/***/ 66367:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ rowsWritten),
/* harmony export */   onTermination: () => (/* binding */ onTermination),
/* harmony export */   runFailure: () => (/* binding */ runFailure)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76670);


/** The first error no one caught (an exception in an event handler, a rejected promise no one awaited). */
let uncaught;
/** Why a finished run failed, or undefined when everything was collected and written. */
function runFailure(report) {
    const failed = report.failed.length;
    if (report.cancelled && uncaught) {
        const saved = report.savedDir ? `; collected rows saved under ${report.savedDir}` : '';
        return `stopped by an error no code caught (${uncaught}): ${failed} KPI(s) not collected, ${report.unwrittenDays.length} day(s) not written${saved}`;
    }
    if (report.cancelled) {
        return `cancelled: ${failed} KPI(s) not collected, ${report.unwrittenDays.length} day(s) not written; see the summary`;
    }
    if (report.writeErrors.length > 0) {
        const saved = report.savedDir ? `; rows saved under ${report.savedDir}` : '';
        return `storage failed for ${report.unwrittenDays.length} day(s): ${report.writeErrors[0]}${saved}`;
    }
    if (failed > 0 && failed === report.kpis.length) {
        return `every KPI failed (${report.failed.join(', ')}); nothing was written`;
    }
    if (failed > 0)
        return `${failed} KPI(s) failed: ${report.failed.join(', ')}; the others were written`;
    return undefined;
}
/** Rows that reached every store: those of the days written everywhere (0 for a dry run). */
function rowsWritten(report) {
    if (report.dryRun || report.writes.length === 0)
        return 0;
    const unwritten = new Set(report.unwrittenDays);
    return report.rows.filter((r) => !unwritten.has(r.date)).length;
}
/**
 * Turns SIGINT/SIGTERM (a cancelled job: the runner sends SIGINT, then SIGTERM about 7.5 s later) into an
 * abort: collection stops, nothing more is written, what was collected is saved and the summary says what
 * was not collected. A second signal, or 7 s without finishing, exits at once.
 *
 * An uncaught exception or an unhandled rejection (a library throwing in an event handler) is treated the
 * same way rather than killing the process with a stack trace (issue 14, item 2): the run stops, the rows
 * already collected are saved, and the failure names the error. A second one, or 7 s, exits with 1.
 */
function onTermination() {
    const controller = new AbortController();
    const stop = (reason) => {
        if (controller.signal.aborted)
            process.exit(1);
        controller.abort(reason);
        setTimeout(() => process.exit(1), 7_000).unref();
    };
    const handler = (sig) => stop(new Error(`cancelled by ${sig}`));
    const fatal = (error) => {
        const message = (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error);
        if (controller.signal.aborted) {
            process.stderr.write(`kpi-collector: another uncaught error while stopping: ${(0,_redact_js__WEBPACK_IMPORTED_MODULE_0__/* .redact */ .E$)(message)}\n`);
            process.exit(1);
        }
        uncaught = message;
        stop(new Error(`stopped by an uncaught error: ${message}`));
    };
    process.on('SIGTERM', handler);
    process.on('SIGINT', handler);
    process.on('uncaughtException', fatal);
    process.on('unhandledRejection', fatal);
    return {
        signal: controller.signal,
        dispose: () => {
            process.off('SIGTERM', handler);
            process.off('SIGINT', handler);
            process.off('uncaughtException', fatal);
            process.off('unhandledRejection', fatal);
        },
    };
}


/***/ }),

/***/ 41730:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   run: () => (/* binding */ run)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(96421);
/* harmony import */ var _engine_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(44180);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(83916);
/* harmony import */ var _action_spec_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(93969);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(38422);
/* harmony import */ var _lifecycle_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(66367);
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(76670);
/* harmony import */ var _sources_index_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(58459);
/* harmony import */ var _summary_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(28855);









/** The Actions log: groups, and an error annotation per failed KPI. */
const actionsLogger = {
    info: (m) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq((0,_redact_js__WEBPACK_IMPORTED_MODULE_5__/* .redact */ .E$)(m)),
    warning: (m) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e((0,_redact_js__WEBPACK_IMPORTED_MODULE_5__/* .redact */ .E$)(m)),
    error: (m) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .error */ .z3((0,_redact_js__WEBPACK_IMPORTED_MODULE_5__/* .redact */ .E$)(m)),
    group: (name, fn) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .group */ .Os(name, fn),
};
/** The action: read inputs → collect → write → outputs and summary. Never throws. */
async function run(deps = {}) {
    const sources = deps.sources ?? _sources_index_js__WEBPACK_IMPORTED_MODULE_6__/* .SOURCES */ .H;
    // Mask every secret input of every source before anything else can log.
    const secret = new Map((0,_action_spec_js__WEBPACK_IMPORTED_MODULE_2__/* .sourceInputs */ .ZU)(sources)
        .filter((i) => i.secret)
        .map((i) => [i.name, i]));
    const getInput = (name) => {
        const value = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4(name);
        const input = secret.get(name);
        if (value && input) {
            for (const part of [value, ...(input.secretParts?.(value) ?? [])]) {
                _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(part);
                for (const form of (0,_redact_js__WEBPACK_IMPORTED_MODULE_5__/* .registerSecret */ .cl)(part))
                    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(form);
            }
        }
        return value;
    };
    for (const name of secret.keys())
        getInput(name);
    const stop = deps.signal ? undefined : (0,_lifecycle_js__WEBPACK_IMPORTED_MODULE_4__.onTermination)();
    let report;
    try {
        const options = (0,_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .parseInputs */ .TL)(getInput, { sources });
        report = await (0,_engine_js__WEBPACK_IMPORTED_MODULE_1__.collectAndStore)(options, {
            sources,
            mode: 'action',
            log: actionsLogger,
            signal: stop?.signal,
            ...deps,
        });
    }
    catch (e) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1((0,_redact_js__WEBPACK_IMPORTED_MODULE_5__/* .redact */ .E$)(e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_8__/* .UserError */ .yo ? e.message : `kpi-collector: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .errorMessage */ .gJ)(e)}`));
        return;
    }
    finally {
        stop?.dispose();
    }
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('rows', String((0,_lifecycle_js__WEBPACK_IMPORTED_MODULE_4__/* .rowsWritten */ .V)(report)));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('objects', report.writes.map((w) => w.location).join('\n'));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('failed-kpis', report.failed.join(','));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('saved-dir', report.savedDir ?? '');
    try {
        await _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.addRaw((0,_redact_js__WEBPACK_IMPORTED_MODULE_5__/* .redact */ .E$)((0,_summary_js__WEBPACK_IMPORTED_MODULE_7__.renderSummary)(report))).write();
    }
    catch (e) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`job summary not written: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .errorMessage */ .gJ)(e)}`);
    }
    const failure = (0,_lifecycle_js__WEBPACK_IMPORTED_MODULE_4__.runFailure)(report);
    if (failure)
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1((0,_redact_js__WEBPACK_IMPORTED_MODULE_5__/* .redact */ .E$)(failure));
    else
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`${_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .Inputs */ .G0.Source} ${report.source}: ${report.rows.length} row(s) collected`);
}


/***/ }),

/***/ 12011:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fl: () => (/* binding */ formatValue),
/* harmony export */   Gc: () => (/* binding */ renderMarkdown),
/* harmony export */   KM: () => (/* binding */ sparkline),
/* harmony export */   PQ: () => (/* binding */ renderCsv),
/* harmony export */   TV: () => (/* binding */ missingRanges),
/* harmony export */   WC: () => (/* binding */ cellOf),
/* harmony export */   bo: () => (/* binding */ renderTable),
/* harmony export */   hF: () => (/* binding */ renderJson),
/* harmony export */   hR: () => (/* binding */ FORMATS),
/* harmony export */   wY: () => (/* binding */ partialNote),
/* harmony export */   xX: () => (/* binding */ shownSeries),
/* harmony export */   ye: () => (/* binding */ rangeLine)
/* harmony export */ });
/* unused harmony export csvCell */
/* harmony import */ var _dates_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37718);
/* harmony import */ var _aggregate_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(28105);
/* harmony import */ var _periods_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(12476);
/* harmony import */ var _units_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(17885);




const FORMATS = ['table', 'csv', 'json', 'markdown', 'html'];
/** The mark of a missing value (gap or undefined ratio) in the human formats. */
const NO_VALUE = '—';
const SPARKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/** The sparkline character of a missing value. */
const SPARK_GAP = '·';
/** A Unicode sparkline, one character per value, scaled from the smallest to the largest; null is a gap. */
function sparkline(values) {
    const present = values.filter((v) => v !== null && Number.isFinite(v));
    if (present.length === 0)
        return values.map(() => SPARK_GAP).join('');
    const min = Math.min(...present);
    const max = Math.max(...present);
    return values
        .map((v) => {
        if (v === null || !Number.isFinite(v))
            return SPARK_GAP;
        // Equal up to float noise (2.1 d computed from different sums): flat, not a jump from ▁ to █.
        if (max - min <= 1e-9 * Math.max(Math.abs(max), Math.abs(min)))
            return min === 0 ? SPARKS[0] : SPARKS[3];
        return SPARKS[Math.round(((v - min) / (max - min)) * (SPARKS.length - 1))];
    })
        .join('');
}
/** A value for people in its unit (`3m 42s`, `12.5%`, `12,345`); the gap mark for null. */
function formatValue(value, unit = '') {
    return value === null ? NO_VALUE : (0,_units_js__WEBPACK_IMPORTED_MODULE_3__/* .formatIn */ .hO)(unit, value);
}
/**
 * The cell of a figure in its unit: its value, or its note when it has none ("> 1 h" for a rank above the
 * last bucket), or the gap mark.
 */
function cellOf(f, unit = '') {
    if (f.value === null) {
        const bound = /^> (-?\d+(?:\.\d+)?)$/.exec(f.note ?? '');
        return bound ? `> ${(0,_units_js__WEBPACK_IMPORTED_MODULE_3__/* .formatIn */ .hO)(unit, Number(bound[1]))}` : NO_VALUE;
    }
    return (0,_units_js__WEBPACK_IMPORTED_MODULE_3__/* .formatIn */ .hO)(unit, f.value);
}
/** Series shown to people: buckets are inputs of percentiles and only appear in csv and json. */
function shownSeries(k) {
    return k.series.filter((s) => !s.bucket);
}
/** The days of the range without data for the KPI, as compact ranges (at most `limit`, then a count). */
function missingRanges(report, k, limit = 12) {
    const have = new Set(k.dates);
    const ranges = [];
    for (let d = report.from; d <= report.to; d = (0,_dates_js__WEBPACK_IMPORTED_MODULE_0__/* .addDays */ .fi)(d, 1)) {
        if (have.has(d))
            continue;
        const last = ranges[ranges.length - 1];
        if (last && (0,_dates_js__WEBPACK_IMPORTED_MODULE_0__/* .addDays */ .fi)(last[1], 1) === d)
            last[1] = d;
        else
            ranges.push([d, d]);
    }
    const shown = ranges.slice(0, limit).map(([a, b]) => (a === b ? a : `${a}..${b}`));
    if (ranges.length > limit)
        shown.push(`and ${ranges.length - limit} more`);
    return shown;
}
function renderJson(report) {
    return JSON.stringify((0,_aggregate_js__WEBPACK_IMPORTED_MODULE_1__/* .allFigures */ .J6)(report), null, 2) + '\n';
}
/**
 * One CSV cell (RFC 4180), safe to open in a spreadsheet: a cell that is not a plain number and starts with
 * `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` so no formula runs (OWASP "CSV
 * injection"), and a cell holding a comma, a quote or a line break is quoted, so it can't shift columns.
 * The store's ids are validated when read; this is the second line of defence.
 */
function csvCell(text) {
    const plainNumber = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text);
    const safe = !plainNumber && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
function renderCsv(report) {
    const lines = ['period_start,period_end,variable,value,days,note'];
    for (const f of (0,_aggregate_js__WEBPACK_IMPORTED_MODULE_1__/* .allFigures */ .J6)(report)) {
        const value = f.value === null ? '' : String(f.value);
        lines.push([f.period_start, f.period_end, f.variable, value, String(f.days), f.note ?? ''].map(csvCell).join(','));
    }
    return lines.join('\r\n') + '\r\n';
}
/** A period's label, with "(partial)" when the range cuts its week or month. */
function periodCell(report, i) {
    const p = report.periods[i];
    return `${(0,_periods_js__WEBPACK_IMPORTED_MODULE_2__/* .periodLabel */ .gi)(p, report.every)}${(0,_periods_js__WEBPACK_IMPORTED_MODULE_2__/* .isPartial */ .mt)(p, report.every) ? ' (partial)' : ''}`;
}
/** The footnote of partial periods, when there are any. */
function partialNote(report) {
    if (!report.periods.some((p) => (0,_periods_js__WEBPACK_IMPORTED_MODULE_2__/* .isPartial */ .mt)(p, report.every)))
        return undefined;
    const what = report.every === 'week' ? 'week' : 'month';
    return `(partial): the range covers only part of that ${what}, so its sums are over fewer days than a whole ${what}'s.`;
}
/** The rows of one KPI's table: period, days with data / days in the period, then one column per series. */
function tableRows(report, k) {
    const series = shownSeries(k);
    const header = ['period', 'days', ...series.map((s) => s.name)];
    const rows = report.periods.map((p, i) => [
        periodCell(report, i),
        `${k.days[i]}/${(0,_dates_js__WEBPACK_IMPORTED_MODULE_0__/* .daysBetween */ .YM)(p.start, p.end) + 1}`,
        ...series.map((s) => cellOf(k.figures.get(s.variable)[i], s.unit)),
    ]);
    return { header, rows };
}
function title(k) {
    return `${k.kpi.id}${k.kpi.unit ? ` (${k.kpi.unit})` : ''}`;
}
/** The range and how it is split, in words: "2026-01-05 to 2026-03-01, by ISO week (Monday to Sunday)". */
function rangeLine(report) {
    const span = report.from === report.to ? report.from : `${report.from} to ${report.to}`;
    return `${span}, ${(0,_periods_js__WEBPACK_IMPORTED_MODULE_2__/* .everyPhrase */ .Z0)(report.every, report.from, report.to)}`;
}
/** Plain text: one aligned table per KPI, a sparkline per figure, then the days without data. */
function renderTable(report) {
    const out = [`KPI report, ${rangeLine(report)}`, ''];
    if (report.empty)
        out.push(report.empty, '');
    else if (report.kpis.length === 0)
        out.push('No data in this range.', '');
    for (const k of report.kpis) {
        out.push(`${title(k)}: ${k.kpi.definition}`);
        const { header, rows } = tableRows(report, k);
        const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => [...r[c]].length)));
        const line = (cells) => cells
            .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
            .join('  ')
            .trimEnd();
        out.push(line(header), ...rows.map(line));
        if (report.periods.length > 1) {
            const series = shownSeries(k);
            const nameWidth = Math.max(...series.map((s) => s.name.length));
            out.push('trend:');
            for (const s of series) {
                out.push(`  ${s.name.padEnd(nameWidth)}  ${sparkline(k.figures.get(s.variable).map((f) => f.value))}`);
            }
        }
        const missing = missingRanges(report, k);
        if (missing.length > 0)
            out.push(`no data: ${missing.join(', ')}`);
        out.push('');
    }
    const partial = partialNote(report);
    if (partial && report.kpis.length > 0)
        out.push(partial, '');
    return out.join('\n');
}
const md = (t) => t.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
function renderMarkdown(report) {
    const out = [`# KPI report`, '', `${rangeLine(report)}.`, ''];
    if (report.empty)
        out.push(md(report.empty), '');
    else if (report.kpis.length === 0)
        out.push('No data in this range.', '');
    for (const k of report.kpis) {
        out.push(`## \`${k.kpi.id}\``, '', `${md(k.kpi.definition)}${k.kpi.unit ? ` Unit: ${k.kpi.unit}.` : ''}`, '');
        const { header, rows } = tableRows(report, k);
        const numeric = header.map((_, c) => c > 0);
        out.push(`| ${header.map(md).join(' | ')} |`);
        out.push(`| ${numeric.map((n) => (n ? '---:' : '---')).join(' | ')} |`);
        for (const r of rows)
            out.push(`| ${r.map(md).join(' | ')} |`);
        out.push('');
        const missing = missingRanges(report, k);
        if (missing.length > 0)
            out.push(`No data: ${missing.join(', ')}.`, '');
    }
    const partial = partialNote(report);
    if (partial && report.kpis.length > 0)
        out.push(partial, '');
    return out.join('\n');
}


/***/ }),

/***/ 17885:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T0: () => (/* binding */ formatTick),
/* harmony export */   VZ: () => (/* binding */ formatQuantity),
/* harmony export */   a3: () => (/* binding */ formatDuration),
/* harmony export */   hO: () => (/* binding */ formatIn),
/* harmony export */   uF: () => (/* binding */ axisUnit)
/* harmony export */ });
/* unused harmony export formatPercent */
/**
 * Figures for people (table, markdown, HTML, job summary). The unit comes from the KPI definition
 * (Component.unit / Derived.unit): `seconds` reads as a duration (`42 s`, `3m 42s`, `6.2 h`, `4.1 d`),
 * `ratio` as a percentage, anything else (`count`, `EUR`, …) as a number with thousands separators.
 * csv and json keep the exact values; these strings are only ever shown.
 */
const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
/** A plain number with thousands separators and a few significant decimals (`12,345`, `2.35`, `0.042`). */
function formatQuantity(value) {
    if (Number.isInteger(value))
        return GROUPED.format(value);
    const abs = Math.abs(value);
    const decimals = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 1 ? 2 : 3;
    const text = new Intl.NumberFormat('en-US', {
        maximumFractionDigits: decimals,
        ...(abs < 1 ? { maximumSignificantDigits: 3 } : {}),
    }).format(value);
    return text === '-0' ? '0' : text;
}
/** One decimal unless it would be `.0`, with thousands separators: `6.2`, `12`, `1,234`. */
function oneDecimal(value) {
    return new Intl.NumberFormat('en-US', { maximumFractionDigits: value < 100 ? 1 : 0 }).format(value);
}
/**
 * A duration in seconds: under a minute `42 s` (`4.2 s` under 10), under an hour `3m 42s`, under a day
 * `6.2 h`, then `4.1 d`.
 */
function formatDuration(seconds) {
    if (seconds < 0)
        return `-${formatDuration(-seconds)}`;
    if (seconds < 59.5) {
        const s = seconds < 9.95 ? Math.round(seconds * 10) / 10 : Math.round(seconds);
        return `${s} s`;
    }
    if (seconds < 3600 - 0.5) {
        const whole = Math.round(seconds);
        const m = Math.floor(whole / 60);
        const s = whole % 60;
        return s === 0 ? `${m}m` : `${m}m ${s}s`;
    }
    if (seconds < 86400 - 180)
        return `${oneDecimal(seconds / 3600)} h`;
    return `${oneDecimal(seconds / 86400)} d`;
}
/** A ratio as a percentage: `12.5%`, `100%`, `<0.1%` for a small non-zero share. */
function formatPercent(ratio) {
    const pct = ratio * 100;
    if (pct !== 0 && Math.abs(pct) < 0.05)
        return pct > 0 ? '<0.1%' : '>-0.1%';
    return `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(pct)}%`;
}
/** A value in its unit, for people. */
function formatIn(unit, value) {
    if (unit === 'seconds')
        return formatDuration(value);
    if (unit === 'ratio')
        return formatPercent(value);
    return formatQuantity(value);
}
/**
 * The unit of an axis for a series unit and the largest value drawn: the divisor from the stored unit and the
 * axis title. Durations are drawn in the largest of seconds, minutes, hours, days that keeps ticks readable.
 */
function axisUnit(unit, max) {
    if (unit === 'seconds') {
        if (max >= 2 * 86400)
            return { divisor: 86400, title: 'days', suffix: ' d' };
        if (max >= 2 * 3600)
            return { divisor: 3600, title: 'hours', suffix: ' h' };
        if (max >= 120)
            return { divisor: 60, title: 'minutes', suffix: ' min' };
        return { divisor: 1, title: 'seconds', suffix: ' s' };
    }
    if (unit === 'ratio')
        return { divisor: 0.01, title: 'percent', suffix: '%' };
    return { divisor: 1, title: unit, suffix: '' };
}
/** An axis tick: compact above a million (`12.5M`), else with separators (`250,000`). */
function formatTick(value) {
    const abs = Math.abs(value);
    if (abs >= 1e9)
        return `${trim(value / 1e9)}B`;
    if (abs >= 1e6)
        return `${trim(value / 1e6)}M`;
    return new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(Number(value.toPrecision(12)));
}
const trim = (n) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(n);


/***/ }),

/***/ 28855:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   renderSummary: () => (/* binding */ renderSummary)
/* harmony export */ });
/* harmony import */ var _report_format_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(12011);
/* harmony import */ var _report_units_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(17885);


function escapeCell(text) {
    return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}
/** The job summary of a run, as Markdown: what was written per day, what failed, and why. */
function renderSummary(report) {
    const out = [];
    const range = report.startDate === report.endDate ? report.startDate : `${report.startDate} .. ${report.endDate}`;
    out.push(`## kpi-collector: ${report.source}, ${range} (${report.timeZone})`, '');
    const ok = report.kpis.filter((k) => k.ok).length;
    out.push(`${ok} of ${report.kpis.length} KPI(s) collected, ${(0,_report_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatQuantity */ .VZ)(report.rows.length)} row(s)` +
        (report.dryRun ? ' — dry run, nothing written.' : `, ${report.writes.length} object(s) written.`), '');
    for (const w of report.warnings)
        out.push(`> [!WARNING]`, `> ${escapeCell(w)}`, '');
    if (report.cancelled) {
        out.push('> [!CAUTION]', '> The run was cancelled: KPIs listed as failed were not collected, and the days below were not written.', '');
    }
    if (report.writeErrors.length > 0 || report.unwrittenDays.length > 0) {
        out.push('### Not written', '');
        for (const e of report.writeErrors)
            out.push(`- ${escapeCell(e)}`);
        if (report.unwrittenDays.length > 0)
            out.push(`- days not written: ${report.unwrittenDays.join(', ')}`);
        if (report.savedDir) {
            out.push(`- the collected rows were saved under \`${escapeCell(report.savedDir)}\` (output \`saved-dir\`; keep it with actions/upload-artifact). Re-run with the same inputs to write them.`);
        }
        out.push('');
    }
    out.push('| KPI | status | rows | time |', '| --- | --- | ---: | ---: |');
    for (const k of report.kpis) {
        out.push(`| \`${k.id}\` | ${k.ok ? '✅ collected' : '❌ failed'} | ${(0,_report_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatQuantity */ .VZ)(k.rows)} | ${(0,_report_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a3)(k.ms / 1000)} |`);
    }
    out.push('');
    if (report.writes.length > 0) {
        out.push('| day | rows of this run | rows kept | object |', '| --- | ---: | ---: | --- |');
        for (const w of report.writes)
            out.push(`| ${w.date} | ${(0,_report_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatQuantity */ .VZ)(w.written)} | ${(0,_report_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatQuantity */ .VZ)(w.kept)} | \`${escapeCell(w.location)}\` |`);
        out.push('');
    }
    if (report.trend)
        out.push(...renderTrend(report.trend, report.endDate));
    const failures = report.kpis.filter((k) => !k.ok);
    if (failures.length > 0) {
        out.push('### Failed', '');
        for (const k of failures) {
            // The error names its KPI first (as the log shows it); the list names it already.
            const error = (k.error ?? 'failed').replace(`${k.id}: `, '');
            out.push(`- \`${k.id}\`: ${escapeCell(error)}`);
        }
        out.push('', 'Rows of the failed KPIs were not changed in the store; re-run the same dates to collect them.', '');
    }
    if (report.sourceLines.length > 0) {
        out.push(...report.sourceLines.map((l) => `- ${escapeCell(l)}`), '');
    }
    return out.join('\n');
}
/**
 * Per KPI: the figures of the last collected day and, when the store holds earlier days, a sparkline of the
 * last days (one character a day, `·` for a day without data).
 */
function renderTrend(trend, endDate) {
    const out = [`### Figures of ${endDate}, and the last ${trend.periods.length} days`, ''];
    out.push('| figure | value | trend | days with data |', '| --- | ---: | --- | ---: |');
    for (const k of trend.kpis) {
        const withHistory = k.dates.length > 1;
        for (const s of (0,_report_format_js__WEBPACK_IMPORTED_MODULE_0__/* .shownSeries */ .xX)(k)) {
            const figures = k.figures.get(s.variable);
            const last = figures[figures.length - 1];
            const line = withHistory ? (0,_report_format_js__WEBPACK_IMPORTED_MODULE_0__/* .sparkline */ .KM)(figures.map((f) => f.value)) : '';
            out.push(`| \`${s.variable}\` | ${escapeCell((0,_report_format_js__WEBPACK_IMPORTED_MODULE_0__/* .cellOf */ .WC)(last, s.unit))} | ${line} | ${k.dates.length} |`);
        }
    }
    out.push('');
    return out;
}


/***/ })

};
