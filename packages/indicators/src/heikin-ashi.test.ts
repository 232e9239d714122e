import { describe, expect, it } from 'vitest';
import { computeOverBars } from './indicator.ts';
import { HeikinAshi } from './heikin-ashi.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';

describe('HeikinAshi', () => {
  it('builds smoothed candles (hand-computed)', () => {
    const ha = new HeikinAshi();
    expect(ha.updateBar(10, 14, 8, 12, 0, 1)).toBeNaN(); // seeds open (10+12)/2 = 11, close 11
    // bar 2: open = (11 + 11)/2 = 11; close = (12+15+11+14)/4 = 13; high = max(15, 11, 13); low = min(11, 11, 13)
    expect(ha.updateBar(12, 15, 11, 14, 0, 2)).toBe(11);
    expect([ha.line(1), ha.line(2), ha.line(3)]).toEqual([15, 11, 13]);
    // bar 3: open = (11 + 13)/2 = 12 (above this bar's high 11.5 → high 12); close = (11+11.5+9+10)/4 = 10.375
    expect(ha.updateBar(11, 11.5, 9, 10, 0, 3)).toBe(12);
    expect([ha.line(1), ha.line(2), ha.line(3)]).toEqual([12, 9, 10.375]);
  });

  it('matches the recursion written out on real data', () => {
    const bars = loadBacktraderBars();
    const lines = computeOverBars(new HeikinAshi(), bars);
    let open = (bars.open[0] + bars.close[0]) / 2;
    let close = (bars.open[0] + bars.high[0] + bars.low[0] + bars.close[0]) / 4;
    for (let i = 1; i < bars.length; i++) {
      open = (open + close) / 2;
      close = (bars.open[i] + bars.high[i] + bars.low[i] + bars.close[i]) / 4;
      expect(lines.open[i]).toBeCloseTo(open, 10);
      expect(lines.close[i]).toBeCloseTo(close, 10);
      expect(lines.high[i]).toBeCloseTo(Math.max(bars.high[i], open, close), 10);
      expect(lines.low[i]).toBeCloseTo(Math.min(bars.low[i], open, close), 10);
    }
  });

  it("reproduces the chkvals of Backtrader's test_ind_heikinashi (a test Backtrader itself disables)", () => {
    const lines = computeOverBars(new HeikinAshi(), loadBacktraderBars());
    expectBacktraderCheckValues(lines.open, 2, ['4119.466107', '3591.732500', '3578.625259']);
    expectBacktraderCheckValues(lines.high, 2, ['4142.010000', '3638.420000', '3662.920000']);
    expectBacktraderCheckValues(lines.low, 2, ['4119.466107', '3591.732500', '3578.625259']);
    expectBacktraderCheckValues(lines.close, 2, ['4128.002500', '3614.670000', '3653.455000']);
  });
});

describeIndicatorContract(findIndicator('heikinashi'), { expectedWarmUp: 2 });
