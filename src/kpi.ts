import type { z } from 'zod';
import type { DayIndex, DayWindow } from './dates.js';
import type { Logger } from './log.js';

/** One stored figure: the long format every source writes. */
export interface Row {
  date: string;
  source: string;
  /** `<source>.<kpi>.<component>`, dotted lowercase. */
  variable: string;
  value: number;
}

/** An additive component the KPI stores: a sum, a count, or a cumulative histogram bucket. */
export interface Component {
  name: string;
  description: string;
  unit: string;
}

/** A figure computed from stored components over any span, never stored itself. */
export type Derived =
  | {
      name: string;
      description: string;
      unit: string;
      kind: 'ratio';
      numerator: string[];
      denominator: string[];
    }
  | {
      name: string;
      description: string;
      unit: string;
      kind: 'percentile';
      quantile: number;
      /** Prefix of the cumulative bucket components, e.g. `le_` for `le_60`, `le_300`. */
      buckets: string;
      /** Components whose sum is the number of items ranked (items above the last bound included). */
      total: string[];
    };

/** Everything a KPI's collect() receives. */
export interface CollectContext<Run, Params> {
  /** The source's run context (client, per-run cache, counters), built once per run. */
  run: Run;
  params: Params;
  /** The days to collect, in order, in the run's time zone. */
  windows: readonly DayWindow[];
  /** Maps an instant to its day (or undefined outside the range). */
  days: DayIndex;
  timeZone: string;
  /** Adds values to the KPI's per-day components. */
  acc: Accumulator;
  log: Logger;
  signal: AbortSignal;
  /**
   * Reports progress on long collections (e.g. days or clusters done); the engine prints at most one line
   * per interval.
   */
  progress?: (done: number, total: number, unit: string) => void;
}

export interface KpiDefinition<Run = unknown, Params = unknown> {
  /** `<source>.<kpi>` */
  id: string;
  /** A one-line definition, as the catalog shows it. */
  definition: string;
  /** The unit of the KPI's headline figure. */
  unit: string;
  components: Component[];
  derived: Derived[];
  /** Accepted params; validated from the config file, with defaults. */
  params: z.ZodType<Params>;
  /** Longer notes for the catalog: the rule, what counts, what does not. */
  notes?: string;
  /**
   * When true (the default for built-in KPIs) every declared component is stored for every day, zero
   * included, so that a day with nothing to count is a zero rather than a gap.
   */
  fillZeros?: boolean;
  collect(ctx: CollectContext<Run, Params>): Promise<void>;
}

/** Cumulative bucket components `le_<n>` for the given upper bounds. */
export function bucketComponents(bounds: readonly number[], what: string, unit: string): Component[] {
  return bounds.map((b) => ({
    name: `le_${b}`,
    description: `${what} that took at most ${b} ${unit}`,
    unit: 'count',
  }));
}

/**
 * Collects a KPI's per-day component values. Only days inside the run's range and declared components
 * (or, for KPIs without a fixed list, valid ids) are accepted.
 */
export class Accumulator {
  private readonly values = new Map<string, Map<string, number>>();

  /**
   * @param durations components in seconds (unit `seconds`): each value added is rounded to the millisecond
   * and summed in whole milliseconds, so a day's sum is exact and stored in its shortest form (`2450.685`, not
   * the `2450.6850000000004` that adding binary fractions gives). Sources measure durations in milliseconds at
   * best (GitHub and Databricks timestamps), so nothing is lost.
   */
  constructor(
    private readonly dates: ReadonlySet<string>,
    private readonly allowed: ReadonlySet<string> | undefined,
    private readonly durations: ReadonlySet<string> = new Set(),
  ) {}

  add(date: string, component: string, value: number): void {
    if (!this.dates.has(date)) throw new Error(`value for ${date}, which is outside the collected range`);
    if (this.allowed ? !this.allowed.has(component) : !COMPONENT_RE.test(component)) {
      throw new Error(`component '${component}' is not declared`);
    }
    if (!Number.isFinite(value))
      throw new Error(`component '${component}' on ${date} is not a finite number`);
    let day = this.values.get(date);
    if (!day) this.values.set(date, (day = new Map()));
    if (this.durations.has(component)) {
      // Whole milliseconds add exactly (below 2^53 ms, 285,000 years); one division gives the nearest double.
      const ms = Math.round((day.get(component) ?? 0) * 1000) + Math.round(value * 1000);
      day.set(component, ms / 1000);
    } else day.set(component, (day.get(component) ?? 0) + value);
  }

  /** Adds 1 to each cumulative bucket whose bound the value does not exceed. */
  addToBuckets(date: string, bounds: readonly number[], value: number): void {
    for (const b of bounds) if (value <= b) this.add(date, `le_${b}`, 1);
  }

  has(date: string, component: string): boolean {
    return this.values.get(date)?.has(component) ?? false;
  }

  entries(): Array<[date: string, component: string, value: number]> {
    const out: Array<[string, string, number]> = [];
    for (const [date, day] of this.values) for (const [c, v] of day) out.push([date, c, v]);
    return out;
  }
}

export const COMPONENT_RE = /^[a-z0-9][a-z0-9_]{0,62}$/;
