/**
 * Benchmark of the Databricks source against the local fake workspace (run: npx tsx bench/databricks.ts).
 *
 * A 30-day range, busy clusters restarting ~10 times a day, 20 ms added to every answer, concurrency 8, at
 * two workspace sizes (BENCH_SIZES, default 1,000 and 2,000 clusters), each in a fresh collector process so
 * that its peak RSS is its own (the fake runs in a further child process). For each size it reports requests
 * against the minimum (computed from the generated data: list pages + Σ per-cluster event pages + the probes
 * the data make necessary), wall time against the bound (requests × latency / concurrency), peak RSS, and
 * checks every day's figures against the independent reference (test/fakes/databricks/reference.ts); a
 * mismatch fails the benchmark. On the largest size it then runs the old approach (first startup per cluster
 * per day, one request per cluster and day, sequential) on a subset, extrapolates its request count and
 * time, and compares its average to the true one (from the reference).
 */
import { fork } from 'node:child_process';
import * as os from 'node:os';
import { fileURLToPath } from 'node:url';
import { DayIndex, dayWindows } from '../src/dates.js';
import { Accumulator } from '../src/kpi.js';
import { MemoryLogger } from '../src/log.js';
import { DatabricksClient } from '../src/sources/databricks/client.js';
import { DatabricksRun } from '../src/sources/databricks/run.js';
import { clusterStartup } from '../src/sources/databricks/cluster-startup.js';
import { clusterUptime } from '../src/sources/databricks/cluster-uptime.js';
import type { RefDay } from '../test/fakes/databricks/reference.js';

const LATENCY = Number(process.env.BENCH_LATENCY ?? 20);
const CONCURRENCY = 8;
const FIRST = '2026-10-01';
const LAST = '2026-10-30';
const LOOKBACK = 24 * 3_600_000;
const OLD_SUBSET = Number(process.env.BENCH_OLD_SUBSET ?? 40);
const self = fileURLToPath(import.meta.url);

/** What a collector process reports to the orchestrator. */
interface Result {
  clusters: number;
  listed: number;
  events: number;
  lifecycle: number;
  requests: number;
  minimum: number;
  wallMs: number;
  boundMs: number;
  rssMb: number;
}

if (process.env.BENCH_ROLE === 'collector') await collector();
else await orchestrate();

async function orchestrate(): Promise<void> {
  const sizes = (process.env.BENCH_SIZES ?? '1000,2000').split(',').map(Number);
  const largest = Math.max(...sizes);
  const results: Result[] = [];
  for (const n of sizes) {
    const child = fork(self, [], {
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        BENCH_ROLE: 'collector',
        BENCH_CLUSTERS: String(n),
        BENCH_OLD: n === largest ? '1' : '0',
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const result = await new Promise<Result>((resolve, reject) => {
      child.once('message', (m) => resolve(m as Result));
      child.once('exit', (code) => reject(new Error(`collector for ${n} clusters exited with ${code}`)));
    });
    await new Promise((r) => child.once('exit', r));
    results.push(result);
  }
  console.log('memory against workspace size (collector process, peak RSS)');
  for (const r of results)
    console.log(
      `  ${r.clusters} clusters (${r.listed} listed): ${r.events} events, ${r.lifecycle} lifecycle events read, ` +
        `${r.requests} requests (${(r.requests / r.minimum).toFixed(3)} × minimum), wall ${(r.wallMs / 1000).toFixed(2)} s ` +
        `(${(r.wallMs / r.boundMs).toFixed(2)} × bound) → peak RSS ${r.rssMb.toFixed(0)} MB`,
    );
}

async function collector(): Promise<void> {
  const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 2000);
  const windows = dayWindows(FIRST, LAST, 'UTC');
  const from = windows[0]!.start;
  const to = windows[windows.length - 1]!.end;
  const now = to + 6 * 3_600_000;

  interface Ready {
    url: string;
    listed: number;
    listPages: number;
    eventPages: number;
    readBacks: number;
    probesAfter: number;
    events: number;
    lifecycle: number;
    reference: Record<string, RefDay>;
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
    first: FIRST,
    last: LAST,
    lookbackMs: LOOKBACK,
    latencyMs: LATENCY,
    restartsPerDay: 10,
    clustersPage: 100,
  });
  console.log(
    `\nfake workspace: ${CLUSTERS} clusters (${ready.listed} listed), ${ready.events} events, generated and referenced in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );

  const client = new DatabricksClient({
    host: ready.url,
    token: 'bench-token',
    concurrency: CONCURRENCY,
    requestTimeoutMs: 30_000,
    attempts: 6,
    retryBaseMs: 1000,
    lookbackMs: LOOKBACK,
    // A 30-day range ending today plus its 24 h lookback reaches 31 days back, past the 30 days of cluster
    // history the API keeps, which the source refuses by default. The generated workspace is complete (the
    // figures are checked against the reference below), so the benchmark opts in.
    allowIncompleteHistory: true,
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
  const run = new DatabricksRun(client); // one run context, as the engine builds: both KPIs share one pass
  for (const [i, kpi] of [clusterStartup, clusterUptime].entries()) {
    await kpi.collect({
      run,
      params: {},
      windows,
      days,
      timeZone: 'UTC',
      acc: accs[i]!,
      log: new MemoryLogger(),
      signal: new AbortController().signal,
    });
  }
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  const stats = await ask<Stats>('stats');
  const rssMb = process.resourceUsage().maxRSS / 1024;

  // Every day and component against the reference.
  const got = new Map<string, number>();
  for (const [i, acc] of accs.entries())
    for (const [date, c, v] of acc.entries()) got.set(`${i}:${date}:${c}`, v);
  const g = (i: number, date: string, c: string): number => got.get(`${i}:${date}:${c}`) ?? 0;
  let count = 0;
  let seconds = 0;
  let failed = 0;
  let uptime = 0;
  const mismatches: string[] = [];
  for (const [date, r] of Object.entries(ready.reference)) {
    const exact: Array<[string, number, number]> = [
      ['count', g(0, date, 'count'), r.count],
      ['failed', g(0, date, 'failed'), r.failed],
      ...Object.entries(r.buckets).map(([b, v]): [string, number, number] => [b, g(0, date, b), v]),
    ];
    for (const [c, a, b] of exact) if (a !== b) mismatches.push(`${date} ${c}: ${a} vs ${b}`);
    if (Math.abs(g(0, date, 'seconds') - r.seconds) > 1e-6 * Math.max(1, r.seconds))
      mismatches.push(`${date} seconds: ${g(0, date, 'seconds')} vs ${r.seconds}`);
    if (Math.abs(g(1, date, 'seconds') - r.uptime) > 1e-3)
      mismatches.push(`${date} uptime: ${g(1, date, 'seconds')} vs ${r.uptime}`);
    count += r.count;
    seconds += r.seconds;
    failed += r.failed;
    uptime += r.uptime;
  }
  if (mismatches.length)
    throw new Error(`figures differ from the reference: ${mismatches.slice(0, 5).join('; ')}`);
  const trueAvg = seconds / count;

  const minimum = ready.listPages + ready.eventPages + ready.readBacks + ready.probesAfter;
  const bound = (stats.requests * LATENCY) / CONCURRENCY;

  console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), node ${process.version}
range: ${FIRST}..${LAST} (30 days, UTC), lookback 24 h, latency ${LATENCY} ms/request, concurrency ${CONCURRENCY}

new source (cluster_startup + cluster_uptime, one shared pass), ${CLUSTERS} clusters
  requests:        ${stats.requests} → ${(stats.requests / minimum).toFixed(3)} × minimum ${minimum} = ${ready.listPages} list pages + ${ready.eventPages} event pages + ${ready.readBacks} reads back from the span start + ${ready.probesAfter} probes after the range
  by endpoint:     ${JSON.stringify(stats.byEndpoint)}
  lifecycle events read: ${ready.lifecycle}
  wall:            ${(wallMs / 1000).toFixed(2)} s (bound ${(bound / 1000).toFixed(2)} s) → ${(wallMs / bound).toFixed(2)} × bound
  peak in flight:  ${stats.maxInFlight}
  CPU:             collector ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, fake ${(stats.cpuMs / 1000).toFixed(2)} s
  peak RSS:        ${rssMb.toFixed(0)} MB (collector process; the fake's child process: ${(ready.rss / 1048576).toFixed(0)} MB)
  figures:         every day equal to the reference: ${count} startups (${failed} failed), true average ${trueAvg.toFixed(1)} s; uptime ${(uptime / 3600).toFixed(0)} cluster-hours`);

  if (process.env.BENCH_OLD === '1') {
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
    const pct = (a: number, b: number): string => `${(((a - b) / b) * 100).toFixed(0)} %`;
    console.log(`
old approach (first startup per cluster and day, one request per cluster and day, sequential)
  measured on ${subset.length} clusters: ${oldStats.requests} requests in ${(oldMs / 1000).toFixed(1)} s (${oldPerCluster.toFixed(1)} per cluster)
  extrapolated to ${ready.listed} listed clusters: ~${Math.round(oldPerCluster * ready.listed)} requests, ~${(((oldMs / subset.length) * ready.listed) / 60000).toFixed(0)} min
  its average: ${(oldSum / oldN).toFixed(1)} s on the subset (${oldN} startups), ${ready.oldFullAvg.toFixed(1)} s on all clusters (${ready.oldFullN} startups)
  true average (reference): ${trueAvg.toFixed(1)} s over ${count} startups → the old figure is off by ${pct(ready.oldFullAvg, trueAvg)}
`);
  }
  child.send('close');
  client.close();
  const result: Result = {
    clusters: CLUSTERS,
    listed: ready.listed,
    events: ready.events,
    lifecycle: ready.lifecycle,
    requests: stats.requests,
    minimum,
    wallMs,
    boundMs: bound,
    rssMb,
  };
  process.send!(result);
}
