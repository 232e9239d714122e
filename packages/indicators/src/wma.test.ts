import { describe, expect, it } from 'vitest';
import { computeOverValues } from './indicator.ts';
import { WMA } from './wma.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';
import { maxDifference, referenceWma } from './testing/reference.ts';

describe('WMA', () => {
  it('weighs the newest input most (hand-computed)', () => {
    // period 3: (1·1 + 2·2 + 3·3)/6 = 14/6, then (1·2 + 2·3 + 3·10)/6 = 38/6.
    const out = computeOverValues(new WMA(3), [1, 2, 3, 10]);
    expect(out[1]).toBeNaN();
    expect(out[2]).toBeCloseTo(14 / 6, 12);
    expect(out[3]).toBeCloseTo(38 / 6, 12);
  });

  it('matches the naive weighted sum on real data', () => {
    const close = loadBacktraderBars().close;
    for (const period of [1, 2, 9, 30]) {
      expect(maxDifference(computeOverValues(new WMA(period), close), referenceWma(close, period))).toBeLessThan(1e-12);
    }
  });

  it('does not drift over a long series', () => {
    const values = new Float64Array(100_000).map((_, i) => 5000 + 100 * Math.sin(i / 7));
    const out = computeOverValues(new WMA(13), values);
    const reference = referenceWma(values.subarray(values.length - 13), 13);
    expect(Math.abs(out[values.length - 1] - reference[12])).toBeLessThan(1e-9);
  });

  it("reproduces Backtrader's test_ind_wma chkvals", () => {
    const out = computeOverValues(new WMA(30), loadBacktraderBars().close);
    expectBacktraderCheckValues(out, 30, ['4076.212366', '3655.193634', '3576.228000']);
  });
});

describeIndicatorContract(findIndicator('wma'), { expectedWarmUp: 30 });
