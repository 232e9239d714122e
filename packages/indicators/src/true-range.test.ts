import { describe, expect, it } from 'vitest';
import { computeOverBars } from './indicator.ts';
import { TrueRange } from './true-range.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { describeIndicatorContract } from './testing/contract.ts';

describe('TrueRange', () => {
  it('extends the range to the previous close on gaps (hand-computed)', () => {
    const tr = new TrueRange();
    expect(tr.updateBar(10, 12, 9, 11, 0, 1)).toBeNaN(); // first bar: no previous close
    expect(tr.updateBar(11, 13, 10.5, 12, 0, 2)).toBe(2.5); // inside: high - low
    expect(tr.updateBar(15, 16, 15, 15.5, 0, 3)).toBe(4); // gap up: 16 - prev close 12
    expect(tr.updateBar(10, 11, 9, 10, 0, 4)).toBe(6.5); // gap down: prev close 15.5 - 9
  });

  it('equals max(h-l, |h-c1|, |l-c1|) on real data', () => {
    const bars = loadBacktraderBars();
    const { tr } = computeOverBars(new TrueRange(), bars);
    expect(tr[0]).toBeNaN();
    for (let i = 1; i < bars.length; i++) {
      const previous = bars.close[i - 1];
      const expected = Math.max(
        bars.high[i] - bars.low[i],
        Math.abs(bars.high[i] - previous),
        Math.abs(bars.low[i] - previous),
      );
      expect(tr[i]).toBeCloseTo(expected, 10);
    }
  });
});

describeIndicatorContract(findIndicator('truerange'), { expectedWarmUp: 2 });
