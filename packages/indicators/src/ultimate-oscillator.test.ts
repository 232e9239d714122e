import { describe, expect, it } from 'vitest';
import { RooneyError } from '@rooney/core';
import { computeOverBars } from './indicator.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';
import { UltimateOscillator } from './ultimate-oscillator.ts';

describe('UltimateOscillator', () => {
  it('hand-computed: windows of 1 and 2 bars', () => {
    const uo = new UltimateOscillator(1, 1, 2);
    expect(uo.updateBar(10, 11, 9, 10, 0, 0)).toBeNaN();
    // bar 1: prior close 10, bp = 12 - min(9, 10) = 3, tr = 13 - 9 = 4; the 2-bar window is not full
    expect(uo.updateBar(10, 13, 9, 12, 0, 1)).toBeNaN();
    // bar 2: prior close 12, bp = 11 - min(10, 12) = 1, tr = max(12, 12) - min(10, 12) = 2
    // short = middle = 1/2, long = (3 + 1) / (4 + 2) = 2/3 -> 100 (4/2 + 2/2 + 2/3) / 7
    expect(uo.updateBar(12, 12, 10, 11, 0, 2)).toBeCloseTo((100 * (2 + 1 + 2 / 3)) / 7, 12);
  });

  it('equals explicit window sums on real data', () => {
    const bars = loadBacktraderBars();
    const n = bars.length;
    const bp = new Array<number>(n).fill(Number.NaN);
    const tr = new Array<number>(n).fill(Number.NaN);
    for (let i = 1; i < n; i++) {
      bp[i] = bars.close[i] - Math.min(bars.low[i], bars.close[i - 1]);
      tr[i] = Math.max(bars.high[i], bars.close[i - 1]) - Math.min(bars.low[i], bars.close[i - 1]);
    }
    const average = (i: number, length: number) => {
      let pressure = 0;
      let range = 0;
      for (let j = i - length + 1; j <= i; j++) {
        pressure += bp[j];
        range += tr[j];
      }
      return pressure / range;
    };
    const out = computeOverBars(new UltimateOscillator(), bars).uo;
    expect(out[27]).toBeNaN();
    for (let i = 28; i < n; i++) {
      expect(out[i]).toBeCloseTo((100 * (4 * average(i, 7) + 2 * average(i, 14) + average(i, 28))) / 7, 9);
    }
  });

  it("reproduces Backtrader's test_ind_ultosc chkvals", () => {
    const out = computeOverBars(new UltimateOscillator(), loadBacktraderBars()).uo;
    expectBacktraderCheckValues(out, 29, ['51.991177', '62.334055', '46.707445']);
  });

  it('rejects bad periods', () => {
    expect(() => new UltimateOscillator(0)).toThrow(RooneyError);
    expect(() => new UltimateOscillator(7, 14, 0)).toThrow('"longPeriod" must be an integer >= 1, was 0');
  });
});

describeIndicatorContract(findIndicator('ultimateoscillator'), { expectedWarmUp: 29 });
