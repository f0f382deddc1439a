import { z } from 'zod';
import type { KpiDefinition } from '../../kpi.js';
import type { JobRun } from './client.js';
import type { DatabricksRun } from './run.js';
import { JOB_RUN_HISTORY, assertHistoryKept } from './history.js';

const params = z.strictObject({
  lookback_hours: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(48)
    .describe(
      'Runs are listed by start time: how long before the first day a run that ends in the range may have started.',
    ),
});

/** Result states counted as succeeded / failed. Everything else (canceled, skipped, …) counts in `count` only. */
const SUCCEEDED_STATES: ReadonlySet<string> = new Set(['SUCCESS']);
const FAILED_STATES: ReadonlySet<string> = new Set(['FAILED', 'TIMEDOUT', 'UPSTREAM_FAILED']);
const FAILED_TERMINATION_TYPES: ReadonlySet<string> = new Set([
  'INTERNAL_ERROR',
  'CLIENT_ERROR',
  'CLOUD_FAILURE',
]);
/**
 * 2.2 termination codes that are neither a success nor a failure, whatever their type says: the run was
 * canceled, skipped or not started (the counterparts of the result states counted in `count` only).
 */
const NEUTRAL_TERMINATION_CODES: ReadonlySet<string> = new Set([
  'USER_CANCELED',
  'CANCELED',
  'SKIPPED',
  'DISABLED',
  'SUCCESS_WITH_FAILURES',
  'MAX_CONCURRENT_RUNS_EXCEEDED',
]);

export type RunOutcome = 'succeeded' | 'failed' | 'other';

/** The verdict of a finished run from `state.result_state`, else from the 2.2 `status`. */
export function runOutcome(run: JobRun): RunOutcome {
  const result = run.state?.result_state;
  if (result)
    return SUCCEEDED_STATES.has(result) ? 'succeeded' : FAILED_STATES.has(result) ? 'failed' : 'other';
  if (run.state?.life_cycle_state === 'INTERNAL_ERROR') return 'failed';
  if (run.state?.life_cycle_state === 'SKIPPED') return 'other';
  // The code says what happened, the type only whose fault an ending was: the code decides first.
  const details = run.status?.termination_details;
  if (details?.code === 'SUCCESS') return 'succeeded';
  if (details?.code && NEUTRAL_TERMINATION_CODES.has(details.code)) return 'other';
  if (details?.type && FAILED_TERMINATION_TYPES.has(details.type)) return 'failed';
  return 'other';
}

/** Job runs that ended on the day: how many, how they ended, how long they ran and queued. */
export const jobRuns: KpiDefinition<DatabricksRun, z.infer<typeof params>> = {
  id: 'databricks.job_runs',
  definition: 'Job runs that ended on the day: count, succeeded, failed, total run and queue time.',
  unit: 'count',
  components: [
    { name: 'count', description: 'Runs that ended on the day (every result state)', unit: 'count' },
    { name: 'succeeded', description: 'Runs that ended with result state SUCCESS', unit: 'count' },
    {
      name: 'failed',
      description: 'Runs that ended FAILED, TIMEDOUT, UPSTREAM_FAILED or INTERNAL_ERROR',
      unit: 'count',
    },
    { name: 'seconds', description: 'Sum of run_duration of the runs counted', unit: 'seconds' },
    { name: 'queue_seconds', description: 'Sum of queue_duration of the runs counted', unit: 'seconds' },
  ],
  derived: [
    {
      name: 'success_rate',
      description: 'Succeeded among runs that succeeded or failed',
      unit: 'ratio',
      kind: 'ratio',
      numerator: ['succeeded'],
      denominator: ['succeeded', 'failed'],
    },
    {
      name: 'avg_seconds',
      description: 'Average run duration',
      unit: 'seconds',
      kind: 'ratio',
      numerator: ['seconds'],
      denominator: ['count'],
    },
    {
      name: 'avg_queue_seconds',
      description: 'Average time a run queued',
      unit: 'seconds',
      kind: 'ratio',
      numerator: ['queue_seconds'],
      denominator: ['count'],
    },
  ],
  params,
  notes: [
    'A run counts on the day (run time zone) of its end_time, once, whatever its result.',
    'succeeded: result_state SUCCESS. failed: result_state FAILED, TIMEDOUT or UPSTREAM_FAILED, or',
    'life_cycle_state INTERNAL_ERROR; without a result_state, the 2.2 status is read, termination code first',
    '(SUCCESS is succeeded; USER_CANCELED, CANCELED, SKIPPED, DISABLED, SUCCESS_WITH_FAILURES and',
    'MAX_CONCURRENT_RUNS_EXCEEDED are neither), then the type (INTERNAL_ERROR, CLIENT_ERROR or CLOUD_FAILURE is',
    'failed). Other results',
    '(CANCELED, SKIPPED, EXCLUDED, SUCCESS_WITH_FAILURES, MAXIMUM_CONCURRENT_RUNS_REACHED, UPSTREAM_CANCELED,',
    'DISABLED) count in count only. seconds is run_duration (or setup + execution + cleanup when run_duration',
    'is absent); queue_seconds is queue_duration. The API filters runs by start time, so runs that started up',
    'to lookback_hours before the first day are read; a longer run ending in the range is missed.',
    'Runs are kept by Databricks for 60 days: when the range minus lookback_hours starts earlier the run warns',
    'that the oldest days are incomplete (with allow_incomplete_history: false the KPI fails instead, keeping',
    'the stored rows).',
  ].join(' '),
  fillZeros: true,
  async collect({ run: { client }, params: p, windows, days, acc }) {
    assertHistoryKept(windows, p.lookback_hours * 3_600_000, JOB_RUN_HISTORY, client.now, client.options);
    const from = windows[0]!.start - p.lookback_hours * 3_600_000;
    const to = windows[windows.length - 1]!.end - 1;
    const seen = new Set<number>();
    for await (const run of client.listRuns(from, to)) {
      if (!run.end_time || seen.has(run.run_id)) continue;
      const date = days.dateOf(run.end_time);
      if (!date) continue;
      seen.add(run.run_id);
      const outcome = runOutcome(run);
      acc.add(date, 'count', 1);
      if (outcome !== 'other') acc.add(date, outcome, 1);
      const ms =
        run.run_duration ||
        (run.setup_duration ?? 0) + (run.execution_duration ?? 0) + (run.cleanup_duration ?? 0);
      acc.add(date, 'seconds', ms / 1000);
      acc.add(date, 'queue_seconds', (run.queue_duration ?? 0) / 1000);
    }
  },
};
