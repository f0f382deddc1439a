import { offsetAt } from '../../dates.js';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/**
 * An instant as GitHub's search syntax takes it, with the run's time zone offset written out
 * (`2026-11-27T00:00:00-05:00`): a bare date would be read in UTC, not in the run's time zone.
 */
export function isoWithOffset(ms: number, timeZone: string): string {
  const sec = Math.floor(ms / 1000) * 1000;
  const off = offsetAt(sec, timeZone);
  const d = new Date(sec + off);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off) / 60_000;
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** The inclusive search range of [from, to): GitHub ranges include both ends, at one-second precision. */
export function searchRange(from: number, to: number, timeZone: string): string {
  return `${isoWithOffset(from, timeZone)}..${isoWithOffset(to - 1000, timeZone)}`;
}

/** Splits [from, to) into `parts` slices on whole seconds (fewer when the span is too short). */
export function splitWindow(from: number, to: number, parts: number): Array<[number, number]> {
  const seconds = Math.floor((to - from) / 1000);
  const n = Math.max(1, Math.min(parts, seconds));
  const out: Array<[number, number]> = [];
  let start = from;
  for (let i = 1; i <= n; i++) {
    const end = i === n ? to : from + Math.floor((seconds * i) / n) * 1000;
    if (end > start) out.push([start, end]);
    start = end;
  }
  return out;
}

/** Parses a GitHub timestamp (ISO 8601); NaN for null. */
export function ms(value: string | null | undefined): number {
  return value ? Date.parse(value) : Number.NaN;
}
