import { describe, expect, it } from '@jest/globals';
import { UserError } from '../src/errors.js';
import { parseInputs } from '../src/inputs.js';
import { SOURCES } from '../src/sources/index.js';
import { DayIndex, addDays, dateIn, dayWindows, parseDate, startOfDay } from '../src/dates.js';

const H = 3_600_000;

describe('dates', () => {
  it('parses real dates and refuses impossible ones', () => {
    expect(parseDate('2024-02-29', 'date')).toBe('2024-02-29');
    expect(parseDate('1970-01-01', 'date')).toBe('1970-01-01');
    expect(() => parseDate('2026-02-30', 'date')).toThrow('2026-02-30 is not a day of the calendar');
    expect(() => parseDate('2026-2-3', 'date')).toThrow("'2026-2-3' is not a date");
    expect(() => parseDate('2026-13-01', 'date')).toThrow('not a day of the calendar');
  });

  it('issue 14 item 8: refuses years before 1970, naming the input (0026-11-20 once wrote 1926-11-20)', () => {
    for (const [value, input] of [
      ['0026-11-20', 'date'],
      ['0099-12-31', 'start-date'],
      ['0000-01-01', 'end-date'],
      ['1969-12-31', 'date'],
      ['0999-02-29', 'from'], // not even a calendar day: the year is the first thing to fix
    ]) {
      expect(() => parseDate(value!, input!)).toThrow(
        new UserError(
          `${input}: ${value} is before 1970; use a date from 1970-01-01 on (a four-digit year, e.g. 2026-11-20)`,
        ),
      );
    }
  });

  it('issue 14 item 8: the date inputs of a run are refused the same way', () => {
    const run = (inputs: Record<string, string>) => () =>
      parseInputs((n) => ({ source: 'github', ...inputs })[n] ?? '', {
        sources: SOURCES,
        now: Date.parse('2026-11-28T10:00:00Z'),
      });
    expect(run({ date: '0026-11-20' })).toThrow(/^date: 0026-11-20 is before 1970/);
    expect(run({ 'start-date': '0026-11-20', 'end-date': '2026-11-20' })).toThrow(
      /^start-date: 0026-11-20 is before 1970/,
    );
    expect(run({ date: '1970-01-01' })).not.toThrow();
  });

  it('adds days across months and leap years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('makes 24-hour UTC days', () => {
    const w = dayWindows('2026-11-26', '2026-11-27', 'UTC');
    expect(w).toEqual([
      {
        date: '2026-11-26',
        start: Date.parse('2026-11-26T00:00:00Z'),
        end: Date.parse('2026-11-27T00:00:00Z'),
      },
      {
        date: '2026-11-27',
        start: Date.parse('2026-11-27T00:00:00Z'),
        end: Date.parse('2026-11-28T00:00:00Z'),
      },
    ]);
  });

  it('follows DST in New York: 23 hours in spring, 25 in autumn', () => {
    const [spring] = dayWindows('2026-03-08', '2026-03-08', 'America/New_York');
    expect(spring!.start).toBe(Date.parse('2026-03-08T05:00:00Z'));
    expect(spring!.end - spring!.start).toBe(23 * H);
    const [fall] = dayWindows('2026-11-01', '2026-11-01', 'America/New_York');
    expect(fall!.start).toBe(Date.parse('2026-11-01T04:00:00Z'));
    expect(fall!.end - fall!.start).toBe(25 * H);
  });

  it('handles zones with half-hour offsets and a midnight that does not exist', () => {
    expect(startOfDay('2026-06-01', 'Asia/Kolkata')).toBe(Date.parse('2026-05-31T18:30:00Z'));
    // Chile springs forward at 24:00 on the first Saturday of September: 2026-09-06 starts at 01:00 local.
    const t = startOfDay('2026-09-06', 'America/Santiago');
    expect(dateIn(t, 'America/Santiago')).toBe('2026-09-06');
    expect(dateIn(t - 1, 'America/Santiago')).toBe('2026-09-05');
  });

  it('windows tile the range with no gap or overlap', () => {
    const w = dayWindows('2026-01-01', '2026-12-31', 'Europe/Paris');
    expect(w).toHaveLength(365);
    for (let i = 1; i < w.length; i++) expect(w[i]!.start).toBe(w[i - 1]!.end);
    for (const x of w) expect(dateIn(x.start, 'Europe/Paris')).toBe(x.date);
    for (const x of w) expect(dateIn(x.end - 1, 'Europe/Paris')).toBe(x.date);
  });

  it('maps instants to days by the index exactly as by the zone', () => {
    const w = dayWindows('2026-10-30', '2026-11-03', 'America/New_York');
    const idx = new DayIndex(w);
    for (let t = w[0]!.start - 2 * H; t < w[w.length - 1]!.end + 2 * H; t += 17 * 60_000) {
      const inRange = t >= w[0]!.start && t < w[w.length - 1]!.end;
      expect(idx.dateOf(t)).toBe(inRange ? dateIn(t, 'America/New_York') : undefined);
    }
  });
});

describe('startOfDay in zones with unusual changes', () => {
  // For each day, the first instant on the date: on it, and the second before is not.
  const firstInstant = (date: string, tz: string) => {
    const t = startOfDay(date, tz);
    return [dateIn(t, tz) >= date, dateIn(t - 1000, tz) < date];
  };
  it.each([
    ['Antarctica/Casey', '2009-10-18'], // +8 → +11 at midnight (a 3-hour jump)
    ['Antarctica/Casey', '2010-03-05'],
    ['America/Argentina/Buenos_Aires', '1991-03-03'],
    ['America/Sao_Paulo', '2018-11-04'], // spring forward at 00:00
    ['America/Havana', '2026-03-08'],
    ['Asia/Beirut', '2026-03-29'],
    ['Pacific/Apia', '2011-12-31'], // the day after the skipped 2011-12-30
  ])('%s %s starts at its first instant', (tz, date) => {
    expect(firstInstant(date, tz)).toEqual([true, true]);
  });

  it('a day a zone skipped is empty, and its neighbours tile the time line', () => {
    const w = dayWindows('2011-12-29', '2011-12-31', 'Pacific/Apia');
    expect(w.map((x) => (x.end - x.start) / 3_600_000)).toEqual([24, 0, 24]);
    for (let i = 1; i < w.length; i++) expect(w[i]!.start).toBe(w[i - 1]!.end);
  });
});
