import type { DayWindow } from '../../dates.js';

const DAY = 86_400_000;

/** How long the Databricks REST API keeps what a group of KPIs reads, and where older history lives. */
export interface History {
  days: number;
  /** What is no longer returned after `days`. */
  what: string;
  /** The Databricks system tables that keep it longer. */
  route: string;
}

/** clusters/list and clusters/events: clusters terminated more than 30 days ago, and their events, are gone. */
export const CLUSTER_HISTORY: History = {
  days: 30,
  what: 'cluster history (clusters terminated earlier and their events are no longer returned)',
  route: 'system.compute.clusters and system.compute.node_timeline',
};

/** jobs/runs/list: runs expire after 60 days. */
export const JOB_RUN_HISTORY: History = {
  days: 60,
  what: 'job runs (older runs have expired)',
  route: 'system.lakeflow.job_run_timeline',
};

/**
 * Throws (failing the KPI, so the engine keeps the rows already stored for those days) when the range,
 * with the lookback read before its first day, starts before the history the API keeps; unless
 * `allowIncompleteHistory` is set, in which case the KPI collects what the API still returns (the run
 * warns through the source's rangeWarnings).
 */
export function assertHistoryKept(
  windows: readonly DayWindow[],
  lookbackMs: number,
  h: History,
  now: number,
  options: { allowIncompleteHistory?: boolean },
): void {
  const first = windows[0];
  if (!first || options.allowIncompleteHistory) return;
  const limit = now - h.days * DAY;
  if (first.start - lookbackMs >= limit) return;
  // The first day reads the lookback before it; later days continue from the day before.
  const affected = windows.filter((w, i) => w.start - (i === 0 ? lookbackMs : 0) < limit);
  const last = affected[affected.length - 1]!.date;
  const days = last === first.date ? first.date : `${first.date}..${last}`;
  const lookback = lookbackMs > 0 ? ` (with its ${+(lookbackMs / 3_600_000).toFixed(2)} h lookback)` : '';
  throw new Error(
    `the range${lookback} reaches back before ${new Date(limit).toISOString()}, past the ${h.days} days of ` +
      `${h.what} the Databricks API keeps: figures of ${days} would be incomplete, so nothing is ` +
      `collected and the rows already stored are kept; for older history query the Databricks system tables ` +
      `${h.route}, or set sources.databricks.allow_incomplete_history: true to collect what the API still returns`,
  );
}
