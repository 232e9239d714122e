import { describe, expect, it } from 'vitest';
import { RooneyError } from '@rooney/core';
import { computeOverBars } from './indicator.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';
import { WilliamsR } from './williams-r.ts';

describe('WilliamsR', () => {
  it('hand-computed: period 3', () => {
    const r = new WilliamsR(3);
    expect(r.updateBar(9, 10, 8, 9, 0, 0)).toBeNaN();
    expect(r.updateBar(11, 12, 9, 11, 0, 1)).toBeNaN();
    expect(r.updateBar(10, 11, 9, 10, 0, 2)).toBe(-50); // -100 * (12 - 10) / (12 - 8)
    expect(r.updateBar(12, 13, 10, 13, 0, 3)).toBeCloseTo(0, 15); // close at the highest high
    expect(r.updateBar(10, 11, 9, 9, 0, 4)).toBe(-100); // close at the lowest low (9)
  });

  it('gives -50 on a flat window', () => {
    const r = new WilliamsR(2);
    r.updateBar(5, 5, 5, 5, 0, 0);
    expect(r.updateBar(5, 5, 5, 5, 0, 1)).toBe(-50);
  });

  it('equals a naive window scan on real data', () => {
    const bars = loadBacktraderBars();
    const out = computeOverBars(new WilliamsR(14), bars).percent_r;
    for (let i = 13; i < bars.length; i++) {
      const highest = Math.max(...bars.high.subarray(i - 13, i + 1));
      const lowest = Math.min(...bars.low.subarray(i - 13, i + 1));
      expect(out[i]).toBeCloseTo((-100 * (highest - bars.close[i])) / (highest - lowest), 10);
    }
  });

  it("reproduces Backtrader's test_ind_williamsr chkvals", () => {
    const out = computeOverBars(new WilliamsR(14), loadBacktraderBars()).percent_r;
    expectBacktraderCheckValues(out, 14, ['-16.458733', '-68.298609', '-28.602854']);
  });

  it('rejects a bad period', () => {
    expect(() => new WilliamsR(0)).toThrow(RooneyError);
    expect(() => new WilliamsR(-3)).toThrow('"period" must be an integer >= 1, was -3');
  });
});

describeIndicatorContract(findIndicator('williamsr'), { expectedWarmUp: 14 });
