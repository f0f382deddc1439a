import type { KpiDefinition } from '../../kpi.js';
import { billingParams, collectBilling, type BillingParams, type BillingRun } from './billing.js';

/** DBUs per day and product, from system.billing.usage through the SQL warehouse. */
export const dbuUsage: KpiDefinition<BillingRun, BillingParams> = {
  id: 'databricks.dbu_usage',
  definition:
    'DBUs consumed per day, per product (billing_origin_product) and in total, from system.billing.usage.',
  unit: 'DBU',
  // One component per product as it appears in the table (jobs, sql, all_purpose, dlt, model_serving, …), plus total.
  components: [],
  derived: [],
  params: billingParams,
  notes: [
    'Needs sources.databricks.warehouse_id (a SQL warehouse; its first statement starts it when stopped, and',
    'it then runs, and bills, until its auto-stop). Sum of usage_quantity of the records of',
    'system.billing.usage with usage_unit = DBU, correction records (RETRACTION, with negative quantities, and',
    'RESTATEMENT) included, as Databricks documents, so a corrected day sums to the corrected usage. A record',
    'counts on the day (run time zone) of its usage_start_time, whole, even when it runs past midnight.',
    'Components: billing_origin_product in lower case (jobs, sql, all_purpose, dlt, model_serving, …) and',
    'total (the sum of the products counted). Params: workspace_ids (default: the workspace of',
    'databricks-host; the table is account-wide), products (default: all). One statement reads the whole',
    'range. Billing records arrive hours late: days that end after the newest record read are stored with a',
    'warning and are complete only once re-collected.',
  ].join(' '),
  fillZeros: false,
  requires: 'warehouse_id',
  collect: (ctx) => collectBilling('databricks.dbu_usage', 'dbus', ctx),
};
