import { describe, expect, it } from 'vitest';
import { RooneyError } from '@rooney/core';
import { computeOverBars } from './indicator.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';
import { Vortex } from './vortex.ts';

describe('Vortex', () => {
  it('hand-computed: period 2', () => {
    const vortex = new Vortex(2);
    expect(vortex.updateBar(0, 10, 8, 9, 0, 0)).toBeNaN();
    // bar 1: vm+ = |12 - 8| = 4, vm- = |9 - 10| = 1, tr = max(12, 9) - min(9, 9) = 3
    expect(vortex.updateBar(0, 12, 9, 11, 0, 1)).toBeNaN();
    // bar 2: vm+ = |11 - 9| = 2, vm- = |7 - 12| = 5, tr = max(11, 11) - min(7, 11) = 4
    expect(vortex.updateBar(0, 11, 7, 8, 0, 2)).toBeCloseTo(6 / 7, 12);
    expect(vortex.line(1)).toBeCloseTo(6 / 7, 12);
    // bar 3: vm+ = |13 - 7| = 6, vm- = |10 - 11| = 1, tr = max(13, 8) - min(10, 8) = 5
    expect(vortex.updateBar(0, 13, 10, 12, 0, 3)).toBeCloseTo(8 / 9, 12);
    expect(vortex.line(1)).toBeCloseTo(6 / 9, 12);
  });

  it('equals explicit window sums on real data', () => {
    const { high, low, close, length } = loadBacktraderBars();
    const out = computeOverBars(new Vortex(14), loadBacktraderBars());
    for (let i = 14; i < length; i++) {
      let plus = 0;
      let minus = 0;
      let range = 0;
      for (let j = i - 13; j <= i; j++) {
        plus += Math.abs(high[j] - low[j - 1]);
        minus += Math.abs(low[j] - high[j - 1]);
        range += Math.max(high[j] - low[j], Math.abs(high[j] - close[j - 1]), Math.abs(low[j] - close[j - 1]));
      }
      expect(out.vi_plus[i]).toBeCloseTo(plus / range, 10);
      expect(out.vi_minus[i]).toBeCloseTo(minus / range, 10);
    }
  });

  it("reproduces Backtrader's test_ind_vortex chkvals", () => {
    const out = computeOverBars(new Vortex(14), loadBacktraderBars());
    expectBacktraderCheckValues(out.vi_plus, 15, ['1.245434', '0.921076', '1.062278']);
    expectBacktraderCheckValues(out.vi_minus, 15, ['0.707948', '0.966375', '0.803849']);
  });

  it('rejects a bad period', () => {
    expect(() => new Vortex(0)).toThrow(RooneyError);
    expect(() => new Vortex(0)).toThrow('"period" must be an integer >= 1, was 0');
  });
});

describeIndicatorContract(findIndicator('vortex'), { expectedWarmUp: 15 });
