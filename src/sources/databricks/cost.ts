import type { KpiDefinition } from '../../kpi.js';
import { billingParams, collectBilling, type BillingParams, type BillingRun } from './billing.js';

/** List-price dollars per day and product: system.billing.usage joined with system.billing.list_prices. */
export const cost: KpiDefinition<BillingRun, BillingParams> = {
  id: 'databricks.cost',
  definition:
    'List-price cost in USD per day, per product and in total: usage × pricing.default of system.billing.list_prices. This is list price, not the negotiated bill.',
  unit: 'USD',
  components: [],
  derived: [],
  params: billingParams,
  notes: [
    'List price, not the negotiated bill: discounts, commitments and credits are not in the system tables.',
    'Needs sources.databricks.warehouse_id. Each record of system.billing.usage (corrections included) is',
    'priced by the row of system.billing.list_prices with the same sku_name, cloud and usage_unit, currency_code',
    'USD, and price_start_time <= usage_start_time < price_end_time (or no end: the current price), using',
    'pricing.default; so a price change in the middle of the range prices each record at its own time. A',
    'record counts on the day (run time zone) of its usage_start_time. Records without a matching price count',
    'as 0, with a warning giving their number. Components, params and late data as databricks.dbu_usage.',
  ].join(' '),
  fillZeros: false,
  requires: 'warehouse_id',
  collect: (ctx) => collectBilling('databricks.cost', 'list_cost', ctx),
};
