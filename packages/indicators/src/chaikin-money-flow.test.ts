import { describe, expect, it } from 'vitest';
import { RooneyError } from '@rooney/core';
import { ChaikinMoneyFlow } from './chaikin-money-flow.ts';
import { computeOverBars } from './indicator.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { describeIndicatorContract } from './testing/contract.ts';

describe('ChaikinMoneyFlow', () => {
  it('hand-computed: period 2', () => {
    const cmf = new ChaikinMoneyFlow(2);
    // bar 0: close at the high -> multiplier +1, flow +100
    expect(cmf.updateBar(0, 10, 8, 10, 100, 0)).toBeNaN();
    // bar 1: close a quarter up the range -> (1 - 3) / 4 = -0.5, flow -150
    expect(cmf.updateBar(0, 14, 10, 11, 300, 1)).toBeCloseTo((100 - 150) / 400, 15);
    // bar 2: high = low -> multiplier 0
    expect(cmf.updateBar(0, 12, 12, 12, 100, 2)).toBeCloseTo(-150 / 400, 15);
  });

  it('gives 0 over a window without volume', () => {
    const cmf = new ChaikinMoneyFlow(2);
    cmf.updateBar(0, 10, 8, 10, 0, 0);
    expect(cmf.updateBar(0, 10, 8, 9, 0, 1)).toBe(0);
  });

  it('equals explicit window sums on real data', () => {
    const bars = loadBacktraderBars();
    const out = computeOverBars(new ChaikinMoneyFlow(20), bars).cmf;
    expect(out[18]).toBeNaN();
    for (let i = 19; i < bars.length; i++) {
      let flow = 0;
      let volume = 0;
      for (let j = i - 19; j <= i; j++) {
        const high = bars.high[j];
        const low = bars.low[j];
        const close = bars.close[j];
        flow += ((close - low - (high - close)) / (high - low)) * bars.volume[j];
        volume += bars.volume[j];
      }
      expect(out[i]).toBeCloseTo(flow / volume, 10);
    }
  });

  it('rejects a bad period', () => {
    expect(() => new ChaikinMoneyFlow(0)).toThrow(RooneyError);
    expect(() => new ChaikinMoneyFlow(0)).toThrow('"period" must be an integer >= 1, was 0');
  });
});

describeIndicatorContract(findIndicator('cmf'), { expectedWarmUp: 20 });
