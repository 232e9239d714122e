import { describe, expect, it } from 'vitest';
import { computeOverValues } from './indicator.ts';
import { StdDev } from './std-dev.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { describeIndicatorContract } from './testing/contract.ts';

/** Two-pass population standard deviation of values[i-period+1..i]. */
function naiveStdDev(values: ArrayLike<number>, i: number, period: number): number {
  let sum = 0;
  for (let j = i - period + 1; j <= i; j++) sum += values[j];
  const mean = sum / period;
  let squares = 0;
  for (let j = i - period + 1; j <= i; j++) squares += (values[j] - mean) ** 2;
  return Math.sqrt(squares / period);
}

describe('StdDev', () => {
  it('is the population deviation (hand-computed)', () => {
    // [2,4,4,4,5,5,7,9]: mean 5, population variance 4 → 2 (sample deviation would be 2.138).
    const sd = new StdDev(8);
    const out = computeOverValues(sd, [2, 4, 4, 4, 5, 5, 7, 9]);
    expect(out[6]).toBeNaN();
    expect(out[7]).toBeCloseTo(2, 12);
    expect(sd.mean).toBeCloseTo(5, 12);
    expect(sd.variance).toBeCloseTo(4, 12);
  });

  it('is 0 on a constant series and never NaN from rounding', () => {
    const out = computeOverValues(new StdDev(5), new Array(40).fill(4123.37));
    for (let i = 4; i < 40; i++) expect(out[i]).toBe(0);
  });

  it('matches the two-pass formula on real data', () => {
    const close = loadBacktraderBars().close;
    for (const period of [2, 20, 60]) {
      const out = computeOverValues(new StdDev(period), close);
      for (let i = period - 1; i < close.length; i++) expect(out[i]).toBeCloseTo(naiveStdDev(close, i, period), 8);
    }
  });

  it('stays accurate for small deviations at a large level over a long series', () => {
    const values = new Float64Array(100_003);
    for (let i = 0; i < values.length; i++) values[i] = 1e7 + ((i * 7919) % 101) * 1e-3;
    const out = computeOverValues(new StdDev(30), values);
    for (const i of [29, 50_000, 100_002]) {
      expect(Math.abs(out[i] - naiveStdDev(values, i, 30))).toBeLessThan(1e-7);
    }
  });
});

describeIndicatorContract(findIndicator('stddev'), { expectedWarmUp: 20 });
