/**
 * Every HTML report the CLI writes — backtest, sweep, walk-forward, train, Monte Carlo, optimize —
 * opened in headless Chromium: no console error, no network load, every chart drawn, and the
 * interactions (zoom, hover, sort) working. One browser for the file; the reports come from one
 * small run on real daily futures.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exerciseReport, launchBrowser, openReport } from '../../report/test/browser.ts';
import type { ExerciseResult } from '../../report/test/browser.ts';
import { runRooney } from './support/run-cli.ts';

const SHARED = fileURLToPath(new URL('../../../../shared/', import.meta.url));
const FUTURES = join(SHARED, 'datasets/real/quantiacs-futures-daily');
const rooney = (...args: string[]): Promise<string> => runRooney(args, { quiet: true });

const dir = mkdtempSync(join(tmpdir(), 'rooney-reports-'));
const reports: Record<string, string> = {};
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  const config = join(dir, 'daily.yml');
  writeFileSync(
    config,
    'strategies:\n  - name: ibs\n    symbols: ["*"]\n    params: { timeframe: day, entry_long_below: 0.25, exit_long_above: 0.7, max_bars_in_trade: 5, allow_short: true }\n',
  );
  const data = ['--config', config, '--data', `ES=${join(FUTURES, 'F_ES.txt')}`, '--data', `NQ=${join(FUTURES, 'F_NQ.txt')}`];
  const [launched] = await Promise.all([
    launchBrowser(),
    (async () => {
      await rooney('backtest', ...data, '--start', '2012-01-01', '--out', join(dir, 'backtest'));
      await rooney('sweep', ...data, '--start', '2012-01-01', '--grid', 'ibs.entry_long_below=0.2,0.3', '--grid', 'ibs.exit_long_above=0.6,0.8', '--workers', '1', '--out', join(dir, 'sweep'));
      await rooney('sweep', ...data, '--start', '2012-01-01', '--grid', 'ibs.entry_long_below=0.2,0.3', '--walk-forward', '--windows', '2', '--workers', '1', '--out', join(dir, 'walk-forward'));
      await rooney('extract', ...data, '--start', '2005-01-01', '--out', join(dir, 'signals.arrow'));
      await rooney('train', '--signals', join(dir, 'signals.arrow'), '--out', join(dir, 'models'), '--trees', '20', '--min-rows', '100');
      await rooney('montecarlo', '--trades', join(dir, 'backtest', 'trades.csv'), '--paths', '500', '--out', join(dir, 'montecarlo'));
      await rooney('optimize', '--returns', join(dir, 'backtest', 'daily_pnl.csv'), '--hold-out', '0.3', '--out', join(dir, 'optimize'));
    })(),
  ]);
  browser = launched;
  reports.backtest = readFileSync(join(dir, 'backtest', 'report.html'), 'utf8');
  reports.sweep = readFileSync(join(dir, 'sweep', 'report.html'), 'utf8');
  reports['walk-forward'] = readFileSync(join(dir, 'walk-forward', 'report.html'), 'utf8');
  reports.train = readFileSync(join(dir, 'models', 'train-report.html'), 'utf8');
  reports.montecarlo = readFileSync(join(dir, 'montecarlo', 'report.html'), 'utf8');
  reports.optimize = readFileSync(join(dir, 'optimize', 'report.html'), 'utf8');
}, 600_000);

afterAll(async () => {
  await browser?.close();
});

async function exercise(name: string): Promise<ExerciseResult> {
  const report = await openReport(browser, reports[name]);
  try {
    const result = await exerciseReport(report.page);
    expect(report.errors, `${name}: console errors`).toEqual([]);
    expect(report.requests, `${name}: network loads`).toEqual([]);
    expect(result.charts.length, `${name}: charts`).toBeGreaterThan(0);
    for (const chart of result.charts) expect(chart.drawn, `${name}: ${chart.kind} chart "${chart.title}" has drawn content`).toBeGreaterThan(1);
    if (result.sorted !== undefined) {
      expect(result.sorted.length).toBeGreaterThan(0);
      expect(result.sorted).toEqual([...result.sorted].sort((a, b) => a - b));
    }
    return result;
  } finally {
    await report.close();
  }
}

/** Zoom narrows the first live chart (and the charts grouped with it), a double-click restores it. */
function expectZoomWorks(result: ExerciseResult): void {
  const zoom = result.zoom;
  expect(zoom).toBeDefined();
  if (zoom === undefined) return;
  const [min, max] = zoom.before[0];
  const [zMin, zMax] = zoom.zoomed[0];
  expect(zMin).toBeGreaterThan(min);
  expect(zMax).toBeLessThan(max);
  expect((zMax - zMin) / (max - min)).toBeGreaterThan(0.3);
  expect((zMax - zMin) / (max - min)).toBeLessThan(0.5);
  expect(zoom.reset).toEqual(zoom.before);
}

const TIMEOUT = 60_000;

describe('every report in Chromium', () => {
  it('backtest tearsheet: every chart drawn, zoom shared by the time charts, hover and sort work', async () => {
    const result = await exercise('backtest');
    expectZoomWorks(result);
    const zoom = result.zoom as NonNullable<ExerciseResult['zoom']>;
    // Equity, drawdown, rolling, per-symbol, exposure and price charts all share the time group.
    expect(zoom.zoomed.length).toBeGreaterThanOrEqual(8);
    expect(zoom.zoomed.every((range) => range[0] === zoom.zoomed[0][0] && range[1] === zoom.zoomed[0][1])).toBe(true);
    expect(result.legend?.[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
    expect(result.legend?.[1]).toMatch(/^-?\$[\d,]+\.\d{2}$/);
    expect(result.charts.filter((c) => c.kind === 'uplot').map((c) => c.title)).toEqual(
      expect.arrayContaining(['Equity curve', 'Drawdown from running peak', 'Cumulative net PnL by symbol', 'ES: close and trades', 'NQ: close and trades']),
    );
  }, TIMEOUT);

  it('sweep report', async () => {
    expectZoomWorks(await exercise('sweep'));
  }, TIMEOUT);

  it('walk-forward report', async () => {
    expectZoomWorks(await exercise('walk-forward'));
  }, TIMEOUT);

  it('train report', async () => {
    const result = await exercise('train');
    expectZoomWorks(result);
    expect(result.legend?.[1]).toMatch(/^-?\$[\d,]+\.\d{2}$/);
  }, TIMEOUT);

  it('Monte Carlo report', async () => {
    const result = await exercise('montecarlo');
    expect(result.tooltip).toMatch(/\$/);
  }, TIMEOUT);

  it('optimize report', async () => {
    const result = await exercise('optimize');
    expectZoomWorks(result);
  }, TIMEOUT);
});
