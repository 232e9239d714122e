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
    for (let i = 0; i < 3; i++) expect(ichimoku.updateBar(0, highs[i], lows[i], closes[i], 0, i)).toBeNaN();
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
    expect(out.tenkan[76]).toBeNaN();
    for (let i = 77; i < bars.length; i++) {
      expect(out.tenkan[i]).toBe(mid(i, 9));
      expect(out.kijun[i]).toBe(mid(i, 26));
      expect(out.senkou_a[i]).toBe((mid(i - 26, 9) + mid(i - 26, 26)) / 2);
      expect(out.senkou_b[i]).toBe(mid(i - 26, 52));
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
      const warmUp = Math.max(tenkanPeriod, kijunPeriod, senkouPeriod) + lead;
      expect(out.senkou_b[warmUp - 2], label).toBeNaN();
      for (let i = warmUp - 1; i < bars.length; i++) {
        expect(out.tenkan[i], `${label} tenkan ${i}`).toBe(mid(i, tenkanPeriod));
        expect(out.kijun[i], `${label} kijun ${i}`).toBe(mid(i, kijunPeriod));
        const spanA = (mid(i - lead, tenkanPeriod) + mid(i - lead, kijunPeriod)) / 2;
        expect(out.senkou_a[i], `${label} senkou_a ${i}`).toBe(spanA);
        expect(out.senkou_b[i], `${label} senkou_b ${i}`).toBe(mid(i - lead, senkouPeriod));
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
    expectBacktraderCheckValues(out.tenkan, 78, ['4110.000000', '3821.030000', '3748.785000']);
    expectBacktraderCheckValues(out.kijun, 78, ['4030.920000', '3821.030000', '3676.860000']);
    expectBacktraderCheckValues(out.senkou_a, 78, ['4057.485000', '3753.502500', '3546.152500']);
    expectBacktraderCheckValues(out.senkou_b, 78, ['3913.300000', '3677.815000', '3637.130000']);
    // Backtrader's chikou_span at bar t is close_{t+26}: NaN at the last bar (the future), and at the
    // two other check bars it equals our chikou line 26 bars later.
    const [, first, middle] = backtraderCheckIndices(bars.length, 78);
    expect(formatBacktrader(out.chikou[first + 26])).toBe('3590.910000');
    expect(formatBacktrader(out.chikou[middle + 26])).toBe('3899.410000');
  });

  it('rejects bad periods', () => {
    expect(() => new Ichimoku(0)).toThrow(RooneyError);
    expect(() => new Ichimoku(9, 26, 52, -1)).toThrow('"senkouLead" must be an integer >= 0, was -1');
  });
});

describeIndicatorContract(findIndicator('ichimoku'), { expectedWarmUp: 78 });
describeIndicatorContract(findIndicator('ichimoku'), {
  parameters: { tenkanPeriod: 3, kijunPeriod: 5, senkouPeriod: 7, senkouLead: 0 },
  expectedWarmUp: 7,
});
