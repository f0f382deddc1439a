import { UserError } from './errors.js';

/** One collected day: [start, end) in the run's time zone, as UTC instants. */
export interface DayWindow {
  /** YYYY-MM-DD in the run's time zone. */
  date: string;
  /** Epoch milliseconds of 00:00 local time on that date. */
  start: number;
  /** Epoch milliseconds of 00:00 local time on the next date (23, 24 or 25 hours later). */
  end: number;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone || /[^A-Za-z0-9_+\-/]/.test(timeZone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
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
export function parseDate(value: string, inputName: string): string {
  const m = DATE_RE.exec(value);
  if (!m) throw new UserError(`${inputName}: '${value}' is not a date; use YYYY-MM-DD, e.g. 2026-11-27`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < FIRST_YEAR) {
    throw new UserError(
      `${inputName}: ${value} is before ${FIRST_YEAR}; use a date from ${FIRST_YEAR}-01-01 on (a four-digit year, e.g. 2026-11-20)`,
    );
  }
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d); // Date.UTC would read years 0–99 as 1900–1999
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) {
    throw new UserError(`${inputName}: ${value} is not a day of the calendar; use a real date in YYYY-MM-DD`);
  }
  return value;
}

/** Adds whole calendar days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Number of days from a to b (b - a), both YYYY-MM-DD. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
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
function wallClock(
  ms: number,
  timeZone: string,
): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    y: parts.year!,
    mo: parts.month!,
    d: parts.day!,
    h: parts.hour!,
    mi: parts.minute!,
    s: parts.second!,
  };
}

/** Offset of the time zone from UTC at an instant, in milliseconds (local - UTC). */
export function offsetAt(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function dateIn(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  return `${String(w.y).padStart(4, '0')}-${String(w.mo).padStart(2, '0')}-${String(w.d).padStart(2, '0')}`;
}

/**
 * The first instant of a date in a time zone: 00:00 local time, or, where midnight does not exist (a DST
 * change or a zone change at midnight), the first instant whose local date is that date. A day that a zone
 * skipped entirely (Pacific/Apia, 2011-12-30) is empty: it starts where the next day starts.
 */
export function startOfDay(date: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(y, m - 1, d);
  // Two passes settle instants near an offset change; the check below catches what they can't.
  let t = naive - offsetAt(naive, timeZone);
  t = naive - offsetAt(t, timeZone);
  if (dateIn(t, timeZone) >= date && dateIn(t - 1000, timeZone) < date) return t;
  // Bisect over the span every offset (UTC−12 … UTC+14) allows, for the first second on or after the date.
  let lo = naive - 15 * 3_600_000; // before: the local date there is earlier
  let hi = naive + 13 * 3_600_000; // on or after the date
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (dateIn(mid, timeZone) >= date) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The day windows of an inclusive date range, in order. */
export function dayWindows(startDate: string, endDate: string, timeZone: string): DayWindow[] {
  const days = daysBetween(startDate, endDate);
  const windows: DayWindow[] = [];
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
export function today(timeZone: string, now: number = Date.now()): string {
  return dateIn(now, timeZone);
}

/**
 * Maps instants to the window (day) they fall in, by binary search over the window boundaries: no
 * time-zone arithmetic per event, so it stays cheap for millions of events.
 */
export class DayIndex {
  private readonly starts: number[];
  readonly first: number;
  readonly last: number;

  constructor(readonly windows: readonly DayWindow[]) {
    this.starts = windows.map((w) => w.start);
    this.first = windows[0]?.start ?? 0;
    this.last = windows[windows.length - 1]?.end ?? 0;
  }

  /** The index of the window holding the instant, or -1 when it is outside the range. */
  indexOf(ms: number): number {
    if (!(ms >= this.first && ms < this.last)) return -1;
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= ms) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The date of the window holding the instant, or undefined when it is outside the range. */
  dateOf(ms: number): string | undefined {
    const i = this.indexOf(ms);
    return i < 0 ? undefined : this.windows[i]!.date;
  }
}

/** Largest number of dates one warning line lists. */
const LISTED = 5;

/** Dates for a warning line: all of them, or the count and the first few (`40 days (…, …)`). */
export function describeDates(dates: readonly string[]): string {
  const sorted = [...dates].sort();
  const shown = sorted.slice(0, LISTED).join(', ');
  return sorted.length > LISTED ? `${sorted.length} days (${shown}, …)` : shown;
}
