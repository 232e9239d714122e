import { describe, expect, it } from 'vitest';
import { computeOverBars } from './indicator.ts';
import { DV2 } from './dv2.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';

describe('DV2', () => {
  it('percent-ranks the smoothed close-to-midrange ratio (hand-computed, period 3)', () => {
    const dv2 = new DV2(3, 2);
    // chl = close / midrange: 1.0, 1.2, 0.8, 1.1, 0.9 → 2-bar means: -, 1.1, 1.0, 0.95, 1.0
    const bars = [
      [9, 11, 10],
      [9, 11, 12],
      [9, 11, 8],
      [9, 11, 11],
      [9, 11, 9],
    ];
    const out = bars.map(([low, high, close], i) => dv2.updateBar(close, high, low, close, 0, i));
    expect(out.slice(0, 3).every(Number.isNaN)).toBe(true);
    // window (1.1, 1.0, 0.95): nothing below 0.95 → 0; window (1.0, 0.95, 1.0): 0.95 below 1.0 → 100/3
    expect(out[3]).toBe(0);
    expect(out[4]).toBeCloseTo(100 / 3, 12);
  });

  it('matches the formula computed naively on real data (shorter rank window)', () => {
    const bars = loadBacktraderBars();
    const period = 20;
    const { dv2 } = computeOverBars(new DV2(period, 3), bars);
    const chl = Array.from(bars.close, (c, i) => c / ((bars.high[i] + bars.low[i]) / 2));
    const dvu = chl.map((_, i) => (i < 2 ? Number.NaN : (chl[i] + chl[i - 1] + chl[i - 2]) / 3));
    for (let i = 0; i < bars.length; i++) {
      if (i < 2 + period - 1) {
        expect(dv2[i]).toBeNaN();
        continue;
      }
      let below = 0;
      for (let j = i - period + 1; j <= i; j++) if (dvu[j] < dvu[i]) below++;
      expect(dv2[i]).toBeCloseTo((100 * below) / period, 10);
    }
  });

  it("reproduces Backtrader's test_ind_dv2 chkvals", () => {
    const { dv2 } = computeOverBars(new DV2(), loadBacktraderBars());
    expectBacktraderCheckValues(dv2, 253, ['17.460317', '55.952381', '80.555556']);
  });
});

describeIndicatorContract(findIndicator('dv2'), { expectedWarmUp: 253 });
