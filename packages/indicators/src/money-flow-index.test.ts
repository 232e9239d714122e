import { describe, expect, it } from 'vitest';
import { RooneyError } from '@rooney/core';
import { computeOverBars } from './indicator.ts';
import { MoneyFlowIndex } from './money-flow-index.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { describeIndicatorContract } from './testing/contract.ts';

describe('MoneyFlowIndex', () => {
  it('hand-computed: period 2', () => {
    const mfi = new MoneyFlowIndex(2);
    const bar = (price: number, volume: number) => mfi.updateBar(price, price, price, price, volume, 0);
    expect(bar(10, 100)).toBeNaN();
    expect(bar(12, 100)).toBeNaN(); // +1200
    // typical 11 < 12: -1100 -> 100 - 100 / (1 + 1200 / 1100)
    expect(bar(11, 100)).toBeCloseTo(100 - 100 / (1 + 1200 / 1100), 12);
    // unchanged typical: no flow; the window now holds -1100 and nothing
    expect(bar(11, 500)).toBe(0);
  });

  it('gives 100 with only positive flow and 50 with no flow', () => {
    const rising = new MoneyFlowIndex(2);
    const flat = new MoneyFlowIndex(2);
    let up = Number.NaN;
    let none = Number.NaN;
    for (let i = 0; i < 4; i++) {
      up = rising.updateBar(0, 10 + i, 10 + i, 10 + i, 100, i);
      none = flat.updateBar(0, 10, 10, 10, 100, i);
    }
    expect(up).toBe(100);
    expect(none).toBe(50);
  });

  it('equals explicit window sums on real data', () => {
    const bars = loadBacktraderBars();
    const tp = Array.from({ length: bars.length }, (_, i) => (bars.high[i] + bars.low[i] + bars.close[i]) / 3);
    const out = computeOverBars(new MoneyFlowIndex(14), bars).mfi;
    expect(out[13]).toBeNaN();
    for (let i = 14; i < bars.length; i++) {
      let positive = 0;
      let negative = 0;
      for (let j = i - 13; j <= i; j++) {
        if (tp[j] > tp[j - 1]) positive += tp[j] * bars.volume[j];
        if (tp[j] < tp[j - 1]) negative += tp[j] * bars.volume[j];
      }
      expect(out[i]).toBeCloseTo((100 * positive) / (positive + negative), 9);
    }
  });

  it('rejects a bad period', () => {
    expect(() => new MoneyFlowIndex(0)).toThrow(RooneyError);
    expect(() => new MoneyFlowIndex(0)).toThrow('"period" must be an integer >= 1, was 0');
  });
});

describeIndicatorContract(findIndicator('mfi'), { expectedWarmUp: 15 });
