import { formula } from '../catalog.js';
import { daysBetween } from '../dates.js';
import type { KpiReport, Report, Series } from './aggregate.js';
import { cellOf, formatValue, missingRanges, shownSeries } from './format.js';
import { periodLabel } from './periods.js';

const esc = (t: string) =>
  t.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];

/** Chart geometry (SVG user units; the SVG scales to its box). */
const W = 480;
const H = 260;
const M = { left: 58, right: 34, top: 12, bottom: 34 };

/**
 * The series drawn in a KPI's chart, all in one unit: the derived figures in the KPI's unit (e.g. avg, p50 and
 * p90 seconds, not the summed seconds that would dwarf them), else the components in that unit, else the first.
 */
export function chartSeries(k: KpiReport): Series[] {
  const shown = shownSeries(k);
  const derived = shown.filter((s) => s.kind !== 'component' && s.unit === k.kpi.unit);
  const components = shown.filter((s) => s.kind === 'component' && s.unit === k.kpi.unit);
  const chosen = derived.length > 0 ? derived : components.length > 0 ? components : shown.slice(0, 1);
  return chosen.slice(0, COLORS.length);
}

/** A round step for about `ticks` intervals over `span`: 1, 2 or 5 times a power of ten. */
function niceStep(span: number, ticks: number): number {
  const raw = span / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/** An inline SVG line chart: one point per period with a value, lines broken at gaps, labelled axes. */
export function lineChart(report: Report, k: KpiReport): string {
  const series = chartSeries(k);
  const values = series.flatMap((s) => k.figures.get(s.variable)!.map((f) => f.value));
  const present = values.filter((v): v is number => v !== null);
  let lo = Math.min(0, ...present);
  let hi = Math.max(0, ...present);
  if (hi === lo) hi = lo + 1;
  const step = niceStep(hi - lo, 4);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const n = report.periods.length;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const x = (i: number) => r1(M.left + (n === 1 ? plotW / 2 : (i * plotW) / (n - 1)));
  const y = (v: number) => r1(M.top + plotH - ((v - lo) / (hi - lo)) * plotH);

  const parts: string[] = [];
  for (let v = lo; v <= hi + step / 2; v += step) {
    const yy = y(v);
    parts.push(
      `<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${yy}" y2="${yy}"/>`,
      `<text class="ylabel" x="${M.left - 6}" y="${yy}" dy="0.32em" text-anchor="end">${esc(formatValue(Number(v.toPrecision(12))))}</text>`,
    );
  }
  const every = Math.max(1, Math.ceil(n / 5)); // labelled ticks, counted back from the last period
  report.periods.forEach((p, i) => {
    parts.push(
      `<line class="tick" x1="${x(i)}" x2="${x(i)}" y1="${H - M.bottom}" y2="${H - M.bottom + 4}"/>`,
    );
    if ((n - 1 - i) % every === 0) {
      parts.push(
        `<text class="xlabel" x="${x(i)}" y="${H - M.bottom + 18}" text-anchor="middle">${esc(periodLabel(p, report.every))}</text>`,
      );
    }
  });
  parts.push(
    `<line class="axis" x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}"/>`,
    `<line class="axis" x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${H - M.bottom}"/>`,
  );
  if (k.kpi.unit) {
    parts.push(
      `<text class="unit" x="12" y="${r1(M.top + plotH / 2)}" text-anchor="middle" transform="rotate(-90 12 ${r1(M.top + plotH / 2)})">${esc(k.kpi.unit)}</text>`,
    );
  }
  series.forEach((s, si) => {
    const color = COLORS[si]!;
    const figures = k.figures.get(s.variable)!;
    let run: string[] = [];
    const flush = () => {
      if (run.length > 1) parts.push(`<polyline class="line" stroke="${color}" points="${run.join(' ')}"/>`);
      run = [];
    };
    figures.forEach((f, i) => {
      if (f.value === null) return flush();
      run.push(`${x(i)},${y(f.value)}`);
    });
    flush();
    figures.forEach((f, i) => {
      if (f.value === null) return;
      parts.push(
        `<circle class="point" data-series="${esc(s.variable)}" data-period="${f.period_start}" cx="${x(i)}" cy="${y(f.value)}" r="3.5" fill="${color}"><title>${esc(`${s.name} ${periodLabel(report.periods[i]!, report.every)}: ${formatValue(f.value)} (${f.days} days)`)}</title></circle>`,
      );
    });
  });
  const label = `${k.kpi.id}: ${series.map((s) => s.name).join(', ')} per ${report.every}`;
  const legend = series
    .map((s, i) => `<span><i style="background:${COLORS[i]}"></i>${esc(s.name)}</span>`)
    .join('');
  return (
    `<figure class="chart"><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(label)}" xmlns="http://www.w3.org/2000/svg">` +
    parts.join('') +
    `</svg><figcaption class="legend">${legend}</figcaption></figure>`
  );
}

function table(report: Report, k: KpiReport): string {
  const series = shownSeries(k);
  const head = ['period', 'days', ...series.map((s) => s.name)].map((h) => `<th>${esc(h)}</th>`).join('');
  const rows = report.periods.map((p, i) => {
    const cells = series.map((s) => {
      const f = k.figures.get(s.variable)![i]!;
      return `<td${f.value === null ? ' class="gap"' : ''}>${esc(cellOf(f))}</td>`;
    });
    return `<tr><th scope="row">${esc(periodLabel(p, report.every))}</th><td>${k.days[i]}/${daysBetween(p.start, p.end) + 1}</td>${cells.join('')}</tr>`;
  });
  return `<div class="table"><table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
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
body{margin:0;padding:12px;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#fff}
main{max-width:1200px;margin:0 auto}
h1{font-size:1.4em;margin:.2em 0}
h2{font-size:1.1em;margin:0 0 .3em;overflow-wrap:anywhere}
section{border-top:1px solid #ddd;padding:12px 0}
.row{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
.chart{flex:1 1 320px;min-width:0;max-width:600px;margin:0}
.chart svg{width:100%;height:auto;display:block}
.table{flex:1 1 340px;min-width:0;overflow-x:auto}
table{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:.9em}
th,td{padding:3px 8px;border-bottom:1px solid #eee;text-align:right;white-space:nowrap}
thead th{border-bottom:2px solid #ccc}
tbody th{text-align:left;font-weight:normal}
td.gap{color:#999}
.grid{stroke:#eee}.axis,.tick{stroke:#777}
.line{fill:none;stroke-width:2}
.xlabel,.ylabel,.unit{font-size:12px;fill:#555}
.legend span{margin-right:12px;white-space:nowrap;font-size:.85em}
.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
.note,.missing{color:#666;font-size:.9em}
code{font-size:.9em}
@media (prefers-color-scheme:dark){body{background:#111;color:#ddd}section{border-color:#333}th,td{border-color:#2a2a2a}.grid{stroke:#2a2a2a}.xlabel,.ylabel,.unit{fill:#aaa}}
`;

/** One self-contained page: per KPI a line chart (inline SVG), its table, and its definitions. */
export function renderHtml(report: Report): string {
  const sections = report.kpis.map((k) => {
    const missing = missingRanges(report, k);
    return (
      `<section class="kpi" id="${esc(k.kpi.id)}"><h2>${esc(k.kpi.id)}</h2><p>${esc(k.kpi.definition)}${k.kpi.unit ? ` Unit: ${esc(k.kpi.unit)}.` : ''}</p>` +
      `<div class="row">${lineChart(report, k)}${table(report, k)}</div>` +
      (missing.length > 0 ? `<p class="missing">No data: ${esc(missing.join(', '))}.</p>` : '') +
      definitions(k) +
      `</section>`
    );
  });
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>KPI report ${esc(report.from)} to ${esc(report.to)}</title>`,
    `<style>${CSS.trim()}</style></head><body><main>`,
    `<h1>KPI report</h1><p class="note">${esc(report.from)} to ${esc(report.to)}, every ${esc(report.every)}. ` +
      `Averages and rates are ratios of sums over each period; percentiles are interpolated in the summed ` +
      `cumulative buckets. — marks a period without data or a ratio with a zero denominator.</p>`,
    report.kpis.length === 0 ? '<p>No data in this range.</p>' : sections.join('\n'),
    '</main></body></html>',
    '',
  ].join('\n');
}
