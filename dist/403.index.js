export const id = 403;
export const ids = [403];
export const modules = {

/***/ 93969:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ZU: () => (/* binding */ sourceInputs),
/* harmony export */   lD: () => (/* binding */ coreInputs)
/* harmony export */ });
/* unused harmony export OUTPUTS */
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(38422);

/** The inputs every source shares, with the descriptions action.yml, the README and `--help` show. */
function coreInputs(sources) {
    const specs = {
        [_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.Source]: {
            description: `The source to collect from: ${sources.map((s) => s.name).join(', ')}.`,
            required: true,
        },
        [_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.Date]: {
            description: 'The day to collect, YYYY-MM-DD. Default: yesterday in `timezone`. Not together with start-date/end-date.',
        },
        [_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.StartDate]: {
            description: 'First day of an inclusive range to collect (backfill), YYYY-MM-DD. Needs end-date.',
        },
        [_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.EndDate]: {
            description: 'Last day of an inclusive range to collect, YYYY-MM-DD. Needs start-date.',
        },
        [_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.Kpis]: {
            description: 'KPI ids to collect, comma- or newline-separated (e.g. databricks.cluster_startup). Default: every KPI the config enables for the source.',
        },
        [_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.Config]: {
            description: `Path of the YAML config file. Default: ${_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULTS */ .zY.configFile} when it exists, else built-in defaults. A path given here must exist.`,
        },
        [_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.Timezone]: {
            description: 'IANA time zone in which a day is [00:00, 24:00), DST included.',
            default: _inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULTS */ .zY.timezone,
        },
        [_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.S3Bucket]: {
            description: `S3 bucket to write to. Without it, rows go to output-dir (default ./${_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULTS */ .zY.outputDir}).`,
        },
        [_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.S3Prefix]: {
            description: 'Key prefix in the bucket (and folder inside output-dir): objects are <prefix>/source=<source>/date=<YYYY-MM-DD>/kpis.csv.',
            default: _inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULTS */ .zY.s3Prefix,
        },
        [_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.S3Endpoint]: {
            description: 'Endpoint of an S3-compatible store (MinIO, R2, Ceph); default AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL from the environment. Uses path-style addressing and checksums only when required.',
        },
        [_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.AwsRegion]: {
            description: 'AWS region of the bucket. Default: AWS_REGION from the environment (aws-actions/configure-aws-credentials sets it).',
        },
        [_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.OutputDir]: {
            description: `Write the same layout to this local folder (also when s3-bucket is set). Default without a bucket: ${_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULTS */ .zY.outputDir}.`,
        },
        [_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.DryRun]: { description: 'Collect and report, write nothing.', default: 'false' },
        [_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .Inputs */ .G0.MaxDays]: {
            description: 'Refuse ranges longer than this many days.',
            default: String(_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULTS */ .zY.maxDays),
        },
    };
    return Object.entries(specs).map(([name, spec]) => ({ name, ...spec }));
}
/** Every source input, in registry order, each declared by its source. */
function sourceInputs(sources) {
    const seen = new Map();
    const out = [];
    for (const s of sources) {
        for (const input of s.inputs) {
            const owner = seen.get(input.name);
            if (owner)
                throw new Error(`input ${input.name} is declared by both ${owner} and ${s.name}`);
            seen.set(input.name, s.name);
            out.push({ ...input, source: s.name });
        }
    }
    return out;
}
/** The outputs the action sets (src/main.ts), as action.yml declares them. */
const OUTPUTS = {
    rows: 'Number of rows written to the store (0 for a dry run; rows of days that could not be written are not counted).',
    objects: 'Keys (s3://bucket/key) or paths written, one per line.',
    'failed-kpis': 'Comma-separated ids of KPIs that failed (empty when all succeeded).',
    'saved-dir': 'Folder under RUNNER_TEMP holding collected rows the store could not take (empty when all were written); upload it with actions/upload-artifact.',
};


/***/ }),

/***/ 81532:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   s: () => (/* binding */ mapLimit)
/* harmony export */ });
/**
 * The one concurrency helper (p-map's shape): runs fn over the items of an array, an iterable or an async
 * iterable (pulled lazily, so a paged listing is consumed as its pages arrive) with at most `limit` calls
 * in flight. It stops starting new items after the first failure or when the signal aborts, and rethrows
 * that first failure (or the abort reason) once the running calls settle. Results keep the input order.
 */
async function mapLimit(items, limit, fn, signal) {
    const it = Symbol.asyncIterator in items
        ? items[Symbol.asyncIterator]()
        : items[Symbol.iterator]();
    const results = [];
    let index = 0;
    let failed;
    let done = false;
    const worker = async () => {
        while (!failed && !done) {
            if (signal?.aborted) {
                failed ??= { error: signal.reason };
                return;
            }
            let r;
            try {
                r = await it.next();
            }
            catch (error) {
                failed ??= { error };
                return;
            }
            if (r.done) {
                done = true;
                return;
            }
            const i = index++;
            try {
                results[i] = await fn(r.value, i);
            }
            catch (error) {
                failed ??= { error };
            }
        }
    };
    const width = Array.isArray(items) ? Math.min(limit, items.length) : limit;
    await Promise.all(Array.from({ length: Math.max(1, width) }, worker));
    if (failed)
        throw failed.error;
    return results;
}


/***/ }),

/***/ 37718:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Aq: () => (/* binding */ isValidTimeZone),
/* harmony export */   Ec: () => (/* binding */ today),
/* harmony export */   FV: () => (/* binding */ DayIndex),
/* harmony export */   HA: () => (/* binding */ offsetAt),
/* harmony export */   YM: () => (/* binding */ daysBetween),
/* harmony export */   _U: () => (/* binding */ parseDate),
/* harmony export */   fi: () => (/* binding */ addDays),
/* harmony export */   hO: () => (/* binding */ describeDates),
/* harmony export */   m7: () => (/* binding */ dateIn),
/* harmony export */   q5: () => (/* binding */ dayWindows)
/* harmony export */ });
/* unused harmony export startOfDay */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
function isValidTimeZone(timeZone) {
    if (!timeZone || /[^A-Za-z0-9_+\-/]/.test(timeZone))
        return false;
    try {
        new Intl.DateTimeFormat('en-US', { timeZone });
        return true;
    }
    catch {
        return false;
    }
}
/**
 * The first year a date may have. KPIs come from systems that keep days since 1970 at the earliest, and
 * `Date.UTC` reads years 0–99 as 1900–1999 (`0026-11-20` became 1926-11-20 in addDays): a year before
 * this one is a typo, refused by name rather than computed.
 */
const FIRST_YEAR = 1970;
/** Parses YYYY-MM-DD strictly: the shape, a real calendar day (no 2026-02-30), and a year from 1970. */
function parseDate(value, inputName) {
    const m = DATE_RE.exec(value);
    if (!m)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${inputName}: '${value}' is not a date; use YYYY-MM-DD, e.g. 2026-11-27`);
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (y < FIRST_YEAR) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${inputName}: ${value} is before ${FIRST_YEAR}; use a date from ${FIRST_YEAR}-01-01 on (a four-digit year, e.g. 2026-11-20)`);
    }
    const t = new Date(0);
    t.setUTCFullYear(y, mo - 1, d); // Date.UTC would read years 0–99 as 1900–1999
    if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${inputName}: ${value} is not a day of the calendar; use a real date in YYYY-MM-DD`);
    }
    return value;
}
/** Adds whole calendar days to a YYYY-MM-DD date. */
function addDays(date, days) {
    const [y, m, d] = date.split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
/** Number of days from a to b (b - a), both YYYY-MM-DD. */
function daysBetween(a, b) {
    return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
const formatters = new Map();
function formatter(timeZone) {
    let f = formatters.get(timeZone);
    if (!f) {
        f = new Intl.DateTimeFormat('en-US', {
            timeZone,
            hourCycle: 'h23',
            year: 'numeric',
            month: '2-digit',
            day: '2-digit',
            hour: '2-digit',
            minute: '2-digit',
            second: '2-digit',
        });
        formatters.set(timeZone, f);
    }
    return f;
}
/** The local wall-clock fields of an instant in a time zone. */
function wallClock(ms, timeZone) {
    const parts = {};
    for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
        if (p.type !== 'literal')
            parts[p.type] = Number(p.value);
    }
    return {
        y: parts.year,
        mo: parts.month,
        d: parts.day,
        h: parts.hour,
        mi: parts.minute,
        s: parts.second,
    };
}
/** Offset of the time zone from UTC at an instant, in milliseconds (local - UTC). */
function offsetAt(ms, timeZone) {
    const w = wallClock(ms, timeZone);
    const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
    return asUtc - Math.floor(ms / 1000) * 1000;
}
/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
function dateIn(ms, timeZone) {
    const w = wallClock(ms, timeZone);
    return `${String(w.y).padStart(4, '0')}-${String(w.mo).padStart(2, '0')}-${String(w.d).padStart(2, '0')}`;
}
/**
 * The first instant of a date in a time zone: 00:00 local time, or, where midnight does not exist (a DST
 * change or a zone change at midnight), the first instant whose local date is that date. A day that a zone
 * skipped entirely (Pacific/Apia, 2011-12-30) is empty: it starts where the next day starts.
 */
function startOfDay(date, timeZone) {
    const [y, m, d] = date.split('-').map(Number);
    const naive = Date.UTC(y, m - 1, d);
    // Two passes settle instants near an offset change; the check below catches what they can't.
    let t = naive - offsetAt(naive, timeZone);
    t = naive - offsetAt(t, timeZone);
    if (dateIn(t, timeZone) >= date && dateIn(t - 1000, timeZone) < date)
        return t;
    // Bisect over the span every offset (UTC−12 … UTC+14) allows, for the first second on or after the date.
    let lo = naive - 15 * 3_600_000; // before: the local date there is earlier
    let hi = naive + 13 * 3_600_000; // on or after the date
    while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (dateIn(mid, timeZone) >= date)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}
/** The day windows of an inclusive date range, in order. */
function dayWindows(startDate, endDate, timeZone) {
    const days = daysBetween(startDate, endDate);
    const windows = [];
    let start = startOfDay(startDate, timeZone);
    for (let i = 0; i <= days; i++) {
        const date = addDays(startDate, i);
        const end = startOfDay(addDays(date, 1), timeZone);
        windows.push({ date, start, end });
        start = end;
    }
    return windows;
}
/** Today's date in a time zone. */
function today(timeZone, now = Date.now()) {
    return dateIn(now, timeZone);
}
/**
 * Maps instants to the window (day) they fall in, by binary search over the window boundaries: no
 * time-zone arithmetic per event, so it stays cheap for millions of events.
 */
class DayIndex {
    windows;
    starts;
    first;
    last;
    constructor(windows) {
        this.windows = windows;
        this.starts = windows.map((w) => w.start);
        this.first = windows[0]?.start ?? 0;
        this.last = windows[windows.length - 1]?.end ?? 0;
    }
    /** The index of the window holding the instant, or -1 when it is outside the range. */
    indexOf(ms) {
        if (!(ms >= this.first && ms < this.last))
            return -1;
        let lo = 0;
        let hi = this.starts.length - 1;
        while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (this.starts[mid] <= ms)
                lo = mid;
            else
                hi = mid - 1;
        }
        return lo;
    }
    /** The date of the window holding the instant, or undefined when it is outside the range. */
    dateOf(ms) {
        const i = this.indexOf(ms);
        return i < 0 ? undefined : this.windows[i].date;
    }
}
/** Largest number of dates one warning line lists. */
const LISTED = 5;
/** Dates for a warning line: all of them, or the count and the first few (`40 days (…, …)`). */
function describeDates(dates) {
    const sorted = [...dates].sort();
    const shown = sorted.slice(0, LISTED).join(', ');
    return sorted.length > LISTED ? `${sorted.length} days (${shown}, …)` : shown;
}


/***/ }),

/***/ 83916:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   TN: () => (/* binding */ oneLine),
/* harmony export */   gJ: () => (/* binding */ errorMessage),
/* harmony export */   yo: () => (/* binding */ UserError)
/* harmony export */ });
/**
 * An error the user can fix: bad input, bad config, a missing secret. It is printed as one line, without a
 * stack trace, and the run exits 1 before anything is written.
 */
class UserError extends Error {
    name = 'UserError';
}
/** Turns any thrown value into a one-line message, so a thrown non-Error never leaves a step green. */
function errorMessage(error) {
    // Duck-typed rather than instanceof: errors from another realm (vm contexts, workers) are Errors too.
    if (error && typeof error === 'object' && typeof error.message === 'string') {
        const e = error;
        const code = e.code;
        const base = e.message || e.name;
        const withCode = typeof code === 'string' && code && !base.includes(code) ? `${base} (${code})` : base;
        return oneLine(withCode);
    }
    if (typeof error === 'string')
        return oneLine(error);
    try {
        return oneLine(JSON.stringify(error) ?? String(error));
    }
    catch {
        return String(error);
    }
}
function oneLine(text) {
    return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}


/***/ }),

/***/ 38422:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E1: () => (/* binding */ parseList),
/* harmony export */   G0: () => (/* binding */ Inputs),
/* harmony export */   TL: () => (/* binding */ parseInputs),
/* harmony export */   f$: () => (/* binding */ parseHttpUrl),
/* harmony export */   zY: () => (/* binding */ DEFAULTS)
/* harmony export */ });
/* unused harmony export parsePrefix */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(83916);
/* harmony import */ var _dates_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(37718);
/* harmony import */ var _suggest_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(42969);




/** The inputs every source shares, as action.yml declares them and the CLI spells its flags. */
const Inputs = {
    Source: 'source',
    Date: 'date',
    StartDate: 'start-date',
    EndDate: 'end-date',
    Kpis: 'kpis',
    Config: 'config',
    Timezone: 'timezone',
    S3Bucket: 's3-bucket',
    S3Prefix: 's3-prefix',
    S3Endpoint: 's3-endpoint',
    AwsRegion: 'aws-region',
    OutputDir: 'output-dir',
    DryRun: 'dry-run',
    MaxDays: 'max-days',
};
/** Defaults that live in code (action.yml repeats them for the reader; a test keeps both equal). */
const DEFAULTS = {
    timezone: 'UTC',
    s3Prefix: 'kpis',
    outputDir: 'kpi-data',
    configFile: '.github/kpis.yml',
    maxDays: 3660,
};
/** Splits a list input on commas and newlines, trims, drops empties. */
function parseList(value) {
    return value
        .split(/[,\n]/)
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
}
/** YAML 1.2 core schema booleans, and nothing else. */
function parseBoolean(value, name) {
    const v = value.trim();
    if (v === '')
        return false;
    if (['true', 'True', 'TRUE'].includes(v))
        return true;
    if (['false', 'False', 'FALSE'].includes(v))
        return false;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${name}: '${v}' is not a boolean; use true or false`);
}
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u001f\u007f]/;
/** An S3 key prefix that stays inside the layout: relative, no '..' or '.' segments, no control characters. */
function parsePrefix(value) {
    const name = Inputs.S3Prefix;
    const v = value.trim().replace(/\/+$/, '');
    if (v === '')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${name}: must not be empty; use a folder name such as 'kpis'`);
    if (CONTROL_RE.test(v))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${name}: contains control characters; use letters, digits, '-', '_', '/'`);
    if (v.startsWith('/') || /^[A-Za-z]:/.test(v) || v.includes('\\')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${name}: '${v}' is absolute; use a relative prefix such as 'kpis'`);
    }
    const segments = v.split('/');
    if (segments.some((s) => s === '' || s === '.' || s === '..')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${name}: '${v}' has an empty, '.' or '..' segment; use a plain path such as 'team/kpis'`);
    }
    if (segments.some((s) => /^(source|date)=/.test(s))) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${name}: '${v}' has a source= or date= segment, which the layout adds itself; use a plain prefix`);
    }
    if (!/^[A-Za-z0-9._\-/=]+$/.test(v)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${name}: '${v}' has characters outside A-Z a-z 0-9 . _ - = /; rename the prefix`);
    }
    return v;
}
function parseBucket(value) {
    const v = value.trim();
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v) || v.includes('..')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${Inputs.S3Bucket}: '${v}' is not a valid bucket name; use 3-63 lowercase letters, digits, '.' or '-'`);
    }
    return v;
}
function parseHttpUrl(value, name) {
    const v = value.trim();
    let url;
    try {
        url = new URL(v);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${name}: the value is not a URL; use https://host (http:// only for local test servers)`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${name}: the value is not an http(s) URL; use https://host`);
    }
    if (url.username || url.password) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${name}: the URL must not contain credentials; pass them as secrets instead`);
    }
    return v.replace(/\/+$/, '');
}
/**
 * Reads and validates every input in one place. `get` returns '' for an input that is not set. Throws a
 * UserError naming the input and the fix.
 */
function parseInputs(get, opts) {
    const now = opts.now ?? Date.now();
    const names = opts.sources.map((s) => s.name);
    const sourceName = get(Inputs.Source).trim();
    if (!sourceName)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${Inputs.Source}: is required; set it to one of ${names.join(', ')}`);
    const chosen = opts.sources.find((s) => s.name === sourceName);
    if (!chosen) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${Inputs.Source}: '${sourceName}' is not a source${(0,_suggest_js__WEBPACK_IMPORTED_MODULE_3__/* .didYouMean */ .a)(sourceName, names)}; use one of ${names.join(', ')}`);
    }
    const source = chosen.name;
    const zoneRaw = get(Inputs.Timezone).trim() || DEFAULTS.timezone;
    if (!(0,_dates_js__WEBPACK_IMPORTED_MODULE_1__/* .isValidTimeZone */ .Aq)(zoneRaw)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${Inputs.Timezone}: '${zoneRaw}' is not a known IANA time zone; use e.g. UTC or Europe/Paris`);
    }
    // The canonical spelling (etc/utc → Etc/UTC), as logs and summaries show it.
    const timeZone = new Intl.DateTimeFormat('en-US', { timeZone: zoneRaw }).resolvedOptions().timeZone;
    const date = get(Inputs.Date).trim();
    const start = get(Inputs.StartDate).trim();
    const end = get(Inputs.EndDate).trim();
    let startDate;
    let endDate;
    if (date && (start || end)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${Inputs.Date}: cannot be combined with start-date/end-date; give either a date or a range`);
    }
    else if (date) {
        startDate = endDate = (0,_dates_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDate */ ._U)(date, Inputs.Date);
    }
    else if (start || end) {
        if (!start)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${Inputs.StartDate}: is required with end-date; give both ends of the range`);
        if (!end)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${Inputs.EndDate}: is required with start-date; give both ends of the range`);
        startDate = (0,_dates_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDate */ ._U)(start, Inputs.StartDate);
        endDate = (0,_dates_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDate */ ._U)(end, Inputs.EndDate);
        if (endDate < startDate) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${Inputs.EndDate}: ${endDate} is before start-date ${startDate}; swap them`);
        }
    }
    else {
        startDate = endDate = (0,_dates_js__WEBPACK_IMPORTED_MODULE_1__/* .addDays */ .fi)((0,_dates_js__WEBPACK_IMPORTED_MODULE_1__/* .today */ .Ec)(timeZone, now), -1);
    }
    const todayThere = (0,_dates_js__WEBPACK_IMPORTED_MODULE_1__/* .today */ .Ec)(timeZone, now);
    if (endDate > todayThere) {
        const name = date ? Inputs.Date : Inputs.EndDate;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${name}: ${endDate} is in the future (today is ${todayThere} in ${timeZone}); collect past days only`);
    }
    const maxDaysRaw = get(Inputs.MaxDays).trim();
    let maxDays = DEFAULTS.maxDays;
    if (maxDaysRaw) {
        if (!/^\d+$/.test(maxDaysRaw) || Number(maxDaysRaw) < 1) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${Inputs.MaxDays}: '${maxDaysRaw}' is not a positive whole number`);
        }
        maxDays = Number(maxDaysRaw);
    }
    const days = (0,_dates_js__WEBPACK_IMPORTED_MODULE_1__/* .daysBetween */ .YM)(startDate, endDate) + 1;
    if (days > maxDays) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${Inputs.StartDate}: the range ${startDate}..${endDate} has ${days} days, more than ${maxDays}; split it or raise max-days`);
    }
    const kpisRaw = get(Inputs.Kpis);
    const kpis = kpisRaw.trim() ? parseList(kpisRaw) : undefined;
    if (kpis && kpis.length === 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${Inputs.Kpis}: '${kpisRaw.replace(/\n/g, '\\n')}' names no KPI; give KPI ids separated by commas, or leave it empty for all`);
    }
    const configRaw = get(Inputs.Config).trim();
    const cwd = opts.cwd ?? process.cwd();
    const configPath = configRaw ? node_path__WEBPACK_IMPORTED_MODULE_0__.resolve(cwd, configRaw) : undefined;
    const bucketRaw = get(Inputs.S3Bucket).trim();
    const endpointRaw = get(Inputs.S3Endpoint).trim();
    const region = get(Inputs.AwsRegion).trim() || undefined;
    if (region && !/^[a-z0-9-]{2,32}$/.test(region)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${Inputs.AwsRegion}: '${region}' is not a region name; use e.g. eu-west-1`);
    }
    const prefix = parsePrefix(get(Inputs.S3Prefix) || DEFAULTS.s3Prefix);
    const outputDirRaw = get(Inputs.OutputDir).trim();
    if (outputDirRaw && CONTROL_RE.test(outputDirRaw)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${Inputs.OutputDir}: contains control characters; use a plain folder path`);
    }
    if (endpointRaw && !bucketRaw) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${Inputs.S3Endpoint}: is set but s3-bucket is not; set s3-bucket too`);
    }
    if (region && !bucketRaw) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${Inputs.AwsRegion}: is set but s3-bucket is not; set s3-bucket too, or drop aws-region`);
    }
    const store = { prefix };
    if (bucketRaw) {
        store.s3 = {
            bucket: parseBucket(bucketRaw),
            endpoint: endpointRaw ? parseHttpUrl(endpointRaw, Inputs.S3Endpoint) : undefined,
            region,
        };
    }
    if (outputDirRaw || !bucketRaw)
        store.outputDir = node_path__WEBPACK_IMPORTED_MODULE_0__.resolve(cwd, outputDirRaw || DEFAULTS.outputDir);
    const dryRun = parseBoolean(get(Inputs.DryRun), Inputs.DryRun);
    const inputs = {};
    for (const input of chosen.inputs) {
        const v = parseSourceInput(input, get(input.name));
        if (v !== undefined)
            inputs[input.name] = v;
    }
    return { source, startDate, endDate, timeZone, kpis, configPath, store, dryRun, inputs };
}
/**
 * One input of a source: trimmed, free of control characters (a line break in a header or a URL is a paste
 * mistake or header injection; multi-line inputs keep their line breaks), then the source's own parse.
 */
function parseSourceInput(input, raw) {
    const v = raw.trim();
    if (!v)
        return undefined;
    // eslint-disable-next-line no-control-regex
    const bad = input.multiline ? /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/ : CONTROL_RE;
    if (bad.test(v)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${input.name}: contains control characters${input.multiline ? '' : ' (a line break?)'}; set it again without them`);
    }
    return input.parse ? input.parse(v) : v;
}


/***/ }),

/***/ 31625:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $H: () => (/* binding */ Accumulator),
/* harmony export */   a0: () => (/* binding */ COMPONENT_RE),
/* harmony export */   dX: () => (/* binding */ bucketComponents)
/* harmony export */ });
/** Cumulative bucket components `le_<n>` for the given upper bounds. */
function bucketComponents(bounds, what, unit) {
    return bounds.map((b) => ({
        name: `le_${b}`,
        description: `${what} that took at most ${b} ${unit}`,
        unit: 'count',
    }));
}
/**
 * Collects a KPI's per-day component values. Only days inside the run's range and declared components
 * (or, for KPIs without a fixed list, valid ids) are accepted.
 */
class Accumulator {
    dates;
    allowed;
    durations;
    values = new Map();
    /**
     * @param durations components in seconds (unit `seconds`): each value added is rounded to the millisecond
     * and summed in whole milliseconds, so a day's sum is exact and stored in its shortest form (`2450.685`, not
     * the `2450.6850000000004` that adding binary fractions gives). Sources measure durations in milliseconds at
     * best (GitHub and Databricks timestamps), so nothing is lost.
     */
    constructor(dates, allowed, durations = new Set()) {
        this.dates = dates;
        this.allowed = allowed;
        this.durations = durations;
    }
    add(date, component, value) {
        if (!this.dates.has(date))
            throw new Error(`value for ${date}, which is outside the collected range`);
        if (this.allowed ? !this.allowed.has(component) : !COMPONENT_RE.test(component)) {
            throw new Error(`component '${component}' is not declared`);
        }
        if (!Number.isFinite(value))
            throw new Error(`component '${component}' on ${date} is not a finite number`);
        let day = this.values.get(date);
        if (!day)
            this.values.set(date, (day = new Map()));
        if (this.durations.has(component)) {
            // Whole milliseconds add exactly (below 2^53 ms, 285,000 years); one division gives the nearest double.
            const ms = Math.round((day.get(component) ?? 0) * 1000) + Math.round(value * 1000);
            day.set(component, ms / 1000);
        }
        else
            day.set(component, (day.get(component) ?? 0) + value);
    }
    /** Adds 1 to each cumulative bucket whose bound the value does not exceed. */
    addToBuckets(date, bounds, value) {
        for (const b of bounds)
            if (value <= b)
                this.add(date, `le_${b}`, 1);
    }
    has(date, component) {
        return this.values.get(date)?.has(component) ?? false;
    }
    entries() {
        const out = [];
        for (const [date, day] of this.values)
            for (const [c, v] of day)
                out.push([date, c, v]);
        return out;
    }
}
const COMPONENT_RE = /^[a-z0-9][a-z0-9_]{0,62}$/;


/***/ }),

/***/ 64002:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K: () => (/* binding */ excerpt)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76670);


/**
 * A server's text fit for a log line or an error message: secrets redacted FIRST (src/redact.ts), then
 * folded onto one line, then cut to `max` characters. Cutting first could leave a secret's prefix that
 * redaction no longer recognises (issue 14, item 5).
 */
function excerpt(text, max = 300) {
    const line = (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .oneLine */ .TN)((0,_redact_js__WEBPACK_IMPORTED_MODULE_0__/* .redact */ .E$)(text));
    return line.length <= max ? line : `${line.slice(0, Math.max(0, max - 1))}…`;
}


/***/ }),

/***/ 23121:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Ay: () => (/* reexport */ NetError),
  f8: () => (/* reexport */ PageGuard),
  Kb: () => (/* reexport */ excerpt/* excerpt */.K),
  aj: () => (/* binding */ httpRequest),
  tE: () => (/* reexport */ isLoopbackUrl),
  tr: () => (/* reexport */ proxyUrlFor)
});

// UNUSED EXPORTS: PagingError, closeDispatchers

// EXTERNAL MODULE: ./src/net/excerpt.ts
var excerpt = __webpack_require__(64002);
;// CONCATENATED MODULE: ./src/net/net-error.ts
/**
 * The only error httpRequest() rejects with. Its message names the host (never the URL's path or query,
 * which may carry a token) and says what happened in words a user can act on.
 */
class NetError extends Error {
    code;
    host;
    name = 'NetError';
    constructor(code, host, message, options) {
        super(`${host}: ${message}`, options);
        this.code = code;
        this.host = host;
    }
}
/** Error codes Node and undici give a failed connection, most specific first. */
const SYSTEM_CODES = {
    ENOTFOUND: 'dns',
    EAI_AGAIN: 'dns',
    EAI_NONAME: 'dns',
    EAI_FAIL: 'dns',
    ECONNREFUSED: 'refused',
    UND_ERR_CONNECT_TIMEOUT: 'connect_timeout',
    ETIMEDOUT: 'connect_timeout',
};
/** The system codes found on an error, its causes and the members of an AggregateError (happy eyeballs). */
function codesOf(error, depth = 0) {
    if (!error || typeof error !== 'object' || depth > 4)
        return [];
    const e = error;
    const own = typeof e.code === 'string' ? [e.code] : [];
    const nested = Array.isArray(e.errors) ? e.errors.flatMap((x) => codesOf(x, depth + 1)) : [];
    return [...own, ...nested, ...codesOf(e.cause, depth + 1)];
}
const WORDS = {
    dns: 'the host name does not resolve (DNS); check the URL, or HTTPS_PROXY/NO_PROXY on this runner',
    refused: 'connection refused; nothing listens there, or a firewall rejects it',
    connect_timeout: 'no connection within the connect deadline',
    timeout: 'no complete answer within the deadline',
    network: 'the connection failed',
    aborted: 'the request was cancelled',
    too_large: 'the answer is larger than allowed',
    cross_origin_redirect: 'redirected to another origin',
    too_many_redirects: 'too many redirects',
    bad_json: 'the answer is not JSON',
};
/** Node's codes for a certificate chain it does not trust or a name it does not match. */
const TLS_TRUST = /^(CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|ERR_TLS_CERT_ALTNAME)/;
const TLS_WORDS = 'the TLS certificate is not trusted; a TLS-inspecting proxy or a private CA needs its CA file in NODE_EXTRA_CA_CERTS';
/** Classifies a transport error from undici or Node into a NetError that names the host. */
function classify(error, host) {
    if (error instanceof NetError)
        return error;
    const codes = codesOf(error);
    const code = codes.map((c) => SYSTEM_CODES[c]).find((c) => c !== undefined) ?? 'network';
    const detail = codes.find((c) => c !== 'UND_ERR_SOCKET') ?? describe(error);
    if (codes.some((c) => TLS_TRUST.test(c))) {
        return new NetError('network', host, `${TLS_WORDS} (${detail})`, { cause: error });
    }
    const suffix = detail ? ` (${detail})` : '';
    return new NetError(code, host, `${WORDS[code]}${suffix}`, { cause: error });
}
/** A short description of an error without anything that could carry a URL or a header. */
function describe(error) {
    if (!error || typeof error !== 'object')
        return '';
    const message = error.message;
    if (typeof message !== 'string')
        return '';
    // undici's own messages ("other side closed", "Proxy response (407) !== 200 when HTTP Tunneling") carry
    // no secrets; still, cut anything URL-like out.
    return message.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, '<url>').slice(0, 120);
}
function netError(code, host, detail) {
    if (!detail)
        return new NetError(code, host, WORDS[code]);
    // A bare figure ("0.3 s") reads as a parenthesis; a sentence after a colon.
    return new NetError(code, host, /^[\d.]+ \w+$/.test(detail) ? `${WORDS[code]} (${detail})` : `${WORDS[code]}: ${detail}`);
}

;// CONCATENATED MODULE: ./src/net/undici.ts
let loading;
/**
 * undici, loaded on the first request rather than at start-up (issue 16 item 6); every caller shares the
 * one import, however many requests start at once.
 */
function loadUndici() {
    return (loading ??= __webpack_require__.e(/* import() */ 752).then(__webpack_require__.t.bind(__webpack_require__, 24371, 19)));
}

;// CONCATENATED MODULE: ./src/net/proxy.ts

/** The proxy variables as the runner sets them; undici reads the lower-case spelling first. */
const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'no_proxy', 'NO_PROXY'];
const dispatchers = new Map();
/**
 * The dispatcher for a request: direct, or through HTTPS_PROXY/HTTP_PROXY (CONNECT for https targets)
 * unless NO_PROXY names the host — undici's EnvHttpProxyAgent. One per connect deadline and proxy
 * setting, kept for the process so connections are reused; the CA store is Node's, so
 * NODE_EXTRA_CA_CERTS (a corporate proxy's CA) is trusted.
 */
async function proxyDispatcher(connectTimeoutMs = 10_000) {
    const env = PROXY_VARIABLES.map((v) => process.env[v] ?? '').join('\n');
    const key = `${connectTimeoutMs}\n${env}`;
    let dispatcher = dispatchers.get(key);
    if (!dispatcher) {
        const timeout = connectTimeoutMs;
        const undici = await loadUndici();
        dispatcher = new undici.EnvHttpProxyAgent({
            connect: { timeout },
            // Through a proxy: the deadline of the connection to the proxy and of the TLS handshake inside
            // the tunnel.
            proxyTls: { timeout },
            requestTls: { timeout },
            keepAliveTimeout: 4_000,
        });
        dispatchers.set(key, dispatcher);
    }
    return dispatcher;
}
/** The proxy configured for this URL's scheme, NO_PROXY not applied (undici: https falls back to http). */
function proxyFor(url) {
    const env = process.env;
    const http = env.http_proxy ?? env.HTTP_PROXY;
    const https = env.https_proxy ?? env.HTTPS_PROXY ?? http;
    return (url.protocol === 'https:' ? https : http) || undefined;
}
/** Closes every kept connection (tests; a CLI that wants to exit without waiting for keep-alive). */
async function closeDispatchers() {
    const all = [...dispatchers.values()];
    dispatchers.clear();
    await Promise.all(all.map((d) => d.close().catch(() => undefined)));
}
/**
 * Whether NO_PROXY (or no_proxy) exempts this URL, with undici's rules: `*` exempts everything; an entry
 * matches the host itself and its subdomains (`example.com`, `.example.com` and `*.example.com` alike);
 * `host:port` matches only that port.
 */
function noProxyFor(url) {
    const list = (process.env.no_proxy ?? process.env.NO_PROXY ?? '').trim();
    if (!list)
        return false;
    const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    for (const raw of list.split(/[,\s]+/)) {
        const entry = raw.trim().toLowerCase();
        if (!entry)
            continue;
        if (entry === '*')
            return true;
        const m = /^(.*?)(?::(\d+))?$/.exec(entry.replace(/^\[|\](?=:|$)/g, ''));
        const name = (m[1] ?? '').replace(/^\*?\./, '');
        if (m[2] && Number(m[2]) !== port)
            continue;
        if (host === name || host.endsWith(`.${name}`))
            return true;
    }
    return false;
}
/**
 * The proxy URL a request to `url` goes through (HTTPS_PROXY for https, HTTP_PROXY for http, lower case
 * first; none when NO_PROXY exempts the host). For clients that take a Node agent rather than a
 * dispatcher (the AWS SDK): give them `https-proxy-agent` with this URL.
 */
function proxyUrlFor(url) {
    const proxy = proxyFor(url);
    return proxy && !noProxyFor(url) ? proxy : undefined;
}

;// CONCATENATED MODULE: ./src/net/page-guard.ts

/** Thrown when a paginated read repeats a page or runs past its cap. */
class PagingError extends Error {
    name = 'PagingError';
}
/**
 * Page cap and repeat detection for any paginated read (issue 14, item 3). Call next(key) before fetching
 * each page, the first included, with what identifies that page (its URL, its page token, its offset):
 * a key seen before means the server sends us round in a circle; more than maxPages pages means the
 * listing is far larger than any KPI needs, or never ends.
 */
class PageGuard {
    #label;
    #maxPages;
    #seen = new Set();
    constructor(o) {
        this.#label = o.label;
        this.#maxPages = o.maxPages;
    }
    get pages() {
        return this.#seen.size;
    }
    next(key) {
        if (this.#seen.has(key)) {
            throw new PagingError(`${this.#label}: the server returned page "${(0,excerpt/* excerpt */.K)(key, 80)}" again after ${this.#seen.size} page(s); ` +
                'stopped rather than loop');
        }
        if (this.#seen.size >= this.#maxPages) {
            throw new PagingError(`${this.#label}: more than ${this.#maxPages} pages; stopped at the page cap ` +
                '(narrow the scope or the window)');
        }
        this.#seen.add(key);
    }
}

;// CONCATENATED MODULE: ./src/net/loopback.ts
/**
 * True when the URL's host is the loopback interface (127.0.0.0/8, ::1, localhost). Inputs that take a
 * server URL accept plain http: only for such hosts, where nothing crosses a network; everywhere else a
 * token sent over http: could be read on the way (issue 14, item 5).
 */
function isLoopbackUrl(url) {
    const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
    if (host === 'localhost' || host === '::1' || host === '0:0:0:0:0:0:0:1')
        return true;
    if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host))
        return true;
    // An IPv4-mapped IPv6 loopback (::ffff:127.x.y.z), which URL normalises to hex groups.
    const mapped = /^::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}$/.exec(host);
    return mapped !== null && parseInt(mapped[1] ?? '', 16) >> 8 === 127;
}

;// CONCATENATED MODULE: ./src/net/http.ts









const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;
const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/**
 * One HTTP(S) exchange with a connect deadline, a total deadline that covers the body, a streaming size
 * cap, a same-origin redirect policy and the proxy from the environment. Resolves with any HTTP status
 * (the caller decides what is an error); rejects only with NetError. Retries stay with the caller
 * (src/retry.ts).
 */
async function httpRequest(o) {
    let url = new URL(o.url);
    const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const maxBytes = o.maxBytes ?? DEFAULT_MAX_BYTES;
    const dispatcher = await proxyDispatcher(o.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
    const { request } = await loadUndici();
    // One controller for the whole exchange: the total deadline and the caller's signal both abort it.
    const controller = new AbortController();
    const deadline = new Error('deadline');
    const timer = setTimeout(() => controller.abort(deadline), timeoutMs);
    const onCallerAbort = () => controller.abort(o.signal?.reason);
    if (o.signal?.aborted)
        onCallerAbort();
    else
        o.signal?.addEventListener('abort', onCallerAbort, { once: true });
    const why = (e) => {
        if (e instanceof NetError)
            return e;
        if (controller.signal.reason === deadline) {
            return netError('timeout', url.host, `${timeoutMs / 1000} s`);
        }
        if (controller.signal.aborted)
            return netError('aborted', url.host);
        const n = classify(e, url.host);
        // Headers came, the body did not: say so (a proxy or load balancer that cuts long answers).
        if (reading && n.code === 'network') {
            return new NetError('network', url.host, 'connection lost in the middle of the answer', { cause: e });
        }
        return n;
    };
    let method = o.method;
    let body = o.body;
    let reading = false;
    try {
        for (let redirects = 0;; redirects++) {
            const res = await request(url, {
                method,
                headers: o.headers,
                body,
                dispatcher,
                signal: controller.signal,
                // Our deadline covers the whole exchange; undici's own timers only as a backstop.
                headersTimeout: timeoutMs + 1_000,
                bodyTimeout: timeoutMs + 1_000,
            });
            const location = res.headers.location;
            if (REDIRECT_STATUSES.has(res.statusCode) && typeof location === 'string') {
                discard(res.body);
                const next = new URL(location, url);
                if (o.redirect === 'error') {
                    throw netError('too_many_redirects', url.host, `answered ${res.statusCode}; this request follows none`);
                }
                if (next.origin !== url.origin) {
                    // Nothing is sent to the other origin: it would receive our headers (tokens) otherwise.
                    throw netError('cross_origin_redirect', url.host, `to ${next.host}; not followed`);
                }
                if (redirects >= MAX_REDIRECTS) {
                    throw netError('too_many_redirects', url.host, `more than ${MAX_REDIRECTS}`);
                }
                // As fetch does: 303 (and 301/302 after a POST) turns into a GET without a body.
                if (res.statusCode === 303 ||
                    ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')) {
                    if (method !== 'HEAD')
                        method = 'GET';
                    body = undefined;
                }
                url = next;
                continue;
            }
            const declared = Number(res.headers['content-length']);
            if (Number.isFinite(declared) && declared > maxBytes) {
                discard(res.body);
                throw netError('too_large', url.host, `${declared} bytes declared, the cap is ${maxBytes}`);
            }
            const chunks = [];
            let size = 0;
            reading = true;
            // Read in this async function, so every failure (cap, deadline, reset) rejects this promise;
            // nothing is thrown from a stream's event handler.
            for await (const chunk of res.body) {
                size += chunk.length;
                if (size > maxBytes) {
                    discard(res.body);
                    throw netError('too_large', url.host, `more than ${maxBytes} bytes; stopped reading`);
                }
                chunks.push(chunk);
            }
            return response(res.statusCode, flatHeaders(res.headers), url, Buffer.concat(chunks, size));
        }
    }
    catch (e) {
        throw why(e);
    }
    finally {
        clearTimeout(timer);
        o.signal?.removeEventListener('abort', onCallerAbort);
    }
    // Unreachable: the loop returns or throws.
}
/** Stops reading a body we don't want; its 'error' (the abort itself) goes to a listener, never uncaught. */
function discard(body) {
    body.on('error', () => undefined);
    body.destroy();
}
function flatHeaders(headers) {
    const out = {};
    for (const [name, value] of Object.entries(headers)) {
        if (value === undefined)
            continue;
        out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    return out;
}
function response(status, headers, url, body) {
    return {
        status,
        headers,
        url: url.toString(),
        body,
        text: () => body.toString('utf8'),
        json: () => {
            try {
                return JSON.parse(body.toString('utf8'));
            }
            catch {
                throw netError('bad_json', url.host, `HTTP ${status}: ${(0,excerpt/* excerpt */.K)(body.toString('utf8'), 200)}`);
            }
        },
    };
}


/***/ }),

/***/ 76670:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E$: () => (/* binding */ redact),
/* harmony export */   cl: () => (/* binding */ registerSecret)
/* harmony export */ });
/* unused harmony export clearSecrets */
/**
 * Secret values known to this process. Everything the run prints, annotates, writes to the summary or
 * outputs goes through redact(), on top of the runner's own masking (core.setSecret), so the CLI and
 * error messages that quote a server's answer never show a secret either.
 *
 * Each secret is registered in the forms a server may echo it in: as is, URL-encoded, base64 (a Basic
 * header), JSON-escaped (inside a JSON string), HTML-escaped (an error page), and a URL's password part.
 *
 * Length (issue 14, item 6): every form is redacted whatever its length. A form of at least
 * LONG_FORM characters is redacted wherever it occurs; a shorter one (a short password) only where it
 * stands as a token of its own, not inside a longer run of letters and digits: a server that echoes
 * `password "abc"` or `user:abc@host` is redacted, while the words that merely contain "abc" stay legible.
 */
const LONG_FORM = 6;
const secrets = new Set();
/** The forms a secret takes when a server echoes it back inside text, JSON, HTML, a URL or a header. */
function formsOf(value) {
    const json = JSON.stringify(value).slice(1, -1);
    const html = value
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;');
    const forms = new Set([
        value,
        encodeURIComponent(value),
        // A query string or a form body: spaces as +, and URLSearchParams' own set of escapes.
        new URLSearchParams({ s: value }).toString().slice(2),
        Buffer.from(value).toString('base64'),
        json,
        json.replace(/\//g, '\\/'),
        html,
        html.replace(/'/g, '&#39;'),
        html.replace(/'/g, '&#x27;'),
        html.replace(/'/g, '&apos;'),
    ]);
    try {
        const url = new URL(value);
        if (url.password)
            forms.add(url.password).add(decodeURIComponent(url.password));
    }
    catch {
        // not a URL
    }
    return forms;
}
/** Registers a secret and returns the forms it was registered in (for the runner's own masking). */
function registerSecret(value) {
    if (!value)
        return [];
    const added = [...formsOf(value)].filter((f) => f && !secrets.has(f));
    for (const f of added)
        secrets.add(f);
    return added;
}
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
function redact(text) {
    let out = text;
    for (const s of [...secrets].sort((a, b) => b.length - a.length)) {
        if (s.length >= LONG_FORM)
            out = out.split(s).join('***');
        else
            out = out.replace(new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(s)}(?![A-Za-z0-9])`, 'g'), '***');
    }
    return out;
}
/** Forgets registered secrets (tests run several runs in one process). */
function clearSecrets() {
    secrets.clear();
}


/***/ }),

/***/ 49809:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L5: () => (/* binding */ retry),
/* harmony export */   mu: () => (/* binding */ parseRetryAfter),
/* harmony export */   yy: () => (/* binding */ sleep)
/* harmony export */ });
/* unused harmony export backoffMs */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);

function sleep(ms, signal) {
    return new Promise((resolve, reject) => {
        if (signal?.aborted)
            return reject(signal.reason);
        const t = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        const onAbort = () => {
            clearTimeout(t);
            reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
    });
}
/** The delay before retry number `attempt` (1-based): full jitter over an exponential cap. */
function backoffMs(attempt, baseMs, maxMs, random = Math.random) {
    const cap = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
    return Math.round(cap / 2 + (random() * cap) / 2);
}
/**
 * The cause's message without the part of the label it repeats: a client labels a request `Databricks GET
 * /x` and its errors already start `GET /x: …`; the line says it once.
 */
function causeOf(label, e) {
    const message = (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(e);
    for (let i = 0; i >= 0 && i < label.length; i = label.indexOf(' ', i + 1)) {
        const tail = label.slice(i === 0 ? 0 : i + 1);
        if (tail && message.startsWith(`${tail}: `))
            return message.slice(tail.length + 2);
    }
    return message;
}
/** Error thrown once every attempt failed; its message says how many were made and the last cause. */
class RetriesExhaustedError extends Error {
    last;
    name = 'RetriesExhaustedError';
    constructor(label, attempts, last) {
        super(`${label} failed after ${attempts} attempt(s): ${causeOf(label, last)}`);
        this.last = last;
    }
}
/**
 * Runs fn until it succeeds, an error is not retryable, or the attempts run out. Waits with jittered
 * exponential back-off, or as long as the server asked (Retry-After) when that is longer.
 */
async function retry(fn, o) {
    const wait = o.sleep ?? sleep;
    for (let attempt = 1;; attempt++) {
        try {
            return await fn(attempt);
        }
        catch (e) {
            if (o.signal?.aborted)
                throw e;
            const verdict = o.retryable(e);
            if (!verdict)
                throw e;
            if (attempt >= o.attempts)
                throw new RetriesExhaustedError(o.label, attempt, e);
            const backoff = backoffMs(attempt, o.baseMs, o.maxMs, o.random);
            const limit = o.maxRetryAfterMs ?? 300_000;
            if (typeof verdict === 'object' && verdict.afterMs > limit) {
                throw new Error(`${o.label}: the server asked to retry after ${Math.round(verdict.afterMs / 1000)} s, ` +
                    `more than the ${Math.round(limit / 1000)} s a run waits: ${causeOf(o.label, e)}`, { cause: e });
            }
            const ms = typeof verdict === 'object' ? Math.max(verdict.afterMs, backoff) : backoff;
            o.onRetry?.(`${o.label}: ${causeOf(o.label, e)}; retry ${attempt}/${o.attempts - 1} in ${(ms / 1000).toFixed(1)} s`);
            await wait(ms, o.signal);
        }
    }
}
/** Parses a Retry-After header: integer seconds or an HTTP date. Returns ms, or undefined. */
function parseRetryAfter(value, now = Date.now()) {
    if (!value)
        return undefined;
    const v = value.trim();
    if (/^\d+$/.test(v))
        return Number(v) * 1000;
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}


/***/ }),

/***/ 91432:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IX: () => (/* binding */ nextLink),
/* harmony export */   Zz: () => (/* binding */ AccessError),
/* harmony export */   _D: () => (/* binding */ explainAccess)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);

// Kept apart from client.ts (Octokit, the network layer), so that the KPIs that use these load nothing
// heavy before the source runs.
/** A repository the token cannot read (404), or a resource it may not use (403 "not accessible"). */
class AccessError extends Error {
    name = 'AccessError';
}
/** Rewrites a 404/403 of a per-repository endpoint into a message naming the repository and the fix. */
function explainAccess(e, repo, what, permission) {
    const err = e && typeof e === 'object' && 'message' in e ? e : undefined;
    if (err?.status === 404) {
        return new AccessError(`${repo}: not found or not visible to the token (reading ${what}); give the token access to it or remove it from the scope`);
    }
    if (err?.status === 403 && !/rate limit/i.test(err.message)) {
        return new AccessError(`${repo}: the token may not read ${what} (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(e).split(' - ')[0]}); grant it ${permission}`);
    }
    return e;
}
/** The next page's URL from a Link header, or undefined on the last page. */
function nextLink(link) {
    if (!link)
        return undefined;
    for (const part of link.split(',')) {
        const m = /<([^>]+)>\s*;\s*rel="next"/.exec(part);
        if (m)
            return m[1];
    }
    return undefined;
}


/***/ }),

/***/ 22006:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ DEFAULT_CLIENT_OPTIONS)
/* harmony export */ });
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(49809);

/** Production waits and limits of the GitHub client (tests and the benchmark pass shorter ones). */
const DEFAULT_CLIENT_OPTIONS = {
    secondaryFloorMs: 60_000,
    maxRateLimitWaitMs: 15 * 60_000,
    rateLimitAttempts: 5,
    searchMinIntervalMs: 2_000,
    graphqlMinIntervalMs: 1_000,
    retryBaseMs: 1_000,
    transientAttempts: 4,
    requestTimeoutMs: 30_000,
    sleep: _retry_js__WEBPACK_IMPORTED_MODULE_0__/* .sleep */ .yy,
    now: () => Date.now(),
};


/***/ }),

/***/ 58459:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  H: () => (/* binding */ SOURCES)
});

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 17 modules
var schemas = __webpack_require__(38816);
// EXTERNAL MODULE: ./src/redact.ts
var redact = __webpack_require__(76670);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/net/http.ts + 5 modules
var http = __webpack_require__(23121);
// EXTERNAL MODULE: ./src/retry.ts
var retry = __webpack_require__(49809);
;// CONCATENATED MODULE: ./src/sources/databricks/client.ts




/**
 * Largest page of the cluster events API (`page_size`: values outside [0, 500] are clamped; the server may
 * return fewer events than asked, so only an empty `next_page_token` ends a read, never a short page).
 */
const EVENTS_MAX_PAGE = 500;
/** Page of the read back from the span start (usually one page: it stops at the first RUNNING/TERMINATING). */
const PRIOR_EVENTS_PAGE = 10;
/** Page size asked of clusters/list 2.1 (the server may return fewer). */
const CLUSTERS_PAGE = 100;
/** Largest page of jobs/runs/list 2.2 (`limit` 1..25). */
const RUNS_MAX_PAGE = 25;
/**
 * Page caps of each listing (issue 14, item 3): far above any workspace's real size (100,000 clusters,
 * 1,000,000 events of one cluster, 250,000 job runs in the range), low enough that a server that never
 * stops paging ends the KPI in minutes, not never.
 */
const MAX_PAGES = { clusters: 1_000, events: 2_000, runs: 10_000 };
/** Largest answer accepted (a page of 500 events is about 100 KiB); more is an error, not a crash. */
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
/** Attempts in all for a host that does not resolve or refuses connections: seconds, not minutes. */
const UNREACHABLE_ATTEMPTS = 2;
/** An HTTP answer that is not 2xx, with the Databricks error body when there is one. */
class DatabricksApiError extends Error {
    endpoint;
    status;
    errorCode;
    retryAfterMs;
    name = 'DatabricksApiError';
    constructor(endpoint, status, errorCode, detail, retryAfterMs) {
        const hint = status === 401 || status === 403
            ? '; check that databricks-token is a valid token of this workspace with access to clusters and jobs'
            : '';
        super(`${endpoint}: HTTP ${status}${errorCode ? ` ${errorCode}` : ''}${detail ? `: ${detail}` : ''}${hint}`);
        this.endpoint = endpoint;
        this.status = status;
        this.errorCode = errorCode;
        this.retryAfterMs = retryAfterMs;
    }
}
/** A page that is not the documented shape (an object with an array of items and a string token). */
class PageShapeError extends Error {
    name = 'PageShapeError';
}
/**
 * Checks a page's shape (issue 14, item 3): an object whose `field`, when present, is an array and whose
 * `next_page_token`, when present, is a string. Returns the items and the next token ('' on the last page).
 */
function checkPage(endpoint, page, field) {
    const p = page;
    const items = p && typeof p === 'object' && !Array.isArray(p) ? (p[field] ?? []) : undefined;
    const token = p?.next_page_token ?? '';
    if (!Array.isArray(items) || typeof token !== 'string') {
        throw new PageShapeError(`${endpoint}: the page is not the documented shape (an object with '${field}' as an array and ` +
            `'next_page_token' as a string): ${(0,http/* excerpt */.Kb)(JSON.stringify(page) ?? String(page), 120)}`);
    }
    return { items: items, token };
}
const EVENTS = 'POST /api/2.1/clusters/events';
/**
 * The Databricks workspace REST client: Bearer auth, bounded concurrency, retries with back-off on 429, 5xx
 * and network errors (honouring Retry-After), a timeout per request, and counters for the job summary.
 */
class DatabricksClient {
    options;
    requests = 0;
    retries = 0;
    sleep;
    constructor(options) {
        this.options = options;
        this.sleep = options.sleep ?? retry/* sleep */.yy;
    }
    pageCap(listing) {
        return this.options.maxPages?.[listing] ?? MAX_PAGES[listing];
    }
    /** Nothing to close: connections are src/net's, shared and reused by the run's other HTTP clients. */
    close() { }
    get now() {
        return this.options.now ? this.options.now() : Date.now();
    }
    /** One request with retries. `path` includes the query string; the label names the endpoint. */
    async call(method, path, body) {
        const endpoint = `${method} ${path.split('?')[0]}`;
        const o = this.options;
        let unreachable = 0;
        return (0,retry/* retry */.L5)(async () => {
            this.requests++;
            return this.once(method, path, endpoint, body);
        }, {
            attempts: o.attempts,
            baseMs: o.retryBaseMs,
            maxMs: 60_000,
            label: `Databricks ${endpoint}`,
            signal: o.signal,
            sleep: this.sleep,
            retryable: (e) => {
                if (e instanceof DatabricksApiError) {
                    if (e.status !== 429 && e.status < 500)
                        return false;
                    return e.retryAfterMs !== undefined ? { afterMs: e.retryAfterMs } : true;
                }
                const net = e instanceof Error ? e.cause : undefined;
                if (net instanceof http/* NetError */.Ay) {
                    // A host that does not resolve or refuses connections: one short retry, then say so (issue 16).
                    if (net.code === 'dns' || net.code === 'refused')
                        return ++unreachable < UNREACHABLE_ATTEMPTS;
                    return net.code === 'timeout' || net.code === 'connect_timeout' || net.code === 'network';
                }
                return !(e instanceof errors/* UserError */.yo) && !(e instanceof PageShapeError);
            },
            onRetry: (m) => {
                this.retries++;
                o.log?.warning(m);
            },
        });
    }
    async once(method, path, endpoint, body) {
        const o = this.options;
        const payload = body === undefined ? undefined : JSON.stringify(body);
        let res;
        try {
            // Deadlines, the size cap, same-origin redirects and the proxy are src/net's (issue 14, items 2
            // and Proxy): a huge or endless answer is a rejected promise, never a crash in an event handler.
            res = await (0,http/* httpRequest */.aj)({
                method,
                url: new URL(path, o.host),
                headers: {
                    Authorization: `Bearer ${o.token}`,
                    Accept: 'application/json',
                    ...(payload === undefined ? {} : { 'Content-Type': 'application/json' }),
                },
                body: payload,
                timeoutMs: o.requestTimeoutMs,
                connectTimeoutMs: o.connectTimeoutMs,
                maxBytes: o.maxResponseBytes ?? MAX_RESPONSE_BYTES,
                signal: o.signal,
            });
        }
        catch (e) {
            if (o.signal?.aborted)
                throw e;
            if (e instanceof http/* NetError */.Ay && e.code === 'timeout')
                throw new Error(`${endpoint}: no answer within ${o.requestTimeoutMs / 1000} s`, { cause: e });
            throw new Error(`${endpoint}: ${e.message}`, { cause: e });
        }
        // Every form of the token (a server may echo the Authorization header) is redacted in the raw body,
        // before tags are stripped (stripping could join a secret's parts) and before any cut (issue 14, item 5).
        const text = this.redactToken(res.text());
        if (res.status < 200 || res.status > 299) {
            let code;
            let message = '';
            try {
                const parsed = JSON.parse(text);
                if (parsed.error_code !== undefined)
                    code = String(parsed.error_code);
                if (typeof parsed.message === 'string')
                    message = parsed.message;
            }
            catch {
                message = text.replace(/<[^>]*>/g, ' ');
            }
            message = (0,http/* excerpt */.Kb)(this.redactToken(message), 300);
            if (code !== undefined)
                code = (0,http/* excerpt */.Kb)(this.redactToken(code), 80);
            const retryAfter = (0,retry/* parseRetryAfter */.mu)(res.headers['retry-after']);
            throw new DatabricksApiError(endpoint, res.status, code, message, retryAfter);
        }
        try {
            return JSON.parse(text);
        }
        catch {
            throw new Error(`${endpoint}: HTTP ${res.status} with a body that is not JSON`);
        }
    }
    /** Removes every occurrence of the token (as is and URL-encoded) and of the run's registered secrets. */
    redactToken(text) {
        let out = text;
        for (const form of new Set([this.options.token, encodeURIComponent(this.options.token)]))
            if (form)
                out = out.split(form).join('***');
        return (0,redact/* redact */.E$)(out);
    }
    /** Every cluster of the workspace (clusters/list 2.1, all pages), yielded as the pages arrive. */
    async *listClusters() {
        const guard = new http/* PageGuard */.f8({
            label: 'Databricks GET /api/2.1/clusters/list',
            maxPages: this.pageCap('clusters'),
        });
        let token;
        do {
            guard.next(token ?? '');
            const q = new URLSearchParams({ page_size: String(CLUSTERS_PAGE) });
            if (token)
                q.set('page_token', token);
            const page = checkPage('GET /api/2.1/clusters/list', await this.call('GET', `/api/2.1/clusters/list?${q}`), 'clusters');
            for (const c of page.items)
                yield c;
            token = page.token || undefined;
        } while (token);
    }
    /**
     * Reads a cluster's events of the given types in [start, end), oldest first, page by page (token
     * paging, the largest page), handing each page to `onPage` before asking for the next.
     */
    async clusterEvents(clusterId, start, end, types, onPage) {
        const guard = new http/* PageGuard */.f8({
            label: `Databricks cluster events of ${clusterId}`,
            maxPages: this.pageCap('events'),
        });
        let token;
        do {
            guard.next(token ?? '');
            const body = {
                cluster_id: clusterId,
                start_time: start,
                end_time: end - 1,
                order: 'ASC',
                event_types: types,
                page_size: EVENTS_MAX_PAGE,
            };
            if (token)
                body.page_token = token;
            const page = checkPage(EVENTS, await this.call('POST', '/api/2.1/clusters/events', body), 'events');
            await onPage(page.items);
            token = page.token || undefined;
        } while (token);
    }
    /**
     * The events of the given types before `before`, newest first, as far back as the first RUNNING or
     * TERMINATING (included) or the oldest there is: what a cluster's state was at `before`. Usually one
     * request of a few events.
     */
    async lastEventsBefore(clusterId, before, types) {
        const out = [];
        const guard = new http/* PageGuard */.f8({
            label: `Databricks cluster events of ${clusterId}`,
            maxPages: this.pageCap('events'),
        });
        let token;
        do {
            guard.next(token ?? '');
            const body = {
                cluster_id: clusterId,
                end_time: before - 1,
                order: 'DESC',
                event_types: types,
                page_size: PRIOR_EVENTS_PAGE,
            };
            if (token)
                body.page_token = token;
            const page = checkPage(EVENTS, await this.call('POST', '/api/2.1/clusters/events', body), 'events');
            for (const e of page.items) {
                out.push(e);
                if (e.type === 'RUNNING' || e.type === 'TERMINATING')
                    return out;
            }
            token = page.token || undefined;
        } while (token);
        return out;
    }
    /** The first event of the given types at or after `from` (one request of one event), or undefined. */
    async firstEventAfter(clusterId, from, types) {
        const body = { cluster_id: clusterId, start_time: from, order: 'ASC', event_types: types, page_size: 1 };
        const page = checkPage(EVENTS, await this.call('POST', '/api/2.1/clusters/events', body), 'events');
        return page.items[0];
    }
    /** Completed job runs that started in [from, to] (jobs/runs/list 2.2, all pages). */
    async *listRuns(from, to) {
        const guard = new http/* PageGuard */.f8({
            label: 'Databricks GET /api/2.2/jobs/runs/list',
            maxPages: this.pageCap('runs'),
        });
        let token;
        do {
            guard.next(token ?? '');
            const q = new URLSearchParams({
                completed_only: 'true',
                start_time_from: String(from),
                start_time_to: String(to),
                limit: String(RUNS_MAX_PAGE),
            });
            if (token)
                q.set('page_token', token);
            const raw = await this.call('GET', `/api/2.2/jobs/runs/list?${q}`);
            const page = checkPage('GET /api/2.2/jobs/runs/list', raw, 'runs');
            for (const r of page.items)
                yield r;
            token = raw.has_more !== false && page.token ? page.token : undefined;
        } while (token);
    }
}
/** Validates the host secret: an https URL of the workspace (http only for a local test server). */
function parseHost(value) {
    const fix = 'use https://<workspace>.cloud.databricks.com';
    let url;
    try {
        url = new URL(value.trim());
    }
    catch {
        throw new errors/* UserError */.yo(`databricks-host: the value is not a URL; ${fix}`);
    }
    const local = (0,http/* isLoopbackUrl */.tE)(url);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
        throw new errors/* UserError */.yo(`databricks-host: the value is not an https URL; ${fix}`);
    }
    if (url.username || url.password) {
        throw new errors/* UserError */.yo(`databricks-host: the URL must not contain credentials; ${fix} and pass the token as databricks-token`);
    }
    if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
        throw new errors/* UserError */.yo(`databricks-host: give the workspace URL without a path or query; ${fix}`);
    }
    return url.origin;
}

// EXTERNAL MODULE: ./src/dates.ts
var src_dates = __webpack_require__(37718);
// EXTERNAL MODULE: ./src/concurrency.ts
var concurrency = __webpack_require__(81532);
;// CONCATENATED MODULE: ./src/sources/databricks/activity.ts



/** Upper bounds (seconds) of the cumulative startup-duration buckets `le_<n>`. */
const STARTUP_BOUNDS = [60, 120, 300, 600, 1200, 1800, 3600];
/** The only event types the cluster KPIs read; the API is asked for these and nothing else. */
const LIFECYCLE_EVENTS = ['CREATING', 'STARTING', 'RESTARTING', 'RUNNING', 'TERMINATING'];
const OPENS = new Set(['CREATING', 'STARTING', 'RESTARTING']);
const LIFECYCLE = new Set(LIFECYCLE_EVENTS);
/** First events of a span whose meaning depends on the state before it (see ClusterTimeline.prime). */
const PRIOR_STATE_MATTERS = new Set(['TERMINATING', 'RESTARTING', 'RUNNING']);
/** Cluster states in which a cluster is up. */
const UP_STATES = new Set(['RUNNING', 'RESIZING']);
/** Collects per-day figures; clips running intervals to days. Memory: O(days). */
class ActivitySink {
    windows;
    clipEnd;
    startups = new Map();
    uptimeMs = new Map();
    days;
    rangeStart;
    rangeEnd;
    constructor(windows, 
    /** Running intervals still open are counted up to here: min(range end, now). */
    clipEnd, parent) {
        this.windows = windows;
        this.clipEnd = clipEnd;
        this.days = parent ? parent.days : new src_dates/* DayIndex */.FV(windows);
        this.rangeStart = this.days.first;
        this.rangeEnd = this.days.last;
    }
    /**
     * An empty sink over the same days, for one cluster: its figures are added to this one only once the
     * cluster's events were read to the end (a cluster deleted half-way adds nothing).
     */
    child() {
        return new ActivitySink(this.windows, this.clipEnd, this);
    }
    /** Adds a child's figures to this sink. */
    merge(c) {
        for (const [date, d] of c.startups) {
            const t = this.day(date);
            t.count += d.count;
            t.ms += d.ms;
            t.failed += d.failed;
            d.buckets.forEach((n, i) => (t.buckets[i] += n));
        }
        for (const [date, ms] of c.uptimeMs)
            this.uptimeMs.set(date, (this.uptimeMs.get(date) ?? 0) + ms);
    }
    day(date) {
        let d = this.startups.get(date);
        if (!d)
            this.startups.set(date, (d = { count: 0, ms: 0, failed: 0, buckets: STARTUP_BOUNDS.map(() => 0) }));
        return d;
    }
    /** A startup completed by a RUNNING event at `at`, which took `ms`. */
    completed(at, ms) {
        const date = this.days.dateOf(at);
        if (!date)
            return;
        const d = this.day(date);
        d.count++;
        d.ms += ms;
        const seconds = ms / 1000;
        STARTUP_BOUNDS.forEach((b, i) => {
            if (seconds <= b)
                d.buckets[i]++;
        });
    }
    /** A startup ended by a TERMINATING event at `at`. */
    failed(at) {
        const date = this.days.dateOf(at);
        if (date)
            this.day(date).failed++;
    }
    /** A cluster was running in [from, to): adds the overlap with each day. */
    running(from, to) {
        const lo = Math.max(from, this.rangeStart);
        const hi = Math.min(to, this.clipEnd, this.rangeEnd);
        if (!(hi > lo))
            return;
        // The window holding lo, then walk forward.
        for (let i = this.days.indexOf(lo); i < this.windows.length; i++) {
            const w = this.windows[i];
            if (w.start >= hi)
                break;
            const overlap = Math.min(hi, w.end) - Math.max(lo, w.start);
            if (overlap > 0)
                this.uptimeMs.set(w.date, (this.uptimeMs.get(w.date) ?? 0) + overlap);
        }
    }
}
/**
 * The state machine of one cluster, fed its lifecycle events oldest first (page by page). It keeps only the
 * open startup and the open running interval, so memory does not grow with the number of events.
 *
 * - CREATING, STARTING or RESTARTING opens a startup when none is open (a later one does not reset it).
 * - RUNNING completes the open startup (duration = RUNNING - opening event); with nothing open it is not a
 *   startup. A RUNNING also opens a running interval when none is open.
 * - TERMINATING ends an open startup as failed, and closes the running interval.
 * - The state at the start of the read (a startup already open, the cluster already up) is not in the
 *   events read. When the first event read is TERMINATING, RESTARTING or RUNNING it matters, and
 *   needsPriorState() says so: the caller reads the events just before the span and calls prime().
 * - A cluster with no lifecycle event in the span: see finishQuiet().
 */
class ClusterTimeline {
    sink;
    clusterId;
    spanStart;
    open;
    runningSince;
    seen = false;
    last = -Infinity;
    constructor(sink, clusterId, 
    /** Start of the fetched span (range start - lookback). */
    spanStart) {
        this.sink = sink;
        this.clusterId = clusterId;
        this.spanStart = spanStart;
    }
    /**
     * True when no lifecycle event of the span was folded yet and the first one in `events` is one whose
     * meaning depends on the state before the span: TERMINATING (a failed startup, or the end of a running
     * interval), RESTARTING (a cluster that was up, or a startup already open) or RUNNING (the end of a startup
     * that opened before the span, or not a startup at all).
     */
    needsPriorState(events) {
        if (this.seen)
            return false;
        const first = events.find((e) => LIFECYCLE.has(e.type) && e.timestamp >= this.spanStart && e.timestamp < this.sink.rangeEnd);
        return first !== undefined && PRIOR_STATE_MATTERS.has(first.type);
    }
    /**
     * Sets the state at the start of the span from the lifecycle events before it, newest first (as far back
     * as the first RUNNING or TERMINATING, or all there are). The opening events after the last RUNNING or
     * TERMINATING form the open startup (it opened at the oldest of them); the cluster is up when that last
     * RUNNING-or-TERMINATING is a RUNNING.
     */
    prime(before) {
        let opened;
        let up = false;
        for (const e of before) {
            if (OPENS.has(e.type))
                opened = e.timestamp;
            else if (e.type === 'RUNNING' || e.type === 'TERMINATING') {
                up = e.type === 'RUNNING';
                break;
            }
        }
        this.open = opened;
        this.runningSince = up ? this.spanStart : undefined;
    }
    event(timestamp, type) {
        if (!Number.isFinite(timestamp))
            throw new Error(`cluster ${this.clusterId}: an event has no timestamp`);
        if (timestamp < this.last) {
            throw new Error(`cluster ${this.clusterId}: events are not in ascending order (order: ASC was not honoured)`);
        }
        this.last = timestamp;
        if (timestamp < this.spanStart || timestamp >= this.sink.rangeEnd)
            return;
        if (OPENS.has(type)) {
            if (this.open === undefined)
                this.open = timestamp;
        }
        else if (type === 'RUNNING') {
            if (this.open !== undefined) {
                this.sink.completed(timestamp, timestamp - this.open);
                this.open = undefined;
            }
            if (this.runningSince === undefined)
                this.runningSince = timestamp;
        }
        else if (type === 'TERMINATING') {
            if (this.open !== undefined) {
                this.sink.failed(timestamp);
                this.open = undefined;
            }
            if (this.runningSince !== undefined) {
                this.sink.running(this.runningSince, timestamp);
                this.runningSince = undefined;
            }
        }
        else {
            return; // not a lifecycle event
        }
        this.seen = true;
    }
    /** Whether any lifecycle event of the span was seen. */
    get seenLifecycle() {
        return this.seen;
    }
    /** After the last event: a running interval still open is counted up to the end of the range (or now). */
    finish() {
        if (this.runningSince !== undefined)
            this.sink.running(this.runningSince, this.sink.clipEnd);
        this.runningSince = undefined;
    }
    /**
     * For a cluster with no lifecycle event in the span, which was therefore in one state throughout: up when
     * its next lifecycle event after the range is TERMINATING or RESTARTING (only an up cluster has those),
     * or, with no event after the range either, when the cluster list shows it RUNNING or RESIZING.
     */
    finishQuiet(nextType, state) {
        const up = nextType
            ? nextType === 'TERMINATING' || nextType === 'RESTARTING'
            : state !== undefined && UP_STATES.has(state);
        if (up)
            this.sink.running(this.spanStart, this.sink.clipEnd);
    }
}
/**
 * True when the cluster list proves the cluster did nothing in [rangeStart, rangeEnd): it is terminated and
 * was terminated before the range. (`start_time` is not used: the API documents it as the time the cluster
 * entered PENDING, which is its last start rather than its creation, so a cluster restarted after the range
 * may well have run in it.)
 */
function inactiveInRange(c, rangeStart) {
    return c.state === 'TERMINATED' && c.terminated_time !== undefined && c.terminated_time < rangeStart;
}
/** A Databricks answer saying the cluster does not exist (any more): it was deleted during the run. */
function isDeletedCluster(e) {
    return (e instanceof DatabricksApiError &&
        (e.status === 400 || e.status === 404) &&
        e.errorCode === 'RESOURCE_DOES_NOT_EXIST');
}
/**
 * Lists the clusters and reads each active one's lifecycle events once for the whole range plus the
 * lookback, folding them into per-day figures as the pages arrive (bounded concurrency).
 */
async function foldClusterActivity(client, windows, progress, signal) {
    const sink = new ActivitySink(windows, Math.min(windows[windows.length - 1].end, client.now));
    const spanStart = sink.rangeStart - client.options.lookbackMs;
    let clusters = 0;
    let skipped = 0;
    let deleted = 0;
    let done = 0;
    const seen = new Set();
    await (0,concurrency/* mapLimit */.s)(client.listClusters(), client.options.concurrency, async (c) => {
        // A cluster can be listed twice when the list shifts between pages: count it once.
        if (seen.has(c.cluster_id))
            return;
        seen.add(c.cluster_id);
        clusters++;
        if (inactiveInRange(c, sink.rangeStart)) {
            skipped++;
            return;
        }
        const own = sink.child();
        const timeline = new ClusterTimeline(own, c.cluster_id, spanStart);
        try {
            await client.clusterEvents(c.cluster_id, spanStart, sink.rangeEnd, LIFECYCLE_EVENTS, async (events) => {
                if (timeline.needsPriorState(events))
                    timeline.prime(await client.lastEventsBefore(c.cluster_id, spanStart, LIFECYCLE_EVENTS));
                for (const e of events)
                    timeline.event(e.timestamp, e.type);
            });
            if (timeline.seenLifecycle)
                timeline.finish();
            else
                timeline.finishQuiet((await client.firstEventAfter(c.cluster_id, sink.rangeEnd, LIFECYCLE_EVENTS))?.type, c.state);
        }
        catch (e) {
            if (!isDeletedCluster(e))
                throw e;
            deleted++;
            return;
        }
        sink.merge(own);
        progress?.(++done, clusters - skipped - deleted, 'active clusters read (of those listed so far)');
    }, signal);
    return { startups: sink.startups, uptimeMs: sink.uptimeMs, clusters, skipped, deleted };
}

;// CONCATENATED MODULE: ./src/sources/databricks/history.ts
const DAY = 86_400_000;
/** clusters/list and clusters/events: clusters terminated more than 30 days ago, and their events, are gone. */
const CLUSTER_HISTORY = {
    days: 30,
    what: 'cluster history (clusters terminated earlier and their events are no longer returned)',
    route: 'system.compute.clusters and system.compute.node_timeline',
};
/** jobs/runs/list: runs expire after 60 days. */
const JOB_RUN_HISTORY = {
    days: 60,
    what: 'job runs (older runs have expired)',
    route: 'system.lakeflow.job_run_timeline',
};
/**
 * Throws (failing the KPI, so the engine keeps the rows already stored for those days) when the range,
 * with the lookback read before its first day, starts before the history the API keeps; unless
 * `allowIncompleteHistory` is set, in which case the KPI collects what the API still returns (the run
 * warns through the source's rangeWarnings).
 */
function assertHistoryKept(windows, lookbackMs, h, now, options) {
    const first = windows[0];
    if (!first || options.allowIncompleteHistory)
        return;
    const limit = now - h.days * DAY;
    if (first.start - lookbackMs >= limit)
        return;
    // The first day reads the lookback before it; later days continue from the day before.
    const affected = windows.filter((w, i) => w.start - (i === 0 ? lookbackMs : 0) < limit);
    const last = affected[affected.length - 1].date;
    const days = last === first.date ? first.date : `${first.date}..${last}`;
    const lookback = lookbackMs > 0 ? ` (with its ${+(lookbackMs / 3_600_000).toFixed(2)} h lookback)` : '';
    throw new Error(`the range${lookback} reaches back before ${new Date(limit).toISOString()}, past the ${h.days} days of ` +
        `${h.what} the Databricks API keeps: figures of ${days} would be incomplete, so nothing is ` +
        `collected and the rows already stored are kept; for older history query the Databricks system tables ` +
        `${h.route}, or set sources.databricks.allow_incomplete_history: true to collect what the API still returns`);
}

;// CONCATENATED MODULE: ./src/sources/databricks/run.ts


/**
 * What every Databricks KPI receives as `ctx.run`, built once per run: the REST client, the cluster
 * activity both cluster KPIs share (fetched once), and the counts the job summary shows.
 */
class DatabricksRun {
    client;
    signal;
    /** Clusters listed, skipped (no activity in the range), deleted during the run. */
    clusters = { seen: 0, skipped: 0, deleted: 0 };
    activity = new Map();
    constructor(client, signal) {
        this.client = client;
        this.signal = signal;
    }
    /**
     * The startup and uptime figures of every cluster for the windows: fetched once per run (both cluster
     * KPIs await the same promise, a failure included) and folded as pages arrive.
     */
    clusterActivity(windows, progress) {
        const key = `${windows[0]?.start}-${windows[windows.length - 1]?.end}`;
        let p = this.activity.get(key);
        if (!p) {
            const { client } = this;
            p = (async () => {
                assertHistoryKept(windows, client.options.lookbackMs, CLUSTER_HISTORY, client.now, client.options);
                const a = await foldClusterActivity(client, windows, progress, this.signal);
                this.clusters.seen += a.clusters;
                this.clusters.skipped += a.skipped;
                this.clusters.deleted += a.deleted;
                return a;
            })();
            this.activity.set(key, p);
        }
        return p;
    }
}

// EXTERNAL MODULE: ./src/kpi.ts
var src_kpi = __webpack_require__(31625);
;// CONCATENATED MODULE: ./src/sources/databricks/cluster-startup.ts



const params = schemas/* strictObject */.rej({});
/** Every cluster startup of the day, with additive components so any span averages correctly. */
const clusterStartup = {
    id: 'databricks.cluster_startup',
    definition: 'Cluster startups completed per day, their total duration and duration buckets, and failed startups.',
    unit: 'seconds',
    components: [
        { name: 'count', description: 'Startups completed (reached RUNNING) on the day', unit: 'count' },
        {
            name: 'seconds',
            description: 'Sum of the durations of the startups counted in count',
            unit: 'seconds',
        },
        {
            name: 'failed',
            description: 'Startups that ended with TERMINATING before reaching RUNNING',
            unit: 'count',
        },
        ...(0,src_kpi/* bucketComponents */.dX)(STARTUP_BOUNDS, 'Completed startups', 'seconds'),
    ],
    derived: [
        {
            name: 'avg_seconds',
            description: 'Average startup duration',
            unit: 'seconds',
            kind: 'ratio',
            numerator: ['seconds'],
            denominator: ['count'],
        },
        {
            name: 'failure_rate',
            description: 'Share of startups that failed',
            unit: 'ratio',
            kind: 'ratio',
            numerator: ['failed'],
            denominator: ['count', 'failed'],
        },
        {
            name: 'p50_seconds',
            description: 'Median startup duration (from the buckets)',
            unit: 'seconds',
            kind: 'percentile',
            quantile: 0.5,
            buckets: 'le_',
            total: ['count'],
        },
        {
            name: 'p90_seconds',
            description: '90th percentile of startup duration (from the buckets)',
            unit: 'seconds',
            kind: 'percentile',
            quantile: 0.9,
            buckets: 'le_',
            total: ['count'],
        },
    ],
    params,
    notes: [
        'Rule, per cluster, events in timestamp order: a startup opens at a CREATING, STARTING or RESTARTING event',
        'when none is open (a later one while open does not reset it). It completes at the next RUNNING event; its',
        'duration is that RUNNING timestamp minus the opening one. A TERMINATING event while a startup is open ends',
        'it as failed. A RUNNING with nothing open is not a startup. Every startup counts, however many times a',
        'cluster restarts in a day.',
        'Days: a completed startup counts on the day (run time zone) of its RUNNING event, a failed one on the day',
        'of its TERMINATING event, so nothing is counted twice across days or runs. Events are read from',
        '`events_lookback_hours` (source setting, default 24, at least 1) before the first day, so a startup that',
        "opens before the range and completes (or fails) inside it counts in full; when a cluster's first event",
        'read is TERMINATING, RESTARTING or RUNNING, one more request reads its lifecycle events just before the',
        'read, so a startup open since before it (even longer than the lookback) is counted too.',
        'Only clusters the API still returns count: clusters terminated more than 30 days ago are gone, so when',
        'the range with its lookback starts more than 30 days ago the run warns that the oldest days are',
        'incomplete (with the source setting allow_incomplete_history: false the KPI fails instead, keeping stored rows).',
    ].join(' '),
    fillZeros: true,
    async collect({ run, windows, acc, progress }) {
        const activity = await run.clusterActivity(windows, progress);
        for (const [date, d] of activity.startups) {
            acc.add(date, 'count', d.count);
            acc.add(date, 'seconds', d.ms / 1000);
            acc.add(date, 'failed', d.failed);
            STARTUP_BOUNDS.forEach((b, i) => acc.add(date, `le_${b}`, d.buckets[i]));
        }
    },
};

;// CONCATENATED MODULE: ./src/sources/databricks/cluster-uptime.ts

const cluster_uptime_params = schemas/* strictObject */.rej({});
/** Time clusters spent running, clipped to days so days add up to any span. */
const clusterUptime = {
    id: 'databricks.cluster_uptime',
    definition: 'Sum over clusters of the time each spent running on the day.',
    unit: 'seconds',
    components: [
        { name: 'seconds', description: 'Cluster-seconds of running time on the day', unit: 'seconds' },
    ],
    derived: [],
    params: cluster_uptime_params,
    notes: [
        'A cluster runs from a RUNNING event (the one that completes a startup, or a RUNNING with nothing open,',
        'whose startup began before the events read) until its next TERMINATING event. A RESTARTING does not',
        'interrupt it: the cluster stays allocated until it terminates. Each running interval is clipped to the',
        'days (run time zone) it overlaps, so days add up to any span.',
        'A cluster still running at the end of the range counts up to the range end (or now, for today).',
        "Events are read from `events_lookback_hours` (source setting) before the first day. When a cluster's",
        'first event read is TERMINATING, RESTARTING or RUNNING, one more request reads its lifecycle events just',
        'before the read (back to the last RUNNING or TERMINATING): a RUNNING there means it was already up. A',
        'cluster with no lifecycle event at all in that span was in one state throughout: one more request reads its first',
        'lifecycle event after the range; TERMINATING or RESTARTING means it was up, any other means it was not,',
        'and with none the cluster list state (RUNNING or RESIZING) decides.',
        'Clusters terminated more than 30 days ago are not returned by the API: when the range with its lookback',
        'starts more than 30 days ago the run warns that the oldest days are incomplete (with',
        'allow_incomplete_history: false the KPI fails instead, keeping stored rows).',
    ].join(' '),
    fillZeros: true,
    async collect({ run, windows, acc, progress }) {
        const activity = await run.clusterActivity(windows, progress);
        for (const [date, ms] of activity.uptimeMs)
            acc.add(date, 'seconds', ms / 1000);
    },
};

;// CONCATENATED MODULE: ./src/sources/databricks/job-runs.ts


const job_runs_params = schemas/* strictObject */.rej({
    lookback_hours: schemas/* number */.aig()
        .int()
        .min(1)
        .max(24 * 60)
        .default(48)
        .describe('Runs are listed by start time: how long before the first day a run that ends in the range may have started.'),
});
/** Result states counted as succeeded / failed. Everything else (canceled, skipped, …) counts in `count` only. */
const SUCCEEDED_STATES = new Set(['SUCCESS']);
const FAILED_STATES = new Set(['FAILED', 'TIMEDOUT', 'UPSTREAM_FAILED']);
const FAILED_TERMINATION_TYPES = new Set([
    'INTERNAL_ERROR',
    'CLIENT_ERROR',
    'CLOUD_FAILURE',
]);
/**
 * 2.2 termination codes that are neither a success nor a failure, whatever their type says: the run was
 * canceled, skipped or not started (the counterparts of the result states counted in `count` only).
 */
const NEUTRAL_TERMINATION_CODES = new Set([
    'USER_CANCELED',
    'CANCELED',
    'SKIPPED',
    'DISABLED',
    'SUCCESS_WITH_FAILURES',
    'MAX_CONCURRENT_RUNS_EXCEEDED',
]);
/** The verdict of a finished run from `state.result_state`, else from the 2.2 `status`. */
function runOutcome(run) {
    const result = run.state?.result_state;
    if (result)
        return SUCCEEDED_STATES.has(result) ? 'succeeded' : FAILED_STATES.has(result) ? 'failed' : 'other';
    if (run.state?.life_cycle_state === 'INTERNAL_ERROR')
        return 'failed';
    if (run.state?.life_cycle_state === 'SKIPPED')
        return 'other';
    // The code says what happened, the type only whose fault an ending was: the code decides first.
    const details = run.status?.termination_details;
    if (details?.code === 'SUCCESS')
        return 'succeeded';
    if (details?.code && NEUTRAL_TERMINATION_CODES.has(details.code))
        return 'other';
    if (details?.type && FAILED_TERMINATION_TYPES.has(details.type))
        return 'failed';
    return 'other';
}
/** Job runs that ended on the day: how many, how they ended, how long they ran and queued. */
const jobRuns = {
    id: 'databricks.job_runs',
    definition: 'Job runs that ended on the day: count, succeeded, failed, total run and queue time.',
    unit: 'count',
    components: [
        { name: 'count', description: 'Runs that ended on the day (every result state)', unit: 'count' },
        { name: 'succeeded', description: 'Runs that ended with result state SUCCESS', unit: 'count' },
        {
            name: 'failed',
            description: 'Runs that ended FAILED, TIMEDOUT, UPSTREAM_FAILED or INTERNAL_ERROR',
            unit: 'count',
        },
        { name: 'seconds', description: 'Sum of run_duration of the runs counted', unit: 'seconds' },
        { name: 'queue_seconds', description: 'Sum of queue_duration of the runs counted', unit: 'seconds' },
    ],
    derived: [
        {
            name: 'success_rate',
            description: 'Succeeded among runs that succeeded or failed',
            unit: 'ratio',
            kind: 'ratio',
            numerator: ['succeeded'],
            denominator: ['succeeded', 'failed'],
        },
        {
            name: 'avg_seconds',
            description: 'Average run duration',
            unit: 'seconds',
            kind: 'ratio',
            numerator: ['seconds'],
            denominator: ['count'],
        },
        {
            name: 'avg_queue_seconds',
            description: 'Average time a run queued',
            unit: 'seconds',
            kind: 'ratio',
            numerator: ['queue_seconds'],
            denominator: ['count'],
        },
    ],
    params: job_runs_params,
    notes: [
        'A run counts on the day (run time zone) of its end_time, once, whatever its result.',
        'succeeded: result_state SUCCESS. failed: result_state FAILED, TIMEDOUT or UPSTREAM_FAILED, or',
        'life_cycle_state INTERNAL_ERROR; without a result_state, the 2.2 status is read, termination code first',
        '(SUCCESS is succeeded; USER_CANCELED, CANCELED, SKIPPED, DISABLED, SUCCESS_WITH_FAILURES and',
        'MAX_CONCURRENT_RUNS_EXCEEDED are neither), then the type (INTERNAL_ERROR, CLIENT_ERROR or CLOUD_FAILURE is',
        'failed). Other results',
        '(CANCELED, SKIPPED, EXCLUDED, SUCCESS_WITH_FAILURES, MAXIMUM_CONCURRENT_RUNS_REACHED, UPSTREAM_CANCELED,',
        'DISABLED) count in count only. seconds is run_duration (or setup + execution + cleanup when run_duration',
        'is absent); queue_seconds is queue_duration. The API filters runs by start time, so runs that started up',
        'to lookback_hours before the first day are read; a longer run ending in the range is missed.',
        'Runs are kept by Databricks for 60 days: when the range minus lookback_hours starts earlier the run warns',
        'that the oldest days are incomplete (with allow_incomplete_history: false the KPI fails instead, keeping',
        'the stored rows).',
    ].join(' '),
    fillZeros: true,
    async collect({ run: { client }, params: p, windows, days, acc }) {
        assertHistoryKept(windows, p.lookback_hours * 3_600_000, JOB_RUN_HISTORY, client.now, client.options);
        const from = windows[0].start - p.lookback_hours * 3_600_000;
        const to = windows[windows.length - 1].end - 1;
        const seen = new Set();
        for await (const run of client.listRuns(from, to)) {
            if (!run.end_time || seen.has(run.run_id))
                continue;
            const date = days.dateOf(run.end_time);
            if (!date)
                continue;
            seen.add(run.run_id);
            const outcome = runOutcome(run);
            acc.add(date, 'count', 1);
            if (outcome !== 'other')
                acc.add(date, outcome, 1);
            const ms = run.run_duration ||
                (run.setup_duration ?? 0) + (run.execution_duration ?? 0) + (run.cleanup_duration ?? 0);
            acc.add(date, 'seconds', ms / 1000);
            acc.add(date, 'queue_seconds', (run.queue_duration ?? 0) / 1000);
        }
    },
};

;// CONCATENATED MODULE: ./src/sources/databricks/billing.ts

/**
 * The two built-in cost KPIs read Databricks' billing system tables (docs.databricks.com/aws/en/admin/
 * system-tables/billing and …/pricing) with ONE statement for the whole range, grouped by the day of each
 * record's usage_start_time in the run's time zone and by product. See README.md, "DBUs and list-price cost".
 */
/** Largest number of workspace ids or products one KPI may filter on (each is one typed parameter). */
const MAX_FILTER = 100;
const PRODUCT_RE = /^[a-z][a-z0-9_]{0,62}$/;
const DECIMAL_RE = /^-?\d+(\.\d+)?$/;
/** The exact sum of decimal numbers given as text (DECIMAL values of a JSON_ARRAY result). */
function sumDecimals(values) {
    const scale = Math.max(0, ...values.map((v) => v.split('.')[1]?.length ?? 0));
    let sum = 0n;
    for (const v of values) {
        const [int, frac = ''] = v.replace('-', '').split('.');
        const units = BigInt(int + frac.padEnd(scale, '0'));
        sum += v.startsWith('-') ? -units : units;
    }
    const digits = (sum < 0n ? -sum : sum).toString().padStart(scale + 1, '0');
    const text = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
    return sum < 0n ? `-${text}` : text;
}
const billingParams = schemas/* strictObject */.rej({
    workspace_ids: schemas/* array */.YOg(schemas/* string */.YjP().regex(/^\d{1,20}$/, 'must be a numeric workspace id, as a string, e.g. "1234567890123456"'))
        .min(1)
        .max(MAX_FILTER)
        .optional()
        .describe('Workspaces to count, as strings (system.billing.usage is account-wide). Default: the workspace of databricks-host.'),
    products: schemas/* array */.YOg(schemas/* string */.YjP()
        .regex(PRODUCT_RE, 'must be a billing_origin_product in lower case, e.g. jobs, sql, all_purpose')
        .refine((p) => p !== 'total', "'total' is the sum, not a product"))
        .min(1)
        .max(MAX_FILTER)
        .optional()
        .describe('Products (billing_origin_product, lower case: jobs, sql, all_purpose, dlt, model_serving, …). Default: all; total is the sum of the products counted.'),
});
/** The day (run zone) of an instant, computed by the warehouse independently of its session time zone. */
const DAY_SQL = 'date_from_unix_date(CAST(floor(unix_seconds(from_utc_timestamp(u.usage_start_time, :time_zone)) / 86400) AS INT))';
/**
 * The one range statement of a billing KPI and its typed parameters. Values only travel as parameters; the
 * only generated text is the list of markers `:w0, :w1, …` / `:p0, …`, one per filter value.
 */
function billingStatement(measure, o) {
    const first = o.windows[0];
    const last = o.windows[o.windows.length - 1];
    const parameters = [
        { name: 'range_start', type: 'TIMESTAMP', value: new Date(first.start).toISOString() },
        { name: 'range_end', type: 'TIMESTAMP', value: new Date(last.end).toISOString() },
        { name: 'time_zone', type: 'STRING', value: o.timeZone },
    ];
    const markers = (prefix, values) => values
        .map((v, i) => {
        parameters.push({ name: `${prefix}${i}`, type: 'STRING', value: v });
        return `:${prefix}${i}`;
    })
        .join(', ');
    const where = [
        'u.usage_start_time >= :range_start',
        'u.usage_start_time < :range_end',
        `u.workspace_id IN (${markers('w', o.workspaceIds)})`,
    ];
    if (o.products)
        where.push(`lower(u.billing_origin_product) IN (${markers('p', o.products)})`);
    if (measure === 'dbus') {
        where.unshift("u.usage_unit = 'DBU'");
        return {
            parameters,
            sql: [
                `SELECT ${DAY_SQL} AS day,`,
                '  lower(u.billing_origin_product) AS product,',
                '  SUM(u.usage_quantity) AS value,',
                '  MAX(u.usage_end_time) AS newest_end,',
                '  COUNT(*) AS records,',
                '  COUNT(*) AS priced',
                'FROM system.billing.usage u',
                `WHERE ${where.join('\n  AND ')}`,
                'GROUP BY 1, 2',
            ].join('\n'),
        };
    }
    parameters.push({ name: 'currency', type: 'STRING', value: 'USD' });
    return {
        parameters,
        sql: [
            `SELECT ${DAY_SQL} AS day,`,
            '  lower(u.billing_origin_product) AS product,',
            // DECIMAL(38,12) × DECIMAL(38,8): exact on small warehouses' engines, and no overflow of the product.
            '  SUM(CAST(u.usage_quantity AS DECIMAL(38, 12)) * CAST(lp.pricing.default AS DECIMAL(38, 8))) AS value,',
            '  MAX(u.usage_end_time) AS newest_end,',
            '  COUNT(*) AS records,',
            '  COUNT(lp.sku_name) AS priced',
            'FROM system.billing.usage u',
            'LEFT JOIN system.billing.list_prices lp',
            '  ON lp.sku_name = u.sku_name',
            '  AND lp.cloud = u.cloud',
            '  AND lp.usage_unit = u.usage_unit',
            '  AND lp.currency_code = :currency',
            '  AND lp.price_start_time <= u.usage_start_time',
            '  AND (lp.price_end_time IS NULL OR u.usage_start_time < lp.price_end_time)',
            `WHERE ${where.join('\n  AND ')}`,
            'GROUP BY 1, 2',
        ].join('\n'),
    };
}
/** Statement timeout when the run does not give one (the default of query_timeout_seconds). */
const DEFAULT_TIMEOUT_MS = 600_000;
/**
 * Collects one billing KPI: one statement for the range, a component per product plus `total`, zeros for
 * every day of the range (for `total` and for every product counted anywhere in it), and warnings for late
 * data and for usage without a list price.
 */
async function collectBilling(kpiId, measure, ctx) {
    const timeoutMs = ctx.run.queryTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    const sql = ctx.run.sql;
    if (!sql) {
        throw new Error('sources.databricks.warehouse_id is not set; set it to a SQL warehouse id (SQL Warehouses → Connection details) to read system.billing');
    }
    const workspaceIds = ctx.params.workspace_ids ?? [await sql.workspaceId()];
    const products = ctx.params.products;
    const first = ctx.windows[0];
    const last = ctx.windows[ctx.windows.length - 1];
    const label = `${kpiId} statement for ${first.date === last.date ? first.date : `${first.date}..${last.date}`}`;
    const statement = billingStatement(measure, {
        windows: ctx.windows,
        timeZone: ctx.timeZone,
        workspaceIds,
        products,
    });
    const result = await sql.execute({ ...statement, timeoutMs, label, signal: ctx.signal });
    const read = readBilling(result, ctx.windows, label);
    const seen = new Set(products ?? []);
    const totals = new Map();
    for (const { date, product, value } of read.values) {
        ctx.acc.add(date, product, Number(value));
        totals.set(date, [...(totals.get(date) ?? []), value]);
        seen.add(product);
    }
    // The total is summed exactly (decimal text), not as the sum of the rounded doubles of the products.
    for (const [date, values] of totals)
        ctx.acc.add(date, 'total', Number(sumDecimals(values)));
    for (const w of ctx.windows) {
        for (const c of ['total', ...seen])
            if (!ctx.acc.has(w.date, c))
                ctx.acc.add(w.date, c, 0);
    }
    for (const line of lateDataWarnings(kpiId, read.newestEnd, ctx.windows, workspaceIds))
        ctx.log.warning(line);
    if (read.unpriced > 0) {
        ctx.log.warning(`${kpiId}: ${read.unpriced} usage record(s) have no USD list price in system.billing.list_prices for their SKU, cloud, unit and start time; they count as 0`);
    }
}
/** Reads the statement's rows (day, product, value, newest_end, records, priced), checking each. */
function readBilling(result, windows, label) {
    const names = result.columns.map((c) => c.name.toLowerCase());
    const col = (n) => {
        const i = names.indexOf(n);
        if (i < 0)
            throw new Error(`${label}: the result has no column '${n}'`);
        return i;
    };
    const [di, pi, vi, ni, ri, qi] = ['day', 'product', 'value', 'newest_end', 'records', 'priced'].map(col);
    const dates = new Set(windows.map((w) => w.date));
    const out = { values: [], unpriced: 0 };
    for (const row of result.rows) {
        const date = row[di];
        if (!date || !dates.has(date))
            throw new Error(`${label}: the warehouse returned day '${date}', outside the range`);
        const raw = row[pi];
        // A record without a product (should not happen) is kept in total under 'unknown'.
        const product = raw && PRODUCT_RE.test(raw) && raw !== 'total' ? raw : 'unknown';
        const value = row[vi] ?? '0';
        if (!DECIMAL_RE.test(value))
            throw new Error(`${label}: value '${value}' on ${date} is not a decimal number`);
        out.values.push({ date, product, value });
        const end = row[ni] ? Date.parse(row[ni].replace(' ', 'T')) : NaN;
        if (Number.isFinite(end) && (out.newestEnd === undefined || end > out.newestEnd))
            out.newestEnd = end;
        out.unpriced += Number(row[ri] ?? 0) - Number(row[qi] ?? 0);
    }
    return out;
}
/**
 * Billing records land hours after the usage. The days of the range that end after the newest record read
 * may be incomplete: they are stored (a later run replaces them) with a warning naming them.
 */
function lateDataWarnings(kpiId, newestEnd, windows, workspaceIds) {
    const late = windows.filter((w) => newestEnd === undefined || w.end > newestEnd);
    if (late.length === 0)
        return [];
    const days = late.length === 1
        ? late[0].date
        : `${late.length} days (${late[0].date}..${late[late.length - 1].date})`;
    const newest = newestEnd === undefined
        ? `no usage record was read for workspace(s) ${workspaceIds.join(', ')}`
        : `the newest usage record read ends ${new Date(newestEnd).toISOString()}`;
    return [
        `${kpiId}: ${newest}, before the end of ${days}; billing records arrive hours late, so ${late.length === 1 ? 'that day' : 'those days'} may be incomplete (re-collect them later, e.g. with the workflow's settle-days input)`,
    ];
}

;// CONCATENATED MODULE: ./src/sources/databricks/dbu-usage.ts

/** DBUs per day and product, from system.billing.usage through the SQL warehouse. */
const dbuUsage = {
    id: 'databricks.dbu_usage',
    definition: 'DBUs consumed per day, per product (billing_origin_product) and in total, from system.billing.usage.',
    unit: 'DBU',
    // One component per product as it appears in the table (jobs, sql, all_purpose, dlt, model_serving, …), plus total.
    components: [],
    derived: [],
    params: billingParams,
    notes: [
        'Needs sources.databricks.warehouse_id (a SQL warehouse; its first statement starts it when stopped, and',
        'it then runs, and bills, until its auto-stop). Sum of usage_quantity of the records of',
        'system.billing.usage with usage_unit = DBU, correction records (RETRACTION, with negative quantities, and',
        'RESTATEMENT) included, as Databricks documents, so a corrected day sums to the corrected usage. A record',
        'counts on the day (run time zone) of its usage_start_time, whole, even when it runs past midnight.',
        'Components: billing_origin_product in lower case (jobs, sql, all_purpose, dlt, model_serving, …) and',
        'total (the sum of the products counted). Params: workspace_ids (default: the workspace of',
        'databricks-host; the table is account-wide), products (default: all). One statement reads the whole',
        'range. Billing records arrive hours late: days that end after the newest record read are stored with a',
        'warning and are complete only once re-collected.',
    ].join(' '),
    fillZeros: false,
    requires: 'warehouse_id',
    collect: (ctx) => collectBilling('databricks.dbu_usage', 'dbus', ctx),
};

;// CONCATENATED MODULE: ./src/sources/databricks/cost.ts

/** List-price dollars per day and product: system.billing.usage joined with system.billing.list_prices. */
const cost = {
    id: 'databricks.cost',
    definition: 'List-price cost in USD per day, per product and in total: usage × pricing.default of system.billing.list_prices. This is list price, not the negotiated bill.',
    unit: 'USD',
    components: [],
    derived: [],
    params: billingParams,
    notes: [
        'List price, not the negotiated bill: discounts, commitments and credits are not in the system tables.',
        'Needs sources.databricks.warehouse_id. Each record of system.billing.usage (corrections included) is',
        'priced by the row of system.billing.list_prices with the same sku_name, cloud and usage_unit, currency_code',
        'USD, and price_start_time <= usage_start_time < price_end_time (or no end: the current price), using',
        'pricing.default; so a price change in the middle of the range prices each record at its own time. A',
        'record counts on the day (run time zone) of its usage_start_time. Records without a matching price count',
        'as 0, with a warning giving their number. Components, params and late data as databricks.dbu_usage.',
    ].join(' '),
    fillZeros: false,
    requires: 'warehouse_id',
    collect: (ctx) => collectBilling('databricks.cost', 'list_cost', ctx),
};

// EXTERNAL MODULE: ./src/sources/sql/statement.ts
var statement = __webpack_require__(79808);
// EXTERNAL MODULE: ./src/sources/sql/binds.ts
var sql_binds = __webpack_require__(44417);
;// CONCATENATED MODULE: ./src/sources/sql/config.ts




/** Upper bound of a query timeout, in seconds. */
const MAX_TIMEOUT_SECONDS = 3600;
const SQL_KPI_ID_RE = /^[a-z][a-z0-9_]*$/;
/**
 * A derived figure: `a / b`, `a + b / c` or `(a + b) / (c + d)`: a sum of components over a sum of
 * components. `+` is the only operator besides the one `/`, so `a + b / c` reads (a + b) / c.
 */
function parseFormula(formula) {
    const parts = formula.split('/');
    if (parts.length !== 2)
        throw new Error(`'${formula}' must be one division: num / den, e.g. revenue / orders`);
    const side = (text, what) => {
        let t = text.trim();
        if (t.startsWith('(') && t.endsWith(')'))
            t = t.slice(1, -1);
        const names = t.split('+').map((s) => s.trim());
        for (const name of names) {
            if (!src_kpi/* COMPONENT_RE */.a0.test(name)) {
                throw new Error(`'${formula}': ${what} '${name || '(empty)'}' is not a component name; use lowercase column or variable names joined by +`);
            }
        }
        return names;
    };
    return { numerator: side(parts[0], 'numerator'), denominator: side(parts[1], 'denominator') };
}
const derivedEntry = schemas/* union */.KCZ([
    schemas/* string */.YjP().describe('A formula: a sum of components over a sum of components, e.g. revenue / orders.'),
    schemas/* strictObject */.rej({
        formula: schemas/* string */.YjP().describe('A sum of components over a sum of components, e.g. (a + b) / c.'),
        unit: schemas/* string */.YjP().min(1).optional().describe('Unit of the figure (default: the KPI unit).'),
        description: schemas/* string */.YjP().min(1).optional().describe('What the figure means.'),
    }),
]);
/** One KPI defined in the config file by its query. */
function sqlKpiSchema(dialect) {
    return schemas/* strictObject */.rej({
        id: schemas/* string */.YjP()
            .regex(SQL_KPI_ID_RE, 'must match ^[a-z][a-z0-9_]*$ (lowercase letters, digits, _), e.g. daily_orders')
            .max(63)
            .describe('Short name; the KPI id becomes <source>.<id>.'),
        description: schemas/* string */.YjP().min(1).describe('One-line definition shown in the catalog.'),
        unit: schemas/* string */.YjP().min(1).describe('Unit of the headline figure, e.g. count or EUR.'),
        sql: schemas/* string */.YjP()
            .min(1)
            .describe('The query: one row of numeric columns, or (variable, value) rows; binds :day_start, :day_end, :day.'),
        per_day: schemas/* boolean */.zMY()
            .default(true)
            .describe('true: one query per day (:day_start, :day_end, :day); false: one query for the range (:range_start, :range_end) returning a day column.'),
        derived: schemas/* record */.g1P(schemas/* string */.YjP().regex(src_kpi/* COMPONENT_RE */.a0, 'must be a lowercase name'), derivedEntry)
            .optional()
            .describe('Ratios computed from stored components, e.g. avg_order_value: revenue / orders.'),
        timeout: schemas/* number */.aig()
            .positive()
            .max(MAX_TIMEOUT_SECONDS)
            .optional()
            .describe('Per-query timeout in seconds (default: query_timeout_seconds).'),
        enabled: schemas/* boolean */.zMY()
            .default(true)
            .describe('Collect this KPI when the run does not name KPIs (default true).'),
    })
        .superRefine((kpi, ctx) => {
        let names;
        try {
            names = (0,sql_binds/* scanPlaceholders */.m7)(kpi.sql, dialect).map((p) => p.name);
            (0,statement/* assertSingleQuery */.d)(kpi.sql, dialect);
        }
        catch (e) {
            ctx.addIssue({ code: 'custom', path: ['sql'], message: `KPI '${kpi.id}': ${e.message}` });
            return;
        }
        const allowed = kpi.per_day ? sql_binds/* DAY_BINDS */.My : sql_binds/* RANGE_BINDS */.dC;
        for (const name of new Set(names)) {
            if (!allowed.includes(name)) {
                const hint = kpi.per_day ? 'per-day queries' : 'per_day: false queries';
                ctx.addIssue({
                    code: 'custom',
                    path: ['sql'],
                    message: `bind :${name} is not available to ${hint}; use ${allowed.map((b) => `:${b}`).join(', ')}`,
                });
            }
        }
        for (const [name, entry] of Object.entries(kpi.derived ?? {})) {
            try {
                parseFormula(typeof entry === 'string' ? entry : entry.formula);
            }
            catch (e) {
                ctx.addIssue({ code: 'custom', path: ['derived', name], message: e.message });
            }
        }
    })
        .transform((kpi) => ({ ...kpi, sql: (0,sql_binds/* trimStatement */.y5)(kpi.sql) }));
}
/** Refines a list of config-defined KPIs: each id once (SQL, HTTP and Databricks warehouse KPIs). */
function uniqueIds(kpis, ctx) {
    const seen = new Set();
    kpis.forEach((k, i) => {
        if (seen.has(k.id))
            ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate KPI id '${k.id}'` });
        seen.add(k.id);
    });
}
/** The settings block of a SQL source (`sources.<name>`). */
function sqlSettingsSchema(dialect) {
    return schemas/* strictObject */.rej({
        kpis: schemas/* array */.YOg(sqlKpiSchema(dialect))
            .default([])
            .superRefine(uniqueIds)
            .describe('KPIs defined by their SQL query.'),
        concurrency: schemas/* int */.Whr().min(1).max(32).default(4).describe('Queries run at once (and pool size).'),
        connect_timeout_seconds: schemas/* number */.aig()
            .positive()
            .max(300)
            .default(15)
            .describe('Connection timeout in seconds.'),
        query_timeout_seconds: schemas/* number */.aig()
            .positive()
            .max(MAX_TIMEOUT_SECONDS)
            .default(60)
            .describe('Default per-query timeout in seconds.'),
    });
}
/** The config's derived figures as the KPI contract's ratio type. */
function toDerived(kpi) {
    return Object.entries(kpi.derived ?? {}).map(([name, entry]) => {
        const formula = typeof entry === 'string' ? entry : entry.formula;
        const { numerator, denominator } = parseFormula(formula);
        return {
            name,
            description: (typeof entry === 'string' ? undefined : entry.description) ?? `${formula.trim()} over the span`,
            unit: (typeof entry === 'string' ? undefined : entry.unit) ?? kpi.unit,
            kind: 'ratio',
            numerator,
            denominator,
        };
    });
}

// EXTERNAL MODULE: ./src/sources/sql/driver.ts
var sql_driver = __webpack_require__(55947);
// EXTERNAL MODULE: ./src/net/excerpt.ts
var excerpt = __webpack_require__(64002);
;// CONCATENATED MODULE: ./src/sources/sql/engine.ts








/**
 * Runs one SQL KPI for the run's days: one query per day (concurrently, up to the client's bound) or,
 * with per_day: false, one query for the whole range. Adds each value to the accumulator; a NULL is no
 * row and a warning; any shape error fails the KPI with a message naming the column.
 */
async function collectSqlKpi(kpiId, kpi, ctx) {
    const { run: client, windows, log } = ctx;
    const timeoutMs = Math.round((kpi.timeout ?? client.queryTimeoutMs / 1000) * 1000);
    const nulls = new Map();
    const empty = [];
    const seen = new Set();
    const add = (date, component, value) => {
        ctx.acc.add(date, component, value);
        seen.add(component);
    };
    const noteNull = (what, date) => {
        let list = nulls.get(what);
        if (!list)
            nulls.set(what, (list = []));
        list.push(date);
    };
    if (kpi.per_day) {
        let done = 0;
        await (0,concurrency/* mapLimit */.s)(windows, client.concurrency, async (w) => {
            const binds = {
                day_start: { kind: 'timestamptz', ms: w.start },
                day_end: { kind: 'timestamptz', ms: w.end },
                day: { kind: 'date', date: w.date },
            };
            const result = await runQuery(kpiId, kpi, ctx, binds, timeoutMs, w.date);
            readResult(result, { mode: 'day', date: w.date }, add, noteNull, () => empty.push(w.date));
            ctx.progress?.(++done, windows.length, 'days');
        }, ctx.signal);
    }
    else {
        const first = windows[0];
        const last = windows[windows.length - 1];
        const label = first.date === last.date ? first.date : `${first.date}..${last.date}`;
        const binds = {
            range_start: { kind: 'timestamptz', ms: first.start },
            range_end: { kind: 'timestamptz', ms: last.end },
        };
        const result = await runQuery(kpiId, kpi, ctx, binds, timeoutMs, label);
        const returned = new Set();
        readResult(result, { mode: 'range', windows, timeZone: ctx.timeZone, label, returned }, add, noteNull, () => { });
        for (const w of windows)
            if (!returned.has(w.date))
                empty.push(w.date);
    }
    for (const [what, dates] of nulls) {
        log.warning(`${kpiId}: ${what} is NULL on ${(0,src_dates/* describeDates */.hO)(dates)}: not stored (NULL is no value, not zero)`);
    }
    if (empty.length > 0)
        log.warning(`${kpiId}: the query returned no row for ${(0,src_dates/* describeDates */.hO)(empty)}`);
    for (const [name, entry] of Object.entries(kpi.derived ?? {})) {
        const { numerator, denominator } = parseFormula(typeof entry === 'string' ? entry : entry.formula);
        const missing = [...numerator, ...denominator].filter((c) => !seen.has(c));
        if (missing.length > 0 && seen.size > 0) {
            log.warning(`${kpiId}: derived '${name}' uses ${missing.map((m) => `'${m}'`).join(', ')}, which the query did not return`);
        }
    }
}
async function runQuery(kpiId, kpi, ctx, binds, timeoutMs, label) {
    const { driver } = ctx.run;
    try {
        return await (0,retry/* retry */.L5)(() => driver.query({ sql: kpi.sql, binds, timeoutMs, timeZone: ctx.timeZone }), {
            attempts: ctx.run.attempts ?? 3,
            baseMs: 500,
            maxMs: 5000,
            retryable: (e) => driver.isTransient(e),
            label: `${kpiId} query for ${label}`,
            onRetry: (m) => ctx.log.warning(m),
            sleep: ctx.run.sleep,
            signal: ctx.signal,
        });
    }
    catch (e) {
        const cause = e.last ?? e;
        const code = cause instanceof sql_driver/* SqlError */.L ? cause.code : undefined;
        if (cause instanceof sql_driver/* SqlError */.L && cause.timedOut) {
            throw new sql_driver/* SqlError */.L(`query for ${label} timed out after ${timeoutMs / 1000} s: ${(0,errors/* errorMessage */.gJ)(e)}`, code, true);
        }
        throw new sql_driver/* SqlError */.L(`query for ${label} failed: ${(0,errors/* errorMessage */.gJ)(e)}`, code);
    }
}
const DAY_TEXT_RE = /^(\d{4}-\d{2}-\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$/;
const engine_DECIMAL_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Reads a result into components, per the two shapes (see README). Throws on any shape error. */
function readResult(result, target, add, noteNull, noRow) {
    const names = result.columns.map((c) => c.name.toLowerCase());
    const dupe = names.find((n, i) => names.indexOf(n) !== i);
    if (dupe !== undefined)
        throw new Error(`column '${dupe}' appears twice in the result; alias one of them`);
    const dayCol = names.indexOf('day');
    if (target.mode === 'range' && dayCol < 0) {
        throw new Error(`a per_day: false query must return a 'day' column; it returned ${names.map((n) => `'${n}'`).join(', ')}`);
    }
    if (target.mode === 'day' && dayCol >= 0) {
        throw new Error(`unexpected column 'day': only per_day: false queries return a day column`);
    }
    const valueCols = names.map((_, i) => i).filter((i) => i !== dayCol);
    const valueNames = valueCols.map((i) => names[i]);
    if (valueCols.length === 0)
        throw new Error('the query returned no value column');
    const pairShape = valueNames.includes('variable') || valueNames.includes('value');
    if (pairShape) {
        const extra = valueNames.find((n) => n !== 'variable' && n !== 'value');
        if (extra !== undefined) {
            throw new Error(`unexpected column '${extra}': a (variable, value) query returns only those columns${target.mode === 'range' ? ' and day' : ''}`);
        }
        if (!valueNames.includes('variable') || !valueNames.includes('value')) {
            throw new Error(`a (variable, value) query returns both columns; '${valueNames.includes('value') ? 'variable' : 'value'}' is missing`);
        }
    }
    else {
        for (const i of valueCols) {
            if (!src_kpi/* COMPONENT_RE */.a0.test(names[i])) {
                throw new Error(`column '${result.columns[i].name}' is not a valid component name; alias it, e.g. AS orders`);
            }
        }
    }
    const dateOf = (row) => {
        if (target.mode === 'day')
            return target.date;
        const date = readDay(row[dayCol], target.windows, target.timeZone);
        const first = target.windows[0].date;
        const last = target.windows[target.windows.length - 1].date;
        if (date < first || date > last) {
            throw new Error(`the query returned day ${date}, outside the requested range ${target.label}`);
        }
        return date;
    };
    if (target.mode === 'day' && result.rows.length === 0) {
        noRow();
        return;
    }
    if (pairShape) {
        const vi = names.indexOf('variable');
        const xi = names.indexOf('value');
        const seen = new Set();
        for (const row of result.rows) {
            const date = dateOf(row);
            const variable = row[vi];
            if (variable === null || variable === undefined)
                throw new Error(`column 'variable' is NULL on ${date}`);
            if (typeof variable !== 'string' || !src_kpi/* COMPONENT_RE */.a0.test(variable)) {
                throw new Error(`column 'variable' holds '${(0,excerpt/* excerpt */.K)(String(variable), 64)}' on ${date}, which is not a component name (lowercase letters, digits, _)`);
            }
            const key = `${date} ${variable}`;
            if (seen.has(key))
                throw new Error(`variable '${variable}' appears twice on ${date}`);
            seen.add(key);
            if (target.mode === 'range')
                target.returned.add(date);
            const value = readNumber(row[xi], result.columns[xi], date, `variable '${variable}'`);
            if (value === undefined)
                noteNull(`variable '${variable}'`, date);
            else
                add(date, variable, value);
        }
        return;
    }
    if (target.mode === 'day' && result.rows.length > 1) {
        throw new Error(`the query returned ${result.rows.length} rows for ${target.date}; a query of numeric columns returns one row (or use variable, value columns)`);
    }
    const days = new Set();
    for (const row of result.rows) {
        const date = dateOf(row);
        if (days.has(date))
            throw new Error(`the query returned day ${date} twice; return one row per day (or variable, value columns)`);
        days.add(date);
        if (target.mode === 'range')
            target.returned.add(date);
        for (const i of valueCols) {
            const column = names[i];
            const value = readNumber(row[i], result.columns[i], date, `column '${column}'`);
            if (value === undefined)
                noteNull(`column '${column}'`, date);
            else
                add(date, column, value);
        }
    }
}
/** A numeric value, undefined for NULL; anything else is an error naming the column. */
function readNumber(raw, column, date, what) {
    if (raw === null || raw === undefined)
        return undefined;
    if (column.kind !== 'number') {
        throw new Error(`${what} on ${date} is not numeric (type ${column.type}, value '${(0,excerpt/* excerpt */.K)(String(raw), 40)}'); return a number`);
    }
    let value;
    if (typeof raw === 'number')
        value = raw;
    else if (typeof raw === 'bigint')
        value = Number(raw);
    else if (typeof raw === 'string' && engine_DECIMAL_RE.test(raw.trim()))
        value = Number(raw);
    else
        throw new Error(`${what} on ${date} is not numeric (value '${(0,excerpt/* excerpt */.K)(String(raw), 40)}')`);
    if (!Number.isFinite(value))
        throw new Error(`${what} on ${date} is not a finite number (${String(raw)})`);
    return value;
}
/** The date of a `day` value: YYYY-MM-DD (or midnight of it), or an instant that starts a day of the run. */
function readDay(raw, windows, timeZone) {
    if (raw === null || raw === undefined)
        throw new Error(`column 'day' is NULL; every row needs its day`);
    if (typeof raw === 'string') {
        const m = DAY_TEXT_RE.exec(raw.trim());
        if (m)
            return m[1];
    }
    else if (raw instanceof Date) {
        const w = windows.find((x) => x.start === raw.getTime());
        if (w)
            return w.date;
        throw new Error(`column 'day' holds the instant ${raw.toISOString()}, which is not the start of a day of the range in ${timeZone}; return a date`);
    }
    throw new Error(`column 'day' holds '${(0,excerpt/* excerpt */.K)(String(raw), 40)}', which is not a date; return a date (YYYY-MM-DD)`);
}

;// CONCATENATED MODULE: ./src/sources/sql/source.ts



/** SQL KPIs have no params of their own: everything is in their config entry. */
const noParams = schemas/* strictObject */.rej({});
/** The KPI definition of one configured query: id `<source>.<id>`, components known only from the result. */
function sqlKpiDefinition(source, kpi) {
    const id = `${source}.${kpi.id}`;
    return {
        id,
        definition: kpi.description,
        unit: kpi.unit,
        components: [],
        derived: toDerived(kpi),
        params: noParams,
        notes: `Defined in the config file by a SQL query (${kpi.per_day ? 'one query per day' : 'one query for the range'}); ` +
            'each numeric column, or each (variable, value) row, is a component. NULL is no row, not zero.',
        fillZeros: false,
        collect: (ctx) => collectSqlKpi(id, kpi, ctx),
    };
}
/**
 * A source whose KPIs are SQL queries from the config file. Only enabled KPIs (`enabled` not false) are
 * returned by configKpis, so a disabled one neither runs by default nor can be named in `kpis`.
 */
function sqlSource(o) {
    return {
        name: o.name,
        description: o.description,
        inputs: o.inputs,
        settings: o.settings ? o.settings(sqlSettingsSchema(o.dialect)) : sqlSettingsSchema(o.dialect),
        kpis: [],
        configKpis: (settings) => settings.kpis.filter((k) => k.enabled).map((k) => sqlKpiDefinition(o.name, k)),
        async createRun(init) {
            const driver = await o.connect(init);
            return {
                driver,
                concurrency: init.settings.concurrency,
                queryTimeoutMs: init.settings.query_timeout_seconds * 1000,
            };
        },
        closeRun: (run) => run.driver.close(),
    };
}

;// CONCATENATED MODULE: ./src/sources/databricks/dialect.ts
/**
 * Databricks SQL (Spark SQL) text: bracketed comments nest, '…' and "…" strings take backslash escapes,
 * `…` quotes identifiers; no E'…', $tag$ or q'…' literals. The statement check (src/sources/sql/statement.ts)
 * reads all of that. The placeholder scanner (binds.ts) reads only the four shared options: a `:word` or `?`
 * written inside a backslash-escaped literal or a backtick identifier is read as a marker there, which fails
 * the config check with a message, never silently.
 */
const lexer = {
    nestedComments: true,
    backslashEStrings: false,
    dollarQuotes: false,
    qQuotes: false,
    backslashStrings: true,
    backtickIdentifiers: true,
};
/** `?` markers would bypass the named binds (and the Statement Execution API does not take them). */
const databricksDialect = { name: 'databricks', lexer, positional: ['?'] };

;// CONCATENATED MODULE: ./src/sources/databricks/sql-driver.ts





const NUMBER_TYPES = new Set(['BYTE', 'SHORT', 'INT', 'LONG', 'FLOAT', 'DOUBLE', 'DECIMAL']);
const TEXT_TYPES = new Set(['STRING', 'CHAR']);
const DATE_TYPES = new Set(['DATE', 'TIMESTAMP', 'TIMESTAMP_NTZ']);
/** The typed parameters of a statement: one per marker as written, its value from the run's binds. */
function statementParameters(sql, binds) {
    const out = new Map();
    for (const p of (0,sql_binds/* scanPlaceholders */.m7)(sql, databricksDialect)) {
        if (out.has(p.text))
            continue;
        const v = binds[p.name];
        if (!v)
            throw new Error(`bind variable :${p.text} has no value`);
        out.set(p.text, v.kind === 'date'
            ? { name: p.text, type: 'DATE', value: v.date }
            : { name: p.text, type: 'TIMESTAMP', value: new Date(v.ms).toISOString() });
    }
    return [...out.values()];
}
/**
 * The SQL-KPI driver of the Databricks source: each query is one statement on the SQL warehouse, with the
 * native `:name` markers and typed parameters (TIMESTAMP for instants, DATE for :day). TIMESTAMP values
 * come back as ISO-8601 UTC text and are handed to the engine as instants; numbers stay exact decimal text.
 */
function statementDriver(client) {
    return {
        dialect: databricksDialect,
        async query(q) {
            // Checked here too (the config check runs it first): nothing is sent unless it is one query. The
            // warehouse would run whatever the token may do, so this is the wall that keeps KPIs read-only.
            try {
                (0,statement/* assertSingleQuery */.d)(q.sql, databricksDialect);
            }
            catch (e) {
                throw new sql_driver/* SqlError */.L((0,errors/* errorMessage */.gJ)(e), undefined);
            }
            const result = await client.execute({
                sql: q.sql,
                parameters: statementParameters(q.sql, q.binds),
                timeoutMs: q.timeoutMs,
                label: 'Databricks',
            });
            const kinds = result.columns.map((c) => columnKind(c.typeName));
            return {
                columns: result.columns.map((c, i) => ({ name: c.name, kind: kinds[i], type: c.typeText })),
                rows: result.rows.map((row) => row.map((v, i) => v !== null && result.columns[i].typeName === 'TIMESTAMP'
                    ? new Date(Date.parse(v.replace(' ', 'T')))
                    : v)),
            };
        },
        // HTTP failures are retried by the statement client; a FAILED statement fails the same way again.
        isTransient: () => false,
        close: async () => { },
    };
}
function columnKind(typeName) {
    if (NUMBER_TYPES.has(typeName))
        return 'number';
    if (TEXT_TYPES.has(typeName))
        return 'text';
    if (DATE_TYPES.has(typeName))
        return 'date';
    return 'other';
}

;// CONCATENATED MODULE: ./src/sources/databricks/statements.ts




/** An HTTP answer of the API that is not 2xx: the status and the body's `error_code` and message. */
class StatementHttpError extends Error {
    endpoint;
    status;
    errorCode;
    retryAfterMs;
    name = 'StatementHttpError';
    constructor(endpoint, status, errorCode, detail, retryAfterMs) {
        const hint = status === 401 || status === 403
            ? '; check that databricks-token is a valid token of this workspace with CAN USE on the warehouse'
            : '';
        super(`${endpoint}: HTTP ${status}${errorCode ? ` ${errorCode}` : ''}${detail ? `: ${detail}` : ''}${hint}`);
        this.endpoint = endpoint;
        this.status = status;
        this.errorCode = errorCode;
        this.retryAfterMs = retryAfterMs;
    }
}
const STATEMENTS = '/api/2.0/sql/statements';
/** The longest `wait_timeout` the API accepts (N = 0 or 5..50 seconds). */
const MAX_WAIT_SECONDS = 50;
const MIN_WAIT_SECONDS = 5;
/** Deadline of the best-effort cancel request. */
const CANCEL_TIMEOUT_MS = 10_000;
const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELED', 'CLOSED']);
/** The NetError codes worth another attempt (a cap, a redirect off the origin or bad JSON will not change). */
const TRANSIENT_NET = new Set(['timeout', 'connect_timeout', 'network', 'dns', 'refused']);
class StatementClient {
    options;
    stats = { requests: 0, retries: 0, statements: 0, chunks: 0, polls: 0, cancels: 0 };
    sleep;
    origin;
    workspace;
    announced;
    constructor(options) {
        this.options = options;
        this.sleep = options.sleep ?? retry/* sleep */.yy;
        this.origin = new URL(options.host).origin;
    }
    /**
     * Runs one statement to the end and reads every chunk. `label` names it in errors (the KPI id and days).
     * Throws SqlError: FAILED / CANCELED with the statement's error_code and SQLSTATE, `timedOut` when it
     * outlived `timeoutMs` (it is then cancelled on the server).
     */
    async execute(q) {
        const deadline = Date.now() + q.timeoutMs;
        const signals = [this.options.signal, q.signal].filter((s) => !!s);
        const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
        // wait_timeout: as long as the KPI's timeout allows, within what the API accepts; below 5 s, 0s (async).
        const waitSeconds = Math.min(MAX_WAIT_SECONDS, Math.floor(q.timeoutMs / 1000));
        const body = {
            warehouse_id: this.options.warehouseId,
            statement: q.sql,
            parameters: q.parameters,
            wait_timeout: `${waitSeconds >= MIN_WAIT_SECONDS ? waitSeconds : 0}s`,
            on_wait_timeout: 'CONTINUE',
            disposition: 'INLINE',
            format: 'JSON_ARRAY',
        };
        this.stats.statements++;
        await (this.announced ??= this.announceWarehouse());
        let response = await this.call('POST', STATEMENTS, body, signal, waitSeconds >= MIN_WAIT_SECONDS ? waitSeconds * 1000 : 0);
        const id = response.statement_id;
        if (!id)
            throw new sql_driver/* SqlError */.L(`${q.label}: the API answered without a statement_id`, undefined);
        try {
            let pollMs = this.options.pollMs?.first ?? 500;
            while (!TERMINAL.has(response.status?.state ?? '')) {
                const left = deadline - Date.now();
                if (left <= 0)
                    throw new StatementTimeout();
                await this.sleep(Math.min(pollMs, left), signal);
                pollMs = Math.min(this.options.pollMs?.max ?? 5000, Math.round(pollMs * 1.5));
                if (Date.now() >= deadline)
                    throw new StatementTimeout();
                this.stats.polls++;
                response = await this.call('GET', `${STATEMENTS}/${encodeURIComponent(id)}`, undefined, signal);
            }
            const state = response.status?.state;
            if (state !== 'SUCCEEDED')
                throw statementFailure(id, response, q.label, this.options.token);
            return await this.readAll(id, response, q.label, signal);
        }
        catch (e) {
            if (e instanceof StatementTimeout) {
                await this.cancel(id);
                throw new sql_driver/* SqlError */.L(`${q.label}: the statement ${id} did not finish within ${q.timeoutMs / 1000} s and was cancelled`, undefined, true);
            }
            if (signal?.aborted)
                await this.cancel(id);
            throw e;
        }
    }
    /**
     * The id of the workspace the host serves, from the `X-Databricks-Org-Id` header of
     * GET /api/2.0/preview/scim/v2/Me (how the Databricks SDKs read CurrentWorkspaceID). Fetched once per run.
     */
    workspaceId() {
        this.workspace ??= (async () => {
            const res = await this.send('GET', '/api/2.0/preview/scim/v2/Me', undefined, this.options.signal, 0);
            const id = res.headers['x-databricks-org-id']?.trim();
            if (!id || !/^\d+$/.test(id)) {
                throw new Error('the workspace id is unknown (no X-Databricks-Org-Id header on /api/2.0/preview/scim/v2/Me); set the KPI param workspace_ids');
            }
            return id;
        })();
        return this.workspace;
    }
    /** The warehouse's state and auto-stop (GET /api/2.0/sql/warehouses/{id}), for the log. */
    async warehouse() {
        const w = await this.call('GET', `/api/2.0/sql/warehouses/${encodeURIComponent(this.options.warehouseId)}`, undefined, this.options.signal);
        return { state: w.state ?? 'UNKNOWN', autoStopMins: w.auto_stop_mins, name: w.name };
    }
    /**
     * Before the run's first statement: says in the log when the warehouse is not running, since that
     * statement starts it (minutes for classic and pro warehouses, seconds for serverless) and it then bills
     * until its auto-stop. A failure here (e.g. no permission to read the warehouse) only skips the note.
     */
    async announceWarehouse() {
        try {
            const w = await this.warehouse();
            if (w.state === 'RUNNING')
                return;
            this.options.log?.info(`Databricks: SQL warehouse ${this.options.warehouseId} is ${w.state}; the first statement starts it, and it runs ` +
                `(and bills) until it has been idle for ${w.autoStopMins ?? '?'} minute(s) (its auto-stop)`);
        }
        catch (e) {
            this.options.log?.warning(`Databricks: could not read the state of SQL warehouse ${this.options.warehouseId}: ${(0,errors/* errorMessage */.gJ)(e)}`);
        }
    }
    /** Asks the server to cancel (best effort: its own deadline, not the run's aborted signal). */
    async cancel(id) {
        this.stats.cancels++;
        try {
            await this.send('POST', `${STATEMENTS}/${encodeURIComponent(id)}/cancel`, {}, undefined, 0, CANCEL_TIMEOUT_MS);
        }
        catch (e) {
            this.options.log?.warning(`Databricks: cancelling statement ${id} failed: ${(0,errors/* errorMessage */.gJ)(e)}`);
        }
    }
    /** The first chunk (in the SUCCEEDED response) and every next one, in order, with a page guard. */
    async readAll(id, response, label, signal) {
        const manifest = response.manifest;
        if (manifest?.truncated) {
            throw new sql_driver/* SqlError */.L(`${label}: the result of statement ${id} was truncated by the server`, undefined);
        }
        const columns = (manifest?.schema?.columns ?? []).map((c, i) => ({
            name: c.name ?? `col${i}`,
            typeName: (c.type_name ?? 'STRING').toUpperCase(),
            typeText: c.type_text ?? c.type_name ?? 'STRING',
        }));
        const total = manifest?.total_chunk_count ?? (response.result ? 1 : 0);
        const rows = [];
        const guard = new http/* PageGuard */.f8({
            label: `${label}: result chunks of statement ${id}`,
            maxPages: this.options.maxChunks ?? 10_000,
        });
        let chunk = total > 0 ? response.result : undefined;
        if (chunk)
            guard.next(`${STATEMENTS}/${id} (chunk 0, with the status)`);
        let expected = 0;
        while (chunk) {
            if ((chunk.chunk_index ?? 0) !== expected) {
                throw new sql_driver/* SqlError */.L(`${label}: statement ${id} sent chunk ${chunk.chunk_index} where ${expected} was due`, undefined);
            }
            for (const row of chunk.data_array ?? [])
                rows.push(row);
            if (rows.length > sql_driver/* MAX_RESULT_ROWS */.Z) {
                throw new sql_driver/* SqlError */.L(`${label}: statement ${id} returned more than ${sql_driver/* MAX_RESULT_ROWS */.Z} rows; a KPI query returns a row per day (or per day and variable)`, undefined);
            }
            expected++;
            const link = chunk.next_chunk_internal_link;
            if (!link)
                break;
            guard.next(link);
            chunk = await this.call('GET', this.internalPath(link, id), undefined, signal);
            this.stats.chunks++;
        }
        if (expected !== total) {
            throw new sql_driver/* SqlError */.L(`${label}: statement ${id} announced ${total} chunk(s) and sent ${expected}`, undefined);
        }
        if (manifest?.total_row_count !== undefined && manifest.total_row_count !== rows.length) {
            throw new sql_driver/* SqlError */.L(`${label}: statement ${id} announced ${manifest.total_row_count} row(s) and sent ${rows.length}`, undefined);
        }
        return { statementId: id, columns, rows, chunks: expected };
    }
    /** A next_chunk_internal_link must be a path of this statement on the workspace (never another host). */
    internalPath(link, id) {
        const url = new URL(link, this.origin);
        if (url.origin !== this.origin || !url.pathname.startsWith(`${STATEMENTS}/${encodeURIComponent(id)}/`)) {
            throw new sql_driver/* SqlError */.L(`statement ${id}: next_chunk_internal_link '${(0,http/* excerpt */.Kb)(link, 80)}' is not a chunk path of this statement`, undefined);
        }
        return url.pathname + url.search;
    }
    /** One API call with retries (429 with Retry-After, 5xx, network errors); the JSON body on 2xx. */
    async call(method, path, body, signal, serverWaitMs = 0) {
        const o = this.options;
        const endpoint = `${method} ${path.replace(/\/statements\/[^/]+/, '/statements/{id}').replace(/\/chunks\/\d+$/, '/chunks/{n}')}`;
        return (0,retry/* retry */.L5)(async () => {
            const res = await this.send(method, path, body, signal, serverWaitMs);
            return res.json();
        }, {
            attempts: o.attempts,
            baseMs: o.retryBaseMs,
            maxMs: 60_000,
            label: `Databricks ${endpoint}`,
            signal,
            sleep: this.sleep,
            retryable: (e) => {
                if (e instanceof StatementHttpError) {
                    if (e.status !== 429 && e.status < 500)
                        return false;
                    return e.retryAfterMs !== undefined ? { afterMs: e.retryAfterMs } : true;
                }
                return e instanceof http/* NetError */.Ay && TRANSIENT_NET.has(e.code);
            },
            onRetry: (m) => {
                this.stats.retries++;
                o.log?.warning(m);
            },
        });
    }
    /** One HTTP exchange; a non-2xx answer becomes StatementHttpError (token removed, then cut). */
    async send(method, path, body, signal, serverWaitMs, timeoutMs = this.options.requestTimeoutMs + serverWaitMs) {
        this.stats.requests++;
        const endpoint = `${method} ${path.split('?')[0]}`;
        const res = await (0,http/* httpRequest */.aj)({
            method,
            url: new URL(path, this.origin),
            headers: {
                Authorization: `Bearer ${this.options.token}`,
                Accept: 'application/json',
                ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
            },
            body: body === undefined ? undefined : JSON.stringify(body),
            timeoutMs,
            redirect: 'error',
            signal,
        });
        if (res.status >= 200 && res.status < 300)
            return res;
        let code;
        let message = '';
        try {
            const parsed = JSON.parse(res.text());
            if (parsed.error_code !== undefined)
                code = String(parsed.error_code);
            if (typeof parsed.message === 'string')
                message = parsed.message;
        }
        catch {
            message = res.text().replace(/<[^>]*>/g, ' ');
        }
        const scrub = (t) => (0,http/* excerpt */.Kb)(withoutToken(t, this.options.token), 300);
        throw new StatementHttpError(endpoint, res.status, code === undefined ? undefined : scrub(code), scrub(message), (0,retry/* parseRetryAfter */.mu)(res.headers['retry-after']));
    }
}
class StatementTimeout extends Error {
}
/** Every occurrence of the token, as is and URL-encoded (redact() then removes registered secrets). */
function withoutToken(text, token) {
    let out = text;
    for (const form of new Set([token, encodeURIComponent(token)]))
        if (form)
            out = out.split(form).join('***');
    return out;
}
/** A FAILED / CANCELED / CLOSED statement as SqlError: state, error_code, message, SQLSTATE. */
function statementFailure(id, r, label, token) {
    const state = r.status?.state ?? 'UNKNOWN';
    const err = r.status?.error;
    const sqlState = r.status?.sql_state ?? /SQLSTATE: ?([0-9A-Z]{5})/.exec(err?.message ?? '')?.[1];
    const message = (0,http/* excerpt */.Kb)(withoutToken((err?.message ?? '').replace(/\s*SQLSTATE: ?[0-9A-Z]{5}\.?\s*$/, ''), token), 400);
    const what = state === 'CANCELED'
        ? 'was cancelled on the server'
        : state === 'CLOSED'
            ? 'was closed before its result was read'
            : 'failed';
    return new sql_driver/* SqlError */.L(`${label}: statement ${id} ${what}${err?.error_code ? ` (${err.error_code})` : ''}${message ? `: ${message}` : ''}`, sqlState ? `SQLSTATE ${sqlState}` : undefined);
}

;// CONCATENATED MODULE: ./src/sources/databricks/warehouse.ts







/** A SQL warehouse id as the UI shows it (SQL Warehouses → Connection details → HTTP path /sql/1.0/warehouses/<id>). */
const WAREHOUSE_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
/** The settings of `sources.databricks` for the SQL warehouse (merged into the source's settings). */
const warehouseSettings = {
    warehouse_id: schemas/* string */.YjP()
        .regex(WAREHOUSE_ID_RE, 'must be a SQL warehouse id, e.g. 1234567890abcdef')
        .optional()
        .describe('SQL warehouse for the SQL KPIs and the built-in dbu_usage and cost (the id in its HTTP path /sql/1.0/warehouses/<id>). A stopped warehouse is started by the first statement and bills until its auto-stop.'),
    sql_kpis: schemas/* array */.YOg(sqlKpiSchema(databricksDialect))
        .default([])
        .superRefine(uniqueIds)
        .describe('KPIs defined by a Databricks SQL query run on warehouse_id (the SQL KPI shape of the other SQL sources; ids databricks.<id>).'),
    sql_concurrency: schemas/* int */.Whr().min(1).max(16).default(4).describe('Statements on the warehouse at once.'),
    query_timeout_seconds: schemas/* number */.aig()
        .positive()
        .max(MAX_TIMEOUT_SECONDS)
        .default(600)
        .describe('Default statement timeout in seconds, the start of a stopped warehouse included (classic and pro warehouses take minutes to start); a statement past it is cancelled.'),
};
function createWarehouseRun(o) {
    const id = o.settings.warehouse_id;
    if (!id)
        return {};
    const sql = new StatementClient({
        host: o.host,
        token: o.token,
        warehouseId: id,
        attempts: o.attempts,
        retryBaseMs: o.retryBaseMs,
        requestTimeoutMs: o.requestTimeoutMs,
        log: o.log,
        signal: o.signal,
    });
    return {
        sql,
        queryTimeoutMs: o.settings.query_timeout_seconds * 1000,
        sqlRun: {
            driver: statementDriver(sql),
            concurrency: o.settings.sql_concurrency,
            queryTimeoutMs: o.settings.query_timeout_seconds * 1000,
            attempts: 1,
        },
    };
}
/**
 * The config's SQL KPIs (enabled ones), ids `databricks.<id>`, run by the shared SQL engine on the
 * warehouse. Without warehouse_id there are none (the config check says so when sql_kpis is not empty).
 */
function warehouseSqlKpis(settings) {
    if (settings.sql_kpis.length > 0 && !settings.warehouse_id) {
        throw new errors/* UserError */.yo('config: sources.databricks.warehouse_id: sql_kpis run on a SQL warehouse; set warehouse_id to its id (SQL Warehouses → Connection details)');
    }
    return settings.sql_kpis
        .filter((k) => k.enabled)
        .map((k) => {
        const def = sqlKpiDefinition('databricks', k);
        return {
            ...def,
            collect: (ctx) => {
                if (!ctx.run.sqlRun)
                    throw new Error('sources.databricks.warehouse_id is not set');
                return def.collect({ ...ctx, run: ctx.run.sqlRun });
            },
        };
    });
}
/** Summary line: statements, chunks, polls, cancels and HTTP requests of the run on the warehouse. */
function warehouseSummary(run) {
    const s = run.sql?.stats;
    if (!s || s.statements === 0)
        return [];
    return [
        `Databricks SQL warehouse: ${s.statements} statement(s), ${s.chunks} extra result chunk(s), ${s.polls} poll(s), ` +
            `${s.cancels} cancel(s); ${s.requests} request(s), ${s.retries} retr${s.retries === 1 ? 'y' : 'ies'}`,
    ];
}

;// CONCATENATED MODULE: ./src/sources/databricks/index.ts










/** Cluster events are kept for 30 days after a cluster's last termination. */
const EVENTS_RETENTION_DAYS = 30;
const settings = schemas/* strictObject */.rej({
    concurrency: schemas/* number */.aig().int().min(1).max(64).default(8).describe('Requests to the workspace at once.'),
    request_timeout_seconds: schemas/* number */.aig()
        .min(1)
        .max(600)
        .default(30)
        .describe('Timeout of one HTTP request, in seconds.'),
    retries: schemas/* number */.aig()
        .int()
        .min(0)
        .max(10)
        .default(5)
        .describe('Retries of a request after 429, 5xx or a network error (exponential back-off with jitter, Retry-After honoured).'),
    retry_base_ms: schemas/* number */.aig()
        .int()
        .min(1)
        .max(60_000)
        .default(1000)
        .describe('Base delay of the retry back-off, in ms.'),
    events_lookback_hours: schemas/* number */.aig()
        .min(1)
        .max(24 * 7)
        .default(24)
        .describe('Cluster events are read from this long before the first day, so a startup that opens before the range and completes in it counts in full (shared by cluster_startup and cluster_uptime). At least 1 hour.'),
    allow_incomplete_history: schemas/* boolean */.zMY()
        .default(true)
        .describe('When the range (with its lookback) reaches back past what the API keeps (30 days of cluster history, 60 days of job runs): true (default) collects what the API still returns, with a warning in the log and the summary; false fails those KPIs instead, so rows already stored for those days are kept.'),
    ...warehouseSettings,
});
const databricksSource = {
    name: 'databricks',
    description: 'Databricks workspace REST API: cluster startups and uptime from cluster events, job runs.',
    inputs: [
        {
            name: 'databricks-host',
            description: 'Workspace URL, e.g. https://adb-123.4.azuredatabricks.net.',
            secret: true,
            env: 'DATABRICKS_HOST',
            required: true,
            parse: parseHost,
        },
        {
            name: 'databricks-token',
            description: 'Personal access or service principal token of the workspace.',
            secret: true,
            env: 'DATABRICKS_TOKEN',
            required: true,
        },
    ],
    settings,
    kpis: [clusterStartup, clusterUptime, jobRuns, dbuUsage, cost],
    configKpis: (s) => warehouseSqlKpis(s),
    async createRun({ inputs, settings: s, log, signal }) {
        const host = parseHost(inputs['databricks-host'] ?? '');
        const token = inputs['databricks-token'] ?? '';
        (0,redact/* registerSecret */.cl)(token);
        const client = new DatabricksClient({
            host,
            token,
            concurrency: s.concurrency,
            requestTimeoutMs: s.request_timeout_seconds * 1000,
            attempts: s.retries + 1,
            retryBaseMs: s.retry_base_ms,
            lookbackMs: s.events_lookback_hours * 3_600_000,
            allowIncompleteHistory: s.allow_incomplete_history,
            log,
            signal,
        });
        const warehouse = createWarehouseRun({
            settings: s,
            host,
            token,
            attempts: s.retries + 1,
            retryBaseMs: s.retry_base_ms,
            requestTimeoutMs: s.request_timeout_seconds * 1000,
            log,
            signal,
        });
        return Object.assign(new DatabricksRun(client, signal), warehouse);
    },
    async closeRun(run) {
        run.client.close();
    },
    rangeWarnings(windows, now) {
        const first = windows[0];
        if (!first)
            return [];
        const limit = now - EVENTS_RETENTION_DAYS * 86_400_000;
        if (first.start >= limit)
            return [];
        return [
            `databricks: the range starts ${first.date}, more than ${EVENTS_RETENTION_DAYS} days ago; clusters terminated more than ` +
                `${EVENTS_RETENTION_DAYS} days ago and their events are no longer returned by the API (job runs: 60 days), so ` +
                'cluster_startup and cluster_uptime (and job_runs past 60 days) are incomplete for the oldest days (set ' +
                'sources.databricks.allow_incomplete_history: false to fail them instead and keep stored rows). For older history query the Databricks ' +
                'system tables (system.compute.clusters, system.compute.node_timeline, system.lakeflow.job_run_timeline).',
        ];
    },
    summaryLines({ client, clusters, sql }) {
        return [
            `Databricks API: ${client.requests} request(s), ${client.retries} retr${client.retries === 1 ? 'y' : 'ies'}; ` +
                `${clusters.seen} cluster(s) listed, ${clusters.skipped} skipped (no activity in the range per the cluster list)` +
                (clusters.deleted
                    ? `, ${clusters.deleted} skipped (deleted during the run: the API no longer knows them)`
                    : ''),
            ...warehouseSummary({ sql }),
        ];
    },
};

// EXTERNAL MODULE: ./src/sources/github/options.ts
var github_options = __webpack_require__(22006);
// EXTERNAL MODULE: ./src/sources/github/access.ts
var access = __webpack_require__(91432);
;// CONCATENATED MODULE: ./src/sources/github/batch.ts

/**
 * Reads one connection of many repositories with aliased `repository(owner:, name:)` fields, `size` per
 * GraphQL request; repositories with more pages go on in later requests with their own cursors.
 */
async function perRepoGraphql(client, repos, q) {
    let pending = repos.map((repo) => ({ repo, after: null }));
    while (pending.length > 0) {
        const batch = pending.slice(0, q.size);
        pending = pending.slice(q.size);
        const vars = batch.map((_, j) => `$o${j}: String!, $n${j}: String!, $a${j}: String`).join(', ');
        const fields = batch
            .map((_, j) => `r${j}: repository(owner: $o${j}, name: $n${j}) { ${q.selection(`$a${j}`)} }`)
            .join('\n  ');
        const variables = { ...q.sharedValues };
        batch.forEach((b, j) => Object.assign(variables, { [`o${j}`]: b.repo.owner, [`n${j}`]: b.repo.name, [`a${j}`]: b.after }));
        const query = `query (${vars}${q.sharedVars ? `, ${q.sharedVars}` : ''}) {\n  ${fields}\n}`;
        const { data, errors } = await client.graphql(query, variables);
        for (const err of errors) {
            const alias = typeof err.path?.[0] === 'string' ? /^r(\d+)$/.exec(err.path[0]) : null;
            const repo = alias ? batch[Number(alias[1])]?.repo : undefined;
            if (repo && (err.type === 'NOT_FOUND' || err.type === 'FORBIDDEN')) {
                throw new access/* AccessError */.Zz(`${repo.fullName}: not found or not visible to the token (reading ${q.what}); grant ${q.permission} or remove it from the scope`);
            }
            throw new Error(`GitHub GraphQL: ${err.message}${repo ? ` (${repo.fullName})` : ''}`);
        }
        batch.forEach((b, j) => {
            const conn = q.connection(data?.[`r${j}`]);
            if (!conn)
                return;
            const more = q.onNodes(b.repo, conn.nodes);
            if (more === false || !conn.pageInfo.hasNextPage)
                return;
            if (!conn.pageInfo.endCursor)
                throw new Error(`GitHub GraphQL: ${q.what} of ${b.repo.fullName} reported a next page without an endCursor`);
            pending.push({ repo: b.repo, after: conn.pageInfo.endCursor });
        });
    }
}

;// CONCATENATED MODULE: ./src/sources/github/context.ts
/** The whole collected range [first start, last end). */
function rangeOf(ctx) {
    return { from: ctx.windows[0].start, to: ctx.windows[ctx.windows.length - 1].end };
}

;// CONCATENATED MODULE: ./src/sources/github/time.ts

const pad = (n, w = 2) => String(n).padStart(w, '0');
/**
 * An instant as GitHub's search syntax takes it, with the run's time zone offset written out
 * (`2026-11-27T00:00:00-05:00`): a bare date would be read in UTC, not in the run's time zone.
 */
function isoWithOffset(ms, timeZone) {
    const sec = Math.floor(ms / 1000) * 1000;
    const off = (0,src_dates/* offsetAt */.HA)(sec, timeZone);
    const d = new Date(sec + off);
    const sign = off < 0 ? '-' : '+';
    const abs = Math.abs(off) / 60_000;
    return (`${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T` +
        `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
        `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`);
}
/** The inclusive search range of [from, to): GitHub ranges include both ends, at one-second precision. */
function searchRange(from, to, timeZone) {
    return `${isoWithOffset(from, timeZone)}..${isoWithOffset(to - 1000, timeZone)}`;
}
/** Splits [from, to) into `parts` slices on whole seconds (fewer when the span is too short). */
function splitWindow(from, to, parts) {
    const seconds = Math.floor((to - from) / 1000);
    const n = Math.max(1, Math.min(parts, seconds));
    const out = [];
    let start = from;
    for (let i = 1; i <= n; i++) {
        const end = i === n ? to : from + Math.floor((seconds * i) / n) * 1000;
        if (end > start)
            out.push([start, end]);
        start = end;
    }
    return out;
}
/** Parses a GitHub timestamp (ISO 8601); NaN for null. */
function ms(value) {
    return value ? Date.parse(value) : Number.NaN;
}

;// CONCATENATED MODULE: ./src/sources/github/commits.ts




const commits_params = schemas/* strictObject */.rej({});
const commits = {
    id: 'github.commits',
    definition: "Commits on each repository's default branch per day, summed over the scope.",
    unit: 'count',
    components: [
        {
            name: 'default_branch',
            description: 'Commits that reached the default branch that day',
            unit: 'count',
        },
    ],
    derived: [],
    params: commits_params,
    notes: "A commit counts on the day (run time zone) of its committer date, in the history of the repository's current default " +
        'branch. Squash and rebase merges made on GitHub are committed at merge time, so they count on the day they reached the ' +
        'branch; with merge commits, the merge commit counts on the merge day and the merged commits on their own committer ' +
        'dates. History is read with GraphQL (history(since:, until:)), 50 repositories and 100 commits per request. The token ' +
        'needs contents: read.',
    fillZeros: true,
    async collect(ctx) {
        const { client, scope } = ctx.run;
        const { from, to } = rangeOf(ctx);
        await perRepoGraphql(client, scope.repos, {
            size: 50,
            sharedVars: '$since: GitTimestamp!, $until: GitTimestamp!',
            sharedValues: { since: new Date(from).toISOString(), until: new Date(to - 1000).toISOString() },
            selection: (after) => `defaultBranchRef { target { ... on Commit { history(first: 100, after: ${after}, since: $since, until: $until) { pageInfo { hasNextPage endCursor } nodes { committedDate } } } } }`,
            connection: (r) => r
                ?.defaultBranchRef?.target?.history,
            onNodes: (_repo, nodes) => {
                for (const n of nodes) {
                    const date = ctx.days.dateOf(ms(n.committedDate));
                    if (date)
                        ctx.acc.add(date, 'default_branch', 1);
                }
            },
            what: 'commits',
            permission: 'contents: read',
        });
    },
};

;// CONCATENATED MODULE: ./src/sources/github/delivery-params.ts

/** Upper bounds (seconds) of the lead-time and time-to-restore histograms: an hour … a month. */
const DELIVERY_BUCKETS = [
    3600, 7200, 14400, 28800, 57600, 86400, 172800, 345600, 604800, 1209600, 2592000,
];
/**
 * What a deployment is, shared by github.deployments, github.lead_time and github.incidents (from_deployments):
 * GitHub deployments to these environments, or, when `workflows` is set, completed runs of those workflows on the
 * default branch.
 */
const deliveryFields = {
    environments: schemas/* array */.YOg(schemas/* string */.YjP().min(1).max(255))
        .min(1)
        .default(['production', 'prod'])
        .describe('Deployment environments that are production, by exact name (GitHub Actions jobs with `environment:` create deployments to them).'),
    workflows: schemas/* array */.YOg(schemas/* string */.YjP().regex(/^[A-Za-z0-9_.-]+\.ya?ml$/, 'is not a workflow file name such as deploy.yml'))
        .default([])
        .describe('Deploy workflows by file name (deploy.yml), for teams that deploy without environments: their completed runs on the default branch are the deployments. Set, environments is not read.'),
    lookback_days: schemas/* number */.aig()
        .int()
        .min(0)
        .max(35)
        .default(7)
        .describe('Deployments created up to this many days before a day and finished on it are counted (approval waits included).'),
};
/** The run-wide key of a deployment history: KPIs with the same definition share one read. */
function historyKey(p) {
    return JSON.stringify([
        p.workflows.length ? [] : [...p.environments].sort(),
        [...p.workflows].sort(),
        p.lookback_days,
    ]);
}

;// CONCATENATED MODULE: ./src/sources/github/search.ts


/** Search and filtered listings give at most this many results, whatever total_count says. */
const RESULT_CAP = 1000;
/** Aliased issueCount searches per GraphQL query. */
const COUNTS_PER_QUERY = 30;
/** A search page of the documented shape: total_count, incomplete_results and an array of items. */
function checkSearchPage(page, q) {
    const p = page;
    if (!p || typeof p.total_count !== 'number' || !Array.isArray(p.items)) {
        throw new Error(`GitHub search '${q}': the answer is not a search page (total_count, items)`);
    }
}
/** `owner/name` of a search item, from its repository_url (…/repos/owner/name). */
function repoOfItem(item) {
    const m = /\/repos\/([^/]+\/[^/]+)$/.exec(item.repository_url);
    return m ? m[1] : '';
}
/** How many slices to cut a window into so each holds well under the cap, given its total. */
function slicesFor(total) {
    return Math.min(64, Math.max(2, Math.ceil(total / (RESULT_CAP * 0.7))));
}
/**
 * Every item matching `query` with `field` in [from, to), over every search group of the scope, listed
 * once for the whole range. A window whose total reaches the 1,000-result cap (or whose results came back
 * incomplete) is split and each part searched again, down to one second.
 */
async function searchAll(client, scope, query, field, from, to, timeZone) {
    const out = [];
    const walk = async (group, a, b) => {
        const q = `${query} ${group} ${field}:${searchRange(a, b, timeZone)}`;
        // octokit leaves '+' unencoded in `q` (it means a space there), which would turn a +09:00 offset into
        // ' 09:00': the query string is encoded here instead.
        const url = `GET /search/issues?q=${encodeURIComponent(q)}`;
        const guard = client.pageGuard(`search '${q}'`, RESULT_CAP / 100 + 1);
        guard.next(url);
        const first = await client.get(url, { per_page: 100, sort: 'created', order: 'asc' });
        checkSearchPage(first.data, q);
        const { total_count: total } = first.data;
        const canSplit = b - a > 1000;
        if (total >= RESULT_CAP && canSplit) {
            for (const [x, y] of splitWindow(a, b, slicesFor(total)))
                await walk(group, x, y);
            return;
        }
        if (total >= RESULT_CAP) {
            throw new Error(`more than ${RESULT_CAP} search results within one second for '${q}'; cannot split further`);
        }
        // incomplete_results is checked on every page (issue 14, item 7): a window whose search timed out
        // on GitHub's side is split and searched again; one that stays incomplete down to an hour fails the
        // KPI rather than store short figures.
        const found = [];
        let page = first;
        for (;;) {
            if (page.data.incomplete_results) {
                if (b - a > 3_600_000) {
                    for (const [x, y] of splitWindow(a, b, 2))
                        await walk(group, x, y);
                    return;
                }
                throw new Error(`GitHub search stayed incomplete (incomplete_results: true, GitHub's search timed out) for '${q}'; ` +
                    'nothing stored for it rather than short figures; re-run later');
            }
            for (const item of page.data.items)
                if (scope.has(repoOfItem(item)))
                    found.push(item);
            const next = (0,access/* nextLink */.IX)(page.headers.link);
            if (!next)
                break;
            // Relative to the base URL, so that the throttling plugin spaces it as a search (GHES included).
            const route = client.linkRoute(next);
            guard.next(route);
            page = await client.get(route);
            checkSearchPage(page.data, q);
        }
        out.push(...found);
    };
    for (const group of scope.searchGroups)
        await walk(group, from, to);
    return out;
}
/**
 * Counts for many search queries (each summed over the scope's groups), with COUNTS_PER_QUERY aliased
 * `search(type: ISSUE) { issueCount }` per GraphQL request. Returns one count per query, in order.
 */
async function countMany(client, scope, queries) {
    const flat = [];
    queries.forEach((q, index) => {
        for (const g of scope.searchGroups)
            flat.push({ index, q: `${q} ${g}` });
    });
    const totals = new Array(queries.length).fill(0);
    for (let i = 0; i < flat.length; i += COUNTS_PER_QUERY) {
        const batch = flat.slice(i, i + COUNTS_PER_QUERY);
        const vars = batch.map((_, j) => `$q${j}: String!`).join(', ');
        const fields = batch
            .map((_, j) => `c${j}: search(query: $q${j}, type: ISSUE, first: 1) { issueCount }`)
            .join('\n  ');
        const variables = Object.fromEntries(batch.map((b, j) => [`q${j}`, b.q]));
        const data = await client.graphqlStrict(`query (${vars}) {\n  ${fields}\n}`, variables);
        batch.forEach((b, j) => {
            const c = data[`c${j}`];
            if (!c || typeof c.issueCount !== 'number')
                throw new Error(`GitHub GraphQL: no issueCount for '${b.q}'`);
            totals[b.index] += c.issueCount;
        });
    }
    return totals;
}

;// CONCATENATED MODULE: ./src/sources/github/workflow-runs.ts






const FAILED_CONCLUSIONS = ['failure', 'timed_out', 'startup_failure'];
const workflow_runs_params = schemas/* strictObject */.rej({
    workflows: schemas/* array */.YOg(schemas/* string */.YjP().min(1))
        .default([])
        .describe('Workflows to count, by name or file (ci.yml or .github/workflows/ci.yml); empty: all.'),
    lookback_hours: schemas/* number */.aig()
        .int()
        .min(0)
        .max(24 * 35)
        .default(24)
        .describe('Runs created up to this long before a day and completed on it are counted (runs longer than this are missed).'),
});
function workflowMatcher(workflows) {
    if (workflows.length === 0)
        return () => true;
    const wanted = new Set(workflows.map((w) => w.toLowerCase()));
    return (run) => {
        const path = run.path.toLowerCase().replace(/@.*$/, '');
        const file = path.split('/').pop() ?? path;
        return wanted.has((run.name ?? '').toLowerCase()) || wanted.has(path) || wanted.has(file);
    };
}
/** Thrown by a listing that stops because another repository's listing already failed the KPI. */
class Stopped extends Error {
    name = 'Stopped';
}
/**
 * Every completed run of a repository created in [a, b), split wherever a window reaches the 1,000 cap.
 * `stop()` is checked before each further page or window: once true, the listing throws Stopped.
 */
async function listRuns(client, repo, a, b, timeZone, out, stop) {
    if (stop())
        throw new Stopped('stopped: another repository failed');
    const created = searchRange(a, b, timeZone);
    const query = {
        owner: repo.owner,
        repo: repo.name,
        created,
        status: 'completed',
        exclude_pull_requests: true,
    };
    let total = 0;
    let split = false;
    const pageRuns = [];
    await client.paginate('GET /repos/{owner}/{repo}/actions/runs', query, (page, n) => {
        if (stop())
            throw new Stopped('stopped: another repository failed');
        if (n === 1) {
            total = page.total_count;
            if (total >= RESULT_CAP && b - a > 1000) {
                split = true;
                return false;
            }
        }
        pageRuns.push(...page.workflow_runs);
    });
    if (split) {
        for (const [x, y] of splitWindow(a, b, slicesFor(total)))
            await listRuns(client, repo, x, y, timeZone, out, stop);
        return;
    }
    if (total >= RESULT_CAP)
        throw new Error(`${repo.fullName}: more than ${RESULT_CAP} workflow runs created within one second`);
    out.push(...pageRuns);
}
const workflowRuns = {
    id: 'github.workflow_runs',
    definition: 'GitHub Actions workflow runs completed per day: how many, how many failed, and how long they took.',
    unit: 'count',
    components: [
        { name: 'count', description: 'Workflow runs completed that day', unit: 'count' },
        {
            name: 'failed',
            description: 'Of those, runs that concluded failure, timed_out or startup_failure',
            unit: 'count',
        },
        { name: 'seconds', description: 'Sum of run_started_at→updated_at of those runs', unit: 'seconds' },
    ],
    derived: [
        {
            name: 'failure_rate',
            description: 'Share of completed runs that failed',
            unit: 'ratio',
            kind: 'ratio',
            numerator: ['failed'],
            denominator: ['count'],
        },
        {
            name: 'avg_seconds',
            description: 'Average run duration',
            unit: 'seconds',
            kind: 'ratio',
            numerator: ['seconds'],
            denominator: ['count'],
        },
    ],
    params: workflow_runs_params,
    notes: 'A run counts on the day (run time zone) of its updated_at, which for a completed run is when it completed (its latest ' +
        'attempt). Cancelled, skipped and successful runs count in count but not in failed. seconds is updated_at − run_started_at ' +
        '(the latest attempt). Runs are listed per repository (GET /repos/{owner}/{repo}/actions/runs?status=completed&created=…), ' +
        'created from lookback_hours before the range; a run created earlier than that is not seen. The workflows param keeps ' +
        'runs whose workflow name, file name or path matches. The token needs actions: read.',
    fillZeros: true,
    async collect(ctx) {
        const { client, scope, settings } = ctx.run;
        const { from, to } = rangeOf(ctx);
        const match = workflowMatcher(ctx.params.workflows);
        const lookback = ctx.params.lookback_hours * 3_600_000;
        // The first failure fails the KPI: no repository is started after it, and listings under way stop
        // before their next request (mapLimit rethrows that first failure once they have settled).
        let failed = false;
        let reposDone = 0;
        const stop = () => failed;
        const each = async (repo) => {
            const runs = [];
            try {
                await listRuns(client, repo, from - lookback, to, ctx.timeZone, runs, stop);
            }
            catch (e) {
                failed = true;
                throw (0,access/* explainAccess */._D)(e, repo.fullName, 'Actions workflow runs', 'actions: read');
            }
            for (const run of runs) {
                if (!match(run))
                    continue;
                const done = ms(run.updated_at);
                const date = ctx.days.dateOf(done);
                if (!date)
                    continue;
                ctx.acc.add(date, 'count', 1);
                if (FAILED_CONCLUSIONS.includes(run.conclusion ?? ''))
                    ctx.acc.add(date, 'failed', 1);
                const started = ms(run.run_started_at);
                if (started <= done)
                    ctx.acc.add(date, 'seconds', (done - started) / 1000);
            }
            ctx.progress?.(++reposDone, scope.repos.length, 'repositories');
        };
        await (0,concurrency/* mapLimit */.s)(scope.repos, settings.concurrency, each, ctx.signal);
    },
};

;// CONCATENATED MODULE: ./src/sources/github/deploy-runs.ts




/** Default branch names of the scope, 50 repositories per GraphQL request. */
async function defaultBranches(run) {
    const out = new Map();
    const repos = run.scope.repos;
    for (let i = 0; i < repos.length; i += 50) {
        const batch = repos.slice(i, i + 50);
        const vars = batch.map((_, j) => `$o${j}: String!, $n${j}: String!`).join(', ');
        const fields = batch
            .map((_, j) => `r${j}: repository(owner: $o${j}, name: $n${j}) { defaultBranchRef { name } }`)
            .join('\n  ');
        const variables = Object.fromEntries(batch.flatMap((r, j) => [
            [`o${j}`, r.owner],
            [`n${j}`, r.name],
        ]));
        const data = await run.client.graphqlStrict(`query (${vars}) {\n  ${fields}\n}`, variables);
        batch.forEach((r, j) => out.set(r.fullName, data[`r${j}`]?.defaultBranchRef?.name));
    }
    return out;
}
/**
 * Deploy workflows as deployments, for teams without environments: completed runs of the named workflow files on
 * the default branch, listed per repository like github.workflow_runs (created from `since`, split at the 1,000
 * cap). A run's outcome is its latest attempt's: success, or failure / timed_out / startup_failure (a failed
 * deployment); cancelled and other conclusions are neither. Its day is that of updated_at (completion).
 */
async function listDeployRuns(run, workflows, since, range, timeZone) {
    const files = new Set(workflows.map((w) => w.toLowerCase()));
    const branches = await defaultBranches(run);
    const out = new Map();
    let failed = false;
    const each = async (repo) => {
        const runs = [];
        try {
            await listRuns(run.client, repo, since, range.to, timeZone, runs, () => failed);
        }
        catch (e) {
            failed = true;
            throw (0,access/* explainAccess */._D)(e, repo.fullName, 'Actions workflow runs', 'actions: read');
        }
        const records = [];
        for (const r of runs) {
            const file = (r.path.replace(/@.*$/, '').split('/').pop() ?? '').toLowerCase();
            if (!files.has(file) || r.head_branch !== branches.get(repo.fullName))
                continue;
            const conclusion = r.conclusion ?? '';
            const outcome = conclusion === 'success'
                ? 'success'
                : FAILED_CONCLUSIONS.includes(conclusion)
                    ? 'failure'
                    : undefined;
            records.push({
                repo,
                environment: `workflow:${file}`,
                id: r.id,
                sha: r.head_sha,
                created: ms(r.created_at),
                final: outcome ? { state: outcome, at: ms(r.updated_at) } : undefined,
            });
        }
        out.set(repo.fullName, records.sort((a, b) => b.created - a.created));
    };
    await (0,concurrency/* mapLimit */.s)(run.scope.repos, run.settings.concurrency, each, run.client.signal);
    return out;
}

;// CONCATENATED MODULE: ./src/sources/github/deployment-history.ts





/** Repositories per GraphQL request: 25 × 100 deployments × (1 + 10 statuses) ≈ 27,500 nodes, far below 500,000. */
const DEPLOYMENTS_PER_QUERY = 25;
const STATUSES_INLINE = 10;
/**
 * The final status of a deployment: the latest status whose state is success, failure or error. A later
 * `inactive` (GitHub sets it on older deployments when a newer one succeeds) or a new `in_progress` without an
 * outcome yet does not change it.
 */
function finalStatus(statuses) {
    let best;
    for (const s of statuses) {
        const state = s.state.toLowerCase();
        if (state !== 'success' && state !== 'failure' && state !== 'error')
            continue;
        if (!Number.isFinite(s.at))
            continue;
        if (!best || s.at >= best.at)
            best = { state: state === 'success' ? 'success' : 'failure', at: s.at };
    }
    return best;
}
/**
 * Whether a repository's listing (newest first) reached far enough back: past `since` (the range start less the
 * look-back), and, for every environment with a success at or after `from`, to a success before `from` (the base of
 * the lead time and the end of incidents opened before the range).
 */
function readEnough(records, since, from) {
    const oldest = records[records.length - 1];
    if (!oldest || oldest.created >= since)
        return false;
    const needBase = new Set();
    const hasBase = new Set();
    for (const r of records) {
        if (r.final?.state !== 'success')
            continue;
        if (r.final.at >= from)
            needBase.add(r.environment);
        else
            hasBase.add(r.environment);
    }
    for (const env of needBase)
        if (!hasBase.has(env))
            return false;
    return true;
}
/** Every status of a deployment, by REST (when it has more than the inline ones). */
async function allStatuses(client, repo, id) {
    const out = [];
    await client.paginate('GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', { owner: repo.owner, repo: repo.name, deployment_id: id }, (page) => {
        for (const s of page)
            out.push({ state: s.state, at: ms(s.created_at) });
    });
    return out;
}
/**
 * Reads the deployments to the given environments of every repository with GraphQL (`repository.deployments(
 * environments:, orderBy: {CREATED_AT, DESC})`, 100 a page, DEPLOYMENTS_PER_QUERY repositories a request, with
 * their latest status and first statuses inline), from the newest back to the range start less the look-back and
 * to the last success before the range; statuses beyond the inline ones come from REST.
 */
async function readDeployments(run, environments, since, from) {
    const { client, scope } = run;
    const out = new Map(scope.repos.map((r) => [r.fullName, []]));
    const moreStatuses = [];
    await perRepoGraphql(client, scope.repos, {
        size: DEPLOYMENTS_PER_QUERY,
        sharedVars: '$envs: [String!]',
        sharedValues: { envs: environments },
        selection: (after) => `deployments(first: 100, after: ${after}, environments: $envs, orderBy: {field: CREATED_AT, direction: DESC}) { ` +
            'pageInfo { hasNextPage endCursor } nodes { databaseId commitOid createdAt environment ' +
            `latestStatus { state createdAt } statuses(first: ${STATUSES_INLINE}) { pageInfo { hasNextPage } nodes { state createdAt } } } }`,
        connection: (r) => r?.deployments,
        onNodes: (repo, nodes) => {
            const records = out.get(repo.fullName);
            for (const n of nodes) {
                const statuses = [...(n.statuses?.nodes ?? []), ...(n.latestStatus ? [n.latestStatus] : [])].map((s) => ({ state: s.state, at: ms(s.createdAt) }));
                const record = {
                    repo,
                    environment: n.environment ?? '',
                    id: n.databaseId,
                    sha: n.commitOid,
                    created: ms(n.createdAt),
                    final: finalStatus(statuses),
                };
                records.push(record);
                if (n.statuses?.pageInfo.hasNextPage)
                    moreStatuses.push({ repo, record });
            }
            return !readEnough(records, since, from);
        },
        what: 'deployments',
        permission: 'deployments: read',
    });
    for (const { repo, record } of moreStatuses) {
        try {
            record.final = finalStatus(await allStatuses(client, repo, record.id));
        }
        catch (e) {
            throw (0,access/* explainAccess */._D)(e, repo.fullName, 'deployment statuses', 'deployments: read');
        }
    }
    return out;
}
const cache = new WeakMap();
/**
 * The deployment history of the run for these params, read once and shared by the KPIs that use the same
 * definition (github.deployments, github.lead_time, github.incidents with from_deployments).
 */
function deploymentHistory(run, params, range, timeZone) {
    let perRun = cache.get(run);
    if (!perRun)
        cache.set(run, (perRun = new Map()));
    const key = `${historyKey(params)}|${range.from}|${range.to}|${timeZone}`;
    let pending = perRun.get(key);
    if (!pending) {
        const since = range.from - params.lookback_days * 86_400_000;
        pending = params.workflows.length
            ? listDeployRuns(run, params.workflows, since, range, timeZone)
            : readDeployments(run, params.environments, since, range.from);
        // A failed read is not kept: the next KPI gets its own attempt and its own error.
        pending.catch(() => perRun.delete(key));
        perRun.set(key, pending);
    }
    return pending;
}
/** The successful deployments of one repository and environment, in the order of their success. */
function successesByEnvironment(records) {
    const out = new Map();
    for (const r of records) {
        if (r.final?.state !== 'success')
            continue;
        if (!out.has(r.environment))
            out.set(r.environment, []);
        out.get(r.environment).push(r);
    }
    for (const list of out.values())
        list.sort((a, b) => a.final.at - b.final.at || a.created - b.created);
    return out;
}

;// CONCATENATED MODULE: ./src/sources/github/deployments.ts




const deployments_params = schemas/* strictObject */.rej(deliveryFields);
const deployments = {
    id: 'github.deployments',
    definition: 'DORA deployment frequency and change failure rate: deployments to production per day of their outcome, succeeded and failed.',
    unit: 'count',
    components: [
        {
            name: 'succeeded',
            description: 'Deployments to production whose final status that day was success',
            unit: 'count',
        },
        {
            name: 'failed',
            description: 'Deployments to production whose final status that day was failure or error',
            unit: 'count',
        },
        {
            name: 'collected_days',
            description: 'Days collected (1 a day): the denominator of deployments per day',
            unit: 'days',
        },
    ],
    derived: [
        {
            name: 'per_day',
            description: 'Deployment frequency: successful deployments per day over the period',
            unit: 'count',
            kind: 'ratio',
            numerator: ['succeeded'],
            denominator: ['collected_days'],
        },
        {
            name: 'change_failure_rate',
            description: 'Share of deployments that failed: failed / (succeeded + failed)',
            unit: 'ratio',
            kind: 'ratio',
            numerator: ['failed'],
            denominator: ['succeeded', 'failed'],
        },
    ],
    params: deployments_params,
    notes: 'DORA\'s deployment frequency ("how often an organization successfully releases to production") and change failure ' +
        'rate ("the percentage of deployments causing a failure in production"); Four Keys counts deployments from ' +
        'deployment events the same way. A deployment is a GitHub deployment to one of `environments` (default production, ' +
        'prod; a GitHub Actions job with `environment:` creates one). It counts once, on the day (run time zone) of its final ' +
        'status: the last success, failure or error status (error counts as failed); a later inactive, which GitHub sets when ' +
        'a newer deployment succeeds, does not change it, and a deployment still queued or in progress counts when it ends. ' +
        'With `workflows` (deploy.yml …), completed runs of those workflow files on the default branch are the deployments, on ' +
        'the day they completed (latest attempt): success succeeded; failure, timed_out, startup_failure failed; cancelled and ' +
        'skipped neither. Deployments created up to lookback_days before the range are read. Deployment frequency is ' +
        'per_day, successful deployments per day of the period (a week: × 7); collected_days counts the days collected, so a span with ' +
        'missing days is not diluted. Read with GraphQL repository.deployments(environments:, orderBy: CREATED_AT DESC), 25 ' +
        'repositories a request. The token needs deployments: read (workflows: actions: read).',
    fillZeros: true,
    async collect(ctx) {
        const run = ctx.run;
        const range = rangeOf(ctx);
        const history = await deploymentHistory(run, ctx.params, range, ctx.timeZone);
        for (const w of ctx.windows)
            ctx.acc.add(w.date, 'collected_days', 1);
        for (const records of history.values()) {
            for (const r of records) {
                if (!r.final)
                    continue;
                const date = ctx.days.dateOf(r.final.at);
                if (date)
                    ctx.acc.add(date, r.final.state === 'success' ? 'succeeded' : 'failed', 1);
            }
        }
    },
};

;// CONCATENATED MODULE: ./src/sources/github/incidents.ts







/**
 * GitHub refuses search queries over 256 characters; the scope takes up to 146 of them (scope.ts) and
 * `is:issue created:<range with offsets>` 71 more: the label qualifier gets the rest.
 */
const LABELS_MAX_CHARS = 39;
/** `label:"a","b"`: any of the labels (GitHub's comma syntax is a logical OR). */
function labelQualifier(labels) {
    return `label:${labels.map((l) => `"${l}"`).join(',')}`;
}
const incidents_params = schemas/* strictObject */.rej({
    labels: schemas/* array */.YOg(schemas/* string */.YjP()
        .regex(/^[^\s",]{1,50}$/, 'is not a label this KPI can search for (no spaces, commas or quotes)'))
        .min(1)
        .max(5)
        .refine((labels) => labelQualifier(labels).length <= LABELS_MAX_CHARS, {
        message: `together take more than the ${LABELS_MAX_CHARS} characters a search query leaves them (label:"a","b"); use fewer or shorter labels`,
    })
        .default(['incident'])
        .describe('Labels that mark an incident issue (any of them; matched case-insensitively, as GitHub search does).'),
    from_deployments: schemas/* boolean */.zMY()
        .default(false)
        .describe('Also count each failed deployment as an incident, resolved by the next successful deployment to the same environment.'),
    ...deliveryFields,
});
/** Each failed deployment with the next success of its repository and environment, if any. */
function deploymentIncidents(records) {
    const byEnv = new Map();
    for (const r of records) {
        if (!r.final)
            continue;
        if (!byEnv.has(r.environment))
            byEnv.set(r.environment, []);
        byEnv.get(r.environment).push(r);
    }
    const out = [];
    for (const list of byEnv.values()) {
        list.sort((a, b) => a.final.at - b.final.at);
        list.forEach((r, i) => {
            if (r.final.state !== 'failure')
                return;
            const next = list.slice(i + 1).find((x) => x.final.state === 'success');
            out.push({ failed: r.final.at, restored: next?.final.at });
        });
    }
    return out;
}
const incidents = {
    id: 'github.incidents',
    definition: 'DORA time to restore service: incident issues opened and resolved per day, and the time from opening to resolution.',
    unit: 'count',
    components: [
        { name: 'opened', description: 'Incidents opened that day', unit: 'count' },
        { name: 'resolved', description: 'Incidents resolved that day', unit: 'count' },
        {
            name: 'restore_seconds',
            description: 'Sum of opened→resolved of the incidents resolved that day',
            unit: 'seconds',
        },
        ...(0,src_kpi/* bucketComponents */.dX)(DELIVERY_BUCKETS, 'Incidents resolved that day', 'seconds'),
    ],
    derived: [
        {
            name: 'avg_restore_seconds',
            description: 'Mean time to restore',
            unit: 'seconds',
            kind: 'ratio',
            numerator: ['restore_seconds'],
            denominator: ['resolved'],
        },
        {
            name: 'p50_restore_seconds',
            description: 'Median time to restore (from buckets)',
            unit: 'seconds',
            kind: 'percentile',
            quantile: 0.5,
            buckets: 'le_',
            total: ['resolved'],
        },
    ],
    params: incidents_params,
    notes: 'DORA\'s time to restore service ("how long it takes an organization to recover from a failure in production", since ' +
        '2023 failed deployment recovery time); Four Keys reads incidents from issues labelled as incidents and measures ' +
        'creation to resolution. Here an incident is an issue (not a pull request) with any of `labels` (default incident; ' +
        'case-insensitive), summed over the scope. opened counts on the day (run time zone) of created_at; resolved and ' +
        'restore_seconds (closed_at − created_at) on the day of closed_at, which for an issue reopened and closed again is its ' +
        'last close; an incident open now is not resolved, whenever it was closed before. With from_deployments, each failed ' +
        'deployment (see github.deployments and its params, shared here) is an incident too, opened at its failure and ' +
        'resolved by the next successful deployment to the same environment. Counts come from GraphQL issueCount (30 per ' +
        'request); resolved incidents are listed once for the range with search (`is:issue label:"incident" closed:…`), split ' +
        'at the 1,000-result cap. Change failure rate is github.deployments.change_failure_rate. The token needs issues: read.',
    fillZeros: true,
    async collect(ctx) {
        const run = ctx.run;
        const { client, scope } = run;
        const range = rangeOf(ctx);
        const label = labelQualifier(ctx.params.labels);
        const counts = await countMany(client, scope, ctx.windows.map((w) => `is:issue ${label} created:${searchRange(w.start, w.end, ctx.timeZone)}`));
        ctx.windows.forEach((w, i) => ctx.acc.add(w.date, 'opened', counts[i]));
        const resolve = (opened, closed) => {
            const date = ctx.days.dateOf(closed);
            if (!date)
                return;
            const seconds = Math.max(0, (closed - opened) / 1000);
            ctx.acc.add(date, 'resolved', 1);
            ctx.acc.add(date, 'restore_seconds', seconds);
            ctx.acc.addToBuckets(date, DELIVERY_BUCKETS, seconds);
        };
        const closed = await searchAll(client, scope, `is:issue ${label}`, 'closed', range.from, range.to, ctx.timeZone);
        for (const issue of closed) {
            if (issue.pull_request)
                continue;
            resolve(ms(issue.created_at), ms(issue.closed_at));
        }
        if (!ctx.params.from_deployments)
            return;
        const history = await deploymentHistory(run, ctx.params, range, ctx.timeZone);
        for (const records of history.values()) {
            for (const incident of deploymentIncidents(records)) {
                const date = ctx.days.dateOf(incident.failed);
                if (date)
                    ctx.acc.add(date, 'opened', 1);
                if (incident.restored !== undefined)
                    resolve(incident.failed, incident.restored);
            }
        }
    },
};

;// CONCATENATED MODULE: ./src/sources/github/issues.ts




const issues_params = schemas/* strictObject */.rej({});
const issues = {
    id: 'github.issues',
    definition: 'Issues opened and closed per day, and the time from opening to close (pull requests excluded).',
    unit: 'count',
    components: [
        { name: 'opened', description: 'Issues created that day', unit: 'count' },
        { name: 'closed', description: 'Issues closed that day', unit: 'count' },
        {
            name: 'close_seconds',
            description: 'Sum of created→closed of the issues closed that day',
            unit: 'seconds',
        },
    ],
    derived: [
        {
            name: 'avg_close_seconds',
            description: 'Average time to close',
            unit: 'seconds',
            kind: 'ratio',
            numerator: ['close_seconds'],
            denominator: ['closed'],
        },
    ],
    params: issues_params,
    notes: 'Summed over the scope; pull requests are not issues here (is:issue). opened counts on the day of created_at; closed and ' +
        'close_seconds (closed_at − created_at) on the day of closed_at, any close reason (completed or not planned). An issue ' +
        'reopened since no longer has a closed_at and does not count as closed. Transferred issues count in their current repository.',
    fillZeros: true,
    async collect(ctx) {
        const { client, scope } = ctx.run;
        const { from, to } = rangeOf(ctx);
        const counts = await countMany(client, scope, ctx.windows.map((w) => `is:issue created:${searchRange(w.start, w.end, ctx.timeZone)}`));
        ctx.windows.forEach((w, i) => ctx.acc.add(w.date, 'opened', counts[i]));
        const closed = await searchAll(client, scope, 'is:issue', 'closed', from, to, ctx.timeZone);
        for (const issue of closed) {
            if (issue.pull_request)
                continue;
            const closedAt = ms(issue.closed_at);
            const date = ctx.days.dateOf(closedAt);
            if (!date)
                continue;
            ctx.acc.add(date, 'closed', 1);
            ctx.acc.add(date, 'close_seconds', Math.max(0, (closedAt - ms(issue.created_at)) / 1000));
        }
    },
};

;// CONCATENATED MODULE: ./src/sources/github/compare.ts


const toCommit = (c) => ({
    sha: c.sha,
    parents: (c.parents ?? []).map((p) => p.sha),
    committed: ms(c.commit.committer?.date ?? c.commit.author?.date),
});
/**
 * `GET /repos/{owner}/{repo}/compare/{base}...{head}`: the commits reachable from head and not from base. One
 * request when they are at most 250 (the unpaged answer, which holds the most recent 250); else the earlier ones
 * come from pages of 100 in chronological order (per_page, Link headers): 1 + ⌈(n − 250) / 100⌉ requests for n. Returns undefined when GitHub does not know one of the commits (404:
 * e.g. a base that a force-push left unreachable and that was collected).
 */
async function compareCommits(client, repo, base, head) {
    const route = 'GET /repos/{owner}/{repo}/compare/{basehead}';
    const params = { owner: repo.owner, repo: repo.name, basehead: `${base}...${head}` };
    let first;
    try {
        first = (await client.get(route, params)).data;
    }
    catch (e) {
        if (e.status === 404)
            return undefined;
        throw e;
    }
    if (first.total_commits <= first.commits.length)
        return { status: first.status, commits: first.commits.map(toCommit) };
    // The unpaged answer holds the last 250 commits; pages of 100 (chronological) fill in the ones before them.
    const bySha = new Map(first.commits.map((c) => [c.sha, toCommit(c)]));
    const needPages = Math.ceil((first.total_commits - first.commits.length) / 100);
    let res = await client.get(route, { ...params, per_page: 100, page: 1 });
    const seen = new Set();
    for (let page = 1;; page++) {
        for (const c of res.data.commits)
            if (!bySha.has(c.sha))
                bySha.set(c.sha, toCommit(c));
        const next = (0,access/* nextLink */.IX)(res.headers.link);
        if (!next || res.data.commits.length === 0 || page >= needPages)
            break;
        if (seen.has(next))
            throw new Error(`GitHub compare of ${repo.fullName}: page ${page} links to itself`);
        seen.add(next);
        client.signal.throwIfAborted();
        res = await client.get(client.linkRoute(next));
    }
    const commits = [...bySha.values()];
    if (commits.length < first.total_commits)
        throw new Error(`GitHub compare of ${repo.fullName} ${base.slice(0, 7)}...${head.slice(0, 7)} listed ${commits.length} of ${first.total_commits} commits`);
    return { status: first.status, commits };
}

;// CONCATENATED MODULE: ./src/sources/github/changes.ts

const changes_short = (sha) => sha.slice(0, 7);
/**
 * The commits each successful deployment of one repository and environment delivered first, for the deployments
 * whose success is in [from, to). `successes` are every success read, in the order of their success.
 *
 * The base is the last success before the range. The commits of a deployment are those reachable from its commit
 * and from neither the base nor an earlier deployment in the range: a redeploy of the same commit or a rollback
 * delivers nothing, and no commit counts twice. One compare of base...(last deployment) lists them all when the
 * deployments lie on one line of history (the usual case); a deployment outside it gets its own compare.
 *
 * When the base is unknown to GitHub (404: a force-push left it unreachable) or is not an ancestor of the
 * deployment (diverged: history was rewritten), that deployment's commits are not counted — a warning says so —
 * and it becomes the base of the next. With no success before the range, the first one is the base: its commits
 * are not counted (a repository's whole history is never read).
 */
async function deliveredChanges(o) {
    const inRange = o.successes.filter((d) => d.final.at >= o.from && d.final.at < o.to);
    if (inRange.length === 0)
        return [];
    const before = o.successes.filter((d) => d.final.at < o.from);
    const where = `${o.repo.fullName} (${o.environment})`;
    let base = before[before.length - 1]?.sha;
    let start = 0;
    if (!base) {
        o.warn(`github.lead_time: ${where}: no successful deployment before ${new Date(inRange[0].final.at).toISOString()} ` +
            `was found, so the commits of that first deployment (${changes_short(inRange[0].sha)}) are not counted`);
        base = inRange[0].sha;
        start = 1;
    }
    /** Commits known to be reachable from the last usable deployment and not from base, by sha. */
    let graph = new Map();
    let covered = new Set();
    let triedLine = false;
    const out = [];
    const reset = (d, why) => {
        o.warn(`github.lead_time: ${where}: ${why}; the commits of the deployment of ${changes_short(d.sha)} ` +
            `(${new Date(d.final.at).toISOString()}) are not counted, no figure is guessed`);
        base = d.sha;
        graph = new Map();
        covered = new Set();
        triedLine = false;
    };
    for (let i = start; i < inRange.length; i++) {
        const d = inRange[i];
        if (d.sha === base || covered.has(d.sha)) {
            out.push({ deployment: d, commits: [] });
            continue;
        }
        if (!graph.has(d.sha) && !triedLine) {
            // Once per base: the whole line up to the last deployment in range, in one listing.
            triedLine = true;
            const last = inRange[inRange.length - 1].sha;
            if (last !== d.sha) {
                const line = await compareCommits(o.client, o.repo, base, last);
                if (line?.status === 'ahead')
                    for (const c of line.commits)
                        graph.set(c.sha, c);
            }
        }
        if (!graph.has(d.sha)) {
            // Not on that line: this deployment alone.
            const cmp = await compareCommits(o.client, o.repo, base, d.sha);
            if (cmp === undefined) {
                reset(d, `GitHub does not know the commits ${changes_short(base)}...${changes_short(d.sha)} (404: a force-push?)`);
                continue;
            }
            if (cmp.status === 'diverged') {
                reset(d, `${changes_short(d.sha)} does not descend from the previous deployment ${changes_short(base)} (history rewritten)`);
                continue;
            }
            if (cmp.status !== 'ahead') {
                // behind or identical: a rollback or a redeploy, nothing new.
                out.push({ deployment: d, commits: [] });
                continue;
            }
            for (const c of cmp.commits)
                graph.set(c.sha, c);
        }
        const commits = [];
        const stack = [d.sha];
        while (stack.length) {
            const sha = stack.pop();
            if (covered.has(sha))
                continue;
            const c = graph.get(sha);
            if (!c)
                continue; // reachable from base (or beyond what compare listed): delivered before
            covered.add(sha);
            commits.push(c);
            stack.push(...c.parents);
        }
        out.push({ deployment: d, commits });
    }
    return out;
}

;// CONCATENATED MODULE: ./src/sources/github/lead-time.ts








const lead_time_params = schemas/* strictObject */.rej(deliveryFields);
const leadTime = {
    id: 'github.lead_time',
    definition: 'DORA lead time for changes: commits that reached production per day, and the time from commit to successful deployment.',
    unit: 'seconds',
    components: [
        {
            name: 'commits',
            description: 'Commits first deployed to production by a deployment that succeeded that day',
            unit: 'count',
        },
        {
            name: 'seconds',
            description: "Sum over those commits of the deployment's success time − the commit's committer date",
            unit: 'seconds',
        },
        ...(0,src_kpi/* bucketComponents */.dX)(DELIVERY_BUCKETS, 'Commits deployed that day', 'seconds'),
    ],
    derived: [
        {
            name: 'avg_seconds',
            description: 'Average lead time for changes',
            unit: 'seconds',
            kind: 'ratio',
            numerator: ['seconds'],
            denominator: ['commits'],
        },
        {
            name: 'p50_seconds',
            description: 'Median lead time for changes (DORA reports the median; from buckets)',
            unit: 'seconds',
            kind: 'percentile',
            quantile: 0.5,
            buckets: 'le_',
            total: ['commits'],
        },
        {
            name: 'p90_seconds',
            description: '90th percentile of lead time for changes (from buckets)',
            unit: 'seconds',
            kind: 'percentile',
            quantile: 0.9,
            buckets: 'le_',
            total: ['commits'],
        },
    ],
    params: lead_time_params,
    notes: 'DORA\'s lead time for changes: "the amount of time it takes a commit to get into production"; Four Keys takes, per ' +
        'deployment, the commits since the previous deployment and their commit times, and reports the median. Here, per ' +
        'repository and environment, the successful deployments (see github.deployments for what a deployment is, and its ' +
        'params, which this KPI shares) are ordered by the time of their success; the commits of one are those reachable from ' +
        'its commit and from neither the previous successful deployment nor any earlier one in the range, listed with the ' +
        'compare API (base...head, paged past 250 commits), so a redeploy of the same commit or a rollback adds none and no ' +
        'commit counts twice within the range collected (a commit rolled back in one run and deployed again in a later one counts again). Each counts on the day (run time zone) of the success status, with seconds = that time − the ' +
        "commit's committer date (the date it was made on its branch; a rebase or squash on GitHub sets it; the author date " +
        'is not used), at least 0; buckets le_<s> from an hour to 30 days (p50 beyond 30 days reads "> 2592000"). The ' +
        'previous deployment of the first one in the range is read too (one extra page at most); with none, the first ' +
        "deployment's commits are not counted (a repository's whole history is never read). When the previous deployment's " +
        'commit is unknown to GitHub (a force-push) or not an ancestor (history rewritten), that deployment is not counted and ' +
        'a warning names it. The token needs deployments: read and contents: read.',
    fillZeros: true,
    async collect(ctx) {
        const run = ctx.run;
        const range = rangeOf(ctx);
        const history = await deploymentHistory(run, ctx.params, range, ctx.timeZone);
        const work = [...history.values()].flatMap((records) => [...successesByEnvironment(records)].map(([environment, successes]) => ({ environment, successes })));
        let done = 0;
        await (0,concurrency/* mapLimit */.s)(work, run.settings.concurrency, async ({ environment, successes }) => {
            const repo = successes[0].repo;
            let changes;
            try {
                changes = await deliveredChanges({
                    client: run.client,
                    repo,
                    environment,
                    successes,
                    from: range.from,
                    to: range.to,
                    warn: (m) => ctx.log.warning(m),
                });
            }
            catch (e) {
                throw (0,access/* explainAccess */._D)(e, repo.fullName, 'commits (compare)', 'contents: read');
            }
            for (const { deployment, commits } of changes) {
                const at = deployment.final.at;
                const date = ctx.days.dateOf(at);
                if (!date)
                    continue;
                for (const c of commits) {
                    const seconds = Number.isFinite(c.committed) ? Math.max(0, (at - c.committed) / 1000) : 0;
                    ctx.acc.add(date, 'commits', 1);
                    ctx.acc.add(date, 'seconds', seconds);
                    ctx.acc.addToBuckets(date, DELIVERY_BUCKETS, seconds);
                }
            }
            ctx.progress?.(++done, work.length, 'repository environments');
        }, ctx.signal);
    },
};

;// CONCATENATED MODULE: ./src/sources/github/pull-request-reviews.ts





/** GitHub's launch: the lower bound of "created before" windows, so they can be split. */
const EPOCH = Date.UTC(2008, 0, 1);
/** Reviews fetched with each pull request; more are read over REST only when these hold no valid one. */
const REVIEWS_INLINE = 10;
const QUERY = `query ($q: String!, $after: String) {
  search(query: $q, type: ISSUE, first: 100, after: $after) {
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes {
      ... on PullRequest {
        number
        createdAt
        author { login }
        repository { nameWithOwner }
        reviews(first: ${REVIEWS_INLINE}) { totalCount nodes { createdAt submittedAt author { login __typename } } }
      }
    }
  }
}`;
/** A review that counts: submitted, by someone other than the PR's author, and not by a bot. */
function countsAsReview(author, reviewer, submittedAt) {
    if (!submittedAt)
        return false;
    if (!reviewer)
        return true; // a deleted account ("ghost") was a person
    if (reviewer.type === 'Bot' || /\[bot\]$/i.test(reviewer.login))
        return false;
    return !author || reviewer.login.toLowerCase() !== author.toLowerCase();
}
async function restFirstReview(client, pr) {
    const [owner, repo] = pr.repository.nameWithOwner.split('/');
    let first = Number.NaN;
    try {
        await client.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', { owner, repo, pull_number: pr.number }, (page) => {
            for (const r of page) {
                if (countsAsReview(pr.author?.login, r.user, r.submitted_at ?? null)) {
                    const t = ms(r.submitted_at);
                    if (!(t >= first))
                        first = t;
                }
            }
        });
    }
    catch (e) {
        throw (0,access/* explainAccess */._D)(e, pr.repository.nameWithOwner, 'pull request reviews', 'pull requests: read');
    }
    return first;
}
/** Candidate pull requests: created before the range ends and updated since it began (a review updates a PR). */
async function candidates(client, scope, from, to, timeZone) {
    const out = [];
    const since = isoWithOffset(from, timeZone);
    const walk = async (group, a, b) => {
        const q = `is:pr ${group} updated:>=${since} created:${searchRange(a, b, timeZone)}`;
        let after = null;
        for (let page = 0;; page++) {
            const data = await client.graphqlStrict(QUERY, { q, after });
            const total = data.search.issueCount;
            if (page === 0 && total >= RESULT_CAP) {
                if (b - a <= 1000)
                    throw new Error(`more than ${RESULT_CAP} pull requests created within one second for '${q}'`);
                for (const [x, y] of splitWindow(a, b, slicesFor(total)))
                    await walk(group, x, y);
                return;
            }
            for (const n of data.search.nodes) {
                if ('repository' in n && n.repository && scope.has(n.repository.nameWithOwner))
                    out.push(n);
            }
            const { hasNextPage, endCursor } = data.search.pageInfo;
            if (!hasNextPage)
                return;
            // Asking again with a null cursor would read the first page again, for ever.
            if (!endCursor)
                throw new Error(`GitHub GraphQL: search reported a next page without an endCursor for '${q}'`);
            after = endCursor;
        }
    };
    for (const group of scope.searchGroups)
        await walk(group, EPOCH, to);
    return out;
}
/**
 * The earliest submittedAt of the inline reviews that count (NaN when none does). They come in creation
 * order, not submission order: a review kept pending for days is listed before one created and submitted
 * meanwhile, so every one is looked at.
 */
function firstInline(pr) {
    let first = Number.NaN;
    for (const r of pr.reviews.nodes) {
        const reviewer = r.author ? { login: r.author.login, type: r.author.__typename } : null;
        if (countsAsReview(pr.author?.login, reviewer, r.submittedAt)) {
            const t = ms(r.submittedAt);
            if (!(t >= first))
                first = t;
        }
    }
    return first;
}
const pull_request_reviews_params = schemas/* strictObject */.rej({});
const pullRequestReviews = {
    id: 'github.pull_request_reviews',
    definition: 'Time from opening a pull request to its first review, for pull requests first reviewed that day.',
    unit: 'seconds',
    components: [
        {
            name: 'first_reviews',
            description: 'Pull requests whose first review was submitted that day',
            unit: 'count',
        },
        {
            name: 'first_review_seconds',
            description: 'Sum of created→first review of those pull requests',
            unit: 'seconds',
        },
    ],
    derived: [
        {
            name: 'avg_first_review_seconds',
            description: 'Average time to first review',
            unit: 'seconds',
            kind: 'ratio',
            numerator: ['first_review_seconds'],
            denominator: ['first_reviews'],
        },
    ],
    params: pull_request_reviews_params,
    notes: 'A pull request counts once, on the day (run time zone) its first review was submitted: the earliest submitted review ' +
        "(approve, request changes or comment) by someone other than the PR's author and not by a bot (account type Bot or a " +
        "login ending in [bot]); pending reviews do not count. first_review_seconds is that review's submitted_at − the PR's " +
        'created_at. Candidates are listed once for the range with GraphQL search (created before the end, updated since the ' +
        'start), with their first 10 reviews inline (in creation order: the earliest submitted of them is taken); when a PR has ' +
        'more reviews and a later-created one could have been submitted earlier, all its reviews are read over REST.',
    fillZeros: true,
    async collect(ctx) {
        const { client, scope } = ctx.run;
        const { from, to } = rangeOf(ctx);
        for (const pr of await candidates(client, scope, from, to, ctx.timeZone)) {
            let first = firstInline(pr);
            // GraphQL lists reviews in creation order, and a review is submitted no earlier than it was
            // created: the reviews not fetched inline (created after the last inline one) cannot beat an inline
            // review submitted before that creation time. Otherwise read them all over REST.
            const lastCreated = Math.max(...pr.reviews.nodes.map((r) => ms(r.createdAt)));
            if (pr.reviews.totalCount > pr.reviews.nodes.length && !(first <= lastCreated))
                first = await restFirstReview(client, pr);
            const date = ctx.days.dateOf(first);
            if (!date)
                continue;
            ctx.acc.add(date, 'first_reviews', 1);
            ctx.acc.add(date, 'first_review_seconds', Math.max(0, (first - ms(pr.createdAt)) / 1000));
        }
    },
};

;// CONCATENATED MODULE: ./src/sources/github/pull-requests.ts





/** Upper bounds (seconds) of the merge-time histogram: 10 min … 30 days. */
const MERGE_BUCKETS = [
    600, 1800, 3600, 7200, 14400, 28800, 86400, 172800, 345600, 604800, 1209600, 2592000,
];
const pull_requests_params = schemas/* strictObject */.rej({});
const pullRequests = {
    id: 'github.pull_requests',
    definition: 'Pull requests opened, merged and closed without merge per day, and the time from opening to merge.',
    unit: 'count',
    components: [
        { name: 'opened', description: 'Pull requests created that day', unit: 'count' },
        { name: 'merged', description: 'Pull requests merged that day', unit: 'count' },
        { name: 'closed_unmerged', description: 'Pull requests closed without merge that day', unit: 'count' },
        {
            name: 'merge_seconds',
            description: 'Sum of created→merged of the pull requests merged that day',
            unit: 'seconds',
        },
        ...(0,src_kpi/* bucketComponents */.dX)(MERGE_BUCKETS, 'Pull requests merged that day', 'seconds'),
    ],
    derived: [
        {
            name: 'avg_merge_seconds',
            description: 'Average time to merge',
            unit: 'seconds',
            kind: 'ratio',
            numerator: ['merge_seconds'],
            denominator: ['merged'],
        },
        {
            name: 'p50_merge_seconds',
            description: 'Median time to merge (from buckets)',
            unit: 'seconds',
            kind: 'percentile',
            quantile: 0.5,
            buckets: 'le_',
            total: ['merged'],
        },
        {
            name: 'p90_merge_seconds',
            description: '90th percentile of time to merge (from buckets)',
            unit: 'seconds',
            kind: 'percentile',
            quantile: 0.9,
            buckets: 'le_',
            total: ['merged'],
        },
    ],
    params: pull_requests_params,
    notes: 'Summed over the scope. opened counts on the day of created_at, merged on the day of merged_at, closed_unmerged on the ' +
        'day of closed_at for pull requests closed without merge (a PR reopened later no longer counts: GitHub clears closed_at). ' +
        'merge_seconds is merged_at − created_at of the PRs merged that day (drafts included). Days are in the run time zone. ' +
        'Counts come from GraphQL issueCount (30 per request); merged PRs are listed once for the whole range by search, ' +
        'split wherever a window reaches the 1,000-result cap.',
    fillZeros: true,
    async collect(ctx) {
        const { client, scope } = ctx.run;
        const { from, to } = rangeOf(ctx);
        const queries = [];
        for (const w of ctx.windows) {
            const r = searchRange(w.start, w.end, ctx.timeZone);
            queries.push(`is:pr created:${r}`, `is:pr is:unmerged closed:${r}`);
        }
        const counts = await countMany(client, scope, queries);
        ctx.windows.forEach((w, i) => {
            ctx.acc.add(w.date, 'opened', counts[2 * i]);
            ctx.acc.add(w.date, 'closed_unmerged', counts[2 * i + 1]);
        });
        const merged = await searchAll(client, scope, 'is:pr is:merged', 'merged', from, to, ctx.timeZone);
        for (const pr of merged) {
            const mergedAt = ms(pr.pull_request?.merged_at);
            const date = ctx.days.dateOf(mergedAt);
            if (!date)
                continue;
            const seconds = Math.max(0, (mergedAt - ms(pr.created_at)) / 1000);
            ctx.acc.add(date, 'merged', 1);
            ctx.acc.add(date, 'merge_seconds', seconds);
            ctx.acc.addToBuckets(date, MERGE_BUCKETS, seconds);
        }
    },
};

;// CONCATENATED MODULE: ./src/sources/github/releases.ts



const releases_params = schemas/* strictObject */.rej({
    include_prereleases: schemas/* boolean */.zMY().default(true).describe('Count pre-releases too.'),
});
const releases = {
    id: 'github.releases',
    definition: 'Releases published per day (drafts excluded).',
    unit: 'count',
    components: [{ name: 'published', description: 'Non-draft releases published that day', unit: 'count' }],
    derived: [],
    params: releases_params,
    notes: 'A release counts on the day (run time zone) of its publishedAt; drafts never count, pre-releases unless ' +
        'include_prereleases is false. Every release of every repository is read with GraphQL (100 a page, 50 repositories ' +
        "per request): GitHub's createdAt of a release is the date of its tagged commit, not of the release, and releases " +
        'cannot be ordered by publishedAt, so no ordering gives a safe place to stop. The token needs contents: read.',
    fillZeros: true,
    async collect(ctx) {
        const { client, scope } = ctx.run;
        await perRepoGraphql(client, scope.repos, {
            size: 50,
            selection: (after) => `releases(first: 100, after: ${after}, orderBy: {field: CREATED_AT, direction: DESC}) { pageInfo { hasNextPage endCursor } nodes { publishedAt isDraft isPrerelease } }`,
            connection: (r) => r?.releases,
            onNodes: (_repo, nodes) => {
                for (const n of nodes) {
                    if (n.isDraft || (!ctx.params.include_prereleases && n.isPrerelease))
                        continue;
                    const date = ctx.days.dateOf(ms(n.publishedAt));
                    if (date)
                        ctx.acc.add(date, 'published', 1);
                }
            },
            what: 'releases',
            permission: 'contents: read',
        });
    },
};

;// CONCATENATED MODULE: ./src/sources/github/scope.ts

/** GitHub refuses queries longer than 256 characters; the rest of our queries takes at most this many. */
const QUERY_LIMIT = 256;
const RESERVED_FOR_QUALIFIERS = 110;
function globToRegExp(glob) {
    const escaped = glob
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.');
    return new RegExp(`^${escaped}$`, 'i');
}
function chunkQualifiers(qualifiers, budget) {
    const groups = [];
    let current = '';
    for (const q of qualifiers) {
        if (current && current.length + 1 + q.length > budget) {
            groups.push(current);
            current = q;
        }
        else
            current = current ? `${current} ${q}` : q;
    }
    if (current)
        groups.push(current);
    return groups;
}
/**
 * Resolves the scope: `org` (its non-archived, non-fork repositories, narrowed by include/exclude globs),
 * plus `repos`; with neither, GITHUB_REPOSITORY. One listing request per 100 repositories of the org.
 */
async function resolveScope(client, settings, env) {
    const byName = new Map();
    const add = (owner, name) => {
        const fullName = `${owner}/${name}`;
        byName.set(fullName.toLowerCase(), { owner, name, fullName });
    };
    const budget = QUERY_LIMIT - RESERVED_FOR_QUALIFIERS;
    const groups = [];
    let orgCovered = new Set();
    if (settings.org) {
        const org = settings.org;
        const include = settings.include.map(globToRegExp);
        const exclude = settings.exclude.map(globToRegExp);
        const listed = [];
        try {
            await client.paginate(`GET /orgs/{org}/repos`, { org, type: 'all', sort: 'full_name' }, (page) => {
                listed.push(...page);
            });
        }
        catch (e) {
            const status = e.status;
            if (status === 404)
                throw new errors/* UserError */.yo(`github: organisation '${org}' not found or not visible to the token; check sources.github.org`);
            throw e;
        }
        const excludedActive = [];
        for (const r of listed) {
            const wanted = (settings.include_archived || !r.archived) &&
                (settings.include_forks || !r.fork) &&
                include.some((re) => re.test(r.name)) &&
                !exclude.some((re) => re.test(r.name));
            if (wanted)
                add(r.owner.login, r.name);
            else if (!r.archived || settings.include_archived)
                excludedActive.push(r);
        }
        orgCovered = new Set([...byName.keys()]);
        // Cheapest exact qualifier: the whole org minus the few repositories left out, when that fits one query.
        const base = settings.include_archived ? `org:${org}` : `org:${org} archived:false`;
        const minus = excludedActive.map((r) => `-repo:${r.full_name}`);
        const asOrg = [base, ...minus].join(' ');
        if (byName.size === 0) {
            // nothing from the org
        }
        else if (asOrg.length <= budget)
            groups.push(asOrg);
        else
            groups.push(...chunkQualifiers([...byName.values()].map((r) => `repo:${r.fullName}`), budget));
    }
    const extra = [];
    const toCheck = [];
    const explicit = settings.repos.length > 0 || settings.org
        ? settings.repos
        : env.GITHUB_REPOSITORY
            ? [env.GITHUB_REPOSITORY]
            : [];
    for (const full of explicit) {
        const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(full.trim());
        if (!m)
            throw new errors/* UserError */.yo(`github: repos: '${full}' is not owner/name`);
        if (orgCovered.has(full.toLowerCase()))
            continue;
        if (!byName.has(full.toLowerCase())) {
            extra.push(`repo:${m[1]}/${m[2]}`);
            toCheck.push({ owner: m[1], name: m[2], fullName: `${m[1]}/${m[2]}` });
        }
        add(m[1], m[2]);
    }
    await assertVisible(client, toCheck);
    groups.push(...chunkQualifiers(extra, budget));
    if (byName.size === 0) {
        if (!settings.org && explicit.length === 0) {
            throw new errors/* UserError */.yo('github: no repositories to collect; set sources.github.org or repos in the config, or run inside a workflow (GITHUB_REPOSITORY)');
        }
        throw new errors/* UserError */.yo(`github: the scope is empty (org ${settings.org ?? '-'} has no repository matching the filters)`);
    }
    const names = new Set(byName.keys());
    const repos = [...byName.values()].sort((a, b) => a.fullName.localeCompare(b.fullName));
    return {
        repos,
        searchGroups: groups,
        has: (fullName) => names.has(fullName.toLowerCase()),
        describe: `${repos.length} repositor${repos.length === 1 ? 'y' : 'ies'}${settings.org ? ` (org ${settings.org})` : ''}, ${groups.length} search quer${groups.length === 1 ? 'y' : 'ies'} per question`,
    };
}
/** Repositories one visibility check asks about (aliases of one GraphQL query). */
const CHECKED_PER_QUERY = 100;
/**
 * Fails before collecting when a repository named in `repos` (or GITHUB_REPOSITORY) does not exist or is not
 * visible to the token: one GraphQL query per 100 repositories, one message naming every such repository,
 * rather than every KPI failing on it.
 */
async function assertVisible(client, repos) {
    const missing = [];
    for (let i = 0; i < repos.length; i += CHECKED_PER_QUERY) {
        const batch = repos.slice(i, i + CHECKED_PER_QUERY);
        // owner and name match [A-Za-z0-9_.-]+ (checked above), so they are safe inside the string literals.
        const fields = batch
            .map((r, j) => `r${j}: repository(owner: "${r.owner}", name: "${r.name}") { nameWithOwner }`)
            .join('\n');
        const { data, errors } = await client.graphql(`query {\n${fields}\n}`);
        const other = errors.find((e) => e.type !== 'NOT_FOUND');
        if (other)
            throw new Error(`GitHub GraphQL: ${other.message}`);
        batch.forEach((r, j) => {
            if (!data?.[`r${j}`])
                missing.push(r.fullName);
        });
    }
    if (missing.length > 0) {
        const list = missing.map((m) => `'${m}'`).join(', ');
        throw new errors/* UserError */.yo(`github: ${missing.length === 1 ? 'repository' : 'repositories'} ${list} not found or not visible to the token; ` +
            'fix sources.github.repos or give the token access (a fine-grained token or GitHub App installed on them)');
    }
}

;// CONCATENATED MODULE: ./src/sources/github/settings.ts

/** `sources.github` in the config file. */
const githubSettings = schemas/* strictObject */.rej({
    org: schemas/* string */.YjP()
        .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/, 'is not an organisation login')
        .optional()
        .describe('Organisation whose repositories are collected (non-archived, non-fork unless told otherwise).'),
    repos: schemas/* array */.YOg(schemas/* string */.YjP().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'is not owner/name'))
        .default([])
        .describe('Repositories (owner/name) collected besides the org; with neither, the repository the workflow runs in.'),
    include: schemas/* array */.YOg(schemas/* string */.YjP().min(1))
        .default(['*'])
        .describe("Glob patterns of the org's repository names to keep (default all)."),
    exclude: schemas/* array */.YOg(schemas/* string */.YjP().min(1))
        .default([])
        .describe("Glob patterns of the org's repository names to leave out."),
    include_archived: schemas/* boolean */.zMY().default(false).describe('Also collect archived repositories of the org.'),
    include_forks: schemas/* boolean */.zMY().default(false).describe('Also collect forks owned by the org.'),
    concurrency: schemas/* number */.aig()
        .int()
        .min(1)
        .max(10)
        .default(4)
        .describe('Per-repository requests in flight at once (GitHub advises few).'),
    api_url: schemas/* string */.YjP()
        .url()
        .optional()
        .describe('API base URL; default GITHUB_API_URL of the workflow, else https://api.github.com (GHES: https://host/api/v3).'),
    request_timeout_seconds: schemas/* number */.aig()
        .min(1)
        .max(600)
        .optional()
        .describe('Timeout of one HTTP request, answer included, in seconds (default 30); then it is retried like a network error.'),
    budget_check: schemas/* enum */.k5n(['warn', 'fail'])
        .default('warn')
        .describe('When the rate-limit budget left looks too small for the run: warn and go on, or fail before collecting.'),
});

;// CONCATENATED MODULE: ./src/sources/github/index.ts
















const GITHUB_KPIS = [
    pullRequests,
    pullRequestReviews,
    issues,
    workflowRuns,
    releases,
    commits,
    deployments,
    leadTime,
    incidents,
];
/** The fewest requests a run can take, per resource, with the data volume unknown (every list one page). */
function estimateRequests(repos, groups, days) {
    const perRepo = Math.ceil(repos / 50);
    return {
        // workflow runs: one listing per repository
        core: repos,
        // counts (PRs: 2 a day, issues: 1 a day), review candidates, releases, commits
        graphql: Math.ceil((2 * days * groups) / COUNTS_PER_QUERY) +
            Math.ceil((days * groups) / COUNTS_PER_QUERY) +
            groups +
            2 * perRepo,
        // merged PRs and closed issues, listed once for the range
        search: 2 * groups,
    };
}
function describeLimit(name, l) {
    if (!l)
        return `${name} n/a`;
    return `${name} ${l.remaining}/${l.limit} (resets ${new Date(l.reset * 1000).toISOString().slice(11, 16)} UTC)`;
}
/**
 * Builds the source. Production uses `githubSource`; tests and the benchmark pass shorter waits (the
 * secondary-limit floor, request spacing) through `options`.
 */
function createGithubSource(options = {}) {
    const clientOptions = { ...github_options/* DEFAULT_CLIENT_OPTIONS */.Z, ...options };
    return {
        name: 'github',
        description: 'Pull requests, reviews, issues, Actions runs, releases and commits of GitHub repositories (REST and GraphQL).',
        inputs: [
            {
                name: 'github-token',
                description: "Token to read the repositories: the workflow's own token by default; a GitHub App or fine-grained token for organisation-wide scopes.",
                secret: true,
                env: 'GITHUB_TOKEN',
                workflowSecret: 'KPI_GITHUB_TOKEN',
                required: true,
                actionDefault: '${{ github.token }}',
            },
        ],
        settings: githubSettings,
        kpis: GITHUB_KPIS,
        async createRun(ctx) {
            const token = ctx.inputs['github-token'];
            if (!token)
                throw new errors/* UserError */.yo('github-token: is required for source github');
            (0,redact/* registerSecret */.cl)(token);
            const settings = ctx.settings;
            const baseUrl = (settings.api_url ?? ctx.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
            const timeout = settings.request_timeout_seconds;
            // Octokit and the network layer load only when this source runs.
            const { GithubClient } = await Promise.all(/* import() */[__webpack_require__.e(988), __webpack_require__.e(645)]).then(__webpack_require__.bind(__webpack_require__, 51645));
            const client = new GithubClient(token, baseUrl, timeout === undefined ? clientOptions : { ...clientOptions, requestTimeoutMs: timeout * 1000 }, ctx.log, ctx.signal);
            try {
                await client.fetchRateLimits();
            }
            catch (e) {
                const status = e.status;
                if (status === 401)
                    throw new errors/* UserError */.yo('github-token: GitHub refused the token (401 Bad credentials); pass a valid token');
                // GHES with rate limiting disabled answers 404 here: go on without a budget.
                if (status !== 404)
                    throw e;
            }
            const scope = await resolveScope(client, settings, ctx.env);
            ctx.log.info(`github: ${scope.describe}; ${describeLimit('core', client.stats.limits.core)}, ${describeLimit('graphql', client.stats.limits.graphql)}`);
            return { client, scope, settings };
        },
        rangeWarnings(windows, _now, run) {
            const need = estimateRequests(run.scope.repos.length, run.scope.searchGroups.length, windows.length);
            const { core, graphql } = run.client.stats.limits;
            const short = [];
            if (core && core.remaining < need.core)
                short.push(`REST ${need.core} (${core.remaining} left)`);
            if (graphql && graphql.remaining < need.graphql)
                short.push(`GraphQL ${need.graphql} (${graphql.remaining} left)`);
            if (short.length === 0)
                return [];
            const message = `github: this run needs at least ${short.join(', ')} requests for ${run.scope.repos.length} repositories and ` +
                `${windows.length} day(s), more than the rate-limit budget left; it would wait for the reset or fail halfway. ` +
                'Split the range, narrow the scope, or use a GitHub App token';
            if (run.settings.budget_check === 'fail')
                throw new errors/* UserError */.yo(message);
            return [message];
        },
        summaryLines(run) {
            const { requests, retries, errorRetries, limits } = run.client.stats;
            const total = requests.core + requests.search + requests.graphql;
            return [
                `GitHub API: ${total} requests (REST ${requests.core}, search ${requests.search}, GraphQL ${requests.graphql}) for ${run.scope.repos.length} repositories; ${retries} rate-limit wait(s), ${errorRetries} retried error(s)`,
                `GitHub rate limit left: ${describeLimit('core', limits.core)}, ${describeLimit('search', limits.search)}, ${describeLimit('graphql', limits.graphql)}`,
            ];
        },
    };
}
/** The GitHub source with production settings. */
const githubSource = createGithubSource();

;// CONCATENATED MODULE: ./src/sources/http/template.ts

/**
 * Placeholders in a request: `{{day_start}}`, `{{day_end}}`, `{{day}}` (per-day requests),
 * `{{range_start}}`, `{{range_end}}` (per_day: false), each instant with an optional format, and
 * `${NAME}` secrets from `http-secrets`. Values are encoded for where they stand by the caller's encoder.
 */
const DAY_PLACEHOLDERS = ['day_start', 'day_end', 'day'];
const RANGE_PLACEHOLDERS = ['range_start', 'range_end'];
const FORMATS = ['utc', 'local', 'epoch', 'epoch_ms'];
/** `{{ name }}` or `{{ name:format }}`; `${NAME}`. */
const TOKEN_RE = /\{\{\s*([^{}]*?)\s*\}\}|\$\{([^{}]*)\}/g;
const SECRET_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** The placeholders of one template string; throws with a message saying what is wrong and the fix. */
function scanTemplate(text, perDay) {
    const tokens = [];
    const allowed = perDay ? DAY_PLACEHOLDERS : RANGE_PLACEHOLDERS;
    for (const m of text.matchAll(TOKEN_RE)) {
        if (m[2] !== undefined) {
            if (!SECRET_NAME_RE.test(m[2])) {
                throw new Error(`'${m[0]}' is not a secret reference; use \${NAME} with letters, digits and _`);
            }
            tokens.push({ kind: 'secret', name: m[2], text: m[0] });
            continue;
        }
        const [name = '', format, extra] = m[1].split(':').map((s) => s.trim());
        if (extra !== undefined)
            throw new Error(`'${m[0]}' has more than one format`);
        if (![...DAY_PLACEHOLDERS, ...RANGE_PLACEHOLDERS].includes(name)) {
            throw new Error(`'${m[0]}' is not a placeholder; use ${[...allowed].map((p) => `{{${p}}}`).join(', ')}`);
        }
        if (!allowed.includes(name)) {
            const form = perDay ? 'per-day requests' : 'per_day: false requests';
            throw new Error(`'${m[0]}' is not available to ${form}; use ${allowed.map((p) => `{{${p}}}`).join(', ')}`);
        }
        if (format !== undefined) {
            if (name === 'day')
                throw new Error(`'${m[0]}': {{day}} takes no format (it is YYYY-MM-DD)`);
            if (!FORMATS.includes(format)) {
                throw new Error(`'${m[0]}': unknown format '${format}'; use one of ${FORMATS.join(', ')}`);
            }
        }
        tokens.push({ kind: 'time', name, format: format, text: m[0] });
    }
    return tokens;
}
/** Expands every placeholder of a string; `encode` makes each value safe where the string stands. */
function expand(text, v, encode) {
    return text.replace(TOKEN_RE, (whole, time, secret) => {
        if (secret !== undefined) {
            const value = v.secrets.get(secret);
            if (value === undefined)
                throw new Error(`\${${secret}} is not in http-secrets`);
            return encode(value);
        }
        const [name = '', format] = time.split(':').map((s) => s.trim());
        if (name === 'day') {
            if (v.day === undefined)
                throw new Error(`${whole} is not available here`);
            return encode(v.day);
        }
        const ms = v.instants[name];
        if (ms === undefined)
            throw new Error(`${whole} is not available here`);
        return encode(formatInstant(ms, format, v.timeZone));
    });
}
const template_pad = (n, w = 2) => String(n).padStart(w, '0');
/** An instant in one of the placeholder formats (no format: ISO 8601 with the zone's offset). */
function formatInstant(ms, format, timeZone) {
    switch (format) {
        case 'utc':
            return new Date(ms).toISOString().replace('.000Z', 'Z');
        case 'epoch':
            return String(Math.floor(ms / 1000));
        case 'epoch_ms':
            return String(ms);
        case 'local':
            return localIso(ms, timeZone).slice(0, 16).replace('T', ' ');
        default:
            return localIso(ms, timeZone);
    }
}
/** `YYYY-MM-DDTHH:mm:ss+hh:mm`: the wall clock of the instant in the zone and the zone's offset then. */
function localIso(ms, timeZone) {
    const offset = (0,src_dates/* offsetAt */.HA)(ms, timeZone);
    const wall = new Date(ms + offset).toISOString().slice(0, 19);
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset) / 60_000;
    return `${wall}${sign}${template_pad(Math.floor(abs / 60))}:${template_pad(abs % 60)}`;
}
/** Every string in a JSON value (object keys excluded), depth first. */
function jsonStrings(value) {
    if (typeof value === 'string')
        return [value];
    if (Array.isArray(value))
        return value.flatMap(jsonStrings);
    if (value && typeof value === 'object')
        return Object.values(value).flatMap(jsonStrings);
    return [];
}
/** A JSON value with `fn` applied to every string in it (object keys untouched). */
function mapJsonStrings(value, fn) {
    if (typeof value === 'string')
        return fn(value);
    if (Array.isArray(value))
        return value.map((x) => mapJsonStrings(x, fn));
    if (value && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, mapJsonStrings(x, fn)]));
    }
    return value;
}
/** The inside of a JSON string literal for a value (quotes stripped): a placeholder in a JSON text. */
function jsonEscape(value) {
    return JSON.stringify(value).slice(1, -1);
}

;// CONCATENATED MODULE: ./src/sources/http/request.ts

const FORM = 'application/x-www-form-urlencoded';
function headerValue(headers, name) {
    const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
    return key === undefined ? undefined : headers[key];
}
/**
 * Builds the first request of a KPI for one window: placeholders expanded and encoded for where they
 * stand (URL-encoded in the URL and query, JSON-escaped in a JSON body, as they are in headers).
 */
function buildRequest(r, v) {
    const url = new URL(expand(r.url, v, encodeURIComponent));
    for (const [k, raw] of Object.entries(r.query ?? {})) {
        url.searchParams.set(k, typeof raw === 'string' ? expand(raw, v, (s) => s) : String(raw));
    }
    const headers = {};
    for (const [k, raw] of Object.entries(r.headers ?? {})) {
        const value = expand(raw, v, (s) => s);
        if (/[\r\n]/.test(value))
            throw new Error(`header ${k} would hold a line break; check its secret`);
        headers[k] = value;
    }
    if (headerValue(headers, 'accept') === undefined)
        headers.Accept = 'application/json';
    const out = { method: r.method, url, headers };
    if (r.body === undefined || r.body === null)
        return out;
    const type = headerValue(headers, 'content-type');
    if (typeof r.body === 'string') {
        const form = type?.toLowerCase().startsWith(FORM) ?? false;
        out.body = expand(r.body, v, form ? encodeURIComponent : jsonEscape);
        if (type === undefined)
            headers['Content-Type'] = 'application/json';
        return out;
    }
    const body = mapJsonStrings(r.body, (s) => expand(s, v, (x) => x));
    if (body && typeof body === 'object' && !Array.isArray(body))
        out.jsonBody = body;
    out.body = JSON.stringify(body);
    if (type === undefined)
        headers['Content-Type'] = 'application/json';
    return out;
}
/** The request after `next` returned changes: query parameters and JSON body keys merged key by key. */
function applyNext(req, changes) {
    const url = new URL(req.url);
    for (const [k, v] of Object.entries(changes.query ?? {})) {
        if (v === null)
            url.searchParams.delete(k);
        else
            url.searchParams.set(k, String(v));
    }
    if (changes.body === undefined)
        return { ...req, url };
    if (!req.jsonBody) {
        throw new Error('paginate.next returned body changes, but the request has no JSON object body');
    }
    const jsonBody = { ...req.jsonBody };
    for (const [k, v] of Object.entries(changes.body)) {
        if (v === null)
            delete jsonBody[k];
        else
            jsonBody[k] = v;
    }
    return { ...req, url, jsonBody, body: JSON.stringify(jsonBody) };
}
/** Checks the shape of what `next` returned; undefined, null or false stop the paging. */
function readNextChanges(value) {
    if (value === undefined || value === null || value === false)
        return undefined;
    const fail = () => {
        throw new Error(`paginate.next returned ${JSON.stringify(value)?.slice(0, 80)}; return {"query": {...}} and/or {"body": {...}}, or nothing to stop`);
    };
    if (typeof value !== 'object' || Array.isArray(value))
        return fail();
    const { query, body, ...rest } = value;
    if (Object.keys(rest).length > 0)
        return fail();
    const isObj = (x) => !!x && typeof x === 'object' && !Array.isArray(x);
    if (query !== undefined) {
        if (!isObj(query))
            return fail();
        for (const v of Object.values(query)) {
            if (v !== null && !['string', 'number', 'boolean'].includes(typeof v))
                return fail();
        }
    }
    if (body !== undefined && !isObj(body))
        return fail();
    if (query === undefined && body === undefined)
        return undefined;
    return { query: query, body: body };
}
/** Where a request goes, for messages: method, host and path, never the query (it may hold secrets). */
function describeRequest(req) {
    return `${req.method} ${req.url.host}${req.url.pathname}`;
}
/**
 * The rel="next" target of an RFC 8288 Link header (https://www.rfc-editor.org/rfc/rfc8288#section-3),
 * resolved against the response URL, or undefined. `rel` may be quoted and hold several relation types.
 */
function linkNext(header, base) {
    if (!header)
        return undefined;
    const re = /<([^>]*)>((?:\s*;\s*[^;,]*(?:"[^"]*")?[^;,]*)*)/g;
    for (const m of header.matchAll(re)) {
        for (const param of m[2].split(';')) {
            const eq = param.indexOf('=');
            if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'rel')
                continue;
            const rels = param
                .slice(eq + 1)
                .trim()
                .replace(/^"|"$/g, '')
                .toLowerCase()
                .split(/\s+/);
            if (rels.includes('next'))
                return new URL(m[1], base);
        }
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/sources/http/client.ts


/**
 * The most a paged read may gather in all, each page being capped by the network layer: a server that
 * keeps sending pages would otherwise fill the memory and crash the run (issue 14 item 2). Past either,
 * that one KPI fails.
 */
const MAX_ITEMS = 1_000_000;
const MAX_PAGED_BYTES = 256 * 2 ** 20;


/** A response with a status the source does not accept. */
class HttpStatusError extends Error {
    status;
    retryAfterMs;
    name = 'HttpStatusError';
    constructor(message, status, retryAfterMs) {
        super(message);
        this.status = status;
        this.retryAfterMs = retryAfterMs;
    }
}
const RETRY_NET = new Set(['timeout', 'connect_timeout', 'network', 'refused', 'dns']);
/** 429 and 503 wait as long as Retry-After asks; other 5xx (not 501) and network failures back off. */
function retryVerdict(e) {
    if (e instanceof HttpStatusError) {
        if ((e.status === 429 || e.status === 503) && e.retryAfterMs !== undefined) {
            return { afterMs: e.retryAfterMs };
        }
        return e.status === 429 || (e.status >= 500 && e.status !== 501);
    }
    return e instanceof http/* NetError */.Ay && RETRY_NET.has(e.code);
}
const JSON_TYPE_RE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
/** Sends one request through src/net/http.ts with the run's deadlines, cap, spacing and retries. */
async function send(run, req, signal, label) {
    const s = run.settings;
    const what = `${describeRequest(req)}${label ? ` for ${label}` : ''}`;
    return (0,retry/* retry */.L5)(async () => {
        await run.spacing.wait(req.url.host, signal);
        run.stats.requests++;
        const response = await (0,http/* httpRequest */.aj)({
            method: req.method,
            url: req.url,
            headers: req.headers,
            body: req.body,
            connectTimeoutMs: Math.round(s.connect_timeout_seconds * 1000),
            timeoutMs: Math.round(s.request_timeout_seconds * 1000),
            maxBytes: Math.round(s.max_response_mb * 1024 * 1024),
            redirect: 'same-origin',
            signal,
        });
        if (response.status < 200 || response.status > 299) {
            throw new HttpStatusError(`HTTP ${response.status}: ${(0,http/* excerpt */.Kb)(response.text(), 200) || '(empty body)'}`, response.status, (0,retry/* parseRetryAfter */.mu)(response.headers['retry-after']));
        }
        const type = response.headers['content-type'];
        if (type !== undefined && !JSON_TYPE_RE.test(type)) {
            throw new Error(`expected a JSON response, got content type '${(0,http/* excerpt */.Kb)(type, 60)}': ${(0,http/* excerpt */.Kb)(response.text(), 120)}`);
        }
        return { json: response.json(), response };
    }, {
        attempts: s.retries + 1,
        baseMs: run.retryBaseMs ?? 1000,
        maxMs: 30_000,
        retryable: retryVerdict,
        label: what,
        onRetry: (m) => {
            run.stats.retries++;
            run.log.info(m);
        },
        sleep: run.sleep,
        signal,
    }).catch((e) => {
        // One line: what was asked, then why it failed (the retry helper already says how often it tried).
        const msg = (0,errors/* errorMessage */.gJ)(e);
        throw new Error(msg.startsWith(what) ? msg : `${what}: ${msg}`, { cause: e });
    });
}
/** Items of one page as a list: an array as is, nothing as none, a single value as one item. */
function asItems(value) {
    if (value === undefined || value === null)
        return [];
    return Array.isArray(value) ? value : [value];
}
/**
 * The document the KPI's expressions read: the response itself, or with paging {"items": [...]} of every
 * page. Paging stops when `next` returns nothing or no Link rel="next" is left; a repeated request or
 * more than max_pages pages fails the read (never a silent truncation), as does a Link to another origin.
 */
async function fetchDocument(o) {
    const { run, kpi, signal, label } = o;
    const paginate = kpi.paginate;
    if (!paginate)
        return (await send(run, o.first, signal, label)).json;
    const maxPages = paginate.max_pages ?? run.settings.max_pages;
    const guard = new http/* PageGuard */.f8({ label: `${describeRequest(o.first)} for ${label}`, maxPages });
    const items = [];
    let bytes = 0;
    const origin = o.first.url.origin;
    let req = o.first;
    while (req) {
        try {
            guard.next(paginate.link ? req.url.href : `${req.url.href} ${req.body ?? ''}`);
        }
        catch (e) {
            throw new Error(`${(0,errors/* errorMessage */.gJ)(e)}; max_pages is ${maxPages}`, { cause: e });
        }
        run.stats.pages++;
        const { json, response } = await send(run, req, signal, `${label}, page ${guard.pages}`);
        for (const item of asItems(await o.extract.items.evaluate(json, o.timeZone)))
            items.push(item);
        bytes += response.body.length;
        if (items.length > MAX_ITEMS || bytes > MAX_PAGED_BYTES) {
            throw new Error(`the pages hold more than ${items.length > MAX_ITEMS ? `${MAX_ITEMS} items` : `${MAX_PAGED_BYTES / 2 ** 20} MiB`} in all (page ${guard.pages}); narrow the request`);
        }
        if (paginate.link) {
            const next = linkNext(response.headers.link, response.url);
            if (next && next.origin !== origin) {
                throw new Error(`Link rel="next" of page ${guard.pages} points to another origin (${next.host}); it is not followed`);
            }
            req = next ? { ...req, url: next } : undefined;
        }
        else {
            const changes = readNextChanges(await o.extract.next.evaluate(json, o.timeZone));
            req = changes ? applyNext(req, changes) : undefined;
        }
    }
    return { items };
}

;// CONCATENATED MODULE: ./src/sources/http/extract.ts

const LIMITS = {
    timeoutMs: 2000,
    stack: 500,
    sequence: 1_000_000,
    maxResultChars: 8 * 1024 * 1024,
};
/** A JSONata error as one line: its code, message and position in the expression. */
function jsonataMessage(e) {
    const err = e;
    if (err && typeof err === 'object' && typeof err.code === 'string') {
        const at = typeof err.position === 'number' ? ` at character ${err.position}` : '';
        return `${err.message ?? 'error'} (JSONata ${err.code}${at})`;
    }
    return e instanceof Error ? e.message : String(e);
}
// The library loads only when an HTTP KPI runs: start-up stays fast for the other sources.
let library;
const load = () => (library ??= __webpack_require__.e(/* import() */ 132).then(__webpack_require__.t.bind(__webpack_require__, 79132, 23)).then((m) => m.default));
/** Compiles an expression; throws with the JSONata syntax error (the caller names the config key). */
async function compile(source, limits = LIMITS) {
    const parse = await load();
    let expr;
    try {
        expr = parse(source, {
            timeout: limits.timeoutMs,
            stack: limits.stack,
            sequence: limits.sequence,
        });
    }
    catch (e) {
        throw new Error(`not a JSONata expression: ${jsonataMessage(e)}`, { cause: e });
    }
    return {
        source,
        async evaluate(input, timeZone) {
            let result;
            try {
                result = await expr.evaluate(input, { day: dayFunction(timeZone) });
            }
            catch (e) {
                throw new Error(`JSONata '${clip(source)}' failed: ${jsonataMessage(e)}`, { cause: e });
            }
            const size = jsonSize(result);
            if (size > limits.maxResultChars) {
                throw new Error(`JSONata '${clip(source)}' returned ${size} characters of JSON, more than ${limits.maxResultChars}`);
            }
            return plain(result);
        },
    };
}
function clip(s, max = 60) {
    const one = s.replace(/\s+/g, ' ').trim();
    return one.length > max ? `${one.slice(0, max)}…` : one;
}
function jsonSize(v) {
    if (v === undefined)
        return 0;
    try {
        return JSON.stringify(v)?.length ?? 0;
    }
    catch {
        return Number.POSITIVE_INFINITY;
    }
}
/** JSONata results can be its internal sequences (arrays with extra flags): return plain JSON values. */
function plain(v) {
    if (v === undefined)
        return undefined;
    if (typeof v === 'function')
        return v;
    return JSON.parse(JSON.stringify(v));
}
const DIGITS_RE = /^\d+$/;
/**
 * `$day(t)`: the run's day (YYYY-MM-DD in its time zone) of an instant: an ISO 8601 string with an offset
 * or Z (`2026-03-29T10:15:30.000+0200`, Jira's form, included), or epoch milliseconds as a number.
 * Anything else is an error, so a wrong field never lands on a wrong day silently.
 */
function dayFunction(timeZone) {
    return (t) => {
        if (t === undefined || t === null)
            return undefined;
        let ms;
        if (typeof t === 'number')
            ms = t;
        else if (typeof t === 'string' && DIGITS_RE.test(t))
            ms = Number(t);
        else if (typeof t === 'string' && /(?:Z|[+-]\d{2}:?\d{2})$/.test(t))
            ms = Date.parse(t);
        else {
            throw new Error(`$day(${JSON.stringify(t)?.slice(0, 40)}): use an ISO 8601 time with an offset or Z, or epoch milliseconds`);
        }
        if (!Number.isFinite(ms))
            throw new Error(`$day(${JSON.stringify(t)?.slice(0, 40)}): not a time`);
        return (0,src_dates/* dateIn */.m7)(ms, timeZone);
    };
}

;// CONCATENATED MODULE: ./src/sources/http/collect.ts








/**
 * Compiles every expression of a KPI; a syntax error is a UserError naming the config key, so a run with
 * a broken expression fails before it collects anything.
 */
async function compileKpi(config) {
    const one = async (src, key) => {
        try {
            return await compile(src);
        }
        catch (e) {
            throw new errors/* UserError */.yo(`config: sources.http.kpis.${config.id}.${key}: ${e.message}`);
        }
    };
    const values = [];
    for (const [name, src] of Object.entries(config.values ?? {}))
        values.push([name, await one(src, `values.${name}`)]);
    return {
        config,
        values,
        rows: config.rows == null ? undefined : await one(config.rows, 'rows'),
        items: config.paginate ? await one(config.paginate.items, 'paginate.items') : undefined,
        next: config.paginate?.next === undefined ? undefined : await one(config.paginate.next, 'paginate.next'),
    };
}
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
/** A JSONata result as a figure: a finite number, or null for null/nothing; anything else throws. */
function toFigure(value, what) {
    if (value === undefined || value === null)
        return null;
    if (typeof value === 'number' && Number.isFinite(value))
        return value;
    const shown = JSON.stringify(value)?.slice(0, 60) ?? String(value);
    const hint = typeof value === 'string' ? '; convert it with $number(...)' : '';
    throw new Error(`${what} is ${shown}, not a finite number${hint}`);
}
/**
 * Collects one HTTP KPI: one request (with its pages) per day, `concurrency` days at a time, or one for
 * the whole range. A null or missing figure stores no row and logs one warning per component.
 */
async function collectHttpKpi(kpi, c) {
    const cfg = kpi.config;
    const nulls = new Map();
    const seen = new Set();
    const noteNull = (what, date) => {
        let list = nulls.get(what);
        if (!list)
            nulls.set(what, (list = []));
        list.push(date);
    };
    const add = (date, component, value) => {
        c.add(date, component, value);
        seen.add(component);
    };
    const fetch = (values, label) => fetchDocument({
        run: c.run,
        kpi: cfg,
        first: buildRequest(cfg.request, values),
        extract: { items: kpi.items, next: kpi.next },
        timeZone: c.timeZone,
        signal: c.signal,
        label,
    });
    if (cfg.per_day) {
        let done = 0;
        await (0,concurrency/* mapLimit */.s)(c.windows, c.run.settings.concurrency, async (w) => {
            const doc = await fetch({
                instants: { day_start: w.start, day_end: w.end },
                day: w.date,
                timeZone: c.timeZone,
                secrets: c.run.secrets,
            }, w.date);
            for (const [component, expr] of kpi.values) {
                const figure = toFigure(await expr.evaluate(doc, c.timeZone), `component '${component}' on ${w.date}`);
                if (figure === null)
                    noteNull(`component '${component}'`, w.date);
                else
                    add(w.date, component, figure);
            }
            c.progress?.(++done, c.windows.length, 'days');
        }, c.signal);
    }
    else {
        const first = c.windows[0];
        const last = c.windows[c.windows.length - 1];
        const label = first.date === last.date ? first.date : `${first.date}..${last.date}`;
        const doc = await fetch({
            instants: { range_start: first.start, range_end: last.end },
            timeZone: c.timeZone,
            secrets: c.run.secrets,
        }, label);
        const dates = new Set(c.windows.map((w) => w.date));
        const returned = new Set();
        for (const row of readRows(await kpi.rows.evaluate(doc, c.timeZone), dates, label)) {
            returned.add(row.day);
            if (row.value === null)
                noteNull(`variable '${row.variable}'`, row.day);
            else
                add(row.day, row.variable, row.value);
        }
        const empty = c.windows.filter((w) => !returned.has(w.date)).map((w) => w.date);
        if (empty.length > 0)
            c.log.warning(`http.${cfg.id}: rows returned nothing for ${(0,src_dates/* describeDates */.hO)(empty)}`);
    }
    for (const [what, dates] of nulls) {
        c.log.warning(`http.${cfg.id}: ${what} is null on ${(0,src_dates/* describeDates */.hO)(dates)}: not stored (null is no value, not zero)`);
    }
    for (const [name, entry] of Object.entries(cfg.derived ?? {})) {
        const { numerator, denominator } = parseFormula(typeof entry === 'string' ? entry : entry.formula);
        const missing = [...numerator, ...denominator].filter((x) => !seen.has(x));
        if (missing.length > 0 && seen.size > 0) {
            c.log.warning(`http.${cfg.id}: derived '${name}' uses ${missing.map((m) => `'${m}'`).join(', ')}, which no value returned`);
        }
    }
}
/** Checks the `rows` result: a list of {day, variable, value} with days of the range. */
function readRows(value, dates, label) {
    if (value === undefined || value === null)
        return [];
    const list = Array.isArray(value) ? value : [value];
    return list.map((row, i) => {
        if (!row || typeof row !== 'object' || Array.isArray(row)) {
            throw new Error(`rows[${i}] is ${JSON.stringify(row)?.slice(0, 60)}; each row is {day, variable, value}`);
        }
        const { day, variable, value: v, ...rest } = row;
        const extra = Object.keys(rest)[0];
        if (extra !== undefined)
            throw new Error(`rows[${i}] has key '${extra}'; a row has only day, variable, value`);
        if (typeof day !== 'string' || !DAY_RE.test(day)) {
            throw new Error(`rows[${i}].day is ${JSON.stringify(day)?.slice(0, 40)}; use YYYY-MM-DD (e.g. $day(created))`);
        }
        if (!dates.has(day))
            throw new Error(`rows[${i}].day ${day} is outside the requested range ${label}`);
        if (typeof variable !== 'string' || !src_kpi/* COMPONENT_RE */.a0.test(variable)) {
            throw new Error(`rows[${i}].variable is ${JSON.stringify(variable)?.slice(0, 64)}, not a component name (lowercase letters, digits, _)`);
        }
        return { day, variable, value: toFigure(v, `variable '${variable}' on ${day}`) };
    });
}

;// CONCATENATED MODULE: ./src/sources/http/config.ts





/** Default and largest number of pages one paginated read may take. */
const DEFAULT_MAX_PAGES = 1000;
const MAX_MAX_PAGES = 100_000;
// JSONata syntax is checked when the run starts (the library loads only then): see compileKpi in collect.ts.
const jsonata = (what) => schemas/* string */.YjP().min(1).describe(what);
const jsonValue = schemas/* lazy */.RZV(() => schemas/* union */.KCZ([
    schemas/* string */.YjP(),
    schemas/* number */.aig(),
    schemas/* boolean */.zMY(),
    schemas/* null */.chJ(),
    schemas/* array */.YOg(jsonValue),
    schemas/* record */.g1P(schemas/* string */.YjP(), jsonValue),
]));
const HEADER_NAME_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const requestSchema = schemas/* strictObject */.rej({
    method: schemas/* enum */.k5n(['GET', 'POST']).default('GET').describe('GET (default) or POST.'),
    url: schemas/* string */.YjP()
        .min(1)
        .describe('https URL (http only on loopback); placeholders are URL-encoded where they stand.'),
    query: schemas/* record */.g1P(schemas/* string */.YjP().min(1), schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* number */.aig(), schemas/* boolean */.zMY()]))
        .optional()
        .describe('Query parameters, added to the URL (values URL-encoded, placeholders included).'),
    headers: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* string */.YjP())
        .optional()
        .describe('Request headers, e.g. Authorization: "Bearer ${TOKEN}".'),
    body: jsonValue
        .optional()
        .describe('For POST: a JSON object (sent as application/json, placeholders JSON-escaped) or a string (see README).'),
});
const paginateSchema = schemas/* strictObject */.rej({
    items: jsonata('JSONata: the items of one page, e.g. issues.'),
    next: jsonata('JSONata over a page: changes merged into the next request ({"query": {...}, "body": {...}}), or nothing to stop.').optional(),
    link: schemas/* boolean */.zMY()
        .optional()
        .describe('true: follow the RFC 8288 Link header rel="next" (same origin only).'),
    max_pages: schemas/* int */.Whr()
        .min(1)
        .max(MAX_MAX_PAGES)
        .optional()
        .describe(`Pages one read may take before it fails (default: the source's max_pages).`),
})
    .superRefine((p, ctx) => {
    if ((p.next !== undefined) === (p.link === true)) {
        ctx.addIssue({
            code: 'custom',
            message: 'give exactly one of next (a JSONata expression) or link: true',
        });
    }
});
const config_derivedEntry = schemas/* union */.KCZ([
    schemas/* string */.YjP().describe('A formula: a sum of components over a sum of components, e.g. resolved / opened.'),
    schemas/* strictObject */.rej({
        formula: schemas/* string */.YjP().describe('A sum of components over a sum of components, e.g. (a + b) / c.'),
        unit: schemas/* string */.YjP().min(1).optional().describe('Unit of the figure (default: the KPI unit).'),
        description: schemas/* string */.YjP().min(1).optional().describe('What the figure means.'),
    }),
]);
/** One KPI defined in the config by its HTTP request and how to read the figures. */
const httpKpiSchema = schemas/* strictObject */.rej({
    id: schemas/* string */.YjP()
        .regex(SQL_KPI_ID_RE, 'must match ^[a-z][a-z0-9_]*$ (lowercase letters, digits, _), e.g. jira_bugs')
        .max(63)
        .describe('Short name; the KPI id becomes http.<id>.'),
    description: schemas/* string */.YjP().min(1).describe('One-line definition shown in the catalog.'),
    unit: schemas/* string */.YjP().min(1).describe('Unit of the headline figure, e.g. count.'),
    per_day: schemas/* boolean */.zMY()
        .default(true)
        .describe('true: one request per day; false: one request (with paging) for the whole range.'),
    request: requestSchema,
    paginate: paginateSchema.optional(),
    values: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* string */.YjP())
        .nullish()
        .describe('per_day: component -> JSONata over the response (with paging: over {"items": [...all items]}).'),
    rows: schemas/* string */.YjP()
        .nullish()
        .describe('per_day: false: JSONata returning [{day, variable, value}] (with paging: over {"items": [...]}).'),
    derived: schemas/* record */.g1P(schemas/* string */.YjP(), config_derivedEntry)
        .nullish()
        .describe('Ratios computed from stored components, e.g. resolved_share: resolved / opened.'),
    enabled: schemas/* boolean */.zMY()
        .default(true)
        .describe('Collect this KPI when the run does not name KPIs (default true).'),
})
    .superRefine((kpi, ctx) => {
    const issue = (path, message) => ctx.addIssue({ code: 'custom', path, message });
    checkTemplates(kpi, issue);
    if (kpi.per_day) {
        if (!kpi.values || Object.keys(kpi.values).length === 0)
            issue(['values'], 'a per-day KPI needs values: {component: JSONata}');
        if (kpi.rows != null)
            issue(['rows'], 'rows is for per_day: false; per-day KPIs use values');
    }
    else {
        if (kpi.rows == null)
            issue(['rows'], 'a per_day: false KPI needs rows: JSONata -> [{day, variable, value}]');
        if (kpi.values != null)
            issue(['values'], 'values is for per-day KPIs; per_day: false KPIs use rows');
    }
    for (const [name, expr] of Object.entries(kpi.values ?? {})) {
        if (!src_kpi/* COMPONENT_RE */.a0.test(name)) {
            issue(['values', name], 'must be a component name (lowercase letters, digits, _), e.g. opened');
            continue;
        }
        if (!expr.trim())
            issue(['values', name], 'an empty expression; write JSONata, e.g. $count(items)');
    }
    for (const name of Object.keys(kpi.request.headers ?? {})) {
        if (!HEADER_NAME_RE.test(name))
            issue(['request', 'headers', name], 'must be an HTTP header name');
    }
    if (kpi.request.body != null && kpi.request.method !== 'POST') {
        issue(['request', 'body'], 'a body is sent with POST only; set method: POST or remove the body');
    }
    for (const [name, entry] of Object.entries(kpi.derived ?? {})) {
        if (!src_kpi/* COMPONENT_RE */.a0.test(name)) {
            issue(['derived', name], 'must be a lowercase name, e.g. resolved_share');
            continue;
        }
        try {
            parseFormula(typeof entry === 'string' ? entry : entry.formula);
        }
        catch (e) {
            issue(['derived', name], e.message);
        }
    }
});
/** Placeholders known to the KPI's form, and a URL that is https (http on loopback only). */
function checkTemplates(kpi, issue) {
    const check = (path, text) => {
        try {
            scanTemplate(text, kpi.per_day);
        }
        catch (e) {
            issue(path, e.message);
        }
    };
    const r = kpi.request;
    check(['request', 'url'], r.url);
    for (const [k, v] of Object.entries(r.query ?? {}))
        if (typeof v === 'string')
            check(['request', 'query', k], v);
    for (const [k, v] of Object.entries(r.headers ?? {})) {
        check(['request', 'headers', k], v);
        if (/[\r\n]/.test(v))
            issue(['request', 'headers', k], 'a header value cannot hold a line break');
    }
    for (const s of jsonStrings(r.body))
        check(['request', 'body'], s);
    // The URL with every placeholder replaced by a harmless value must be a usable URL.
    let url;
    try {
        url = new URL(r.url.replace(/\{\{[^{}]*\}\}|\$\{[^{}]*\}/g, 'x'));
    }
    catch {
        issue(['request', 'url'], `'${r.url}' is not a URL; use https://host/path`);
        return;
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && (0,http/* isLoopbackUrl */.tE)(url))) {
        issue(['request', 'url'], `'${url.protocol}' URLs are not allowed; use https:// (http:// only on loopback)`);
    }
    if (url.username || url.password) {
        issue(['request', 'url'], 'credentials in the URL are not allowed; use a header with ${NAME} from http-secrets');
    }
    if (/\{\{|\$\{/.test(/^[^:/?#]*:?\/*[^/?#]*/.exec(r.url)?.[0] ?? '')) {
        issue(['request', 'url'], 'the scheme and host cannot hold placeholders');
    }
}
/** The settings block `sources.http`. */
const httpSettingsSchema = schemas/* strictObject */.rej({
    kpis: schemas/* array */.YOg(httpKpiSchema)
        .default([])
        .superRefine(uniqueIds)
        .describe('KPIs defined by an HTTP request and JSONata expressions.'),
    concurrency: schemas/* int */.Whr().min(1).max(32).default(4).describe('Requests in flight at once (days of one KPI).'),
    connect_timeout_seconds: schemas/* number */.aig()
        .positive()
        .max(300)
        .default(10)
        .describe('Deadline for connecting (TCP, TLS, proxy), in seconds.'),
    request_timeout_seconds: schemas/* number */.aig()
        .positive()
        .max(3600)
        .default(60)
        .describe('Deadline for one whole request, body included, in seconds.'),
    max_response_mb: schemas/* number */.aig()
        .positive()
        .max(512)
        .default(32)
        .describe('Largest response body, in MiB; a larger one fails the KPI.'),
    max_pages: schemas/* int */.Whr()
        .min(1)
        .max(MAX_MAX_PAGES)
        .default(DEFAULT_MAX_PAGES)
        .describe('Pages one paginated read may take before it fails (never a silent truncation).'),
    request_spacing_ms: schemas/* int */.Whr()
        .min(0)
        .max(600_000)
        .default(0)
        .describe('Least time between two requests to the same host, in ms (for APIs with strict limits).'),
    retries: schemas/* int */.Whr()
        .min(0)
        .max(10)
        .default(3)
        .describe('Retries of a request after 429, 5xx or a network error (Retry-After honoured).'),
});

;// CONCATENATED MODULE: ./src/sources/http/secrets.ts



const SECRETS_INPUT = 'http-secrets';
/**
 * Parses `http-secrets`: one `NAME=value` per line (blank lines and lines starting with # skipped). Each
 * value is registered for redaction the moment it is read, before a bad line can fail and print it (the
 * action's input layer has masked them for the runner already, through the input's secretParts).
 */
function parseSecrets(text) {
    const out = new Map();
    const lines = (text ?? '').split(/\r?\n/);
    // Mask every value first: a later line's error must not print an earlier value, nor its own.
    for (const line of lines) {
        const eq = line.indexOf('=');
        if (eq > 0)
            (0,redact/* registerSecret */.cl)(line.slice(eq + 1).trim());
    }
    lines.forEach((raw, i) => {
        const line = raw.trim();
        if (!line || line.startsWith('#'))
            return;
        const eq = line.indexOf('=');
        const name = eq > 0 ? line.slice(0, eq).trim() : '';
        if (!SECRET_NAME_RE.test(name)) {
            throw new errors/* UserError */.yo(`${SECRETS_INPUT}: line ${i + 1} is not NAME=value; write one secret per line, e.g. JIRA_TOKEN=…`);
        }
        if (out.has(name))
            throw new errors/* UserError */.yo(`${SECRETS_INPUT}: ${name} is given twice; keep one line`);
        const value = line.slice(eq + 1).trim();
        if (!value)
            throw new errors/* UserError */.yo(`${SECRETS_INPUT}: ${name} has an empty value; give its value after =`);
        out.set(name, value);
    });
    return out;
}
/** Every `${NAME}` of a KPI's request, with where it stands (for messages). */
function secretRefs(kpi) {
    const r = kpi.request;
    const places = [
        ['request.url', r.url],
        ...Object.entries(r.query ?? {}).map(([k, v]) => [`request.query.${k}`, String(v)]),
        ...Object.entries(r.headers ?? {}).map(([k, v]) => [`request.headers.${k}`, v]),
        ...jsonStrings(r.body).map((s) => ['request.body', s]),
    ];
    const refs = [];
    for (const [where, text] of places) {
        for (const t of scanTemplate(text, kpi.per_day))
            if (t.kind === 'secret')
                refs.push({ name: t.name, where });
    }
    return refs;
}
/**
 * The secrets the KPIs may use: those given in `http-secrets`, and, when `fromEnv` is set (the CLI), for
 * a name used in the config but not given there, the environment variable of the same name. A name that
 * is found nowhere is a config error naming the KPI, the key and the fix.
 */
function resolveSecrets(o) {
    const out = new Map(o.given);
    for (const kpi of o.kpis) {
        for (const ref of secretRefs(kpi)) {
            if (out.has(ref.name))
                continue;
            const value = o.fromEnv ? o.env[ref.name]?.trim() : undefined;
            if (value) {
                (0,redact/* registerSecret */.cl)(value);
                out.set(ref.name, value);
                continue;
            }
            throw new errors/* UserError */.yo(`config: sources.http.kpis.${kpi.id}.${ref.where}: \${${ref.name}} is not in ${SECRETS_INPUT}; ` +
                (o.fromEnv
                    ? `set the environment variable ${ref.name} (or a line ${ref.name}=… in HTTP_SECRETS)`
                    : `add a line ${ref.name}=\${{ secrets.${ref.name} }} to the ${SECRETS_INPUT} input`));
        }
    }
    return out;
}

;// CONCATENATED MODULE: ./src/sources/http/spacing.ts

/**
 * Keeps at least `spacingMs` between the starts of two requests to the same host, across every KPI and
 * day of the run: each request reserves the next free slot of its host, then waits for it.
 */
class HostSpacing {
    spacingMs;
    now;
    sleep;
    next = new Map();
    constructor(spacingMs, now = Date.now, sleep = retry/* sleep */.yy) {
        this.spacingMs = spacingMs;
        this.now = now;
        this.sleep = sleep;
    }
    async wait(host, signal) {
        if (this.spacingMs <= 0)
            return;
        const now = this.now();
        const slot = Math.max(now, this.next.get(host) ?? 0);
        this.next.set(host, slot + this.spacingMs);
        if (slot > now)
            await this.sleep(slot - now, signal);
    }
}

;// CONCATENATED MODULE: ./src/sources/http/index.ts






/** HTTP KPIs have no params of their own: everything is in their config entry. */
const http_noParams = schemas/* strictObject */.rej({});
/**
 * The values of `NAME=value` lines, for masking before anything is parsed (never throws). A line without
 * `=` is masked whole: it may be a value pasted without its name.
 */
function secretValues(text) {
    return text
        .split(/\r?\n/)
        .map((line) => line.slice(line.indexOf('=') + 1).trim())
        .filter((v, i, all) => v.length > 0 && all.indexOf(v) === i);
}
/** The KPI definition of one configured request: id `http.<id>`. */
function httpKpiDefinition(kpi) {
    const id = `http.${kpi.id}`;
    const components = Object.entries(kpi.values ?? {}).map(([name, expr]) => ({
        name,
        description: `JSONata ${expr.length > 80 ? `${expr.slice(0, 79)}…` : expr}`,
        unit: kpi.unit,
    }));
    return {
        id,
        definition: kpi.description,
        unit: kpi.unit,
        components,
        // toDerived reads only `derived` and `unit`, which HTTP KPIs declare exactly as SQL KPIs do.
        derived: toDerived({ ...kpi, derived: kpi.derived ?? undefined }),
        params: http_noParams,
        notes: `Defined in the config file by an HTTP request (${kpi.per_day ? 'one request per day' : 'one request for the range'}` +
            `${kpi.paginate ? ', paged' : ''}); figures read with JSONata. Null is no row, not zero.`,
        fillZeros: false,
        collect: async (ctx) => collectHttpKpi(ctx.run.compiled.get(kpi.id) ?? (await compileKpi(kpi)), {
            run: ctx.run,
            windows: ctx.windows,
            timeZone: ctx.timeZone,
            add: (date, component, value) => ctx.acc.add(date, component, value),
            log: ctx.log,
            signal: ctx.signal,
            progress: ctx.progress,
        }),
    };
}
/**
 * HTTP: KPIs defined in the config file by a request to a JSON API and JSONata expressions that read the
 * figures (see README.md in this folder).
 */
const httpSource = {
    name: 'http',
    description: 'KPIs read from any JSON API (Jira, Prometheus, an internal service), defined in the config file.',
    inputs: [
        {
            name: SECRETS_INPUT,
            description: 'Secrets the config refers to as ${NAME}: one NAME=value per line, each value masked. ' +
                'The CLI also reads ${NAME} from the environment variable NAME.',
            secret: true,
            env: 'HTTP_SECRETS',
            multiline: true,
            secretParts: secretValues,
        },
    ],
    settings: httpSettingsSchema,
    kpis: [],
    configKpis: (settings) => settings.kpis.filter((k) => k.enabled).map((k) => httpKpiDefinition(k)),
    async createRun(init) {
        // The input layer has masked every value already (secretParts); parsing registers them again.
        const given = parseSecrets(init.inputs[SECRETS_INPUT]);
        const enabled = init.settings.kpis.filter((k) => k.enabled);
        const secrets = resolveSecrets({
            given,
            kpis: enabled,
            env: init.env,
            // Only the CLI may read `${NAME}` from the environment variable NAME; the action reads http-secrets.
            fromEnv: init.mode === 'cli',
        });
        // A JSONata syntax error is a config error before anything is collected (the library loads here).
        const compiled = new Map();
        for (const k of enabled)
            compiled.set(k.id, await compileKpi(k));
        return {
            compiled,
            settings: init.settings,
            secrets,
            spacing: new HostSpacing(init.settings.request_spacing_ms),
            stats: { requests: 0, retries: 0, pages: 0 },
            log: init.log,
        };
    },
    summaryLines: (run) => [
        `HTTP requests: ${run.stats.requests} (${run.stats.pages} page(s) of paged reads, ${run.stats.retries} retried)`,
    ],
};

// EXTERNAL MODULE: ./src/sources/oracle/dialect.ts
var dialect = __webpack_require__(99535);
;// CONCATENATED MODULE: ./src/sources/oracle/index.ts


/**
 * Oracle: KPIs defined in the config file as SQL queries (see src/sources/sql/README.md), run with
 * node-oracledb in Thin mode (no Instant Client) on one pool per run.
 */
const oracleSource = sqlSource({
    name: 'oracle',
    description: 'KPIs computed by SQL queries on an Oracle database (node-oracledb Thin mode), defined in the config file.',
    dialect: dialect/* oracleDialect */.n,
    inputs: [
        { name: 'oracle-user', description: 'Database user.', secret: true, env: 'ORACLE_USER', required: true },
        {
            name: 'oracle-password',
            description: "The user's password.",
            secret: true,
            env: 'ORACLE_PASSWORD',
            required: true,
        },
        {
            name: 'oracle-connect-string',
            description: 'Easy Connect string or TNS descriptor (host:port/service).',
            secret: true,
            env: 'ORACLE_CONNECT_STRING',
            required: true,
            multiline: true,
        },
    ],
    // The driver (and its library) loads only when this source runs: start-up stays fast for the others.
    connect: async ({ inputs, settings }) => (await Promise.all(/* import() */[__webpack_require__.e(364), __webpack_require__.e(27)]).then(__webpack_require__.bind(__webpack_require__, 44027))).createOracleDriver({
        user: inputs['oracle-user'] ?? '',
        password: inputs['oracle-password'] ?? '',
        connectString: inputs['oracle-connect-string'] ?? '',
        poolSize: settings.concurrency,
        connectTimeoutSeconds: settings.connect_timeout_seconds,
    }),
});

// EXTERNAL MODULE: ./src/sources/postgres/dialect.ts
var postgres_dialect = __webpack_require__(20750);
;// CONCATENATED MODULE: ./src/sources/postgres/index.ts


/**
 * PostgreSQL: KPIs defined in the config file as SQL queries (see src/sources/sql/README.md), run with
 * `pg` on one pool per run, from the `postgres-url` secret.
 */
const postgresSource = sqlSource({
    name: 'postgres',
    description: 'KPIs computed by SQL queries on a PostgreSQL database (postgres-url), defined in the config file.',
    dialect: postgres_dialect/* postgresDialect */.S,
    inputs: [
        {
            name: 'postgres-url',
            description: 'Connection URL, postgres://user:password@host:5432/db (sslmode in the query string).',
            secret: true,
            env: 'POSTGRES_URL',
            required: true,
        },
    ],
    // The driver (and its library) loads only when this source runs: start-up stays fast for the others.
    connect: async ({ inputs, settings }) => (await Promise.all(/* import() */[__webpack_require__.e(849), __webpack_require__.e(412)]).then(__webpack_require__.bind(__webpack_require__, 4412))).createPostgresDriver({
        url: inputs['postgres-url'] ?? '',
        poolSize: settings.concurrency,
        connectTimeoutMs: Math.round(settings.connect_timeout_seconds * 1000),
    }),
});

// EXTERNAL MODULE: ./src/sources/trino/dialect.ts
var trino_dialect = __webpack_require__(44045);
;// CONCATENATED MODULE: ./src/sources/trino/server-url.ts


/**
 * Parses trino-server: an https URL (http only on loopback), without credentials, query or fragment; a
 * path is kept as the base under which /v1/statement lives (a gateway's prefix).
 */
function parseServerUrl(value, input = 'trino-server') {
    let url;
    try {
        url = new URL(value.trim());
    }
    catch {
        throw new errors/* UserError */.yo(`${input}: the value is not a URL; use https://trino.example.com:8443`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new errors/* UserError */.yo(`${input}: the scheme is '${url.protocol}'; use https://trino.example.com:8443`);
    }
    if (url.protocol === 'http:' && !(0,http/* isLoopbackUrl */.tE)(url)) {
        throw new errors/* UserError */.yo(`${input}: http is allowed only on loopback (localhost, 127.0.0.1); use https://${url.host}`);
    }
    if (url.username || url.password) {
        throw new errors/* UserError */.yo(`${input}: the URL carries credentials; pass them as trino-user and trino-password`);
    }
    if (url.search || url.hash)
        throw new errors/* UserError */.yo(`${input}: remove the query or fragment from the URL`);
    if (!url.pathname.endsWith('/'))
        url.pathname += '/';
    return url;
}

;// CONCATENATED MODULE: ./src/sources/trino/index.ts




/** A catalog or schema name as it travels in a header: a plain Trino identifier. */
const NAME = schemas/* string */.YjP()
    .regex(/^[A-Za-z_][A-Za-z0-9_-]{0,127}$/, 'a plain identifier (letters, digits, _ and -)');
const trino_settings = (sql) => sql
    .extend({
    catalog: NAME.optional().describe('Catalog of unqualified table names (X-Trino-Catalog), e.g. hive. Without it, name tables catalog.schema.table.'),
    schema: NAME.optional().describe('Schema of unqualified table names (X-Trino-Schema); needs catalog.'),
    protocol: schemas/* enum */.k5n(['trino', 'presto'])
        .default('trino')
        .describe('presto for a Presto coordinator (X-Presto-* headers); the protocol is otherwise the same.'),
})
    .refine((s) => s.schema === undefined || s.catalog !== undefined, {
    message: 'schema needs catalog: set sources.trino.catalog too',
    path: ['schema'],
});
/**
 * Trino (and Presto): KPIs defined in the config file as SQL queries (src/sources/sql/README.md), run
 * through the client REST protocol with the binds as typed parameters of a prepared statement (README.md
 * in this folder). The settings are the SQL ones plus catalog, schema and protocol.
 */
const trinoSource = sqlSource({
    name: 'trino',
    description: 'KPIs computed by SQL queries on Trino or Presto (client REST protocol, prepared statements), defined in the config file.',
    dialect: trino_dialect/* trinoDialect */.R,
    settings: trino_settings,
    inputs: [
        {
            name: 'trino-server',
            description: 'Coordinator URL, e.g. https://trino.example.com:8443 (http only on localhost). A path is kept as a gateway prefix.',
            secret: false,
            env: 'TRINO_SERVER',
            required: true,
            parse: (value) => parseServerUrl(value).href,
        },
        {
            name: 'trino-user',
            description: 'Trino user the queries run as (X-Trino-User); give it read-only access to the KPI tables.',
            secret: false,
            env: 'TRINO_USER',
            required: true,
        },
        {
            name: 'trino-password',
            description: 'Password of trino-user for HTTP basic authentication; sent only over https.',
            secret: true,
            env: 'TRINO_PASSWORD',
        },
    ],
    // The driver and the protocol client load only when this source runs, like the other SQL drivers.
    connect: async ({ inputs, settings: s, signal, log }) => {
        const t = s;
        return (await __webpack_require__.e(/* import() */ 251).then(__webpack_require__.bind(__webpack_require__, 51251))).createTrinoDriver({
            server: parseServerUrl(inputs['trino-server'] ?? ''),
            user: inputs['trino-user'] ?? '',
            password: inputs['trino-password'],
            catalog: t.catalog,
            schema: t.schema,
            flavor: t.protocol,
            connectTimeoutMs: Math.round(t.connect_timeout_seconds * 1000),
            onRetry: (message) => log.warning(message),
            signal,
        });
    },
});

;// CONCATENATED MODULE: ./src/sources/index.ts






/** Every source, in one list: the `source` input maps onto these by name. */
const SOURCES = [
    githubSource,
    databricksSource,
    oracleSource,
    postgresSource,
    trinoSource,
    httpSource,
];


/***/ }),

/***/ 99535:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   n: () => (/* binding */ oracleDialect)
/* harmony export */ });
/** Oracle's SQL text: q'[…]' literals; `:1` would bypass the named binds. Oracle binds `:name` natively. */
const oracleDialect = {
    name: 'oracle',
    lexer: { nestedComments: false, backslashEStrings: false, dollarQuotes: false, qQuotes: true },
    positional: [':n'],
};


/***/ }),

/***/ 20750:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H: () => (/* binding */ toPostgres),
/* harmony export */   S: () => (/* binding */ postgresDialect)
/* harmony export */ });
/* harmony import */ var _sql_binds_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(44417);

/** PostgreSQL's SQL text: nested comments, E'…' strings, $tag$ strings; `$1` would bypass the named binds. */
const postgresDialect = {
    name: 'postgres',
    lexer: { nestedComments: true, backslashEStrings: true, dollarQuotes: true, qQuotes: false },
    positional: ['$n'],
};
const PG_CASTS = {
    day_start: 'timestamptz',
    day_end: 'timestamptz',
    day: 'date',
    range_start: 'timestamptz',
    range_end: 'timestamptz',
};
/**
 * Rewrites `:name` placeholders as PostgreSQL `$n::type` parameters (one number per distinct name) and
 * returns the parameter values in order. Timestamps travel as ISO-8601 UTC strings, dates as YYYY-MM-DD.
 */
function toPostgres(sql, binds) {
    const order = [];
    let text = '';
    let last = 0;
    for (const p of (0,_sql_binds_js__WEBPACK_IMPORTED_MODULE_0__/* .scanPlaceholders */ .m7)(sql, postgresDialect)) {
        const value = binds[p.name];
        const cast = PG_CASTS[p.name];
        if (!value || !cast)
            throw new Error(`bind variable :${p.text} has no value`);
        let index = order.indexOf(p.name);
        if (index < 0)
            index = order.push(p.name) - 1;
        text += `${sql.slice(last, p.start)}$${index + 1}::${cast}`;
        last = p.end;
    }
    text += sql.slice(last);
    const values = order.map((name) => {
        const v = binds[name];
        return v.kind === 'date' ? v.date : new Date(v.ms).toISOString();
    });
    return { text, values };
}


/***/ }),

/***/ 44417:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ED: () => (/* binding */ qQuoteLength),
/* harmony export */   My: () => (/* binding */ DAY_BINDS),
/* harmony export */   dC: () => (/* binding */ RANGE_BINDS),
/* harmony export */   er: () => (/* binding */ skipQuoted),
/* harmony export */   m7: () => (/* binding */ scanPlaceholders),
/* harmony export */   y5: () => (/* binding */ trimStatement)
/* harmony export */ });
/**
 * Bind variables of SQL KPIs. Queries are written with `:name` placeholders in every SQL source; the
 * scanner finds them outside string literals, quoted identifiers and comments, as the driver's declared
 * dialect reads them, and each driver rewrites them into its database's parameters (PostgreSQL `$n`,
 * Trino `?`; Oracle and Databricks take `:name` as is). Values only ever travel as binds: nothing is
 * spliced into SQL.
 */
/** The binds of a per-day query: the day window [day_start, day_end) and the date. */
const DAY_BINDS = ['day_start', 'day_end', 'day'];
/** The binds of a range query (`per_day: false`): [range_start, range_end) over the whole run. */
const RANGE_BINDS = ['range_start', 'range_end'];
const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_$#]/;
const ORACLE_Q_PAIRS = { '[': ']', '{': '}', '(': ')', '<': '>' };
/**
 * Finds the `:name` placeholders of a query. Skips '…' literals (with '' escapes; PostgreSQL E'…' with
 * backslash escapes; Oracle q'[…]' and national nq'[…]'), "…" identifiers, -- and /* *\/ comments (nested
 * in PostgreSQL), PostgreSQL $tag$…$tag$ strings and `::` casts. Throws on an unterminated literal or
 * comment, and on positional parameters (PostgreSQL `$1`, Oracle `:1`), which would bypass the named binds.
 */
function scanPlaceholders(sql, dialect) {
    const { lexer, positional } = dialect;
    const out = [];
    const n = sql.length;
    let i = 0;
    const prevIsIdent = (at) => at > 0 && IDENT_PART.test(sql[at - 1]);
    while (i < n) {
        const c = sql[i];
        const next = sql[i + 1];
        if (c === '-' && next === '-') {
            const nl = sql.indexOf('\n', i);
            i = nl < 0 ? n : nl + 1;
        }
        else if (c === '/' && next === '*') {
            let depth = 1;
            i += 2;
            while (i < n && depth > 0) {
                if (sql[i] === '*' && sql[i + 1] === '/') {
                    depth--;
                    i += 2;
                }
                else if (lexer.nestedComments && sql[i] === '/' && sql[i + 1] === '*') {
                    depth++;
                    i += 2;
                }
                else
                    i++;
            }
            if (depth > 0)
                throw new Error('unterminated /* comment');
        }
        else if (c === "'") {
            const backslash = lexer.backslashEStrings && i > 0 && /[eE]/.test(sql[i - 1]) && !prevIsIdent(i - 1);
            i = skipQuoted(sql, i, "'", backslash);
        }
        else if (c === '"') {
            i = skipQuoted(sql, i, '"', false);
        }
        else if (lexer.qQuotes && !prevIsIdent(i) && qQuoteLength(sql, i) > 0) {
            // q'[…]' or the national nq'[…]': the text up to the closing delimiter and quote, '' not special.
            const body = i + qQuoteLength(sql, i);
            const open = sql[body];
            if (open === undefined)
                throw new Error("unterminated q'…' literal");
            const close = ORACLE_Q_PAIRS[open] ?? open;
            const end = sql.indexOf(`${close}'`, body + 1);
            if (end < 0)
                throw new Error("unterminated q'…' literal");
            i = end + 2;
        }
        else if ((lexer.dollarQuotes || positional.includes('$n')) && c === '$' && !prevIsIdent(i)) {
            const m = lexer.dollarQuotes ? /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i)) : null;
            if (m) {
                const end = sql.indexOf(m[0], i + m[0].length);
                if (end < 0)
                    throw new Error(`unterminated ${m[0]} string`);
                i = end + m[0].length;
            }
            else if (positional.includes('$n') && /^\$\d/.test(sql.slice(i))) {
                throw new Error('positional parameters ($1) are not allowed; use the named binds :day_start, :day_end, :day');
            }
            else
                i++;
        }
        else if (c === ':' && next === ':') {
            i += 2;
        }
        else if (c === '?' && positional.includes('?')) {
            throw new Error('positional parameters (?) are not allowed; use the named binds :day_start, :day_end, :day (per_day: false: :range_start, :range_end)');
        }
        else if (positional.includes(':n') &&
            c === ':' &&
            next !== undefined &&
            /\d/.test(next) &&
            !prevIsIdent(i)) {
            const digits = /^\d+/.exec(sql.slice(i + 1))[0];
            throw new Error(`positional bind :${digits} is not allowed; use the named binds :day_start, :day_end, :day (per_day: false: :range_start, :range_end)`);
        }
        else if (c === ':' && next !== undefined && IDENT_START.test(next) && !prevIsIdent(i)) {
            let j = i + 1;
            while (j < n && IDENT_PART.test(sql[j]))
                j++;
            const text = sql.slice(i + 1, j);
            out.push({ name: text.toLowerCase(), text, start: i, end: j });
            i = j;
        }
        else
            i++;
    }
    return out;
}
/** Length of an Oracle q-quote opening at `at` (q' or Q' → 2, nq'/Nq'/nQ'/NQ' → 3), or 0. */
function qQuoteLength(sql, at) {
    const c = sql[at];
    if (/[qQ]/.test(c) && sql[at + 1] === "'")
        return 2;
    if (/[nN]/.test(c) && /[qQ]/.test(sql[at + 1] ?? '') && sql[at + 2] === "'")
        return 3;
    return 0;
}
/** The index just past a quoted literal or identifier opening at `from` (doubled quotes escape). */
function skipQuoted(sql, from, quote, backslash) {
    let i = from + 1;
    while (i < sql.length) {
        const c = sql[i];
        if (backslash && c === '\\')
            i += 2;
        else if (c === quote) {
            if (sql[i + 1] === quote)
                i += 2;
            else
                return i + 1;
        }
        else
            i++;
    }
    throw new Error(`unterminated ${quote}…${quote} ${quote === "'" ? 'literal' : 'identifier'}`);
}
/** Strips trailing semicolons and whitespace (Oracle rejects a trailing ';' with ORA-00933/ORA-00911). */
function trimStatement(sql) {
    return sql.replace(/[\s;]+$/, '');
}


/***/ }),

/***/ 55947:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ SqlError),
/* harmony export */   Z: () => (/* binding */ MAX_RESULT_ROWS)
/* harmony export */ });
/**
 * The most rows one query may return across all its pages or chunks. Each page is capped in bytes by the
 * network layer, but a server that keeps sending pages would otherwise fill the memory and crash the run
 * (issue 14 item 2); past this, that one KPI fails. A KPI stores a day's components: a year of 1,000
 * variables is 365,000 rows.
 */
const MAX_RESULT_ROWS = 1_000_000;
/** A database error, reduced to one line without secrets, with the database's code. */
class SqlError extends Error {
    code;
    timedOut;
    name = 'SqlError';
    constructor(message, 
    /** ORA-xxxxx, NJS-xxx, or `SQLSTATE xxxxx`. */
    code, timedOut = false) {
        super(code && !message.includes(code) ? `${message} (${code})` : message);
        this.code = code;
        this.timedOut = timedOut;
    }
}


/***/ }),

/***/ 79808:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ assertSingleQuery)
/* harmony export */ });
/* harmony import */ var _binds_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(44417);
/**
 * The statement check every SQL driver runs before sending anything: the text is exactly one statement,
 * and that statement is a query (SELECT, or WITH … SELECT). It is the first of three walls around a KPI
 * query, with the driver's protocol (PostgreSQL: the extended protocol, which takes one statement) and its
 * read-only transaction; see src/sources/sql/README.md "Read-only".
 *
 * The lexer reads text that is not SQL code the way the placeholder scanner (binds.ts) does, with the
 * same options, so a `;` or a keyword inside a literal, a quoted identifier or a comment is never taken for
 * code, and nothing that one of them skips can hide a second statement from the other.
 */

const IDENT_PART = /[A-Za-z0-9_$#]/;
const Q_PAIRS = { '[': ']', '{': '}', '(': ')', '<': '>' };
/**
 * The code of the text (outside '…' and "…" literals and identifiers, comments and the dialect's other
 * quoting), in order: a comment becomes a space and a literal or quoted identifier a `0`, so words on
 * either side never run together. Throws on anything left unterminated.
 */
function codeOf(sql, lx) {
    let code = '';
    const n = sql.length;
    let from = 0;
    let i = 0;
    const prevIsIdent = (at) => at > 0 && IDENT_PART.test(sql[at - 1]);
    while (i < n) {
        const c = sql[i];
        const next = sql[i + 1];
        let end = -1;
        let filler = ' ';
        if (c === '-' && next === '-') {
            const nl = sql.indexOf('\n', i);
            end = nl < 0 ? n : nl + 1;
        }
        else if (c === '/' && next === '*') {
            let depth = 1;
            let j = i + 2;
            while (j < n && depth > 0) {
                if (sql[j] === '*' && sql[j + 1] === '/') {
                    depth--;
                    j += 2;
                }
                else if (lx.nestedComments && sql[j] === '/' && sql[j + 1] === '*') {
                    depth++;
                    j += 2;
                }
                else
                    j++;
            }
            if (depth > 0)
                throw new Error('unterminated /* comment');
            end = j;
        }
        else if (c === "'" || c === '"') {
            const eString = lx.backslashEStrings && c === "'" && i > 0 && /[eE]/.test(sql[i - 1]) && !prevIsIdent(i - 1);
            end = (0,_binds_js__WEBPACK_IMPORTED_MODULE_0__/* .skipQuoted */ .er)(sql, i, c, eString || lx.backslashStrings === true);
            filler = '0';
        }
        else if (c === '`' && lx.backtickIdentifiers) {
            end = (0,_binds_js__WEBPACK_IMPORTED_MODULE_0__/* .skipQuoted */ .er)(sql, i, '`', false);
            filler = '0';
        }
        else if (lx.qQuotes && !prevIsIdent(i) && (0,_binds_js__WEBPACK_IMPORTED_MODULE_0__/* .qQuoteLength */ .ED)(sql, i) > 0) {
            const body = i + (0,_binds_js__WEBPACK_IMPORTED_MODULE_0__/* .qQuoteLength */ .ED)(sql, i);
            const open = sql[body];
            if (open === undefined)
                throw new Error("unterminated q'…' literal");
            const close = `${Q_PAIRS[open] ?? open}'`;
            const at = sql.indexOf(close, body + 1);
            if (at < 0)
                throw new Error("unterminated q'…' literal");
            end = at + 2;
            filler = '0';
        }
        else if (lx.dollarQuotes && c === '$' && !prevIsIdent(i)) {
            const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 66));
            if (m) {
                const at = sql.indexOf(m[0], i + m[0].length);
                if (at < 0)
                    throw new Error(`unterminated ${m[0]} string`);
                end = at + m[0].length;
                filler = '0';
            }
        }
        if (end < 0) {
            i++;
            continue;
        }
        code += sql.slice(from, i) + filler;
        i = end;
        from = end;
    }
    return code + sql.slice(from);
}
const QUERY_START = ['select', 'with'];
/** Statements people may try in a KPI and what to say about them. */
const NOT_A_QUERY_HINT = {
    begin: 'a PL/SQL block',
    declare: 'a PL/SQL block',
    call: 'a procedure call',
    exec: 'a procedure call',
    execute: 'a procedure call',
    do: 'an anonymous code block',
};
/**
 * Throws an Error with a clear message unless `sql` is exactly one query: SELECT or WITH … SELECT,
 * optionally in parentheses, with trailing semicolons and comments allowed. Refuses a second statement
 * after a `;` (`select 1; commit; delete from t`), anything that is not a query (INSERT, COMMIT, SET,
 * PL/SQL blocks BEGIN/DECLARE, CALL, DO), and, on Oracle, PL/SQL declared in a WITH clause
 * (`WITH FUNCTION …`), which can run an autonomous transaction that commits on its own.
 */
function assertSingleQuery(sql, dialect) {
    const code = codeOf(sql, dialect.lexer);
    const first = /^[\s(]*([A-Za-z_]+)/.exec(code);
    if (!first)
        throw new Error('the SQL holds no statement; write one SELECT (or WITH … SELECT) query');
    const word = first[1].toLowerCase();
    const starts = dialect.queryStarts ?? QUERY_START;
    if (!starts.includes(word)) {
        const what = NOT_A_QUERY_HINT[word] ?? `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word.toUpperCase()} statement`;
        const allowed = starts.includes('values')
            ? 'SELECT (or WITH … SELECT, VALUES)'
            : 'SELECT (or WITH … SELECT)';
        throw new Error(`the SQL is ${what}, not a query; a KPI runs one ${allowed} and never changes data`);
    }
    // Oracle's WITH FUNCTION f(…) RETURN …; a CTE that happens to be named function is followed by AS or (.
    if (word === 'with' && /^[\s(]*with\s+(function|procedure)\s+(?!as\b)[A-Za-z_0]/i.test(code)) {
        throw new Error('the SQL declares PL/SQL in its WITH clause (WITH FUNCTION/PROCEDURE), which may commit on its own; use a plain SELECT');
    }
    const semicolon = code.indexOf(';');
    if (semicolon >= 0 && code.slice(semicolon).replace(/[\s;]/g, '') !== '') {
        throw new Error('the SQL holds more than one statement (code after a ;); a KPI is one query: remove everything after the first ;');
    }
}


/***/ }),

/***/ 44045:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ trinoDialect),
/* harmony export */   u: () => (/* binding */ toTrino)
/* harmony export */ });
/* harmony import */ var _sql_binds_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(44417);

/**
 * Trino's SQL text: '…' literals with '' escapes, "…" identifiers, -- and non-nesting /* *\/ comments
 * (https://trino.io/docs/current/language/reserved.html, the SqlBase grammar). `?` is its own parameter
 * marker, refused in KPI text so that only the named binds carry values.
 */
const trinoDialect = {
    name: 'trino',
    lexer: { nestedComments: false, backslashEStrings: false, dollarQuotes: false, qQuotes: false },
    positional: ['?'],
    queryStarts: ['select', 'with', 'values'],
};
/**
 * Rewrites the `:name` placeholders of a KPI query as `?` markers of a prepared statement, in order of
 * appearance (a name used twice is two markers with the same value), and returns the typed values for
 * `EXECUTE … USING`. Instants carry the run's time zone.
 */
function toTrino(sql, binds, timeZone) {
    const params = [];
    let text = '';
    let last = 0;
    for (const p of (0,_sql_binds_js__WEBPACK_IMPORTED_MODULE_0__/* .scanPlaceholders */ .m7)(sql, trinoDialect)) {
        const value = binds[p.name];
        if (!value)
            throw new Error(`bind variable :${p.text} has no value`);
        params.push(value.kind === 'date'
            ? { kind: 'date', date: value.date }
            : { kind: 'timestamptz', ms: value.ms, timeZone });
        text += `${sql.slice(last, p.start)}?`;
        last = p.end;
    }
    return { sql: text + sql.slice(last), params };
}


/***/ }),

/***/ 42969:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   a: () => (/* binding */ didYouMean)
/* harmony export */ });
/** Levenshtein distance, capped: enough to suggest a close spelling. */
function distance(a, b) {
    const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let diag = prev[0];
        prev[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const up = prev[j];
            prev[j] = Math.min(up + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
            diag = up;
        }
    }
    return prev[b.length];
}
/**
 * `; did you mean 'x'?` for the closest candidate (at most a quarter of the value's letters off, or one
 * that contains the value, as `--s3-bucket` contains `bucket`), else ''.
 */
function didYouMean(value, candidates) {
    let best;
    let bestD = Infinity;
    const v = value.toLowerCase();
    const core = v.replace(/^-+/, '');
    for (const c of candidates) {
        const lc = c.toLowerCase();
        const d = core.length >= 4 && lc !== v && lc.includes(core) ? 0.5 : distance(v, lc);
        if (d < bestD)
            [best, bestD] = [c, d];
    }
    return best !== undefined && bestD > 0 && bestD <= Math.max(1, Math.floor(value.length / 4))
        ? `; did you mean '${best}'?`
        : '';
}


/***/ })

};
