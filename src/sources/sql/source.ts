import { z } from 'zod';
import type { KpiDefinition } from '../../kpi.js';
import type { SecretName } from '../../inputs.js';
import type { ClientContext, SourceDefinition } from '../types.js';
import type { Dialect } from './binds.js';
import { sqlSettingsSchema, toDerived, type SqlKpiConfig, type SqlSettings } from './config.js';
import type { SqlDriver } from './driver.js';
import { collectSqlKpi, type SqlClient } from './engine.js';

/** SQL KPIs have no params of their own: everything is in their config entry. */
const noParams = z.strictObject({});

/** The KPI definition of one configured query: id `<source>.<id>`, components known only from the result. */
export function sqlKpiDefinition(
  source: string,
  kpi: SqlKpiConfig,
): KpiDefinition<SqlClient, Record<string, never>> {
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
  dialect: Dialect;
  requiredSecrets: readonly SecretName[];
  /** Builds the run's pool and checks that it connects (throws UserError when it cannot). */
  connect(ctx: ClientContext<SqlSettings>): Promise<SqlDriver>;
}

/**
 * A source whose KPIs are SQL queries from the config file. Only enabled KPIs (`enabled` not false) are
 * returned by configKpis, so a disabled one neither runs by default nor can be named in `kpis`.
 */
export function sqlSource(o: SqlSourceOptions): SourceDefinition<SqlClient, SqlSettings> {
  return {
    name: o.name,
    description: o.description,
    requiredSecrets: o.requiredSecrets,
    settings: sqlSettingsSchema(o.dialect),
    kpis: [],
    configKpis: (settings) => settings.kpis.filter((k) => k.enabled).map((k) => sqlKpiDefinition(o.name, k)),
    async createClient(ctx) {
      const driver = await o.connect(ctx);
      return {
        driver,
        concurrency: ctx.settings.concurrency,
        queryTimeoutMs: ctx.settings.query_timeout_seconds * 1000,
      };
    },
    closeClient: (client) => client.driver.close(),
  };
}
