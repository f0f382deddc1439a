import { z } from 'zod';
import type { DayWindow } from '../../dates.js';
import type { CollectContext } from '../../kpi.js';
import type { StatementClient, StatementParameter, StatementResult } from './statements.js';

/**
 * The two built-in cost KPIs read Databricks' billing system tables (docs.databricks.com/aws/en/admin/
 * system-tables/billing and …/pricing) with ONE statement for the whole range, grouped by the day of each
 * record's usage_start_time in the run's time zone and by product. See README.md, "DBUs and list-price cost".
 */

/** Largest number of workspace ids or products one KPI may filter on (each is one typed parameter). */
const MAX_FILTER = 100;
const PRODUCT_RE = /^[a-z][a-z0-9_]{0,62}$/;
const DECIMAL_RE = /^-?\d+(\.\d+)?$/;

/** The exact sum of decimal numbers given as text (DECIMAL values of a JSON_ARRAY result). */
function sumDecimals(values: readonly string[]): string {
  const scale = Math.max(0, ...values.map((v) => v.split('.')[1]?.length ?? 0));
  let sum = 0n;
  for (const v of values) {
    const [int, frac = ''] = v.replace('-', '').split('.');
    const units = BigInt(int! + frac.padEnd(scale, '0'));
    sum += v.startsWith('-') ? -units : units;
  }
  const digits = (sum < 0n ? -sum : sum).toString().padStart(scale + 1, '0');
  const text = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return sum < 0n ? `-${text}` : text;
}

export const billingParams = z.strictObject({
  workspace_ids: z
    .array(
      z.string().regex(/^\d{1,20}$/, 'must be a numeric workspace id, as a string, e.g. "1234567890123456"'),
    )
    .min(1)
    .max(MAX_FILTER)
    .optional()
    .describe(
      'Workspaces to count, as strings (system.billing.usage is account-wide). Default: the workspace of databricks-host.',
    ),
  products: z
    .array(
      z
        .string()
        .regex(PRODUCT_RE, 'must be a billing_origin_product in lower case, e.g. jobs, sql, all_purpose')
        .refine((p) => p !== 'total', "'total' is the sum, not a product"),
    )
    .min(1)
    .max(MAX_FILTER)
    .optional()
    .describe(
      'Products (billing_origin_product, lower case: jobs, sql, all_purpose, dlt, model_serving, …). Default: all; total is the sum of the products counted.',
    ),
});
export type BillingParams = z.infer<typeof billingParams>;

/** What the built-in billing KPIs need from the source's run: the SQL warehouse, when one is configured. */
export interface BillingRun {
  /** The statement client of sources.databricks.warehouse_id; undefined when it is not set. */
  sql?: StatementClient;
  /** Timeout of one statement (sources.databricks.query_timeout_seconds), a stopped warehouse's start included. */
  queryTimeoutMs?: number;
}

type BillingMeasure = 'dbus' | 'list_cost';

/** The day (run zone) of an instant, computed by the warehouse independently of its session time zone. */
const DAY_SQL =
  'date_from_unix_date(CAST(floor(unix_seconds(from_utc_timestamp(u.usage_start_time, :time_zone)) / 86400) AS INT))';

/**
 * The one range statement of a billing KPI and its typed parameters. Values only travel as parameters; the
 * only generated text is the list of markers `:w0, :w1, …` / `:p0, …`, one per filter value.
 */
function billingStatement(
  measure: BillingMeasure,
  o: {
    windows: readonly DayWindow[];
    timeZone: string;
    workspaceIds: readonly string[];
    products?: readonly string[];
  },
): { sql: string; parameters: StatementParameter[] } {
  const first = o.windows[0]!;
  const last = o.windows[o.windows.length - 1]!;
  const parameters: StatementParameter[] = [
    { name: 'range_start', type: 'TIMESTAMP', value: new Date(first.start).toISOString() },
    { name: 'range_end', type: 'TIMESTAMP', value: new Date(last.end).toISOString() },
    { name: 'time_zone', type: 'STRING', value: o.timeZone },
  ];
  const markers = (prefix: string, values: readonly string[]): string =>
    values
      .map((v, i) => {
        parameters.push({ name: `${prefix}${i}`, type: 'STRING', value: v });
        return `:${prefix}${i}`;
      })
      .join(', ');
  const where = [
    'u.usage_start_time >= :range_start',
    'u.usage_start_time < :range_end',
    `u.workspace_id IN (${markers('w', o.workspaceIds)})`,
  ];
  if (o.products) where.push(`lower(u.billing_origin_product) IN (${markers('p', o.products)})`);
  if (measure === 'dbus') {
    where.unshift("u.usage_unit = 'DBU'");
    return {
      parameters,
      sql: [
        `SELECT ${DAY_SQL} AS day,`,
        '  lower(u.billing_origin_product) AS product,',
        '  SUM(u.usage_quantity) AS value,',
        '  MAX(u.usage_end_time) AS newest_end,',
        '  COUNT(*) AS records,',
        '  COUNT(*) AS priced',
        'FROM system.billing.usage u',
        `WHERE ${where.join('\n  AND ')}`,
        'GROUP BY 1, 2',
      ].join('\n'),
    };
  }
  parameters.push({ name: 'currency', type: 'STRING', value: 'USD' });
  return {
    parameters,
    sql: [
      `SELECT ${DAY_SQL} AS day,`,
      '  lower(u.billing_origin_product) AS product,',
      // DECIMAL(38,12) × DECIMAL(38,8): exact on small warehouses' engines, and no overflow of the product.
      '  SUM(CAST(u.usage_quantity AS DECIMAL(38, 12)) * CAST(lp.pricing.default AS DECIMAL(38, 8))) AS value,',
      '  MAX(u.usage_end_time) AS newest_end,',
      '  COUNT(*) AS records,',
      '  COUNT(lp.sku_name) AS priced',
      'FROM system.billing.usage u',
      'LEFT JOIN system.billing.list_prices lp',
      '  ON lp.sku_name = u.sku_name',
      '  AND lp.cloud = u.cloud',
      '  AND lp.usage_unit = u.usage_unit',
      '  AND lp.currency_code = :currency',
      '  AND lp.price_start_time <= u.usage_start_time',
      '  AND (lp.price_end_time IS NULL OR u.usage_start_time < lp.price_end_time)',
      `WHERE ${where.join('\n  AND ')}`,
      'GROUP BY 1, 2',
    ].join('\n'),
  };
}

/** Statement timeout when the run does not give one (the default of query_timeout_seconds). */
const DEFAULT_TIMEOUT_MS = 600_000;

/**
 * Collects one billing KPI: one statement for the range, a component per product plus `total`, zeros for
 * every day of the range (for `total` and for every product counted anywhere in it), and warnings for late
 * data and for usage without a list price.
 */
export async function collectBilling(
  kpiId: string,
  measure: BillingMeasure,
  ctx: CollectContext<BillingRun, BillingParams>,
): Promise<void> {
  const timeoutMs = ctx.run.queryTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const sql = ctx.run.sql;
  if (!sql) {
    throw new Error(
      'sources.databricks.warehouse_id is not set; set it to a SQL warehouse id (SQL Warehouses → Connection details) to read system.billing',
    );
  }
  const workspaceIds = ctx.params.workspace_ids ?? [await sql.workspaceId()];
  const products = ctx.params.products;
  const first = ctx.windows[0]!;
  const last = ctx.windows[ctx.windows.length - 1]!;
  const label = `${kpiId} statement for ${first.date === last.date ? first.date : `${first.date}..${last.date}`}`;
  const statement = billingStatement(measure, {
    windows: ctx.windows,
    timeZone: ctx.timeZone,
    workspaceIds,
    products,
  });
  const result = await sql.execute({ ...statement, timeoutMs, label, signal: ctx.signal });
  const read = readBilling(result, ctx.windows, label);
  const seen = new Set<string>(products ?? []);
  const totals = new Map<string, string[]>();
  for (const { date, product, value } of read.values) {
    ctx.acc.add(date, product, Number(value));
    totals.set(date, [...(totals.get(date) ?? []), value]);
    seen.add(product);
  }
  // The total is summed exactly (decimal text), not as the sum of the rounded doubles of the products.
  for (const [date, values] of totals) ctx.acc.add(date, 'total', Number(sumDecimals(values)));
  for (const w of ctx.windows) {
    for (const c of ['total', ...seen]) if (!ctx.acc.has(w.date, c)) ctx.acc.add(w.date, c, 0);
  }
  for (const line of lateDataWarnings(kpiId, read.newestEnd, ctx.windows, workspaceIds))
    ctx.log.warning(line);
  if (read.unpriced > 0) {
    ctx.log.warning(
      `${kpiId}: ${read.unpriced} usage record(s) have no USD list price in system.billing.list_prices for their SKU, cloud, unit and start time; they count as 0`,
    );
  }
}

interface BillingRead {
  /** Values as the warehouse's exact decimal text. */
  values: Array<{ date: string; product: string; value: string }>;
  /** Epoch ms of the newest usage_end_time read, or undefined when no record was read. */
  newestEnd?: number;
  unpriced: number;
}

/** Reads the statement's rows (day, product, value, newest_end, records, priced), checking each. */
function readBilling(result: StatementResult, windows: readonly DayWindow[], label: string): BillingRead {
  const names = result.columns.map((c) => c.name.toLowerCase());
  const col = (n: string): number => {
    const i = names.indexOf(n);
    if (i < 0) throw new Error(`${label}: the result has no column '${n}'`);
    return i;
  };
  const [di, pi, vi, ni, ri, qi] = ['day', 'product', 'value', 'newest_end', 'records', 'priced'].map(col);
  const dates = new Set(windows.map((w) => w.date));
  const out: BillingRead = { values: [], unpriced: 0 };
  for (const row of result.rows) {
    const date = row[di!];
    if (!date || !dates.has(date))
      throw new Error(`${label}: the warehouse returned day '${date}', outside the range`);
    const raw = row[pi!];
    // A record without a product (should not happen) is kept in total under 'unknown'.
    const product = raw && PRODUCT_RE.test(raw) && raw !== 'total' ? raw : 'unknown';
    const value = row[vi!] ?? '0';
    if (!DECIMAL_RE.test(value))
      throw new Error(`${label}: value '${value}' on ${date} is not a decimal number`);
    out.values.push({ date, product, value });
    const end = row[ni!] ? Date.parse(row[ni!]!.replace(' ', 'T')) : NaN;
    if (Number.isFinite(end) && (out.newestEnd === undefined || end > out.newestEnd)) out.newestEnd = end;
    out.unpriced += Number(row[ri!] ?? 0) - Number(row[qi!] ?? 0);
  }
  return out;
}

/**
 * Billing records land hours after the usage. The days of the range that end after the newest record read
 * may be incomplete: they are stored (a later run replaces them) with a warning naming them.
 */
function lateDataWarnings(
  kpiId: string,
  newestEnd: number | undefined,
  windows: readonly DayWindow[],
  workspaceIds: readonly string[],
): string[] {
  const late = windows.filter((w) => newestEnd === undefined || w.end > newestEnd);
  if (late.length === 0) return [];
  const days =
    late.length === 1
      ? late[0]!.date
      : `${late.length} days (${late[0]!.date}..${late[late.length - 1]!.date})`;
  const newest =
    newestEnd === undefined
      ? `no usage record was read for workspace(s) ${workspaceIds.join(', ')}`
      : `the newest usage record read ends ${new Date(newestEnd).toISOString()}`;
  return [
    `${kpiId}: ${newest}, before the end of ${days}; billing records arrive hours late, so ${late.length === 1 ? 'that day' : 'those days'} may be incomplete (re-collect them later, e.g. with the workflow's settle-days input)`,
  ];
}
