import { describe, expect, it } from 'vitest';
import { RooneyError } from '@rooney/core';
import { computeOverValues } from './indicator.ts';
import { SMA } from './sma.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';

describe('SMA', () => {
  it('averages the last period inputs (hand-computed)', () => {
    const out = computeOverValues(new SMA(3), [1, 2, 3, 4, 10]);
    expect(out[0]).toBeNaN();
    expect(out[1]).toBeNaN();
    expect(out[2]).toBe(2);
    expect(out[3]).toBe(3);
    expect(out[4]).toBeCloseTo(17 / 3, 12);
  });

  it('period 1 is the input itself', () => {
    expect(Array.from(computeOverValues(new SMA(1), [5, -2, 7]))).toEqual([5, -2, 7]);
  });

  it('matches the naive O(n·period) mean on real data', () => {
    const close = loadBacktraderBars().close;
    for (const period of [2, 5, 30]) {
      const out = computeOverValues(new SMA(period), close);
      for (let i = period - 1; i < close.length; i++) {
        let sum = 0;
        for (let j = i - period + 1; j <= i; j++) sum += close[j];
        expect(out[i]).toBeCloseTo(sum / period, 9);
      }
    }
  });

  it('does not drift over a long series', () => {
    const sma = new SMA(7);
    const values = new Float64Array(200_000);
    for (let i = 0; i < values.length; i++) values[i] = 1e6 + Math.sin(i) * 1e3 + (i % 13) * 0.001;
    const out = computeOverValues(sma, values);
    const last = values.length - 1;
    let sum = 0;
    for (let j = last - 6; j <= last; j++) sum += values[j];
    expect(Math.abs(out[last] - sum / 7)).toBeLessThan(1e-9);
  });

  it("reproduces Backtrader's test_ind_sma chkvals", () => {
    const out = computeOverValues(new SMA(30), loadBacktraderBars().close);
    expectBacktraderCheckValues(out, 30, ['4063.463000', '3644.444667', '3554.693333']);
  });

  it('rejects a bad period', () => {
    expect(() => new SMA(0)).toThrow(RooneyError);
    expect(() => new SMA(2.5)).toThrow('"period" must be an integer >= 1, was 2.5');
  });
});

describeIndicatorContract(findIndicator('sma'), { expectedWarmUp: 30 });
describeIndicatorContract(findIndicator('sma'), { parameters: { period: 1 }, expectedWarmUp: 1 });
