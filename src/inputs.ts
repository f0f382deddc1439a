import * as path from 'node:path';
import { UserError } from './errors.js';
import { addDays, daysBetween, isValidTimeZone, parseDate, today } from './dates.js';

/** Input names, as action.yml declares them and the CLI spells its flags. */
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
  GithubToken: 'github-token',
  DatabricksHost: 'databricks-host',
  DatabricksToken: 'databricks-token',
  OracleUser: 'oracle-user',
  OraclePassword: 'oracle-password',
  OracleConnectString: 'oracle-connect-string',
  PostgresUrl: 'postgres-url',
} as const;
export type InputName = (typeof Inputs)[keyof typeof Inputs];

/** Secret inputs and the environment variable the CLI reads each from. */
export const SECRETS = {
  'github-token': 'GITHUB_TOKEN',
  'databricks-host': 'DATABRICKS_HOST',
  'databricks-token': 'DATABRICKS_TOKEN',
  'oracle-user': 'ORACLE_USER',
  'oracle-password': 'ORACLE_PASSWORD',
  'oracle-connect-string': 'ORACLE_CONNECT_STRING',
  'postgres-url': 'POSTGRES_URL',
} as const satisfies Partial<Record<InputName, string>>;
export type SecretName = keyof typeof SECRETS;

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
  secrets: Partial<Record<SecretName, string>>;
}

export type GetInput = (name: InputName) => string;

/** Splits a list input on commas and newlines, trims, drops empties. */
export function parseList(value: string): string[] {
  return value
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** YAML 1.2 core schema booleans, and nothing else. */
export function parseBoolean(value: string, name: string): boolean {
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
export function parseInputs(get: GetInput, opts: { now?: number; cwd?: string } = {}): RunOptions {
  const now = opts.now ?? Date.now();
  const source = get(Inputs.Source).trim();
  if (!source)
    throw new UserError(`${Inputs.Source}: is required; set it to github, databricks, oracle or postgres`);

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

  const secrets: Partial<Record<SecretName, string>> = {};
  for (const name of Object.keys(SECRETS) as SecretName[]) {
    const v = get(name).trim();
    if (!v) continue;
    // A secret travels in a header, a URL or a connect descriptor: a control character there is either a
    // paste mistake or header injection. (TNS descriptors may span lines.)
    const bad =
      // eslint-disable-next-line no-control-regex
      name === 'oracle-connect-string' ? /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/ : CONTROL_RE;
    if (bad.test(v)) {
      throw new UserError(
        `${name}: contains control characters (a line break?); set the secret again without them`,
      );
    }
    secrets[name] = v;
  }

  return { source, startDate, endDate, timeZone, kpis, configPath, store, dryRun, secrets };
}
