// report.html in a real browser with the network off (issue #5): headless Chromium (Debian's
// `chromium` package; .ci/run installs it) opens the page from disk, every request other than the
// page itself is refused and recorded, and the page must log no error and draw every chart. A
// screenshot is taken as well (kept when BATCHSIM_SCREENSHOT_DIR names a directory).
// Skipped, saying why, when /usr/bin/chromium is missing.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../metrics/helpers.js';
import { fairShareScenario, twoQueueScenario, writeFullReport } from './helpers.js';

const CHROMIUM = process.env.BATCHSIM_CHROMIUM ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) {
  process.stderr.write(`report browser check SKIPPED: no Chromium at ${CHROMIUM} (apt-get install chromium, or set BATCHSIM_CHROMIUM)\n`);
}

describe.skipIf(!available)('report.html in headless Chromium, offline', () => {
  let root: string;
  let browser: Browser;
  beforeAll(async () => {
    root = tempDir('batchsim-browser-');
    await writeFullReport(twoQueueScenario(), join(root, 'run'));
    await writeFullReport(fairShareScenario(), join(root, 'fair-share'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('loads with no console errors, fetches nothing, and draws every chart', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    const url = pathToFileURL(join(root, 'run', 'report.html')).href;
    await page.route('**/*', (route) => {
      const r = route.request().url();
      requests.push(r);
      return r === url ? route.continue() : route.abort('internetdisconnected');
    });
    await page.goto(url, { waitUntil: 'load' });

    expect(requests).toEqual([url]);
    expect(errors).toEqual([]);
    const charts = await page.$$eval('figure.chart', (figures) =>
      figures.map((f) => {
        const svg = f.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        const marks = svg ? svg.querySelectorAll('g[class*="mark-"] path, g[class*="mark-"] line, g[class*="mark-"] rect') : [];
        // A mark is drawn when it has geometry: a path with data, a line or a rect with extent.
        const drawn = [...marks].filter((m) => {
          const b = (m as SVGGraphicsElement).getBBox();
          return b.width > 0 || b.height > 0;
        }).length;
        return { id: f.id, width: box?.width ?? 0, height: box?.height ?? 0, drawn };
      }),
    );
    const expected = readFileSync(join(root, 'run', 'report.html'), 'utf8').match(/<figure id="chart-/g)!.length;
    expect(charts.length).toBe(expected);
    expect(charts.length).toBeGreaterThanOrEqual(6);
    for (const c of charts) {
      expect(c.width, c.id).toBeGreaterThan(300);
      expect(c.height, c.id).toBeGreaterThan(100);
      expect(c.drawn, c.id).toBeGreaterThan(0);
    }

    const shot = join(root, 'report.png');
    const png = await page.screenshot({ path: shot, fullPage: true });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.length).toBeGreaterThan(50_000);
    const keep = process.env.BATCHSIM_SCREENSHOT_DIR;
    if (keep) {
      mkdirSync(keep, { recursive: true });
      copyFileSync(shot, join(keep, 'report.png'));
    }
    await page.close();
  }, 120_000);

  it('draws the fair-share chart of a fair-share run: both panels of both queues, with marks', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    const url = pathToFileURL(join(root, 'fair-share', 'report.html')).href;
    await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort('internetdisconnected')));
    await page.goto(url, { waitUntil: 'load' });
    expect(errors).toEqual([]);
    const chart = await page.$eval('#chart-fair-share svg', (svg) => {
      const box = svg.getBoundingClientRect();
      const drawn = (cls: string) =>
        [...svg.querySelectorAll(`g[class*="mark-${cls}"] path`)].filter((m) => {
          const b = (m as SVGGraphicsElement).getBBox();
          return b.width > 0 && b.height > 0;
        }).length;
      return { width: box.width, height: box.height, areas: drawn('area'), lines: drawn('line') };
    });
    expect(chart.width).toBeGreaterThan(300);
    expect(chart.height).toBeGreaterThan(400);
    // Stacked areas: the 11 bands of `teams` and the 2 of `batch` (a band that stays 0 has no extent).
    expect(chart.areas).toBeGreaterThanOrEqual(4);
    expect(chart.lines).toBeGreaterThanOrEqual(4);
    await page.close();
  }, 120_000);
});
