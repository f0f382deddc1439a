import { z } from 'zod';
import type { Derived } from '../../kpi.js';
import { COMPONENT_RE } from '../../kpi.js';
import { assertSingleQuery } from './statement.js';
import { DAY_BINDS, RANGE_BINDS, scanPlaceholders, trimStatement, type SqlDialect } from './binds.js';

/** Upper bound of a query timeout, in seconds. */
export const MAX_TIMEOUT_SECONDS = 3600;
export const SQL_KPI_ID_RE = /^[a-z][a-z0-9_]*$/;

/**
 * A derived figure: `a / b`, `a + b / c` or `(a + b) / (c + d)`: a sum of components over a sum of
 * components. `+` is the only operator besides the one `/`, so `a + b / c` reads (a + b) / c.
 */
export function parseFormula(formula: string): { numerator: string[]; denominator: string[] } {
  const parts = formula.split('/');
  if (parts.length !== 2)
    throw new Error(`'${formula}' must be one division: num / den, e.g. revenue / orders`);
  const side = (text: string, what: string): string[] => {
    let t = text.trim();
    if (t.startsWith('(') && t.endsWith(')')) t = t.slice(1, -1);
    const names = t.split('+').map((s) => s.trim());
    for (const name of names) {
      if (!COMPONENT_RE.test(name)) {
        throw new Error(
          `'${formula}': ${what} '${name || '(empty)'}' is not a component name; use lowercase column or variable names joined by +`,
        );
      }
    }
    return names;
  };
  return { numerator: side(parts[0]!, 'numerator'), denominator: side(parts[1]!, 'denominator') };
}

const derivedEntry = z.union([
  z.string().describe('A formula: a sum of components over a sum of components, e.g. revenue / orders.'),
  z.strictObject({
    formula: z.string().describe('A sum of components over a sum of components, e.g. (a + b) / c.'),
    unit: z.string().min(1).optional().describe('Unit of the figure (default: the KPI unit).'),
    description: z.string().min(1).optional().describe('What the figure means.'),
  }),
]);

/** One KPI defined in the config file by its query. */
export function sqlKpiSchema(dialect: SqlDialect) {
  return z
    .strictObject({
      id: z
        .string()
        .regex(
          SQL_KPI_ID_RE,
          'must match ^[a-z][a-z0-9_]*$ (lowercase letters, digits, _), e.g. daily_orders',
        )
        .max(63)
        .describe('Short name; the KPI id becomes <source>.<id>.'),
      description: z.string().min(1).describe('One-line definition shown in the catalog.'),
      unit: z.string().min(1).describe('Unit of the headline figure, e.g. count or EUR.'),
      sql: z
        .string()
        .min(1)
        .describe(
          'The query: one row of numeric columns, or (variable, value) rows; binds :day_start, :day_end, :day.',
        ),
      per_day: z
        .boolean()
        .default(true)
        .describe(
          'true: one query per day (:day_start, :day_end, :day); false: one query for the range (:range_start, :range_end) returning a day column.',
        ),
      derived: z
        .record(z.string().regex(COMPONENT_RE, 'must be a lowercase name'), derivedEntry)
        .optional()
        .describe('Ratios computed from stored components, e.g. avg_order_value: revenue / orders.'),
      timeout: z
        .number()
        .positive()
        .max(MAX_TIMEOUT_SECONDS)
        .optional()
        .describe('Per-query timeout in seconds (default: query_timeout_seconds).'),
      enabled: z
        .boolean()
        .default(true)
        .describe('Collect this KPI when the run does not name KPIs (default true).'),
    })
    .superRefine((kpi, ctx) => {
      let names: string[];
      try {
        names = scanPlaceholders(kpi.sql, dialect).map((p) => p.name);
        assertSingleQuery(kpi.sql, dialect);
      } catch (e) {
        ctx.addIssue({ code: 'custom', path: ['sql'], message: `KPI '${kpi.id}': ${(e as Error).message}` });
        return;
      }
      const allowed: readonly string[] = kpi.per_day ? DAY_BINDS : RANGE_BINDS;
      for (const name of new Set(names)) {
        if (!allowed.includes(name)) {
          const hint = kpi.per_day ? 'per-day queries' : 'per_day: false queries';
          ctx.addIssue({
            code: 'custom',
            path: ['sql'],
            message: `bind :${name} is not available to ${hint}; use ${allowed.map((b) => `:${b}`).join(', ')}`,
          });
        }
      }
      for (const [name, entry] of Object.entries(kpi.derived ?? {})) {
        try {
          parseFormula(typeof entry === 'string' ? entry : entry.formula);
        } catch (e) {
          ctx.addIssue({ code: 'custom', path: ['derived', name], message: (e as Error).message });
        }
      }
    })
    .transform((kpi) => ({ ...kpi, sql: trimStatement(kpi.sql) }));
}

export type SqlKpiConfig = z.output<ReturnType<typeof sqlKpiSchema>>;

/** Refines a list of config-defined KPIs: each id once (SQL, HTTP and Databricks warehouse KPIs). */
export function uniqueIds(kpis: ReadonlyArray<{ id: string }>, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  kpis.forEach((k, i) => {
    if (seen.has(k.id))
      ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate KPI id '${k.id}'` });
    seen.add(k.id);
  });
}

/** The settings block of a SQL source (`sources.<name>`). */
export function sqlSettingsSchema(dialect: SqlDialect) {
  return z.strictObject({
    kpis: z
      .array(sqlKpiSchema(dialect))
      .default([])
      .superRefine(uniqueIds)
      .describe('KPIs defined by their SQL query.'),
    concurrency: z.int().min(1).max(32).default(4).describe('Queries run at once (and pool size).'),
    connect_timeout_seconds: z
      .number()
      .positive()
      .max(300)
      .default(15)
      .describe('Connection timeout in seconds.'),
    query_timeout_seconds: z
      .number()
      .positive()
      .max(MAX_TIMEOUT_SECONDS)
      .default(60)
      .describe('Default per-query timeout in seconds.'),
  });
}

export type SqlSettings = z.output<ReturnType<typeof sqlSettingsSchema>>;

/** The config's derived figures as the KPI contract's ratio type. */
export function toDerived(kpi: SqlKpiConfig): Derived[] {
  return Object.entries(kpi.derived ?? {}).map(([name, entry]) => {
    const formula = typeof entry === 'string' ? entry : entry.formula;
    const { numerator, denominator } = parseFormula(formula);
    return {
      name,
      description:
        (typeof entry === 'string' ? undefined : entry.description) ?? `${formula.trim()} over the span`,
      unit: (typeof entry === 'string' ? undefined : entry.unit) ?? kpi.unit,
      kind: 'ratio',
      numerator,
      denominator,
    };
  });
}
