import { z } from 'zod';
import { registerSecret } from '../../redact.js';
import type { SourceDefinition } from '../types.js';
import { DatabricksClient, parseHost } from './client.js';
import { DatabricksRun } from './run.js';
import { clusterStartup } from './cluster-startup.js';
import { clusterUptime } from './cluster-uptime.js';
import { jobRuns } from './job-runs.js';
import { dbuUsage } from './dbu-usage.js';
import { cost } from './cost.js';
import {
  createWarehouseRun,
  warehouseSettings,
  warehouseSqlKpis,
  warehouseSummary,
  type WarehouseRun,
} from './warehouse.js';

/** Cluster events are kept for 30 days after a cluster's last termination. */
const EVENTS_RETENTION_DAYS = 30;

const settings = z.strictObject({
  concurrency: z.number().int().min(1).max(64).default(8).describe('Requests to the workspace at once.'),
  request_timeout_seconds: z
    .number()
    .min(1)
    .max(600)
    .default(30)
    .describe('Timeout of one HTTP request, in seconds.'),
  retries: z
    .number()
    .int()
    .min(0)
    .max(10)
    .default(5)
    .describe(
      'Retries of a request after 429, 5xx or a network error (exponential back-off with jitter, Retry-After honoured).',
    ),
  retry_base_ms: z
    .number()
    .int()
    .min(1)
    .max(60_000)
    .default(1000)
    .describe('Base delay of the retry back-off, in ms.'),
  events_lookback_hours: z
    .number()
    .min(1)
    .max(24 * 7)
    .default(24)
    .describe(
      'Cluster events are read from this long before the first day, so a startup that opens before the range and completes in it counts in full (shared by cluster_startup and cluster_uptime). At least 1 hour.',
    ),
  allow_incomplete_history: z
    .boolean()
    .default(true)
    .describe(
      'When the range (with its lookback) reaches back past what the API keeps (30 days of cluster history, 60 days of job runs): true (default) collects what the API still returns, with a warning in the log and the summary; false fails those KPIs instead, so rows already stored for those days are kept.',
    ),
  ...warehouseSettings,
});
export type DatabricksSettings = z.infer<typeof settings>;

export const databricksSource: SourceDefinition<DatabricksRun & WarehouseRun, DatabricksSettings> = {
  name: 'databricks',
  description: 'Databricks workspace REST API: cluster startups and uptime from cluster events, job runs.',
  inputs: [
    {
      name: 'databricks-host',
      description: 'Workspace URL, e.g. https://adb-123.4.azuredatabricks.net.',
      secret: true,
      env: 'DATABRICKS_HOST',
      required: true,
      parse: parseHost,
    },
    {
      name: 'databricks-token',
      description: 'Personal access or service principal token of the workspace.',
      secret: true,
      env: 'DATABRICKS_TOKEN',
      required: true,
    },
  ],
  settings,
  kpis: [clusterStartup, clusterUptime, jobRuns, dbuUsage, cost],
  configKpis: (s) => warehouseSqlKpis(s),
  async createRun({ inputs, settings: s, log, signal }) {
    const host = parseHost(inputs['databricks-host'] ?? '');
    const token = inputs['databricks-token'] ?? '';
    registerSecret(token);
    const client = new DatabricksClient({
      host,
      token,
      concurrency: s.concurrency,
      requestTimeoutMs: s.request_timeout_seconds * 1000,
      attempts: s.retries + 1,
      retryBaseMs: s.retry_base_ms,
      lookbackMs: s.events_lookback_hours * 3_600_000,
      allowIncompleteHistory: s.allow_incomplete_history,
      log,
      signal,
    });
    const warehouse = createWarehouseRun({
      settings: s,
      host,
      token,
      attempts: s.retries + 1,
      retryBaseMs: s.retry_base_ms,
      requestTimeoutMs: s.request_timeout_seconds * 1000,
      log,
      signal,
    });
    return Object.assign(new DatabricksRun(client, signal), warehouse);
  },
  async closeRun(run) {
    run.client.close();
  },
  rangeWarnings(windows, now) {
    const first = windows[0];
    if (!first) return [];
    const limit = now - EVENTS_RETENTION_DAYS * 86_400_000;
    if (first.start >= limit) return [];
    return [
      `databricks: the range starts ${first.date}, more than ${EVENTS_RETENTION_DAYS} days ago; clusters terminated more than ` +
        `${EVENTS_RETENTION_DAYS} days ago and their events are no longer returned by the API (job runs: 60 days), so ` +
        'cluster_startup and cluster_uptime (and job_runs past 60 days) are incomplete for the oldest days (set ' +
        'sources.databricks.allow_incomplete_history: false to fail them instead and keep stored rows). For older history query the Databricks ' +
        'system tables (system.compute.clusters, system.compute.node_timeline, system.lakeflow.job_run_timeline).',
    ];
  },
  summaryLines({ client, clusters, sql }) {
    return [
      `Databricks API: ${client.requests} request(s), ${client.retries} retr${client.retries === 1 ? 'y' : 'ies'}; ` +
        `${clusters.seen} cluster(s) listed, ${clusters.skipped} skipped (no activity in the range per the cluster list)` +
        (clusters.deleted
          ? `, ${clusters.deleted} skipped (deleted during the run: the API no longer knows them)`
          : ''),
      ...warehouseSummary({ sql }),
    ];
  },
};
