import type { Component, Derived } from '../kpi.js';
import type { AnyKpi, AnySource } from '../sources/types.js';
import { datesOf, periods as splitPeriods, type Every, type Period } from './periods.js';
import type { SourceDays } from './read.js';

/** What the report knows of a KPI: its definition from the registry, or only what was found stored. */
export interface KpiInfo {
  id: string;
  source: string;
  definition: string;
  unit: string;
  notes?: string;
  components: Component[];
  derived: Derived[];
  /** False for a KPI found in the store that no registered source or config defines. */
  known: boolean;
}

/** One figure of the report, per period: a summed component or a derived figure. */
export interface Series {
  /** `<kpi id>.<name>` */
  variable: string;
  kpi: string;
  name: string;
  unit: string;
  description: string;
  kind: 'component' | 'ratio' | 'percentile';
  /** A cumulative histogram bucket `le_<n>`: an input of percentiles, left out of the human formats. */
  bucket: boolean;
}

/** The JSON shape of one figure. `value` is null for a gap (no data in the period) or an undefined ratio. */
export interface Figure {
  period_start: string;
  period_end: string;
  variable: string;
  value: number | null;
  /** Days of the period with data for this figure. */
  days: number;
  /** Why the value is null or bounded, when that is not a plain gap, e.g. "> 3600" for a percentile. */
  note?: string;
}

export interface KpiReport {
  kpi: KpiInfo;
  series: Series[];
  /** Per period, days with any stored variable of this KPI. */
  days: number[];
  /** The dates of the range with any stored variable of this KPI, in order. */
  dates: string[];
  /** Per series variable, one figure per period (same order as periods). */
  figures: Map<string, Figure[]>;
}

export interface Report {
  from: string;
  to: string;
  every: Every;
  periods: Period[];
  kpis: KpiReport[];
  /** Set when the range holds no stored day: what the store does hold (sources, first and last day). */
  empty?: string;
}

/** The definitions the report uses: built-in KPIs of each source, plus KPIs a config defines (SQL sources). */
export function kpiInfos(sources: readonly AnySource[], configKpis: (s: AnySource) => AnyKpi[] = () => []) {
  return sources.flatMap((s) =>
    [...s.kpis, ...configKpis(s)].map((k): KpiInfo => ({
      id: k.id,
      source: s.name,
      definition: k.definition,
      unit: k.unit,
      notes: k.notes,
      components: k.components,
      derived: k.derived,
      known: true,
    })),
  );
}

/** The KPI id of a stored variable: everything before the last dot. */
export function kpiOf(variable: string): string {
  return variable.slice(0, variable.lastIndexOf('.'));
}

const BUCKET_RE = /^le_(\d+(?:\.\d+)?)$/;

/**
 * Orders components for every format: buckets `le_<n>` after the others, by numeric bound (`le_20` before
 * `le_100`, which a text sort would swap); other names keep their order (a stable sort).
 */
function bucketOrder(a: string, b: string): number {
  const ba = BUCKET_RE.exec(a);
  const bb = BUCKET_RE.exec(b);
  if (ba && bb) return Number(ba[1]) - Number(bb[1]);
  return ba ? 1 : bb ? -1 : 0;
}

function seriesOf(kpi: KpiInfo, stored: ReadonlySet<string>): Series[] {
  const out: Series[] = [];
  const declared = new Set(kpi.components.map((c) => c.name));
  const components = [
    ...kpi.components,
    ...[...stored]
      .filter((v) => kpiOf(v) === kpi.id && !declared.has(v.slice(kpi.id.length + 1)))
      .map((v) => v.slice(kpi.id.length + 1))
      .sort()
      .map((v): Component => ({
        name: v,
        description: 'stored, not declared',
        unit: '',
      })),
  ].sort((a, b) => bucketOrder(a.name, b.name));
  for (const c of components) {
    out.push({
      variable: `${kpi.id}.${c.name}`,
      kpi: kpi.id,
      name: c.name,
      unit: c.unit,
      description: c.description,
      kind: 'component',
      bucket: BUCKET_RE.test(c.name),
    });
  }
  for (const d of kpi.derived) {
    out.push({
      variable: `${kpi.id}.${d.name}`,
      kpi: kpi.id,
      name: d.name,
      unit: d.unit,
      description: d.description,
      kind: d.kind,
      bucket: false,
    });
  }
  return out;
}

/** Sums of each component over the days of one period that have it, with the count of those days. */
interface PeriodSums {
  sum: Map<string, number>;
  /** Per component, the dates that have it. */
  days: Map<string, Set<string>>;
  /** Days with any variable of the KPI. */
  anyDays: number;
  /** The KPI's components of each day of the period that has any: component → value. */
  byDay: Array<Map<string, number>>;
}

/** Sums per period of one KPI, in one pass over the stored days (periodOf: date → period index). */
function sumPeriods(
  data: SourceDays | undefined,
  periodOf: ReadonlyMap<string, number>,
  count: number,
  kpiId: string,
): PeriodSums[] {
  const out: PeriodSums[] = Array.from({ length: count }, () => ({
    sum: new Map(),
    days: new Map(),
    anyDays: 0,
    byDay: [],
  }));
  for (const [date, values] of data ?? []) {
    const index = periodOf.get(date);
    if (index === undefined) continue;
    const s = out[index]!;
    const day = new Map<string, number>();
    for (const [variable, value] of values) {
      if (kpiOf(variable) !== kpiId) continue;
      const name = variable.slice(kpiId.length + 1);
      s.sum.set(name, (s.sum.get(name) ?? 0) + value);
      let dates = s.days.get(name);
      if (!dates) s.days.set(name, (dates = new Set()));
      dates.add(date);
      day.set(name, value);
    }
    if (day.size > 0) {
      s.anyDays++;
      s.byDay.push(day);
    }
  }
  return out;
}

/** Cumulative buckets by numeric bound: [bound, count], ascending. */
function bucketsOf(sums: ReadonlyMap<string, number>, prefix: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [name, count] of sums) {
    if (!name.startsWith(prefix)) continue;
    const bound = name.slice(prefix.length);
    if (!/^\d+(?:\.\d+)?$/.test(bound)) continue;
    out.push([Number(bound), count]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/**
 * The q-quantile from cumulative bucket counts: rank = q × total; the first bucket whose count reaches the
 * rank holds it, and the value is interpolated linearly from the previous bound (0 for the first bucket) to
 * this bound, as the share of that bucket's observations needed to reach the rank. A rank above the last
 * bucket has no value (null, note "> last bound"): the histogram can't say how far above it lies.
 */
export function interpolatePercentile(
  buckets: ReadonlyArray<readonly [number, number]>,
  quantile: number,
  total: number,
): { value: number | null; note?: string } {
  if (buckets.length === 0) return { value: null, note: 'no buckets stored' };
  if (!(total > 0)) return { value: null };
  const rank = quantile * total;
  let prevBound = 0;
  let prevCount = 0;
  for (const [bound, count] of buckets) {
    if (count >= rank && count > prevCount) {
      return { value: prevBound + ((rank - prevCount) / (count - prevCount)) * (bound - prevBound) };
    }
    prevBound = bound;
    prevCount = Math.max(prevCount, count);
  }
  return { value: null, note: `> ${prevBound}` };
}

/**
 * A derived figure of one period. Only the days that hold every input of the figure count: a day that stores
 * `count` but not `seconds` is a gap for `avg_seconds` (as a missing day is), never a zero numerator. The
 * inputs are the numerator and denominator components of a ratio; the total components and every bucket
 * stored in the period for a percentile (summing a bucket over fewer days than its neighbours would break
 * the cumulative order).
 */
function derive(d: Derived, s: PeriodSums): { value: number | null; days: number; note?: string } {
  const inputs =
    d.kind === 'ratio'
      ? [...new Set([...d.numerator, ...d.denominator])]
      : [...bucketsOf(s.sum, d.buckets).map(([b]) => `${d.buckets}${b}`), ...d.total];
  const complete = s.byDay.filter((day) => inputs.every((n) => day.has(n)));
  const sum = new Map<string, number>();
  for (const day of complete) for (const n of inputs) sum.set(n, (sum.get(n) ?? 0) + day.get(n)!);
  const total = (names: readonly string[]) => names.reduce((acc, n) => acc + (sum.get(n) ?? 0), 0);
  const days = complete.length;
  if (days === 0 || (d.kind === 'percentile' && inputs.length === d.total.length)) {
    return { value: null, days: 0 }; // no day with every input (or no bucket stored): a gap
  }
  if (d.kind === 'ratio') {
    const den = total(d.denominator);
    if (den === 0) return { value: null, days, note: 'denominator is 0' };
    return { value: total(d.numerator) / den, days };
  }
  return { ...interpolatePercentile(bucketsOf(sum, d.buckets), d.quantile, total(d.total)), days };
}

export interface BuildOptions {
  data: ReadonlyMap<string, SourceDays>;
  definitions: readonly KpiInfo[];
  from: string;
  to: string;
  every: Every;
  /** KPI ids to report; default every KPI with data in the range. */
  kpis?: readonly string[];
}

/**
 * Per period: sums each stored component over the days present, then computes every derived figure from
 * those sums (ratios of sums, percentiles from summed buckets), never from daily figures.
 */
export function buildReport(o: BuildOptions): Report {
  const periods = splitPeriods(o.from, o.to, o.every);
  const byId = new Map(o.definitions.map((k) => [k.id, k]));
  const periodOf = new Map<string, number>();
  periods.forEach((p, i) => {
    for (const d of datesOf(p.start, p.end)) periodOf.set(d, i);
  });
  const stored = new Map<string, Set<string>>(); // kpi id → variables stored in range
  for (const [, days] of o.data) {
    for (const [date, values] of days) {
      if (date < o.from || date > o.to) continue;
      for (const variable of values.keys()) {
        const id = kpiOf(variable);
        let set = stored.get(id);
        if (!set) stored.set(id, (set = new Set()));
        set.add(variable);
      }
    }
  }
  const ids = o.kpis
    ? [...o.kpis]
    : [
        ...o.definitions.map((k) => k.id).filter((id) => stored.has(id)),
        ...[...stored.keys()].filter((id) => !byId.has(id)).sort(),
      ];
  const kpis: KpiReport[] = [];
  for (const id of ids) {
    const source = id.slice(0, id.indexOf('.'));
    const kpi: KpiInfo = byId.get(id) ?? {
      id,
      source,
      definition: 'Not defined by any registered source or the config: stored components only.',
      unit: '',
      components: [],
      derived: [],
      known: false,
    };
    const series = seriesOf(kpi, stored.get(id) ?? new Set());
    const figures = new Map<string, Figure[]>(series.map((s) => [s.variable, []]));
    const days: number[] = [];
    const dates = [...(o.data.get(kpi.source) ?? new Map<string, Map<string, number>>())]
      .filter(
        ([date, values]) => date >= o.from && date <= o.to && [...values.keys()].some((v) => kpiOf(v) === id),
      )
      .map(([date]) => date)
      .sort();
    const perPeriod = sumPeriods(o.data.get(kpi.source), periodOf, periods.length, id);
    for (const [pi, p] of periods.entries()) {
      const sums = perPeriod[pi]!;
      days.push(sums.anyDays);
      for (const s of series) {
        let f: { value: number | null; days: number; note?: string };
        if (s.kind === 'component') {
          const n = sums.days.get(s.name)?.size ?? 0;
          f = { value: n > 0 ? sums.sum.get(s.name)! : null, days: n };
        } else {
          f = derive(
            kpi.derived.find((d) => d.name === s.name)!,
            sums,
          );
        }
        const figure: Figure = { period_start: p.start, period_end: p.end, variable: s.variable, ...f };
        if (figure.note === undefined) delete figure.note;
        figures.get(s.variable)!.push(figure);
      }
    }
    kpis.push({ kpi, series, days, dates, figures });
  }
  return { from: o.from, to: o.to, every: o.every, periods, kpis };
}

/** Every figure, period by period, in series order: the rows of the json and csv formats. */
export function allFigures(report: Report): Figure[] {
  const out: Figure[] = [];
  report.periods.forEach((_, i) => {
    for (const k of report.kpis) for (const s of k.series) out.push(k.figures.get(s.variable)![i]!);
  });
  return out;
}
