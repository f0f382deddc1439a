import type { z } from 'zod';
import type { KpiDefinition } from '../kpi.js';
import type { Logger } from '../log.js';
import type { DayWindow } from '../dates.js';

/**
 * An input a source needs (a host, a token, a connect string), declared once: action.yml, the README's
 * inputs table, the CLI's flags, environment variables and help, the reusable workflow's secrets and the
 * masking of secrets are all derived from these declarations.
 */
export interface SourceInput {
  /** The action input, kebab-case and prefixed by the source: `trino-server`. */
  name: string;
  /** One or two sentences for action.yml, the README and the CLI help. */
  description: string;
  /** Masked the moment it is read; the CLI reads it from `env` only, never from a flag. */
  secret: boolean;
  /** The CLI's environment variable (and the reusable workflow's secret name), e.g. `TRINO_SERVER`. */
  env: string;
  /** The run fails before collecting when it is missing. */
  required?: boolean;
  /** The repository secret the reusable workflow passes (default: `env`; GITHUB_* names are reserved). */
  workflowSecret?: string;
  /** Keeps line breaks (a TNS descriptor, `NAME=value` lines); other control characters are refused. */
  multiline?: boolean;
  /** The default action.yml gives the input (an expression such as `${{ github.token }}`). */
  actionDefault?: string;
  /** Values inside a secret input that must be masked on their own (the values of `NAME=value` lines). */
  secretParts?: (value: string) => string[];
  /** Validates and normalises the trimmed value; throws a UserError naming the input and the fix. */
  parse?: (value: string) => string;
}

/** What a source gets to build its run context, once per run. */
export interface RunInit<Settings> {
  /** This source's inputs by name, parsed; missing ones are undefined. */
  inputs: Readonly<Record<string, string | undefined>>;
  /** `sources.<name>` from the config file, defaults applied. */
  settings: Settings;
  log: Logger;
  signal: AbortSignal;
  env: NodeJS.ProcessEnv;
  /** The run's IANA time zone. */
  timeZone: string;
}

/**
 * A system KPIs are collected from: one folder under src/sources/ and one line in src/sources/index.ts. It
 * declares its inputs, its settings, its KPIs, and builds the one run context (client, per-run cache,
 * request counters) that every KPI of a run receives as `ctx.run`.
 */
export interface SourceDefinition<Run = unknown, Settings extends object = object> {
  name: string;
  description: string;
  inputs: readonly SourceInput[];
  /** Source-level settings in the config file (`sources.<name>`), besides `kpis` for built-in KPIs. */
  settings: z.ZodObject;
  /** Built-in KPIs, listed explicitly so a reviewer sees them all. Each KPI has its own params type. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  kpis: readonly KpiDefinition<Run, any>[];
  /** KPIs defined in the config file (SQL queries, HTTP requests). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  configKpis?(settings: Settings): KpiDefinition<Run, any>[];
  /** Builds the run context once per run. Throws UserError for unusable inputs (e.g. a host that is no URL). */
  createRun(init: RunInit<Settings>): Promise<Run>;
  closeRun?(run: Run): Promise<void>;
  /** Warnings about the range before collecting (e.g. history the source no longer keeps, a short budget). */
  rangeWarnings?(windows: readonly DayWindow[], now: number, run: Run): string[];
  /** Lines for the job summary after collecting (e.g. API requests used). */
  summaryLines?(run: Run): string[];
}

// Sources are stored in one list of mixed run types; the engine only passes each run back to its own
// source's KPIs.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySource = SourceDefinition<any, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyKpi = KpiDefinition<any, any>;
