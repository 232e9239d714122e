import { describe, expect, it } from 'vitest';
import { RooneyError } from '@rooney/core';
import { computeLinesOverValues } from './indicator.ts';
import { KnowSureThing } from './know-sure-thing.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';

describe('KnowSureThing', () => {
  it('hand-computed: every period 1', () => {
    const kst = new KnowSureThing({
      rocPeriod1: 1,
      rocPeriod2: 1,
      rocPeriod3: 1,
      rocPeriod4: 1,
      averagePeriod1: 1,
      averagePeriod2: 1,
      averagePeriod3: 1,
      averagePeriod4: 1,
      signalPeriod: 1,
    });
    expect(kst.update(100)).toBeNaN();
    // each smoothed ROC is the 10 % change: kst = (1 + 2 + 3 + 4) * 10
    expect(kst.update(110)).toBeCloseTo(100, 12);
    expect(kst.line(1)).toBe(kst.value);
  });

  it('equals the formula computed from explicit windows on real data', () => {
    const close = loadBacktraderBars().close;
    const rocs = [10, 15, 20, 30];
    const roc100 = (i: number, n: number) => (100 * (close[i] - close[i - n])) / close[i - n];
    const kstAt = (i: number) =>
      rocs.reduce((total, n, k) => {
        let sum = 0;
        for (let j = i - 9; j <= i; j++) sum += roc100(j, n);
        return total + (k + 1) * (sum / 10);
      }, 0);
    const out = computeLinesOverValues(new KnowSureThing(), close);
    expect(out.kst[38]).toBeNaN();
    expect(out.signal[46]).toBeNaN();
    for (let i = 39; i < 47; i++) expect(out.kst[i]).toBeCloseTo(kstAt(i), 8);
    for (let i = 47; i < close.length; i++) {
      expect(out.kst[i]).toBeCloseTo(kstAt(i), 8);
      let signal = 0;
      for (let j = i - 8; j <= i; j++) signal += kstAt(j) / 9;
      expect(out.signal[i]).toBeCloseTo(signal, 8);
    }
  });

  it("reproduces Backtrader's test_ind_kst chkvals", () => {
    const out = computeLinesOverValues(new KnowSureThing(), loadBacktraderBars().close);
    expectBacktraderCheckValues(out.kst, 48, ['18.966300', '33.688645', '27.643797'], 40);
    // Backtrader's `kst` line at its own check bars (minimum period 40), from a Backtrader 1.9.78.123 run.
    expectBacktraderCheckValues(out.kst, 40, ['18.966300', '37.778434', '17.062665']);
    expectBacktraderCheckValues(out.signal, 48, ['11.123593', '37.882890', '16.602624']);
  });

  it('rejects bad periods', () => {
    expect(() => new KnowSureThing({ rocPeriod3: 0 })).toThrow(RooneyError);
    expect(() => new KnowSureThing({ averagePeriod4: 2.5 })).toThrow(
      '"averagePeriod4" must be an integer >= 1, was 2.5',
    );
  });
});

describeIndicatorContract(findIndicator('kst'), { expectedWarmUp: 48, expectedLineWarmUps: { kst: 40 } });
