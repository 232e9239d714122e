import { describe, expect, it } from 'vitest';
import { computeOverBars } from './indicator.ts';
import { IBS } from './ibs.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { describeIndicatorContract } from './testing/contract.ts';

describe('IBS', () => {
  it('places the close inside the range (hand-computed)', () => {
    const ibs = new IBS();
    expect(ibs.updateBar(10, 12, 8, 9, 0, 1)).toBe(0.25);
    expect(ibs.updateBar(10, 12, 8, 12, 0, 2)).toBe(1);
    expect(ibs.updateBar(10, 12, 8, 8, 0, 3)).toBe(0);
    expect(ibs.updateBar(5, 5, 5, 5, 0, 4)).toBe(0.5); // no range
  });

  it('equals (c - l) / (h - l) on every real bar and stays in [0, 1]', () => {
    const bars = loadBacktraderBars();
    const { ibs } = computeOverBars(new IBS(), bars);
    for (let i = 0; i < bars.length; i++) {
      expect(ibs[i]).toBeCloseTo((bars.close[i] - bars.low[i]) / (bars.high[i] - bars.low[i]), 12);
      expect(ibs[i] >= 0 && ibs[i] <= 1).toBe(true);
    }
  });
});

describeIndicatorContract(findIndicator('ibs'), { expectedWarmUp: 1 });
