/// <reference lib="dom" />
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { z } from 'zod';
import { addDays } from '../../src/dates.js';
import { reportCommand } from '../../src/report/command.js';
import { LocalStore } from '../../src/store/local-store.js';
import type { KpiDefinition } from '../../src/kpi.js';
import { memoryIo, prng, rptSource, startupDay, storeDay, tempDir } from './fixtures.js';

// Debian's chromium here; GitHub's ubuntu runners have Google Chrome (CHROMIUM_PATH=/usr/bin/google-chrome).
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const ARTIFACTS = path.resolve('test-artifacts');
// A Wednesday to a Thursday: the first and last ISO weeks are cut by the range (partial).
const FROM = '2026-01-07';
const TO = '2026-03-05';
const WEEKS = 9; // W02 (partial) … W10 (partial)

/** A KPI shaped like github.pull_requests: counts, and a sum of merge times in days. */
const mergesKpi: KpiDefinition = {
  id: 'rpt.merges',
  definition: 'Pull requests opened and merged per day, and the time from opening to merge.',
  unit: 'count',
  components: [
    { name: 'opened', description: 'opened that day', unit: 'count' },
    { name: 'merged', description: 'merged that day', unit: 'count' },
    { name: 'merge_seconds', description: 'sum of opened→merged of those merged', unit: 'seconds' },
  ],
  derived: [
    {
      name: 'avg_merge_seconds',
      description: 'Average time to merge',
      unit: 'seconds',
      kind: 'ratio',
      numerator: ['merge_seconds'],
      denominator: ['merged'],
    },
  ],
  params: z.strictObject({}),
  async collect() {},
};
const SOURCES = [{ ...rptSource, kpis: [...rptSource.kpis, mergesKpi] }];

if (!HAS_CHROMIUM) {
  // Visible in every run's output: this test needs a real browser (Debian's chromium package).
  console.warn(`SKIPPED: the HTML report test needs ${CHROMIUM} (apt-get install chromium); it did not run`);
}
const itChromium = HAS_CHROMIUM ? it : it.skip;

let root: string;
let html: string;
let context: BrowserContext | undefined;

beforeAll(async () => {
  root = await tempDir('html');
  const store = new LocalStore(root);
  const random = prng(7);
  for (let d = FROM; d <= TO; d = addDays(d, 1)) {
    const durations = Array.from({ length: 3 + Math.floor(random() * 8) }, () => Math.round(random() * 45));
    await storeDay(store, 'kpis', 'rpt.startup', d, startupDay(durations, Math.floor(random() * 2)));
    // 8-digit counts: the y-axis labels must fit.
    await storeDay(store, 'kpis', 'rpt.events', d, { n: 10_000_000 + Math.floor(random() * 5_000_000) });
    const merged = 5 + Math.floor(random() * 20);
    await storeDay(store, 'kpis', 'rpt.merges', d, {
      opened: merged + Math.floor(random() * 6),
      merged,
      merge_seconds: Math.round(merged * (0.5 + random() * 3) * 86400 * 1000) / 1000,
    });
  }
  const m = memoryIo();
  const code = await reportCommand(
    ['--store', path.join(root, 'kpis'), '--from', FROM, '--to', TO, '--every', 'week', '--format', 'html'],
    m.io,
    SOURCES,
  );
  expect(code).toBe(0);
  html = m.out();
  await fs.mkdir(ARTIFACTS, { recursive: true });
  await fs.writeFile(path.join(ARTIFACTS, 'report.html'), html);
});

afterAll(async () => {
  await context?.close();
  await fs.rm(root, { recursive: true, force: true });
});

/** What the page looks like at the current viewport, measured in the browser. */
async function measure(page: Page) {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const within = (r: DOMRect) => r.left >= -0.5 && r.right <= vw + 0.5;
    // Elements reaching outside the viewport, and whether a visible scrolling box inside it holds them.
    const unreachable: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || within(r)) continue;
      let reachable = false;
      for (let a = el.parentElement; a; a = a.parentElement) {
        const style = getComputedStyle(a);
        if (
          ['auto', 'scroll'].includes(style.overflowX) &&
          a.scrollWidth > a.clientWidth &&
          within(a.getBoundingClientRect())
        ) {
          reachable = true;
          break;
        }
      }
      if (!reachable) unreachable.push(`${el.tagName.toLowerCase()}.${el.className} ${r.left}..${r.right}`);
    }
    const charts = [...document.querySelectorAll('figure.chart')].map((f) => {
      const svg = f.querySelector('svg')!;
      const box = svg.getBoundingClientRect();
      const scale = box.width / svg.viewBox.baseVal.width;
      const axisX = svg.querySelectorAll('line.axis')[1]!.getBoundingClientRect().left;
      const texts = [...svg.querySelectorAll('text')].map((t) => {
        const r = t.getBoundingClientRect();
        return {
          cls: t.getAttribute('class')!,
          text: t.textContent!,
          px: parseFloat(getComputedStyle(t).fontSize) * scale,
          left: r.left,
          right: r.right,
          top: r.top,
          bottom: r.bottom,
        };
      });
      const series = new Map<string, number>();
      for (const c of svg.querySelectorAll('circle.point')) {
        const name = c.getAttribute('data-series')!;
        series.set(name, (series.get(name) ?? 0) + 1);
      }
      return {
        section: f.closest('section')!.id,
        box: { left: box.left, right: box.right, top: box.top, bottom: box.bottom, width: box.width },
        axisX,
        ticks: svg.querySelectorAll('line.tick').length,
        texts,
        points: Object.fromEntries(series),
        partial: [...svg.querySelectorAll('circle.point.partial')].map((c) => c.getAttribute('data-period')),
      };
    });
    return { vw, scrollWidth: document.documentElement.scrollWidth, unreachable, charts };
  });
}

type Measured = Awaited<ReturnType<typeof measure>>;

/** The layout rules, at any width. */
function expectReadable(m: Measured): void {
  expect(m.scrollWidth).toBeLessThanOrEqual(m.vw);
  expect(m.unreachable).toEqual([]);
  for (const c of m.charts) {
    expect(c.box.width).toBeGreaterThan(300);
    for (const t of c.texts) {
      // Chart text at least 12 px on screen, and inside the chart's box.
      expect({ ...t, px: Math.round(t.px * 10) / 10 >= 12 }).toMatchObject({ px: true });
      expect(t.left).toBeGreaterThanOrEqual(c.box.left - 0.5);
      expect(t.right).toBeLessThanOrEqual(c.box.right + 0.5);
      expect(t.top).toBeGreaterThanOrEqual(c.box.top - 0.5);
      expect(t.bottom).toBeLessThanOrEqual(c.box.bottom + 0.5);
    }
    // y labels end left of the y axis; x labels do not overlap.
    for (const t of c.texts.filter((x) => x.cls === 'ylabel')) expect(t.right).toBeLessThanOrEqual(c.axisX);
    const xs = c.texts.filter((x) => x.cls === 'xlabel').sort((a, b) => a.left - b.left);
    expect(xs.length).toBeGreaterThanOrEqual(Math.min(2, c.ticks));
    for (let i = 1; i < xs.length; i++) expect(xs[i]!.left).toBeGreaterThan(xs[i - 1]!.right);
  }
}

describe('the HTML report', () => {
  it('is one self-contained page', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).not.toMatch(/<script|<link|@import|@font-face|url\(/i);
    expect(html.match(/https?:\/\/[^"]*/g) ?? []).toEqual(
      (html.match(/xmlns="http:\/\/www\.w3\.org\/2000\/svg/g) ?? []).map(() => 'http://www.w3.org/2000/svg'),
    );
  });

  itChromium(
    `renders in headless Chromium with one point per period, readable on a phone (screenshots in test-artifacts/)`,
    async () => {
      const userDataDir = await tempDir('chromium-profile');
      context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
        viewport: { width: 1280, height: 900 },
      });
      const page = context.pages()[0] ?? (await context.newPage());
      const requests: string[] = [];
      await page.route('**/*', (route) => {
        requests.push(route.request().url());
        return route.request().url().startsWith('file:') ? route.continue() : route.abort();
      });
      const url = pathToFileURL(path.join(ARTIFACTS, 'report.html')).href;
      await page.goto(url);

      // Nothing but the page itself was requested.
      expect(requests).toEqual([url]);

      const desktop = await measure(page);
      expectReadable(desktop);
      expect([...new Set(desktop.charts.map((c) => c.section))]).toEqual([
        'rpt.startup',
        'rpt.events',
        'rpt.merges',
      ]);
      // Every figure people look for is drawn: durations (avg and percentiles, merge time), rates, counts.
      const drawn = Object.assign({}, ...desktop.charts.map((c) => c.points)) as Record<string, number>;
      expect(Object.keys(drawn).sort()).toEqual(
        [
          'rpt.events.n',
          'rpt.merges.avg_merge_seconds',
          'rpt.merges.merged',
          'rpt.merges.opened',
          'rpt.startup.avg_seconds',
          'rpt.startup.count',
          'rpt.startup.failed',
          'rpt.startup.failure_rate',
          'rpt.startup.p50_seconds',
          'rpt.startup.p90_seconds',
        ].sort(),
      );
      for (const n of Object.values(drawn)) expect(n).toBe(WEEKS);
      // The cut first and last weeks are drawn hollow (partial), not as drops.
      for (const c of desktop.charts) expect(new Set(c.partial)).toEqual(new Set([FROM, '2026-03-02']));
      // Human units on the axes: merge time in days, the rate in percent, 8-digit counts compact.
      const labels = (section: string, unitTitle: string) =>
        desktop.charts
          .filter(
            (c) => c.section === section && c.texts.some((t) => t.cls === 'unit' && t.text === unitTitle),
          )
          .flatMap((c) => c.texts.filter((t) => t.cls === 'ylabel').map((t) => t.text));
      expect(labels('rpt.merges', 'days').some((l) => / d$/.test(l))).toBe(true);
      expect(labels('rpt.startup', 'percent').some((l) => /%$/.test(l))).toBe(true);
      expect(labels('rpt.events', 'count').some((l) => /^\d+M$/.test(l))).toBe(true);
      await page.screenshot({ path: path.join(ARTIFACTS, 'report-desktop.png'), fullPage: true });

      // On a phone: nothing off-screen but inside a box that scrolls, text still 12 px, labels inside.
      await page.setViewportSize({ width: 390, height: 844 });
      // Definitions opened too: their formulas and notes must wrap.
      await page.$$eval('details', (all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      const phone = await measure(page);
      expectReadable(phone);
      // The period column stays in view while the figures scroll sideways.
      const sticky = await page.$eval('section.kpi .table', (box) => {
        const first = () => box.querySelector('tbody th')!.getBoundingClientRect().left;
        const before = first();
        box.scrollLeft = box.scrollWidth;
        return {
          before,
          after: first(),
          scrolled: box.scrollLeft > 0,
          left: box.getBoundingClientRect().left,
        };
      });
      expect(sticky.scrolled).toBe(true);
      expect(sticky.after).toBeCloseTo(sticky.left, 0);
      await page.$eval('section.kpi .table', (box) => (box.scrollLeft = 0));
      await page.$$eval('details', (all) => all.forEach((d) => ((d as HTMLDetailsElement).open = false)));
      await page.screenshot({ path: path.join(ARTIFACTS, 'report-phone.png'), fullPage: true });
      expect((await fs.stat(path.join(ARTIFACTS, 'report-phone.png'))).size).toBeGreaterThan(10_000);

      // The same rules hold day by day (58 periods, thinned labels), by month and as one period.
      for (const every of ['day', 'month', 'all']) {
        const m = memoryIo();
        const args = ['--store', path.join(root, 'kpis'), '--from', FROM, '--to', TO, '--every', every];
        expect(await reportCommand([...args, '--format', 'html'], m.io, SOURCES)).toBe(0);
        const file = path.join(ARTIFACTS, `report-${every}.html`);
        await fs.writeFile(file, m.out());
        for (const width of [390, 1280]) {
          await page.setViewportSize({ width, height: 844 });
          await page.goto(pathToFileURL(file).href);
          await page.$$eval('details', (all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
          const measured = await measure(page);
          expectReadable(measured);
          expect(measured.charts.length).toBe(every === 'all' ? 0 : desktop.charts.length);
        }
      }
      await context.close();
      context = undefined;
      await fs.rm(userDataDir, { recursive: true, force: true });
    },
  );
});
