import { describe, expect, it } from 'vitest';
import { RooneyError } from '@rooney/core';
import { Aroon } from './aroon.ts';
import { computeOverBars } from './indicator.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';

/** Bars since the most recent extreme of `values[i - window + 1 .. i]`, by a backward scan. */
function barsSinceExtreme(values: ArrayLike<number>, i: number, window: number, highest: boolean): number {
  let best = values[i];
  let since = 0;
  for (let ago = 1; ago < window; ago++) {
    const v = values[i - ago];
    if (highest ? v > best : v < best) {
      best = v;
      since = ago;
    }
  }
  return since;
}

describe('Aroon', () => {
  it('hand-computed: period 4, ties resolved to the most recent bar', () => {
    const aroon = new Aroon(4);
    const highs = [5, 9, 7, 9, 6, 4];
    const lows = [1, 3, 2, 4, 3, 1];
    const up: number[] = [];
    const down: number[] = [];
    for (let i = 0; i < highs.length; i++) {
      up.push(aroon.updateBar(0, highs[i], lows[i], 0, 0, i));
      down.push(aroon.line(1));
    }
    expect(up[3]).toBeNaN();
    // bar 4 (window bars 0..4): highest 9 at bars 1 and 3 -> most recent, 1 bar ago: 100 * (4 - 1) / 4
    expect(up[4]).toBe(75);
    expect(down[4]).toBe(0); // lowest 1 at bar 0, 4 bars ago
    // bar 5 (window 1..5): highest 9 at bar 3 (2 ago), lowest 1 at bar 5 (now)
    expect(up[5]).toBe(50);
    expect(down[5]).toBe(100);
    expect(aroon.line(2)).toBe(-50);
  });

  it('equals a naive window scan on real data', () => {
    const bars = loadBacktraderBars();
    for (const period of [1, 14, 25]) {
      const out = computeOverBars(new Aroon(period), bars);
      expect(out.up[period - 1]).toBeNaN();
      for (let i = period; i < bars.length; i++) {
        const up = (100 * (period - barsSinceExtreme(bars.high, i, period + 1, true))) / period;
        const down = (100 * (period - barsSinceExtreme(bars.low, i, period + 1, false))) / period;
        expect(out.up[i]).toBeCloseTo(up, 12);
        expect(out.down[i]).toBeCloseTo(down, 12);
        expect(out.oscillator[i]).toBeCloseTo(up - down, 12);
      }
    }
  });

  it("reproduces Backtrader's test_ind_aroonupdown and test_ind_aroonoscillator chkvals", () => {
    const out = computeOverBars(new Aroon(14), loadBacktraderBars());
    expectBacktraderCheckValues(out.up, 15, ['42.857143', '35.714286', '85.714286']);
    expectBacktraderCheckValues(out.down, 15, ['7.142857', '85.714286', '28.571429']);
    expectBacktraderCheckValues(out.oscillator, 15, ['35.714286', '-50.000000', '57.142857']);
  });

  it('rejects a bad period', () => {
    expect(() => new Aroon(0)).toThrow(RooneyError);
    expect(() => new Aroon(0)).toThrow('"period" must be an integer >= 1, was 0');
  });
});

describeIndicatorContract(findIndicator('aroon'), { expectedWarmUp: 15 });
describeIndicatorContract(findIndicator('aroon'), { parameters: { period: 1 }, expectedWarmUp: 2 });
