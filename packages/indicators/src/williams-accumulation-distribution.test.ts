import { describe, expect, it } from 'vitest';
import { computeOverBars } from './indicator.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';
import { WilliamsAccumulationDistribution } from './williams-accumulation-distribution.ts';

describe('WilliamsAccumulationDistribution', () => {
  it('hand-computed: up, down and unchanged closes', () => {
    const ad = new WilliamsAccumulationDistribution();
    expect(ad.updateBar(10, 11, 9, 10, 0, 0)).toBeNaN();
    // up close 10 -> 12: + (12 - min(11, 10)) = 2
    expect(ad.updateBar(11, 13, 11, 12, 0, 1)).toBe(2);
    // down close 12 -> 11: + (11 - max(11.5, 12)) = -1
    expect(ad.updateBar(12, 11.5, 10, 11, 0, 2)).toBe(1);
    // unchanged close: nothing added
    expect(ad.updateBar(11, 14, 8, 11, 0, 3)).toBe(1);
    // up close 11 -> 13 with a gap up: true low is the prior close 11 -> + 2
    expect(ad.updateBar(13, 14, 12.5, 13, 0, 4)).toBe(3);
  });

  it('equals the running total computed directly on real data', () => {
    const bars = loadBacktraderBars();
    const out = computeOverBars(new WilliamsAccumulationDistribution(), bars).ad;
    let total = 0;
    for (let i = 1; i < bars.length; i++) {
      const previous = bars.close[i - 1];
      const close = bars.close[i];
      if (close > previous) total += close - Math.min(bars.low[i], previous);
      if (close < previous) total += close - Math.max(bars.high[i], previous);
      expect(out[i]).toBeCloseTo(total, 8);
    }
  });

  it("reproduces Backtrader's test_ind_williamsad chkvals", () => {
    const out = computeOverBars(new WilliamsAccumulationDistribution(), loadBacktraderBars()).ad;
    expectBacktraderCheckValues(out, 2, ['755.050000', '12.500000', '242.980000']);
  });
});

describeIndicatorContract(findIndicator('williamsad'), { expectedWarmUp: 2 });
