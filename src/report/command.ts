import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, sourceConfig } from '../config.js';
import { daysBetween, parseDate } from '../dates.js';
import { UserError, errorMessage } from '../errors.js';
import { DEFAULTS, parseHttpUrl, parseList } from '../inputs.js';
import { SOURCES } from '../sources/index.js';
import type { AnySource } from '../sources/types.js';
import { LocalStore } from '../store/local-store.js';
import type { ObjectStore } from '../store/object-store.js';
import { buildReport, kpiInfos, kpiOf, type Report } from './aggregate.js';
import { FORMATS, renderCsv, renderJson, renderMarkdown, renderTable, type Format } from './format.js';
import { renderHtml } from './html.js';
import { EVERY, type Every } from './periods.js';
import { readStore, storeHoldings, type Holding } from './read.js';

/** For the job summary's trend: the last days of a source, and a sparkline of a series. */
export { readRecentDays } from './read.js';
export { sparkline } from './format.js';

export const REPORT_HELP = `kpi-collector report: sums stored components per period and derives averages, rates and percentiles

Usage:
  kpi-collector report --store <folder | s3://bucket/prefix> --from YYYY-MM-DD --to YYYY-MM-DD [options]

Options:
  --store        the folder that holds the source=… partitions (e.g. kpi-data/kpis), or s3://bucket/prefix
  --from, --to   the inclusive range of days
  --every        day | week | month | all (default day); weeks are ISO weeks (Monday to Sunday), months are
                 calendar months, the first and last period are clipped to the range
  --source       comma-separated sources (default: every source found in the store)
  --kpis         comma-separated KPI ids (default: every KPI with data in the range)
  --config       YAML config file, for the derived figures of KPIs it defines (SQL sources)
  --format       table | csv | json | markdown | html (default table)
  --s3-endpoint  S3-compatible endpoint (MinIO, R2, Ceph)
  --aws-region   AWS region of the bucket

Averages and rates are ratios of the period's sums, never averages of daily figures; percentiles are
interpolated in the period's summed cumulative buckets. Days without data are gaps, never zeros, and so is a
day missing an input of a derived figure. table, markdown and html show figures for people (3m 42s, 6.2 h,
12.5%, 12,345) and mark weeks or months cut by the range as partial; csv and json keep exact values.
`;

export interface ReportIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

/** Where to read: a store and the prefix the layout sits under inside it. */
export interface StoreLocation {
  store: ObjectStore;
  prefix: string;
}

const MAX_REPORT_DAYS = DEFAULTS.maxDays;
const NAME_RE = /^[a-z0-9_]+$/;
const KPI_ID_RE = /^[a-z0-9_]+\.[a-z0-9_]+$/;

/** Parses `--store`: `s3://bucket/prefix` or a folder (its parent is the store root, its name the prefix). */
export async function openStore(
  value: string,
  s3: { endpoint?: string; region?: string },
  io: ReportIO,
): Promise<StoreLocation> {
  const v = value.trim();
  if (/^s3:\/\//i.test(v)) {
    const m = /^s3:\/\/([^/]+)\/?(.*)$/i.exec(v)!;
    const bucket = m[1]!;
    const prefix = m[2]!.replace(/\/+$/, '');
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || bucket.includes('..')) {
      throw new UserError(
        `store: '${bucket}' is not a valid bucket name; use s3://<bucket>/<prefix> with a lowercase bucket`,
      );
    }
    if (prefix === '') {
      throw new UserError(
        `store: ${v} has no prefix; add the s3-prefix of the collection, e.g. s3://${bucket}/kpis`,
      );
    }
    if (
      !/^[A-Za-z0-9._\-/=]+$/.test(prefix) ||
      prefix.split('/').some((s) => s === '' || s === '.' || s === '..')
    ) {
      throw new UserError(
        `store: the prefix '${prefix}' is not a plain key prefix; use e.g. s3://${bucket}/team/kpis`,
      );
    }
    const { S3Store } = await import('../store/s3-store.js');
    const store = new S3Store({ bucket, endpoint: s3.endpoint, region: s3.region });
    try {
      await store.check();
    } catch (e) {
      throw new UserError(errorMessage(e).replace(/^s3-bucket:/, 'store:'));
    }
    return { store, prefix };
  }
  if (s3.endpoint) {
    throw new UserError(
      `s3-endpoint: is set but --store is a folder; use --store s3://bucket/prefix or drop it`,
    );
  }
  const folder = path.resolve(v);
  const stat = await fs.stat(folder).catch(() => undefined);
  if (!stat?.isDirectory()) {
    throw new UserError(
      `store: ${v} is not a folder; pass the folder that holds the source=… partitions, e.g. kpi-data/kpis`,
    );
  }
  const prefix = path.basename(folder);
  if (!prefix) throw new UserError(`store: ${v} is a file system root; pass the folder of the layout`);
  const entries = await fs.readdir(folder);
  if (!entries.some((e) => e.startsWith('source='))) {
    const inner = entries.find((e) => e === 'kpis') ?? entries[0];
    const nested = inner
      ? (await fs.readdir(path.join(folder, inner)).catch(() => [])).some((e) => e.startsWith('source='))
      : false;
    if (nested) {
      io.stderr.write(
        `warning: ${v} holds no source=… folders but ${path.join(v, inner!)} does; did you mean --store ${path.join(v, inner!)}?\n`,
      );
    }
  }
  return { store: new LocalStore(path.dirname(folder)), prefix };
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UserError(`${flag}: '${value}' is not one of ${allowed.join(', ')}; use one of them`);
  }
  return value as T;
}

function required(flag: string, value: string | undefined, example: string): string {
  if (value === undefined || value.trim() === '')
    throw new UserError(`${flag}: missing; pass --${flag} ${example}`);
  return value.trim();
}

export function render(report: Report, format: Format): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'csv':
      return renderCsv(report);
    case 'markdown':
      return renderMarkdown(report);
    case 'html':
      return renderHtml(report);
    default:
      return renderTable(report);
  }
}

/**
 * `kpi-collector report …`: reads the stored days in range, sums components per period, derives the rest,
 * and prints the result in the format asked for. Bad flags throw a UserError naming the flag and the fix.
 */
export async function reportCommand(
  args: string[],
  io: ReportIO,
  sources: readonly AnySource[] = SOURCES,
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        store: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        every: { type: 'string', default: 'day' },
        source: { type: 'string' },
        kpis: { type: 'string' },
        config: { type: 'string' },
        format: { type: 'string', default: 'table' },
        's3-endpoint': { type: 'string' },
        'aws-region': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    // node's messages name the flag ("Unknown option '--frm'"); add the fix.
    throw new UserError(
      `report: ${errorMessage(e).replace(/\. To specify .*$/, '')}; see kpi-collector report --help`,
    );
  }
  if (values.help) {
    io.stdout.write(REPORT_HELP);
    return 0;
  }

  const from = parseDate(required('from', values.from, 'YYYY-MM-DD'), 'from');
  const to = parseDate(required('to', values.to, 'YYYY-MM-DD'), 'to');
  if (to < from) throw new UserError(`to: ${to} is before --from ${from}; swap them`);
  const days = daysBetween(from, to) + 1;
  if (days > MAX_REPORT_DAYS) {
    throw new UserError(
      `from: the range ${from}..${to} has ${days} days, more than ${MAX_REPORT_DAYS}; shorten it`,
    );
  }
  const every = oneOf<Every>('every', values.every, EVERY);
  const format = oneOf<Format>('format', values.format, FORMATS);

  const sourceNames = values.source !== undefined ? parseList(values.source) : undefined;
  if (sourceNames?.length === 0)
    throw new UserError(`source: empty; name a source, e.g. --source databricks`);
  for (const s of sourceNames ?? []) {
    if (!NAME_RE.test(s)) throw new UserError(`source: '${s}' is not a source name; use e.g. databricks`);
  }
  const kpiIds = values.kpis !== undefined ? parseList(values.kpis) : undefined;
  if (kpiIds?.length === 0)
    throw new UserError(`kpis: empty; name KPI ids, e.g. --kpis databricks.cluster_startup`);
  for (const id of kpiIds ?? []) {
    if (!KPI_ID_RE.test(id)) {
      throw new UserError(
        `kpis: '${id}' is not a KPI id; use <source>.<kpi>, e.g. databricks.cluster_startup`,
      );
    }
    if (sourceNames && !sourceNames.includes(id.slice(0, id.indexOf('.')))) {
      throw new UserError(
        `kpis: '${id}' is not of the sources in --source (${sourceNames.join(', ')}); add its source`,
      );
    }
  }

  const region = values['aws-region']?.trim() || undefined;
  if (region && !/^[a-z0-9-]{2,32}$/.test(region)) {
    throw new UserError(`aws-region: '${region}' is not a region name; use e.g. eu-west-1`);
  }
  const endpoint = values['s3-endpoint']?.trim()
    ? parseHttpUrl(values['s3-endpoint'], 's3-endpoint')
    : undefined;

  const config = values.config
    ? await loadConfig(path.resolve(values.config), path.resolve(DEFAULTS.configFile), sources)
    : undefined;
  const definitions = kpiInfos(sources, (s) =>
    config && s.configKpis ? s.configKpis(sourceConfig(config, s).settings) : [],
  );
  const registered = new Set(sources.map((s) => s.name));
  for (const s of sourceNames ?? []) {
    if (registered.size > 0 && !registered.has(s)) {
      io.stderr.write(`warning: source '${s}' is not registered: only its stored components are reported\n`);
    }
  }

  const location = await openStore(
    required('store', values.store, '<folder | s3://bucket/prefix>'),
    { endpoint, region },
    io,
  );
  const readFrom =
    sourceNames ?? (kpiIds ? [...new Set(kpiIds.map((id) => id.slice(0, id.indexOf('.'))))] : undefined);
  const data = await readStore(location.store, location.prefix, from, to, { sources: readFrom });

  if (kpiIds) {
    const known = new Set(definitions.map((k) => k.id));
    for (const id of kpiIds) {
      const stored = [...(data.get(id.slice(0, id.indexOf('.')))?.values() ?? [])].some((day) =>
        [...day.keys()].some((v) => kpiOf(v) === id),
      );
      if (!known.has(id) && !stored) {
        throw new UserError(
          `kpis: '${id}' is neither a defined KPI nor stored between ${from} and ${to}; check the id (kpi-collector catalog lists them)`,
        );
      }
    }
  }

  const report = buildReport({ data, definitions, from, to, every, kpis: kpiIds });
  if ([...data.values()].every((days) => days.size === 0)) {
    const held = await storeHoldings(location.store, location.prefix, readFrom);
    report.empty = emptyRangeMessage(from, to, held, readFrom, location);
    // csv and json stay machine-readable: the message goes to stderr.
    if (format === 'csv' || format === 'json') io.stderr.write(`${report.empty}\n`);
  }
  io.stdout.write(render(report, format));
  return 0;
}

/** "No data from … to …; the store holds databricks from 2025-11-03 to 2026-02-27 (117 days), …". */
export function emptyRangeMessage(
  from: string,
  to: string,
  held: readonly Holding[],
  sources: readonly string[] | undefined,
  location: StoreLocation,
): string {
  const of = sources ? ` of ${sources.join(', ')}` : '';
  const where = location.store.describe(location.prefix);
  if (held.length === 0) {
    return `No data${of} from ${from} to ${to}: ${where} holds no source=…/date=… objects${of ? ' of those sources' : ''}.`;
  }
  const list = held
    .map((h) =>
      h.first === h.last
        ? `${h.source} on ${h.first} (1 day)`
        : `${h.source} from ${h.first} to ${h.last} (${h.days} days)`,
    )
    .join(', ');
  return `No data${of} from ${from} to ${to}. ${where} holds ${list}.`;
}
