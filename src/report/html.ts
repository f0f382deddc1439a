import { formula } from '../catalog.js';
import { daysBetween } from '../dates.js';
import type { KpiReport, Report, Series } from './aggregate.js';
import { cellOf, formatValue, missingRanges, partialNote, rangeLine, shownSeries } from './format.js';
import { isPartial, naturalDays, periodLabel, type Every, type Period } from './periods.js';
import { axisUnit, formatTick } from './units.js';

const esc = (t: string) =>
  t.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

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

/** A chart: the series it draws, all in one unit. */
interface Chart {
  unit: string;
  series: Series[];
}

/**
 * The charts of a KPI, one per unit: in each unit its derived figures (avg, p50, p90 of merge time, a
 * failure rate), or its components when it has no derived figure in that unit (counts). A sum of seconds
 * is not drawn beside the averages it would dwarf. The KPI's own unit comes first.
 */
function charts(k: KpiReport): Chart[] {
  const shown = shownSeries(k);
  const units = [...new Set(shown.map((s) => s.unit))].sort(
    (a, b) => Number(b === k.kpi.unit) - Number(a === k.kpi.unit),
  );
  const out: Chart[] = [];
  for (const unit of units) {
    const inUnit = shown.filter((s) => s.unit === unit);
    const derived = inUnit.filter((s) => s.kind !== 'component');
    const series = (derived.length > 0 ? derived : inUnit).slice(0, COLORS.length);
    out.push({ unit, series });
  }
  return out;
}

/** A round step for about `ticks` intervals over `span`: 1, 2 or 5 times a power of ten. */
function niceStep(span: number, ticks: number): number {
  const raw = span / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/** A period's x-axis label: short where the axis leaves no doubt (`W02`, `03-02`). */
function axisLabel(p: Period, every: Every, oneYear: boolean): string {
  if (oneYear && every === 'week') return periodLabel(p, every).slice(5);
  if (oneYear && every === 'day') return p.start.slice(5);
  return periodLabel(p, every);
}

/** An inline SVG line chart: one point per period with a value, lines broken at gaps, labelled axes. */
function lineChart(report: Report, k: KpiReport, chart: Chart): string {
  const { series } = chart;
  const n = report.periods.length;
  const partial = report.periods.map((p) => isPartial(p, report.every));
  const present = series.flatMap((s) =>
    k.figures
      .get(s.variable)!
      .map((f) => f.value)
      .filter((v): v is number => v !== null),
  );
  const axis = axisUnit(chart.unit, Math.max(0, ...present.map(Math.abs)));
  let lo = Math.min(0, ...present) / axis.divisor;
  let hi = Math.max(0, ...present) / axis.divisor;
  if (hi === lo) hi = lo + 1;
  const step = niceStep(hi - lo, 4);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const ticks: Array<{ v: number; label: string }> = [];
  for (let v = lo; v <= hi + step / 2; v += step) {
    ticks.push({ v, label: `${formatTick(Number(v.toPrecision(12)))}${v === 0 ? '' : axis.suffix}` });
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
  const x = (i: number) => r1(left + (n === 1 ? plotW / 2 : pad + (i * (plotW - 2 * pad)) / (n - 1)));
  const y = (v: number) => r1(TOP + plotH - ((v / axis.divisor - lo) / (hi - lo)) * plotH);
  const yTick = (v: number) => r1(TOP + plotH - ((v - lo) / (hi - lo)) * plotH);

  const radius = n <= 20 ? 3.5 : n <= 60 ? 2.5 : 1.8; // points stay apart as periods grow
  const parts: string[] = [];
  for (const t of ticks) {
    const yy = yTick(t.v);
    parts.push(
      `<line class="grid" x1="${left}" x2="${W - RIGHT}" y1="${yy}" y2="${yy}"/>`,
      `<text class="ylabel" x="${left - 6}" y="${yy}" dy="0.32em" text-anchor="end">${esc(t.label)}</text>`,
    );
  }
  // Labelled periods: as many as fit side by side, counted back from the last period.
  const fit = Math.max(1, Math.floor((plotW - 2 * pad + labelW) / (labelW + CHAR * 2)));
  const every = Math.max(1, Math.ceil(n / fit));
  report.periods.forEach((_, i) => {
    parts.push(`<line class="tick" x1="${x(i)}" x2="${x(i)}" y1="${H - BOTTOM}" y2="${H - BOTTOM + 4}"/>`);
    if ((n - 1 - i) % every === 0) {
      parts.push(
        `<text class="xlabel" x="${x(i)}" y="${H - BOTTOM + 18}" text-anchor="middle">${esc(labels[i]!)}</text>`,
      );
    }
  });
  parts.push(
    `<line class="axis" x1="${left}" x2="${W - RIGHT}" y1="${H - BOTTOM}" y2="${H - BOTTOM}"/>`,
    `<line class="axis" x1="${left}" x2="${left}" y1="${TOP - 6}" y2="${H - BOTTOM}"/>`,
    `<text class="unit" x="2" y="${FONT}">${esc(axis.title)}</text>`,
  );
  series.forEach((s, si) => {
    const color = COLORS[si]!;
    const figures = k.figures.get(s.variable)!;
    let run: string[] = [];
    const flush = () => {
      if (run.length > 1) parts.push(`<polyline class="line" stroke="${color}" points="${run.join(' ')}"/>`);
      run = [];
    };
    // Solid lines join whole periods; a segment to or from a partial period is dashed.
    for (let i = 0; i < n; i++) {
      const v = figures[i]!.value;
      if (v === null) {
        flush();
        continue;
      }
      const next = figures[i + 1]?.value ?? null;
      if (partial[i]) {
        flush();
      } else {
        run.push(`${x(i)},${y(v)}`);
      }
      if (next !== null && i + 1 < n && (partial[i] || partial[i + 1])) {
        flush();
        parts.push(
          `<line class="line partial" stroke="${color}" x1="${x(i)}" y1="${y(v)}" x2="${x(i + 1)}" y2="${y(next)}"/>`,
        );
      }
    }
    flush();
    figures.forEach((f, i) => {
      if (f.value === null) return;
      const p = report.periods[i]!;
      const days = `${f.days} of ${daysBetween(p.start, p.end) + 1} days${partial[i] ? `, partial ${report.every} of ${naturalDays(p, report.every)}` : ''}`;
      parts.push(
        `<circle class="point${partial[i] ? ' partial' : ''}" data-series="${esc(s.variable)}" data-period="${f.period_start}" cx="${x(i)}" cy="${y(f.value)}" r="${radius}" ${partial[i] ? `fill="none" stroke="${color}"` : `fill="${color}"`}><title>${esc(`${s.name} ${periodLabel(p, report.every)}: ${formatValue(f.value, s.unit)} (${days})`)}</title></circle>`,
      );
    });
  });
  const per = report.every === 'all' ? 'over the range' : `per ${report.every}`;
  const label = `${k.kpi.id}: ${series.map((s) => s.name).join(', ')} ${per}, in ${axis.title}`;
  const legend =
    series.map((s, i) => `<span><i style="background:${COLORS[i]}"></i>${esc(s.name)}</span>`).join('') +
    (partial.some(Boolean) ? `<span><i class="hollow"></i>partial ${esc(report.every)}</span>` : '');
  return (
    `<figure class="chart"><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(label)}" xmlns="http://www.w3.org/2000/svg">` +
    parts.join('') +
    `</svg><figcaption class="legend">${legend}</figcaption></figure>`
  );
}

/** A column name that may wrap after its underscores (`avg_merge_seconds` on a phone). */
const wrapName = (name: string) => esc(name).replace(/_/g, '_<wbr>');

function table(report: Report, k: KpiReport): string {
  const series = shownSeries(k);
  const head = ['period', 'days', ...series.map((s) => s.name)]
    .map((h) => `<th>${wrapName(h)}</th>`)
    .join('');
  const rows = report.periods.map((p, i) => {
    const cells = series.map((s) => {
      const f = k.figures.get(s.variable)![i]!;
      return `<td${f.value === null ? ' class="gap"' : ''}>${esc(cellOf(f, s.unit))}</td>`;
    });
    const partial = isPartial(p, report.every) ? '<small>partial</small>' : '';
    return `<tr><th scope="row">${esc(periodLabel(p, report.every))}${partial}</th><td>${k.days[i]}/${daysBetween(p.start, p.end) + 1}</td>${cells.join('')}</tr>`;
  });
  return `<div class="table" tabindex="0" role="region" aria-label="${esc(k.kpi.id)} figures per period"><table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function definitions(k: KpiReport): string {
  const items: string[] = [];
  for (const s of shownSeries(k)) {
    const d = k.kpi.derived.find((x) => x.name === s.name);
    const how = d ? ` = <code>${esc(formula(d))}</code>` : ' (summed over the days of the period)';
    items.push(
      `<li><code>${esc(s.name)}</code>${s.unit ? ` [${esc(s.unit)}]` : ''}: ${esc(s.description)}${how}</li>`,
    );
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
export function renderHtml(report: Report): string {
  const sections = report.kpis.map((k) => {
    const missing = missingRanges(report, k);
    return (
      `<section class="kpi" id="${esc(k.kpi.id)}"><h2>${esc(k.kpi.id)}</h2><p>${esc(k.kpi.definition)}${k.kpi.unit ? ` Unit: ${esc(k.kpi.unit)}.` : ''}</p>` +
      // One period (--every all, or a short range) has nothing to draw a line through: the table says it all.
      (report.periods.length > 1
        ? `<div class="charts">${charts(k)
            .map((c) => lineChart(report, k, c))
            .join('')}</div>`
        : '') +
      table(report, k) +
      (missing.length > 0 ? `<p class="missing">No data: ${esc(missing.join(', '))}.</p>` : '') +
      definitions(k) +
      `</section>`
    );
  });
  const partial = partialNote(report);
  const nav =
    report.kpis.length > 1
      ? `<nav>${report.kpis.map((k) => `<a href="#${esc(k.kpi.id)}">${esc(k.kpi.id)}</a>`).join('')}</nav>`
      : '';
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>KPI report ${esc(report.from)} to ${esc(report.to)}</title>`,
    `<style>${CSS.trim()}</style></head><body><main>`,
    `<h1>KPI report</h1><p class="range">${esc(rangeLine(report))}</p>`,
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
