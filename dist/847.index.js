export const id = 847;
export const ids = [847];
export const modules = {

/***/ 8920:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N: () => (/* binding */ formula),
/* harmony export */   buildCatalog: () => (/* binding */ buildCatalog),
/* harmony export */   catalogList: () => (/* binding */ catalogList),
/* harmony export */   catalogMarkdown: () => (/* binding */ catalogMarkdown)
/* harmony export */ });
/* harmony import */ var _config_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(22973);

function formula(d) {
    if (d.kind === 'ratio') {
        const side = (xs) => (xs.length > 1 ? `(${xs.join(' + ')})` : xs[0]);
        return `${side(d.numerator)} / ${side(d.denominator)}`;
    }
    return `p${Math.round(d.quantile * 100)} of ${d.total.join(' + ')}, interpolated in the cumulative buckets ${d.buckets}<n>`;
}
function paramsOf(kpi) {
    const shape = kpi.params.shape ?? {};
    const defaults = kpi.params.safeParse({});
    return Object.entries(shape).map(([name, schema]) => ({
        name,
        default: defaults.success ? defaults.data[name] : undefined,
        description: schema.description,
    }));
}
function catalogEntry(source, kpi) {
    return {
        id: kpi.id,
        source: source.name,
        definition: kpi.definition,
        unit: kpi.unit,
        notes: kpi.notes,
        components: kpi.components.map((c) => ({
            variable: `${kpi.id}.${c.name}`,
            description: c.description,
            unit: c.unit,
        })),
        derived: kpi.derived.map((d) => ({
            variable: `${kpi.id}.${d.name}`,
            description: d.description,
            unit: d.unit,
            formula: formula(d),
        })),
        params: paramsOf(kpi),
        ...(kpi.requires ? { requires: `sources.${source.name}.${kpi.requires}` } : {}),
    };
}
/** Every built-in KPI, and the KPIs a config defines (SQL sources), in registry order. */
function buildCatalog(sources, configKpis = () => []) {
    return sources.flatMap((s) => [...s.kpis, ...configKpis(s)].map((k) => catalogEntry(s, k)));
}
const cell = (t) => t.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
function catalogMarkdown(entries, sources) {
    const out = [
        '# KPI catalog',
        '',
        '<!-- Generated from the KPI definitions in src/sources by `npm run generate`; do not edit. -->',
        '',
        'Stored variables are additive components (sums, counts, cumulative buckets `le_<n>`). Derived figures are',
        'never stored: the report computes them over any span from the summed components.',
        '',
    ];
    for (const s of sources) {
        const kpis = entries.filter((e) => e.source === s.name);
        out.push(`## ${s.name}`, '', s.description, '');
        if (kpis.length === 0)
            out.push('KPIs of this source are defined in the config file (see its README).', '');
        for (const e of kpis) {
            out.push(`### \`${e.id}\``, '', `${e.definition} Unit: ${e.unit}.`, '');
            if (e.requires)
                out.push(`Needs \`${e.requires}\` in the config; without it this KPI is not collected.`, '');
            if (e.notes)
                out.push(e.notes.trim(), '');
            out.push('| stored variable | unit | meaning |', '| --- | --- | --- |');
            for (const c of e.components)
                out.push(`| \`${c.variable}\` | ${c.unit} | ${cell(c.description)} |`);
            out.push('');
            if (e.derived.length > 0) {
                out.push('| derived figure | unit | formula | meaning |', '| --- | --- | --- | --- |');
                for (const d of e.derived)
                    out.push(`| \`${d.variable}\` | ${d.unit} | \`${cell(d.formula)}\` | ${cell(d.description)} |`);
                out.push('');
            }
            if (e.params.length > 0) {
                out.push(`Params (config \`sources.${s.name}.kpis.${(0,_config_js__WEBPACK_IMPORTED_MODULE_0__/* .shortName */ .EU)(e.id)}\`):`, '');
                for (const p of e.params) {
                    out.push(`- \`${p.name}\` (default \`${JSON.stringify(p.default)}\`)${p.description ? `: ${p.description}` : ''}`);
                }
                out.push('');
            }
        }
    }
    return out.join('\n');
}
/** One line per KPI: id, unit and definition, aligned. */
function catalogList(entries) {
    const idWidth = Math.max(0, ...entries.map((e) => e.id.length));
    const unitWidth = Math.max(0, ...entries.map((e) => e.unit.length));
    return entries
        .map((e) => `${e.id.padEnd(idWidth)}  ${e.unit.padEnd(unitWidth)}  ${e.definition}${e.requires ? ` (needs ${e.requires})` : ''}\n`)
        .join('');
}


/***/ }),

/***/ 27847:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  REPORT_HELP: () => (/* binding */ REPORT_HELP),
  emptyRangeMessage: () => (/* binding */ emptyRangeMessage),
  openStore: () => (/* binding */ openStore),
  readRecentDays: () => (/* reexport */ read/* readRecentDays */.$7),
  render: () => (/* binding */ render),
  reportCommand: () => (/* binding */ reportCommand),
  sparkline: () => (/* reexport */ report_format/* sparkline */.KM)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(57975);
// EXTERNAL MODULE: ./src/config.ts
var src_config = __webpack_require__(22973);
// EXTERNAL MODULE: ./src/dates.ts
var dates = __webpack_require__(37718);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/inputs.ts
var inputs = __webpack_require__(38422);
// EXTERNAL MODULE: ./src/sources/index.ts + 52 modules
var src_sources = __webpack_require__(58459);
// EXTERNAL MODULE: ./src/store/local-store.ts
var local_store = __webpack_require__(28430);
// EXTERNAL MODULE: ./src/report/aggregate.ts
var aggregate = __webpack_require__(28105);
// EXTERNAL MODULE: ./src/report/format.ts
var report_format = __webpack_require__(12011);
// EXTERNAL MODULE: ./src/catalog.ts
var catalog = __webpack_require__(8920);
// EXTERNAL MODULE: ./src/report/periods.ts
var periods = __webpack_require__(12476);
// EXTERNAL MODULE: ./src/report/units.ts
var units = __webpack_require__(17885);
;// CONCATENATED MODULE: ./src/report/html.ts





const esc = (t) => t.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
/**
 * Chart geometry, in SVG user units. The SVG scales to its box: 360 units wide is about the width of a chart
 * on a 390 px phone, so a 12.5-unit font is at least 12 px there and grows with the box (the box is capped
 * at 440 px, so text stays under 16 px on a desktop).
 */
const W = 360;
const H = 230;
const FONT = 12.5;
/** Width of one character of chart text, a little over system-ui's widest digits (0.62 em). */
const CHAR = FONT * 0.62;
const TOP = 26;
const BOTTOM = 26;
const RIGHT = 6;
/**
 * The charts of a KPI, one per unit: in each unit its derived figures (avg, p50, p90 of merge time, a
 * failure rate), or its components when it has no derived figure in that unit (counts). A sum of seconds
 * is not drawn beside the averages it would dwarf. The KPI's own unit comes first.
 */
function charts(k) {
    const shown = (0,report_format/* shownSeries */.xX)(k);
    const units = [...new Set(shown.map((s) => s.unit))].sort((a, b) => Number(b === k.kpi.unit) - Number(a === k.kpi.unit));
    const out = [];
    for (const unit of units) {
        const inUnit = shown.filter((s) => s.unit === unit);
        const derived = inUnit.filter((s) => s.kind !== 'component');
        const series = (derived.length > 0 ? derived : inUnit).slice(0, COLORS.length);
        out.push({ unit, series });
    }
    return out;
}
/** A round step for about `ticks` intervals over `span`: 1, 2 or 5 times a power of ten. */
function niceStep(span, ticks) {
    const raw = span / ticks;
    const power = 10 ** Math.floor(Math.log10(raw));
    const f = raw / power;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}
const r1 = (n) => Math.round(n * 10) / 10;
/** A period's x-axis label: short where the axis leaves no doubt (`W02`, `03-02`). */
function axisLabel(p, every, oneYear) {
    if (oneYear && every === 'week')
        return (0,periods/* periodLabel */.gi)(p, every).slice(5);
    if (oneYear && every === 'day')
        return p.start.slice(5);
    return (0,periods/* periodLabel */.gi)(p, every);
}
/** An inline SVG line chart: one point per period with a value, lines broken at gaps, labelled axes. */
function lineChart(report, k, chart) {
    const { series } = chart;
    const n = report.periods.length;
    const partial = report.periods.map((p) => (0,periods/* isPartial */.mt)(p, report.every));
    const present = series.flatMap((s) => k.figures
        .get(s.variable)
        .map((f) => f.value)
        .filter((v) => v !== null));
    const axis = (0,units/* axisUnit */.uF)(chart.unit, Math.max(0, ...present.map(Math.abs)));
    let lo = Math.min(0, ...present) / axis.divisor;
    let hi = Math.max(0, ...present) / axis.divisor;
    if (hi === lo)
        hi = lo + 1;
    const step = niceStep(hi - lo, 4);
    lo = Math.floor(lo / step) * step;
    hi = Math.ceil(hi / step) * step;
    const ticks = [];
    for (let v = lo; v <= hi + step / 2; v += step) {
        ticks.push({ v, label: `${(0,units/* formatTick */.T0)(Number(v.toPrecision(12)))}${v === 0 ? '' : axis.suffix}` });
    }
    // The left margin fits the longest tick label, so 8-digit values are never clipped.
    const left = Math.ceil(Math.max(...ticks.map((t) => t.label.length)) * CHAR + 10);
    const oneYear = report.from.slice(0, 4) === report.to.slice(0, 4);
    const labels = report.periods.map((p) => axisLabel(p, report.every, oneYear));
    const labelW = Math.max(...labels.map((l) => l.length)) * CHAR;
    const plotW = W - left - RIGHT;
    const plotH = H - TOP - BOTTOM;
    // Points stay half a label away from either end, so the first and last labels fit the box.
    const pad = Math.min(labelW / 2 + 2, plotW / 2);
    const x = (i) => r1(left + (n === 1 ? plotW / 2 : pad + (i * (plotW - 2 * pad)) / (n - 1)));
    const y = (v) => r1(TOP + plotH - ((v / axis.divisor - lo) / (hi - lo)) * plotH);
    const yTick = (v) => r1(TOP + plotH - ((v - lo) / (hi - lo)) * plotH);
    const radius = n <= 20 ? 3.5 : n <= 60 ? 2.5 : 1.8; // points stay apart as periods grow
    const parts = [];
    for (const t of ticks) {
        const yy = yTick(t.v);
        parts.push(`<line class="grid" x1="${left}" x2="${W - RIGHT}" y1="${yy}" y2="${yy}"/>`, `<text class="ylabel" x="${left - 6}" y="${yy}" dy="0.32em" text-anchor="end">${esc(t.label)}</text>`);
    }
    // Labelled periods: as many as fit side by side, counted back from the last period.
    const fit = Math.max(1, Math.floor((plotW - 2 * pad + labelW) / (labelW + CHAR * 2)));
    const every = Math.max(1, Math.ceil(n / fit));
    report.periods.forEach((_, i) => {
        parts.push(`<line class="tick" x1="${x(i)}" x2="${x(i)}" y1="${H - BOTTOM}" y2="${H - BOTTOM + 4}"/>`);
        if ((n - 1 - i) % every === 0) {
            parts.push(`<text class="xlabel" x="${x(i)}" y="${H - BOTTOM + 18}" text-anchor="middle">${esc(labels[i])}</text>`);
        }
    });
    parts.push(`<line class="axis" x1="${left}" x2="${W - RIGHT}" y1="${H - BOTTOM}" y2="${H - BOTTOM}"/>`, `<line class="axis" x1="${left}" x2="${left}" y1="${TOP - 6}" y2="${H - BOTTOM}"/>`, `<text class="unit" x="2" y="${FONT}">${esc(axis.title)}</text>`);
    series.forEach((s, si) => {
        const color = COLORS[si];
        const figures = k.figures.get(s.variable);
        let run = [];
        const flush = () => {
            if (run.length > 1)
                parts.push(`<polyline class="line" stroke="${color}" points="${run.join(' ')}"/>`);
            run = [];
        };
        // Solid lines join whole periods; a segment to or from a partial period is dashed.
        for (let i = 0; i < n; i++) {
            const v = figures[i].value;
            if (v === null) {
                flush();
                continue;
            }
            const next = figures[i + 1]?.value ?? null;
            if (partial[i]) {
                flush();
            }
            else {
                run.push(`${x(i)},${y(v)}`);
            }
            if (next !== null && i + 1 < n && (partial[i] || partial[i + 1])) {
                flush();
                parts.push(`<line class="line partial" stroke="${color}" x1="${x(i)}" y1="${y(v)}" x2="${x(i + 1)}" y2="${y(next)}"/>`);
            }
        }
        flush();
        figures.forEach((f, i) => {
            if (f.value === null)
                return;
            const p = report.periods[i];
            const days = `${f.days} of ${(0,dates/* daysBetween */.YM)(p.start, p.end) + 1} days${partial[i] ? `, partial ${report.every} of ${(0,periods/* naturalDays */.lU)(p, report.every)}` : ''}`;
            parts.push(`<circle class="point${partial[i] ? ' partial' : ''}" data-series="${esc(s.variable)}" data-period="${f.period_start}" cx="${x(i)}" cy="${y(f.value)}" r="${radius}" ${partial[i] ? `fill="none" stroke="${color}"` : `fill="${color}"`}><title>${esc(`${s.name} ${(0,periods/* periodLabel */.gi)(p, report.every)}: ${(0,report_format/* formatValue */.Fl)(f.value, s.unit)} (${days})`)}</title></circle>`);
        });
    });
    const per = report.every === 'all' ? 'over the range' : `per ${report.every}`;
    const label = `${k.kpi.id}: ${series.map((s) => s.name).join(', ')} ${per}, in ${axis.title}`;
    const legend = series.map((s, i) => `<span><i style="background:${COLORS[i]}"></i>${esc(s.name)}</span>`).join('') +
        (partial.some(Boolean) ? `<span><i class="hollow"></i>partial ${esc(report.every)}</span>` : '');
    return (`<figure class="chart"><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(label)}" xmlns="http://www.w3.org/2000/svg">` +
        parts.join('') +
        `</svg><figcaption class="legend">${legend}</figcaption></figure>`);
}
/** A column name that may wrap after its underscores (`avg_merge_seconds` on a phone). */
const wrapName = (name) => esc(name).replace(/_/g, '_<wbr>');
function table(report, k) {
    const series = (0,report_format/* shownSeries */.xX)(k);
    const head = ['period', 'days', ...series.map((s) => s.name)]
        .map((h) => `<th>${wrapName(h)}</th>`)
        .join('');
    const rows = report.periods.map((p, i) => {
        const cells = series.map((s) => {
            const f = k.figures.get(s.variable)[i];
            return `<td${f.value === null ? ' class="gap"' : ''}>${esc((0,report_format/* cellOf */.WC)(f, s.unit))}</td>`;
        });
        const partial = (0,periods/* isPartial */.mt)(p, report.every) ? '<small>partial</small>' : '';
        return `<tr><th scope="row">${esc((0,periods/* periodLabel */.gi)(p, report.every))}${partial}</th><td>${k.days[i]}/${(0,dates/* daysBetween */.YM)(p.start, p.end) + 1}</td>${cells.join('')}</tr>`;
    });
    return `<div class="table" tabindex="0" role="region" aria-label="${esc(k.kpi.id)} figures per period"><table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}
function definitions(k) {
    const items = [];
    for (const s of (0,report_format/* shownSeries */.xX)(k)) {
        const d = k.kpi.derived.find((x) => x.name === s.name);
        const how = d ? ` = <code>${esc((0,catalog/* formula */.N)(d))}</code>` : ' (summed over the days of the period)';
        items.push(`<li><code>${esc(s.name)}</code>${s.unit ? ` [${esc(s.unit)}]` : ''}: ${esc(s.description)}${how}</li>`);
    }
    const notes = k.kpi.notes ? `<p>${esc(k.kpi.notes)}</p>` : '';
    return `<details><summary>Definitions</summary><ul>${items.join('')}</ul>${notes}</details>`;
}
const CSS = `
*{box-sizing:border-box}
:root{--bg:#fff;--fg:#1b1b1b;--muted:#666;--line:#e6e6e6}
body{margin:0;padding:12px;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1200px;margin:0 auto}
h1{font-size:1.4em;margin:.2em 0}
.range{margin:.2em 0 .4em;font-weight:600}
.how{margin-bottom:.6em}
h2{font-size:1.1em;margin:0 0 .3em;overflow-wrap:anywhere}
p{overflow-wrap:anywhere}
nav{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:.9em}
nav a{color:inherit}
section{border-top:1px solid var(--line);padding:14px 0}
.charts{display:flex;flex-wrap:wrap;gap:12px 20px}
.chart{flex:1 1 300px;min-width:0;max-width:440px;margin:0}
.chart svg{width:100%;height:auto;display:block}
.table{margin-top:10px;max-width:100%;overflow-x:auto;-webkit-overflow-scrolling:touch;
background:linear-gradient(to left,var(--bg) 30%,rgba(255,255,255,0)) right/28px 100% no-repeat local,
radial-gradient(farthest-side at 100% 50%,rgba(0,0,0,.22),rgba(0,0,0,0)) right/12px 100% no-repeat scroll}
table{border-collapse:separate;border-spacing:0;font-variant-numeric:tabular-nums;font-size:.9em}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}
thead th{border-bottom:2px solid #bbb;vertical-align:bottom;white-space:normal;min-width:4.5em}
tbody th{text-align:left;font-weight:normal}
th:first-child{position:sticky;left:0;z-index:1;background:var(--bg);text-align:left;box-shadow:1px 0 0 var(--line)}
th small{display:block;color:var(--muted);font-size:.8em}
td.gap{color:#999}
.grid{stroke:var(--line)}.axis,.tick{stroke:#777}
.line{fill:none;stroke-width:2}.line.partial{stroke-dasharray:4 4;stroke-width:1.5}
.point.partial{stroke-width:2}
text{font-size:${FONT}px;fill:#444}
.unit{fill:var(--muted)}
.legend{display:flex;flex-wrap:wrap;gap:2px 14px;font-size:.85em}
.legend span{white-space:nowrap}
.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
.legend i.hollow{border:2px solid #777;border-radius:50%}
.note,.missing{color:var(--muted);font-size:.9em}
code{font-size:.9em;overflow-wrap:anywhere}
@media (prefers-color-scheme:dark){:root{--bg:#111;--fg:#ddd;--muted:#aaa;--line:#2a2a2a}text{fill:#bbb}
.table{background:linear-gradient(to left,var(--bg) 30%,rgba(17,17,17,0)) right/28px 100% no-repeat local,radial-gradient(farthest-side at 100% 50%,rgba(255,255,255,.25),rgba(0,0,0,0)) right/12px 100% no-repeat scroll}}
`;
/** One self-contained page: per KPI its charts (inline SVG), its table, and its definitions. */
function renderHtml(report) {
    const sections = report.kpis.map((k) => {
        const missing = (0,report_format/* missingRanges */.TV)(report, k);
        return (`<section class="kpi" id="${esc(k.kpi.id)}"><h2>${esc(k.kpi.id)}</h2><p>${esc(k.kpi.definition)}${k.kpi.unit ? ` Unit: ${esc(k.kpi.unit)}.` : ''}</p>` +
            // One period (--every all, or a short range) has nothing to draw a line through: the table says it all.
            (report.periods.length > 1
                ? `<div class="charts">${charts(k)
                    .map((c) => lineChart(report, k, c))
                    .join('')}</div>`
                : '') +
            table(report, k) +
            (missing.length > 0 ? `<p class="missing">No data: ${esc(missing.join(', '))}.</p>` : '') +
            definitions(k) +
            `</section>`);
    });
    const partial = (0,report_format/* partialNote */.wY)(report);
    const nav = report.kpis.length > 1
        ? `<nav>${report.kpis.map((k) => `<a href="#${esc(k.kpi.id)}">${esc(k.kpi.id)}</a>`).join('')}</nav>`
        : '';
    return [
        '<!doctype html>',
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        `<title>KPI report ${esc(report.from)} to ${esc(report.to)}</title>`,
        `<style>${CSS.trim()}</style></head><body><main>`,
        `<h1>KPI report</h1><p class="range">${esc((0,report_format/* rangeLine */.ye)(report))}</p>`,
        `<details class="how"><summary>How to read it</summary><p class="note">` +
            `Averages and rates are ratios of sums over each period; percentiles are interpolated in the summed ` +
            `cumulative buckets. — marks a period without data or a ratio with a zero denominator. ` +
            `days: days with data / days in the period.` +
            (partial ? ` ${esc(partial)} Partial periods are drawn hollow, joined by dashed lines.` : '') +
            `</p></details>`,
        nav,
        report.empty ? `<p class="empty">${esc(report.empty)}</p>` : '',
        report.kpis.length === 0 && !report.empty ? '<p>No data in this range.</p>' : sections.join('\n'),
        '</main></body></html>',
        '',
    ].join('\n');
}

// EXTERNAL MODULE: ./src/report/read.ts
var read = __webpack_require__(95756);
;// CONCATENATED MODULE: ./src/report/command.ts














/** For the job summary's trend: the last days of a source, and a sparkline of a series. */


const REPORT_HELP = `kpi-collector report: sums stored components per period and derives averages, rates and percentiles

Usage:
  kpi-collector report --store <folder | s3://bucket/prefix> --from YYYY-MM-DD --to YYYY-MM-DD [options]

Options:
  --store        the folder that holds the source=… partitions (e.g. kpi-data/kpis), or s3://bucket/prefix
  --from, --to   the inclusive range of days
  --every        day | week | month | all (default day); weeks are ISO weeks (Monday to Sunday), months are
                 calendar months, the first and last period are clipped to the range
  --source       comma-separated sources (default: every source found in the store)
  --kpis         comma-separated KPI ids (default: every KPI with data in the range)
  --config       YAML config file, for the derived figures of KPIs it defines (SQL sources)
  --format       table | csv | json | markdown | html (default table)
  --s3-endpoint  S3-compatible endpoint (MinIO, R2, Ceph)
  --aws-region   AWS region of the bucket

Averages and rates are ratios of the period's sums, never averages of daily figures; percentiles are
interpolated in the period's summed cumulative buckets. Days without data are gaps, never zeros, and so is a
day missing an input of a derived figure. table, markdown and html show figures for people (3m 42s, 6.2 h,
12.5%, 12,345) and mark weeks or months cut by the range as partial; csv and json keep exact values.
`;
const MAX_REPORT_DAYS = inputs/* DEFAULTS */.zY.maxDays;
const NAME_RE = /^[a-z0-9_]+$/;
const KPI_ID_RE = /^[a-z0-9_]+\.[a-z0-9_]+$/;
/** Parses `--store`: `s3://bucket/prefix` or a folder (its parent is the store root, its name the prefix). */
async function openStore(value, s3, io) {
    const v = value.trim();
    if (/^s3:\/\//i.test(v)) {
        const m = /^s3:\/\/([^/]+)\/?(.*)$/i.exec(v);
        const bucket = m[1];
        const prefix = m[2].replace(/\/+$/, '');
        if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || bucket.includes('..')) {
            throw new errors/* UserError */.yo(`store: '${bucket}' is not a valid bucket name; use s3://<bucket>/<prefix> with a lowercase bucket`);
        }
        if (prefix === '') {
            throw new errors/* UserError */.yo(`store: ${v} has no prefix; add the s3-prefix of the collection, e.g. s3://${bucket}/kpis`);
        }
        if (!/^[A-Za-z0-9._\-/=]+$/.test(prefix) ||
            prefix.split('/').some((s) => s === '' || s === '.' || s === '..')) {
            throw new errors/* UserError */.yo(`store: the prefix '${prefix}' is not a plain key prefix; use e.g. s3://${bucket}/team/kpis`);
        }
        const { S3Store } = await Promise.all(/* import() */[__webpack_require__.e(299), __webpack_require__.e(71)]).then(__webpack_require__.bind(__webpack_require__, 41071));
        const store = new S3Store({ bucket, endpoint: s3.endpoint, region: s3.region });
        try {
            await store.check();
        }
        catch (e) {
            throw new errors/* UserError */.yo((0,errors/* errorMessage */.gJ)(e).replace(/^s3-bucket:/, 'store:'));
        }
        return { store, prefix };
    }
    if (s3.endpoint) {
        throw new errors/* UserError */.yo(`s3-endpoint: is set but --store is a folder; use --store s3://bucket/prefix or drop it`);
    }
    const folder = external_node_path_.resolve(v);
    const stat = await external_node_fs_.promises.stat(folder).catch(() => undefined);
    if (!stat?.isDirectory()) {
        throw new errors/* UserError */.yo(`store: ${v} is not a folder; pass the folder that holds the source=… partitions, e.g. kpi-data/kpis`);
    }
    const prefix = external_node_path_.basename(folder);
    if (!prefix)
        throw new errors/* UserError */.yo(`store: ${v} is a file system root; pass the folder of the layout`);
    const entries = await external_node_fs_.promises.readdir(folder);
    if (!entries.some((e) => e.startsWith('source='))) {
        const inner = entries.find((e) => e === 'kpis') ?? entries[0];
        const nested = inner
            ? (await external_node_fs_.promises.readdir(external_node_path_.join(folder, inner)).catch(() => [])).some((e) => e.startsWith('source='))
            : false;
        if (nested) {
            io.stderr.write(`warning: ${v} holds no source=… folders but ${external_node_path_.join(v, inner)} does; did you mean --store ${external_node_path_.join(v, inner)}?\n`);
        }
    }
    return { store: new local_store/* LocalStore */.V(external_node_path_.dirname(folder)), prefix };
}
function oneOf(flag, value, allowed) {
    if (!allowed.includes(value)) {
        throw new errors/* UserError */.yo(`${flag}: '${value}' is not one of ${allowed.join(', ')}; use one of them`);
    }
    return value;
}
function required(flag, value, example) {
    if (value === undefined || value.trim() === '')
        throw new errors/* UserError */.yo(`${flag}: missing; pass --${flag} ${example}`);
    return value.trim();
}
function render(report, format) {
    switch (format) {
        case 'json':
            return (0,report_format/* renderJson */.hF)(report);
        case 'csv':
            return (0,report_format/* renderCsv */.PQ)(report);
        case 'markdown':
            return (0,report_format/* renderMarkdown */.Gc)(report);
        case 'html':
            return renderHtml(report);
        default:
            return (0,report_format/* renderTable */.bo)(report);
    }
}
/**
 * `kpi-collector report …`: reads the stored days in range, sums components per period, derives the rest,
 * and prints the result in the format asked for. Bad flags throw a UserError naming the flag and the fix.
 */
async function reportCommand(args, io, sources = src_sources/* SOURCES */.H) {
    let values;
    try {
        ({ values } = (0,external_node_util_.parseArgs)({
            args,
            options: {
                store: { type: 'string' },
                from: { type: 'string' },
                to: { type: 'string' },
                every: { type: 'string', default: 'day' },
                source: { type: 'string' },
                kpis: { type: 'string' },
                config: { type: 'string' },
                format: { type: 'string', default: 'table' },
                's3-endpoint': { type: 'string' },
                'aws-region': { type: 'string' },
                help: { type: 'boolean', short: 'h' },
            },
            strict: true,
            allowPositionals: false,
        }));
    }
    catch (e) {
        // node's messages name the flag ("Unknown option '--frm'"); add the fix.
        throw new errors/* UserError */.yo(`report: ${(0,errors/* errorMessage */.gJ)(e).replace(/\. To specify .*$/, '')}; see kpi-collector report --help`);
    }
    if (values.help) {
        io.stdout.write(REPORT_HELP);
        return 0;
    }
    const from = (0,dates/* parseDate */._U)(required('from', values.from, 'YYYY-MM-DD'), 'from');
    const to = (0,dates/* parseDate */._U)(required('to', values.to, 'YYYY-MM-DD'), 'to');
    if (to < from)
        throw new errors/* UserError */.yo(`to: ${to} is before --from ${from}; swap them`);
    const days = (0,dates/* daysBetween */.YM)(from, to) + 1;
    if (days > MAX_REPORT_DAYS) {
        throw new errors/* UserError */.yo(`from: the range ${from}..${to} has ${days} days, more than ${MAX_REPORT_DAYS}; shorten it`);
    }
    const every = oneOf('every', values.every, periods/* EVERY */.k7);
    const format = oneOf('format', values.format, report_format/* FORMATS */.hR);
    const sourceNames = values.source !== undefined ? (0,inputs/* parseList */.E1)(values.source) : undefined;
    if (sourceNames?.length === 0)
        throw new errors/* UserError */.yo(`source: empty; name a source, e.g. --source databricks`);
    for (const s of sourceNames ?? []) {
        if (!NAME_RE.test(s))
            throw new errors/* UserError */.yo(`source: '${s}' is not a source name; use e.g. databricks`);
    }
    const kpiIds = values.kpis !== undefined ? (0,inputs/* parseList */.E1)(values.kpis) : undefined;
    if (kpiIds?.length === 0)
        throw new errors/* UserError */.yo(`kpis: empty; name KPI ids, e.g. --kpis databricks.cluster_startup`);
    for (const id of kpiIds ?? []) {
        if (!KPI_ID_RE.test(id)) {
            throw new errors/* UserError */.yo(`kpis: '${id}' is not a KPI id; use <source>.<kpi>, e.g. databricks.cluster_startup`);
        }
        if (sourceNames && !sourceNames.includes(id.slice(0, id.indexOf('.')))) {
            throw new errors/* UserError */.yo(`kpis: '${id}' is not of the sources in --source (${sourceNames.join(', ')}); add its source`);
        }
    }
    const region = values['aws-region']?.trim() || undefined;
    if (region && !/^[a-z0-9-]{2,32}$/.test(region)) {
        throw new errors/* UserError */.yo(`aws-region: '${region}' is not a region name; use e.g. eu-west-1`);
    }
    const endpoint = values['s3-endpoint']?.trim()
        ? (0,inputs/* parseHttpUrl */.f$)(values['s3-endpoint'], 's3-endpoint')
        : undefined;
    const config = values.config
        ? await (0,src_config.loadConfig)(external_node_path_.resolve(values.config), external_node_path_.resolve(inputs/* DEFAULTS */.zY.configFile), sources)
        : undefined;
    const definitions = (0,aggregate/* kpiInfos */.aX)(sources, (s) => config && s.configKpis ? s.configKpis((0,src_config.sourceConfig)(config, s).settings) : []);
    const registered = new Set(sources.map((s) => s.name));
    for (const s of sourceNames ?? []) {
        if (registered.size > 0 && !registered.has(s)) {
            io.stderr.write(`warning: source '${s}' is not registered: only its stored components are reported\n`);
        }
    }
    const location = await openStore(required('store', values.store, '<folder | s3://bucket/prefix>'), { endpoint, region }, io);
    const readFrom = sourceNames ?? (kpiIds ? [...new Set(kpiIds.map((id) => id.slice(0, id.indexOf('.'))))] : undefined);
    const data = await (0,read/* readStore */.uz)(location.store, location.prefix, from, to, { sources: readFrom });
    if (kpiIds) {
        const known = new Set(definitions.map((k) => k.id));
        for (const id of kpiIds) {
            const stored = [...(data.get(id.slice(0, id.indexOf('.')))?.values() ?? [])].some((day) => [...day.keys()].some((v) => (0,aggregate/* kpiOf */.MZ)(v) === id));
            if (!known.has(id) && !stored) {
                throw new errors/* UserError */.yo(`kpis: '${id}' is neither a defined KPI nor stored between ${from} and ${to}; check the id (kpi-collector catalog lists them)`);
            }
        }
    }
    const report = (0,aggregate/* buildReport */.FK)({ data, definitions, from, to, every, kpis: kpiIds });
    if ([...data.values()].every((days) => days.size === 0)) {
        const held = await (0,read/* storeHoldings */.Ie)(location.store, location.prefix, readFrom);
        report.empty = emptyRangeMessage(from, to, held, readFrom, location);
        // csv and json stay machine-readable: the message goes to stderr.
        if (format === 'csv' || format === 'json')
            io.stderr.write(`${report.empty}\n`);
    }
    io.stdout.write(render(report, format));
    return 0;
}
/** "No data from … to …; the store holds databricks from 2025-11-03 to 2026-02-27 (117 days), …". */
function emptyRangeMessage(from, to, held, sources, location) {
    const of = sources ? ` of ${sources.join(', ')}` : '';
    const where = location.store.describe(location.prefix);
    if (held.length === 0) {
        return `No data${of} from ${from} to ${to}: ${where} holds no source=…/date=… objects${of ? ' of those sources' : ''}.`;
    }
    const list = held
        .map((h) => h.first === h.last
        ? `${h.source} on ${h.first} (1 day)`
        : `${h.source} from ${h.first} to ${h.last} (${h.days} days)`)
        .join(', ');
    return `No data${of} from ${from} to ${to}. ${where} holds ${list}.`;
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


/***/ })

};
