export const id = 180;
export const ids = [180];
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


/***/ })

};
