export const id = 267;
export const ids = [267,973];
export const modules = {

/***/ 22973:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EU: () => (/* binding */ shortName),
/* harmony export */   loadConfig: () => (/* binding */ loadConfig),
/* harmony export */   sourceConfig: () => (/* binding */ sourceConfig),
/* harmony export */   sourceKpis: () => (/* binding */ sourceKpis)
/* harmony export */ });
/* unused harmony exports configJsonSchema, parseConfigText */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(38816);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(38815);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(83916);
/* harmony import */ var _suggest_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(42969);






/** Config files larger than this are refused before parsing. */
const MAX_CONFIG_BYTES = 1024 * 1024;
/** The short name of a KPI inside its source block: `databricks.cluster_startup` → `cluster_startup`. */
function shortName(kpiId) {
    return kpiId.slice(kpiId.indexOf('.') + 1);
}
function kpiEntrySchema(kpi) {
    const params = kpi.params;
    const entry = params.extend({
        enabled: zod__WEBPACK_IMPORTED_MODULE_3__/* .boolean */ .zMY()
            .optional()
            .describe('Collect this KPI when the run does not name KPIs (default true).'),
    });
    return zod__WEBPACK_IMPORTED_MODULE_3__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_3__/* .boolean */ .zMY().describe('true or false: enable or disable this KPI.'), entry])
        .describe(kpi.definition);
}
function sourceSchema(source) {
    if (source.kpis.length === 0)
        return source.settings;
    const kpis = zod__WEBPACK_IMPORTED_MODULE_3__/* .strictObject */ .rej(Object.fromEntries(source.kpis.map((k) => [shortName(k.id), kpiEntrySchema(k)])))
        .partial()
        .describe(`Per-KPI switches and params of ${source.name}.`);
    return source.settings.extend({ kpis: kpis.optional() });
}
/** The one schema of the config file, built from the registered sources and KPIs. */
function configSchema(sources) {
    const shape = Object.fromEntries(sources.map((s) => [s.name, sourceSchema(s).describe(s.description)]));
    return zod__WEBPACK_IMPORTED_MODULE_3__/* .strictObject */ .rej({
        sources: zod__WEBPACK_IMPORTED_MODULE_3__/* .strictObject */ .rej(shape)
            .partial()
            .optional()
            .describe('Settings per source, keyed by source name.'),
    })
        .describe('kpi-collector configuration');
}
/** The JSON Schema published for editor completion (schema/kpis.schema.json). */
function configJsonSchema(sources) {
    return {
        ...z.toJSONSchema(configSchema(sources), { io: 'input', unrepresentable: 'any' }),
        title: 'kpi-collector config (.github/kpis.yml)',
    };
}
/**
 * Formats a zod issue as `path: message`, descending into unions to the branch that matched furthest. An
 * unknown key comes first (a misspelt key also leaves a required one missing: the spelling is the cause),
 * with the closest known key at that place.
 */
function describeIssues(issues, root, prefix = []) {
    const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
    if (!issue)
        return 'invalid';
    const at = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
        const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0];
        return describeIssues(best, root, at);
    }
    const where = at.length ? at.map(String).join('.') : '(top level)';
    let message = issue.message.replace(/^Invalid input: /, '');
    if (issue.code === 'unrecognized_keys') {
        const known = keysAt(root, at);
        const hint = issue.keys.length === 1 ? (0,_suggest_js__WEBPACK_IMPORTED_MODULE_4__/* .didYouMean */ .a)(issue.keys[0], known) : '';
        message = `unknown key ${issue.keys.map((k) => `'${k}'`).join(', ')}${hint}`;
    }
    return `${where}: ${message}`;
}
function depth(issues) {
    return Math.max(0, ...issues.map((i) => i.path.length + (i.code === 'invalid_type' && i.path.length === 0 ? 0 : 1)));
}
/** The keys an object schema accepts at a path (through optional, default, arrays, records and unions). */
function keysAt(schema, at) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let s = schema;
    const unwrap = () => {
        for (;;) {
            const t = s?.def?.type;
            if (t === 'optional' || t === 'default' || t === 'nullable' || t === 'prefault')
                s = s.def.innerType;
            else if (t === 'pipe')
                s = s.def.in;
            else
                return;
        }
    };
    for (const seg of at) {
        unwrap();
        const t = s?.def?.type;
        if (t === 'object')
            s = s.shape[String(seg)];
        else if (t === 'array')
            s = s.def.element;
        else if (t === 'record')
            s = s.def.valueType;
        else if (t === 'union') {
            s = s.def.options
                .map((o) => o)
                .find((o) => o.def?.type === 'object' && o.shape && String(seg) in o.shape)?.shape[String(seg)];
        }
        else
            return [];
    }
    unwrap();
    if (s?.def?.type === 'object')
        return Object.keys(s.shape);
    if (s?.def?.type === 'union') {
        return s.def.options.flatMap((o) => o.def?.type === 'object' && o.shape ? Object.keys(o.shape) : []);
    }
    return [];
}
/**
 * Loads the config: an explicit path must exist; otherwise the default file is used if present, else the
 * built-in defaults. Validates against the schema; errors name the file and the path inside it.
 */
async function loadConfig(explicitPath, defaultPath, sources) {
    let file = explicitPath;
    if (!file) {
        const exists = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises
            .stat(defaultPath)
            .then((s) => s.isFile())
            .catch(() => false);
        if (!exists)
            return { raw: {} };
        file = defaultPath;
    }
    const shown = node_path__WEBPACK_IMPORTED_MODULE_1__.relative(process.cwd(), file) || file;
    let text;
    try {
        const stat = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.stat(file);
        if (!stat.isFile())
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo(`config: ${shown} is not a file; pass the path of a YAML file`);
        if (stat.size > MAX_CONFIG_BYTES) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo(`config: ${shown} is ${stat.size} bytes, over the ${MAX_CONFIG_BYTES}-byte limit; trim it`);
        }
        text = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.readFile(file, 'utf8');
    }
    catch (e) {
        if (e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo)
            throw e;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo(`config: ${shown} does not exist or cannot be read; fix the path or remove the input`);
    }
    return { file, raw: parseConfigText(text, shown, sources) };
}
function parseConfigText(text, shown, sources) {
    const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .parseDocument */ .Tp)(text, { uniqueKeys: true, prettyErrors: false });
    if (doc.errors.length > 0) {
        const err = doc.errors[0];
        const line = err.linePos?.[0]?.line;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo(`config: ${shown}${line ? ` line ${line}` : ''} is not valid YAML: ${err.message.split('\n')[0]}`);
    }
    let data;
    try {
        data = doc.toJS({ maxAliasCount: 50 });
    }
    catch (e) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo(`config: ${shown} is refused: ${e.message.split('\n')[0]}`);
    }
    if (data === null || data === undefined)
        data = {};
    const schema = configSchema(sources);
    const result = schema.safeParse(data);
    if (!result.success) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo(`config: ${shown}: ${describeIssues(result.error.issues, schema)}; see schema/kpis.schema.json`);
    }
    return result.data;
}
/** The config of one source, with settings defaults applied. */
function sourceConfig(config, source) {
    const block = (config.raw.sources?.[source.name] ?? {});
    // A source without built-in KPIs (the SQL sources) keeps its `kpis` list in its own settings.
    if (source.kpis.length === 0)
        return { settings: source.settings.parse(block), kpis: {} };
    const { kpis: kpiBlock, ...rest } = block;
    const settings = source.settings.parse(rest);
    const kpis = {};
    for (const [name, entry] of Object.entries((kpiBlock ?? {}))) {
        if (typeof entry === 'boolean')
            kpis[name] = { enabled: entry, params: {} };
        else {
            const { enabled, ...params } = entry;
            kpis[name] = { enabled: enabled !== false, params };
        }
    }
    return { settings, kpis };
}
/**
 * A source's KPIs: built-in, then those its config defines. A config KPI may not take a built-in's id
 * (it would never run: the built-in would).
 */
function sourceKpis(source, settings) {
    const configured = source.configKpis?.(settings) ?? [];
    for (const k of configured) {
        if (source.kpis.some((b) => b.id === k.id)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .UserError */ .yo(`config: sources.${source.name}: '${shortName(k.id)}' is the id of a built-in KPI (${k.id}); give your KPI another id`);
        }
    }
    return [...source.kpis, ...configured];
}


/***/ }),

/***/ 28105:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FK: () => (/* binding */ buildReport),
/* harmony export */   J6: () => (/* binding */ allFigures),
/* harmony export */   MZ: () => (/* binding */ kpiOf),
/* harmony export */   aX: () => (/* binding */ kpiInfos)
/* harmony export */ });
/* unused harmony export interpolatePercentile */
/* harmony import */ var _periods_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(12476);

/** The definitions the report uses: built-in KPIs of each source, plus KPIs a config defines (SQL sources). */
function kpiInfos(sources, configKpis = () => []) {
    return sources.flatMap((s) => [...s.kpis, ...configKpis(s)].map((k) => ({
        id: k.id,
        source: s.name,
        definition: k.definition,
        unit: k.unit,
        notes: k.notes,
        components: k.components,
        derived: k.derived,
        known: true,
    })));
}
/** The KPI id of a stored variable: everything before the last dot. */
function kpiOf(variable) {
    return variable.slice(0, variable.lastIndexOf('.'));
}
const BUCKET_RE = /^le_(\d+(?:\.\d+)?)$/;
/**
 * Orders components for every format: buckets `le_<n>` after the others, by numeric bound (`le_20` before
 * `le_100`, which a text sort would swap); other names keep their order (a stable sort).
 */
function bucketOrder(a, b) {
    const ba = BUCKET_RE.exec(a);
    const bb = BUCKET_RE.exec(b);
    if (ba && bb)
        return Number(ba[1]) - Number(bb[1]);
    return ba ? 1 : bb ? -1 : 0;
}
function seriesOf(kpi, stored) {
    const out = [];
    const declared = new Set(kpi.components.map((c) => c.name));
    const components = [
        ...kpi.components,
        ...[...stored]
            .filter((v) => kpiOf(v) === kpi.id && !declared.has(v.slice(kpi.id.length + 1)))
            .map((v) => v.slice(kpi.id.length + 1))
            .sort()
            .map((v) => ({
            name: v,
            description: 'stored, not declared',
            unit: '',
        })),
    ].sort((a, b) => bucketOrder(a.name, b.name));
    for (const c of components) {
        out.push({
            variable: `${kpi.id}.${c.name}`,
            kpi: kpi.id,
            name: c.name,
            unit: c.unit,
            description: c.description,
            kind: 'component',
            bucket: BUCKET_RE.test(c.name),
        });
    }
    for (const d of kpi.derived) {
        out.push({
            variable: `${kpi.id}.${d.name}`,
            kpi: kpi.id,
            name: d.name,
            unit: d.unit,
            description: d.description,
            kind: d.kind,
            bucket: false,
        });
    }
    return out;
}
/** Sums per period of one KPI, in one pass over the stored days (periodOf: date → period index). */
function sumPeriods(data, periodOf, count, kpiId) {
    const out = Array.from({ length: count }, () => ({
        sum: new Map(),
        days: new Map(),
        anyDays: 0,
        byDay: [],
    }));
    for (const [date, values] of data ?? []) {
        const index = periodOf.get(date);
        if (index === undefined)
            continue;
        const s = out[index];
        const day = new Map();
        for (const [variable, value] of values) {
            if (kpiOf(variable) !== kpiId)
                continue;
            const name = variable.slice(kpiId.length + 1);
            s.sum.set(name, (s.sum.get(name) ?? 0) + value);
            let dates = s.days.get(name);
            if (!dates)
                s.days.set(name, (dates = new Set()));
            dates.add(date);
            day.set(name, value);
        }
        if (day.size > 0) {
            s.anyDays++;
            s.byDay.push(day);
        }
    }
    return out;
}
/** Cumulative buckets by numeric bound: [bound, count], ascending. */
function bucketsOf(sums, prefix) {
    const out = [];
    for (const [name, count] of sums) {
        if (!name.startsWith(prefix))
            continue;
        const bound = name.slice(prefix.length);
        if (!/^\d+(?:\.\d+)?$/.test(bound))
            continue;
        out.push([Number(bound), count]);
    }
    return out.sort((a, b) => a[0] - b[0]);
}
/**
 * The q-quantile from cumulative bucket counts: rank = q × total; the first bucket whose count reaches the
 * rank holds it, and the value is interpolated linearly from the previous bound (0 for the first bucket) to
 * this bound, as the share of that bucket's observations needed to reach the rank. A rank above the last
 * bucket has no value (null, note "> last bound"): the histogram can't say how far above it lies.
 */
function interpolatePercentile(buckets, quantile, total) {
    if (buckets.length === 0)
        return { value: null, note: 'no buckets stored' };
    if (!(total > 0))
        return { value: null };
    const rank = quantile * total;
    let prevBound = 0;
    let prevCount = 0;
    for (const [bound, count] of buckets) {
        if (count >= rank && count > prevCount) {
            return { value: prevBound + ((rank - prevCount) / (count - prevCount)) * (bound - prevBound) };
        }
        prevBound = bound;
        prevCount = Math.max(prevCount, count);
    }
    return { value: null, note: `> ${prevBound}` };
}
/**
 * A derived figure of one period. Only the days that hold every input of the figure count: a day that stores
 * `count` but not `seconds` is a gap for `avg_seconds` (as a missing day is), never a zero numerator. The
 * inputs are the numerator and denominator components of a ratio; the total components and every bucket
 * stored in the period for a percentile (summing a bucket over fewer days than its neighbours would break
 * the cumulative order).
 */
function derive(d, s) {
    const inputs = d.kind === 'ratio'
        ? [...new Set([...d.numerator, ...d.denominator])]
        : [...bucketsOf(s.sum, d.buckets).map(([b]) => `${d.buckets}${b}`), ...d.total];
    const complete = s.byDay.filter((day) => inputs.every((n) => day.has(n)));
    const sum = new Map();
    for (const day of complete)
        for (const n of inputs)
            sum.set(n, (sum.get(n) ?? 0) + day.get(n));
    const total = (names) => names.reduce((acc, n) => acc + (sum.get(n) ?? 0), 0);
    const days = complete.length;
    if (days === 0 || (d.kind === 'percentile' && inputs.length === d.total.length)) {
        return { value: null, days: 0 }; // no day with every input (or no bucket stored): a gap
    }
    if (d.kind === 'ratio') {
        const den = total(d.denominator);
        if (den === 0)
            return { value: null, days, note: 'denominator is 0' };
        return { value: total(d.numerator) / den, days };
    }
    return { ...interpolatePercentile(bucketsOf(sum, d.buckets), d.quantile, total(d.total)), days };
}
/**
 * Per period: sums each stored component over the days present, then computes every derived figure from
 * those sums (ratios of sums, percentiles from summed buckets), never from daily figures.
 */
function buildReport(o) {
    const periods = (0,_periods_js__WEBPACK_IMPORTED_MODULE_0__/* .periods */ .RE)(o.from, o.to, o.every);
    const byId = new Map(o.definitions.map((k) => [k.id, k]));
    const periodOf = new Map();
    periods.forEach((p, i) => {
        for (const d of (0,_periods_js__WEBPACK_IMPORTED_MODULE_0__/* .datesOf */ .rs)(p.start, p.end))
            periodOf.set(d, i);
    });
    const stored = new Map(); // kpi id → variables stored in range
    for (const [, days] of o.data) {
        for (const [date, values] of days) {
            if (date < o.from || date > o.to)
                continue;
            for (const variable of values.keys()) {
                const id = kpiOf(variable);
                let set = stored.get(id);
                if (!set)
                    stored.set(id, (set = new Set()));
                set.add(variable);
            }
        }
    }
    const ids = o.kpis
        ? [...o.kpis]
        : [
            ...o.definitions.map((k) => k.id).filter((id) => stored.has(id)),
            ...[...stored.keys()].filter((id) => !byId.has(id)).sort(),
        ];
    const kpis = [];
    for (const id of ids) {
        const source = id.slice(0, id.indexOf('.'));
        const kpi = byId.get(id) ?? {
            id,
            source,
            definition: 'Not defined by any registered source or the config: stored components only.',
            unit: '',
            components: [],
            derived: [],
            known: false,
        };
        const series = seriesOf(kpi, stored.get(id) ?? new Set());
        const figures = new Map(series.map((s) => [s.variable, []]));
        const days = [];
        const dates = [...(o.data.get(kpi.source) ?? new Map())]
            .filter(([date, values]) => date >= o.from && date <= o.to && [...values.keys()].some((v) => kpiOf(v) === id))
            .map(([date]) => date)
            .sort();
        const perPeriod = sumPeriods(o.data.get(kpi.source), periodOf, periods.length, id);
        for (const [pi, p] of periods.entries()) {
            const sums = perPeriod[pi];
            days.push(sums.anyDays);
            for (const s of series) {
                let f;
                if (s.kind === 'component') {
                    const n = sums.days.get(s.name)?.size ?? 0;
                    f = { value: n > 0 ? sums.sum.get(s.name) : null, days: n };
                }
                else {
                    f = derive(kpi.derived.find((d) => d.name === s.name), sums);
                }
                const figure = { period_start: p.start, period_end: p.end, variable: s.variable, ...f };
                if (figure.note === undefined)
                    delete figure.note;
                figures.get(s.variable).push(figure);
            }
        }
        kpis.push({ kpi, series, days, dates, figures });
    }
    return { from: o.from, to: o.to, every: o.every, periods, kpis };
}
/** Every figure, period by period, in series order: the rows of the json and csv formats. */
function allFigures(report) {
    const out = [];
    report.periods.forEach((_, i) => {
        for (const k of report.kpis)
            for (const s of k.series)
                out.push(k.figures.get(s.variable)[i]);
    });
    return out;
}


/***/ }),

/***/ 12476:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   RE: () => (/* binding */ periods),
/* harmony export */   Z0: () => (/* binding */ everyPhrase),
/* harmony export */   gi: () => (/* binding */ periodLabel),
/* harmony export */   k7: () => (/* binding */ EVERY),
/* harmony export */   lU: () => (/* binding */ naturalDays),
/* harmony export */   mt: () => (/* binding */ isPartial),
/* harmony export */   rs: () => (/* binding */ datesOf)
/* harmony export */ });
/* unused harmony exports isoWeekStart, isoWeekLabel */
/* harmony import */ var _dates_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37718);

const EVERY = ['day', 'week', 'month', 'all'];
/** Monday of the ISO week that holds the date (ISO weeks run Monday to Sunday). */
function isoWeekStart(date) {
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
    return (0,_dates_js__WEBPACK_IMPORTED_MODULE_0__/* .addDays */ .fi)(date, -((weekday + 6) % 7));
}
/** ISO 8601 week label, e.g. 2026-W01 (the year is the one that holds the week's Thursday). */
function isoWeekLabel(date) {
    const thursday = (0,_dates_js__WEBPACK_IMPORTED_MODULE_0__/* .addDays */ .fi)(isoWeekStart(date), 3);
    const year = thursday.slice(0, 4);
    const week = Math.floor((0,_dates_js__WEBPACK_IMPORTED_MODULE_0__/* .daysBetween */ .YM)(`${year}-01-01`, thursday) / 7) + 1;
    return `${year}-W${String(week).padStart(2, '0')}`;
}
function lastOfMonth(date) {
    const [y, m] = date.split('-').map(Number);
    return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}
/**
 * Splits [from, to] into periods: single days, ISO weeks (Monday–Sunday), calendar months, or one period.
 * The first and last periods are clipped to the range, so a period never claims days that were not asked for.
 */
function periods(from, to, every) {
    if (from > to)
        return [];
    if (every === 'all')
        return [{ start: from, end: to }];
    const out = [];
    let start = from;
    while (start <= to) {
        const natural = every === 'day' ? start : every === 'week' ? (0,_dates_js__WEBPACK_IMPORTED_MODULE_0__/* .addDays */ .fi)(isoWeekStart(start), 6) : lastOfMonth(start);
        const end = natural < to ? natural : to;
        out.push({ start, end });
        start = (0,_dates_js__WEBPACK_IMPORTED_MODULE_0__/* .addDays */ .fi)(end, 1);
    }
    return out;
}
/** Every date of [from, to], in order. */
function datesOf(from, to) {
    const out = [];
    for (let d = from; d <= to; d = (0,_dates_js__WEBPACK_IMPORTED_MODULE_0__/* .addDays */ .fi)(d, 1))
        out.push(d);
    return out;
}
/** A short label for a period: the date, the ISO week, the month, or the range. */
function periodLabel(p, every) {
    if (every === 'day')
        return p.start;
    if (every === 'week')
        return isoWeekLabel(p.start);
    if (every === 'month')
        return p.start.slice(0, 7);
    return p.start === p.end ? p.start : `${p.start}..${p.end}`;
}
/** The natural span of the period that holds `date`: its ISO week, its month (null for day and all). */
function naturalSpan(date, every) {
    if (every === 'week')
        return { start: isoWeekStart(date), end: (0,_dates_js__WEBPACK_IMPORTED_MODULE_0__/* .addDays */ .fi)(isoWeekStart(date), 6) };
    if (every === 'month')
        return { start: `${date.slice(0, 7)}-01`, end: lastOfMonth(date) };
    return null;
}
/**
 * A week or month cut by the range (`--from` after its first day, `--to` before its last): its sums cover
 * fewer days than its neighbours', so it is marked partial rather than read as a drop.
 */
function isPartial(p, every) {
    const span = naturalSpan(p.start, every);
    return span !== null && (span.start !== p.start || span.end !== p.end);
}
/** Days in the natural period of a partial one (7 for a week, 28–31 for a month). */
function naturalDays(p, every) {
    const span = naturalSpan(p.start, every);
    return span ? (0,_dates_js__WEBPACK_IMPORTED_MODULE_0__/* .daysBetween */ .YM)(span.start, span.end) + 1 : (0,_dates_js__WEBPACK_IMPORTED_MODULE_0__/* .daysBetween */ .YM)(p.start, p.end) + 1;
}
/** How the range is split, in words: "day by day", "by ISO week (Monday to Sunday)", … */
function everyPhrase(every, from, to) {
    switch (every) {
        case 'day':
            return 'day by day';
        case 'week':
            return 'by ISO week (Monday to Sunday)';
        case 'month':
            return 'by calendar month';
        default: {
            const days = (0,_dates_js__WEBPACK_IMPORTED_MODULE_0__/* .daysBetween */ .YM)(from, to) + 1;
            return `as one period of ${days} ${days === 1 ? 'day' : 'days'}`;
        }
    }
}


/***/ }),

/***/ 95756:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $7: () => (/* binding */ readRecentDays),
/* harmony export */   Ie: () => (/* binding */ storeHoldings),
/* harmony export */   uz: () => (/* binding */ readStore)
/* harmony export */ });
/* harmony import */ var _concurrency_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(81532);
/* harmony import */ var _dates_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37718);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _store_csv_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(32909);
/* harmony import */ var _store_layout_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5891);





const DEFAULT_CONCURRENCY = 16;
/** `<prefix>/<rest>`, or `<rest>` when the layout sits at the root of the store. */
function underPrefix(prefix, rest) {
    return prefix ? `${prefix}/${rest}` : rest;
}
/**
 * Reads the stored days in [from, to] of the given sources (default: every source found under the prefix):
 * source → date → variable → value. A source asked for without data maps to an empty Map.
 *
 * Requests: LIST `<prefix>/` once (or `<prefix>/source=<s>/` per source asked for; a page per 1,000 objects),
 * then one GET per day in range that has an object, `concurrency` at a time. One GET per (source, date) in
 * range without listing would cost a request per day asked for, stored or not; listing costs at most one more
 * request per 1,000 stored objects, saves one per missing day, finds the sources, and is the only way to see
 * a second object in a partition. Nothing outside the range is downloaded.
 *
 * A day stored twice is an error naming the objects: a second CSV in a day's partition (a hand copy such as
 * `kpis (1).csv`), an object whose rows carry another date or source than its partition (an object copied
 * to another day), or a variable twice in one object.
 */
async function readStore(store, prefix, from, to, options = {}) {
    const keys = options.sources
        ? (await Promise.all(options.sources.map((s) => store.list(underPrefix(prefix, `source=${s}`))))).flat()
        : await store.list(prefix);
    const top = prefix ? `${prefix}/` : '';
    /** source → date → every CSV object in that partition */
    const partitions = new Map();
    for (const s of options.sources ?? [])
        partitions.set(s, new Map());
    for (const key of keys) {
        if (!key.startsWith(top))
            continue;
        const m = /^source=([a-z0-9_]+)\/date=(\d{4}-\d{2}-\d{2})\/([^/]+\.csv)$/.exec(key.slice(top.length));
        if (!m)
            continue;
        const [, source, date] = m;
        let byDate = partitions.get(source);
        if (!byDate)
            partitions.set(source, (byDate = new Map()));
        const list = byDate.get(date) ?? [];
        list.push(key);
        byDate.set(date, list);
    }
    const wanted = [];
    for (const [source, byDate] of partitions) {
        for (const [date, objects] of byDate) {
            if (date < from || date > to)
                continue;
            if (objects.length > 1) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${source} ${date} is stored twice: ${objects.map((k) => store.describe(k)).join(' and ')}; ` +
                    `keep only ${_store_layout_js__WEBPACK_IMPORTED_MODULE_2__/* .OBJECT_NAME */ ._i} in that folder`);
            }
            const key = objects[0];
            if (!key.endsWith(`/${_store_layout_js__WEBPACK_IMPORTED_MODULE_2__/* .OBJECT_NAME */ ._i}`)) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${store.describe(key)} is not named ${_store_layout_js__WEBPACK_IMPORTED_MODULE_2__/* .OBJECT_NAME */ ._i}; rename it so every reader sees the same day`);
            }
            wanted.push({ source, date, key });
        }
    }
    const read = new Map(); // key → values
    await (0,_concurrency_js__WEBPACK_IMPORTED_MODULE_3__/* .mapLimit */ .s)(wanted, options.concurrency ?? DEFAULT_CONCURRENCY, async ({ source, date, key }) => {
        const object = await store.get(key);
        if (!object)
            return; // deleted between LIST and GET: a gap
        const values = new Map();
        for (const row of (0,_store_csv_js__WEBPACK_IMPORTED_MODULE_4__/* .parseCsv */ .Wk)(object.body, store.describe(key))) {
            if (row.date !== date || row.source !== source) {
                const other = partitions.get(row.source)?.get(row.date)?.[0];
                if (other) {
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${row.source} ${row.date} is stored twice: ${store.describe(other)} and ${store.describe(key)} ` +
                        `(a copy in the partition of ${source} ${date}); remove the copy`);
                }
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${store.describe(key)} holds rows of ${row.source} ${row.date}, not of its partition ` +
                    `${source} ${date}; a copied object? fix or remove it`);
            }
            if (!(0,_store_csv_js__WEBPACK_IMPORTED_MODULE_4__/* .isVariableOf */ .aK)(source, row.variable)) {
                // What the writer never writes (a hand edit, another tool): refused, so no crafted text reaches a
                // report (a formula cell in csv, markup in html). Shown cut and JSON-quoted, control characters escaped.
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${store.describe(key)}: the variable ${JSON.stringify(row.variable.slice(0, 80))} is not a ` +
                    `dotted lowercase id of source ${source} (${source}.<kpi>.<component>); fix or remove that row`);
            }
            if (values.has(row.variable)) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${store.describe(key)}: ${row.variable} is stored twice; remove one row`);
            }
            values.set(row.variable, row.value);
        }
        read.set(key, values);
    });
    // Maps in date order, whatever order the GETs finished in.
    const out = new Map();
    for (const source of [...partitions.keys()].sort())
        out.set(source, new Map());
    wanted.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    for (const w of wanted) {
        const values = read.get(w.key);
        if (values)
            out.get(w.source).set(w.date, values);
    }
    return out;
}
/**
 * The sources under the prefix (or those asked for) with their first and last stored day, from one LIST per
 * source asked for (or of the prefix): what a report over an empty range says the store does hold.
 */
async function storeHoldings(store, prefix, sources) {
    const keys = sources
        ? (await Promise.all(sources.map((s) => store.list(underPrefix(prefix, `source=${s}`))))).flat()
        : await store.list(prefix);
    const top = prefix ? `${prefix}/` : '';
    const dates = new Map();
    for (const key of keys) {
        if (!key.startsWith(top))
            continue;
        const m = /^source=([a-z0-9_]+)\/date=(\d{4}-\d{2}-\d{2})\/[^/]+\.csv$/.exec(key.slice(top.length));
        if (!m)
            continue;
        let set = dates.get(m[1]);
        if (!set)
            dates.set(m[1], (set = new Set()));
        set.add(m[2]);
    }
    return [...dates.keys()].sort().map((source) => {
        const sorted = [...dates.get(source)].sort();
        return { source, first: sorted[0], last: sorted[sorted.length - 1], days: sorted.length };
    });
}
/**
 * The stored values of one source for the `days` days ending on endDate (inclusive), for a trend in the
 * job summary: date → variable → value; missing days are absent.
 */
async function readRecentDays(store, prefix, source, endDate, days) {
    if (!Number.isInteger(days) || days < 1)
        throw new Error(`readRecentDays: days must be a positive integer`);
    const read = await readStore(store, prefix, (0,_dates_js__WEBPACK_IMPORTED_MODULE_0__/* .addDays */ .fi)(endDate, 1 - days), endDate, { sources: [source] });
    return read.get(source);
}


/***/ }),

/***/ 32909:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Wk: () => (/* binding */ parseCsv),
/* harmony export */   aK: () => (/* binding */ isVariableOf),
/* harmony export */   yv: () => (/* binding */ formatCsv)
/* harmony export */ });
/* unused harmony export formatNumber */
const HEADER = ['date', 'source', 'variable', 'value', 'collected_at'];
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const ID_RE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;
/** A stored variable of the source: `<source>.<kpi>.<component>`, dotted lowercase ids (what the writer allows). */
function isVariableOf(source, variable) {
    return ID_RE.test(variable) && variable.startsWith(`${source}.`) && variable.length <= 200;
}
// Empty for rows kept from objects written without the column (readers accept the first four alone).
const TIMESTAMP_RE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z)?$/;
/**
 * RFC 4180 CSV with CRLF line ends. Every field is a validated date, id, number or timestamp, so nothing
 * needs quoting and no cell can start with '=', '+', '-' followed by text, or '@' (no spreadsheet formula).
 */
function formatCsv(rows) {
    const lines = [HEADER.join(',')];
    for (const r of rows) {
        assertRow(r);
        lines.push([r.date, r.source, r.variable, formatNumber(r.value), r.collected_at].join(','));
    }
    return lines.join('\r\n') + '\r\n';
}
/**
 * A value in its shortest exact form. Integers as they are. A fraction is cut to 15 significant digits, the
 * most a double always carries exactly from decimal text: digits past them are artefacts of binary
 * arithmetic (`0.1 + 0.2` is `0.30000000000000004`; written `0.3`), never information a source measured.
 * Sums of seconds are already exact to the millisecond (the Accumulator adds them in whole milliseconds).
 */
function formatNumber(value) {
    if (Object.is(value, -0))
        return '0';
    if (Number.isInteger(value))
        return String(value);
    return String(Number(value.toPrecision(15)));
}
function assertRow(r) {
    if (!DATE_RE.test(r.date))
        throw new Error(`row date '${r.date}' is not YYYY-MM-DD`);
    if (!ID_RE.test(r.source) || r.source.includes('.'))
        throw new Error(`row source '${r.source}' is not an id`);
    if (!ID_RE.test(r.variable) || !r.variable.startsWith(`${r.source}.`)) {
        throw new Error(`row variable '${r.variable}' is not a dotted id of source ${r.source}`);
    }
    if (!Number.isFinite(r.value))
        throw new Error(`row ${r.variable} has a value that is not a finite number`);
    if (!TIMESTAMP_RE.test(r.collected_at))
        throw new Error(`row ${r.variable} has a bad collected_at`);
}
/** Parses a stored object. Accepts extra columns after the first four and quoted fields (RFC 4180). */
function parseCsv(text, where) {
    const records = splitRecords(text);
    const header = records.shift();
    if (!header || header.slice(0, 4).join(',') !== 'date,source,variable,value') {
        throw new Error(`${where}: header does not begin with date,source,variable,value`);
    }
    const at = header.indexOf('collected_at');
    const rows = [];
    records.forEach((rec, i) => {
        if (rec.length === 1 && rec[0] === '')
            return;
        const [date, source, variable, valueText] = rec;
        const value = Number(valueText);
        if (!date ||
            !source ||
            !variable ||
            valueText === undefined ||
            valueText.trim() === '' ||
            !Number.isFinite(value)) {
            throw new Error(`${where}: record ${i + 2} is not date,source,variable,value with a number`);
        }
        rows.push({ date, source, variable, value, collected_at: at >= 0 ? (rec[at] ?? '') : '' });
    });
    return rows;
}
function splitRecords(text) {
    const records = [];
    let field = '';
    let record = [];
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (quoted) {
            if (c === '"') {
                if (text[i + 1] === '"') {
                    field += '"';
                    i++;
                }
                else
                    quoted = false;
            }
            else
                field += c;
        }
        else if (c === '"')
            quoted = true;
        else if (c === ',') {
            record.push(field);
            field = '';
        }
        else if (c === '\n' || c === '\r') {
            if (c === '\r' && text[i + 1] === '\n')
                i++;
            record.push(field);
            records.push(record);
            record = [];
            field = '';
        }
        else
            field += c;
    }
    if (field !== '' || record.length > 0) {
        record.push(field);
        records.push(record);
    }
    return records;
}


/***/ }),

/***/ 5891:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T5: () => (/* binding */ objectKey),
/* harmony export */   _i: () => (/* binding */ OBJECT_NAME)
/* harmony export */ });
/* unused harmony export parseKey */
/**
 * The storage layout, the same in S3 and in a local folder:
 *
 *   <prefix>/source=<source>/date=<YYYY-MM-DD>/kpis.csv
 *
 * Hive-style partitions, so Athena, Spark and DuckDB discover `source` and `date` as columns. One object per
 * source and day: a re-run replaces that day's object, a backfill writes one object per day.
 */
const OBJECT_NAME = 'kpis.csv';
function objectKey(prefix, source, date) {
    return `${prefix}/source=${source}/date=${date}/${OBJECT_NAME}`;
}
/** Parses a key of the layout back into its partitions, or undefined when it is not one. */
function parseKey(key) {
    const m = /^(?:(.*)\/)?source=([a-z0-9_]+)\/date=(\d{4}-\d{2}-\d{2})\/kpis\.csv$/.exec(key);
    if (!m)
        return undefined;
    return { prefix: m[1] ?? '', source: m[2], date: m[3] };
}


/***/ }),

/***/ 28430:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ LocalStore)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(83916);
/* harmony import */ var _object_store_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(73266);





/** A write holds the lock for milliseconds: one older than this was left by a killed run. */
const LOCK_STALE_MS = 10_000;
/**
 * The layout in a local folder. A write goes to a temporary file in the same folder and is renamed over
 * the object, so a reader never sees half a file. A lock file (created exclusively) makes the
 * compare-and-write atomic between processes on the same machine.
 */
class LocalStore {
    root;
    constructor(root) {
        this.root = root;
    }
    describe(key) {
        return node_path__WEBPACK_IMPORTED_MODULE_2__.join(this.root, ...key.split('/'));
    }
    /** Checks that the folder, or the nearest one above it that exists, is a writable folder; creates nothing. */
    async check() {
        const fail = () => new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`output-dir: ${this.root} cannot be created or written; choose a writable folder`);
        let dir = this.root;
        for (;;) {
            const stat = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.stat(dir).catch(() => undefined);
            if (stat) {
                if (!stat.isDirectory())
                    throw fail();
                await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.access(dir, node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.constants.W_OK).catch(() => {
                    throw fail();
                });
                return;
            }
            const up = node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(dir);
            if (up === dir)
                throw fail();
            dir = up;
        }
    }
    async get(key) {
        try {
            const body = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.readFile(this.describe(key), 'utf8');
            return { body, version: hash(body) };
        }
        catch (e) {
            if (e.code === 'ENOENT')
                return undefined;
            throw e;
        }
    }
    async put(key, body, expected) {
        const file = this.describe(key);
        await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.mkdir(node_path__WEBPACK_IMPORTED_MODULE_2__.dirname(file), { recursive: true });
        const release = await lock(`${file}.lock`);
        try {
            const current = await this.get(key);
            if (current?.version !== expected)
                throw new _object_store_js__WEBPACK_IMPORTED_MODULE_4__/* .ConflictError */ .f(`${file} changed while it was being written`);
            const tmp = `${file}.${process.pid}.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.randomBytes)(4).toString('hex')}.tmp`;
            try {
                await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.writeFile(tmp, body, { flag: 'wx' });
                await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rename(tmp, file);
            }
            catch (e) {
                await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rm(tmp, { force: true });
                throw e;
            }
        }
        finally {
            await release();
        }
    }
    async list(prefix) {
        const base = this.describe(prefix);
        const out = [];
        async function walk(dir, rel) {
            let entries;
            try {
                entries = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.readdir(dir, { withFileTypes: true });
            }
            catch (e) {
                if (e.code === 'ENOENT')
                    return;
                throw e;
            }
            for (const e of entries) {
                const r = `${rel}/${e.name}`;
                if (e.isDirectory())
                    await walk(node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, e.name), r);
                else if (e.isFile() && e.name.endsWith('.csv'))
                    out.push(r);
            }
        }
        await walk(base, prefix);
        return out.sort();
    }
}
function hash(body) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.createHash)('sha256').update(body).digest('hex');
}
async function lock(file) {
    const deadline = Date.now() + 30_000;
    for (;;) {
        try {
            const handle = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.open(file, 'wx');
            await handle.close();
            return () => node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rm(file, { force: true });
        }
        catch (e) {
            if (e.code !== 'EEXIST')
                throw e;
            const stat = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.stat(file).catch(() => undefined);
            if (stat && Date.now() - stat.mtimeMs > LOCK_STALE_MS)
                await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rm(file, { force: true });
            else if (Date.now() > deadline)
                throw new Error(`${file} is held by another run for more than 30 s`, { cause: e });
            else
                await new Promise((r) => setTimeout(r, 25 + Math.random() * 50));
        }
    }
}


/***/ }),

/***/ 73266:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   f: () => (/* binding */ ConflictError)
/* harmony export */ });
/** Another writer changed the object since it was read: read, merge and write again. */
class ConflictError extends Error {
    name = 'ConflictError';
}


/***/ })

};
