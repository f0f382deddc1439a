import type { z } from 'zod';
import type { KpiDefinition } from '../kpi.js';
import type { Logger } from '../log.js';
import type { DayWindow } from '../dates.js';
import type { SecretName } from '../inputs.js';

export interface ClientContext<Settings> {
  secrets: Partial<Record<SecretName, string>>;
  settings: Settings;
  log: Logger;
  signal: AbortSignal;
  env: NodeJS.ProcessEnv;
}

/**
 * A system KPIs are collected from. It declares its secrets, its source-level settings (scope, limits),
 * its built-in KPIs, and builds the one client that every KPI of a run shares.
 */
export interface SourceDefinition<Client = unknown, Settings extends object = object> {
  name: string;
  description: string;
  /** Secrets that must be set for this source (input names). */
  requiredSecrets: readonly SecretName[];
  /** Source-level settings in the config file (`sources.<name>`), besides `kpis`. */
  settings: z.ZodObject;
  /** Built-in KPIs, listed explicitly so a reviewer sees them all. Each KPI has its own params type. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  kpis: readonly KpiDefinition<Client, any>[];
  /** KPIs defined in the config file (the SQL sources). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  configKpis?(settings: Settings): KpiDefinition<Client, any>[];
  /** Builds the client once per run. Throws UserError for unusable secrets (e.g. a host that is no URL). */
  createClient(ctx: ClientContext<Settings>): Promise<Client>;
  closeClient?(client: Client): Promise<void>;
  /** Warnings about the range before collecting (e.g. history the source no longer keeps). */
  rangeWarnings?(windows: readonly DayWindow[], now: number): string[];
  /** Lines for the job summary after collecting (e.g. API requests used). */
  summaryLines?(client: Client): string[];
}

// Sources are stored in one list of mixed client types; the engine only passes each client back to its
// own source's KPIs.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySource = SourceDefinition<any, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyKpi = KpiDefinition<any, any>;
