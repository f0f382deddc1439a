/**
 * Benchmark of the Databricks source against the local fake workspace (run: npx tsx bench/databricks.ts).
 *
 * 2,000 clusters, a 30-day range, busy clusters restarting ~10 times a day, 20 ms added to every answer.
 * Reports requests against the minimum (cluster list pages + Σ per-cluster event pages), wall time against
 * the bound (requests × latency / concurrency) and the collector's peak RSS (the fake runs in a child
 * process). Then runs the old approach (first startup per cluster per day, one request per cluster and day,
 * sequential) on a subset, extrapolates its request count and time, and compares its average to the true one.
 */
import { fork } from 'node:child_process';
import * as os from 'node:os';
import { fileURLToPath } from 'node:url';
import { DayIndex, dayWindows } from '../src/dates.js';
import { Accumulator } from '../src/kpi.js';
import { MemoryLogger } from '../src/log.js';
import { DatabricksClient } from '../src/sources/databricks/client.js';
import { clusterStartup } from '../src/sources/databricks/cluster-startup.js';
import { clusterUptime } from '../src/sources/databricks/cluster-uptime.js';

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 2000);
const LATENCY = Number(process.env.BENCH_LATENCY ?? 20);
const CONCURRENCY = 8;
const FIRST = '2026-10-01';
const LAST = '2026-10-30';
const windows = dayWindows(FIRST, LAST, 'UTC');
const from = windows[0]!.start;
const to = windows[windows.length - 1]!.end;
const now = to + 6 * 3_600_000;
const LOOKBACK = 24 * 3_600_000;
const OLD_SUBSET = Number(process.env.BENCH_OLD_SUBSET ?? 40);

interface Ready {
  url: string;
  listed: number;
  listPages: number;
  eventPages: number;
  events: number;
  lifecycle: number;
  oldFullAvg: number;
  oldFullN: number;
  subset: string[];
  rss: number;
}
interface Stats {
  requests: number;
  byEndpoint: Record<string, number>;
  maxInFlight: number;
  cpuMs: number;
}

const child = fork(fileURLToPath(new URL('./databricks-fake.ts', import.meta.url)), [], {
  execArgv: ['--import', 'tsx'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const ask = <T>(m: unknown): Promise<T> =>
  new Promise((resolve) => {
    child.once('message', (r) => resolve(r as T));
    child.send(m as never);
  });

const t0 = Date.now();
const ready = await ask<Ready>({
  clusters: CLUSTERS,
  from,
  to,
  now,
  lookbackMs: LOOKBACK,
  latencyMs: LATENCY,
  restartsPerDay: 10,
  clustersPage: 100,
});
console.log(
  `fake workspace: ${CLUSTERS} clusters (${ready.listed} listed), ${ready.events} events, generated in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
);

const client = new DatabricksClient({
  host: ready.url,
  token: 'bench-token',
  concurrency: CONCURRENCY,
  requestTimeoutMs: 30_000,
  attempts: 6,
  retryBaseMs: 1000,
  lookbackMs: LOOKBACK,
  now: () => now,
  log: new MemoryLogger(),
});
const days = new DayIndex(windows);
const dates = new Set(windows.map((w) => w.date));
const accs = [clusterStartup, clusterUptime].map(
  (k) => new Accumulator(dates, new Set(k.components.map((c) => c.name))),
);
const cpu0 = process.cpuUsage();
const started = performance.now();
await clusterStartup.collect({
  client,
  params: {},
  windows,
  days,
  timeZone: 'UTC',
  acc: accs[0]!,
  log: new MemoryLogger(),
  signal: new AbortController().signal,
});
await clusterUptime.collect({
  client,
  params: {},
  windows,
  days,
  timeZone: 'UTC',
  acc: accs[1]!,
  log: new MemoryLogger(),
  signal: new AbortController().signal,
});
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpu0);
const stats = await ask<Stats>('stats');
const rssMb = process.resourceUsage().maxRSS / 1024;

let count = 0;
let seconds = 0;
let uptime = 0;
for (const [, c, v] of accs[0]!.entries()) {
  if (c === 'count') count += v;
  if (c === 'seconds') seconds += v;
}
for (const [, , v] of accs[1]!.entries()) uptime += v;
const trueAvg = seconds / count;

const minimum = ready.listPages + ready.eventPages;
const probes = stats.requests - minimum;
const bound = (stats.requests * LATENCY) / CONCURRENCY;

// The old approach on a subset: per cluster and UTC day, one events request (all types, no lookback),
// the first STARTING→RUNNING of the day, sequentially.
await ask('reset');
const subset = ready.subset.slice(0, OLD_SUBSET);
const oldStarted = performance.now();
let oldSum = 0;
let oldN = 0;
for (const id of subset) {
  for (const w of windows) {
    let start: number | null = null;
    let token: string | undefined;
    let found = false;
    do {
      const page = await client.call<{
        events?: Array<{ timestamp: number; type: string }>;
        next_page_token?: string;
      }>('POST', '/api/2.1/clusters/events', {
        cluster_id: id,
        start_time: w.start,
        end_time: w.end - 1,
        order: 'ASC',
        page_size: 50,
        page_token: token,
      });
      for (const e of page.events ?? []) {
        if (found) break;
        if (e.type === 'STARTING') start = e.timestamp;
        else if (e.type === 'TERMINATING') start = null;
        else if (e.type === 'RUNNING' && start !== null) {
          oldSum += (e.timestamp - start) / 1000;
          oldN++;
          found = true;
        }
      }
      token = found ? undefined : page.next_page_token || undefined;
    } while (token);
  }
}
const oldMs = performance.now() - oldStarted;
const oldStats = await ask<Stats>('stats');
const oldPerCluster = oldStats.requests / subset.length;
const oldAvg = oldSum / oldN;
child.send('close');
client.close();

const pct = (a: number, b: number): string => `${(((a - b) / b) * 100).toFixed(0)} %`;
console.log(`
machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), node ${process.version}
range: ${FIRST}..${LAST} (30 days, UTC), lookback 24 h, latency ${LATENCY} ms/request, concurrency ${CONCURRENCY}

new source (cluster_startup + cluster_uptime, one shared pass)
  requests:        ${stats.requests} (minimum ${minimum} = ${ready.listPages} list pages + ${ready.eventPages} event pages; ${probes} extra) → ${(stats.requests / minimum).toFixed(3)} × minimum
  by endpoint:     ${JSON.stringify(stats.byEndpoint)}
  lifecycle events read: ${ready.lifecycle}
  wall:            ${(wallMs / 1000).toFixed(2)} s (bound ${(bound / 1000).toFixed(2)} s) → ${(wallMs / bound).toFixed(2)} × bound
  peak in flight:  ${stats.maxInFlight}
  CPU:             collector ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, fake ${(stats.cpuMs / 1000).toFixed(2)} s
  peak RSS:        ${rssMb.toFixed(0)} MB (collector process; the fake's child process: ${(ready.rss / 1048576).toFixed(0)} MB)
  startups:        ${count}, true average ${trueAvg.toFixed(1)} s; uptime ${(uptime / 3600).toFixed(0)} cluster-hours

old approach (first startup per cluster and day, one request per cluster and day, sequential)
  measured on ${subset.length} clusters: ${oldStats.requests} requests in ${(oldMs / 1000).toFixed(1)} s (${oldPerCluster.toFixed(1)} per cluster)
  extrapolated to ${ready.listed} listed clusters: ~${Math.round(oldPerCluster * ready.listed)} requests, ~${(((oldMs / subset.length) * ready.listed) / 60000).toFixed(0)} min
  its average: ${oldAvg.toFixed(1)} s on the subset (${oldN} startups), ${ready.oldFullAvg.toFixed(1)} s on all clusters (${ready.oldFullN} startups)
  true average: ${trueAvg.toFixed(1)} s over ${count} startups → the old figure is off by ${pct(ready.oldFullAvg, trueAvg)}
`);
