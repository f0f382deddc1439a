import type { DayWindow } from '../../dates.js';
import { foldClusterActivity, type ClusterActivity } from './activity.js';
import type { DatabricksClient } from './client.js';
import { CLUSTER_HISTORY, assertHistoryKept } from './history.js';

/**
 * What every Databricks KPI receives as `ctx.run`, built once per run: the REST client, the cluster
 * activity both cluster KPIs share (fetched once), and the counts the job summary shows.
 */
export class DatabricksRun {
  /** Clusters listed, skipped (no activity in the range), deleted during the run. */
  readonly clusters = { seen: 0, skipped: 0, deleted: 0 };
  private readonly activity = new Map<string, Promise<ClusterActivity>>();

  constructor(
    readonly client: DatabricksClient,
    private readonly signal?: AbortSignal,
  ) {}

  /**
   * The startup and uptime figures of every cluster for the windows: fetched once per run (both cluster
   * KPIs await the same promise, a failure included) and folded as pages arrive.
   */
  clusterActivity(
    windows: readonly DayWindow[],
    progress?: (done: number, total: number, unit: string) => void,
  ): Promise<ClusterActivity> {
    const key = `${windows[0]?.start}-${windows[windows.length - 1]?.end}`;
    let p = this.activity.get(key);
    if (!p) {
      const { client } = this;
      p = (async () => {
        assertHistoryKept(windows, client.options.lookbackMs, CLUSTER_HISTORY, client.now, client.options);
        const a = await foldClusterActivity(client, windows, progress, this.signal);
        this.clusters.seen += a.clusters;
        this.clusters.skipped += a.skipped;
        this.clusters.deleted += a.deleted;
        return a;
      })();
      this.activity.set(key, p);
    }
    return p;
  }
}
