import { describe, it, expect, beforeAll } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { addDays } from '../../src/dates.js';
import { UserError } from '../../src/errors.js';
import type { KpiDefinition } from '../../src/kpi.js';
import type { Figure } from '../../src/report/aggregate.js';
import { reportCommand } from '../../src/report/command.js';
import { isoWeekStart } from '../../src/report/periods.js';
import type { AnySource, SourceDefinition } from '../../src/sources/types.js';
import { LocalStore } from '../../src/store/local-store.js';
import { TEST_SOURCES, expectedCount, expectedSeconds } from '../helpers/test-source.js';
import { memoryIo, storeDay, tempDir } from './fixtures.js';

const FROM = '2026-02-01'; // a Sunday
const TO = '2026-03-10';
const GAP = '2026-02-18';

/** A source whose KPIs come from the config, as the SQL sources' do. */
const cfgSettings = z.strictObject({
  queries: z
    .array(z.strictObject({ name: z.string(), unit: z.string().default('seconds') }))
    .default([])
    .describe('KPIs as queries.'),
});
const cfgSource: SourceDefinition<unknown, z.infer<typeof cfgSettings>> = {
  name: 'cfgsrc',
  description: 'KPIs from the config.',
  inputs: [],
  settings: cfgSettings,
  kpis: [],
  configKpis: (settings) =>
    settings.queries.map((q): KpiDefinition => ({
      id: `cfgsrc.${q.name}`,
      definition: `Query ${q.name}.`,
      unit: q.unit,
      components: [
        { name: 'total', description: 'sum', unit: q.unit },
        { name: 'n', description: 'rows', unit: 'count' },
      ],
      derived: [
        {
          name: 'avg',
          description: 'average',
          unit: q.unit,
          kind: 'ratio',
          numerator: ['total'],
          denominator: ['n'],
        },
      ],
      params: z.strictObject({}),
      async collect() {},
    })),
  async createRun() {
    return {};
  },
};
const SOURCES: AnySource[] = [...TEST_SOURCES, cfgSource];

let root: string;
let store: string;

async function run(args: string[], sources: readonly AnySource[] = SOURCES) {
  const m = memoryIo();
  const code = await reportCommand(args, m.io, sources);
  return { code, out: m.out(), err: m.err() };
}

async function json(args: string[]): Promise<Figure[]> {
  const r = await run([...args, '--format', 'json']);
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as Figure[];
}

beforeAll(async () => {
  root = await tempDir('command');
  store = path.join(root, 'kpis');
  const local = new LocalStore(root);
  for (let d = FROM; d <= TO; d = addDays(d, 1)) {
    if (d === GAP) continue;
    await storeDay(local, 'kpis', 'testsrc.events', d, {
      count: expectedCount(d),
      seconds: expectedSeconds(d),
    });
    await storeDay(local, 'kpis', 'cfgsrc.q1', d, { total: 10 * expectedCount(d), n: 2 });
  }
});

describe('report command', () => {
  it('averages each ISO week as a ratio of sums, with the days that had data', async () => {
    const figures = await json(['--store', store, '--from', FROM, '--to', TO, '--every', 'week']);
    const avg = figures.filter((f) => f.variable === 'testsrc.events.avg_seconds');
    // Reference: group the dates by the Monday of their week, clipped to the range.
    const weeks = new Map<string, { seconds: number; count: number; days: number; end: string }>();
    for (let d = FROM; d <= TO; d = addDays(d, 1)) {
      const start = isoWeekStart(d) < FROM ? FROM : isoWeekStart(d);
      const w = weeks.get(start) ?? { seconds: 0, count: 0, days: 0, end: d };
      w.end = d;
      if (d !== GAP) {
        w.seconds += expectedSeconds(d);
        w.count += expectedCount(d);
        w.days++;
      }
      weeks.set(start, w);
    }
    expect(avg).toEqual(
      [...weeks].map(([start, w]) => ({
        period_start: start,
        period_end: w.end,
        variable: 'testsrc.events.avg_seconds',
        value: expect.closeTo(w.seconds / w.count, 9),
        days: w.days,
      })),
    );
    expect(avg[0]).toMatchObject({ period_start: '2026-02-01', period_end: '2026-02-01' });
    expect(avg.find((f) => f.period_start === '2026-02-16')!.days).toBe(6);
  });

  it('reports months, all, sources and KPIs asked for', async () => {
    const months = await json([
      '--store',
      store,
      '--from',
      FROM,
      '--to',
      TO,
      '--every',
      'month',
      '--kpis',
      'testsrc.events',
    ]);
    expect([...new Set(months.map((f) => f.variable))]).toEqual([
      'testsrc.events.count',
      'testsrc.events.seconds',
      'testsrc.events.avg_seconds',
    ]);
    const count = months.filter((f) => f.variable === 'testsrc.events.count');
    let feb = 0;
    for (let d = FROM; d <= '2026-02-28'; d = addDays(d, 1)) if (d !== GAP) feb += expectedCount(d);
    expect(count[0]).toEqual({
      period_start: '2026-02-01',
      period_end: '2026-02-28',
      variable: 'testsrc.events.count',
      value: feb,
      days: 27,
    });
    expect(count[1]).toMatchObject({ period_start: '2026-03-01', period_end: '2026-03-10', days: 10 });
    const all = await json([
      '--store',
      store,
      '--from',
      FROM,
      '--to',
      TO,
      '--every',
      'all',
      '--source',
      'testsrc',
    ]);
    expect(new Set(all.map((f) => f.period_start))).toEqual(new Set([FROM]));
    expect(all.every((f) => f.variable.startsWith('testsrc.'))).toBe(true);
  });

  it('derives the figures of config-defined KPIs only with --config', async () => {
    const config = path.join(root, 'kpis.yml');
    await fs.writeFile(config, 'sources:\n  cfgsrc:\n    queries:\n      - name: q1\n');
    const args = [
      '--store',
      store,
      '--from',
      '2026-03-02',
      '--to',
      '2026-03-03',
      '--every',
      'all',
      '--source',
      'cfgsrc',
    ];
    const without = await json(args);
    expect(without.map((f) => f.variable)).toEqual(['cfgsrc.q1.n', 'cfgsrc.q1.total']);
    const withConfig = await json([...args, '--config', config]);
    const avg = withConfig.find((f) => f.variable === 'cfgsrc.q1.avg')!;
    expect(avg.value).toBeCloseTo((10 * (2 + 3)) / 4, 12);
  });

  it('prints a table, markdown, csv and html', async () => {
    const base = ['--store', store, '--from', '2026-02-16', '--to', '2026-02-22', '--kpis', 'testsrc.events'];
    const table = await run(base);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/^testsrc\.events \(seconds\): Events per day/m);
    expect(table.out).toMatch(new RegExp(`^${GAP}\\s+0/1\\s+—\\s+—\\s+—$`, 'm'));
    expect(table.out).toMatch(/no data: 2026-02-18/);
    const md = await run([...base, '--format', 'markdown']);
    expect(md.out).toMatch(/^\| period \| days \| count \| seconds \| avg_seconds \|$/m);
    expect(md.out).toContain(`| ${GAP} | 0/1 | — | — | — |`);
    const csv = await run([...base, '--format', 'csv']);
    expect(csv.out.split('\r\n')[0]).toBe('period_start,period_end,variable,value,days,note');
    expect(csv.out).toContain(`${GAP},${GAP},testsrc.events.count,,0,\r\n`);
    const html = await run([...base, '--format', 'html']);
    expect(html.out).toMatch(/^<!doctype html>/);
    expect(html.out).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('on a range with no data, says what the store does hold (sources, first and last day)', async () => {
    // Stored: cfgsrc and testsrc from FROM to TO, without GAP.
    const days = (Date.parse(TO) - Date.parse(FROM)) / 86_400_000 + 1 - 1;
    const held =
      `${store} holds cfgsrc from ${FROM} to ${TO} (${days} days), ` +
      `testsrc from ${FROM} to ${TO} (${days} days).`;
    const table = await run(['--store', store, '--from', '2027-01-01', '--to', '2027-01-31']);
    expect(table.code).toBe(0);
    expect(table.out).toContain(`No data from 2027-01-01 to 2027-01-31. ${held}`);
    const md = await run([
      '--store',
      store,
      '--from',
      '2027-01-01',
      '--to',
      '2027-01-31',
      '--format',
      'markdown',
    ]);
    expect(md.out).toContain(`No data from 2027-01-01 to 2027-01-31. ${held}`);
    const html = await run([
      '--store',
      store,
      '--from',
      '2027-01-01',
      '--to',
      '2027-01-31',
      '--format',
      'html',
    ]);
    expect(html.out).toContain(`No data from 2027-01-01 to 2027-01-31. ${held}`);
    // csv and json stay machine-readable: the message goes to stderr.
    const csv = await run([
      '--store',
      store,
      '--from',
      '2027-01-01',
      '--to',
      '2027-01-31',
      '--format',
      'csv',
    ]);
    expect(csv.out).toBe('period_start,period_end,variable,value,days,note\r\n');
    expect(csv.err).toContain(held);
    const js = await run([
      '--store',
      store,
      '--from',
      '2027-01-01',
      '--to',
      '2027-01-31',
      '--format',
      'json',
    ]);
    expect(JSON.parse(js.out)).toEqual([]);
    expect(js.err).toContain(held);
    // Narrowed to one source: only that source is named.
    const one = await run([
      '--store',
      store,
      '--from',
      '2025-01-01',
      '--to',
      '2025-01-02',
      '--source',
      'testsrc',
    ]);
    expect(one.out).toContain(
      `No data of testsrc from 2025-01-01 to 2025-01-02. ${store} holds testsrc from ${FROM} to ${TO} (${days} days).`,
    );
    // An empty layout folder says so.
    const empty = path.join(root, 'empty', 'kpis');
    await fs.mkdir(empty, { recursive: true });
    const none = await run(['--store', empty, '--from', '2027-01-01', '--to', '2027-01-02']);
    expect(none.out).toContain(
      `No data from 2027-01-01 to 2027-01-02: ${empty} holds no source=…/date=… objects.`,
    );
    // A range with data prints no such line.
    expect((await run(['--store', store, '--from', FROM, '--to', FROM])).out).not.toContain('No data');
  });

  it('points at the layout folder when given its parent', async () => {
    const r = await run(['--store', root, '--from', FROM, '--to', FROM]);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`did you mean --store ${path.join(root, 'kpis')}?`);
  });

  it('prints help', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('--every        day | week | month | all');
  });

  const bad: Array<[string, string[], RegExp]> = [
    [
      'an unknown flag',
      ['--frm', '2026-01-01'],
      /^report: Unknown option '--frm'.*see kpi-collector report --help$/,
    ],
    ['no store', ['--from', FROM, '--to', TO], /^store: missing; pass --store/],
    ['no --from', ['--store', 'x', '--to', TO], /^from: missing; pass --from YYYY-MM-DD$/],
    ['a bad date', ['--store', 'x', '--from', '2026-02-30', '--to', TO], /^from: 2026-02-30 is not a day/],
    ['--to before --from', ['--store', 'x', '--from', TO, '--to', FROM], /^to: 2026-02-01 is before --from/],
    [
      'a bad --every',
      ['--store', 'x', '--from', FROM, '--to', TO, '--every', 'year'],
      /^every: 'year' is not one of day, week, month, all/,
    ],
    [
      'a bad --format',
      ['--store', 'x', '--from', FROM, '--to', TO, '--format', 'xml'],
      /^format: 'xml' is not one of table, csv/,
    ],
    [
      'a bad KPI id',
      ['--store', 'x', '--from', FROM, '--to', TO, '--kpis', 'events'],
      /^kpis: 'events' is not a KPI id/,
    ],
    [
      'a KPI of another source',
      ['--store', 'x', '--from', FROM, '--to', TO, '--source', 'othersrc', '--kpis', 'testsrc.events'],
      /^kpis: 'testsrc\.events' is not of the sources in --source/,
    ],
    [
      'a missing folder',
      ['--store', '/nonexistent/kpis', '--from', FROM, '--to', TO],
      /^store: \/nonexistent\/kpis is not a folder/,
    ],
    [
      'an S3 store without prefix',
      ['--store', 's3://my-bucket', '--from', FROM, '--to', TO],
      /^store: s3:\/\/my-bucket has no prefix/,
    ],
    [
      'a bad bucket',
      ['--store', 's3://My_Bucket/kpis', '--from', FROM, '--to', TO],
      /^store: 'My_Bucket' is not a valid bucket name/,
    ],
    [
      'an endpoint with a folder',
      ['--store', '.', '--from', FROM, '--to', TO, '--s3-endpoint', 'http://127.0.0.1:9'],
      /^s3-endpoint: is set but --store is a folder/,
    ],
    [
      'a bad region',
      ['--store', 'x', '--from', FROM, '--to', TO, '--aws-region', 'EU WEST'],
      /^aws-region: 'EU WEST' is not a region name/,
    ],
    [
      'a range too long',
      ['--store', 'x', '--from', '2000-01-01', '--to', TO],
      /^from: the range .* more than 3660/,
    ],
  ];
  it.each(bad)('refuses %s with one line naming the flag', async (_, args, message) => {
    const error = await run(args).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('refuses a KPI that is neither defined nor stored', async () => {
    await expect(
      run(['--store', store, '--from', FROM, '--to', TO, '--kpis', 'testsrc.nope']),
    ).rejects.toThrow(/^kpis: 'testsrc\.nope' is neither a defined KPI nor stored/);
  });
});
