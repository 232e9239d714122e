import { describe, expect, it } from 'vitest';
import { computeOverValues } from './indicator.ts';
import { HMA } from './hma.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';
import { maxDifference, referenceWma } from './testing/reference.ts';

function referenceHma(values: ArrayLike<number>, period: number): number[] {
  const full = referenceWma(values, period);
  const half = referenceWma(values, Math.floor(period / 2));
  const difference = full.map((f, i) => 2 * half[i] - f);
  return referenceWma(difference, Math.floor(Math.sqrt(period)));
}

describe('HMA', () => {
  it('is WMA(2 WMA(n/2) - WMA(n), sqrt n) (hand-computed, period 4)', () => {
    // WMA(4) of 1..4 = (1+4+9+16)/10 = 3, WMA(2) of (3,4) = (3+8)/3 = 11/3 → 2·11/3 - 3 = 13/3.
    // WMA(4) of 2..5 = 4, WMA(2) of (4,5) = 14/3 → 28/3 - 4 = 16/3. Outer WMA(2): (13/3 + 2·16/3)/3 = 5.
    const out = computeOverValues(new HMA(4), [1, 2, 3, 4, 5]);
    expect(out[3]).toBeNaN();
    expect(out[4]).toBeCloseTo(5, 12);
  });

  it('matches composed naive WMAs on real data', () => {
    const close = loadBacktraderBars().close;
    for (const period of [2, 9, 16, 30]) {
      expect(maxDifference(computeOverValues(new HMA(period), close), referenceHma(close, period))).toBeLessThan(1e-11);
    }
  });

  it("reproduces Backtrader's test_ind_hma chkvals", () => {
    const out = computeOverValues(new HMA(30), loadBacktraderBars().close);
    expectBacktraderCheckValues(out, 34, ['4135.661250', '3736.429214', '3578.389024']);
  });
});

describeIndicatorContract(findIndicator('hma'), { expectedWarmUp: 34 });
