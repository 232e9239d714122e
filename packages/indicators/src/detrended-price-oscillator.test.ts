import { describe, expect, it } from 'vitest';
import { RooneyError } from '@rooney/core';
import { DetrendedPriceOscillator } from './detrended-price-oscillator.ts';
import { computeOverValues } from './indicator.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';

describe('DetrendedPriceOscillator', () => {
  it("uses Backtrader's lag: ceil(period / 2) - 1", () => {
    expect(new DetrendedPriceOscillator(20).lag).toBe(9);
    expect(new DetrendedPriceOscillator(21).lag).toBe(10);
    expect(new DetrendedPriceOscillator(4).lag).toBe(1);
    expect(new DetrendedPriceOscillator(1).lag).toBe(0);
  });

  it('hand-computed: period 4 (lag 1)', () => {
    // SMA4 at bar 3 = (1 + 2 + 3 + 6) / 4 = 3; at bar 4 = (2 + 3 + 6 + 9) / 4 = 5
    // dpo at bar 4 = 9 - SMA4 at bar 3 = 6; at bar 5 = 1 - 5 = -4
    const out = computeOverValues(new DetrendedPriceOscillator(4), [1, 2, 3, 6, 9, 1]);
    expect(out[3]).toBeNaN();
    expect(out[4]).toBe(6);
    expect(out[5]).toBe(-4);
  });

  it('equals the direct formula on real data', () => {
    const close = loadBacktraderBars().close;
    const out = computeOverValues(new DetrendedPriceOscillator(20), close);
    for (let i = 28; i < close.length; i++) {
      let sum = 0;
      for (let j = i - 9 - 19; j <= i - 9; j++) sum += close[j];
      expect(out[i]).toBeCloseTo(close[i] - sum / 20, 9);
    }
  });

  it("reproduces Backtrader's test_ind_dpo chkvals", () => {
    const out = computeOverValues(new DetrendedPriceOscillator(20), loadBacktraderBars().close);
    expectBacktraderCheckValues(out, 29, ['83.271000', '105.625000', '1.187000']);
  });

  it('rejects a bad period', () => {
    expect(() => new DetrendedPriceOscillator(0)).toThrow(RooneyError);
    expect(() => new DetrendedPriceOscillator(0)).toThrow('"period" must be an integer >= 1, was 0');
  });
});

describeIndicatorContract(findIndicator('dpo'), { expectedWarmUp: 29 });
describeIndicatorContract(findIndicator('dpo'), { parameters: { period: 1 }, expectedWarmUp: 1 });
