import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseCsv } from '../src/store/csv.js';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { referenceClusters } from './fakes/databricks/reference.js';
import { startFakeDatabricks, type FakeDatabricks } from './fakes/databricks/server.js';
import { generateWorkspace } from './fakes/databricks/workspace.js';
import { errorLines, runAction } from './helpers/runner.js';
import { listFiles } from './helpers/run-cli.js';

// The dist bundle runs with the real clock, so the fake workspace's history ends now.
const NOW = Date.now();
const TOKEN = 'dapi-e2e-Zq81xTokenValue';
const gen = {
  clusters: 40,
  from: NOW - 40 * 86_400_000,
  to: NOW,
  now: NOW,
  seed: 11,
  restartsPerDay: 12,
  runs: 50,
};
const ws = generateWorkspace(gen);
// The DST change in New York on 2026-11-01 is a fixed date: a second workspace whose own clock stops a few
// days later. The bundle's clock says that is more than 30 days ago once the calendar moves on, so that
// run allows incomplete history (the fake keeps everything).
const DST_NOW = Date.parse('2026-11-04T12:00:00Z');
const dstWs = generateWorkspace({
  ...gen,
  from: DST_NOW - 10 * 86_400_000,
  to: DST_NOW,
  now: DST_NOW,
  seed: 12,
});
let fake: FakeDatabricks;
let dstFake: FakeDatabricks;
beforeAll(async () => {
  [fake, dstFake] = await Promise.all([
    startFakeDatabricks(ws, { token: TOKEN, now: NOW }),
    startFakeDatabricks(dstWs, { token: TOKEN, now: DST_NOW }),
  ]);
});
afterAll(async () => {
  await Promise.all([fake.close(), dstFake.close()]);
});

const dayOffset = (days: number) => new Date(NOW - days * 86_400_000).toISOString().slice(0, 10);

describe('dist/index.js with source: databricks, as a runner runs it', () => {
  it.each([
    ['UTC', dayOffset(6), dayOffset(2), false],
    ['America/New_York', dayOffset(5), dayOffset(2), false],
    ['America/New_York', '2026-10-31', '2026-11-02', true], // 2026-11-01 has 25 hours in New York
  ])(
    'counts every startup per day in %s (%s..%s), matching the rule exactly',
    async (timeZone, first, last, dst) => {
      const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'kpi-e2e-databricks-'));
      if (dst)
        await fs.writeFile(
          path.join(workspace, 'kpis.yml'),
          'sources:\n  databricks:\n    allow_incomplete_history: true\n',
        );
      const r = await runAction(
        {
          source: 'databricks',
          'start-date': first,
          'end-date': last,
          kpis: 'databricks.cluster_startup',
          timezone: timeZone,
          'output-dir': 'out',
          'databricks-host': (dst ? dstFake : fake).url,
          'databricks-token': TOKEN,
          ...(dst ? { config: 'kpis.yml' } : {}),
        },
        { workspace },
      );
      expect(errorLines(r.stdout)).toEqual([]);
      expect(r.code).toBe(0);
      const files = await listFiles(path.join(r.workspace, 'out'));
      const expected = referenceClusters(
        (dst ? dstWs : ws).clusters,
        first,
        last,
        timeZone,
        dst ? DST_NOW : NOW,
      );
      expect(files).toEqual([...expected.keys()].map((d) => `kpis/source=databricks/date=${d}/kpis.csv`));
      let startups = 0;
      for (const [date, ref] of expected) {
        const text = await fs.readFile(
          path.join(r.workspace, 'out', `kpis/source=databricks/date=${date}/kpis.csv`),
          'utf8',
        );
        const got = Object.fromEntries(
          parseCsv(text, date).map((x) => [x.variable.replace('databricks.cluster_startup.', ''), x.value]),
        );
        expect(Object.keys(got).sort()).toEqual(
          ['count', 'failed', 'seconds', ...Object.keys(ref.buckets)].sort(),
        );
        expect({
          date,
          count: got.count,
          failed: got.failed,
          ...Object.fromEntries(Object.keys(ref.buckets).map((b) => [b, got[b]])),
        }).toEqual({
          date,
          count: ref.count,
          failed: ref.failed,
          ...ref.buckets,
        });
        expect(got.seconds).toBeCloseTo(ref.seconds, 3);
        startups += ref.count;
      }
      expect(startups).toBeGreaterThan(100); // busy clusters restart many times a day
      expect(r.outputs['failed-kpis']).toBe('');
      const printed = r.stdout
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n');
      for (const text of [printed, r.stderr, r.summary, JSON.stringify(r.outputs)])
        expect(text).not.toContain(TOKEN);
    },
  );

  it('refuses a host that is not a URL and a missing token, writing nothing', async () => {
    const bad = await runAction({
      source: 'databricks',
      date: dayOffset(2),
      'databricks-host': 'adb-123.azuredatabricks',
      'databricks-token': TOKEN,
    });
    expect(bad.code).toBe(1);
    expect(errorLines(bad.stdout)).toHaveLength(1);
    expect(errorLines(bad.stdout)[0]).toMatch(/^databricks-host: /);
    const missing = await runAction({
      source: 'databricks',
      date: dayOffset(2),
      'databricks-host': fake.url,
    });
    expect(errorLines(missing.stdout)).toEqual([
      'databricks-token: is required for source databricks; pass it from a repository secret (CLI: set DATABRICKS_TOKEN)',
    ]);
    for (const r of [bad, missing]) expect(await listFiles(r.workspace)).toEqual([]);
  });
});
