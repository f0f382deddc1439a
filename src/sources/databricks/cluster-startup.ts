import { z } from 'zod';
import { bucketComponents, type KpiDefinition } from '../../kpi.js';
import type { DatabricksRun } from './run.js';
import { STARTUP_BOUNDS } from './activity.js';

const params = z.strictObject({});

/** Every cluster startup of the day, with additive components so any span averages correctly. */
export const clusterStartup: KpiDefinition<DatabricksRun, z.infer<typeof params>> = {
  id: 'databricks.cluster_startup',
  definition:
    'Cluster startups completed per day, their total duration and duration buckets, and failed startups.',
  unit: 'seconds',
  components: [
    { name: 'count', description: 'Startups completed (reached RUNNING) on the day', unit: 'count' },
    {
      name: 'seconds',
      description: 'Sum of the durations of the startups counted in count',
      unit: 'seconds',
    },
    {
      name: 'failed',
      description: 'Startups that ended with TERMINATING before reaching RUNNING',
      unit: 'count',
    },
    ...bucketComponents(STARTUP_BOUNDS, 'Completed startups', 'seconds'),
  ],
  derived: [
    {
      name: 'avg_seconds',
      description: 'Average startup duration',
      unit: 'seconds',
      kind: 'ratio',
      numerator: ['seconds'],
      denominator: ['count'],
    },
    {
      name: 'failure_rate',
      description: 'Share of startups that failed',
      unit: 'ratio',
      kind: 'ratio',
      numerator: ['failed'],
      denominator: ['count', 'failed'],
    },
    {
      name: 'p50_seconds',
      description: 'Median startup duration (from the buckets)',
      unit: 'seconds',
      kind: 'percentile',
      quantile: 0.5,
      buckets: 'le_',
      total: ['count'],
    },
    {
      name: 'p90_seconds',
      description: '90th percentile of startup duration (from the buckets)',
      unit: 'seconds',
      kind: 'percentile',
      quantile: 0.9,
      buckets: 'le_',
      total: ['count'],
    },
  ],
  params,
  notes: [
    'Rule, per cluster, events in timestamp order: a startup opens at a CREATING, STARTING or RESTARTING event',
    'when none is open (a later one while open does not reset it). It completes at the next RUNNING event; its',
    'duration is that RUNNING timestamp minus the opening one. A TERMINATING event while a startup is open ends',
    'it as failed. A RUNNING with nothing open is not a startup. Every startup counts, however many times a',
    'cluster restarts in a day.',
    'Days: a completed startup counts on the day (run time zone) of its RUNNING event, a failed one on the day',
    'of its TERMINATING event, so nothing is counted twice across days or runs. Events are read from',
    '`events_lookback_hours` (source setting, default 24, at least 1) before the first day, so a startup that',
    "opens before the range and completes (or fails) inside it counts in full; when a cluster's first event",
    'read is TERMINATING, RESTARTING or RUNNING, one more request reads its lifecycle events just before the',
    'read, so a startup open since before it (even longer than the lookback) is counted too.',
    'Only clusters the API still returns count: clusters terminated more than 30 days ago are gone, so when',
    'the range with its lookback starts more than 30 days ago the run warns that the oldest days are',
    'incomplete (with the source setting allow_incomplete_history: false the KPI fails instead, keeping stored rows).',
  ].join(' '),
  fillZeros: true,
  async collect({ run, windows, acc, progress }) {
    const activity = await run.clusterActivity(windows, progress);
    for (const [date, d] of activity.startups) {
      acc.add(date, 'count', d.count);
      acc.add(date, 'seconds', d.ms / 1000);
      acc.add(date, 'failed', d.failed);
      STARTUP_BOUNDS.forEach((b, i) => acc.add(date, `le_${b}`, d.buckets[i]!));
    }
  },
};
