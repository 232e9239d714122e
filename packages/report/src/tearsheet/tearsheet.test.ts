import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contractSpec, runBacktest } from '@rooney/core';
import type { BacktestResult, ContractSpec } from '@rooney/core';
import { consolidateBars, loadBarsFile } from '@rooney/data';
import type { BarSeries } from '@rooney/data';
import { IbsStrategy } from '@rooney/strategies';
import { linearRegression, mean, sampleKurtosis, sampleStandardDeviation } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { formatNumber } from '../format.ts';
import { renderTearsheet, tearsheetReport } from './tearsheet.ts';
import { tearsheetStatistics } from './tearsheet-statistics.ts';

const SHARED = fileURLToPath(new URL('../../../../../shared/', import.meta.url));
const SIX_E = join(SHARED, 'datasets/real/nautilus-6e-1min/6EH4.XCME_1min_bars_20240101_20240131.csv.gz');

interface Run {
  readonly minutes: BarSeries;
  readonly result: BacktestResult;
  readonly contracts: Record<string, ContractSpec>;
}

let cached: Run | undefined;
/** Hourly IBS, long and short, on a month of real 6E minute bars (CME euro futures, tick 0.00005). */
function sixERun(): Run {
  if (cached !== undefined) return cached;
  const { series: minutes } = loadBarsFile(SIX_E, { symbol: '6E' });
  const hours = consolidateBars(minutes, 3_600_000);
  const strategy = new IbsStrategy('ibs', ['6E'], { params: { timeframe: 'hour', entryLongBelow: 0.2, exitLongAbove: 0.7, allowShort: true, entryShortAbove: 0.8, exitShortBelow: 0.3 } });
  const contracts = { '6E': contractSpec('6E') };
  const result = runBacktest({ series: [minutes, hours], strategies: [strategy], startingCash: 100_000, contracts });
  cached = { minutes, result, contracts };
  return cached;
}

/** Cells of the rows of the table in the section whose id starts with `id`. */
function tableRows(html: string, id: string): string[][] {
  const start = html.indexOf(`<section id="${id}`);
  const section = html.slice(start, html.indexOf('</section>', start));
  const body = section.slice(section.indexOf('<tbody>'), section.indexOf('</tbody>'));
  return Array.from(body.matchAll(/<tr>(.*?)<\/tr>/g), (row) => Array.from(row[1].matchAll(/<td[^>]*>([^<]*)<\/td>/g), (cell) => cell[1]));
}

/** The close in force at `ts` (last bar closing at or before it), by a plain scan. */
function closeAt(bars: BarSeries, ts: number): number {
  let value = Number.NaN;
  for (let i = 0; i < bars.length && bars.ts[i] <= ts; i++) value = bars.close[i];
  return value;
}

describe('tearsheet of a real backtest (6E, January 2024)', { timeout: 60_000 }, () => {
  it('lists trade prices at the contract tick precision (6E: five decimals)', () => {
    const { result, contracts, minutes } = sixERun();
    expect(result.trades.length).toBeGreaterThan(20);
    const html = renderTearsheet({ result, contracts, prices: [minutes] });
    const rows = tableRows(html, 'section-trades');
    expect(rows).toHaveLength(result.trades.length);
    rows.forEach((cells, k) => {
      const trade = result.trades[k];
      expect(cells[5]).toMatch(/^1\.\d{5}$/);
      expect(cells[7]).toMatch(/^1\.\d{5}$/);
      expect(Math.abs(Number(cells[5]) - trade.entryPrice)).toBeLessThan(1e-9);
      expect(Math.abs(Number(cells[7]) - trade.exitPrice)).toBeLessThan(1e-9);
    });
  });

  it('compares with buy-and-hold 6E: its return, alpha and beta recomputed from the raw bars', () => {
    const { result, minutes } = sixERun();
    const stats = tearsheetStatistics({ result, prices: [minutes] });
    const b = stats.benchmark;
    expect(b?.name).toBe('buy-and-hold 6E');
    const grid = Array.from(result.daily.ts);
    const base = closeAt(minutes, result.equity.ts[0]);
    const closes = grid.map((ts) => closeAt(minutes, ts));
    expect(b?.totalReturn).toBeCloseTo(closes[closes.length - 1] / base - 1, 12);
    // Independent returns: strategy from the daily equity and starting cash, benchmark from the scanned closes.
    const pairs: [number, number][] = grid.map((_, i) => [
      (i === 0 ? closes[0] / base : closes[i] / closes[i - 1]) - 1,
      result.daily.value[i] / (i === 0 ? result.startingCash : result.daily.value[i - 1]) - 1,
    ]);
    const ols = linearRegression(pairs);
    expect(b?.statistics.observations).toBe(grid.length);
    expect(b?.statistics.beta).toBeCloseTo(ols.m, 10);
    expect(b?.statistics.alpha).toBeCloseTo(ols.b * 252, 10);
    // Rolling beta at the last session: the slope over the last window.
    const window = stats.rollingWindow;
    expect(b?.rollingBeta[grid.length - 1]).toBeCloseTo(linearRegression(pairs.slice(-window)).m, 9);
    // One calendar year: its return is the run's total return, and the benchmark's its own.
    expect(stats.yearly).toHaveLength(1);
    expect(stats.yearly[0].return).toBeCloseTo(result.daily.value[grid.length - 1] / result.startingCash - 1, 12);
    expect(b?.yearly[0].return).toBeCloseTo(b?.totalReturn as number, 12);
  });

  it('agrees with itself and with the headline metrics', () => {
    const { result, minutes } = sixERun();
    const stats = tearsheetStatistics({ result, prices: [minutes] });
    const p = stats.performance;
    // Worst drawdown = maximum drawdown; long + short = all.
    expect(stats.worstDrawdowns[0].depth).toBeCloseTo(p.maxDrawdownFraction, 14);
    expect(stats.long.tradeCount + stats.short.tradeCount).toBe(p.tradeCount);
    expect(stats.long.tradeCount).toBeGreaterThan(0);
    expect(stats.short.tradeCount).toBeGreaterThan(0);
    expect(stats.long.netPnl + stats.short.netPnl).toBeCloseTo(p.netPnl, 8);
    // The symbol's PnL curve ends at its net PnL; exposure per session averages to the headline exposure.
    expect(stats.symbolPnl[0].values[stats.symbolPnl[0].values.length - 1]).toBeCloseTo(p.netPnl, 8);
    const e = stats.exposure;
    let weighted = 0;
    for (let i = 0; i < e.ts.length; i++) weighted += e.timeInMarket[i] * (e.ts[i] - (i === 0 ? result.equity.ts[0] : e.ts[i - 1]));
    expect(weighted / (e.ts[e.ts.length - 1] - result.equity.ts[0])).toBeCloseTo(p.exposure, 6);
    // Rolling Sharpe at the last session, a second way (window: a quarter of 23 sessions, at least 10).
    expect(stats.rollingWindow).toBe(10);
    const last = Array.from(stats.dailyReturns.subarray(-10));
    expect(stats.rollingSharpe[stats.rollingSharpe.length - 1]).toBeCloseTo((mean(last) / sampleStandardDeviation(last)) * Math.sqrt(252), 9);
    expect(stats.tradePnlDistribution.kurtosis).toBeCloseTo(sampleKurtosis(result.trades.map((t) => t.netPnl)), 9);
  });

  it('shows every block a QuantStats user looks for, in order, and the inputs to reproduce the run', () => {
    const { result, contracts, minutes } = sixERun();
    const html = renderTearsheet({
      result,
      contracts,
      prices: [minutes],
      run: {
        strategies: [{ name: 'ibs', symbols: ['6E'], params: { timeframe: 'hour', filters: { trend: { enabled: false } } }, symbolParams: { '6E': { timeframe: 'hour', entryLongBelow: 0.15 } } }],
        slippageTicks: 1,
        dataFiles: [{ symbol: '6E', path: 'data/6E.csv.gz', sha256: 'ab12', bytes: 1234 }],
        seed: 7,
        versions: { rooney: '9.9.9' },
      },
    });
    const order = [
      'section-summary',
      'section-equity',
      'section-drawdown',
      'section-monthly-returns',
      'section-benchmark-buy-and-hold-6e',
      'section-returns-by-year',
      'section-rolling-sharpe-volatility-and-beta',
      'section-worst-drawdowns',
      'section-distributions-daily-returns-and-trade-pnl',
      'section-long-vs-short',
      'section-by-symbol',
      'section-by-strategy',
      'section-exposure-over-time',
      'section-prices-and-trades',
      'section-trades',
      'section-strategy-parameters',
      'section-costs-and-contracts',
      'section-data-files',
      'section-inputs',
    ].map((id) => html.indexOf(`<section id="${id}`));
    expect(order.every((position) => position > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const parameters = tableRows(html, 'section-strategy-parameters');
    expect(parameters).toContainEqual(['ibs', 'filters.trend.enabled', 'false']);
    expect(parameters).toContainEqual(['ibs, 6E', 'entryLongBelow', '0.15']);
    expect(parameters.filter((row) => row[0] === 'ibs, 6E')).toHaveLength(1); // only what differs
    const costs = tableRows(html, 'section-costs-and-contracts');
    // 6E: tick 0.00005 × 125,000 = $6.25 a tick, so one tick of slippage costs $6.25 a fill.
    expect(costs[0].slice(0, 7)).toEqual(['6E', 'Euro FX', '125,000', '0.00005', '$6.25', '$2.00', '$6.25']);
    expect(tableRows(html, 'section-data-files')).toEqual([['6E', 'data/6E.csv.gz', '1,234', 'ab12']]);
    expect(html).toContain('<th scope="row">seed</th><td>7</td>');
    expect(html).toContain('<th scope="row">version: rooney</th><td>9.9.9</td>');
    const distribution = tableRows(html, 'section-distributions-daily-returns-and-trade-pnl');
    expect(distribution[1][5]).toBe(formatNumber(sampleKurtosis(result.trades.map((t) => t.netPnl)), 2));
  });

  it('is deterministic and self-contained', () => {
    const { result, contracts, minutes } = sixERun();
    const input = { result, contracts, prices: [minutes] };
    const html = renderTearsheet(input);
    expect(renderTearsheet(input)).toBe(html);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain("default-src 'none'");
  });

  it('takes a named benchmark series, or none', () => {
    const { result, minutes } = sixERun();
    const inverse = { name: 'inverse 6E', ts: minutes.ts, value: Float64Array.from(minutes.close, (c) => 1 / c) };
    const stats = tearsheetStatistics({ result, prices: [minutes], benchmark: inverse });
    const plain = tearsheetStatistics({ result, prices: [minutes] });
    expect(stats.benchmark?.name).toBe('inverse 6E');
    expect(Math.sign(stats.benchmark?.statistics.beta as number)).toBe(-Math.sign(plain.benchmark?.statistics.beta as number));
    expect(stats.benchmark?.statistics.correlation).toBeCloseTo(-(plain.benchmark?.statistics.correlation as number), 1);
    expect(tearsheetStatistics({ result, prices: [minutes], benchmark: null }).benchmark).toBeUndefined();
    const data = tearsheetReport({ result, prices: [minutes], benchmark: null });
    expect(data.summary.map((m) => m.label)).not.toContain('Beta');
  });

  it('renders a run without trades', () => {
    const { minutes } = sixERun();
    const result = runBacktest({ series: [minutes], strategies: [], startingCash: 50_000 });
    const html = renderTearsheet({ result, prices: [minutes] });
    expect(html).toContain('No trades.');
    expect(html).toContain('No drawdown');
  });
});
