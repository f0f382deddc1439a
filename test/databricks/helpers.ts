import { DayIndex, dayWindows } from '../../src/dates.js';
import { Accumulator, type KpiDefinition } from '../../src/kpi.js';
import { MemoryLogger } from '../../src/log.js';
import { DatabricksClient, type ClientOptions } from '../../src/sources/databricks/client.js';
import { DatabricksRun } from '../../src/sources/databricks/run.js';
import type { FakeDatabricks } from '../fakes/databricks/server.js';

export const TOKEN = 'dapi-test-token-0123456789';
export const H = 3_600_000;

export function makeClient(fake: FakeDatabricks, over: Partial<ClientOptions> = {}): DatabricksClient {
  return new DatabricksClient({
    host: fake.url,
    token: TOKEN,
    concurrency: 4,
    requestTimeoutMs: 5000,
    attempts: 3,
    retryBaseMs: 1,
    lookbackMs: 24 * H,
    sleep: async () => {},
    now: () => fake.now,
    log: new MemoryLogger(),
    ...over,
  });
}

export type Figures = Map<string, Record<string, number>>;

const runs = new WeakMap<DatabricksClient, DatabricksRun>();

/** The run context of a client, one per client (as the engine builds one per run), so KPIs share it. */
export function runOf(client: DatabricksClient): DatabricksRun {
  let run = runs.get(client);
  if (!run) runs.set(client, (run = new DatabricksRun(client)));
  return run;
}

/** Runs one KPI's collect() the way the engine does, and returns date → component → value. */
export async function collect<P>(
  kpi: KpiDefinition<DatabricksRun, P>,
  client: DatabricksClient,
  first: string,
  last: string,
  timeZone = 'UTC',
  params: Record<string, unknown> = {},
): Promise<Figures> {
  const windows = dayWindows(first, last, timeZone);
  const acc = new Accumulator(
    new Set(windows.map((w) => w.date)),
    new Set(kpi.components.map((c) => c.name)),
  );
  await kpi.collect({
    run: runOf(client),
    params: kpi.params.parse(params),
    windows,
    days: new DayIndex(windows),
    timeZone,
    acc,
    log: new MemoryLogger(),
    signal: new AbortController().signal,
  });
  const out: Figures = new Map(windows.map((w) => [w.date, {}]));
  for (const [date, c, v] of acc.entries()) out.get(date)![c] = v;
  return out;
}

export const get = (f: Figures, date: string, c: string): number => f.get(date)?.[c] ?? 0;

/** Epoch ms of an ISO time. */
export const at = (iso: string): number => Date.parse(iso);
