import { describe, expect, it } from 'vitest';
import { computeOverBars } from './indicator.ts';
import { DonchianChannel } from './donchian-channel.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { describeIndicatorContract } from './testing/contract.ts';

describe('DonchianChannel', () => {
  it('spans the highest high and lowest low, with the close position (hand-computed)', () => {
    const channel = new DonchianChannel(2);
    expect(channel.updateBar(10, 12, 9, 11, 0, 1)).toBeNaN();
    expect(channel.updateBar(11, 14, 10, 13, 0, 2)).toBe(14);
    expect(channel.line(1)).toBe(9); // lower
    expect(channel.line(2)).toBe(11.5); // mid
    expect(channel.line(3)).toBe(0.8); // (13 - 9) / (14 - 9)
    channel.updateBar(13, 13, 13, 13, 0, 3); // window: bars 2 and 3
    expect([channel.value, channel.line(1), channel.line(3)]).toEqual([14, 10, 0.75]);
    const flat = new DonchianChannel(1);
    flat.updateBar(5, 5, 5, 5, 0, 1);
    expect(flat.line(3)).toBe(0.5);
  });

  it('matches a naive scan of highs and lows on real data', () => {
    const bars = loadBacktraderBars();
    const period = 20;
    const { upper, lower, mid, position } = computeOverBars(new DonchianChannel(period), bars);
    for (let i = period - 1; i < bars.length; i++) {
      const top = Math.max(...bars.high.subarray(i - period + 1, i + 1));
      const bottom = Math.min(...bars.low.subarray(i - period + 1, i + 1));
      expect(upper[i]).toBe(top);
      expect(lower[i]).toBe(bottom);
      expect(mid[i]).toBe((top + bottom) / 2);
      expect(position[i]).toBeCloseTo((bars.close[i] - bottom) / (top - bottom), 12);
      expect(position[i] >= 0 && position[i] <= 1).toBe(true);
    }
  });
});

describeIndicatorContract(findIndicator('donchian'), { expectedWarmUp: 20 });
