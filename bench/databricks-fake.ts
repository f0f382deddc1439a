/**
 * Child process of bench/databricks.ts: generates the fake workspace and serves it, so the workspace's
 * memory is not counted in the collector's peak RSS. Talks to the parent over IPC.
 */
import { startFakeDatabricks } from '../test/fakes/databricks/server.js';
import { generateWorkspace } from '../test/fakes/databricks/workspace.js';

const DAY = 86_400_000;
const LIFECYCLE = new Set(['CREATING', 'STARTING', 'RESTARTING', 'RUNNING', 'TERMINATING']);

interface Setup {
  clusters: number;
  from: number;
  to: number;
  now: number;
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
    // The minimum: list pages + for each cluster the list shows active in the range, its event pages.
    const listed = ws.clusters.filter(
      (c) => c.state !== 'TERMINATED' || (c.terminated_time ?? 0) >= s.now - 30 * DAY,
    );
    let eventPages = 0;
    let events = 0;
    let lifecycle = 0;
    const spanStart = s.from - s.lookbackMs;
    for (const c of listed) {
      events += c.events.length;
      if (c.state === 'TERMINATED' && c.terminated_time! < s.from) continue;
      const n = c.events.filter(
        (e) => LIFECYCLE.has(e.type) && e.timestamp >= spanStart && e.timestamp < s.to,
      ).length;
      lifecycle += n;
      eventPages += Math.max(1, Math.ceil(n / 500));
    }
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
      events,
      lifecycle,
      oldFullAvg: oldSum / oldN,
      oldFullN: oldN,
      subset: listed.slice(0, 60).map((c) => c.cluster_id),
      rss: process.memoryUsage().rss,
    });
  })();
});
