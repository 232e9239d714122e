import { describe, expect, it } from 'vitest';
import { RooneyError } from '@rooney/core';
import { ConnorsRSI } from './connors-rsi.ts';
import { computeOverValues } from './indicator.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { describeIndicatorContract } from './testing/contract.ts';

/** Naive Wilder RSI over an array whose leading NaNs are warm-up. */
function naiveRsi(values: number[], period: number): number[] {
  const out = new Array<number>(values.length).fill(Number.NaN);
  const start = values.findIndex((v) => !Number.isNaN(v));
  let gain = 0;
  let loss = 0;
  for (let i = start + 1; i < values.length; i++) {
    const change = values[i] - values[i - 1];
    const steps = i - start;
    if (steps <= period) {
      gain += Math.max(change, 0) / period;
      loss += Math.max(-change, 0) / period;
    } else {
      gain = (gain * (period - 1) + Math.max(change, 0)) / period;
      loss = (loss * (period - 1) + Math.max(-change, 0)) / period;
    }
    if (steps >= period) out[i] = loss === 0 ? (gain === 0 ? 50 : 100) : 100 - 100 / (1 + gain / loss);
  }
  return out;
}

function naiveConnorsRsi(
  close: ArrayLike<number>,
  rsiPeriod: number,
  streakPeriod: number,
  rankPeriod: number,
): number[] {
  const n = close.length;
  const prices = Array.from(close);
  const streak = new Array<number>(n).fill(Number.NaN);
  const returns = new Array<number>(n).fill(Number.NaN);
  for (let i = 1; i < n; i++) {
    const previous = i === 1 ? 0 : streak[i - 1];
    if (close[i] > close[i - 1]) streak[i] = previous > 0 ? previous + 1 : 1;
    else if (close[i] < close[i - 1]) streak[i] = previous < 0 ? previous - 1 : -1;
    else streak[i] = 0;
    returns[i] = (close[i] - close[i - 1]) / close[i - 1];
  }
  const priceRsi = naiveRsi(prices, rsiPeriod);
  const streakRsi = naiveRsi(streak, streakPeriod);
  return prices.map((_, i) => {
    if (i < rankPeriod + 1) return Number.NaN;
    let below = 0;
    for (let j = i - rankPeriod; j < i; j++) if (returns[j] < returns[i]) below++;
    return (priceRsi[i] + streakRsi[i] + (100 * below) / rankPeriod) / 3;
  });
}

describe('ConnorsRSI', () => {
  it('hand-computed: periods 1, 1, 2', () => {
    // closes 10, 11, 12, 11, 11.5. RSI(1) is 100 on an up close, 0 on a down close.
    // streaks 1, 2, -1, 1; their RSI(1): up (2 > 1) 100, down 0, up 100.
    // returns .1, 1/11, -1/12, .5/11; rank of -1/12 among (.1, 1/11): 0 %; of .5/11 among (1/11, -1/12): 50 %.
    const out = computeOverValues(new ConnorsRSI(1, 1, 2), [10, 11, 12, 11, 11.5]);
    expect(out[2]).toBeNaN();
    expect(out[3]).toBe(0);
    expect(out[4]).toBeCloseTo((100 + 100 + 50) / 3, 12);
  });

  it('equals a naive implementation on real data (defaults and short periods)', () => {
    const close = loadBacktraderBars().close;
    for (const [rsiPeriod, streakPeriod, rankPeriod] of [
      [3, 2, 100],
      [2, 3, 5],
    ]) {
      const out = computeOverValues(new ConnorsRSI(rsiPeriod, streakPeriod, rankPeriod), close);
      const naive = naiveConnorsRsi(close, rsiPeriod, streakPeriod, rankPeriod);
      const warmUp = Math.max(rsiPeriod + 1, streakPeriod + 2, rankPeriod + 2);
      expect(out[warmUp - 2]).toBeNaN();
      for (let i = warmUp - 1; i < close.length; i++) expect(out[i]).toBeCloseTo(naive[i], 9);
    }
  });

  it('stays within 0..100', () => {
    const out = computeOverValues(new ConnorsRSI(), loadBacktraderBars().close);
    for (let i = 101; i < out.length; i++) {
      expect(out[i]).toBeGreaterThanOrEqual(0);
      expect(out[i]).toBeLessThanOrEqual(100);
    }
  });

  it('rejects bad periods', () => {
    expect(() => new ConnorsRSI(0)).toThrow(RooneyError);
    expect(() => new ConnorsRSI(3, 2, 0)).toThrow('"rankPeriod" must be an integer >= 1, was 0');
  });
});

describeIndicatorContract(findIndicator('connorsrsi'), { expectedWarmUp: 102 });
