/**
 * Generates fake Databricks workspaces: clusters with realistic event histories (cold and warm startups,
 * restarts, failed starts, late starts that complete or fail after midnight, now and then with a second
 * STARTING while the first is open, noise events) and job runs (some described by the 2.2 `status` only). Deterministic for a seed; each cluster depends only
 * on (seed, index), so a benchmark can regenerate any cluster without holding the workspace.
 */
import type { FakeCluster, FakeEvent, FakeRun, FakeWorkspace } from './server.js';

const H = 3_600_000;
const DAY = 24 * H;

import { rng } from '../../helpers/rng.js';

export interface GenOptions {
  clusters: number;
  /** Start and end of the period of interest (epoch ms); history starts a few days before. */
  from: number;
  to: number;
  /** The workspace's current time: nothing happens after it. */
  now: number;
  seed?: number;
  /** Startups a day of a busy cluster (between 06:00 and 22:00 UTC). */
  restartsPerDay?: number;
  noise?: boolean;
}

export type ClusterKind = 'busy' | 'moderate' | 'always_on' | 'terminated_before' | 'gone';

/** Cluster kinds by index: 30 % busy, 40 % moderate, 10 % always on, 10 % terminated before, 10 % gone. */
export function kindOf(i: number): ClusterKind {
  const k = i % 10;
  return k < 3 ? 'busy' : k < 7 ? 'moderate' : k === 7 ? 'always_on' : k === 8 ? 'terminated_before' : 'gone';
}

/** One cluster, from (seed, index) only. */
function generateCluster(i: number, o: GenOptions): FakeCluster {
  const r = rng((o.seed ?? 1) * 1_000_003 + i);
  const between = (a: number, b: number): number => Math.round(a + r() * (b - a));
  const kind = kindOf(i);
  const noise = o.noise ?? true;
  const events: FakeEvent[] = [];
  const push = (timestamp: number, type: string): void => {
    if (timestamp <= o.now) events.push({ timestamp, type });
  };
  const id = `${String(1000 + (i % 9000)).padStart(4, '0')}-${String(100000 + i).padStart(6, '0')}-fake${i}`;
  let created: number;

  if (kind === 'always_on') {
    created = o.from - between(40, 60) * DAY;
    push(created, 'CREATING');
    push(created + between(200, 500) * 1000, 'RUNNING');
    for (let t = created + between(2, 6) * DAY; t < o.now; t += between(3, 8) * DAY) {
      push(t, 'RESTARTING');
      push(t + between(60, 200) * 1000, 'RUNNING');
      if (noise) push(t + 300_000, 'DRIVER_HEALTHY');
    }
  } else if (kind === 'terminated_before' || kind === 'gone') {
    const end = kind === 'gone' ? o.now - between(31, 50) * DAY : o.from - between(2, 10) * DAY;
    created = end - between(1, 5) * DAY;
    push(created, 'CREATING');
    push(created + between(200, 600) * 1000, 'RUNNING');
    push(end, 'TERMINATING');
  } else {
    const busy = kind === 'busy';
    const perDay = o.restartsPerDay ?? 10;
    const cycle = (16 * H) / perDay;
    created = o.from - between(3, 6) * DAY;
    let t = created;
    let first = true;
    let lastEnd = -Infinity;
    while (t < o.now) {
      let late = false;
      if (busy) {
        const hour = new Date(t).getUTCHours();
        if (hour >= 22 || hour < 6) {
          const d = new Date(t);
          const midnight = Date.UTC(
            d.getUTCFullYear(),
            d.getUTCMonth(),
            d.getUTCDate() + (hour >= 22 ? 1 : 0),
          );
          if (hour >= 22 && r() < 0.4) {
            // A late start just before midnight: it completes (or fails) on the next day, so the figures of a
            // range starting that day depend on the events read before it.
            t = midnight - between(10, 55) * 1000;
            late = true;
          } else {
            t = midnight + 6 * H + between(0, 20 * 60) * 1000;
            continue;
          }
        }
      }
      const cold = t - lastEnd > 3 * H;
      const dur = (cold ? between(300, 900) : between(60, 240)) * 1000;
      push(t, first ? 'CREATING' : 'STARTING');
      first = false;
      if (noise) push(t + 10_000, 'INIT_SCRIPTS_STARTED');
      // Now and then a second STARTING while the first is open (after midnight for a late start): it must
      // not reset the startup, so the duration counts from the first one, read in the lookback.
      if (late && r() < 0.5) {
        const midnight = Math.ceil(t / DAY) * DAY;
        push(midnight + Math.floor((t + dur - midnight) / 2), 'STARTING');
      }
      if (r() < (late ? 0.2 : 0.05)) {
        push(t + dur, 'TERMINATING');
        lastEnd = t + dur;
        if (noise) push(t + dur + 30_000, 'NODES_LOST');
        t += dur + (busy ? cycle / 4 : between(2, 20) * H);
        continue;
      }
      if (noise) push(t + dur - 5_000, 'INIT_SCRIPTS_FINISHED');
      push(t + dur, 'RUNNING');
      if (noise) push(t + dur + 20_000, 'DRIVER_HEALTHY');
      const runLen = busy ? Math.round(cycle * (0.3 + 0.4 * r())) : between(1, 8) * H;
      let end = t + dur + runLen;
      if (r() < 0.15) {
        const rt = t + dur + Math.round(runLen / 2);
        push(rt, 'RESTARTING');
        const rd = between(60, 200) * 1000;
        push(rt + rd, 'RUNNING');
        end = Math.max(end, rt + rd + 60_000);
      }
      if (noise && r() < 0.5) {
        push(t + dur + 60_000, 'RESIZING');
        push(t + dur + 120_000, 'UPSIZE_COMPLETED');
        push(t + dur + 180_000, 'AUTOSCALING_STATS_REPORT');
      }
      push(end, 'TERMINATING');
      if (noise) push(end + 30_000, 'NODES_LOST');
      lastEnd = end;
      t = end + (busy ? Math.max(60_000, Math.round(cycle - runLen - dur)) : between(4, 40) * H);
    }
  }
  return describe(id, events, created, o.now);
}

/** The cluster list fields as they would be at `now`, from the events. */
export function describe(
  id: string,
  events: FakeEvent[],
  created: number,
  now: number,
  name = id,
): FakeCluster {
  let state = 'TERMINATED';
  let terminated: number | undefined;
  let restarted: number | undefined;
  // start_time: "when the cluster entered a PENDING state" (API reference), i.e. its last start, not its
  // creation; the creation time only for a cluster never started.
  let pending: number | undefined;
  for (const e of [...events].sort((a, b) => a.timestamp - b.timestamp)) {
    if (e.timestamp > now) continue;
    if (e.type === 'TERMINATING') {
      state = 'TERMINATED';
      terminated = e.timestamp + 15_000;
    } else if (e.type === 'RUNNING') state = 'RUNNING';
    else if (e.type === 'CREATING' || e.type === 'STARTING') {
      if (state !== 'PENDING') pending = e.timestamp;
      state = 'PENDING';
      restarted = e.timestamp;
      terminated = undefined;
    } else if (e.type === 'RESTARTING') {
      state = 'RESTARTING';
      restarted = e.timestamp;
    }
  }
  return {
    cluster_id: id,
    cluster_name: name,
    state,
    start_time: pending ?? created,
    terminated_time: state === 'TERMINATED' ? terminated : undefined,
    last_restarted_time: restarted,
    cluster_source: 'UI',
    events,
  };
}

const RESULTS: Array<[string, string | undefined, number]> = [
  ['TERMINATED', 'SUCCESS', 70],
  ['TERMINATED', 'FAILED', 10],
  ['TERMINATED', 'TIMEDOUT', 3],
  ['TERMINATED', 'CANCELED', 5],
  ['TERMINATED', 'UPSTREAM_FAILED', 2],
  ['TERMINATED', 'SUCCESS_WITH_FAILURES', 2],
  ['SKIPPED', undefined, 2],
  ['INTERNAL_ERROR', undefined, 3],
  ['RUNNING', undefined, 3],
];

/**
 * The 2.2 termination details matching each result (or life-cycle state without a result): the codes and
 * types of the Jobs API reference, never contradicting the result (a canceled or skipped run is no failure).
 */
const TERMINATION: Record<string, [string, string]> = {
  SUCCESS: ['SUCCESS', 'SUCCESS'],
  FAILED: ['RUN_EXECUTION_ERROR', 'CLIENT_ERROR'],
  TIMEDOUT: ['RUN_EXECUTION_ERROR', 'CLIENT_ERROR'],
  UPSTREAM_FAILED: ['RUN_EXECUTION_ERROR', 'CLIENT_ERROR'],
  CANCELED: ['USER_CANCELED', 'SUCCESS'],
  SUCCESS_WITH_FAILURES: ['SUCCESS_WITH_FAILURES', 'SUCCESS'],
  SKIPPED: ['SKIPPED', 'SUCCESS'],
  INTERNAL_ERROR: ['INTERNAL_ERROR', 'INTERNAL_ERROR'],
};

/** Job runs starting between from - 2 days and now, some running across midnight, some still running. */
function generateRuns(count: number, o: GenOptions): FakeRun[] {
  const r = rng((o.seed ?? 1) * 7919 + 17);
  const total = RESULTS.reduce((s, x) => s + x[2], 0);
  const runs: FakeRun[] = [];
  for (let i = 0; i < count; i++) {
    const start = Math.round(o.from - 2 * DAY + r() * (o.now - o.from + 2 * DAY));
    let pick = r() * total;
    const [life, result] = RESULTS.find((x) => (pick -= x[2]) < 0) ?? RESULTS[0]!;
    const queue = r() < 0.3 ? Math.round(r() * 600_000) : 0;
    const duration = Math.round(30_000 + r() * (r() < 0.1 ? 20 * H : H));
    const done = life !== 'RUNNING' && start + duration <= o.now;
    const run: FakeRun = {
      run_id: 1_000_000 + i,
      job_id: 100 + (i % 37),
      start_time: start,
      state: { life_cycle_state: done ? life : 'RUNNING', result_state: done ? result : undefined },
    };
    if (done) {
      run.end_time = start + duration;
      if (i % 5 === 0) {
        // Older single-task runs: no run_duration, the three phases instead.
        run.setup_duration = Math.round(duration * 0.1);
        run.execution_duration = Math.round(duration * 0.8);
        run.cleanup_duration = duration - run.setup_duration - run.execution_duration;
      } else run.run_duration = duration;
      run.queue_duration = queue;
      const [code, type] = TERMINATION[result ?? life]!;
      run.status = { state: 'TERMINATED', termination_details: { code, type } };
      // Some runs carry only the 2.2 status (no result_state): the verdict then comes from it.
      if (i % 6 === 1) delete run.state.result_state;
    }
    runs.push(run);
  }
  return runs;
}

export function generateWorkspace(o: GenOptions & { runs?: number }): FakeWorkspace {
  return {
    clusters: Array.from({ length: o.clusters }, (_, i) => generateCluster(i, o)),
    runs: generateRuns(o.runs ?? 0, o),
  };
}
