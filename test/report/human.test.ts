import { describe, it, expect } from '@jest/globals';
import type { RunReport } from '../../src/engine.js';
import { buildReport, kpiInfos, type Report } from '../../src/report/aggregate.js';
import { renderCsv, renderJson, renderMarkdown, renderTable, sparkline } from '../../src/report/format.js';
import { renderHtml } from '../../src/report/html.js';
import { EVERY } from '../../src/report/periods.js';
import type { SourceDays } from '../../src/report/read.js';
import { formatDuration, formatPercent, formatQuantity } from '../../src/report/units.js';
import { renderSummary } from '../../src/summary.js';
import { RPT_SOURCES, startupDay } from './fixtures.js';

const DEFS = kpiInfos(RPT_SOURCES);

function data(days: Record<string, Record<string, number>>): Map<string, SourceDays> {
  const source: SourceDays = new Map();
  for (const [date, values] of Object.entries(days)) source.set(date, new Map(Object.entries(values)));
  return new Map([['rpt', source]]);
}

/** A week of startups whose figures need every human unit: minutes, hours, days, a rate, 8 digits. */
function weekReport(every: Report['every'] = 'all'): Report {
  const days: Record<string, Record<string, number>> = {};
  // 3 startups a day of 200, 222 and 244 s (avg 222 s = 3m 42s); 1 failure out of 4 on the first day.
  for (const d of ['2026-03-02', '2026-03-03', '2026-03-04']) {
    const day = startupDay([200, 222, 244], d === '2026-03-02' ? 1 : 0);
    for (const [c, v] of Object.entries(day)) (days[d] ??= {})[`rpt.startup.${c}`] = v;
    days[d]![`rpt.events.n`] = 12_345_678;
  }
  return buildReport({ data: data(days), definitions: DEFS, from: '2026-03-02', to: '2026-03-04', every });
}

/** Text figures with a float artefact: 7 or more decimals (`2450.6850000000004`, `0.30000000000000004`). */
const ARTEFACT = /\d\.\d{7,}/;

describe('figures for people', () => {
  it('durations in human units', () => {
    const cases: Array<[number, string]> = [
      [0, '0 s'],
      [4.24, '4.2 s'],
      [42, '42 s'],
      [59.4, '59 s'],
      [60, '1m'],
      [222, '3m 42s'],
      [3599, '59m 59s'],
      [6.2 * 3600, '6.2 h'],
      [23 * 3600, '23 h'],
      [4.1 * 86400, '4.1 d'],
      [1234 * 86400, '1,234 d'],
      [-90, '-1m 30s'],
    ];
    for (const [seconds, text] of cases) expect([seconds, formatDuration(seconds)]).toEqual([seconds, text]);
  });

  it('rates as percentages and numbers with separators, without float artefacts', () => {
    expect(formatPercent(0.125)).toBe('12.5%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(1 / 3)).toBe('33.3%');
    expect(formatPercent(0.0001)).toBe('<0.1%');
    expect(formatQuantity(12_345_678)).toBe('12,345,678');
    expect(formatQuantity(0.1 + 0.2)).toBe('0.3');
    expect(formatQuantity(2450.6850000000004)).toBe('2,451');
    expect(formatQuantity(2.345678)).toBe('2.35');
  });

  it('the table, markdown and html show human units, hide buckets, and carry no artefacts', () => {
    const report = weekReport();
    const table = renderTable(report);
    const markdown = renderMarkdown(report);
    const html = renderHtml(report);
    for (const text of [table, markdown, html]) {
      expect(text).toContain('3m 42s'); // avg_seconds: (3 × 666) / 9
      expect(text).toContain('37,037,034'); // events: 12,345,678 a day over three days
      expect(text).toContain('10%'); // failure_rate: 1 / (9 + 1)
      expect(text).toContain('33m 18s'); // the summed seconds: 3 days × 666 s = 1998 s
      expect(text).not.toMatch(ARTEFACT);
      expect(text).not.toMatch(/le_\d/);
    }
    // csv and json keep the exact values and every bucket.
    expect(renderCsv(report)).toMatch(/,rpt\.startup\.avg_seconds,222,3,/);
    expect(renderCsv(report)).toMatch(/rpt\.startup\.le_10,0,3,/);
    expect(JSON.parse(renderJson(report))).toContainEqual(
      expect.objectContaining({ variable: 'rpt.startup.failure_rate', value: 0.1 }),
    );
  });

  it('a percentile above the last bucket reads in the unit of the figure', () => {
    // Every duration above the last bound (50 s): p50 is "> 50 s" in the human formats, "> 50" in csv.
    const days = { '2026-03-02': startupDay([3000, 4000], 0) };
    const values = Object.fromEntries(
      Object.entries(days['2026-03-02']).map(([c, v]) => [`rpt.startup.${c}`, v]),
    );
    const report = buildReport({
      data: data({ '2026-03-02': values }),
      definitions: DEFS,
      from: '2026-03-02',
      to: '2026-03-02',
      every: 'day',
    });
    expect(renderTable(report)).toContain('> 50 s');
    expect(renderCsv(report)).toContain('rpt.startup.p50_seconds,,1,> 50');
  });

  it('the header reads naturally for every --every', () => {
    const headers = EVERY.map((every) => renderTable(weekReport(every)).split('\n')[0]!);
    expect(headers).toEqual([
      'KPI report, 2026-03-02 to 2026-03-04, day by day',
      'KPI report, 2026-03-02 to 2026-03-04, by ISO week (Monday to Sunday)',
      'KPI report, 2026-03-02 to 2026-03-04, by calendar month',
      'KPI report, 2026-03-02 to 2026-03-04, as one period of 3 days',
    ]);
    for (const every of EVERY) {
      for (const text of [renderMarkdown(weekReport(every)), renderHtml(weekReport(every))]) {
        expect(text).not.toMatch(/every (day|week|month|all)\b/);
      }
    }
  });

  it('partial weeks are marked, in words, where the range cuts them', () => {
    // 2026-03-04 is a Wednesday: the range's only week is cut on both sides.
    const table = renderTable(weekReport('week'));
    expect(table).toMatch(/^2026-W10 \(partial\)\s+3\/3/m);
    expect(table).toContain('(partial): the range covers only part of that week');
    expect(renderTable(weekReport('day'))).not.toContain('partial');
  });

  it('buckets are sorted by their numeric bound wherever they appear', () => {
    // A KPI no source defines, with buckets stored out of text order.
    const report = buildReport({
      data: data({
        '2026-03-02': { 'rpt.other.le_100': 3, 'rpt.other.le_20': 2, 'rpt.other.le_5': 1, 'rpt.other.n': 3 },
      }),
      definitions: DEFS,
      from: '2026-03-02',
      to: '2026-03-02',
      every: 'day',
    });
    const variables = (JSON.parse(renderJson(report)) as Array<{ variable: string }>).map((f) => f.variable);
    expect(variables).toEqual(['rpt.other.n', 'rpt.other.le_5', 'rpt.other.le_20', 'rpt.other.le_100']);
    expect(
      renderCsv(report)
        .split('\r\n')
        .slice(1, 5)
        .map((l) => l.split(',')[2]),
    ).toEqual(variables);
  });

  it('the job summary shows durations, rates and counts for people', () => {
    const trend = weekReport('day');
    const run: RunReport = {
      source: 'rpt',
      startDate: '2026-03-04',
      endDate: '2026-03-04',
      timeZone: 'UTC',
      dryRun: false,
      kpis: [{ id: 'rpt.startup', ok: true, rows: 12_345, ms: 222_000 }],
      rows: [],
      writes: [
        { date: '2026-03-04', written: 12_345, kept: 1_000, location: '/tmp/x' },
      ] as RunReport['writes'],
      writeErrors: [],
      unwrittenDays: [],
      cancelled: false,
      trend,
      failed: [],
      warnings: [],
      sourceLines: [],
    };
    const summary = renderSummary(run);
    expect(summary).toContain('| `rpt.startup` | ✅ collected | 12,345 | 3m 42s |');
    expect(summary).toContain('| 2026-03-04 | 12,345 | 1,000 |');
    expect(summary).toMatch(/\| `rpt\.startup\.avg_seconds` \| 3m 42s \|/);
    expect(summary).toMatch(/\| `rpt\.startup\.failure_rate` \| 0% \|/);
    expect(summary).toMatch(/\| `rpt\.events\.n` \| 12,345,678 \|/);
    expect(summary).not.toMatch(/le_\d/);
    expect(summary).not.toMatch(ARTEFACT);
  });

  it('a trend of values equal up to float noise is flat', () => {
    const each = 183600.123;
    // Sums of 5, 7 and 4 days of 4 × each, divided by their counts, as the report computes them.
    const sum = (days: number) => Array.from({ length: days }, () => 4 * each).reduce((a, b) => a + b, 0);
    const values = [sum(5) / 20, sum(7) / 28, sum(4) / 16];
    expect(new Set(values).size).toBeGreaterThan(1); // the noise is real
    expect(sparkline(values)).toBe('▄▄▄');
    expect(sparkline([1, 2, 3])).toBe('▁▅█');
  });
});
