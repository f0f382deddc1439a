import { describe, it, expect } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { Accumulator, type KpiDefinition } from '../../src/kpi.js';
import type { SourceDefinition } from '../../src/sources/types.js';
import { formatCsv, formatNumber, parseCsv } from '../../src/store/csv.js';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { prng } from './fixtures.js';

/** A source whose KPI adds durations with binary-fraction artefacts, as ms / 1000 does. */
const fracKpi: KpiDefinition = {
  id: 'frac.waits',
  definition: 'Waits.',
  unit: 'seconds',
  components: [
    { name: 'seconds', description: 'sum of waits', unit: 'seconds' },
    { name: 'share', description: 'a fractional figure in no time unit', unit: 'count' },
  ],
  derived: [],
  params: z.strictObject({}),
  async collect({ windows, acc }) {
    for (const w of windows) {
      // Sub-millisecond parts are rounded away per value: 100 + 200 + 2,450,385 + 0 + 0 + 0 ms.
      for (const v of [0.1, 0.2, 2450.385, 0.0004, 0.0004, 0.0004]) acc.add(w.date, 'seconds', v);
      for (const v of [0.1, 0.2]) acc.add(w.date, 'share', v);
    }
  },
};
const fracSource: SourceDefinition<unknown> = {
  name: 'frac',
  description: 'Fractions.',
  inputs: [],
  settings: z.strictObject({}),
  kpis: [fracKpi],
  async createRun() {
    return {};
  },
};

describe('numbers as stored', () => {
  it('writes the shortest exact form: no binary artefacts, integers untouched, round-trips', () => {
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(2450.6850000000004)).toBe('2450.685');
    expect(formatNumber(9007199254740991)).toBe('9007199254740991');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(1e-7)).toBe('1e-7');
    expect(formatNumber(1 / 3)).toBe('0.333333333333333');
    // Any decimal of at most 15 significant digits is written back as itself.
    const random = prng(11);
    for (let i = 0; i < 2000; i++) {
      const text = (random() * 10 ** Math.floor(random() * 9)).toPrecision(1 + Math.floor(random() * 15));
      const value = Number(text);
      expect(Number(formatNumber(value))).toBe(value);
      expect(formatNumber(value)).toBe(String(value));
    }
  });

  it('sums seconds in whole milliseconds in the accumulator, so a day of durations is stored exactly', () => {
    const random = prng(5);
    const acc = new Accumulator(new Set(['2026-03-02']), undefined, new Set(['seconds']));
    const plain = new Accumulator(new Set(['2026-03-02']), undefined);
    let ms = 0;
    for (let i = 0; i < 5000; i++) {
      const durationMs = Math.floor(random() * 3_600_000);
      ms += durationMs;
      acc.add('2026-03-02', 'seconds', durationMs / 1000);
      plain.add('2026-03-02', 'seconds', durationMs / 1000);
    }
    const exact = `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}`.replace(/\.?0+$/, '');
    const [[, , value]] = acc.entries() as [[string, string, number]];
    expect(String(value)).toBe(exact);
    // Adding the same fractions as doubles drifts (which is why the accumulator counts milliseconds).
    expect(plain.entries()).toHaveLength(1);
    const small = new Accumulator(new Set(['2026-03-02']), undefined, new Set(['seconds']));
    for (const v of [0.1, 0.2, 2450.385]) small.add('2026-03-02', 'seconds', v);
    expect(0.1 + 0.2 + 2450.385).not.toBe(2450.685);
    expect(small.entries()).toEqual([['2026-03-02', 'seconds', 2450.685]]);
    const csv = formatCsv([
      { date: '2026-03-02', source: 'x', variable: 'x.k.seconds', value, collected_at: '' },
    ]);
    expect(csv.split('\r\n')[1]).toBe(`2026-03-02,x,x.k.seconds,${exact},`);
    expect(parseCsv(csv, 'test')[0]!.value).toBe(value);
  });

  it('a collected day is stored without artefacts, through the engine and the writer', async () => {
    const dir = await tempDir();
    const r = await runCli(
      [
        'collect',
        '--source',
        'frac',
        '--start-date',
        '2026-03-02',
        '--end-date',
        '2026-03-02',
        '--output-dir',
        dir,
      ],
      {},
      { sources: [fracSource] },
    );
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    const text = await fs.readFile(
      path.join(dir, 'kpis', 'source=frac', 'date=2026-03-02', 'kpis.csv'),
      'utf8',
    );
    const rows = text.split('\r\n').map((l) => l.split(',').slice(0, 4).join(','));
    expect(rows).toContain('2026-03-02,frac,frac.waits.seconds,2450.685');
    expect(rows).toContain('2026-03-02,frac,frac.waits.share,0.3');
    await fs.rm(dir, { recursive: true, force: true });
  });
});
