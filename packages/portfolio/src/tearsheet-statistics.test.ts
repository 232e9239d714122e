import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Rng } from '@rooney/core';
import type { Trade } from '@rooney/core';
import { linearRegression, mean, sampleCorrelation, sampleKurtosis, sampleSkewness, sampleStandardDeviation } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { benchmarkStatistics, compoundReturns, equalWeightReturns, levelReturns, valuesAt } from './benchmark.ts';
import { conditionalValueAtRisk, excessKurtosis, historicalValueAtRisk, skewness, summarizeDistribution } from './distribution.ts';
import { drawdownEpisodes, summarizeDrawdowns, worstDrawdowns } from './drawdown.ts';
import { exposureByPeriod } from './exposure.ts';
import { rollingBeta, rollingSharpe, rollingVolatility } from './rolling.ts';
import { yearlyReturns } from './calendar-returns.ts';
import { simpleReturns } from './returns.ts';
import { exposureFraction } from './trade-statistics.ts';

const ETF_DIR = fileURLToPath(new URL('../../../../shared/datasets/real/etf-daily/', import.meta.url));

/** Adjusted closes of a Yahoo ETF file (real data), with their dates as epoch ms. */
function etf(name: string): { ts: Float64Array; value: Float64Array } {
  const lines = readFileSync(`${ETF_DIR}${name}.csv`, 'utf8').trim().split('\n').slice(1);
  const rows = lines.map((line) => line.split(',')).filter((cells) => Number.isFinite(Number(cells[5])));
  return { ts: Float64Array.from(rows, (c) => Date.parse(`${c[0]}T21:00:00Z`)), value: Float64Array.from(rows, (c) => Number(c[5])) };
}

const returnsOf = (levels: Float64Array): Float64Array => {
  const out = new Float64Array(levels.length - 1);
  for (let i = 1; i < levels.length; i++) out[i - 1] = levels[i] / levels[i - 1] - 1;
  return out;
};

describe('skewness and excess kurtosis (pandas conventions)', { timeout: 30_000 }, () => {
  const spy = returnsOf(etf('SPY').value);

  it('match simple-statistics (G1 and G2) on real SPY daily returns', () => {
    expect(spy.length).toBeGreaterThan(4000);
    const values = Array.from(spy);
    expect(skewness(spy)).toBeCloseTo(sampleSkewness(values), 9);
    expect(excessKurtosis(spy)).toBeCloseTo(sampleKurtosis(values), 9);
    // Equity index returns are fat-tailed: excess kurtosis well above a normal's 0.
    expect(excessKurtosis(spy) as number).toBeGreaterThan(5);
  });

  it('match the textbook standardised-moment formulas on a small sample', () => {
    const x = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];
    const n = x.length;
    const m = mean(x);
    const s = sampleStandardDeviation(x);
    const z = x.map((v) => (v - m) / s);
    // G1 = n / ((n-1)(n-2)) Σ z³ ; G2 = n(n+1)/((n-1)(n-2)(n-3)) Σ z⁴ − 3(n-1)²/((n-2)(n-3)).
    const g1 = (n / ((n - 1) * (n - 2))) * z.reduce((a, v) => a + v ** 3, 0);
    const g2 = ((n * (n + 1)) / ((n - 1) * (n - 2) * (n - 3))) * z.reduce((a, v) => a + v ** 4, 0) - (3 * (n - 1) ** 2) / ((n - 2) * (n - 3));
    expect(skewness(x)).toBeCloseTo(g1, 12);
    expect(excessKurtosis(x)).toBeCloseTo(g2, 12);
  });

  it('is null when undefined and ignores non-finite values', () => {
    expect(skewness([1, 2])).toBeNull();
    expect(excessKurtosis([1, 2, 3])).toBeNull();
    expect(skewness([4, 4, 4, 4])).toBeNull();
    expect(skewness([1, 2, Number.NaN, 9])).toBeCloseTo(sampleSkewness([1, 2, 9]), 12);
  });
});

describe('historical VaR and CVaR', { timeout: 30_000 }, () => {
  it('take the type-7 quantile and the mean of the tail (1..100 shuffled)', () => {
    const rng = new Rng(3);
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    for (let i = values.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [values[i], values[j]] = [values[j], values[i]];
    }
    // h = (n − 1)·0.05 = 4.95 → x[4] + 0.95·(x[5] − x[4]) = 5 + 0.95 = 5.95; the tail is 1..5.
    expect(historicalValueAtRisk(values, 0.95)).toBeCloseTo(5.95, 12);
    expect(conditionalValueAtRisk(values, 0.95)).toBeCloseTo(3, 12);
    expect(historicalValueAtRisk(values, 0.99)).toBeCloseTo(1.99, 12);
  });

  it('agree with the normal distribution on a large normal sample', () => {
    const rng = new Rng(11);
    const n = 200_000;
    const sigma = 0.01;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i += 2) {
      // Box–Muller from the seeded generator.
      const u = 1 - rng.next();
      const v = rng.next();
      const r = Math.sqrt(-2 * Math.log(u));
      values[i] = sigma * r * Math.cos(2 * Math.PI * v);
      values[i + 1] = sigma * r * Math.sin(2 * Math.PI * v);
    }
    // z(0.05) = −1.644854; expected shortfall of a normal at 95% = −φ(1.644854)/0.05 = −2.062713 σ.
    expect((historicalValueAtRisk(values, 0.95) as number) / sigma).toBeCloseTo(-1.644854, 1);
    expect((conditionalValueAtRisk(values, 0.95) as number) / sigma).toBeCloseTo(-2.062713, 1);
    const summary = summarizeDistribution(values);
    expect(summary.skewness as number).toBeCloseTo(0, 1);
    expect(summary.kurtosis as number).toBeCloseTo(0, 1);
    expect(summary.standardDeviation as number).toBeCloseTo(sigma, 4);
  });

  it('rejects a confidence outside (0, 1) by name', () => {
    expect(() => historicalValueAtRisk([1, 2], 1.5)).toThrow(/"confidence" must be between 0 and 1/);
  });
});

describe('rolling Sharpe and volatility', { timeout: 30_000 }, () => {
  const spy = returnsOf(etf('SPY').value).subarray(0, 1500);

  it('equal the window-by-window mean / sample std (QuantStats, window 126, √252)', () => {
    const sharpe = rollingSharpe(spy, 126);
    const volatility = rollingVolatility(spy, 126);
    expect(Number.isNaN(sharpe[124])).toBe(true);
    for (const i of [125, 126, 500, 999, 1499]) {
      const window = Array.from(spy.subarray(i - 125, i + 1));
      const sd = sampleStandardDeviation(window);
      expect(volatility[i]).toBeCloseTo(sd * Math.sqrt(252), 10);
      expect(sharpe[i]).toBeCloseTo((mean(window) / sd) * Math.sqrt(252), 8);
    }
  });

  it('stays accurate for returns far from zero and flags non-finite input', () => {
    const shifted = Float64Array.from(spy.subarray(0, 300), (r) => r + 1000);
    const vol = rollingVolatility(shifted, 50);
    const window = Array.from(shifted.subarray(250, 300));
    expect(vol[299]).toBeCloseTo(sampleStandardDeviation(window) * Math.sqrt(252), 6);
    expect(() => rollingSharpe([0.1, Number.NaN, 0.2], 2)).toThrow(/"returns" must be finite, was NaN at index 1/);
  });
});

describe('benchmark: alpha, beta, correlation', { timeout: 30_000 }, () => {
  it('beta and alpha equal the OLS regression of QQQ on SPY daily returns (real data)', () => {
    const spy = etf('SPY');
    const qqq = etf('QQQ');
    const grid = qqq.ts.subarray(1);
    const b = levelReturns(valuesAt(spy, grid));
    const r = levelReturns(valuesAt(qqq, grid));
    const stats = benchmarkStatistics(r, b);
    const pairs: [number, number][] = [];
    for (let i = 0; i < r.length; i++) if (Number.isFinite(r[i]) && Number.isFinite(b[i])) pairs.push([b[i], r[i]]);
    const ols = linearRegression(pairs);
    expect(stats.observations).toBe(pairs.length);
    expect(stats.beta).toBeCloseTo(ols.m, 10);
    expect(stats.alpha).toBeCloseTo(ols.b * 252, 10);
    expect(stats.correlation).toBeCloseTo(sampleCorrelation(pairs.map((p) => p[0]), pairs.map((p) => p[1])), 10);
    expect(stats.beta as number).toBeGreaterThan(0.9);
  });

  it('recovers a known beta and alpha from constructed returns', () => {
    const rng = new Rng(5);
    const b = Float64Array.from({ length: 5000 }, () => (rng.next() - 0.5) * 0.02);
    const r = Float64Array.from(b, (v) => 0.0004 + 1.5 * v);
    const stats = benchmarkStatistics(r, b);
    expect(stats.beta).toBeCloseTo(1.5, 12);
    expect(stats.alpha).toBeCloseTo(0.0004 * 252, 12);
    expect(stats.correlation).toBeCloseTo(1, 12);
    expect(benchmarkStatistics([0.1, 0.2], [0.01, 0.01]).beta).toBeNull();
  });

  it('aligns levels on a grid, builds returns and an equal-weight basket', () => {
    const series = { ts: Float64Array.of(10, 20, 30), value: Float64Array.of(100, 110, 99) };
    expect(Array.from(valuesAt(series, [5, 10, 25, 40]))).toEqual([Number.NaN, 100, 110, 99]);
    const r = levelReturns([100, 110, 99], 80);
    expect(Array.from(r).map((v) => Number(v.toFixed(10)))).toEqual([0.25, 0.1, -0.1]);
    expect(Number.isNaN(levelReturns([-5, 10])[1])).toBe(true);
    const basket = equalWeightReturns([Float64Array.of(0.1, Number.NaN, 0.02), Float64Array.of(0.3, 0.04, Number.NaN)]);
    expect(Array.from(basket).map((v) => Number(v.toFixed(10)))).toEqual([0.2, 0.04, 0.02]);
    expect(Array.from(compoundReturns([0.1, Number.NaN, -0.5], 100)).map((v) => Number(v.toFixed(10)))).toEqual([110, 110, 55]);
  });
});

describe('drawdown episodes', { timeout: 30_000 }, () => {
  const day = 86_400_000;
  const equity = { ts: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8], (d) => d * day), value: Float64Array.of(100, 90, 95, 101, 80, 70, 75, 72) };

  it('lists each peak-to-recovery episode with its trough, depth and length', () => {
    const episodes = drawdownEpisodes(equity, 100);
    expect(episodes).toHaveLength(2);
    expect(episodes[0]).toMatchObject({ startTs: 1 * day, troughTs: 2 * day, recoveryTs: 4 * day, peak: 100, trough: 90, depthAmount: 10, lengthDays: 3, declineDays: 1 });
    expect(episodes[0].depth).toBeCloseTo(0.1, 14);
    expect(episodes[1]).toMatchObject({ startTs: 4 * day, troughTs: 6 * day, recoveryTs: null, peak: 101, trough: 70, lengthDays: 4 });
    expect(worstDrawdowns(equity, 100, 1)[0].peak).toBe(101);
  });

  it('has its deepest episode equal to the maximum drawdown (real SPY closes)', () => {
    const spy = etf('SPY');
    const worst = worstDrawdowns(spy, undefined, 5);
    const summary = summarizeDrawdowns(spy);
    expect(worst[0].depth).toBeCloseTo(summary.maxDrawdownFraction, 14);
    // 2008: SPY (adjusted) fell about 55% from its October 2007 peak.
    expect(new Date(worst[0].startTs).toISOString().slice(0, 7)).toBe('2007-10');
    expect(worst[0].depth).toBeGreaterThan(0.5);
    for (let k = 1; k < worst.length; k++) expect(worst[k].depth).toBeLessThanOrEqual(worst[k - 1].depth);
  });
});

describe('exposure by period', () => {
  const trade = (direction: 'long' | 'short', quantity: number, entryTs: number, exitTs: number): Trade => ({
    symbol: 'ES',
    strategy: 's',
    direction,
    quantity,
    entryTs,
    entryPrice: 1,
    exitTs,
    exitPrice: 1,
    barsHeld: 1,
    grossPnl: 0,
    commission: 0,
    netPnl: 0,
    entryTag: '',
    exitReason: '',
  });
  const trades = [trade('long', 2, 5, 25), trade('short', 1, 15, 18), trade('long', 1, 35, 40)];

  it('gives time in market per period and contracts open at each period end', () => {
    const e = exposureByPeriod(trades, [10, 20, 30, 40], 0);
    expect(Array.from(e.timeInMarket)).toEqual([0.5, 1, 0.5, 0.5]);
    expect(Array.from(e.longContracts)).toEqual([2, 2, 0, 0]);
    expect(Array.from(e.shortContracts)).toEqual([0, 0, 0, 0]);
    expect(Array.from(exposureByPeriod(trades, [16], 0).shortContracts)).toEqual([1]);
  });

  it('averages (time-weighted) to the headline exposure', () => {
    const grid = [7, 13, 22, 31, 44, 50];
    const e = exposureByPeriod(trades, grid, 0);
    let weighted = 0;
    for (let i = 0; i < grid.length; i++) weighted += e.timeInMarket[i] * (grid[i] - (i === 0 ? 0 : grid[i - 1]));
    expect(weighted / 50).toBeCloseTo(exposureFraction(trades, { startTs: 0, endTs: 50 }), 14);
  });
});

describe('rolling beta and yearly returns', { timeout: 30_000 }, () => {
  it('rolling beta equals the OLS slope of each window (QQQ on SPY, real data)', () => {
    const spy = etf('SPY');
    const qqq = etf('QQQ');
    const grid = qqq.ts.subarray(1, 1200);
    const b = levelReturns(valuesAt(spy, grid));
    const r = levelReturns(valuesAt(qqq, grid));
    b[700] = Number.NaN; // a missing benchmark price: windows holding it have no beta
    const beta = rollingBeta(r, b, 60);
    expect(Number.isNaN(beta[58])).toBe(true);
    expect(Number.isNaN(beta[59])).toBe(true); // the first return has no base price
    for (const i of [60, 300, 699, 760, 1198]) {
      const pairs: [number, number][] = [];
      for (let k = i - 59; k <= i; k++) pairs.push([b[k], r[k]]);
      expect(beta[i]).toBeCloseTo(linearRegression(pairs).m, 9);
    }
    expect(Number.isNaN(beta[700])).toBe(true);
    expect(Number.isNaN(beta[759])).toBe(true);
  });

  it('yearly returns chain to year-end equity over the previous year-end', () => {
    const ts = ['2022-12-29', '2022-12-30', '2023-01-03', '2023-12-29', '2024-01-02'].map((d) => Date.parse(`${d}T21:00:00Z`));
    const equity = [101, 103, 99, 110, 108];
    const returns = simpleReturns(Float64Array.from(equity), 100);
    const years = yearlyReturns(ts, returns);
    expect(years.map((y) => y.year)).toEqual([2022, 2023, 2024]);
    expect(years[0].return).toBeCloseTo(103 / 100 - 1, 14);
    expect(years[1].return).toBeCloseTo(110 / 103 - 1, 14);
    expect(years[2].return).toBeCloseTo(108 / 110 - 1, 14);
    expect(years[1].sessions).toBe(2);
    expect(Number.isNaN(yearlyReturns([ts[0]], [Number.NaN])[0].return)).toBe(true);
  });
});
