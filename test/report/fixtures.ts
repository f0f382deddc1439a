import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';
import { bucketComponents, type KpiDefinition } from '../../src/kpi.js';
import type { SourceDefinition } from '../../src/sources/types.js';
import type { StoredRow } from '../../src/store/csv.js';
import type { ObjectStore } from '../../src/store/object-store.js';
import { writeDay } from '../../src/store/writer.js';

/** Bounds (seconds) of the report tests' startup histogram. */
export const BOUNDS = [10, 20, 50] as const;

/** A KPI shaped like databricks.cluster_startup: sums, a count, failures and cumulative buckets. */
export const startupKpi: KpiDefinition<unknown, Record<string, never>> = {
  id: 'rpt.startup',
  definition: 'Startups per day with their total seconds, failures and duration buckets.',
  unit: 'seconds',
  components: [
    { name: 'count', description: 'startups completed', unit: 'count' },
    { name: 'seconds', description: 'sum of durations', unit: 'seconds' },
    { name: 'failed', description: 'startups that failed', unit: 'count' },
    ...bucketComponents(BOUNDS, 'Startups', 'seconds'),
  ],
  derived: [
    {
      name: 'avg_seconds',
      description: 'Average duration',
      unit: 'seconds',
      kind: 'ratio',
      numerator: ['seconds'],
      denominator: ['count'],
    },
    {
      name: 'failure_rate',
      description: 'Share that failed',
      unit: 'ratio',
      kind: 'ratio',
      numerator: ['failed'],
      denominator: ['count', 'failed'],
    },
    {
      name: 'p50_seconds',
      description: 'Median',
      unit: 'seconds',
      kind: 'percentile',
      quantile: 0.5,
      buckets: 'le_',
      total: ['count'],
    },
    {
      name: 'p90_seconds',
      description: '90th percentile',
      unit: 'seconds',
      kind: 'percentile',
      quantile: 0.9,
      buckets: 'le_',
      total: ['count'],
    },
  ],
  params: z.strictObject({}),
  async collect() {},
};

/** A plain counter KPI of the same source. */
export const eventsKpi: KpiDefinition<unknown, Record<string, never>> = {
  id: 'rpt.events',
  definition: 'Events per day.',
  unit: 'count',
  components: [{ name: 'n', description: 'events', unit: 'count' }],
  derived: [],
  params: z.strictObject({}),
  async collect() {},
};

export const rptSource: SourceDefinition<unknown> = {
  name: 'rpt',
  description: 'The report tests’ source.',
  inputs: [],
  settings: z.strictObject({}),
  kpis: [startupKpi, eventsKpi],
  async createRun() {
    return {};
  },
};

export const RPT_SOURCES = [rptSource];

/** One day of the startup KPI, from a list of durations (seconds) and a failure count. */
export function startupDay(durations: readonly number[], failed: number): Record<string, number> {
  const day: Record<string, number> = {
    count: durations.length,
    seconds: durations.reduce((a, b) => a + b, 0),
    failed,
  };
  for (const b of BOUNDS) day[`le_${b}`] = durations.filter((d) => d <= b).length;
  return day;
}

/** Writes one day of a KPI through the real writer. */
export async function storeDay(
  store: ObjectStore,
  prefix: string,
  kpiId: string,
  date: string,
  components: Record<string, number>,
): Promise<void> {
  const source = kpiId.slice(0, kpiId.indexOf('.'));
  const rows: StoredRow[] = Object.entries(components).map(([c, value]) => ({
    date,
    source,
    variable: `${kpiId}.${c}`,
    value,
    collected_at: '2026-02-01T00:00:00Z',
  }));
  await writeDay(store, prefix, source, date, rows, new Set([kpiId]));
}

export async function tempDir(name: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), `report-${name}-`));
}

import { rng } from '../helpers/rng.js';

export { rng as prng };

/** Captures what a command writes. */
export function memoryIo(): {
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; env: NodeJS.ProcessEnv };
  out: () => string;
  err: () => string;
} {
  let out = '';
  let err = '';
  const stream = (append: (s: string) => void) =>
    ({
      write(chunk: string | Uint8Array) {
        append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        return true;
      },
    }) as unknown as NodeJS.WritableStream;
  return {
    io: { stdout: stream((s) => (out += s)), stderr: stream((s) => (err += s)), env: {} },
    out: () => out,
    err: () => err,
  };
}
