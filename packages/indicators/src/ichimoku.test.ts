import { describe, expect, it } from 'vitest';
import { RooneyError } from '@rooney/core';
import { Ichimoku } from './ichimoku.ts';
import { computeOverBars } from './indicator.ts';
import { findIndicator } from './registry.ts';
import { backtraderCheckIndices, formatBacktrader, loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';

describe('Ichimoku', () => {
  it('hand-computed: periods 1/2/3, lead 1', () => {
    const ichimoku = new Ichimoku(1, 2, 3, 1);
    const highs = [10, 12, 11, 15];
    const lows = [8, 9, 7, 10];
    const closes = [9, 11, 8, 14];
    const lines = (): number[] => [0, 1, 2, 3, 4].map((k) => ichimoku.line(k));
    // Each line from its own warm-up: tenkan 1 bar, kijun 2, senkou_a max(1, 2) + 1 = 3, senkou_b 3 + 1 = 4, chikou 1.
    expect(ichimoku.updateBar(0, highs[0], lows[0], closes[0], 0, 0)).toBe(9);
    expect(lines()).toEqual([9, Number.NaN, Number.NaN, Number.NaN, 9]);
    // bar 1: tenkan (12 + 9) / 2, kijun (12 + 8) / 2
    ichimoku.updateBar(0, highs[1], lows[1], closes[1], 0, 1);
    expect(lines()).toEqual([10.5, 10, Number.NaN, Number.NaN, 11]);
    // bar 2: tenkan (11 + 7) / 2, kijun (12 + 7) / 2; senkou_a drawn under bar 2 is bar 1's (10.5 + 10) / 2
    ichimoku.updateBar(0, highs[2], lows[2], closes[2], 0, 2);
    expect(lines()).toEqual([9, 9.5, 10.25, Number.NaN, 8]);
    // bar 3: tenkan = (15 + 10) / 2; kijun = (max(11, 15) + min(7, 10)) / 2 = 11
    // spans drawn under bar 3 were computed at bar 2: tenkan_2 = 9, kijun_2 = (12 + 7) / 2 = 9.5
    // -> senkou_a = 9.25; senkou_b_2 = (12 + 7) / 2 = 9.5; chikou = close_3
    expect(ichimoku.updateBar(0, highs[3], lows[3], closes[3], 0, 3)).toBe(12.5);
    expect(ichimoku.line(1)).toBe(11);
    expect(ichimoku.line(2)).toBe(9.25);
    expect(ichimoku.line(3)).toBe(9.5);
    expect(ichimoku.line(4)).toBe(14);
  });

  it('equals naive window mid-points, displaced, on real data', () => {
    const bars = loadBacktraderBars();
    const mid = (i: number, n: number) =>
      (Math.max(...bars.high.subarray(i - n + 1, i + 1)) + Math.min(...bars.low.subarray(i - n + 1, i + 1))) / 2;
    const out = computeOverBars(new Ichimoku(), bars);
    expect([out.tenkan[7], out.kijun[24], out.senkou_a[50], out.senkou_b[76]]).toEqual([NaN, NaN, NaN, NaN]);
    for (let i = 0; i < bars.length; i++) {
      if (i >= 8) expect(out.tenkan[i]).toBe(mid(i, 9));
      if (i >= 25) expect(out.kijun[i]).toBe(mid(i, 26));
      if (i >= 51) expect(out.senkou_a[i]).toBe((mid(i - 26, 9) + mid(i - 26, 26)) / 2);
      if (i >= 77) expect(out.senkou_b[i]).toBe(mid(i - 26, 52));
      expect(out.chikou[i]).toBe(bars.close[i]);
    }
  });

  it('equals naive mid-points for other periods: senkou a multiple of kijun (m = 1, 2, 3) or not', () => {
    const bars = loadBacktraderBars();
    const mid = (i: number, n: number) =>
      (Math.max(...bars.high.subarray(i - n + 1, i + 1)) + Math.min(...bars.low.subarray(i - n + 1, i + 1))) / 2;
    const cases: Array<[number, number, number, number]> = [
      [3, 5, 15, 4], // m = 3
      [2, 7, 14, 0], // m = 2, no lead
      [9, 26, 50, 26], // not a multiple
      [4, 6, 6, 3], // m = 1
      [20, 10, 20, 1], // tenkan longer than kijun, m = 2
      [1, 1, 3, 2], // kijun of one bar, m = 3
    ];
    for (const [tenkanPeriod, kijunPeriod, senkouPeriod, lead] of cases) {
      const label = `${tenkanPeriod}/${kijunPeriod}/${senkouPeriod}/${lead}`;
      const out = computeOverBars(new Ichimoku(tenkanPeriod, kijunPeriod, senkouPeriod, lead), bars);
      const spanAWarmUp = Math.max(tenkanPeriod, kijunPeriod) + lead;
      const spanBWarmUp = senkouPeriod + lead;
      if (spanBWarmUp >= 2) expect(out.senkou_b[spanBWarmUp - 2], label).toBeNaN();
      if (spanAWarmUp >= 2) expect(out.senkou_a[spanAWarmUp - 2], label).toBeNaN();
      for (let i = 0; i < bars.length; i++) {
        if (i >= tenkanPeriod - 1) expect(out.tenkan[i], `${label} tenkan ${i}`).toBe(mid(i, tenkanPeriod));
        if (i >= kijunPeriod - 1) expect(out.kijun[i], `${label} kijun ${i}`).toBe(mid(i, kijunPeriod));
        const spanA = (mid(i - lead, tenkanPeriod) + mid(i - lead, kijunPeriod)) / 2;
        if (i >= spanAWarmUp - 1) expect(out.senkou_a[i], `${label} senkou_a ${i}`).toBe(spanA);
        if (i >= spanBWarmUp - 1) expect(out.senkou_b[i], `${label} senkou_b ${i}`).toBe(mid(i - lead, senkouPeriod));
      }
    }
  });

  it('never looks ahead: values on a prefix of the data equal those on the full data', () => {
    const bars = loadBacktraderBars();
    const full = computeOverBars(new Ichimoku(), bars);
    const prefix = computeOverBars(new Ichimoku(), { ...bars, length: 120 });
    for (const line of Object.keys(full)) {
      expect(Array.from(prefix[line])).toEqual(Array.from(full[line].subarray(0, 120)));
    }
  });

  it("reproduces Backtrader's test_ind_ichimoku chkvals (chikou shifted to where it is known)", () => {
    const bars = loadBacktraderBars();
    const out = computeOverBars(new Ichimoku(), bars);
    expectBacktraderCheckValues(out.tenkan, 78, ['4110.000000', '3821.030000', '3748.785000'], 9);
    expectBacktraderCheckValues(out.kijun, 78, ['4030.920000', '3821.030000', '3676.860000'], 26);
    expectBacktraderCheckValues(out.senkou_a, 78, ['4057.485000', '3753.502500', '3546.152500'], 52);
    expectBacktraderCheckValues(out.senkou_b, 78, ['3913.300000', '3677.815000', '3637.130000']);
    // Backtrader's chikou_span at bar t is close_{t+26}: NaN at the last bar (the future), and at the
    // two other check bars it equals our chikou line 26 bars later.
    const [, first, middle] = backtraderCheckIndices(bars.length, 78);
    expect(formatBacktrader(out.chikou[first + 26])).toBe('3590.910000');
    expect(formatBacktrader(out.chikou[middle + 26])).toBe('3899.410000');
  });

  it("shows each line from its own minimum period, as Backtrader's lines", () => {
    // Backtrader's tenkan_sen, kijun_sen and senkou_span_a at their own check bars (minimum periods
    // 9, 26, 52), from a Backtrader 1.9.78.123 run on the same file.
    const out = computeOverBars(new Ichimoku(), loadBacktraderBars());
    expectBacktraderCheckValues(out.tenkan, 9, ['4110.000000', '3632.360000', '3577.730000']);
    expectBacktraderCheckValues(out.kijun, 26, ['4030.920000', '3630.105000', '3525.375000']);
    expectBacktraderCheckValues(out.senkou_a, 52, ['4057.485000', '3634.517500', '3546.905000']);
  });

  it('rejects bad periods', () => {
    expect(() => new Ichimoku(0)).toThrow(RooneyError);
    expect(() => new Ichimoku(9, 26, 52, -1)).toThrow('"senkouLead" must be an integer >= 0, was -1');
  });
});

describeIndicatorContract(findIndicator('ichimoku'), {
  expectedWarmUp: 78,
  expectedLineWarmUps: { tenkan: 9, kijun: 26, senkou_a: 52, chikou: 1 },
});
describeIndicatorContract(findIndicator('ichimoku'), {
  parameters: { tenkanPeriod: 3, kijunPeriod: 5, senkouPeriod: 7, senkouLead: 0 },
  expectedWarmUp: 7,
  expectedLineWarmUps: { tenkan: 3, kijun: 5, senkou_a: 5, chikou: 1 },
});
