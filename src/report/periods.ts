import { addDays, daysBetween } from '../dates.js';

export const EVERY = ['day', 'week', 'month', 'all'] as const;
export type Every = (typeof EVERY)[number];

/** A span of calendar days, both ends inclusive (YYYY-MM-DD). */
export interface Period {
  start: string;
  end: string;
}

/** Monday of the ISO week that holds the date (ISO weeks run Monday to Sunday). */
export function isoWeekStart(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
}

/** ISO 8601 week label, e.g. 2026-W01 (the year is the one that holds the week's Thursday). */
export function isoWeekLabel(date: string): string {
  const thursday = addDays(isoWeekStart(date), 3);
  const year = thursday.slice(0, 4);
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function lastOfMonth(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/**
 * Splits [from, to] into periods: single days, ISO weeks (Monday–Sunday), calendar months, or one period.
 * The first and last periods are clipped to the range, so a period never claims days that were not asked for.
 */
export function periods(from: string, to: string, every: Every): Period[] {
  if (from > to) return [];
  if (every === 'all') return [{ start: from, end: to }];
  const out: Period[] = [];
  let start = from;
  while (start <= to) {
    const natural =
      every === 'day' ? start : every === 'week' ? addDays(isoWeekStart(start), 6) : lastOfMonth(start);
    const end = natural < to ? natural : to;
    out.push({ start, end });
    start = addDays(end, 1);
  }
  return out;
}

/** Every date of [from, to], in order. */
export function datesOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** A short label for a period: the date, the ISO week, the month, or the range. */
export function periodLabel(p: Period, every: Every): string {
  if (every === 'day') return p.start;
  if (every === 'week') return isoWeekLabel(p.start);
  if (every === 'month') return p.start.slice(0, 7);
  return p.start === p.end ? p.start : `${p.start}..${p.end}`;
}

/** The natural span of the period that holds `date`: its ISO week, its month (null for day and all). */
function naturalSpan(date: string, every: Every): Period | null {
  if (every === 'week') return { start: isoWeekStart(date), end: addDays(isoWeekStart(date), 6) };
  if (every === 'month') return { start: `${date.slice(0, 7)}-01`, end: lastOfMonth(date) };
  return null;
}

/**
 * A week or month cut by the range (`--from` after its first day, `--to` before its last): its sums cover
 * fewer days than its neighbours', so it is marked partial rather than read as a drop.
 */
export function isPartial(p: Period, every: Every): boolean {
  const span = naturalSpan(p.start, every);
  return span !== null && (span.start !== p.start || span.end !== p.end);
}

/** Days in the natural period of a partial one (7 for a week, 28–31 for a month). */
export function naturalDays(p: Period, every: Every): number {
  const span = naturalSpan(p.start, every);
  return span ? daysBetween(span.start, span.end) + 1 : daysBetween(p.start, p.end) + 1;
}

/** How the range is split, in words: "day by day", "by ISO week (Monday to Sunday)", … */
export function everyPhrase(every: Every, from: string, to: string): string {
  switch (every) {
    case 'day':
      return 'day by day';
    case 'week':
      return 'by ISO week (Monday to Sunday)';
    case 'month':
      return 'by calendar month';
    default: {
      const days = daysBetween(from, to) + 1;
      return `as one period of ${days} ${days === 1 ? 'day' : 'days'}`;
    }
  }
}
