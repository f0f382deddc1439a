export const id = 855;
export const ids = [855];
export const modules = {

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
