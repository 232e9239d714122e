import { describe, expect, it } from 'vitest';
import { Rng } from '@rooney/core';
import { computeOverValues } from './indicator.ts';
import { Highest, Lowest } from './highest.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';

function naiveExtreme(values: ArrayLike<number>, period: number, pick: (...v: number[]) => number): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    out.push(i < period - 1 ? Number.NaN : pick(...Array.from({ length: period }, (_, k) => values[i - k])));
  }
  return out;
}

describe('Highest / Lowest', () => {
  it('track the window extreme (hand-computed)', () => {
    const values = [3, 1, 4, 1, 5, 9, 2, 6];
    expect(Array.from(computeOverValues(new Highest(3), values))).toEqual([NaN, NaN, 4, 4, 5, 9, 9, 9]);
    expect(Array.from(computeOverValues(new Lowest(3), values))).toEqual([NaN, NaN, 1, 1, 1, 1, 2, 2]);
  });

  it('handle ties, decreasing and increasing runs like the naive scan (random data, many periods)', () => {
    const rng = new Rng(7);
    const values = Array.from({ length: 2000 }, () => rng.int(20)); // many ties
    for (const period of [1, 2, 3, 10, 64]) {
      expect(Array.from(computeOverValues(new Highest(period), values))).toEqual(
        naiveExtreme(values, period, Math.max),
      );
      expect(Array.from(computeOverValues(new Lowest(period), values))).toEqual(
        naiveExtreme(values, period, Math.min),
      );
    }
    const ramp = Array.from({ length: 50 }, (_, i) => i);
    expect(Array.from(computeOverValues(new Highest(5), ramp))).toEqual(naiveExtreme(ramp, 5, Math.max));
    expect(Array.from(computeOverValues(new Lowest(5), ramp))).toEqual(naiveExtreme(ramp, 5, Math.min));
  });

  it("reproduce Backtrader's test_ind_highest / test_ind_lowest chkvals (period 14)", () => {
    const close = loadBacktraderBars().close;
    expectBacktraderCheckValues(computeOverValues(new Highest(14), close), 14, [
      '4140.660000',
      '3671.780000',
      '3670.750000',
    ]);
    expectBacktraderCheckValues(computeOverValues(new Lowest(14), close), 14, [
      '4019.890000',
      '3570.170000',
      '3506.070000',
    ]);
  });
});

describeIndicatorContract(findIndicator('highest'), { expectedWarmUp: 14 });
describeIndicatorContract(findIndicator('lowest'), { expectedWarmUp: 14 });
describeIndicatorContract(findIndicator('highest'), { parameters: { period: 1 }, expectedWarmUp: 1 });
