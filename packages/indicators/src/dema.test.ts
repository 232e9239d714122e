import { describe, expect, it } from 'vitest';
import { computeOverValues } from './indicator.ts';
import { DEMA } from './dema.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';
import { maxDifference, referenceEma } from './testing/reference.ts';

describe('DEMA', () => {
  it('is 2 EMA - EMA(EMA) (hand-computed)', () => {
    // period 2, alpha 2/3. ema1: [NaN, 1.5, 2.5, 3.5]; ema2 seeded at bar 2 with (1.5+2.5)/2 = 2,
    // then 2 + 2/3 (3.5 - 2) = 3. dema: bar 2 → 2·2.5 - 2 = 3; bar 3 → 2·3.5 - 3 = 4.
    const out = computeOverValues(new DEMA(2), [1, 2, 3, 4]);
    expect(out[1]).toBeNaN();
    expect(out[2]).toBeCloseTo(3, 12);
    expect(out[3]).toBeCloseTo(4, 12);
  });

  it('matches the composition of naive EMAs on real data', () => {
    const close = loadBacktraderBars().close;
    const ema1 = referenceEma(close, 10);
    const ema2 = referenceEma(ema1, 10);
    const expected = ema1.map((e, i) => 2 * e - ema2[i]);
    expect(maxDifference(computeOverValues(new DEMA(10), close), expected)).toBeLessThan(1e-12);
  });

  it("reproduces Backtrader's test_ind_dema chkvals", () => {
    const out = computeOverValues(new DEMA(30), loadBacktraderBars().close);
    expectBacktraderCheckValues(out, 59, ['4115.563246', '3852.837209', '3665.728415']);
  });
});

describeIndicatorContract(findIndicator('dema'), { expectedWarmUp: 59 });
