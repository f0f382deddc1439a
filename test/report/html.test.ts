import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { addDays } from '../../src/dates.js';
import { reportCommand } from '../../src/report/command.js';
import { LocalStore } from '../../src/store/local-store.js';
import { memoryIo, prng, RPT_SOURCES, startupDay, storeDay, tempDir } from './fixtures.js';

// Debian's chromium here; GitHub's ubuntu runners have Google Chrome (CHROMIUM_PATH=/usr/bin/google-chrome).
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const ARTIFACTS = path.resolve('test-artifacts');
const FROM = '2026-01-05';
const TO = '2026-03-01'; // 8 ISO weeks
const WEEKS = 8;

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
    await storeDay(store, 'kpis', 'rpt.events', d, { n: Math.floor(random() * 50) });
  }
  const m = memoryIo();
  const code = await reportCommand(
    ['--store', path.join(root, 'kpis'), '--from', FROM, '--to', TO, '--every', 'week', '--format', 'html'],
    m.io,
    RPT_SOURCES,
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

      const charts = await page.$$eval('section.kpi', (sections) =>
        sections.map((s) => {
          const svg = s.querySelector('svg')!;
          const box = svg.getBoundingClientRect();
          const series = new Map<string, number>();
          for (const c of s.querySelectorAll('svg circle.point')) {
            const name = c.getAttribute('data-series')!;
            series.set(name, (series.get(name) ?? 0) + 1);
          }
          return {
            id: s.id,
            width: box.width,
            height: box.height,
            points: Object.fromEntries(series),
            lines: s.querySelectorAll('svg polyline').length,
            xLabels: s.querySelectorAll('svg .xlabel').length,
            rows: s.querySelectorAll('tbody tr').length,
            days: [...s.querySelectorAll('tbody tr')].map((r) => r.querySelector('td')!.textContent),
          };
        }),
      );
      expect(charts.map((c) => c.id)).toEqual(['rpt.startup', 'rpt.events']);
      for (const c of charts) {
        expect(c.width).toBeGreaterThan(300);
        expect(c.width).toBeLessThanOrEqual(600);
        expect(c.height).toBeGreaterThan(100);
        expect(c.rows).toBe(WEEKS);
        expect(c.xLabels).toBeGreaterThanOrEqual(2);
        expect(c.xLabels).toBeLessThanOrEqual(WEEKS);
        expect(c.days).toEqual(Array(WEEKS).fill('7/7'));
        expect(Object.keys(c.points).length).toBe(c.lines);
        for (const n of Object.values(c.points)) expect(n).toBe(WEEKS);
      }
      // The startup chart draws its figures in seconds: the average and both percentiles.
      expect(Object.keys(charts[0]!.points)).toEqual([
        'rpt.startup.avg_seconds',
        'rpt.startup.p50_seconds',
        'rpt.startup.p90_seconds',
      ]);
      await page.screenshot({ path: path.join(ARTIFACTS, 'report-desktop.png'), fullPage: true });

      // On a phone: no sideways scrolling of the page (a wide table scrolls inside its own box).
      await page.setViewportSize({ width: 390, height: 844 });
      const layout = {
        scrollWidth: await page.$eval('html', (el) => el.scrollWidth),
        chartWidth: await page.$eval('section.kpi svg', (el) => el.getBoundingClientRect().width),
      };
      expect(layout.scrollWidth).toBeLessThanOrEqual(390);
      expect(layout.chartWidth).toBeGreaterThan(300);
      await page.screenshot({ path: path.join(ARTIFACTS, 'report-phone.png'), fullPage: true });
      expect((await fs.stat(path.join(ARTIFACTS, 'report-phone.png'))).size).toBeGreaterThan(10_000);
      await context.close();
      context = undefined;
      await fs.rm(userDataDir, { recursive: true, force: true });
    },
  );
});
