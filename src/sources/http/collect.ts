import { describeDates, type DayWindow } from '../../dates.js';
import { UserError } from '../../errors.js';
import { COMPONENT_RE } from '../../kpi.js';
import type { Logger } from '../../log.js';
import { mapLimit } from '../../concurrency.js';
import { parseFormula } from '../sql/config.js';
import { fetchDocument, type HttpRun } from './client.js';
import type { HttpKpiConfig } from './config.js';
import { compile, type Compiled } from './extract.js';
import { buildRequest } from './request.js';
import type { TemplateValues } from './template.js';

/** A KPI's expressions, compiled once. */
export interface CompiledKpi {
  config: HttpKpiConfig;
  values: Array<[component: string, expr: Compiled]>;
  rows?: Compiled;
  items?: Compiled;
  next?: Compiled;
}

/**
 * Compiles every expression of a KPI; a syntax error is a UserError naming the config key, so a run with
 * a broken expression fails before it collects anything.
 */
export async function compileKpi(config: HttpKpiConfig): Promise<CompiledKpi> {
  const one = async (src: string, key: string): Promise<Compiled> => {
    try {
      return await compile(src);
    } catch (e) {
      throw new UserError(`config: sources.http.kpis.${config.id}.${key}: ${(e as Error).message}`);
    }
  };
  const values: CompiledKpi['values'] = [];
  for (const [name, src] of Object.entries(config.values ?? {}))
    values.push([name, await one(src, `values.${name}`)]);
  return {
    config,
    values,
    rows: config.rows == null ? undefined : await one(config.rows, 'rows'),
    items: config.paginate ? await one(config.paginate.items, 'paginate.items') : undefined,
    next: config.paginate?.next === undefined ? undefined : await one(config.paginate.next, 'paginate.next'),
  };
}

/** What collecting one KPI needs from the engine. */
export interface CollectInput {
  run: HttpRun;
  windows: readonly DayWindow[];
  timeZone: string;
  add(date: string, component: string, value: number): void;
  log: Logger;
  signal: AbortSignal;
  progress?: (done: number, total: number, unit: string) => void;
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** A JSONata result as a figure: a finite number, or null for null/nothing; anything else throws. */
function toFigure(value: unknown, what: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  const shown = JSON.stringify(value)?.slice(0, 60) ?? String(value);
  const hint = typeof value === 'string' ? '; convert it with $number(...)' : '';
  throw new Error(`${what} is ${shown}, not a finite number${hint}`);
}

/**
 * Collects one HTTP KPI: one request (with its pages) per day, `concurrency` days at a time, or one for
 * the whole range. A null or missing figure stores no row and logs one warning per component.
 */
export async function collectHttpKpi(kpi: CompiledKpi, c: CollectInput): Promise<void> {
  const cfg = kpi.config;
  const nulls = new Map<string, string[]>();
  const seen = new Set<string>();
  const noteNull = (what: string, date: string): void => {
    let list = nulls.get(what);
    if (!list) nulls.set(what, (list = []));
    list.push(date);
  };
  const add = (date: string, component: string, value: number): void => {
    c.add(date, component, value);
    seen.add(component);
  };
  const fetch = (values: TemplateValues, label: string): Promise<unknown> =>
    fetchDocument({
      run: c.run,
      kpi: cfg,
      first: buildRequest(cfg.request, values),
      extract: { items: kpi.items, next: kpi.next },
      timeZone: c.timeZone,
      signal: c.signal,
      label,
    });

  if (cfg.per_day) {
    let done = 0;
    await mapLimit(
      c.windows,
      c.run.settings.concurrency,
      async (w) => {
        const doc = await fetch(
          {
            instants: { day_start: w.start, day_end: w.end },
            day: w.date,
            timeZone: c.timeZone,
            secrets: c.run.secrets,
          },
          w.date,
        );
        for (const [component, expr] of kpi.values) {
          const figure = toFigure(
            await expr.evaluate(doc, c.timeZone),
            `component '${component}' on ${w.date}`,
          );
          if (figure === null) noteNull(`component '${component}'`, w.date);
          else add(w.date, component, figure);
        }
        c.progress?.(++done, c.windows.length, 'days');
      },
      c.signal,
    );
  } else {
    const first = c.windows[0]!;
    const last = c.windows[c.windows.length - 1]!;
    const label = first.date === last.date ? first.date : `${first.date}..${last.date}`;
    const doc = await fetch(
      {
        instants: { range_start: first.start, range_end: last.end },
        timeZone: c.timeZone,
        secrets: c.run.secrets,
      },
      label,
    );
    const dates = new Set(c.windows.map((w) => w.date));
    const returned = new Set<string>();
    for (const row of readRows(await kpi.rows!.evaluate(doc, c.timeZone), dates, label)) {
      returned.add(row.day);
      if (row.value === null) noteNull(`variable '${row.variable}'`, row.day);
      else add(row.day, row.variable, row.value);
    }
    const empty = c.windows.filter((w) => !returned.has(w.date)).map((w) => w.date);
    if (empty.length > 0) c.log.warning(`http.${cfg.id}: rows returned nothing for ${describeDates(empty)}`);
  }

  for (const [what, dates] of nulls) {
    c.log.warning(
      `http.${cfg.id}: ${what} is null on ${describeDates(dates)}: not stored (null is no value, not zero)`,
    );
  }
  for (const [name, entry] of Object.entries(cfg.derived ?? {})) {
    const { numerator, denominator } = parseFormula(typeof entry === 'string' ? entry : entry.formula);
    const missing = [...numerator, ...denominator].filter((x) => !seen.has(x));
    if (missing.length > 0 && seen.size > 0) {
      c.log.warning(
        `http.${cfg.id}: derived '${name}' uses ${missing.map((m) => `'${m}'`).join(', ')}, which no value returned`,
      );
    }
  }
}

/** Checks the `rows` result: a list of {day, variable, value} with days of the range. */
function readRows(
  value: unknown,
  dates: ReadonlySet<string>,
  label: string,
): Array<{ day: string; variable: string; value: number | null }> {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((row: unknown, i) => {
    if (!row || typeof row !== 'object' || Array.isArray(row)) {
      throw new Error(
        `rows[${i}] is ${JSON.stringify(row)?.slice(0, 60)}; each row is {day, variable, value}`,
      );
    }
    const { day, variable, value: v, ...rest } = row as Record<string, unknown>;
    const extra = Object.keys(rest)[0];
    if (extra !== undefined)
      throw new Error(`rows[${i}] has key '${extra}'; a row has only day, variable, value`);
    if (typeof day !== 'string' || !DAY_RE.test(day)) {
      throw new Error(
        `rows[${i}].day is ${JSON.stringify(day)?.slice(0, 40)}; use YYYY-MM-DD (e.g. $day(created))`,
      );
    }
    if (!dates.has(day)) throw new Error(`rows[${i}].day ${day} is outside the requested range ${label}`);
    if (typeof variable !== 'string' || !COMPONENT_RE.test(variable)) {
      throw new Error(
        `rows[${i}].variable is ${JSON.stringify(variable)?.slice(0, 64)}, not a component name (lowercase letters, digits, _)`,
      );
    }
    return { day, variable, value: toFigure(v, `variable '${variable}' on ${day}`) };
  });
}
