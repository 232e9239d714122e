import { describe, expect, it } from 'vitest';
import { RooneyError } from '@rooney/core';
import { CCI } from './cci.ts';
import { computeOverBars } from './indicator.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';

describe('CCI', () => {
  it('hand-computed: period 2 on bars whose typical price is 1, 3, 2, 4', () => {
    const cci = new CCI(2);
    const feed = (price: number) => cci.updateBar(price, price, price, price, 0, 0);
    expect(feed(1)).toBeNaN();
    expect(feed(3)).toBeNaN(); // mean 2, |dev| 1
    // mean 2.5, dev -0.5, mean deviation (1 + 0.5) / 2 = 0.75 -> -0.5 / (0.015 * 0.75)
    expect(feed(2)).toBeCloseTo(-0.5 / (0.015 * 0.75), 10);
    // mean 3, dev 1, mean deviation (0.5 + 1) / 2 = 0.75
    expect(feed(4)).toBeCloseTo(1 / (0.015 * 0.75), 10);
  });

  it('gives 0 when the typical price is constant', () => {
    const flat = new CCI(3);
    let last = Number.NaN;
    for (let i = 0; i < 6; i++) last = flat.updateBar(7, 8, 6, 7, 0, i);
    expect(last).toBe(0);
  });

  it("equals a naive implementation of Backtrader's formula on real data", () => {
    const bars = loadBacktraderBars();
    const period = 20;
    const n = bars.length;
    const tp = Array.from({ length: n }, (_, i) => (bars.high[i] + bars.low[i] + bars.close[i]) / 3);
    const windowMean = (values: number[], i: number) =>
      values.slice(i - period + 1, i + 1).reduce((a, b) => a + b) / period;
    const mean = tp.map((_, i) => (i < period - 1 ? Number.NaN : windowMean(tp, i)));
    const absoluteDeviation = tp.map((value, i) => Math.abs(value - mean[i]));
    const out = computeOverBars(new CCI(period), bars).cci;
    expect(out[2 * period - 3]).toBeNaN();
    for (let i = 2 * period - 2; i < n; i++) {
      const meanDeviation = absoluteDeviation.slice(i - period + 1, i + 1).reduce((a, b) => a + b) / period;
      expect(out[i]).toBeCloseTo((tp[i] - mean[i]) / (0.015 * meanDeviation), 8);
    }
  });

  it("reproduces Backtrader's test_ind_cci chkvals", () => {
    const out = computeOverBars(new CCI(20), loadBacktraderBars()).cci;
    expectBacktraderCheckValues(out, 39, ['69.574287', '91.196363', '82.175663']);
  });

  it('rejects bad parameters', () => {
    expect(() => new CCI(0)).toThrow(RooneyError);
    expect(() => new CCI(20, 0)).toThrow('"factor" must be a number > 0, was 0');
  });
});

describeIndicatorContract(findIndicator('cci'), { expectedWarmUp: 39 });
