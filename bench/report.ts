/**
 * Benchmark of the report: a year of one source (rpt.startup, 10 variables a day) read from a folder and from
 * a local S3 server, aggregated per week and rendered. Run: `npx tsx bench/report.ts`.
 */
import { promises as fs } from 'node:fs';
import { addDays } from '../src/dates.js';
import { buildReport, kpiInfos } from '../src/report/aggregate.js';
import { renderHtml } from '../src/report/html.js';
import { readStore } from '../src/report/read.js';
import { LocalStore } from '../src/store/local-store.js';
import type { ObjectStore } from '../src/store/object-store.js';
import { S3Store } from '../src/store/s3-store.js';
import { startS3 } from '../test/helpers/s3.js';
import { RPT_SOURCES, prng, startupDay, storeDay, tempDir } from '../test/report/fixtures.js';

const FROM = '2025-01-01';
const TO = '2025-12-31';

async function fill(store: ObjectStore): Promise<void> {
  const random = prng(1);
  for (let d = FROM; d <= TO; d = addDays(d, 1)) {
    const durations = Array.from({ length: Math.floor(random() * 40) }, () => random() * 60);
    await storeDay(store, 'kpis', 'rpt.startup', d, startupDay(durations, 1));
  }
}

async function measure(name: string, store: ObjectStore, runs = 5): Promise<void> {
  const times: number[] = [];
  let html = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const data = await readStore(store, 'kpis', FROM, TO);
    const t1 = performance.now();
    const report = buildReport({
      data,
      definitions: kpiInfos(RPT_SOURCES),
      from: FROM,
      to: TO,
      every: 'week',
    });
    html = renderHtml(report).length;
    const t2 = performance.now();
    times.push(t1 - t0, t2 - t1);
  }
  const read = times.filter((_, i) => i % 2 === 0).sort((a, b) => a - b);
  const agg = times.filter((_, i) => i % 2 === 1).sort((a, b) => a - b);
  const median = (xs: number[]) => xs[Math.floor(xs.length / 2)]!.toFixed(1);
  console.log(
    `${name}: 365 days, read median ${median(read)} ms, weekly aggregation + html median ${median(agg)} ms, html ${html} bytes`,
  );
}

const root = await tempDir('bench');
const local = new LocalStore(root);
await fill(local);
await measure('folder', local);
const s3 = await startS3('kpis-bench');
const s3store = new S3Store({ bucket: s3.bucket, endpoint: s3.endpoint, region: 'us-east-1' });
await fill(s3store);
await measure('s3rver', s3store);
s3store.client.destroy();
await s3.stop();
await fs.rm(root, { recursive: true, force: true });
