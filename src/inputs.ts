import * as path from 'node:path';
import { UserError } from './errors.js';
import { addDays, daysBetween, isValidTimeZone, parseDate, today } from './dates.js';
import type { AnySource, SourceInput } from './sources/types.js';
import { didYouMean } from './suggest.js';

/** The inputs every source shares, as action.yml declares them and the CLI spells its flags. */
export const Inputs = {
  Source: 'source',
  Date: 'date',
  StartDate: 'start-date',
  EndDate: 'end-date',
  Kpis: 'kpis',
  Config: 'config',
  Timezone: 'timezone',
  S3Bucket: 's3-bucket',
  S3Prefix: 's3-prefix',
  S3Endpoint: 's3-endpoint',
  AwsRegion: 'aws-region',
  OutputDir: 'output-dir',
  DryRun: 'dry-run',
  MaxDays: 'max-days',
} as const;
export type InputName = (typeof Inputs)[keyof typeof Inputs];

/** Defaults that live in code (action.yml repeats them for the reader; a test keeps both equal). */
export const DEFAULTS = {
  timezone: 'UTC',
  s3Prefix: 'kpis',
  outputDir: 'kpi-data',
  configFile: '.github/kpis.yml',
  maxDays: 3660,
} as const;

export interface StoreOptions {
  s3?: { bucket: string; endpoint?: string; region?: string };
  outputDir?: string;
  prefix: string;
}

export interface RunOptions {
  source: string;
  startDate: string;
  endDate: string;
  timeZone: string;
  /** KPI ids asked for explicitly; undefined means all enabled for the source. */
  kpis?: string[];
  /** A config path given explicitly (must exist), or undefined to use the default file if present. */
  configPath?: string;
  store: StoreOptions;
  dryRun: boolean;
  /** The chosen source's own inputs (host, token, …) by input name, validated; unset ones are absent. */
  inputs: Record<string, string>;
}

/** Reads an input by name ('' when it is not set): the runner's INPUT_* in the action, flags and env in the CLI. */
export type GetInput = (name: string) => string;

/** Splits a list input on commas and newlines, trims, drops empties. */
export function parseList(value: string): string[] {
  return value
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** YAML 1.2 core schema booleans, and nothing else. */
function parseBoolean(value: string, name: string): boolean {
  const v = value.trim();
  if (v === '') return false;
  if (['true', 'True', 'TRUE'].includes(v)) return true;
  if (['false', 'False', 'FALSE'].includes(v)) return false;
  throw new UserError(`${name}: '${v}' is not a boolean; use true or false`);
}

// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u001f\u007f]/;

/** An S3 key prefix that stays inside the layout: relative, no '..' or '.' segments, no control characters. */
export function parsePrefix(value: string): string {
  const name = Inputs.S3Prefix;
  const v = value.trim().replace(/\/+$/, '');
  if (v === '') throw new UserError(`${name}: must not be empty; use a folder name such as 'kpis'`);
  if (CONTROL_RE.test(v))
    throw new UserError(`${name}: contains control characters; use letters, digits, '-', '_', '/'`);
  if (v.startsWith('/') || /^[A-Za-z]:/.test(v) || v.includes('\\')) {
    throw new UserError(`${name}: '${v}' is absolute; use a relative prefix such as 'kpis'`);
  }
  const segments = v.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new UserError(
      `${name}: '${v}' has an empty, '.' or '..' segment; use a plain path such as 'team/kpis'`,
    );
  }
  if (segments.some((s) => /^(source|date)=/.test(s))) {
    throw new UserError(
      `${name}: '${v}' has a source= or date= segment, which the layout adds itself; use a plain prefix`,
    );
  }
  if (!/^[A-Za-z0-9._\-/=]+$/.test(v)) {
    throw new UserError(`${name}: '${v}' has characters outside A-Z a-z 0-9 . _ - = /; rename the prefix`);
  }
  return v;
}

function parseBucket(value: string): string {
  const v = value.trim();
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v) || v.includes('..')) {
    throw new UserError(
      `${Inputs.S3Bucket}: '${v}' is not a valid bucket name; use 3-63 lowercase letters, digits, '.' or '-'`,
    );
  }
  return v;
}

export function parseHttpUrl(value: string, name: string): string {
  const v = value.trim();
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new UserError(
      `${name}: the value is not a URL; use https://host (http:// only for local test servers)`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UserError(`${name}: the value is not an http(s) URL; use https://host`);
  }
  if (url.username || url.password) {
    throw new UserError(`${name}: the URL must not contain credentials; pass them as secrets instead`);
  }
  return v.replace(/\/+$/, '');
}

/**
 * Reads and validates every input in one place. `get` returns '' for an input that is not set. Throws a
 * UserError naming the input and the fix.
 */
export function parseInputs(
  get: GetInput,
  opts: { sources: readonly AnySource[]; now?: number; cwd?: string },
): RunOptions {
  const now = opts.now ?? Date.now();
  const names = opts.sources.map((s) => s.name);
  const sourceName = get(Inputs.Source).trim();
  if (!sourceName) throw new UserError(`${Inputs.Source}: is required; set it to one of ${names.join(', ')}`);
  const chosen = opts.sources.find((s) => s.name === sourceName);
  if (!chosen) {
    throw new UserError(
      `${Inputs.Source}: '${sourceName}' is not a source${didYouMean(sourceName, names)}; use one of ${names.join(', ')}`,
    );
  }
  const source = chosen.name;

  const zoneRaw = get(Inputs.Timezone).trim() || DEFAULTS.timezone;
  if (!isValidTimeZone(zoneRaw)) {
    throw new UserError(
      `${Inputs.Timezone}: '${zoneRaw}' is not a known IANA time zone; use e.g. UTC or Europe/Paris`,
    );
  }
  // The canonical spelling (etc/utc → Etc/UTC), as logs and summaries show it.
  const timeZone = new Intl.DateTimeFormat('en-US', { timeZone: zoneRaw }).resolvedOptions().timeZone;

  const date = get(Inputs.Date).trim();
  const start = get(Inputs.StartDate).trim();
  const end = get(Inputs.EndDate).trim();
  let startDate: string;
  let endDate: string;
  if (date && (start || end)) {
    throw new UserError(
      `${Inputs.Date}: cannot be combined with start-date/end-date; give either a date or a range`,
    );
  } else if (date) {
    startDate = endDate = parseDate(date, Inputs.Date);
  } else if (start || end) {
    if (!start)
      throw new UserError(`${Inputs.StartDate}: is required with end-date; give both ends of the range`);
    if (!end)
      throw new UserError(`${Inputs.EndDate}: is required with start-date; give both ends of the range`);
    startDate = parseDate(start, Inputs.StartDate);
    endDate = parseDate(end, Inputs.EndDate);
    if (endDate < startDate) {
      throw new UserError(`${Inputs.EndDate}: ${endDate} is before start-date ${startDate}; swap them`);
    }
  } else {
    startDate = endDate = addDays(today(timeZone, now), -1);
  }
  const todayThere = today(timeZone, now);
  if (endDate > todayThere) {
    const name = date ? Inputs.Date : Inputs.EndDate;
    throw new UserError(
      `${name}: ${endDate} is in the future (today is ${todayThere} in ${timeZone}); collect past days only`,
    );
  }

  const maxDaysRaw = get(Inputs.MaxDays).trim();
  let maxDays: number = DEFAULTS.maxDays;
  if (maxDaysRaw) {
    if (!/^\d+$/.test(maxDaysRaw) || Number(maxDaysRaw) < 1) {
      throw new UserError(`${Inputs.MaxDays}: '${maxDaysRaw}' is not a positive whole number`);
    }
    maxDays = Number(maxDaysRaw);
  }
  const days = daysBetween(startDate, endDate) + 1;
  if (days > maxDays) {
    throw new UserError(
      `${Inputs.StartDate}: the range ${startDate}..${endDate} has ${days} days, more than ${maxDays}; split it or raise max-days`,
    );
  }

  const kpisRaw = get(Inputs.Kpis);
  const kpis = kpisRaw.trim() ? parseList(kpisRaw) : undefined;
  if (kpis && kpis.length === 0) {
    throw new UserError(
      `${Inputs.Kpis}: '${kpisRaw.replace(/\n/g, '\\n')}' names no KPI; give KPI ids separated by commas, or leave it empty for all`,
    );
  }

  const configRaw = get(Inputs.Config).trim();
  const cwd = opts.cwd ?? process.cwd();
  const configPath = configRaw ? path.resolve(cwd, configRaw) : undefined;

  const bucketRaw = get(Inputs.S3Bucket).trim();
  const endpointRaw = get(Inputs.S3Endpoint).trim();
  const region = get(Inputs.AwsRegion).trim() || undefined;
  if (region && !/^[a-z0-9-]{2,32}$/.test(region)) {
    throw new UserError(`${Inputs.AwsRegion}: '${region}' is not a region name; use e.g. eu-west-1`);
  }
  const prefix = parsePrefix(get(Inputs.S3Prefix) || DEFAULTS.s3Prefix);
  const outputDirRaw = get(Inputs.OutputDir).trim();
  if (outputDirRaw && CONTROL_RE.test(outputDirRaw)) {
    throw new UserError(`${Inputs.OutputDir}: contains control characters; use a plain folder path`);
  }
  if (endpointRaw && !bucketRaw) {
    throw new UserError(`${Inputs.S3Endpoint}: is set but s3-bucket is not; set s3-bucket too`);
  }
  if (region && !bucketRaw) {
    throw new UserError(
      `${Inputs.AwsRegion}: is set but s3-bucket is not; set s3-bucket too, or drop aws-region`,
    );
  }
  const store: StoreOptions = { prefix };
  if (bucketRaw) {
    store.s3 = {
      bucket: parseBucket(bucketRaw),
      endpoint: endpointRaw ? parseHttpUrl(endpointRaw, Inputs.S3Endpoint) : undefined,
      region,
    };
  }
  if (outputDirRaw || !bucketRaw) store.outputDir = path.resolve(cwd, outputDirRaw || DEFAULTS.outputDir);

  const dryRun = parseBoolean(get(Inputs.DryRun), Inputs.DryRun);

  const inputs: Record<string, string> = {};
  for (const input of chosen.inputs) {
    const v = parseSourceInput(input, get(input.name));
    if (v !== undefined) inputs[input.name] = v;
  }

  return { source, startDate, endDate, timeZone, kpis, configPath, store, dryRun, inputs };
}

/**
 * One input of a source: trimmed, free of control characters (a line break in a header or a URL is a paste
 * mistake or header injection; multi-line inputs keep their line breaks), then the source's own parse.
 */
function parseSourceInput(input: SourceInput, raw: string): string | undefined {
  const v = raw.trim();
  if (!v) return undefined;
  // eslint-disable-next-line no-control-regex
  const bad = input.multiline ? /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/ : CONTROL_RE;
  if (bad.test(v)) {
    throw new UserError(
      `${input.name}: contains control characters${input.multiline ? '' : ' (a line break?)'}; set it again without them`,
    );
  }
  return input.parse ? input.parse(v) : v;
}
