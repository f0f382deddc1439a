import { z } from 'zod';
import { UserError } from '../../errors.js';
import type { KpiDefinition } from '../../kpi.js';
import type { Logger } from '../../log.js';
import { MAX_TIMEOUT_SECONDS, sqlKpiSchema, uniqueIds } from '../sql/config.js';
import type { SqlRun } from '../sql/engine.js';
import { sqlKpiDefinition } from '../sql/source.js';
import { databricksDialect } from './dialect.js';
import { statementDriver } from './sql-driver.js';
import { StatementClient } from './statements.js';

/** A SQL warehouse id as the UI shows it (SQL Warehouses → Connection details → HTTP path /sql/1.0/warehouses/<id>). */
const WAREHOUSE_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

/** The settings of `sources.databricks` for the SQL warehouse (merged into the source's settings). */
export const warehouseSettings = {
  warehouse_id: z
    .string()
    .regex(WAREHOUSE_ID_RE, 'must be a SQL warehouse id, e.g. 1234567890abcdef')
    .optional()
    .describe(
      'SQL warehouse for the SQL KPIs and the built-in dbu_usage and cost (the id in its HTTP path /sql/1.0/warehouses/<id>). A stopped warehouse is started by the first statement and bills until its auto-stop.',
    ),
  sql_kpis: z
    .array(sqlKpiSchema(databricksDialect))
    .default([])
    .superRefine(uniqueIds)
    .describe(
      'KPIs defined by a Databricks SQL query run on warehouse_id (the SQL KPI shape of the other SQL sources; ids databricks.<id>).',
    ),
  sql_concurrency: z.int().min(1).max(16).default(4).describe('Statements on the warehouse at once.'),
  query_timeout_seconds: z
    .number()
    .positive()
    .max(MAX_TIMEOUT_SECONDS)
    .default(600)
    .describe(
      'Default statement timeout in seconds, the start of a stopped warehouse included (classic and pro warehouses take minutes to start); a statement past it is cancelled.',
    ),
};

interface WarehouseSettings {
  warehouse_id?: string;
  sql_kpis: Array<z.output<ReturnType<typeof sqlKpiSchema>>>;
  sql_concurrency: number;
  query_timeout_seconds: number;
}

/** What the Databricks run carries for the warehouse, when warehouse_id is set. */
export interface WarehouseRun {
  /** The statement client (the built-in billing KPIs). */
  sql?: StatementClient;
  /** query_timeout_seconds in ms (the built-in billing KPIs). */
  queryTimeoutMs?: number;
  /** The shared SQL engine's run context over the same client (the config's sql_kpis). */
  sqlRun?: SqlRun;
}

export function createWarehouseRun(o: {
  settings: WarehouseSettings;
  host: string;
  token: string;
  attempts: number;
  retryBaseMs: number;
  requestTimeoutMs: number;
  log: Logger;
  signal: AbortSignal;
}): WarehouseRun {
  const id = o.settings.warehouse_id;
  if (!id) return {};
  const sql = new StatementClient({
    host: o.host,
    token: o.token,
    warehouseId: id,
    attempts: o.attempts,
    retryBaseMs: o.retryBaseMs,
    requestTimeoutMs: o.requestTimeoutMs,
    log: o.log,
    signal: o.signal,
  });
  return {
    sql,
    queryTimeoutMs: o.settings.query_timeout_seconds * 1000,
    sqlRun: {
      driver: statementDriver(sql),
      concurrency: o.settings.sql_concurrency,
      queryTimeoutMs: o.settings.query_timeout_seconds * 1000,
      attempts: 1,
    },
  };
}

/**
 * The config's SQL KPIs (enabled ones), ids `databricks.<id>`, run by the shared SQL engine on the
 * warehouse. Without warehouse_id there are none (the config check says so when sql_kpis is not empty).
 */
export function warehouseSqlKpis(
  settings: WarehouseSettings,
): KpiDefinition<WarehouseRun, Record<string, never>>[] {
  if (settings.sql_kpis.length > 0 && !settings.warehouse_id) {
    throw new UserError(
      'config: sources.databricks.warehouse_id: sql_kpis run on a SQL warehouse; set warehouse_id to its id (SQL Warehouses → Connection details)',
    );
  }
  return settings.sql_kpis
    .filter((k) => k.enabled)
    .map((k) => {
      const def = sqlKpiDefinition('databricks', k);
      return {
        ...def,
        collect: (ctx) => {
          if (!ctx.run.sqlRun) throw new Error('sources.databricks.warehouse_id is not set');
          return def.collect({ ...ctx, run: ctx.run.sqlRun });
        },
      };
    });
}

/** Summary line: statements, chunks, polls, cancels and HTTP requests of the run on the warehouse. */
export function warehouseSummary(run: WarehouseRun): string[] {
  const s = run.sql?.stats;
  if (!s || s.statements === 0) return [];
  return [
    `Databricks SQL warehouse: ${s.statements} statement(s), ${s.chunks} extra result chunk(s), ${s.polls} poll(s), ` +
      `${s.cancels} cancel(s); ${s.requests} request(s), ${s.retries} retr${s.retries === 1 ? 'y' : 'ies'}`,
  ];
}
