import { describe, expect, it } from 'vitest';
import { RooneyError } from '@rooney/core';
import { computeOverValues } from './indicator.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';
import { TrueStrengthIndex } from './true-strength-index.ts';

/** Naive SMA-seeded EMA over an array whose leading NaNs are warm-up. */
function naiveEma(values: number[], period: number): number[] {
  const out = new Array<number>(values.length).fill(Number.NaN);
  const start = values.findIndex((v) => !Number.isNaN(v));
  if (start < 0 || start + period > values.length) return out;
  out[start + period - 1] = values.slice(start, start + period).reduce((a, b) => a + b) / period;
  const alpha = 2 / (period + 1);
  for (let i = start + period; i < values.length; i++) out[i] = alpha * values[i] + (1 - alpha) * out[i - 1];
  return out;
}

describe('TrueStrengthIndex', () => {
  it('is +100 for a steady rise, -100 for a steady fall, 0 when flat', () => {
    const rise = computeOverValues(new TrueStrengthIndex(3, 2), [1, 2, 3, 4, 5, 6, 7]);
    const fall = computeOverValues(new TrueStrengthIndex(3, 2), [7, 6.5, 5, 4, 3.5, 2, 1]);
    const flat = computeOverValues(new TrueStrengthIndex(3, 2), [3, 3, 3, 3, 3, 3]);
    expect(rise[3]).toBeNaN();
    expect(rise[4]).toBeCloseTo(100, 12);
    expect(fall[6]).toBeCloseTo(-100, 12);
    expect(flat[5]).toBe(0);
  });

  it('hand-computed: long 1, short 2', () => {
    // changes +2, -1, +3; EMA1 = the change; EMA2 seeded with the mean of the first two:
    // numerator (2 - 1) / 2 = 0.5, denominator (2 + 1) / 2 = 1.5 -> 33.33
    // then numerator 0.5 + 2/3 (3 - 0.5) = 13/6, denominator 1.5 + 2/3 (3 - 1.5) = 2.5 -> 86.67
    const out = computeOverValues(new TrueStrengthIndex(1, 2), [10, 12, 11, 14]);
    expect(out[1]).toBeNaN();
    expect(out[2]).toBeCloseTo(100 / 3, 12);
    expect(out[3]).toBeCloseTo((100 * 13) / 6 / 2.5, 12);
  });

  it('equals naive double EMAs on real data', () => {
    const close = Array.from(loadBacktraderBars().close);
    const change = close.map((v, i) => (i === 0 ? Number.NaN : v - close[i - 1]));
    const numerator = naiveEma(naiveEma(change, 25), 13);
    const denominator = naiveEma(
      naiveEma(
        change.map((c) => Math.abs(c)),
        25,
      ),
      13,
    );
    const out = computeOverValues(new TrueStrengthIndex(), close);
    expect(out[36]).toBeNaN();
    for (let i = 37; i < close.length; i++) expect(out[i]).toBeCloseTo((100 * numerator[i]) / denominator[i], 9);
  });

  it("reproduces Backtrader's test_ind_tsi chkvals", () => {
    const out = computeOverValues(new TrueStrengthIndex(), loadBacktraderBars().close);
    expectBacktraderCheckValues(out, 38, ['16.012364', '22.866307', '4.990750']);
  });

  it('rejects bad periods', () => {
    expect(() => new TrueStrengthIndex(0)).toThrow(RooneyError);
    expect(() => new TrueStrengthIndex(25, -1)).toThrow('"shortPeriod" must be an integer >= 1, was -1');
  });
});

describeIndicatorContract(findIndicator('tsi'), { expectedWarmUp: 38 });
