/**
 * Test support: opens HTML reports in headless Chromium (Debian's `/usr/bin/chromium` driven by
 * playwright-core) and checks what a reader would see — no console errors, every chart drawn,
 * zoom and hover working. One browser per test file; each report gets a fresh page.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const INSTALL_SCRIPT = fileURLToPath(new URL('../../../scripts/install-chromium.sh', import.meta.url));

/** Flags that keep headless Chromium off the network and quiet (see shared/DEPENDENCIES.md). */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Starts headless Chromium, installing Debian's package first when it is missing (root, apt). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) execFileSync('bash', [INSTALL_SCRIPT], { stdio: 'inherit', timeout: 600_000 });
  // playwright gives every launch a fresh temporary profile (user data dir).
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

/** A report opened in a page, with everything the page complained about. */
export interface OpenedReport {
  readonly page: Page;
  /** Console errors and uncaught exceptions. */
  readonly errors: string[];
  /** URLs the page loaded (request completed) other than the report file itself. */
  readonly requests: string[];
  close(): Promise<void>;
}

let counter = 0;
const directory = mkdtempSync(join(tmpdir(), 'rooney-report-browser-'));

/** Writes `html` to a file and opens it (as a reader would, from disk) in a 1200×900 page. */
export async function openReport(browser: Browser, html: string): Promise<OpenedReport> {
  const file = join(directory, `report-${++counter}.html`);
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors: string[] = [];
  const requests: string[] = [];
  const url = `file://${file}`;
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('requestfinished', (request) => {
    if (request.url() !== url) requests.push(request.url());
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors, requests, close: () => page.close() };
}

/** What one chart on the page shows. */
export interface ChartCheck {
  readonly kind: 'svg' | 'uplot';
  readonly title: string;
  /** SVG: path commands, circles and rects drawn as data; uPlot: canvas pixels in a series colour. */
  readonly drawn: number;
}

/**
 * Every chart of the page: each static SVG (`svg.chart`, visible or kept for print) with the
 * number of data marks it holds, and each live uPlot chart with the number of canvas pixels
 * painted in one of its series' colours.
 */
export async function inspectCharts(page: Page): Promise<ChartCheck[]> {
  return page.evaluate(INSPECT_CHARTS) as Promise<ChartCheck[]>;
}

/** Runs in the page (plain JavaScript, so the test build needs no DOM types). */
const INSPECT_CHARTS = `(() => {
  const out = [];
  for (const svg of document.querySelectorAll('svg.chart')) {
    let drawn = 0;
    for (const path of svg.querySelectorAll('path')) drawn += ((path.getAttribute('d') || '').match(/[ML]/g) || []).length;
    drawn += svg.querySelectorAll('.series-markers circle').length;
    // Bars and histogram bins with an area (gridlines are lines, the hover target a transparent rect).
    drawn += Array.from(svg.querySelectorAll('rect.bar, rect.bin')).filter((r) => Number(r.getAttribute('width')) > 0 && Number(r.getAttribute('height')) > 0).length;
    out.push({ kind: 'svg', title: svg.getAttribute('aria-label') || '', drawn });
  }
  for (const { u } of window.rooneyCharts || []) {
    const canvas = u.ctx.canvas;
    const pixels = u.ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const colours = u.series.slice(1).map((s) => {
      const stroke = typeof s.stroke === 'function' ? s.stroke(u, 1) : String(s.stroke);
      const v = parseInt(stroke.slice(1), 16);
      return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
    });
    let drawn = 0;
    for (let p = 0; p < pixels.length; p += 4) {
      if (pixels[p + 3] < 200) continue;
      for (const [r, g, b] of colours) {
        if (Math.abs(pixels[p] - r) + Math.abs(pixels[p + 1] - g) + Math.abs(pixels[p + 2] - b) < 40) { drawn++; break; }
      }
    }
    const title = u.root.querySelector('.u-title');
    out.push({ kind: 'uplot', title: title ? title.textContent : '', drawn });
  }
  return out;
})()`;

/** The x-range shown by each live chart (`[min, max]`). */
export async function xRanges(page: Page): Promise<[number, number][]> {
  return page.evaluate('(window.rooneyCharts || []).map(({ u }) => [u.scales.x.min, u.scales.x.max])') as Promise<[number, number][]>;
}

/** Drags across the plot area of live chart `index` from `from` to `to` (fractions of its width). */
export async function dragZoom(page: Page, index: number, from: number, to: number): Promise<void> {
  const over = page.locator('.ichart.live .u-over').nth(index);
  await over.scrollIntoViewIfNeeded();
  const box = await over.boundingBox();
  if (box === null) throw new Error(`chart ${index} has no plot area on screen`);
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * from, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * ((from + to) / 2), y, { steps: 4 });
  await page.mouse.move(box.x + box.width * to, y, { steps: 4 });
  await page.mouse.up();
}

/** Hovers live chart `index` at `at` (fraction of its width) and returns its legend's values: x first, then each series. */
export async function hoverLegend(page: Page, index: number, at = 0.5): Promise<string[]> {
  const over = page.locator('.ichart.live .u-over').nth(index);
  await over.scrollIntoViewIfNeeded();
  const box = await over.boundingBox();
  if (box === null) throw new Error(`chart ${index} has no plot area on screen`);
  await page.mouse.move(box.x + box.width * at, box.y + box.height / 2);
  return page
    .locator('.ichart.live')
    .nth(index)
    .locator('.u-legend .u-value')
    .allTextContents();
}
