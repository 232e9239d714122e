import { describe, expect, it } from 'vitest';
import { RooneyError } from '@rooney/core';
import { computeOverValues } from './indicator.ts';
import { findIndicator } from './registry.ts';
import { RSI } from './rsi.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';

/** Naive Wilder RSI over whole arrays: explicit seed loop, then the recursive averages. */
function naiveRsi(values: ArrayLike<number>, period: number): number[] {
  const out: number[] = new Array(values.length).fill(Number.NaN);
  let gain = 0;
  let loss = 0;
  for (let i = 1; i < values.length; i++) {
    const change = values[i] - values[i - 1];
    const up = Math.max(change, 0);
    const down = Math.max(-change, 0);
    if (i <= period) {
      gain += up / period;
      loss += down / period;
    } else {
      gain = (gain * (period - 1) + up) / period;
      loss = (loss * (period - 1) + down) / period;
    }
    if (i >= period) out[i] = loss === 0 ? (gain === 0 ? 50 : 100) : (100 * gain) / (gain + loss);
  }
  return out;
}

// StockCharts' RSI worked example (ChartSchool spreadsheet prices).
const STOCKCHARTS_CLOSES = [
  44.34, 44.09, 44.15, 43.61, 44.33, 44.83, 45.1, 45.42, 45.84, 46.08, 45.89, 46.03, 45.61, 46.28, 46.28, 46.0, 46.03,
  46.41, 46.22, 45.64, 46.21, 46.25, 45.71, 46.45, 45.78, 45.35, 44.03, 44.18, 44.22, 44.57, 43.42, 42.66, 43.13,
];

describe('RSI', () => {
  it('hand-computed: period 2', () => {
    // changes: +2, -1, +3; seed averages up 1, down 0.5 -> 66.67; then up (1+3)/2 = 2, down 0.25 -> 88.89
    const out = computeOverValues(new RSI(2), [10, 12, 11, 14]);
    expect(out[0]).toBeNaN();
    expect(out[1]).toBeNaN();
    expect(out[2]).toBeCloseTo(100 - 100 / (1 + 1 / 0.5), 12);
    expect(out[3]).toBeCloseTo(100 - 100 / (1 + 2 / 0.25), 12);
  });

  it('reproduces the StockCharts example as computed by trading-signals (14, 2 decimals)', () => {
    // Values published in bennycode/trading-signals' RSI test for the same prices (full precision
    // Wilder averages; StockCharts' own sheet shows 70.53, ... because it rounds the averages).
    const expected = [
      70.46, 66.25, 66.48, 69.35, 66.29, 57.92, 62.88, 63.21, 56.01, 62.34, 54.67, 50.39, 40.02, 41.49, 41.9, 45.5,
      37.32, 33.09, 37.79,
    ];
    const out = computeOverValues(new RSI(14), STOCKCHARTS_CLOSES);
    expect(Array.from(out.slice(14)).map((v) => Number(v.toFixed(2)))).toEqual(expected);
    expect(out[13]).toBeNaN();
  });

  it('equals a naive implementation on real data, periods 2 and 14', () => {
    const close = loadBacktraderBars().close;
    for (const period of [2, 14]) {
      const out = computeOverValues(new RSI(period), close);
      const naive = naiveRsi(close, period);
      for (let i = 0; i < close.length; i++) {
        if (Number.isNaN(naive[i])) expect(out[i]).toBeNaN();
        else expect(out[i]).toBeCloseTo(naive[i], 9);
      }
    }
  });

  it('gives 100 on only up-closes, 50 on a flat series, 0 on only down-closes', () => {
    const up = computeOverValues(new RSI(14), Array.from({ length: 30 }, (_, i) => 100 + i));
    const flat = computeOverValues(new RSI(14), new Array(30).fill(100));
    const down = computeOverValues(new RSI(2), [5, 4, 3, 2, 1]);
    expect(up[14]).toBe(100);
    expect(up[29]).toBe(100);
    expect(flat[14]).toBe(50);
    expect(flat[29]).toBe(50);
    expect(down[4]).toBe(0);
  });

  it("reproduces Backtrader's test_ind_rsi chkvals", () => {
    const out = computeOverValues(new RSI(14), loadBacktraderBars().close);
    expectBacktraderCheckValues(out, 15, ['57.644284', '41.630968', '53.352553']);
  });

  it('rejects a bad period', () => {
    expect(() => new RSI(0)).toThrow(RooneyError);
    expect(() => new RSI(1.5)).toThrow('"period" must be an integer >= 1, was 1.5');
  });
});

describeIndicatorContract(findIndicator('rsi'), { expectedWarmUp: 15 });
describeIndicatorContract(findIndicator('rsi'), { parameters: { period: 2 }, expectedWarmUp: 3 });
