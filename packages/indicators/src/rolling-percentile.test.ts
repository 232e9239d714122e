import { describe, expect, it } from 'vitest';
import { Rng } from '@rooney/core';
import { computeOverValues } from './indicator.ts';
import { RollingPercentile } from './rolling-percentile.ts';
import { Highest, Lowest } from './highest.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { describeIndicatorContract } from './testing/contract.ts';

/** numpy's default percentile (linear, type 7) of one window, by sorting a copy. */
function referenceQuantile(window: number[], q: number): number {
  const sorted = [...window].sort((a, b) => a - b);
  const h = (sorted.length - 1) * q;
  const low = Math.floor(h);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low] + (h - low) * (sorted[high] - sorted[low]);
}

describe('RollingPercentile', () => {
  it('interpolates between order statistics (hand-computed)', () => {
    // window [10, 40, 20, 30]: sorted 10 20 30 40; median h = 1.5 → 25; q 0.9 h = 2.7 → 30 + 0.7·10 = 37.
    expect(computeOverValues(new RollingPercentile(4, 0.5), [10, 40, 20, 30])[3]).toBe(25);
    expect(computeOverValues(new RollingPercentile(4, 0.9), [10, 40, 20, 30])[3]).toBeCloseTo(37, 12);
    // odd window: the median is the middle value
    expect(computeOverValues(new RollingPercentile(3, 0.5), [10, 40, 20, 30])[3]).toBe(30);
  });

  it('matches sort-and-interpolate on random data with ties', () => {
    const rng = new Rng(3);
    const values = Array.from({ length: 1500 }, () => rng.int(30) + (rng.next() < 0.5 ? 0 : rng.normal()));
    for (const [period, q] of [
      [1, 0.5],
      [5, 0.25],
      [20, 0.5],
      [63, 0.95],
    ]) {
      const out = computeOverValues(new RollingPercentile(period, q), values);
      for (let i = period - 1; i < values.length; i++) {
        expect(out[i]).toBeCloseTo(referenceQuantile(values.slice(i - period + 1, i + 1), q), 12);
      }
    }
  });

  it('quantiles 0 and 1 are the rolling minimum and maximum', () => {
    const close = loadBacktraderBars().close;
    expect(Array.from(computeOverValues(new RollingPercentile(14, 0), close))).toEqual(
      Array.from(computeOverValues(new Lowest(14), close)),
    );
    expect(Array.from(computeOverValues(new RollingPercentile(14, 1), close))).toEqual(
      Array.from(computeOverValues(new Highest(14), close)),
    );
  });
});

describeIndicatorContract(findIndicator('percentile'), { expectedWarmUp: 20 });
describeIndicatorContract(findIndicator('percentile'), { parameters: { quantile: 0.9, period: 7 }, expectedWarmUp: 7 });
