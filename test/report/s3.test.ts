import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { CopyObjectCommand, DeleteObjectCommand } from '@aws-sdk/client-s3';
import { addDays } from '../../src/dates.js';
import type { Figure } from '../../src/report/aggregate.js';
import { reportCommand } from '../../src/report/command.js';
import { readRecentDays } from '../../src/report/read.js';
import { objectKey } from '../../src/store/layout.js';
import { S3Store } from '../../src/store/s3-store.js';
import { startS3, type LocalS3 } from '../helpers/s3.js';
import { memoryIo, RPT_SOURCES, startupDay, storeDay } from './fixtures.js';

const FROM = '2026-04-06'; // a Monday
const TO = '2026-04-19';

let s3: LocalS3;
let store: S3Store;
/** Durations stored per date: a pure function of the date, so the test can recompute any span. */
const durations = (date: string): number[] => {
  const day = Number(date.slice(8, 10));
  return Array.from({ length: day % 5 }, (_, i) => (day * 7 + i * 13) % 60);
};

beforeAll(async () => {
  s3 = await startS3('kpis-report');
  store = new S3Store({ bucket: s3.bucket, endpoint: s3.endpoint, region: 'us-east-1' });
  for (let d = addDays(FROM, -3); d <= addDays(TO, 3); d = addDays(d, 1)) {
    if (d === '2026-04-09') continue;
    await storeDay(store, 'team/kpis', 'rpt.startup', d, startupDay(durations(d), day(d) % 2));
  }
});

afterAll(async () => {
  store?.client.destroy();
  await s3?.stop();
});

const day = (d: string) => Number(d.slice(8, 10));

async function report(args: string[]) {
  const m = memoryIo();
  const code = await reportCommand(
    [
      '--store',
      `s3://${s3.bucket}/team/kpis`,
      '--s3-endpoint',
      s3.endpoint,
      '--aws-region',
      'us-east-1',
      ...args,
    ],
    m.io,
    RPT_SOURCES,
  );
  return { code, out: m.out(), err: m.err() };
}

describe('report from S3 (s3rver)', () => {
  it('reads the range from the bucket and computes the weekly figures', async () => {
    const r = await report(['--from', FROM, '--to', TO, '--every', 'week', '--format', 'json']);
    expect(r.code).toBe(0);
    const figures = JSON.parse(r.out) as Figure[];
    for (const [start, end] of [
      [FROM, '2026-04-12'],
      ['2026-04-13', TO],
    ] as Array<[string, string]>) {
      let seconds = 0;
      let count = 0;
      let failed = 0;
      let days = 0;
      for (let d = start; d <= end; d = addDays(d, 1)) {
        if (d === '2026-04-09') continue;
        days++;
        seconds += durations(d).reduce((a, b) => a + b, 0);
        count += durations(d).length;
        failed += day(d) % 2;
      }
      const of = (v: string) =>
        figures.find((f) => f.period_start === start && f.variable === `rpt.startup.${v}`)!;
      expect(of('avg_seconds')).toEqual({
        period_start: start,
        period_end: end,
        variable: 'rpt.startup.avg_seconds',
        value: expect.closeTo(seconds / count, 9),
        days,
      });
      expect(of('failure_rate').value).toBeCloseTo(failed / (count + failed), 12);
      expect(of('count').value).toBe(count);
    }
  });

  it('reads the last days for the job summary trend', async () => {
    const recent = await readRecentDays(store, 'team/kpis', 'rpt', '2026-04-10', 3);
    expect([...recent.keys()]).toEqual(['2026-04-08', '2026-04-10']);
    expect(recent.get('2026-04-10')!.get('rpt.startup.count')).toBe(durations('2026-04-10').length);
  });

  it('refuses a day stored twice in the bucket, naming both objects', async () => {
    const key = objectKey('team/kpis', 'rpt', '2026-04-15');
    const copy = key.replace(/kpis\.csv$/, 'kpis-copy.csv');
    await s3.client.send(
      new CopyObjectCommand({ Bucket: s3.bucket, CopySource: `${s3.bucket}/${key}`, Key: copy }),
    );
    try {
      await expect(report(['--from', FROM, '--to', TO])).rejects.toThrow(
        `rpt 2026-04-15 is stored twice: s3://${s3.bucket}/${copy} and s3://${s3.bucket}/${key}`,
      );
    } finally {
      await s3.client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: copy }));
    }
  });

  it('names the bucket when it does not exist', async () => {
    const m = memoryIo();
    await expect(
      reportCommand(
        ['--store', 's3://no-such-bucket/kpis', '--s3-endpoint', s3.endpoint, '--from', FROM, '--to', TO],
        m.io,
        RPT_SOURCES,
      ),
    ).rejects.toThrow(/^store: bucket 'no-such-bucket' does not exist/);
  });
});
