/**
 * A deliberately simple reference for the expected figures, independent of src/sources/databricks: it sees
 * a cluster's whole history (no lookback, no paging, no heuristics) and follows the written rules step by
 * step. Tests compare the source's output against it.
 */
import { addDays, dateIn, startOfDay } from '../../../src/dates.js';
import type { FakeCluster, FakeRun } from './server.js';

export const BOUNDS = [60, 120, 300, 600, 1200, 1800, 3600];

export interface RefDay {
  count: number;
  seconds: number;
  failed: number;
  buckets: Record<string, number>;
  uptime: number;
}

function emptyDay(): RefDay {
  return {
    count: 0,
    seconds: 0,
    failed: 0,
    buckets: Object.fromEntries(BOUNDS.map((b) => [`le_${b}`, 0])),
    uptime: 0,
  };
}

/** Per-day expected cluster figures for dates [first, last] in a time zone, counting up to `now`. */
export function referenceClusters(
  clusters: FakeCluster[],
  first: string,
  last: string,
  timeZone: string,
  now: number,
): Map<string, RefDay> {
  const out = new Map<string, RefDay>();
  for (let d = first; d <= last; d = addDays(d, 1)) out.set(d, emptyDay());
  const inRange = (ms: number): RefDay | undefined => out.get(dateIn(ms, timeZone));
  // Each day's [start, end) in the time zone, the end capped at now.
  const bounds: Array<[string, number, number]> = [];
  for (let d = first; d <= last; d = addDays(d, 1))
    bounds.push([d, startOfDay(d, timeZone), Math.min(startOfDay(addDays(d, 1), timeZone), now)]);

  for (const c of clusters) {
    const lifecycle = [...c.events]
      .filter((e) => ['CREATING', 'STARTING', 'RESTARTING', 'RUNNING', 'TERMINATING'].includes(e.type))
      .sort((a, b) => a.timestamp - b.timestamp);
    let openedAt: number | null = null;
    let upSince: number | null = null;
    const intervals: Array<[number, number]> = [];
    for (const e of lifecycle) {
      if (e.type === 'RUNNING') {
        if (openedAt !== null) {
          const day = inRange(e.timestamp);
          if (day) {
            const s = (e.timestamp - openedAt) / 1000;
            day.count += 1;
            day.seconds += s;
            for (const b of BOUNDS) if (s <= b) day.buckets[`le_${b}`]! += 1;
          }
          openedAt = null;
        }
        if (upSince === null) upSince = e.timestamp;
      } else if (e.type === 'TERMINATING') {
        if (openedAt !== null) {
          const day = inRange(e.timestamp);
          if (day) day.failed += 1;
          openedAt = null;
        }
        if (upSince !== null) intervals.push([upSince, e.timestamp]);
        upSince = null;
      } else if (openedAt === null) {
        openedAt = e.timestamp;
      }
    }
    if (upSince !== null) intervals.push([upSince, Infinity]);
    for (const [a, b] of intervals) {
      for (const [d, ds, de] of bounds) {
        const overlap = Math.min(b, de) - Math.max(a, ds);
        if (overlap > 0) out.get(d)!.uptime += overlap / 1000;
      }
    }
  }
  return out;
}

export interface RefRunsDay {
  count: number;
  succeeded: number;
  failed: number;
  seconds: number;
  queue_seconds: number;
}

/** Per-day expected job-run figures: runs counted on the day of their end_time. */
export function referenceRuns(
  runs: FakeRun[],
  first: string,
  last: string,
  timeZone: string,
): Map<string, RefRunsDay> {
  const out = new Map<string, RefRunsDay>();
  for (let d = first; d <= last; d = addDays(d, 1))
    out.set(d, { count: 0, succeeded: 0, failed: 0, seconds: 0, queue_seconds: 0 });
  for (const r of runs) {
    if (r.end_time === undefined) continue;
    const day = out.get(dateIn(r.end_time, timeZone));
    if (!day) continue;
    day.count += 1;
    const verdict = runVerdict(r);
    if (verdict === 'succeeded') day.succeeded += 1;
    else if (verdict === 'failed') day.failed += 1;
    const ms =
      r.run_duration ?? (r.setup_duration ?? 0) + (r.execution_duration ?? 0) + (r.cleanup_duration ?? 0);
    day.seconds += ms / 1000;
    day.queue_seconds += (r.queue_duration ?? 0) / 1000;
  }
  return out;
}

/**
 * How a finished run ended, by the written rule: its result_state when there is one; else life-cycle state
 * INTERNAL_ERROR is a failure and SKIPPED neither; else the 2.2 termination code (SUCCESS; a cancel, skip
 * or not-started code is neither), and only then the type (an error type is a failure).
 */
export function runVerdict(r: Pick<FakeRun, 'state' | 'status'>): 'succeeded' | 'failed' | 'neither' {
  const result = r.state.result_state;
  if (result) {
    if (result === 'SUCCESS') return 'succeeded';
    return ['FAILED', 'TIMEDOUT', 'UPSTREAM_FAILED'].includes(result) ? 'failed' : 'neither';
  }
  if (r.state.life_cycle_state === 'INTERNAL_ERROR') return 'failed';
  if (r.state.life_cycle_state === 'SKIPPED') return 'neither';
  const code = r.status?.termination_details?.code;
  const type = r.status?.termination_details?.type;
  if (code === 'SUCCESS') return 'succeeded';
  const neither = [
    'USER_CANCELED',
    'CANCELED',
    'SKIPPED',
    'DISABLED',
    'SUCCESS_WITH_FAILURES',
    'MAX_CONCURRENT_RUNS_EXCEEDED',
  ];
  if (code && neither.includes(code)) return 'neither';
  return type && ['INTERNAL_ERROR', 'CLIENT_ERROR', 'CLOUD_FAILURE'].includes(type) ? 'failed' : 'neither';
}
