import { z } from 'zod';
import type { Component, KpiDefinition } from '../../kpi.js';
import { toDerived, type SqlKpiConfig } from '../sql/config.js';
import type { SourceDefinition } from '../types.js';
import type { HttpRun } from './client.js';
import { collectHttpKpi, compileKpi, type CompiledKpi } from './collect.js';
import { httpSettingsSchema, type HttpKpiConfig, type HttpSettings } from './config.js';
import { parseSecrets, resolveSecrets, SECRETS_INPUT } from './secrets.js';
import { HostSpacing } from './spacing.js';

/** HTTP KPIs have no params of their own: everything is in their config entry. */
const noParams = z.strictObject({});

/**
 * The values of `NAME=value` lines, for masking before anything is parsed (never throws). A line without
 * `=` is masked whole: it may be a value pasted without its name.
 */
function secretValues(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.slice(line.indexOf('=') + 1).trim())
    .filter((v, i, all) => v.length > 0 && all.indexOf(v) === i);
}

/**
 * The action runs with its inputs in INPUT_* variables; the CLI does not. Only the CLI may read `${NAME}`
 * from the environment variable NAME (RunInit does not say which of the two runs; see README).
 */
function isAction(env: NodeJS.ProcessEnv): boolean {
  return env.GITHUB_ACTIONS === 'true' && env.INPUT_SOURCE !== undefined;
}

/** The run context: the client's, plus every enabled KPI's expressions compiled when the run starts. */
interface HttpSourceRun extends HttpRun {
  compiled: ReadonlyMap<string, CompiledKpi>;
}

/** The KPI definition of one configured request: id `http.<id>`. */
function httpKpiDefinition(kpi: HttpKpiConfig): KpiDefinition<HttpSourceRun, Record<string, never>> {
  const id = `http.${kpi.id}`;
  const components: Component[] = Object.entries(kpi.values ?? {}).map(([name, expr]) => ({
    name,
    description: `JSONata ${expr.length > 80 ? `${expr.slice(0, 79)}…` : expr}`,
    unit: kpi.unit,
  }));
  return {
    id,
    definition: kpi.description,
    unit: kpi.unit,
    components,
    // toDerived reads only `derived` and `unit`, which HTTP KPIs declare exactly as SQL KPIs do.
    derived: toDerived({ ...kpi, derived: kpi.derived ?? undefined } as unknown as SqlKpiConfig),
    params: noParams as z.ZodType<Record<string, never>>,
    notes:
      `Defined in the config file by an HTTP request (${kpi.per_day ? 'one request per day' : 'one request for the range'}` +
      `${kpi.paginate ? ', paged' : ''}); figures read with JSONata. Null is no row, not zero.`,
    fillZeros: false,
    collect: async (ctx) =>
      collectHttpKpi(ctx.run.compiled.get(kpi.id) ?? (await compileKpi(kpi)), {
        run: ctx.run,
        windows: ctx.windows,
        timeZone: ctx.timeZone,
        add: (date, component, value) => ctx.acc.add(date, component, value),
        log: ctx.log,
        signal: ctx.signal,
        progress: ctx.progress,
      }),
  };
}

/**
 * HTTP: KPIs defined in the config file by a request to a JSON API and JSONata expressions that read the
 * figures (see README.md in this folder).
 */
export const httpSource: SourceDefinition<HttpSourceRun, HttpSettings> = {
  name: 'http',
  description:
    'KPIs read from any JSON API (Jira, Prometheus, an internal service), defined in the config file.',
  inputs: [
    {
      name: SECRETS_INPUT,
      description:
        'Secrets the config refers to as ${NAME}: one NAME=value per line, each value masked. ' +
        'The CLI also reads ${NAME} from the environment variable NAME.',
      secret: true,
      env: 'HTTP_SECRETS',
      multiline: true,
      secretParts: secretValues,
    },
  ],
  settings: httpSettingsSchema,
  kpis: [],
  configKpis: (settings) => settings.kpis.filter((k) => k.enabled).map((k) => httpKpiDefinition(k)),
  async createRun(init) {
    // The input layer has masked every value already (secretParts); parsing registers them again.
    const given = parseSecrets(init.inputs[SECRETS_INPUT]);
    const enabled = init.settings.kpis.filter((k) => k.enabled);
    const secrets = resolveSecrets({
      given,
      kpis: enabled,
      env: init.env,
      fromEnv: !isAction(init.env),
    });
    // A JSONata syntax error is a config error before anything is collected (the library loads here).
    const compiled = new Map<string, CompiledKpi>();
    for (const k of enabled) compiled.set(k.id, await compileKpi(k));
    return {
      compiled,
      settings: init.settings,
      secrets,
      spacing: new HostSpacing(init.settings.request_spacing_ms),
      stats: { requests: 0, retries: 0, pages: 0 },
      log: init.log,
    };
  },
  summaryLines: (run) => [
    `HTTP requests: ${run.stats.requests} (${run.stats.pages} page(s) of paged reads, ${run.stats.retries} retried)`,
  ],
};
