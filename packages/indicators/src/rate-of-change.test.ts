import { describe, expect, it } from 'vitest';
import { RooneyError } from '@rooney/core';
import { computeOverValues } from './indicator.ts';
import { RateOfChange } from './rate-of-change.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';

describe('RateOfChange', () => {
  it('hand-computed: a ratio, not a percentage', () => {
    const out = computeOverValues(new RateOfChange(2), [100, 50, 110, 40, 121]);
    expect(out[1]).toBeNaN();
    expect(out[2]).toBeCloseTo(0.1, 15); // (110 - 100) / 100
    expect(out[3]).toBeCloseTo(-0.2, 15); // (40 - 50) / 50
    expect(out[4]).toBeCloseTo(0.1, 15); // (121 - 110) / 110
  });

  it('equals the direct formula on real data', () => {
    const close = loadBacktraderBars().close;
    const out = computeOverValues(new RateOfChange(12), close);
    for (let i = 12; i < close.length; i++) expect(out[i]).toBe((close[i] - close[i - 12]) / close[i - 12]);
  });

  it("reproduces Backtrader's test_ind_roc chkvals", () => {
    const out = computeOverValues(new RateOfChange(12), loadBacktraderBars().close);
    expectBacktraderCheckValues(out, 13, ['0.016544', '-0.009477', '0.019050']);
  });

  it('rejects a bad period', () => {
    expect(() => new RateOfChange(0)).toThrow(RooneyError);
    expect(() => new RateOfChange(0)).toThrow('"period" must be an integer >= 1, was 0');
  });
});

describeIndicatorContract(findIndicator('roc'), { expectedWarmUp: 13 });
describeIndicatorContract(findIndicator('roc'), { parameters: { period: 1 }, expectedWarmUp: 2 });
