import { rng } from '../helpers/rng.js';
import type { PriceRow, UsageRow } from '../fakes/databricks/statements.js';
import { WORKSPACE } from './sql-fake.js';

export const OTHER_WORKSPACE = '9990001112223334';
const H = 3_600_000;

/** Products and SKUs as Databricks names them (billing_origin_product, sku_name). */
const SERIES = [
  { product: 'JOBS', sku: 'PREMIUM_JOBS_COMPUTE', cloud: 'AWS', minute: 0 },
  { product: 'SQL', sku: 'PREMIUM_SQL_PRO_COMPUTE_US_EAST_N_VIRGINIA', cloud: 'AWS', minute: 30 },
  { product: 'ALL_PURPOSE', sku: 'PREMIUM_ALL_PURPOSE_COMPUTE', cloud: 'AWS', minute: 15 },
  { product: 'DLT', sku: 'PREMIUM_DLT_CORE_COMPUTE', cloud: 'AWS', minute: 45 },
  {
    product: 'MODEL_SERVING',
    sku: 'PREMIUM_SERVERLESS_REAL_TIME_INFERENCE_US_EAST',
    cloud: 'AWS',
    minute: 5,
  },
] as const;

/** Where the price of PREMIUM_JOBS_COMPUTE changes (mid-range, not on a midnight of either zone). */
export const PRICE_CHANGE = Date.parse('2026-03-08T12:00:00Z');

export const PRICES: PriceRow[] = [
  p('PREMIUM_JOBS_COMPUTE', 'AWS', 'USD', '0.1500', '2025-01-01T00:00:00Z', PRICE_CHANGE),
  p('PREMIUM_JOBS_COMPUTE', 'AWS', 'USD', '0.2000', PRICE_CHANGE),
  // Same SKU on another cloud and in another currency: must not be joined.
  p('PREMIUM_JOBS_COMPUTE', 'AZURE', 'USD', '0.3000', '2025-01-01T00:00:00Z'),
  p('PREMIUM_JOBS_COMPUTE', 'AWS', 'EUR', '0.9000', '2025-01-01T00:00:00Z'),
  p('PREMIUM_SQL_PRO_COMPUTE_US_EAST_N_VIRGINIA', 'AWS', 'USD', '0.5500', '2025-01-01T00:00:00Z'),
  p('PREMIUM_ALL_PURPOSE_COMPUTE', 'AWS', 'USD', '0.5500', '2025-01-01T00:00:00Z'),
  p('PREMIUM_DLT_CORE_COMPUTE', 'AWS', 'USD', '0.2000', '2025-01-01T00:00:00Z'),
  p('PREMIUM_SERVERLESS_REAL_TIME_INFERENCE_US_EAST', 'AWS', 'USD', '0.0820', '2025-01-01T00:00:00Z'),
];

function p(
  sku: string,
  cloud: 'AWS' | 'AZURE',
  currency: string,
  price: string,
  start: string | number,
  end?: number,
): PriceRow {
  return {
    sku_name: sku,
    cloud,
    currency_code: currency,
    usage_unit: 'DBU',
    price_start_time: typeof start === 'number' ? start : Date.parse(start),
    price_end_time: end,
    price,
  };
}

/** A quantity with 4 decimals, as a string. */
function qty(r: () => number, max: number): string {
  return (Math.round(r() * max * 10_000) / 10_000).toFixed(4);
}

/**
 * Hourly usage records of the host's workspace for every series from `from` to `to` (epoch ms), records
 * of another workspace, an AZURE record, non-DBU usage, records exactly on the given instants (midnights),
 * and corrections: some ORIGINAL records retracted (negative quantity) and restated.
 */
export function makeUsage(from: number, to: number, edges: readonly number[], seed = 7): UsageRow[] {
  const r = rng(seed);
  const rows: UsageRow[] = [];
  let n = 0;
  const add = (row: Omit<UsageRow, 'record_id'>): UsageRow => {
    const full = { record_id: `rec-${++n}`, ...row };
    rows.push(full);
    return full;
  };
  for (let h = Math.floor(from / H) * H; h < to; h += H) {
    for (const s of SERIES) {
      if (r() < 0.25) continue; // idle hours
      const start = h + s.minute * 60_000;
      const original = add({
        workspace_id: WORKSPACE,
        sku_name: s.sku,
        cloud: s.cloud,
        usage_start_time: start,
        usage_end_time: start + H, // minute 30/45: spans the next hour, and local midnights
        usage_unit: 'DBU',
        usage_quantity: qty(r, 40),
        record_type: 'ORIGINAL',
        billing_origin_product: s.product,
      });
      if (r() < 0.05) {
        // A correction: the original retracted in full, then restated with the corrected quantity.
        add({ ...original, usage_quantity: `-${original.usage_quantity}`, record_type: 'RETRACTION' });
        add({ ...original, usage_quantity: qty(r, 40), record_type: 'RESTATEMENT' });
      }
    }
    if (r() < 0.3) {
      add({
        workspace_id: OTHER_WORKSPACE,
        sku_name: 'PREMIUM_JOBS_COMPUTE',
        cloud: 'AWS',
        usage_start_time: h,
        usage_end_time: h + H,
        usage_unit: 'DBU',
        usage_quantity: qty(r, 100),
        record_type: 'ORIGINAL',
        billing_origin_product: 'JOBS',
      });
    }
    if (r() < 0.1) {
      // Storage is not measured in DBUs (and has no DBU list price): in neither KPI's DBUs; unpriced in cost.
      add({
        workspace_id: WORKSPACE,
        sku_name: 'PREMIUM_SERVERLESS_STORAGE',
        cloud: 'AWS',
        usage_start_time: h,
        usage_end_time: h + H,
        usage_unit: 'STORAGE_SPACE',
        usage_quantity: qty(r, 5),
        record_type: 'ORIGINAL',
        billing_origin_product: 'DEFAULT_STORAGE',
      });
    }
  }
  for (const t of edges) {
    for (const [start, product] of [
      [t, 'JOBS'],
      [t - 1, 'SQL'],
    ] as const) {
      add({
        workspace_id: WORKSPACE,
        sku_name: product === 'JOBS' ? 'PREMIUM_JOBS_COMPUTE' : 'PREMIUM_SQL_PRO_COMPUTE_US_EAST_N_VIRGINIA',
        cloud: 'AWS',
        usage_start_time: start,
        usage_end_time: start + H,
        usage_unit: 'DBU',
        usage_quantity: qty(r, 10),
        record_type: 'ORIGINAL',
        billing_origin_product: product,
      });
    }
  }
  // The same SKU on AZURE (priced differently) in the host's workspace.
  add({
    workspace_id: WORKSPACE,
    sku_name: 'PREMIUM_JOBS_COMPUTE',
    cloud: 'AZURE',
    usage_start_time: from + 10 * H,
    usage_end_time: from + 11 * H,
    usage_unit: 'DBU',
    usage_quantity: '3.5000',
    record_type: 'ORIGINAL',
    billing_origin_product: 'JOBS',
  });
  return rows;
}

/** An exact decimal (string) as scaled BigInt units. */
function units(decimal: string, scale: number): bigint {
  const neg = decimal.startsWith('-');
  const [i, f = ''] = decimal.replace('-', '').split('.');
  const v = BigInt(i! + f.padEnd(scale, '0').slice(0, scale));
  return neg ? -v : v;
}

/** Scaled BigInt units as the nearest double (through the exact decimal text). */
function toNumber(v: bigint, scale: number): number {
  const neg = v < 0n;
  const s = (neg ? -v : v).toString().padStart(scale + 1, '0');
  return Number(`${neg ? '-' : ''}${s.slice(0, -scale)}.${s.slice(-scale)}`);
}

/**
 * The expected figures, computed here from the rows (independently of the KPI's SQL): date → component →
 * DBUs (scale 4) or list-price USD (scale 8), plus the number of records with no price.
 */
export function expected(
  rows: readonly UsageRow[],
  o: {
    measure: 'dbus' | 'cost';
    timeZone: string;
    from: number;
    to: number;
    workspaces?: readonly string[];
    products?: readonly string[];
  },
): { values: Map<string, Map<string, number>>; unpriced: number } {
  const scale = o.measure === 'dbus' ? 4 : 8;
  const sums = new Map<string, Map<string, bigint>>();
  let unpriced = 0;
  const workspaces = o.workspaces ?? [WORKSPACE];
  for (const u of rows) {
    if (u.usage_start_time < o.from || u.usage_start_time >= o.to) continue;
    if (!workspaces.includes(u.workspace_id)) continue;
    const product = u.billing_origin_product.toLowerCase();
    if (o.products && !o.products.includes(product)) continue;
    if (o.measure === 'dbus' && u.usage_unit !== 'DBU') continue;
    let amount: bigint;
    if (o.measure === 'dbus') amount = units(u.usage_quantity, 4);
    else {
      const price = PRICES.find(
        (x) =>
          x.sku_name === u.sku_name &&
          x.cloud === u.cloud &&
          x.usage_unit === u.usage_unit &&
          x.currency_code === 'USD' &&
          x.price_start_time <= u.usage_start_time &&
          (x.price_end_time === undefined || u.usage_start_time < x.price_end_time),
      );
      if (!price) {
        unpriced++;
        amount = 0n;
      } else amount = units(u.usage_quantity, 4) * units(price.price, 4);
    }
    const date = new Date(u.usage_start_time).toLocaleDateString('en-CA', { timeZone: o.timeZone });
    let day = sums.get(date);
    if (!day) sums.set(date, (day = new Map()));
    day.set(product, (day.get(product) ?? 0n) + amount);
    day.set('total', (day.get('total') ?? 0n) + amount);
  }
  const values = new Map<string, Map<string, number>>();
  for (const [date, day] of sums) {
    values.set(date, new Map([...day].map(([c, v]) => [c, toNumber(v, scale)])));
  }
  return { values, unpriced };
}
