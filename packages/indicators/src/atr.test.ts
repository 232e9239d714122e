import { describe, expect, it } from 'vitest';
import { computeOverBars } from './indicator.ts';
import { ATR } from './atr.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';
import { maxDifference, referenceAtr } from './testing/reference.ts';

describe('ATR', () => {
  it('Wilder-smooths true ranges from the second bar (hand-computed, period 2)', () => {
    const atr = new ATR(2);
    expect(atr.updateBar(10, 11, 9, 10, 0, 1)).toBeNaN(); // no true range yet
    expect(atr.updateBar(10, 12, 10, 11, 0, 2)).toBeNaN(); // tr 2
    expect(atr.updateBar(11, 11, 7, 8, 0, 3)).toBe(3); // tr 4 → seed mean(2, 4) = 3
    expect(atr.updateBar(8, 9, 8, 9, 0, 4)).toBe(2); // tr 1 → 3 + (1 - 3)/2 = 2
  });

  it('matches a naive Wilder ATR on real data', () => {
    const bars = loadBacktraderBars();
    for (const period of [1, 5, 14]) {
      const { atr } = computeOverBars(new ATR(period), bars);
      expect(maxDifference(atr, referenceAtr(bars.high, bars.low, bars.close, period))).toBeLessThan(1e-12);
    }
  });

  it("reproduces Backtrader's test_ind_atr chkvals (minimum period 15: no high-low first bar)", () => {
    const { atr } = computeOverBars(new ATR(14), loadBacktraderBars());
    expectBacktraderCheckValues(atr, 15, ['35.866308', '34.264286', '54.329064']);
  });
});

describeIndicatorContract(findIndicator('atr'), { expectedWarmUp: 15 });
