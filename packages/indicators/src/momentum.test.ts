import { describe, expect, it } from 'vitest';
import { RooneyError } from '@rooney/core';
import { computeOverValues } from './indicator.ts';
import { Momentum } from './momentum.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';

describe('Momentum', () => {
  it('hand-computed', () => {
    const out = computeOverValues(new Momentum(2), [10, 12, 15, 11, 11]);
    expect(out[1]).toBeNaN();
    expect(Array.from(out.slice(2))).toEqual([5, -1, -4]);
  });

  it('equals the direct difference on real data', () => {
    const close = loadBacktraderBars().close;
    const out = computeOverValues(new Momentum(12), close);
    for (let i = 12; i < close.length; i++) expect(out[i]).toBe(close[i] - close[i - 12]);
  });

  it("reproduces Backtrader's test_ind_momentum chkvals", () => {
    const out = computeOverValues(new Momentum(12), loadBacktraderBars().close);
    expectBacktraderCheckValues(out, 13, ['67.050000', '-34.160000', '67.630000']);
  });

  it('rejects a bad period', () => {
    expect(() => new Momentum(0)).toThrow(RooneyError);
    expect(() => new Momentum(0.5)).toThrow('"period" must be an integer >= 1, was 0.5');
  });
});

describeIndicatorContract(findIndicator('momentum'), { expectedWarmUp: 13 });
