import { Rng } from '@rooney/core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interactiveChart } from '../src/interactive-chart.ts';
import { renderReport } from '../src/render-report.ts';
import { dragZoom, hoverLegend, inspectCharts, launchBrowser, openReport, xRanges } from './browser.ts';

const DAY = 86_400_000;

function randomWalk(n: number, seed: number): { ts: Float64Array; value: Float64Array } {
  const rng = new Rng(seed);
  const ts = new Float64Array(n);
  const value = new Float64Array(n);
  let level = 100_000;
  for (let i = 0; i < n; i++) {
    ts[i] = Date.UTC(2023, 0, 3) + i * DAY;
    level *= 1 + rng.normal() * 0.01;
    value[i] = level;
  }
  return { ts, value };
}

const TIMEOUT = 60_000;
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
}, 600_000);
afterAll(async () => {
  await browser?.close();
});

describe('explorable charts in Chromium', () => {
  it('draws equity and drawdown with uPlot, zooms them together and resets on double-click', async () => {
    const { ts, value } = randomWalk(500, 3);
    const html = renderReport({ title: 'walk', summary: [], equity: { ts, value, startingValue: 100_000 } });
    const report = await openReport(browser, html);
    try {
      const charts = await inspectCharts(report.page);
      const live = charts.filter((c) => c.kind === 'uplot');
      expect(live.map((c) => c.title)).toEqual(['Equity curve', 'Drawdown from running peak']);
      for (const chart of charts) expect(chart.drawn, `${chart.kind} ${chart.title}`).toBeGreaterThan(50);
      const before = await xRanges(report.page);
      expect(before[0]).toEqual([ts[0], ts[499]]);
      await dragZoom(report.page, 0, 0.25, 0.5);
      const zoomed = await xRanges(report.page);
      expect(zoomed[0][0]).toBeGreaterThan(ts[100]);
      expect(zoomed[0][1]).toBeLessThan(ts[300]);
      expect(zoomed[1]).toEqual(zoomed[0]); // the drawdown chart follows
      const legend = await hoverLegend(report.page, 0, 0.5);
      expect(legend[0]).toMatch(/^2023-\d{2}-\d{2} 00:00 UTC$/);
      expect(legend[1]).toMatch(/^\$\d{2,3},\d{3}\.\d{2}$/);
      await report.page.locator('.ichart.live .u-over').first().dblclick();
      expect(await xRanges(report.page)).toEqual(before);
      // Each chart fills its section, and follows the window when it is resized.
      const widths = (): Promise<[number, number][]> => report.page.evaluate('window.rooneyCharts.map((c) => [c.u.width, c.figure.clientWidth])') as Promise<[number, number][]>;
      for (const [chart, figure] of await widths()) {
        expect(figure).toBeGreaterThan(1000);
        expect(chart).toBe(figure);
      }
      await report.page.setViewportSize({ width: 700, height: 900 });
      let followed = false;
      for (let attempt = 0; attempt < 50 && !followed; attempt++) {
        await report.page.waitForTimeout(100);
        followed = (await widths()).every(([chart, figure]) => chart === figure && chart < 700);
      }
      expect(followed).toBe(true);
      expect(report.errors).toEqual([]);
      expect(report.requests).toEqual([]);
    } finally {
      await report.close();
    }
  }, TIMEOUT);

  it('shows the static SVG instead of the canvas in print', async () => {
    const { ts, value } = randomWalk(50, 4);
    const report = await openReport(browser, renderReport({ title: 'print', summary: [], equity: { ts, value } }));
    try {
      const staticChart = report.page.locator('.ichart-static').first();
      const liveChart = report.page.locator('.ichart-live').first();
      expect(await staticChart.isVisible()).toBe(false);
      expect(await liveChart.isVisible()).toBe(true);
      await report.page.emulateMedia({ media: 'print' });
      expect(await staticChart.isVisible()).toBe(true);
      expect(await liveChart.isVisible()).toBe(false);
    } finally {
      await report.close();
    }
  }, TIMEOUT);

  it('draws trade markers on a price chart and keeps every marker when thinning', async () => {
    const { ts, value } = randomWalk(5000, 5);
    const entries = new Float64Array(5000).fill(Number.NaN);
    for (const i of [17, 2222, 4999]) entries[i] = value[i];
    const section = interactiveChart({
      x: ts,
      series: [
        { name: 'close', values: value },
        { name: 'long entry', values: entries, style: 'points', color: '#16a34a' },
      ],
      title: 'ES price',
      maxPoints: 400,
    });
    const payload = JSON.parse((/data-uplot="([^"]*)"/.exec(section) as RegExpExecArray)[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
    expect(payload.x.length).toBeLessThanOrEqual(403);
    expect(payload.s[1].y.filter((v: number | null) => v !== null)).toEqual([17, 2222, 4999].map((i) => Number(value[i].toPrecision(9))));
    const report = await openReport(browser, renderReport({ title: 'price', summary: [], sections: [{ title: 'Price', html: section }] }));
    try {
      const [chart] = await inspectCharts(report.page).then((all) => all.filter((c) => c.kind === 'uplot'));
      expect(chart.drawn).toBeGreaterThan(50);
      expect(report.errors).toEqual([]);
    } finally {
      await report.close();
    }
  }, TIMEOUT);

  it('writes each axis label with the decimals its step needs (0.25 steps are not rounded to 0.3)', async () => {
    const x = Array.from({ length: 50 }, (_, i) => i);
    // A flat zero line gets the value axis [-1, 1], which uPlot splits every 0.25 at this height.
    const values = x.map(() => 0);
    const html = renderReport({ title: 'axes', summary: [], sections: [{ title: 'Flat', html: interactiveChart({ x, series: [{ name: 'flat', values }], xAxis: 'number' }) }] });
    const report = await openReport(browser, html);
    try {
      const axes = (await report.page.evaluate('window.rooneyCharts[0].u.axes.map((a) => [a._splits, a._values])')) as [number[], string[]][];
      expect(axes[1][0]).toContain(0.25);
      for (const [splits, labels] of axes) {
        expect(labels.length).toBeGreaterThan(2);
        labels.forEach((label, k) => expect(Number(label.replace(/,/g, ''))).toBeCloseTo(splits[k], 9));
      }
      expect(report.errors).toEqual([]);
    } finally {
      await report.close();
    }
  }, TIMEOUT);

  it("keeps the page's Content-Security-Policy blocking network loads", async () => {
    const html = renderReport({ title: 'csp', summary: [], sections: [{ title: 'Image', html: '<img src="http://127.0.0.1:9/pixel.png" alt="x">' }] });
    const report = await openReport(browser, html);
    try {
      expect(report.requests).toEqual([]);
      expect(report.errors.join('\n')).toMatch(/Content Security Policy/);
    } finally {
      await report.close();
    }
  }, TIMEOUT);
});
