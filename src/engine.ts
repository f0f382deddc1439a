import * as os from 'node:os';
import * as path from 'node:path';
import { DayIndex, dayWindows, type DayWindow } from './dates.js';
import { UserError, errorMessage } from './errors.js';
import { loadConfig, shortName, sourceConfig, sourceKpis } from './config.js';
import { Accumulator, type Row } from './kpi.js';
import type { Logger } from './log.js';
import { DEFAULTS, type RunOptions, type StoreOptions } from './inputs.js';
import { Progress } from './progress.js';
import { didYouMean } from './suggest.js';
import { redact } from './redact.js';
import type { AnyKpi, AnySource } from './sources/types.js';
import type { StoredRow } from './store/csv.js';
import { LocalStore } from './store/local-store.js';
import type { ObjectStore } from './store/object-store.js';
import { writeDay, type DayWriteResult } from './store/writer.js';
import { buildReport, kpiInfos, type Report } from './report/aggregate.js';
import { readRecentDays } from './report/read.js';
import { addDays, today } from './dates.js';

/** Days of the trend shown in the job summary. */
const TREND_DAYS = 14;

/**
 * The collected KPIs over the last TREND_DAYS days, read back from the store (one list and at most
 * TREND_DAYS reads). A failure here only loses the trend: it is logged and the run goes on.
 */
async function recentTrend(o: {
  store: ObjectStore;
  prefix: string;
  source: AnySource;
  /** Every KPI of the source (config-defined ones carry their derived figures). */
  kpis: readonly AnyKpi[];
  collected: string[];
  endDate: string;
  log: Logger;
}): Promise<Report | undefined> {
  const { store, prefix, source, kpis, collected, endDate, log } = o;
  try {
    const days = await readRecentDays(store, prefix, source.name, endDate, TREND_DAYS);
    return buildReport({
      data: new Map([[source.name, days]]),
      definitions: kpiInfos([source], () => kpis.filter((k) => !source.kpis.includes(k))),
      from: addDays(endDate, 1 - TREND_DAYS),
      to: endDate,
      every: 'day',
      kpis: collected,
    });
  } catch (e) {
    log.warning(`trend of the last ${TREND_DAYS} days not read back: ${errorMessage(e)}`);
    return undefined;
  }
}

interface KpiOutcome {
  id: string;
  ok: boolean;
  error?: string;
  rows: number;
  ms: number;
}

export interface RunReport {
  source: string;
  startDate: string;
  endDate: string;
  timeZone: string;
  dryRun: boolean;
  kpis: KpiOutcome[];
  /** Every row collected by KPIs that succeeded. */
  rows: StoredRow[];
  writes: DayWriteResult[];
  /** Stores that could not be written, with the cause. */
  writeErrors: string[];
  /** Days whose object was not written to every store. */
  unwrittenDays: string[];
  /** Where the rows that could not be written were saved (for a later upload-artifact step). */
  savedDir?: string;
  /** The run was cancelled (SIGTERM/SIGINT): nothing more was collected or written after that. */
  cancelled: boolean;
  /** The collected KPIs over the last TREND_DAYS days up to the end date, read back from the store. */
  trend?: Report;
  /** KPI ids that failed. */
  failed: string[];
  warnings: string[];
  /** Extra lines from the source (e.g. API requests used). */
  sourceLines: string[];
}

export interface EngineDeps {
  sources: readonly AnySource[];
  log: Logger;
  env?: NodeJS.ProcessEnv;
  now?: number;
  signal?: AbortSignal;
  cwd?: string;
  /** The action (main.ts) or the CLI (cli.ts, the default). */
  mode?: 'action' | 'cli';
  /** Least time between two progress lines of a KPI (default 15 s). */
  progressMs?: number;
  /** Builds the stores; tests may override. */
  stores?: (options: StoreOptions, signal?: AbortSignal) => ObjectStore[] | Promise<ObjectStore[]>;
}

/** The stores of a run. The AWS SDK is loaded only when a bucket is given (it dominates start-up time). */
async function buildStores(options: StoreOptions, signal?: AbortSignal): Promise<ObjectStore[]> {
  const stores: ObjectStore[] = [];
  if (options.s3) {
    const { S3Store } = await import('./store/s3-store.js');
    stores.push(new S3Store({ ...options.s3, signal }));
  }
  if (options.outputDir) stores.push(new LocalStore(options.outputDir));
  return stores;
}

interface SelectedKpi {
  kpi: AnyKpi;
  params: unknown;
}

/** Resolves which KPIs run and with which params; every mistake is a UserError. */
function selectKpis(o: {
  source: AnySource;
  /** The source's KPIs: built-in and defined by the config. */
  all: readonly AnyKpi[];
  sources: readonly AnySource[];
  requested: string[] | undefined;
  configKpis: Record<string, { enabled: boolean; params: Record<string, unknown> }>;
}): SelectedKpi[] {
  const { source, all, sources, requested, configKpis } = o;
  let chosen: AnyKpi[];
  if (requested) {
    chosen = [];
    for (const id of requested) {
      const kpi = all.find((k) => k.id === id);
      if (kpi) {
        if (!chosen.includes(kpi)) chosen.push(kpi);
        continue;
      }
      const owner = sources.find((s) => s !== source && s.kpis.some((k) => k.id === id));
      if (owner)
        throw new UserError(
          `kpis: '${id}' belongs to source ${owner.name}, not ${source.name}; run it with source: ${owner.name}`,
        );
      const known = all.map((k) => k.id);
      const prefixed = `${source.name}.${id}`;
      const hint = known.includes(prefixed) ? `; did you mean '${prefixed}'?` : didYouMean(id, known);
      throw new UserError(
        `kpis: '${id}' is not a KPI of source ${source.name}${hint}; known: ${known.join(', ') || '(none configured)'}`,
      );
    }
  } else {
    chosen = all.filter((k) => configKpis[shortName(k.id)]?.enabled !== false);
    if (chosen.length === 0) {
      throw new UserError(
        `kpis: no KPI of source ${source.name} is enabled; enable one in the config or name it in kpis`,
      );
    }
  }
  return chosen.map((kpi) => {
    const parsed = kpi.params.safeParse(configKpis[shortName(kpi.id)]?.params ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UserError(
        `config: sources.${source.name}.kpis.${shortName(kpi.id)}.${issue?.path.join('.')}: ${issue?.message}`,
      );
    }
    return { kpi, params: parsed.data };
  });
}

/** What collecting one KPI needs: the source's run context and the run's days. */
interface KpiRunOptions {
  source: AnySource;
  selected: SelectedKpi;
  /** The source's run context, built once and shared by its KPIs. */
  run: unknown;
  windows: readonly DayWindow[];
  days: DayIndex;
  timeZone: string;
  log: Logger;
  signal: AbortSignal;
  progressMs: number;
}

/** Collects one KPI into rows; a failure is returned as data, never thrown. */
async function collectKpi(o: KpiRunOptions): Promise<{ rows: Row[]; error?: string }> {
  const { kpi, params } = o.selected;
  const declared = new Set(kpi.components.map((c) => c.name));
  const acc = new Accumulator(
    new Set(o.windows.map((w) => w.date)),
    kpi.components.length ? declared : undefined,
    new Set(kpi.components.filter((c) => c.unit === 'seconds').map((c) => c.name)),
  );
  const progress = new Progress(kpi.id, o.log, o.progressMs);
  try {
    if (o.signal.aborted) throw new Error('cancelled before it started');
    await kpi.collect({
      run: o.run,
      params,
      windows: o.windows,
      days: o.days,
      timeZone: o.timeZone,
      acc,
      log: o.log,
      signal: o.signal,
      progress: (done, total, unit) => progress.report(done, total, unit),
    });
  } catch (e) {
    return { rows: [], error: redact(`${kpi.id}: ${errorMessage(e)}`) };
  } finally {
    progress.stop();
  }
  if (kpi.fillZeros !== false) {
    for (const w of o.windows)
      for (const c of kpi.components) if (!acc.has(w.date, c.name)) acc.add(w.date, c.name, 0);
  }
  const rows = acc.entries().map(([date, component, value]) => ({
    date,
    source: o.source.name,
    variable: `${kpi.id}.${component}`,
    value,
  }));
  return { rows };
}

/** Fails before anything runs when an input the source requires is missing. */
function assertRequiredInputs(source: AnySource, inputs: Readonly<Record<string, string>>): void {
  for (const input of source.inputs) {
    if (input.required && !inputs[input.name]) {
      const from = input.secret ? 'pass it from a repository secret' : 'set the input';
      throw new UserError(
        `${input.name}: is required for source ${source.name}; ${from} (CLI: set ${input.env})`,
      );
    }
  }
}

/**
 * The whole run, outside of Actions or the CLI: validate, collect every KPI (failures as data), then write
 * one object per day. Bad input throws a UserError before anything is written.
 */
export async function collectAndStore(options: RunOptions, deps: EngineDeps): Promise<RunReport> {
  const { sources, log } = deps;
  const env = deps.env ?? process.env;
  const now = deps.now ?? Date.now();
  const signal = deps.signal ?? new AbortController().signal;
  const cwd = deps.cwd ?? process.cwd();

  const source = sources.find((s) => s.name === options.source);
  if (!source) {
    throw new UserError(
      `source: '${options.source}' is not a source; use one of ${sources.map((s) => s.name).join(', ')}`,
    );
  }
  const config = await loadConfig(options.configPath, path.resolve(cwd, DEFAULTS.configFile), sources);
  const sc = sourceConfig(config, source);
  const all = sourceKpis(source, sc.settings);
  // KPIs that need a setting the config does not give are not collected, and cannot be named.
  const unmet = all.filter(
    (k) => k.requires && [undefined, null, ''].includes(sc.settings[k.requires] as never),
  );
  for (const k of unmet) {
    if (options.kpis?.includes(k.id)) {
      throw new UserError(
        `kpis: '${k.id}' needs sources.${source.name}.${k.requires} in the config; set it, or leave ${k.id} out`,
      );
    }
  }
  const selected = selectKpis({
    source,
    all: all.filter((k) => !unmet.includes(k)),
    sources,
    requested: options.kpis,
    configKpis: sc.kpis,
  });

  assertRequiredInputs(source, options.inputs);

  const windows = dayWindows(options.startDate, options.endDate, options.timeZone);
  const days = new DayIndex(windows);
  const stores = options.dryRun ? [] : await (deps.stores ?? buildStores)(options.store, signal);
  for (const store of stores) await store.check();

  const run = await source.createRun({
    inputs: options.inputs,
    settings: sc.settings,
    log,
    signal,
    env,
    timeZone: options.timeZone,
    mode: deps.mode ?? 'cli',
  });
  const warnings = source.rangeWarnings?.(windows, now, run) ?? [];
  if (options.endDate >= today(options.timeZone, now)) {
    warnings.push(
      `${options.endDate} is today in ${options.timeZone}: the day is not over, so its figures are partial; ` +
        're-collect it tomorrow (the scheduled run collects yesterday)',
    );
  }
  for (const w of warnings) log.warning(w);

  const collectedAt = new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const outcomes: KpiOutcome[] = [];
  const rows: StoredRow[] = [];
  try {
    for (const sel of selected) {
      const started = Date.now();
      const result = await log.group(sel.kpi.id, async () => {
        log.info(
          `${sel.kpi.id}: collecting ${windows.length} day(s) ${options.startDate}..${options.endDate} (${options.timeZone})`,
        );
        const r = await collectKpi({
          source,
          selected: sel,
          run,
          windows,
          days,
          timeZone: options.timeZone,
          log,
          signal,
          progressMs: deps.progressMs ?? 15_000,
        });
        if (r.error) log.error(r.error);
        else
          log.info(
            `${sel.kpi.id}: ${r.rows.length} row(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
          );
        return r;
      });
      outcomes.push({
        id: sel.kpi.id,
        ok: !result.error,
        error: result.error,
        rows: result.rows.length,
        ms: Date.now() - started,
      });
      for (const r of result.rows) rows.push({ ...r, collected_at: collectedAt });
    }
  } finally {
    await source.closeRun?.(run);
  }
  const sourceLines = source.summaryLines?.(run) ?? [];

  const collected = new Set(outcomes.filter((o) => o.ok).map((o) => o.id));
  const persisted = await persist({
    stores,
    prefix: options.store.prefix,
    source: source.name,
    windows,
    rows,
    collected,
    signal,
    log,
    fallbackRoot: path.join(env.RUNNER_TEMP || os.tmpdir(), 'kpi-collector-unsaved'),
    runId: `${source.name}-${options.startDate}-${options.endDate}-${collectedAt.replace(/[-:]/g, '')}`,
  });

  const trend =
    stores[0] && persisted.writes.length > 0
      ? await recentTrend({
          store: stores[0],
          prefix: options.store.prefix,
          source,
          kpis: all,
          collected: [...collected],
          endDate: options.endDate,
          log,
        })
      : undefined;

  return {
    source: source.name,
    startDate: options.startDate,
    endDate: options.endDate,
    timeZone: options.timeZone,
    dryRun: options.dryRun,
    kpis: outcomes,
    rows,
    writes: persisted.writes,
    writeErrors: persisted.errors,
    unwrittenDays: persisted.unwrittenDays,
    savedDir: persisted.savedDir,
    cancelled: signal.aborted,
    trend,
    failed: outcomes.filter((o) => !o.ok).map((o) => o.id),
    warnings,
    sourceLines,
  };
}

interface PersistInput {
  stores: ObjectStore[];
  prefix: string;
  source: string;
  windows: readonly DayWindow[];
  rows: readonly StoredRow[];
  collected: ReadonlySet<string>;
  signal: AbortSignal;
  log: Logger;
  fallbackRoot: string;
  runId: string;
}

/**
 * Writes one object per day to each store. A store that fails (after the SDK's retries) is not tried for
 * the remaining days; a cancelled run writes nothing more. Rows that did not reach every store are saved
 * in the same layout under the fallback folder, so nothing collected is lost.
 */
async function persist(p: PersistInput): Promise<{
  writes: DayWriteResult[];
  errors: string[];
  unwrittenDays: string[];
  savedDir?: string;
}> {
  const writes: DayWriteResult[] = [];
  const errors: string[] = [];
  const unwritten = new Set<string>();
  if (p.collected.size === 0 || p.stores.length === 0) return { writes, errors, unwrittenDays: [] };
  const byDate = new Map<string, StoredRow[]>(p.windows.map((w) => [w.date, []]));
  for (const r of p.rows) byDate.get(r.date)?.push(r);

  for (const store of p.stores) {
    let broken = false;
    for (const w of p.windows) {
      if (broken || p.signal.aborted) {
        unwritten.add(w.date);
        continue;
      }
      try {
        writes.push(await writeDay(store, p.prefix, p.source, w.date, byDate.get(w.date)!, p.collected));
      } catch (e) {
        broken = true;
        unwritten.add(w.date);
        const message = redact(`${store.describe(p.prefix)}: ${errorMessage(e)}`);
        errors.push(message);
        p.log.error(`write failed, the remaining days are not tried on this store: ${message}`);
      }
    }
  }
  if (unwritten.size === 0) return { writes, errors, unwrittenDays: [] };

  const unwrittenDays = [...unwritten].sort();
  const savedDir = path.join(p.fallbackRoot, p.runId);
  try {
    const fallback = new LocalStore(savedDir);
    for (const date of unwrittenDays) {
      await writeDay(fallback, p.prefix, p.source, date, byDate.get(date)!, p.collected);
    }
    p.log.warning(
      `rows of ${unwrittenDays.length} day(s) not written to the store were saved under ${savedDir}; ` +
        're-run with the same inputs to write them',
    );
    return { writes, errors, unwrittenDays, savedDir };
  } catch (e) {
    errors.push(`saving unwritten rows under ${savedDir} failed: ${errorMessage(e)}`);
    return { writes, errors, unwrittenDays };
  }
}
