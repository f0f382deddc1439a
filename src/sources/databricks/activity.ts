import type { DayWindow } from '../../dates.js';
import { DayIndex } from '../../dates.js';
import { DatabricksApiError, type ClusterInfo, type DatabricksClient } from './client.js';
import { mapLimit } from '../../concurrency.js';

/** Upper bounds (seconds) of the cumulative startup-duration buckets `le_<n>`. */
export const STARTUP_BOUNDS = [60, 120, 300, 600, 1200, 1800, 3600] as const;

/** The only event types the cluster KPIs read; the API is asked for these and nothing else. */
const LIFECYCLE_EVENTS = ['CREATING', 'STARTING', 'RESTARTING', 'RUNNING', 'TERMINATING'] as const;
const OPENS = new Set(['CREATING', 'STARTING', 'RESTARTING']);
const LIFECYCLE: ReadonlySet<string> = new Set(LIFECYCLE_EVENTS);
/** First events of a span whose meaning depends on the state before it (see ClusterTimeline.prime). */
const PRIOR_STATE_MATTERS = new Set(['TERMINATING', 'RESTARTING', 'RUNNING']);

/** Cluster states in which a cluster is up. */
const UP_STATES = new Set(['RUNNING', 'RESIZING']);

interface StartupDay {
  count: number;
  /** Sum of the completed startups' durations, in ms (integer, so sums stay exact). */
  ms: number;
  failed: number;
  /** Cumulative counts per bound of STARTUP_BOUNDS. */
  buckets: number[];
}

/** Per-day figures of both cluster KPIs, from one pass over every cluster's events. */
export interface ClusterActivity {
  startups: Map<string, StartupDay>;
  uptimeMs: Map<string, number>;
  /** Clusters the list returned. */
  clusters: number;
  /** Clusters skipped because the list shows no activity in the range. */
  skipped: number;
  /** Clusters skipped because they were deleted during the run (the API no longer knows them). */
  deleted: number;
}

/** Collects per-day figures; clips running intervals to days. Memory: O(days). */
class ActivitySink {
  readonly startups = new Map<string, StartupDay>();
  readonly uptimeMs = new Map<string, number>();
  private readonly days: DayIndex;
  readonly rangeStart: number;
  readonly rangeEnd: number;

  constructor(
    private readonly windows: readonly DayWindow[],
    /** Running intervals still open are counted up to here: min(range end, now). */
    readonly clipEnd: number,
    parent?: ActivitySink,
  ) {
    this.days = parent ? parent.days : new DayIndex(windows);
    this.rangeStart = this.days.first;
    this.rangeEnd = this.days.last;
  }

  /**
   * An empty sink over the same days, for one cluster: its figures are added to this one only once the
   * cluster's events were read to the end (a cluster deleted half-way adds nothing).
   */
  child(): ActivitySink {
    return new ActivitySink(this.windows, this.clipEnd, this);
  }

  /** Adds a child's figures to this sink. */
  merge(c: ActivitySink): void {
    for (const [date, d] of c.startups) {
      const t = this.day(date);
      t.count += d.count;
      t.ms += d.ms;
      t.failed += d.failed;
      d.buckets.forEach((n, i) => (t.buckets[i]! += n));
    }
    for (const [date, ms] of c.uptimeMs) this.uptimeMs.set(date, (this.uptimeMs.get(date) ?? 0) + ms);
  }

  private day(date: string): StartupDay {
    let d = this.startups.get(date);
    if (!d)
      this.startups.set(date, (d = { count: 0, ms: 0, failed: 0, buckets: STARTUP_BOUNDS.map(() => 0) }));
    return d;
  }

  /** A startup completed by a RUNNING event at `at`, which took `ms`. */
  completed(at: number, ms: number): void {
    const date = this.days.dateOf(at);
    if (!date) return;
    const d = this.day(date);
    d.count++;
    d.ms += ms;
    const seconds = ms / 1000;
    STARTUP_BOUNDS.forEach((b, i) => {
      if (seconds <= b) d.buckets[i]!++;
    });
  }

  /** A startup ended by a TERMINATING event at `at`. */
  failed(at: number): void {
    const date = this.days.dateOf(at);
    if (date) this.day(date).failed++;
  }

  /** A cluster was running in [from, to): adds the overlap with each day. */
  running(from: number, to: number): void {
    const lo = Math.max(from, this.rangeStart);
    const hi = Math.min(to, this.clipEnd, this.rangeEnd);
    if (!(hi > lo)) return;
    // The window holding lo, then walk forward.
    for (let i = this.days.indexOf(lo); i < this.windows.length; i++) {
      const w = this.windows[i]!;
      if (w.start >= hi) break;
      const overlap = Math.min(hi, w.end) - Math.max(lo, w.start);
      if (overlap > 0) this.uptimeMs.set(w.date, (this.uptimeMs.get(w.date) ?? 0) + overlap);
    }
  }
}

/**
 * The state machine of one cluster, fed its lifecycle events oldest first (page by page). It keeps only the
 * open startup and the open running interval, so memory does not grow with the number of events.
 *
 * - CREATING, STARTING or RESTARTING opens a startup when none is open (a later one does not reset it).
 * - RUNNING completes the open startup (duration = RUNNING - opening event); with nothing open it is not a
 *   startup. A RUNNING also opens a running interval when none is open.
 * - TERMINATING ends an open startup as failed, and closes the running interval.
 * - The state at the start of the read (a startup already open, the cluster already up) is not in the
 *   events read. When the first event read is TERMINATING, RESTARTING or RUNNING it matters, and
 *   needsPriorState() says so: the caller reads the events just before the span and calls prime().
 * - A cluster with no lifecycle event in the span: see finishQuiet().
 */
class ClusterTimeline {
  private open: number | undefined;
  private runningSince: number | undefined;
  private seen = false;
  private last = -Infinity;

  constructor(
    private readonly sink: ActivitySink,
    readonly clusterId: string,
    /** Start of the fetched span (range start - lookback). */
    private readonly spanStart: number,
  ) {}

  /**
   * True when no lifecycle event of the span was folded yet and the first one in `events` is one whose
   * meaning depends on the state before the span: TERMINATING (a failed startup, or the end of a running
   * interval), RESTARTING (a cluster that was up, or a startup already open) or RUNNING (the end of a startup
   * that opened before the span, or not a startup at all).
   */
  needsPriorState(events: readonly { timestamp: number; type: string }[]): boolean {
    if (this.seen) return false;
    const first = events.find(
      (e) => LIFECYCLE.has(e.type) && e.timestamp >= this.spanStart && e.timestamp < this.sink.rangeEnd,
    );
    return first !== undefined && PRIOR_STATE_MATTERS.has(first.type);
  }

  /**
   * Sets the state at the start of the span from the lifecycle events before it, newest first (as far back
   * as the first RUNNING or TERMINATING, or all there are). The opening events after the last RUNNING or
   * TERMINATING form the open startup (it opened at the oldest of them); the cluster is up when that last
   * RUNNING-or-TERMINATING is a RUNNING.
   */
  prime(before: readonly { timestamp: number; type: string }[]): void {
    let opened: number | undefined;
    let up = false;
    for (const e of before) {
      if (OPENS.has(e.type)) opened = e.timestamp;
      else if (e.type === 'RUNNING' || e.type === 'TERMINATING') {
        up = e.type === 'RUNNING';
        break;
      }
    }
    this.open = opened;
    this.runningSince = up ? this.spanStart : undefined;
  }

  event(timestamp: number, type: string): void {
    if (!Number.isFinite(timestamp)) throw new Error(`cluster ${this.clusterId}: an event has no timestamp`);
    if (timestamp < this.last) {
      throw new Error(
        `cluster ${this.clusterId}: events are not in ascending order (order: ASC was not honoured)`,
      );
    }
    this.last = timestamp;
    if (timestamp < this.spanStart || timestamp >= this.sink.rangeEnd) return;
    if (OPENS.has(type)) {
      if (this.open === undefined) this.open = timestamp;
    } else if (type === 'RUNNING') {
      if (this.open !== undefined) {
        this.sink.completed(timestamp, timestamp - this.open);
        this.open = undefined;
      }
      if (this.runningSince === undefined) this.runningSince = timestamp;
    } else if (type === 'TERMINATING') {
      if (this.open !== undefined) {
        this.sink.failed(timestamp);
        this.open = undefined;
      }
      if (this.runningSince !== undefined) {
        this.sink.running(this.runningSince, timestamp);
        this.runningSince = undefined;
      }
    } else {
      return; // not a lifecycle event
    }
    this.seen = true;
  }

  /** Whether any lifecycle event of the span was seen. */
  get seenLifecycle(): boolean {
    return this.seen;
  }

  /** After the last event: a running interval still open is counted up to the end of the range (or now). */
  finish(): void {
    if (this.runningSince !== undefined) this.sink.running(this.runningSince, this.sink.clipEnd);
    this.runningSince = undefined;
  }

  /**
   * For a cluster with no lifecycle event in the span, which was therefore in one state throughout: up when
   * its next lifecycle event after the range is TERMINATING or RESTARTING (only an up cluster has those),
   * or, with no event after the range either, when the cluster list shows it RUNNING or RESIZING.
   */
  finishQuiet(nextType: string | undefined, state: string | undefined): void {
    const up = nextType
      ? nextType === 'TERMINATING' || nextType === 'RESTARTING'
      : state !== undefined && UP_STATES.has(state);
    if (up) this.sink.running(this.spanStart, this.sink.clipEnd);
  }
}

/**
 * True when the cluster list proves the cluster did nothing in [rangeStart, rangeEnd): it is terminated and
 * was terminated before the range. (`start_time` is not used: the API documents it as the time the cluster
 * entered PENDING, which is its last start rather than its creation, so a cluster restarted after the range
 * may well have run in it.)
 */
function inactiveInRange(c: ClusterInfo, rangeStart: number): boolean {
  return c.state === 'TERMINATED' && c.terminated_time !== undefined && c.terminated_time < rangeStart;
}

/** A Databricks answer saying the cluster does not exist (any more): it was deleted during the run. */
function isDeletedCluster(e: unknown): boolean {
  return (
    e instanceof DatabricksApiError &&
    (e.status === 400 || e.status === 404) &&
    e.errorCode === 'RESOURCE_DOES_NOT_EXIST'
  );
}

/**
 * Lists the clusters and reads each active one's lifecycle events once for the whole range plus the
 * lookback, folding them into per-day figures as the pages arrive (bounded concurrency).
 */
export async function foldClusterActivity(
  client: DatabricksClient,
  windows: readonly DayWindow[],
  progress?: (done: number, total: number, unit: string) => void,
  signal?: AbortSignal,
): Promise<ClusterActivity> {
  const sink = new ActivitySink(windows, Math.min(windows[windows.length - 1]!.end, client.now));
  const spanStart = sink.rangeStart - client.options.lookbackMs;
  let clusters = 0;
  let skipped = 0;
  let deleted = 0;
  let done = 0;
  const seen = new Set<string>();
  await mapLimit(
    client.listClusters(),
    client.options.concurrency,
    async (c) => {
      // A cluster can be listed twice when the list shifts between pages: count it once.
      if (seen.has(c.cluster_id)) return;
      seen.add(c.cluster_id);
      clusters++;
      if (inactiveInRange(c, sink.rangeStart)) {
        skipped++;
        return;
      }
      const own = sink.child();
      const timeline = new ClusterTimeline(own, c.cluster_id, spanStart);
      try {
        await client.clusterEvents(
          c.cluster_id,
          spanStart,
          sink.rangeEnd,
          LIFECYCLE_EVENTS,
          async (events) => {
            if (timeline.needsPriorState(events))
              timeline.prime(await client.lastEventsBefore(c.cluster_id, spanStart, LIFECYCLE_EVENTS));
            for (const e of events) timeline.event(e.timestamp, e.type);
          },
        );
        if (timeline.seenLifecycle) timeline.finish();
        else
          timeline.finishQuiet(
            (await client.firstEventAfter(c.cluster_id, sink.rangeEnd, LIFECYCLE_EVENTS))?.type,
            c.state,
          );
      } catch (e) {
        if (!isDeletedCluster(e)) throw e;
        deleted++;
        return;
      }
      sink.merge(own);
      progress?.(++done, clusters - skipped - deleted, 'active clusters read (of those listed so far)');
    },
    signal,
  );
  return { startups: sink.startups, uptimeMs: sink.uptimeMs, clusters, skipped, deleted };
}
