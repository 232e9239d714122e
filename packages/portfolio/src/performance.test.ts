import { Rng } from '@rooney/core';
import type { Trade } from '@rooney/core';
import { mean, sampleStandardDeviation } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { computePerformance } from './performance.ts';

const utc = (s: string): number => Date.parse(s);
const HOUR = 3_600_000;

function trade(
  symbol: string,
  strategy: string,
  entry: string,
  exit: string,
  netPnl: number,
  commission = 10,
): Trade {
  return {
    symbol,
    strategy,
    direction: 'long',
    quantity: 1,
    entryTs: utc(entry),
    entryPrice: 100,
    exitTs: utc(exit),
    exitPrice: 101,
    barsHeld: 1,
    grossPnl: netPnl + commission,
    commission,
    netPnl,
    entryTag: 'entry',
    exitReason: 'signal',
  };
}

function series(points: Array<[string, number]>): { ts: Float64Array; value: Float64Array } {
  return {
    ts: Float64Array.from(points.map((p) => utc(p[0]))),
    value: Float64Array.from(points.map((p) => p[1])),
  };
}

// Daily returns are exactly +1%, -1%, +2%, -1% from 100,000 (sessions close at 23:00 UTC).
const d1 = 100_000 * 1.01;
const d2 = d1 * 0.99;
const d3 = d2 * 1.02;
const d4 = d3 * 0.99;
const daily = series([
  ['2024-01-02T23:00:00Z', d1],
  ['2024-01-03T23:00:00Z', d2],
  ['2024-01-04T23:00:00Z', d3],
  ['2024-01-05T23:00:00Z', d4],
]);
const equity = series([
  ['2024-01-01T23:30:00Z', 100_500],
  ['2024-01-02T12:00:00Z', 101_500], // peak
  ['2024-01-02T23:00:00Z', d1],
  ['2024-01-03T10:00:00Z', 99_000], // trough: 2,500 below the peak
  ['2024-01-03T23:00:00Z', d2],
  ['2024-01-04T12:00:00Z', 101_600], // recovered after exactly 2 days
  ['2024-01-04T23:00:00Z', d3], // new peak
  ['2024-01-05T10:00:00Z', 100_500],
  ['2024-01-05T23:00:00Z', d4], // still under water: 1 day
]);
const trades: Trade[] = [
  trade('ES', 'ibs', '2024-01-02T01:00:00Z', '2024-01-02T20:00:00Z', 1000),
  trade('NQ', 'ibs', '2024-01-02T10:00:00Z', '2024-01-03T10:00:00Z', -1500),
  trade('ES', 'trend', '2024-01-04T00:00:00Z', '2024-01-04T12:00:00Z', 2000),
  trade('ES', 'ibs', '2024-01-05T01:00:00Z', '2024-01-05T10:00:00Z', -500),
  trade('NQ', 'trend', '2024-01-05T02:00:00Z', '2024-01-05T03:00:00Z', 0),
];

describe('computePerformance on a hand-computed case', () => {
  const report = computePerformance({ startingCash: 100_000, equity, daily, trades });

  it('computes returns, Sharpe and Sortino by hand', () => {
    expect(report.finalEquity).toBe(d4);
    expect(report.totalReturn).toBeCloseTo(d4 / 100_000 - 1, 14);
    expect(report.annualisedReturn).toBeCloseTo(Math.pow(d4 / 100_000, 252 / 4) - 1, 12);
    // mean 0.0025, sample std 0.015 → 0.0025/0.015·√252 = √252/6 = √7.
    expect(report.sharpe).toBeCloseTo(Math.sqrt(7), 10);
    // Two losing days: downside deviation √(2·0.0001/4) = 0.005√2 → 0.0025/(0.005√2)·6√7 = √(63/2).
    expect(report.sortino).toBeCloseTo(Math.sqrt(63 / 2), 10);
    expect(report.sessionCount).toBe(4);
  });

  it('measures drawdowns on the full equity path', () => {
    expect(report.maxDrawdown).toBeCloseTo(2500, 9);
    expect(report.maxDrawdownFraction).toBeCloseTo(2500 / 101_500, 14);
    expect(report.maxDrawdownDurationDays).toBe(2);
  });

  it('computes trade statistics', () => {
    expect(report.tradeCount).toBe(5);
    expect(report.winCount).toBe(2);
    expect(report.lossCount).toBe(2);
    expect(report.winRate).toBe(0.4);
    expect(report.averageWin).toBe(1500);
    expect(report.averageLoss).toBe(-1000);
    expect(report.profitFactor).toBe(1.5);
    expect(report.expectancy).toBe(200);
    expect(report.netPnl).toBe(1000);
    expect(report.grossPnl).toBe(1050);
    expect(report.commission).toBe(50);
    // Span 2024-01-01T23:30 → 2024-01-05T23:00 = 95.5 h; union of open intervals = 33 + 12 + 9 h.
    expect(report.startTs).toBe(utc('2024-01-01T23:30:00Z'));
    expect(report.endTs).toBe(utc('2024-01-05T23:00:00Z'));
    expect(report.exposure).toBeCloseTo(54 / 95.5, 14);
  });

  it('breaks down by symbol and strategy', () => {
    expect(Object.keys(report.bySymbol)).toEqual(['ES', 'NQ']);
    const es = report.bySymbol.ES;
    expect(es.tradeCount).toBe(3);
    expect(es.winRate).toBeCloseTo(2 / 3, 15);
    expect(es.profitFactor).toBe(6);
    expect(es.averageLoss).toBe(-500);
    expect(es.netPnl).toBe(2500);
    expect(es.exposure).toBeCloseTo(40 / 95.5, 14);
    // Realised PnL per exit session: 1000, 0, 2000, -500.
    const pnl = [1000, 0, 2000, -500];
    expect(es.dailyPnlSharpe).toBeCloseTo((mean(pnl) / sampleStandardDeviation(pnl)) * Math.sqrt(252), 12);
    const nq = report.bySymbol.NQ;
    expect(nq.winRate).toBe(0);
    expect(nq.averageWin).toBeNull();
    expect(nq.profitFactor).toBe(0);
    expect(nq.expectancy).toBe(-750);
    const trend = report.byStrategy.trend;
    expect(trend.tradeCount).toBe(2);
    expect(trend.profitFactor).toBeNull(); // no losing trade: +Infinity is reported as null
    expect(trend.averageLoss).toBeNull();
    expect(report.byStrategy.ibs.netPnl).toBe(-1000);
  });

  it('is JSON-serialisable without loss', () => {
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

describe('computePerformance edge cases', () => {
  it('reports nulls, not NaN, with no trades and no data', () => {
    const empty = { ts: new Float64Array(0), value: new Float64Array(0) };
    const report = computePerformance({ startingCash: 50_000, equity: empty, daily: empty, trades: [] });
    expect(report.totalReturn).toBe(0);
    expect(report.annualisedReturn).toBeNull();
    expect(report.sharpe).toBeNull();
    expect(report.sortino).toBeNull();
    expect(report.maxDrawdown).toBe(0);
    expect(report.maxDrawdownDurationDays).toBe(0);
    expect(report.winRate).toBeNull();
    expect(report.expectancy).toBeNull();
    expect(report.profitFactor).toBeNull();
    expect(report.exposure).toBe(0);
    expect(report.bySymbol).toEqual({});
    expect(JSON.stringify(report)).not.toMatch(/NaN|Infinity/);
  });

  it('returns null Sortino when no day lost and a Sharpe of null on flat equity', () => {
    const up = series([
      ['2024-01-02T23:00:00Z', 101_000],
      ['2024-01-03T23:00:00Z', 102_000],
    ]);
    expect(computePerformance({ startingCash: 100_000, equity: up, daily: up, trades: [] }).sortino).toBeNull();
    const flat = series([
      ['2024-01-02T23:00:00Z', 100_000],
      ['2024-01-03T23:00:00Z', 100_000],
    ]);
    expect(computePerformance({ startingCash: 100_000, equity: flat, daily: flat, trades: [] }).sharpe).toBeNull();
  });

  it('counts a first-event loss against the starting cash', () => {
    const down = series([['2024-01-02T23:00:00Z', 90_000]]);
    const report = computePerformance({ startingCash: 100_000, equity: down, daily: down, trades: [] });
    expect(report.maxDrawdown).toBe(10_000);
    expect(report.maxDrawdownFraction).toBeCloseTo(0.1, 15);
  });

  it('rejects mismatched columns and a bad starting cash', () => {
    const bad = { ts: new Float64Array(2), value: new Float64Array(1) };
    expect(() => computePerformance({ startingCash: 1, equity: bad, daily: bad, trades: [] })).toThrow(
      /"equity.ts" has 2 values/,
    );
    const empty = { ts: new Float64Array(0), value: new Float64Array(0) };
    expect(() => computePerformance({ startingCash: 0, equity: empty, daily: empty, trades: [] })).toThrow(
      /"startingCash" must be > 0, was 0/,
    );
  });
});

describe('computePerformance against independent formulas on random data', () => {
  it('agrees with simple-statistics and a brute-force drawdown', () => {
    const rng = new Rng(42);
    for (let run = 0; run < 5; run++) {
      const n = 300;
      const start = 100_000;
      const ts = new Float64Array(n);
      const value = new Float64Array(n);
      const returns: number[] = [];
      let v = start;
      for (let i = 0; i < n; i++) {
        const r = 0.0004 + 0.012 * rng.normal();
        v *= 1 + r;
        returns.push(r);
        ts[i] = utc('2020-01-01T23:00:00Z') + i * 24 * HOUR;
        value[i] = v;
      }
      const report = computePerformance({ startingCash: start, equity: { ts, value }, daily: { ts, value }, trades: [] });
      const sharpe = (mean(returns) / sampleStandardDeviation(returns)) * Math.sqrt(252);
      expect(report.sharpe).toBeCloseTo(sharpe, 9);
      const downside = Math.sqrt(returns.reduce((s, r) => s + Math.min(r, 0) ** 2, 0) / n);
      expect(report.sortino).toBeCloseTo((mean(returns) / downside) * Math.sqrt(252), 9);

      // Brute force over all (peak, trough) pairs, the starting cash included as a peak.
      const path = [start, ...value];
      let worst = 0;
      let worstFraction = 0;
      for (let i = 0; i < path.length; i++) {
        for (let j = i + 1; j < path.length; j++) {
          worst = Math.max(worst, path[i] - path[j]);
          worstFraction = Math.max(worstFraction, (path[i] - path[j]) / path[i]);
        }
      }
      expect(report.maxDrawdown).toBeCloseTo(worst, 6);
      expect(report.maxDrawdownFraction).toBeCloseTo(worstFraction, 12);
    }
  });
});
