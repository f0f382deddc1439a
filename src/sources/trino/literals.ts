/**
 * Typed parameter values of a prepared statement, written as the Trino literals of an `EXECUTE … USING`
 * list. Values come from the run (day windows, dates), never from config text, and only these two forms
 * exist, so nothing a user writes is ever pasted into SQL:
 * - an instant as `TIMESTAMP 'YYYY-MM-DD hh:mm:ss.sss <zone>'`, a timestamp(3) WITH TIME ZONE literal
 *   carrying the run's zone (https://trino.io/docs/current/language/types.html#timestamp-with-time-zone);
 * - a calendar date as `DATE 'YYYY-MM-DD'`.
 */

import { offsetAt } from '../../dates.js';

export type TrinoParam =
  { kind: 'timestamptz'; ms: number; timeZone: string } | { kind: 'date'; date: string };

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const ZONE_RE = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * The literal of an instant in a zone. The wall-clock time with the zone's name names the instant
 * exactly unless the zone repeats that local time (a fall-back hour); then the numeric offset is written
 * instead, which is exact (Trino would otherwise pick the earlier of the two instants).
 */
export function timestampLiteral(ms: number, timeZone: string): string {
  if (!Number.isFinite(ms)) throw new Error('a timestamp parameter is not a finite instant');
  if (!ZONE_RE.test(timeZone)) throw new Error(`'${timeZone}' is not a time zone name`);
  const offset = offsetAt(ms, timeZone);
  const local = ms + offset;
  const w = new Date(local);
  const millis = ((ms % 1000) + 1000) % 1000;
  const text =
    `${pad(w.getUTCFullYear(), 4)}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())} ` +
    `${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}.${pad(millis, 3)}`;
  // Every instant whose local time in the zone is this wall time, over the offsets in use around it.
  const candidates = new Set(
    [-86_400_000, 0, 86_400_000]
      .map((d) => offsetAt(ms + d, timeZone))
      .map((o) => local - o)
      .filter((t) => offsetAt(t, timeZone) === local - t),
  );
  if (candidates.size <= 1) return `TIMESTAMP '${text} ${timeZone}'`;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset) / 60_000;
  return `TIMESTAMP '${text} ${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}'`;
}

export function dateLiteral(date: string): string {
  if (!DATE_RE.test(date)) throw new Error(`'${date}' is not a YYYY-MM-DD date`);
  return `DATE '${date}'`;
}

export function literal(p: TrinoParam): string {
  return p.kind === 'date' ? dateLiteral(p.date) : timestampLiteral(p.ms, p.timeZone);
}
