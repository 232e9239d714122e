import { describe, expect, it } from 'vitest';
import { computeOverValues } from './indicator.ts';
import { SMMA } from './smma.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';

describe('SMMA', () => {
  it("is Wilder's smoothing seeded with the SMA (hand-computed)", () => {
    // period 4: seed (1+2+3+6)/4 = 3; then (3*3 + 7)/4 = 4; then (3*4 + 0)/4 = 3.
    const out = computeOverValues(new SMMA(4), [1, 2, 3, 6, 7, 0]);
    expect(out[2]).toBeNaN();
    expect(Array.from(out.slice(3))).toEqual([3, 4, 3]);
  });

  it("equals Wilder's form ((period-1)·prev + x)/period on real data", () => {
    const close = loadBacktraderBars().close;
    const period = 14;
    const out = computeOverValues(new SMMA(period), close);
    let previous = 0;
    for (let j = 0; j < period; j++) previous += close[j] / period;
    for (let i = period; i < close.length; i++) {
      previous = ((period - 1) * previous + close[i]) / period;
      expect(out[i]).toBeCloseTo(previous, 9);
    }
  });

  it("reproduces Backtrader's test_ind_smma chkvals", () => {
    const out = computeOverValues(new SMMA(30), loadBacktraderBars().close);
    expectBacktraderCheckValues(out, 30, ['4021.569725', '3644.444667', '3616.427648']);
  });
});

describeIndicatorContract(findIndicator('smma'), { expectedWarmUp: 30 });
