import { z } from 'zod';
import type { KpiDefinition } from '../../kpi.js';
import type { RunInit, SourceDefinition, SourceInput } from '../types.js';
import type { SqlDialect } from './binds.js';
import { sqlSettingsSchema, toDerived, type SqlKpiConfig, type SqlSettings } from './config.js';
import type { SqlDriver } from './driver.js';
import { collectSqlKpi, type SqlRun } from './engine.js';

/** SQL KPIs have no params of their own: everything is in their config entry. */
const noParams = z.strictObject({});

/** The KPI definition of one configured query: id `<source>.<id>`, components known only from the result. */
export function sqlKpiDefinition(
  source: string,
  kpi: SqlKpiConfig,
): KpiDefinition<SqlRun, Record<string, never>> {
  const id = `${source}.${kpi.id}`;
  return {
    id,
    definition: kpi.description,
    unit: kpi.unit,
    components: [],
    derived: toDerived(kpi),
    params: noParams as z.ZodType<Record<string, never>>,
    notes:
      `Defined in the config file by a SQL query (${kpi.per_day ? 'one query per day' : 'one query for the range'}); ` +
      'each numeric column, or each (variable, value) row, is a component. NULL is no row, not zero.',
    fillZeros: false,
    collect: (ctx) => collectSqlKpi(id, kpi, ctx),
  };
}

export interface SqlSourceOptions {
  name: string;
  description: string;
  inputs: readonly SourceInput[];
  dialect: SqlDialect;
  /** Settings of its own besides the SQL ones (Trino: catalog, schema), as an extension of the SQL schema. */
  settings?: (sql: ReturnType<typeof sqlSettingsSchema>) => z.ZodObject;
  /** Builds the run's pool and checks that it connects (throws UserError when it cannot). */
  connect(init: RunInit<SqlSettings>): Promise<SqlDriver>;
}

/**
 * A source whose KPIs are SQL queries from the config file. Only enabled KPIs (`enabled` not false) are
 * returned by configKpis, so a disabled one neither runs by default nor can be named in `kpis`.
 */
export function sqlSource(o: SqlSourceOptions): SourceDefinition<SqlRun, SqlSettings> {
  return {
    name: o.name,
    description: o.description,
    inputs: o.inputs,
    settings: o.settings ? o.settings(sqlSettingsSchema(o.dialect)) : sqlSettingsSchema(o.dialect),
    kpis: [],
    configKpis: (settings) => settings.kpis.filter((k) => k.enabled).map((k) => sqlKpiDefinition(o.name, k)),
    async createRun(init) {
      const driver = await o.connect(init);
      return {
        driver,
        concurrency: init.settings.concurrency,
        queryTimeoutMs: init.settings.query_timeout_seconds * 1000,
      };
    },
    closeRun: (run) => run.driver.close(),
  };
}
