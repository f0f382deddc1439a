/**
 * Child process of bench/databricks.ts: generates the fake workspace and serves it, so the workspace's
 * memory is not counted in the collector's peak RSS. It also computes, from the generated data alone, the
 * minimum number of requests and the expected figures (test/fakes/databricks/reference.ts, which sees each
 * cluster's whole history), so the benchmark checks its totals against an independent reference. Talks to
 * the parent over IPC.
 */
import { referenceClusters } from '../test/fakes/databricks/reference.js';
import { startFakeDatabricks } from '../test/fakes/databricks/server.js';
import { generateWorkspace } from '../test/fakes/databricks/workspace.js';

const DAY = 86_400_000;
const LIFECYCLE = new Set(['CREATING', 'STARTING', 'RESTARTING', 'RUNNING', 'TERMINATING']);
const PRIOR_STATE_MATTERS = new Set(['TERMINATING', 'RESTARTING', 'RUNNING']);

interface Setup {
  clusters: number;
  from: number;
  to: number;
  now: number;
  first: string;
  last: string;
  lookbackMs: number;
  latencyMs: number;
  restartsPerDay: number;
  clustersPage: number;
}

process.once('message', (raw) => {
  void (async () => {
    const s = raw as Setup;
    const ws = generateWorkspace({
      clusters: s.clusters,
      from: s.from,
      to: s.to,
      now: s.now,
      seed: 42,
      restartsPerDay: s.restartsPerDay,
    });
    // The clusters the API lists (terminated within 30 days, or not terminated).
    const listed = ws.clusters.filter(
      (c) => c.state !== 'TERMINATED' || (c.terminated_time ?? 0) >= s.now - 30 * DAY,
    );
    // The minimum: list pages + for each cluster the list does not show inactive in the range, its event
    // pages, plus one request when the events read cannot tell its state: none at all in the span (a probe
    // after the range), or a first one (TERMINATING, RESTARTING, RUNNING) whose meaning depends on the state
    // before the span (a read back from the span start).
    let eventPages = 0;
    let readBacks = 0;
    let probesAfter = 0;
    let events = 0;
    let lifecycle = 0;
    const spanStart = s.from - s.lookbackMs;
    for (const c of listed) {
      events += c.events.length;
      if (c.state === 'TERMINATED' && c.terminated_time! < s.from) continue;
      const inSpan = c.events.filter(
        (e) => LIFECYCLE.has(e.type) && e.timestamp >= spanStart && e.timestamp < s.to,
      );
      lifecycle += inSpan.length;
      eventPages += Math.max(1, Math.ceil(inSpan.length / 500));
      if (inSpan.length === 0) probesAfter++;
      else if (PRIOR_STATE_MATTERS.has(inSpan[0]!.type)) readBacks++;
    }
    // The expected figures, per day.
    const reference = Object.fromEntries(referenceClusters(listed, s.first, s.last, 'UTC', s.now));
    // The old script's figure on the whole workspace: the first STARTING→RUNNING of each cluster and UTC day.
    let oldSum = 0;
    let oldN = 0;
    for (const c of listed) {
      const seen = new Set<number>();
      let start: number | null = null;
      for (const e of c.events) {
        if (e.type === 'STARTING') start = e.timestamp;
        else if (e.type === 'TERMINATING') start = null;
        else if (e.type === 'RUNNING' && start !== null) {
          const day = Math.floor(start / DAY);
          if (start >= s.from && start < s.to && !seen.has(day)) {
            seen.add(day);
            oldSum += (e.timestamp - start) / 1000;
            oldN++;
          }
          start = null;
        }
      }
    }
    let cpu0 = process.cpuUsage();
    const fake = await startFakeDatabricks(ws, {
      token: 'bench-token',
      now: s.now,
      latencyMs: s.latencyMs,
      clustersMaxPage: s.clustersPage,
    });
    process.on('message', (m) => {
      if (m === 'stats')
        process.send!({
          requests: fake.stats.requests,
          byEndpoint: Object.fromEntries(fake.stats.byEndpoint),
          maxInFlight: fake.stats.maxInFlight,
          cpuMs: (process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 1000,
        });
      else if (m === 'reset') {
        fake.resetStats();
        cpu0 = process.cpuUsage();
        process.send!('reset');
      } else if (m === 'close') void fake.close().then(() => process.exit(0));
    });
    process.send!({
      url: fake.url,
      listed: listed.length,
      listPages: Math.ceil(listed.length / s.clustersPage),
      eventPages,
      readBacks,
      probesAfter,
      events,
      lifecycle,
      reference,
      oldFullAvg: oldSum / oldN,
      oldFullN: oldN,
      subset: listed.slice(0, 60).map((c) => c.cluster_id),
      rss: process.memoryUsage().rss,
    });
  })();
});
