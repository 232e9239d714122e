import { describe, expect, it } from 'vitest';
import { computeOverValues } from './indicator.ts';
import { ZScore } from './z-score.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { describeIndicatorContract } from './testing/contract.ts';
import { referenceStdDevAt } from './testing/reference.ts';

describe('ZScore', () => {
  it('measures distance from the window mean in population deviations (hand-computed)', () => {
    // [2,4,4,4,5,5,7,9]: mean 5, population sd 2 → z of 9 = (9 - 5) / 2 = 2.
    const out = computeOverValues(new ZScore(8), [2, 4, 4, 4, 5, 5, 7, 9]);
    expect(out[6]).toBeNaN();
    expect(out[7]).toBeCloseTo(2, 12);
  });

  it('is 0 for a constant window', () => {
    expect(Array.from(computeOverValues(new ZScore(3), [4, 4, 4, 4]).slice(2))).toEqual([0, 0]);
  });

  it('matches (x - mean) / sd computed naively on real data', () => {
    const close = loadBacktraderBars().close;
    const out = computeOverValues(new ZScore(30), close);
    for (let i = 29; i < close.length; i++) {
      let sum = 0;
      for (let j = i - 29; j <= i; j++) sum += close[j];
      expect(out[i]).toBeCloseTo((close[i] - sum / 30) / referenceStdDevAt(close, i, 30), 8);
    }
  });
});

describeIndicatorContract(findIndicator('zscore'), { expectedWarmUp: 20 });
