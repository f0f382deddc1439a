import { describe, it, expect } from '@jest/globals';
import {
  buildReport,
  interpolatePercentile,
  kpiInfos,
  type Figure,
  type Report,
} from '../../src/report/aggregate.js';
import { renderCsv, renderJson, renderMarkdown, renderTable, sparkline } from '../../src/report/format.js';
import { isoWeekLabel, periods } from '../../src/report/periods.js';
import type { SourceDays } from '../../src/report/read.js';
import { RPT_SOURCES, startupDay } from './fixtures.js';

const DEFS = kpiInfos(RPT_SOURCES);

/** source rpt: date → KPI id → components */
function data(days: Record<string, Record<string, Record<string, number>>>): Map<string, SourceDays> {
  const source: SourceDays = new Map();
  for (const [date, kpis] of Object.entries(days)) {
    const values = new Map<string, number>();
    for (const [kpi, comps] of Object.entries(kpis))
      for (const [c, v] of Object.entries(comps)) values.set(`${kpi}.${c}`, v);
    source.set(date, values);
  }
  return new Map([['rpt', source]]);
}

function figure(report: Report, variable: string, period = 0): Figure {
  for (const k of report.kpis) {
    const f = k.figures.get(variable);
    if (f) return f[period]!;
  }
  throw new Error(`no ${variable} in the report`);
}

describe('report math', () => {
  it('averages as a ratio of sums, not an average of daily averages', () => {
    // Day 1: one startup of 100 s (daily average 100). Day 2: 99 startups of 10 s (daily average 10).
    // The average of the daily averages is 55; the true average is (100 + 990) / (1 + 99) = 10.9.
    const report = buildReport({
      data: data({
        '2026-03-02': { 'rpt.startup': { count: 1, seconds: 100, failed: 0 } },
        '2026-03-03': { 'rpt.startup': { count: 99, seconds: 990, failed: 0 } },
      }),
      definitions: DEFS,
      from: '2026-03-02',
      to: '2026-03-03',
      every: 'all',
    });
    const avg = figure(report, 'rpt.startup.avg_seconds');
    expect(avg.value).toBeCloseTo(10.9, 12);
    expect(avg.value).not.toBeCloseTo(55, 1);
    expect(avg.days).toBe(2);
    expect(figure(report, 'rpt.startup.count').value).toBe(100);
    expect(figure(report, 'rpt.startup.seconds').value).toBe(1090);
  });

  it('a rate over several denominator components is a ratio of sums too', () => {
    // failed / (count + failed): day 1 1/(1+1) = 50 %, day 2 0/(9+0) = 0 %; over both 1/11.
    const report = buildReport({
      data: data({
        '2026-03-02': { 'rpt.startup': { count: 1, seconds: 5, failed: 1 } },
        '2026-03-03': { 'rpt.startup': { count: 9, seconds: 45, failed: 0 } },
      }),
      definitions: DEFS,
      from: '2026-03-02',
      to: '2026-03-03',
      every: 'all',
    });
    expect(figure(report, 'rpt.startup.failure_rate').value).toBeCloseTo(1 / 11, 12);
  });

  it('a zero denominator is null (not NaN, not 0) and shows as — in the human formats', () => {
    const report = buildReport({
      data: data({ '2026-03-02': { 'rpt.startup': { count: 0, seconds: 0, failed: 0 } } }),
      definitions: DEFS,
      from: '2026-03-02',
      to: '2026-03-02',
      every: 'day',
    });
    const avg = figure(report, 'rpt.startup.avg_seconds');
    expect(avg.value).toBeNull();
    expect(avg.days).toBe(1);
    const json = JSON.parse(renderJson(report)) as Figure[];
    expect(json.find((f) => f.variable === 'rpt.startup.avg_seconds')!.value).toBeNull();
    expect(renderJson(report)).not.toMatch(/NaN/);
    const table = renderTable(report).split('\n');
    const header = table.findIndex((l) => l.startsWith('period'));
    // Columns are joined by two spaces at least; a cell may hold one ("3m 42s").
    const cols = table[header]!.trim().split(/\s{2,}/);
    const row = table[header + 1]!.trim().split(/\s{2,}/);
    expect(row[cols.indexOf('avg_seconds')]).toBe('—');
    expect(row[cols.indexOf('count')]).toBe('0');
    expect(renderMarkdown(report)).toMatch(/\| — \|/);
    expect(renderCsv(report)).toMatch(/^2026-03-02,2026-03-02,rpt\.startup\.avg_seconds,,1,/m);
  });

  it('a numerator stored without any denominator in the period is a plain gap, not "denominator is 0"', () => {
    // Day 1 has seconds but no count (a partial write); day 2 has both. Per day, day 1 has no denominator
    // at all: a gap without a note. Over both days the denominator is present: 40 / 4.
    const report = buildReport({
      data: data({
        '2026-03-02': { 'rpt.startup': { seconds: 30 } },
        '2026-03-03': { 'rpt.startup': { count: 4, seconds: 40 } },
      }),
      definitions: DEFS,
      from: '2026-03-02',
      to: '2026-03-03',
      every: 'day',
    });
    const gap = figure(report, 'rpt.startup.avg_seconds', 0);
    expect(gap.value).toBeNull();
    expect(gap.note).toBeUndefined();
    expect(gap.days).toBe(0); // the day lacks an input of the figure: not a day of it
    expect(figure(report, 'rpt.startup.avg_seconds', 1).value).toBe(10);
    // failure_rate = failed / (count + failed): neither denominator component on day 1 → a gap too.
    expect(figure(report, 'rpt.startup.failure_rate', 0)).toMatchObject({ value: null });
    expect(figure(report, 'rpt.startup.failure_rate', 0).note).toBeUndefined();
    const all = buildReport({
      data: data({ '2026-03-02': { 'rpt.startup': { seconds: 30 } } }),
      definitions: DEFS,
      from: '2026-03-02',
      to: '2026-03-02',
      every: 'all',
    });
    expect(figure(all, 'rpt.startup.avg_seconds').note).toBeUndefined();
    expect(renderCsv(all)).not.toMatch(/denominator is 0/);
  });

  it('a day missing a numerator component is a gap of the figure, never a zero numerator', () => {
    // Day 1 stores count but not seconds (a partial write). Counting it would give avg = 40 / (3 + 4)
    // = 5.71 over the period and 0 on day 1; the day must be left out of avg_seconds as a missing day is.
    const report = buildReport({
      data: data({
        '2026-03-02': { 'rpt.startup': { count: 3, failed: 0 } },
        '2026-03-03': { 'rpt.startup': { count: 4, seconds: 40, failed: 1 } },
      }),
      definitions: DEFS,
      from: '2026-03-02',
      to: '2026-03-03',
      every: 'day',
    });
    expect(figure(report, 'rpt.startup.avg_seconds', 0)).toMatchObject({ value: null, days: 0 });
    expect(figure(report, 'rpt.startup.avg_seconds', 1)).toMatchObject({ value: 40 / 4, days: 1 });
    // Components stay as stored: count is summed over both days, failure_rate has its inputs on both.
    expect(figure(report, 'rpt.startup.count', 0).value).toBe(3);
    const all = buildReport({
      data: data({
        '2026-03-02': { 'rpt.startup': { count: 3, failed: 0 } },
        '2026-03-03': { 'rpt.startup': { count: 4, seconds: 40, failed: 1 } },
      }),
      definitions: DEFS,
      from: '2026-03-02',
      to: '2026-03-03',
      every: 'all',
    });
    expect(figure(all, 'rpt.startup.avg_seconds')).toMatchObject({ value: 40 / 4, days: 1 });
    expect(figure(all, 'rpt.startup.failure_rate')).toMatchObject({ value: 1 / (7 + 1), days: 2 });
    expect(figure(all, 'rpt.startup.count')).toMatchObject({ value: 7, days: 2 });
    // A percentile needs its total on the day too: buckets without count are left out.
    const pct = buildReport({
      data: data({
        '2026-03-02': { 'rpt.startup': { le_10: 5, le_20: 5, le_50: 5 } },
        '2026-03-03': { 'rpt.startup': startupDay([12, 14], 0) },
      }),
      definitions: DEFS,
      from: '2026-03-02',
      to: '2026-03-03',
      every: 'all',
    });
    // Only day 2 counts: 12 and 14 both fall in (10, 20]; the median rank 1 of 2 → 10 + 1/2 × 10 = 15.
    expect(figure(pct, 'rpt.startup.p50_seconds')).toMatchObject({ value: 15, days: 1 });
  });

  it('percentiles interpolate in the summed cumulative buckets', () => {
    // Durations over two days: 5, 8 | 12, 14, 15, 18, 30, 40, 45, 50 → le_10 = 2, le_20 = 6, le_50 = 10.
    // p50: rank 5 falls in (10, 20] holding 4: 10 + (5 - 2) / 4 × 10 = 17.5.
    // p90: rank 9 falls in (20, 50] holding 4: 20 + (9 - 6) / 4 × 30 = 42.5.
    const report = buildReport({
      data: data({
        '2026-03-02': { 'rpt.startup': startupDay([5, 8, 12], 0) },
        '2026-03-04': { 'rpt.startup': startupDay([14, 15, 18, 30, 40, 45, 50], 0) },
      }),
      definitions: DEFS,
      from: '2026-03-02',
      to: '2026-03-08',
      every: 'week',
    });
    expect(figure(report, 'rpt.startup.le_20').value).toBe(6);
    expect(figure(report, 'rpt.startup.p50_seconds').value).toBeCloseTo(17.5, 12);
    expect(figure(report, 'rpt.startup.p90_seconds').value).toBeCloseTo(42.5, 12);
    expect(figure(report, 'rpt.startup.p90_seconds').days).toBe(2);
  });

  it('the first bucket interpolates from 0', () => {
    // Four durations ≤ 10: p50 rank 2 → 0 + 2/4 × 10 = 5.
    expect(interpolatePercentile([[10, 4]], 0.5, 4)).toEqual({ value: 5 });
    const report = buildReport({
      data: data({ '2026-03-02': { 'rpt.startup': startupDay([1, 2, 3, 4], 0) } }),
      definitions: DEFS,
      from: '2026-03-02',
      to: '2026-03-02',
      every: 'all',
    });
    expect(figure(report, 'rpt.startup.p50_seconds').value).toBeCloseTo(5, 12);
  });

  it('a rank above the last bucket is null with a note, counting values above the last bound', () => {
    // 10 startups, 3 of them over 50 s: p50 (rank 5) is inside, p90 (rank 9) is above le_50 = 7.
    const report = buildReport({
      data: data({ '2026-03-02': { 'rpt.startup': startupDay([1, 2, 3, 4, 5, 6, 7, 60, 70, 80], 0) } }),
      definitions: DEFS,
      from: '2026-03-02',
      to: '2026-03-02',
      every: 'all',
    });
    // rank 5 among le_10 = 7 → 5/7 × 10
    expect(figure(report, 'rpt.startup.p50_seconds').value).toBeCloseTo(50 / 7, 12);
    const p90 = figure(report, 'rpt.startup.p90_seconds');
    expect(p90.value).toBeNull();
    expect(p90.note).toBe('> 50');
    expect(renderTable(report)).toMatch(/> 50/);
  });

  it('missing days are gaps with their day count, never zeros', () => {
    const report = buildReport({
      data: data({
        '2026-03-02': { 'rpt.events': { n: 4 } },
        '2026-03-04': { 'rpt.events': { n: 6 } },
        '2026-03-17': { 'rpt.events': { n: 1 } },
      }),
      definitions: DEFS,
      from: '2026-03-02',
      to: '2026-03-22',
      every: 'week',
    });
    const weeks = report.kpis[0]!.figures.get('rpt.events.n')!;
    expect(weeks.map((f) => [f.period_start, f.value, f.days])).toEqual([
      ['2026-03-02', 10, 2],
      ['2026-03-09', null, 0],
      ['2026-03-16', 1, 1],
    ]);
    const table = renderTable(report);
    expect(table).toMatch(/2026-W11\s+0\/7\s+—/);
    expect(table).toContain('no data: 2026-03-03, 2026-03-05..2026-03-16, 2026-03-18..2026-03-22\n');
    expect(table).toMatch(/n {2}█·▁/);
  });

  it('only reports KPIs with data unless asked, and keeps undeclared stored variables', () => {
    const d = data({ '2026-03-02': { 'rpt.events': { n: 1, extra: 2 }, 'rpt.gone': { x: 3 } } });
    const report = buildReport({
      data: d,
      definitions: DEFS,
      from: '2026-03-02',
      to: '2026-03-02',
      every: 'day',
    });
    expect(report.kpis.map((k) => k.kpi.id)).toEqual(['rpt.events', 'rpt.gone']);
    expect(figure(report, 'rpt.events.extra').value).toBe(2);
    expect(report.kpis[1]!.kpi.known).toBe(false);
    const asked = buildReport({
      data: d,
      definitions: DEFS,
      from: '2026-03-02',
      to: '2026-03-02',
      every: 'day',
      kpis: ['rpt.startup'],
    });
    expect(asked.kpis.map((k) => k.kpi.id)).toEqual(['rpt.startup']);
    expect(figure(asked, 'rpt.startup.avg_seconds')).toEqual({
      period_start: '2026-03-02',
      period_end: '2026-03-02',
      variable: 'rpt.startup.avg_seconds',
      value: null,
      days: 0,
    });
  });

  it('json is an array of {period_start, period_end, variable, value, days}', () => {
    const report = buildReport({
      data: data({ '2026-03-31': { 'rpt.events': { n: 3 } }, '2026-04-01': { 'rpt.events': { n: 5 } } }),
      definitions: DEFS,
      from: '2026-03-30',
      to: '2026-04-02',
      every: 'month',
    });
    expect(JSON.parse(renderJson(report))).toEqual([
      { period_start: '2026-03-30', period_end: '2026-03-31', variable: 'rpt.events.n', value: 3, days: 1 },
      { period_start: '2026-04-01', period_end: '2026-04-02', variable: 'rpt.events.n', value: 5, days: 1 },
    ]);
  });
});

describe('periods', () => {
  it('splits into ISO weeks (Monday to Sunday) across a year end, clipped to the range', () => {
    expect(periods('2025-12-31', '2026-01-13', 'week')).toEqual([
      { start: '2025-12-31', end: '2026-01-04' },
      { start: '2026-01-05', end: '2026-01-11' },
      { start: '2026-01-12', end: '2026-01-13' },
    ]);
    expect(isoWeekLabel('2025-12-31')).toBe('2026-W01');
    expect(isoWeekLabel('2021-01-03')).toBe('2020-W53');
    expect(isoWeekLabel('2024-12-30')).toBe('2025-W01');
    expect(isoWeekLabel('2026-03-08')).toBe('2026-W10');
  });

  it('splits into calendar months, leap days included', () => {
    expect(periods('2024-01-15', '2024-03-02', 'month')).toEqual([
      { start: '2024-01-15', end: '2024-01-31' },
      { start: '2024-02-01', end: '2024-02-29' },
      { start: '2024-03-01', end: '2024-03-02' },
    ]);
    expect(periods('2026-03-01', '2026-03-03', 'day').map((p) => p.start)).toEqual([
      '2026-03-01',
      '2026-03-02',
      '2026-03-03',
    ]);
    expect(periods('2026-03-01', '2026-05-03', 'all')).toEqual([{ start: '2026-03-01', end: '2026-05-03' }]);
  });
});

describe('sparkline', () => {
  it('scales from the smallest to the largest value, with a gap for null', () => {
    expect(sparkline([0, 2, null, 14])).toBe('▁▂·█'); // 2/14 of the span → level 1 of 0..7
    expect(sparkline([3, 3])).toBe('▄▄');
    expect(sparkline([0, 0])).toBe('▁▁');
    expect(sparkline([null])).toBe('·');
    expect(sparkline([])).toBe('');
    expect([...sparkline([1, 2, 3, 4, 5, 6, 7, 8])]).toEqual(['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█']);
  });
});
