import { z } from 'zod';
import { UserError } from '../../src/errors.js';
import { parseHttpUrl } from '../../src/inputs.js';
import { sleep } from '../../src/retry.js';
import type { KpiDefinition } from '../../src/kpi.js';
import type { SourceDefinition } from '../../src/sources/types.js';

/**
 * A source that exists only in the tests, to exercise the frame: its figures are a pure function of the
 * date, so a test can compute what must be stored without running the source.
 */
export interface TestClient {
  host: string;
  fail: string[];
  calls: string[];
  delayMs?: number;
}

const settings = z.strictObject({
  fail: z.array(z.string()).default([]).describe('KPI ids that throw.'),
  delay_ms: z
    .number()
    .int()
    .min(0)
    .default(0)
    .describe('How long testsrc.events takes (honours cancellation).'),
});

/** day of month, the figure `testsrc.events.count` stores for a date. */
export const expectedCount = (date: string): number => Number(date.slice(8, 10));
export const expectedSeconds = (date: string): number =>
  Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10));

function failIfAsked(client: TestClient, id: string): void {
  client.calls.push(id);
  if (client.fail.includes(id)) throw new Error('the test source was told to fail');
}

const eventsKpi: KpiDefinition<TestClient, { scale: number }> = {
  id: 'testsrc.events',
  definition: 'Events per day, with their total seconds.',
  unit: 'seconds',
  components: [
    { name: 'count', description: 'events', unit: 'count' },
    { name: 'seconds', description: 'sum of durations', unit: 'seconds' },
  ],
  derived: [
    {
      name: 'avg_seconds',
      description: 'average',
      unit: 'seconds',
      kind: 'ratio',
      numerator: ['seconds'],
      denominator: ['count'],
    },
  ],
  params: z.strictObject({ scale: z.number().positive().default(1).describe('Multiplies count.') }),
  async collect({ run: client, windows, acc, params, signal, progress }) {
    failIfAsked(client, 'testsrc.events');
    for (const [i, w] of windows.entries()) {
      if (client.delayMs) await sleep(client.delayMs / windows.length, signal);
      progress?.(i + 1, windows.length, 'days');
      void w;
    }
    for (const w of windows) {
      acc.add(w.date, 'count', expectedCount(w.date) * params.scale);
      acc.add(w.date, 'seconds', expectedSeconds(w.date));
    }
  },
};

const otherKpi: KpiDefinition<TestClient, { value: number }> = {
  id: 'testsrc.other',
  definition: 'A constant from the params.',
  unit: 'count',
  components: [{ name: 'value', description: 'the param', unit: 'count' }],
  derived: [],
  params: z.strictObject({ value: z.number().default(7) }),
  async collect({ run: client, windows, acc, params }) {
    failIfAsked(client, 'testsrc.other');
    for (const w of windows) acc.add(w.date, 'value', params.value);
  },
};

const sparseKpi: KpiDefinition<TestClient, Record<string, never>> = {
  id: 'testsrc.sparse',
  definition: 'Only counts on even days; zero elsewhere.',
  unit: 'count',
  components: [{ name: 'n', description: 'n', unit: 'count' }],
  derived: [],
  params: z.strictObject({}),
  async collect({ run: client, windows, acc }) {
    failIfAsked(client, 'testsrc.sparse');
    for (const w of windows) if (expectedCount(w.date) % 2 === 0) acc.add(w.date, 'n', 2);
  },
};

export const testSource: SourceDefinition<TestClient, z.infer<typeof settings>> = {
  name: 'testsrc',
  description: 'A source for the tests.',
  inputs: [
    {
      name: 'databricks-host',
      description: 'Host of the test source.',
      secret: true,
      env: 'DATABRICKS_HOST',
      required: true,
    },
    {
      name: 'databricks-token',
      description: 'Token of the test source.',
      secret: true,
      env: 'DATABRICKS_TOKEN',
      required: true,
    },
  ],
  settings,
  kpis: [eventsKpi, otherKpi, sparseKpi],
  async createRun({ inputs, settings }) {
    const host = parseHttpUrl(inputs['databricks-host'] ?? '', 'databricks-host');
    if (!inputs['databricks-token']) throw new UserError('databricks-token: missing');
    return { host, fail: settings.fail, calls: [], delayMs: settings.delay_ms };
  },
};

/** A second source, to test KPI ids of another source. */
const otherSource: SourceDefinition<TestClient> = {
  name: 'othersrc',
  description: 'Another source for the tests.',
  inputs: [],
  settings: z.strictObject({}),
  kpis: [{ ...otherKpi, id: 'othersrc.thing' }],
  async createRun() {
    return { host: '', fail: [], calls: [] };
  },
};

export const TEST_SOURCES = [testSource, otherSource];
