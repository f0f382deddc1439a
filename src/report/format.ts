import { addDays, daysBetween } from '../dates.js';
import { allFigures, type Figure, type KpiReport, type Report, type Series } from './aggregate.js';
import { everyPhrase, isPartial, periodLabel } from './periods.js';
import { formatIn } from './units.js';

export const FORMATS = ['table', 'csv', 'json', 'markdown', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/** The mark of a missing value (gap or undefined ratio) in the human formats. */
const NO_VALUE = '—';

const SPARKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;
/** The sparkline character of a missing value. */
const SPARK_GAP = '·';

/** A Unicode sparkline, one character per value, scaled from the smallest to the largest; null is a gap. */
export function sparkline(values: ReadonlyArray<number | null>): string {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (present.length === 0) return values.map(() => SPARK_GAP).join('');
  const min = Math.min(...present);
  const max = Math.max(...present);
  return values
    .map((v) => {
      if (v === null || !Number.isFinite(v)) return SPARK_GAP;
      // Equal up to float noise (2.1 d computed from different sums): flat, not a jump from ▁ to █.
      if (max - min <= 1e-9 * Math.max(Math.abs(max), Math.abs(min)))
        return min === 0 ? SPARKS[0] : SPARKS[3];
      return SPARKS[Math.round(((v - min) / (max - min)) * (SPARKS.length - 1))];
    })
    .join('');
}

/** A value for people in its unit (`3m 42s`, `12.5%`, `12,345`); the gap mark for null. */
export function formatValue(value: number | null, unit = ''): string {
  return value === null ? NO_VALUE : formatIn(unit, value);
}

/**
 * The cell of a figure in its unit: its value, or its note when it has none ("> 1 h" for a rank above the
 * last bucket), or the gap mark.
 */
export function cellOf(f: Figure, unit = ''): string {
  if (f.value === null) {
    const bound = /^> (-?\d+(?:\.\d+)?)$/.exec(f.note ?? '');
    return bound ? `> ${formatIn(unit, Number(bound[1]))}` : NO_VALUE;
  }
  return formatIn(unit, f.value);
}

/** Series shown to people: buckets are inputs of percentiles and only appear in csv and json. */
export function shownSeries(k: KpiReport): Series[] {
  return k.series.filter((s) => !s.bucket);
}

/** The days of the range without data for the KPI, as compact ranges (at most `limit`, then a count). */
export function missingRanges(report: Report, k: KpiReport, limit = 12): string[] {
  const have = new Set(k.dates);
  const ranges: Array<[string, string]> = [];
  for (let d = report.from; d <= report.to; d = addDays(d, 1)) {
    if (have.has(d)) continue;
    const last = ranges[ranges.length - 1];
    if (last && addDays(last[1], 1) === d) last[1] = d;
    else ranges.push([d, d]);
  }
  const shown = ranges.slice(0, limit).map(([a, b]) => (a === b ? a : `${a}..${b}`));
  if (ranges.length > limit) shown.push(`and ${ranges.length - limit} more`);
  return shown;
}

export function renderJson(report: Report): string {
  return JSON.stringify(allFigures(report), null, 2) + '\n';
}

/**
 * One CSV cell (RFC 4180), safe to open in a spreadsheet: a cell that is not a plain number and starts with
 * `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` so no formula runs (OWASP "CSV
 * injection"), and a cell holding a comma, a quote or a line break is quoted, so it can't shift columns.
 * The store's ids are validated when read; this is the second line of defence.
 */
export function csvCell(text: string): string {
  const plainNumber = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text);
  const safe = !plainNumber && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function renderCsv(report: Report): string {
  const lines = ['period_start,period_end,variable,value,days,note'];
  for (const f of allFigures(report)) {
    const value = f.value === null ? '' : String(f.value);
    lines.push(
      [f.period_start, f.period_end, f.variable, value, String(f.days), f.note ?? ''].map(csvCell).join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

/** A period's label, with "(partial)" when the range cuts its week or month. */
function periodCell(report: Report, i: number): string {
  const p = report.periods[i]!;
  return `${periodLabel(p, report.every)}${isPartial(p, report.every) ? ' (partial)' : ''}`;
}

/** The footnote of partial periods, when there are any. */
export function partialNote(report: Report): string | undefined {
  if (!report.periods.some((p) => isPartial(p, report.every))) return undefined;
  const what = report.every === 'week' ? 'week' : 'month';
  return `(partial): the range covers only part of that ${what}, so its sums are over fewer days than a whole ${what}'s.`;
}

/** The rows of one KPI's table: period, days with data / days in the period, then one column per series. */
function tableRows(report: Report, k: KpiReport): { header: string[]; rows: string[][] } {
  const series = shownSeries(k);
  const header = ['period', 'days', ...series.map((s) => s.name)];
  const rows = report.periods.map((p, i) => [
    periodCell(report, i),
    `${k.days[i]}/${daysBetween(p.start, p.end) + 1}`,
    ...series.map((s) => cellOf(k.figures.get(s.variable)![i]!, s.unit)),
  ]);
  return { header, rows };
}

function title(k: KpiReport): string {
  return `${k.kpi.id}${k.kpi.unit ? ` (${k.kpi.unit})` : ''}`;
}

/** The range and how it is split, in words: "2026-01-05 to 2026-03-01, by ISO week (Monday to Sunday)". */
export function rangeLine(report: Report): string {
  const span = report.from === report.to ? report.from : `${report.from} to ${report.to}`;
  return `${span}, ${everyPhrase(report.every, report.from, report.to)}`;
}

/** Plain text: one aligned table per KPI, a sparkline per figure, then the days without data. */
export function renderTable(report: Report): string {
  const out = [`KPI report, ${rangeLine(report)}`, ''];
  if (report.empty) out.push(report.empty, '');
  else if (report.kpis.length === 0) out.push('No data in this range.', '');
  for (const k of report.kpis) {
    out.push(`${title(k)}: ${k.kpi.definition}`);
    const { header, rows } = tableRows(report, k);
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => [...r[c]!].length)));
    const line = (cells: string[]) =>
      cells
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
        .join('  ')
        .trimEnd();
    out.push(line(header), ...rows.map(line));
    if (report.periods.length > 1) {
      const series = shownSeries(k);
      const nameWidth = Math.max(...series.map((s) => s.name.length));
      out.push('trend:');
      for (const s of series) {
        out.push(
          `  ${s.name.padEnd(nameWidth)}  ${sparkline(k.figures.get(s.variable)!.map((f) => f.value))}`,
        );
      }
    }
    const missing = missingRanges(report, k);
    if (missing.length > 0) out.push(`no data: ${missing.join(', ')}`);
    out.push('');
  }
  const partial = partialNote(report);
  if (partial && report.kpis.length > 0) out.push(partial, '');
  return out.join('\n');
}

const md = (t: string) => t.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

export function renderMarkdown(report: Report): string {
  const out = [`# KPI report`, '', `${rangeLine(report)}.`, ''];
  if (report.empty) out.push(md(report.empty), '');
  else if (report.kpis.length === 0) out.push('No data in this range.', '');
  for (const k of report.kpis) {
    out.push(
      `## \`${k.kpi.id}\``,
      '',
      `${md(k.kpi.definition)}${k.kpi.unit ? ` Unit: ${k.kpi.unit}.` : ''}`,
      '',
    );
    const { header, rows } = tableRows(report, k);
    const numeric = header.map((_, c) => c > 0);
    out.push(`| ${header.map(md).join(' | ')} |`);
    out.push(`| ${numeric.map((n) => (n ? '---:' : '---')).join(' | ')} |`);
    for (const r of rows) out.push(`| ${r.map(md).join(' | ')} |`);
    out.push('');
    const missing = missingRanges(report, k);
    if (missing.length > 0) out.push(`No data: ${missing.join(', ')}.`, '');
  }
  const partial = partialNote(report);
  if (partial && report.kpis.length > 0) out.push(partial, '');
  return out.join('\n');
}
