import { describe, expect, it } from 'vitest';
import { computeOverValues } from './indicator.ts';
import { ZLEMA } from './zlema.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';
import { maxDifference, referenceEma } from './testing/reference.ts';

describe('ZLEMA', () => {
  it('is an EMA of 2x - x(lag) (hand-computed, period 3: lag 1, alpha 0.5)', () => {
    // corrected inputs from bar 1: 2·2-1 = 3, 2·6-2 = 10, 2·4-6 = 2, 2·8-4 = 12.
    // EMA(3): seed mean(3, 10, 2) = 5 at bar 3; bar 4: 5 + 0.5 (12 - 5) = 8.5.
    const out = computeOverValues(new ZLEMA(3), [1, 2, 6, 4, 8]);
    expect(out[2]).toBeNaN();
    expect(Array.from(out.slice(3))).toEqual([5, 8.5]);
  });

  it('matches a naive EMA of the corrected series on real data', () => {
    const close = loadBacktraderBars().close;
    for (const period of [1, 2, 7, 30]) {
      const lag = Math.floor((period - 1) / 2);
      const corrected = Array.from(close, (x, i) => (i < lag ? Number.NaN : 2 * x - close[i - lag]));
      expect(maxDifference(computeOverValues(new ZLEMA(period), close), referenceEma(corrected, period))).toBeLessThan(
        1e-12,
      );
    }
  });

  it("reproduces Backtrader's test_ind_zlema chkvals", () => {
    const out = computeOverValues(new ZLEMA(30), loadBacktraderBars().close);
    expectBacktraderCheckValues(out, 44, ['4125.487746', '3778.694000', '3620.284712']);
  });
});

describeIndicatorContract(findIndicator('zlema'), { expectedWarmUp: 44 });
