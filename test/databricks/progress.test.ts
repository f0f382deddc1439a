import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, today } from '../../src/dates.js';
import { databricksSource } from '../../src/sources/databricks/index.js';
import { startFakeDatabricks, type FakeDatabricks } from '../fakes/databricks/server.js';
import { generateWorkspace } from '../fakes/databricks/workspace.js';
import { runCli, tempDir } from '../helpers/run-cli.js';

const NOW = Date.now();
let fake: FakeDatabricks;
beforeAll(async () => {
  fake = await startFakeDatabricks(
    generateWorkspace({ clusters: 40, from: NOW - 8 * 86_400_000, to: NOW, now: NOW, seed: 31, runs: 10 }),
    { token: 'dapi-progress', now: NOW, latencyMs: 15 },
  );
});
afterAll(() => fake.close());

describe('databricks progress on long collections', () => {
  it('reports the clusters read so far, throttled', async () => {
    const end = addDays(today('UTC', NOW), -1);
    const r = await runCli(
      [
        'collect',
        '--source',
        'databricks',
        '--start-date',
        addDays(end, -4),
        '--end-date',
        end,
        '--output-dir',
        await tempDir(),
        '--kpis',
        'databricks.cluster_startup',
      ],
      { DATABRICKS_HOST: fake.url, DATABRICKS_TOKEN: 'dapi-progress' },
      { sources: [databricksSource], progressMs: 60 },
    );
    expect(r.code).toBe(0);
    const lines = r.stderr
      .split('\n')
      .filter((l) => /^databricks\.cluster_startup: \d+\/\d+ active clusters read/.test(l));
    expect(lines.length).toBeGreaterThanOrEqual(1);
    const counts = lines.map((l) => Number(/: (\d+)\//.exec(l)![1]));
    expect(counts).toEqual([...counts].sort((a, b) => a - b)); // progress only moves forward
  });
});
