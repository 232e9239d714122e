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
    // Bars are data marks even at zero length (a zero weight); histogram bins count when not empty.
    drawn += svg.querySelectorAll('rect.bar').length;
    drawn += Array.from(svg.querySelectorAll('rect.bin')).filter((r) => Number(r.getAttribute('height')) > 0).length;
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

/** What {@link exerciseReport} found when it used a report like a reader. */
export interface ExerciseResult {
  readonly charts: ChartCheck[];
  /** Live charts' x-ranges before a drag, after it, and after a double-click. */
  readonly zoom?: { readonly before: [number, number][]; readonly zoomed: [number, number][]; readonly reset: [number, number][] };
  /** Legend values of the first live chart while hovering its middle (x first). */
  readonly legend?: string[];
  /** Text of the tooltip shown while hovering the first SVG chart that has one. */
  readonly tooltip?: string;
  /** The sorted column's `data-sort` values top to bottom after clicking the first numeric header of the first sortable table. */
  readonly sorted?: number[];
}

/**
 * Uses a report the way a reader does: checks every chart, drags to zoom the first live chart and
 * double-clicks it back, hovers it (legend) and the first SVG chart with a tooltip, and sorts the
 * first sortable table by its first numeric column.
 */
export async function exerciseReport(page: Page): Promise<ExerciseResult> {
  const charts = await inspectCharts(page);
  const out: { -readonly [K in keyof ExerciseResult]: ExerciseResult[K] } = { charts };
  const liveCount = await page.locator('.ichart.live .u-over').count();
  if (liveCount > 0) {
    const before = await xRanges(page);
    await dragZoom(page, 0, 0.2, 0.6);
    const zoomed = await xRanges(page);
    await page.locator('.ichart.live .u-over').first().dblclick();
    const reset = await xRanges(page);
    out.zoom = { before, zoomed, reset };
    out.legend = await hoverLegend(page, 0, 0.5);
  }
  const target = page.locator('svg[data-chart] .hover-target').first();
  if ((await target.count()) > 0) {
    await target.scrollIntoViewIfNeeded();
    await target.hover();
    const tip = page.locator('.chart-tooltip');
    out.tooltip = (await tip.isVisible()) ? ((await tip.textContent()) ?? '') : '';
  }
  const header = page.locator('table.sortable th.number').first();
  if ((await header.count()) > 0) {
    await header.scrollIntoViewIfNeeded();
    await header.click();
    out.sorted = (await page.evaluate(`(() => {
      const th = document.querySelector('table.sortable th.number');
      const table = th.closest('table');
      const column = Array.prototype.indexOf.call(th.parentNode.children, th);
      return Array.from(table.tBodies[0].rows).map((row) => row.cells[column].getAttribute('data-sort')).filter((v) => v !== null).map(Number);
    })()`)) as number[];
  }
  return out;
}
