import { describeDates, type DayWindow } from '../../dates.js';
import { errorMessage } from '../../errors.js';
import { COMPONENT_RE, type CollectContext } from '../../kpi.js';
import { retry } from '../../retry.js';
import type { BindValue } from './binds.js';
import { parseFormula, type SqlKpiConfig } from './config.js';
import { SqlError, type SqlDriver, type SqlResult } from './driver.js';
import { mapLimit } from '../../concurrency.js';
import { excerpt } from '../../net/excerpt.js';

/** The run context of a SQL source: the run's one pool, behind the driver interface. */
export interface SqlRun {
  driver: SqlDriver;
  /** Queries in flight at once (also the pool size). */
  concurrency: number;
  /** Default per-query timeout in ms. */
  queryTimeoutMs: number;
  /** Attempts for transient errors (dropped connection, serialization failure), the first included. */
  attempts?: number;
  /** Injected by tests so retries do not wait. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

type Ctx = CollectContext<SqlRun, unknown>;

/**
 * Runs one SQL KPI for the run's days: one query per day (concurrently, up to the client's bound) or,
 * with per_day: false, one query for the whole range. Adds each value to the accumulator; a NULL is no
 * row and a warning; any shape error fails the KPI with a message naming the column.
 */
export async function collectSqlKpi(kpiId: string, kpi: SqlKpiConfig, ctx: Ctx): Promise<void> {
  const { run: client, windows, log } = ctx;
  const timeoutMs = Math.round((kpi.timeout ?? client.queryTimeoutMs / 1000) * 1000);
  const nulls = new Map<string, string[]>();
  const empty: string[] = [];
  const seen = new Set<string>();
  const add = (date: string, component: string, value: number): void => {
    ctx.acc.add(date, component, value);
    seen.add(component);
  };
  const noteNull = (what: string, date: string): void => {
    let list = nulls.get(what);
    if (!list) nulls.set(what, (list = []));
    list.push(date);
  };

  if (kpi.per_day) {
    let done = 0;
    await mapLimit(
      windows,
      client.concurrency,
      async (w) => {
        const binds: Record<string, BindValue> = {
          day_start: { kind: 'timestamptz', ms: w.start },
          day_end: { kind: 'timestamptz', ms: w.end },
          day: { kind: 'date', date: w.date },
        };
        const result = await runQuery(kpiId, kpi, ctx, binds, timeoutMs, w.date);
        readResult(result, { mode: 'day', date: w.date }, add, noteNull, () => empty.push(w.date));
        ctx.progress?.(++done, windows.length, 'days');
      },
      ctx.signal,
    );
  } else {
    const first = windows[0]!;
    const last = windows[windows.length - 1]!;
    const label = first.date === last.date ? first.date : `${first.date}..${last.date}`;
    const binds: Record<string, BindValue> = {
      range_start: { kind: 'timestamptz', ms: first.start },
      range_end: { kind: 'timestamptz', ms: last.end },
    };
    const result = await runQuery(kpiId, kpi, ctx, binds, timeoutMs, label);
    const returned = new Set<string>();
    readResult(
      result,
      { mode: 'range', windows, timeZone: ctx.timeZone, label, returned },
      add,
      noteNull,
      () => {},
    );
    for (const w of windows) if (!returned.has(w.date)) empty.push(w.date);
  }

  for (const [what, dates] of nulls) {
    log.warning(
      `${kpiId}: ${what} is NULL on ${describeDates(dates)}: not stored (NULL is no value, not zero)`,
    );
  }
  if (empty.length > 0) log.warning(`${kpiId}: the query returned no row for ${describeDates(empty)}`);
  for (const [name, entry] of Object.entries(kpi.derived ?? {})) {
    const { numerator, denominator } = parseFormula(typeof entry === 'string' ? entry : entry.formula);
    const missing = [...numerator, ...denominator].filter((c) => !seen.has(c));
    if (missing.length > 0 && seen.size > 0) {
      log.warning(
        `${kpiId}: derived '${name}' uses ${missing.map((m) => `'${m}'`).join(', ')}, which the query did not return`,
      );
    }
  }
}

async function runQuery(
  kpiId: string,
  kpi: SqlKpiConfig,
  ctx: Ctx,
  binds: Record<string, BindValue>,
  timeoutMs: number,
  label: string,
): Promise<SqlResult> {
  const { driver } = ctx.run;
  try {
    return await retry(() => driver.query({ sql: kpi.sql, binds, timeoutMs, timeZone: ctx.timeZone }), {
      attempts: ctx.run.attempts ?? 3,
      baseMs: 500,
      maxMs: 5000,
      retryable: (e) => driver.isTransient(e),
      label: `${kpiId} query for ${label}`,
      onRetry: (m) => ctx.log.warning(m),
      sleep: ctx.run.sleep,
      signal: ctx.signal,
    });
  } catch (e) {
    const cause = (e as { last?: unknown }).last ?? e;
    const code = cause instanceof SqlError ? cause.code : undefined;
    if (cause instanceof SqlError && cause.timedOut) {
      throw new SqlError(
        `query for ${label} timed out after ${timeoutMs / 1000} s: ${errorMessage(e)}`,
        code,
        true,
      );
    }
    throw new SqlError(`query for ${label} failed: ${errorMessage(e)}`, code);
  }
}

type Target =
  | { mode: 'day'; date: string }
  | { mode: 'range'; windows: readonly DayWindow[]; timeZone: string; label: string; returned: Set<string> };

const DAY_TEXT_RE = /^(\d{4}-\d{2}-\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$/;
const DECIMAL_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Reads a result into components, per the two shapes (see README). Throws on any shape error. */
function readResult(
  result: SqlResult,
  target: Target,
  add: (date: string, component: string, value: number) => void,
  noteNull: (what: string, date: string) => void,
  noRow: () => void,
): void {
  const names = result.columns.map((c) => c.name.toLowerCase());
  const dupe = names.find((n, i) => names.indexOf(n) !== i);
  if (dupe !== undefined) throw new Error(`column '${dupe}' appears twice in the result; alias one of them`);
  const dayCol = names.indexOf('day');
  if (target.mode === 'range' && dayCol < 0) {
    throw new Error(
      `a per_day: false query must return a 'day' column; it returned ${names.map((n) => `'${n}'`).join(', ')}`,
    );
  }
  if (target.mode === 'day' && dayCol >= 0) {
    throw new Error(`unexpected column 'day': only per_day: false queries return a day column`);
  }
  const valueCols = names.map((_, i) => i).filter((i) => i !== dayCol);
  const valueNames = valueCols.map((i) => names[i]!);
  if (valueCols.length === 0) throw new Error('the query returned no value column');
  const pairShape = valueNames.includes('variable') || valueNames.includes('value');
  if (pairShape) {
    const extra = valueNames.find((n) => n !== 'variable' && n !== 'value');
    if (extra !== undefined) {
      throw new Error(
        `unexpected column '${extra}': a (variable, value) query returns only those columns${target.mode === 'range' ? ' and day' : ''}`,
      );
    }
    if (!valueNames.includes('variable') || !valueNames.includes('value')) {
      throw new Error(
        `a (variable, value) query returns both columns; '${valueNames.includes('value') ? 'variable' : 'value'}' is missing`,
      );
    }
  } else {
    for (const i of valueCols) {
      if (!COMPONENT_RE.test(names[i]!)) {
        throw new Error(
          `column '${result.columns[i]!.name}' is not a valid component name; alias it, e.g. AS orders`,
        );
      }
    }
  }

  const dateOf = (row: unknown[]): string => {
    if (target.mode === 'day') return target.date;
    const date = readDay(row[dayCol], target.windows, target.timeZone);
    const first = target.windows[0]!.date;
    const last = target.windows[target.windows.length - 1]!.date;
    if (date < first || date > last) {
      throw new Error(`the query returned day ${date}, outside the requested range ${target.label}`);
    }
    return date;
  };
  if (target.mode === 'day' && result.rows.length === 0) {
    noRow();
    return;
  }

  if (pairShape) {
    const vi = names.indexOf('variable');
    const xi = names.indexOf('value');
    const seen = new Set<string>();
    for (const row of result.rows) {
      const date = dateOf(row);
      const variable = row[vi];
      if (variable === null || variable === undefined)
        throw new Error(`column 'variable' is NULL on ${date}`);
      if (typeof variable !== 'string' || !COMPONENT_RE.test(variable)) {
        throw new Error(
          `column 'variable' holds '${excerpt(String(variable), 64)}' on ${date}, which is not a component name (lowercase letters, digits, _)`,
        );
      }
      const key = `${date} ${variable}`;
      if (seen.has(key)) throw new Error(`variable '${variable}' appears twice on ${date}`);
      seen.add(key);
      if (target.mode === 'range') target.returned.add(date);
      const value = readNumber(row[xi], result.columns[xi]!, date, `variable '${variable}'`);
      if (value === undefined) noteNull(`variable '${variable}'`, date);
      else add(date, variable, value);
    }
    return;
  }

  if (target.mode === 'day' && result.rows.length > 1) {
    throw new Error(
      `the query returned ${result.rows.length} rows for ${target.date}; a query of numeric columns returns one row (or use variable, value columns)`,
    );
  }
  const days = new Set<string>();
  for (const row of result.rows) {
    const date = dateOf(row);
    if (days.has(date))
      throw new Error(
        `the query returned day ${date} twice; return one row per day (or variable, value columns)`,
      );
    days.add(date);
    if (target.mode === 'range') target.returned.add(date);
    for (const i of valueCols) {
      const column = names[i]!;
      const value = readNumber(row[i], result.columns[i]!, date, `column '${column}'`);
      if (value === undefined) noteNull(`column '${column}'`, date);
      else add(date, column, value);
    }
  }
}

/** A numeric value, undefined for NULL; anything else is an error naming the column. */
function readNumber(
  raw: unknown,
  column: { name: string; kind: string; type: string },
  date: string,
  what: string,
): number | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (column.kind !== 'number') {
    throw new Error(
      `${what} on ${date} is not numeric (type ${column.type}, value '${excerpt(String(raw), 40)}'); return a number`,
    );
  }
  let value: number;
  if (typeof raw === 'number') value = raw;
  else if (typeof raw === 'bigint') value = Number(raw);
  else if (typeof raw === 'string' && DECIMAL_RE.test(raw.trim())) value = Number(raw);
  else throw new Error(`${what} on ${date} is not numeric (value '${excerpt(String(raw), 40)}')`);
  if (!Number.isFinite(value)) throw new Error(`${what} on ${date} is not a finite number (${String(raw)})`);
  return value;
}

/** The date of a `day` value: YYYY-MM-DD (or midnight of it), or an instant that starts a day of the run. */
function readDay(raw: unknown, windows: readonly DayWindow[], timeZone: string): string {
  if (raw === null || raw === undefined) throw new Error(`column 'day' is NULL; every row needs its day`);
  if (typeof raw === 'string') {
    const m = DAY_TEXT_RE.exec(raw.trim());
    if (m) return m[1]!;
  } else if (raw instanceof Date) {
    const w = windows.find((x) => x.start === raw.getTime());
    if (w) return w.date;
    throw new Error(
      `column 'day' holds the instant ${raw.toISOString()}, which is not the start of a day of the range in ${timeZone}; return a date`,
    );
  }
  throw new Error(
    `column 'day' holds '${excerpt(String(raw), 40)}', which is not a date; return a date (YYYY-MM-DD)`,
  );
}
