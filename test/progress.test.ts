import { describe, expect, it } from '@jest/globals';
import { MemoryLogger } from '../src/log.js';
import { Progress } from '../src/progress.js';

describe('Progress', () => {
  it('prints at most one line per interval, the latest progress first, a heartbeat when nothing moved', () => {
    let now = 1_000_000;
    const log = new MemoryLogger();
    const p = new Progress('x.kpi', log, 10_000, () => now);
    p.report(1, 40, 'days'); // too soon after the start
    now += 10_000;
    p.tick(); // the timer: the latest progress, not a heartbeat
    now += 4_000;
    p.report(3, 40, 'days'); // too soon after the last line
    now += 6_000;
    p.report(20, 40, 'days');
    now += 10_000;
    p.tick(); // nothing moved since the last line: a heartbeat
    p.stop();
    expect(log.lines).toEqual([
      'info: x.kpi: 1/40 days (2 %), 10 s',
      'info: x.kpi: 20/40 days (50 %), 20 s',
      'info: x.kpi: still collecting, 30 s',
    ]);
  });

  it('runs its own timer until stopped', async () => {
    const log = new MemoryLogger();
    const p = new Progress('y.kpi', log, 40);
    await new Promise((r) => setTimeout(r, 130));
    p.stop();
    const n = log.lines.length;
    expect(n).toBeGreaterThanOrEqual(1);
    expect(log.lines[0]).toMatch(/^info: y\.kpi: still collecting, \d+ s$/);
    await new Promise((r) => setTimeout(r, 100));
    expect(log.lines).toHaveLength(n);
  });
});
