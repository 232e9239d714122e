import { describe, expect, it } from 'vitest';
import { computeOverValues } from './indicator.ts';
import { KAMA } from './kama.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';
import { maxDifference } from './testing/reference.ts';

/** KAMA straight from the formula, rescanning the window on every bar. */
function referenceKama(values: ArrayLike<number>, period: number, fast: number, slow: number): number[] {
  const fastAlpha = 2 / (fast + 1);
  const slowAlpha = 2 / (slow + 1);
  const out: number[] = new Array(values.length).fill(Number.NaN);
  let kama = Number.NaN;
  for (let i = period; i < values.length; i++) {
    if (i === period) {
      let sum = 0;
      for (let j = 1; j <= period; j++) sum += values[j];
      kama = sum / period;
    } else {
      let volatility = 0;
      for (let j = i - period + 1; j <= i; j++) volatility += Math.abs(values[j] - values[j - 1]);
      const er = volatility === 0 ? 0 : Math.abs(values[i] - values[i - period]) / volatility;
      const sc = (er * (fastAlpha - slowAlpha) + slowAlpha) ** 2;
      kama = kama * (1 - sc) + values[i] * sc;
    }
    out[i] = kama;
  }
  return out;
}

describe('KAMA', () => {
  it('follows the efficiency ratio (hand-computed)', () => {
    // period 2, fast 1 (alpha 1), slow 3 (alpha 0.5). Seed at bar 2: mean(2, 4) = 3.
    // Bar 3 (x=6): direction 6-2 = 4, volatility |6-4| + |4-2| = 4 → er 1 → sc 1 → kama = 6.
    // Bar 4 (x=4): direction 4-4 = 0 → er 0 → sc 0.25 → 6 + 0.25 (4 - 6) = 5.5.
    const out = computeOverValues(new KAMA(2, 1, 3), [0, 2, 4, 6, 4]);
    expect(out[1]).toBeNaN();
    expect(Array.from(out.slice(2))).toEqual([3, 6, 5.5]);
  });

  it('matches the formula rescanned on every bar (real data, several settings)', () => {
    const close = loadBacktraderBars().close;
    for (const [period, fast, slow] of [
      [30, 2, 30],
      [10, 2, 30],
      [3, 5, 20],
    ]) {
      const out = computeOverValues(new KAMA(period, fast, slow), close);
      expect(maxDifference(out, referenceKama(close, period, fast, slow))).toBeLessThan(1e-11);
    }
  });

  it('treats a flat window (zero volatility) as no trend, without NaN (hand-computed)', () => {
    const out = computeOverValues(new KAMA(3, 2, 30), [5, 5, 5, 5, 5, 8]);
    expect(out[4]).toBe(5);
    // Bar 5: direction 8 - 5 = 3 equals the volatility 3 → er 1 → sc (2/3)^2 → 5 + (4/9)·3.
    expect(out[5]).toBeCloseTo(5 + (4 / 9) * 3, 12);
  });

  it("reproduces Backtrader's test_ind_kama chkvals", () => {
    const out = computeOverValues(new KAMA(30, 2, 30), loadBacktraderBars().close);
    expectBacktraderCheckValues(out, 31, ['4054.187922', '3648.549000', '3592.979190']);
  });
});

describeIndicatorContract(findIndicator('kama'), { expectedWarmUp: 31 });
