import { z } from 'zod';
import type { KpiDefinition } from '../../kpi.js';
import type { DatabricksRun } from './run.js';

const params = z.strictObject({});

/** Time clusters spent running, clipped to days so days add up to any span. */
export const clusterUptime: KpiDefinition<DatabricksRun, z.infer<typeof params>> = {
  id: 'databricks.cluster_uptime',
  definition: 'Sum over clusters of the time each spent running on the day.',
  unit: 'seconds',
  components: [
    { name: 'seconds', description: 'Cluster-seconds of running time on the day', unit: 'seconds' },
  ],
  derived: [],
  params,
  notes: [
    'A cluster runs from a RUNNING event (the one that completes a startup, or a RUNNING with nothing open,',
    'whose startup began before the events read) until its next TERMINATING event. A RESTARTING does not',
    'interrupt it: the cluster stays allocated until it terminates. Each running interval is clipped to the',
    'days (run time zone) it overlaps, so days add up to any span.',
    'A cluster still running at the end of the range counts up to the range end (or now, for today).',
    "Events are read from `events_lookback_hours` (source setting) before the first day. When a cluster's",
    'first event read is TERMINATING, RESTARTING or RUNNING, one more request reads its lifecycle events just',
    'before the read (back to the last RUNNING or TERMINATING): a RUNNING there means it was already up. A',
    'cluster with no lifecycle event at all in that span was in one state throughout: one more request reads its first',
    'lifecycle event after the range; TERMINATING or RESTARTING means it was up, any other means it was not,',
    'and with none the cluster list state (RUNNING or RESIZING) decides.',
    'Clusters terminated more than 30 days ago are not returned by the API: when the range with its lookback',
    'starts more than 30 days ago the run warns that the oldest days are incomplete (with',
    'allow_incomplete_history: false the KPI fails instead, keeping stored rows).',
  ].join(' '),
  fillZeros: true,
  async collect({ run, windows, acc, progress }) {
    const activity = await run.clusterActivity(windows, progress);
    for (const [date, ms] of activity.uptimeMs) acc.add(date, 'seconds', ms / 1000);
  },
};
