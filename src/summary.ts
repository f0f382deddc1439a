import type { RunReport } from './engine.js';
import type { Report } from './report/aggregate.js';
import { cellOf, shownSeries, sparkline } from './report/format.js';
import { formatDuration, formatQuantity } from './report/units.js';

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

/** The job summary of a run, as Markdown: what was written per day, what failed, and why. */
export function renderSummary(report: RunReport): string {
  const out: string[] = [];
  const range =
    report.startDate === report.endDate ? report.startDate : `${report.startDate} .. ${report.endDate}`;
  out.push(`## kpi-collector: ${report.source}, ${range} (${report.timeZone})`, '');
  const ok = report.kpis.filter((k) => k.ok).length;
  out.push(
    `${ok} of ${report.kpis.length} KPI(s) collected, ${formatQuantity(report.rows.length)} row(s)` +
      (report.dryRun ? ' — dry run, nothing written.' : `, ${report.writes.length} object(s) written.`),
    '',
  );
  for (const w of report.warnings) out.push(`> [!WARNING]`, `> ${escapeCell(w)}`, '');
  if (report.cancelled) {
    out.push(
      '> [!CAUTION]',
      '> The run was cancelled: KPIs listed as failed were not collected, and the days below were not written.',
      '',
    );
  }
  if (report.writeErrors.length > 0 || report.unwrittenDays.length > 0) {
    out.push('### Not written', '');
    for (const e of report.writeErrors) out.push(`- ${escapeCell(e)}`);
    if (report.unwrittenDays.length > 0) out.push(`- days not written: ${report.unwrittenDays.join(', ')}`);
    if (report.savedDir) {
      out.push(
        `- the collected rows were saved under \`${escapeCell(report.savedDir)}\` (output \`saved-dir\`; keep it with actions/upload-artifact). Re-run with the same inputs to write them.`,
      );
    }
    out.push('');
  }

  out.push('| KPI | status | rows | time |', '| --- | --- | ---: | ---: |');
  for (const k of report.kpis) {
    out.push(
      `| \`${k.id}\` | ${k.ok ? '✅ collected' : '❌ failed'} | ${formatQuantity(k.rows)} | ${formatDuration(k.ms / 1000)} |`,
    );
  }
  out.push('');

  if (report.writes.length > 0) {
    out.push('| day | rows of this run | rows kept | object |', '| --- | ---: | ---: | --- |');
    for (const w of report.writes)
      out.push(
        `| ${w.date} | ${formatQuantity(w.written)} | ${formatQuantity(w.kept)} | \`${escapeCell(w.location)}\` |`,
      );
    out.push('');
  }

  if (report.trend) out.push(...renderTrend(report.trend, report.endDate));

  const failures = report.kpis.filter((k) => !k.ok);
  if (failures.length > 0) {
    out.push('### Failed', '');
    for (const k of failures) {
      // The error names its KPI first (as the log shows it); the list names it already.
      const error = (k.error ?? 'failed').replace(`${k.id}: `, '');
      out.push(`- \`${k.id}\`: ${escapeCell(error)}`);
    }
    out.push(
      '',
      'Rows of the failed KPIs were not changed in the store; re-run the same dates to collect them.',
      '',
    );
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
function renderTrend(trend: Report, endDate: string): string[] {
  const out: string[] = [`### Figures of ${endDate}, and the last ${trend.periods.length} days`, ''];
  out.push('| figure | value | trend | days with data |', '| --- | ---: | --- | ---: |');
  for (const k of trend.kpis) {
    const withHistory = k.dates.length > 1;
    for (const s of shownSeries(k)) {
      const figures = k.figures.get(s.variable)!;
      const last = figures[figures.length - 1]!;
      const line = withHistory ? sparkline(figures.map((f) => f.value)) : '';
      out.push(`| \`${s.variable}\` | ${escapeCell(cellOf(last, s.unit))} | ${line} | ${k.dates.length} |`);
    }
  }
  out.push('');
  return out;
}
