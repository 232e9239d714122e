import { describe, expect, it } from 'vitest';
import { RooneyError } from '@rooney/core';
import { computeLinesOverValues } from './indicator.ts';
import { MACD } from './macd.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';

/** Naive SMA-seeded EMA over a whole array (NaN where undefined; NaN inputs are skipped as warm-up). */
function naiveEma(values: ArrayLike<number>, period: number): number[] {
  const out: number[] = new Array(values.length).fill(Number.NaN);
  const alpha = 2 / (period + 1);
  let start = 0;
  while (start < values.length && Number.isNaN(values[start])) start++;
  if (start + period > values.length) return out;
  let seed = 0;
  for (let i = start; i < start + period; i++) seed += values[i];
  out[start + period - 1] = seed / period;
  for (let i = start + period; i < values.length; i++) out[i] = values[i] * alpha + out[i - 1] * (1 - alpha);
  return out;
}

describe('MACD', () => {
  it('hand-computed: fast 2, slow 3, signal 2', () => {
    // x = 1, 2, 4, 8, 16. EMA2 (alpha 2/3, seed 3/2): 3/2, 19/6, 115/18, 691/54.
    // EMA3 (alpha 1/2, seed 7/3): 7/3, 31/6, 127/12. macd: 5/6, 11/9, 239/108.
    // signal EMA2 of macd: seed (5/6 + 11/9) / 2 = 37/36, then 37/36 + 2/3 (239/108 - 37/36) = 589/324.
    const out = computeLinesOverValues(new MACD(2, 3, 2), [1, 2, 4, 8, 16]);
    // The MACD line is defined once the slow EMA is (bar 2); the signal needs one more bar.
    expect(out.macd[1]).toBeNaN();
    expect(out.macd[2]).toBeCloseTo(5 / 6, 12);
    expect(out.signal[2]).toBeNaN();
    expect(out.histo[2]).toBeNaN();
    expect(out.macd[3]).toBeCloseTo(11 / 9, 12);
    expect(out.signal[3]).toBeCloseTo(37 / 36, 12);
    expect(out.histo[3]).toBeCloseTo(11 / 9 - 37 / 36, 12);
    expect(out.macd[4]).toBeCloseTo(239 / 108, 12);
    expect(out.signal[4]).toBeCloseTo(589 / 324, 12);
    expect(out.histo[4]).toBeCloseTo(239 / 108 - 589 / 324, 12);
  });

  it('equals naive EMAs on real data', () => {
    const close = loadBacktraderBars().close;
    const out = computeLinesOverValues(new MACD(12, 26, 9), close);
    const fast = naiveEma(close, 12);
    const slow = naiveEma(close, 26);
    const macd = fast.map((f, i) => f - slow[i]);
    const signal = naiveEma(macd, 9);
    for (let i = 25; i < close.length; i++) expect(out.macd[i]).toBeCloseTo(macd[i], 9);
    for (let i = 33; i < close.length; i++) {
      expect(out.signal[i]).toBeCloseTo(signal[i], 9);
      expect(out.histo[i]).toBeCloseTo(macd[i] - signal[i], 9);
    }
    expect(out.macd[24]).toBeNaN();
    expect(out.signal[32]).toBeNaN();
  });

  it("reproduces Backtrader's test_ind_macdhisto chkvals", () => {
    const out = computeLinesOverValues(new MACD(), loadBacktraderBars().close);
    expectBacktraderCheckValues(out.macd, 34, ['25.821368', '32.469404', '1.772445'], 26);
    expectBacktraderCheckValues(out.signal, 34, ['21.977853', '26.469735', '-2.845646']);
    expectBacktraderCheckValues(out.histo, 34, ['3.843516', '5.999669', '4.618090']);
  });

  it("shows the MACD line from its own minimum period 26, as Backtrader's MACD line", () => {
    // Values of Backtrader's MACDHisto `macd` line at its own check bars (minimum period 26, first
    // defined at bar 25), from a Backtrader 1.9.78.123 run on the same file.
    const out = computeLinesOverValues(new MACD(), loadBacktraderBars().close);
    expectBacktraderCheckValues(out.macd, 26, ['25.821368', '23.202675', '-9.927422']);
  });

  it('rejects bad periods', () => {
    expect(() => new MACD(0)).toThrow(RooneyError);
    expect(() => new MACD(12, 26, 0)).toThrow('"signalPeriod" must be an integer >= 1, was 0');
  });
});

describeIndicatorContract(findIndicator('macd'), { expectedWarmUp: 34, expectedLineWarmUps: { macd: 26 } });
describeIndicatorContract(findIndicator('macd'), {
  parameters: { fastPeriod: 3, slowPeriod: 5, signalPeriod: 2 },
  expectedWarmUp: 6,
  expectedLineWarmUps: { macd: 5 },
});
