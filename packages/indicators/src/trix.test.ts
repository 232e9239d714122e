import { describe, expect, it } from 'vitest';
import { RooneyError } from '@rooney/core';
import { computeOverValues } from './indicator.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';
import { TRIX } from './trix.ts';

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

describe('TRIX', () => {
  it('hand-computed: period 1 is the one-bar percentage change', () => {
    const out = computeOverValues(new TRIX(1), [100, 110, 99]);
    expect(out[0]).toBeNaN();
    expect(out[1]).toBeCloseTo(10, 12);
    expect(out[2]).toBeCloseTo(-10, 12);
  });

  it('hand-computed: period 2 on 1, 2, 4, 8, 16', () => {
    // EMA2 (alpha 2/3, seeded with the mean of the first two inputs):
    //   first:  3/2, 19/6, 115/18, 691/54
    //   second: 7/3 (mean of 3/2, 19/6), 136/27, 827/81
    //   third:  199/54 (mean of 7/3, 136/27), 3905/486
    // TRIX at bar 4 = 100 * (3905/486 / (199/54) - 1) = 100 * 2114 / 1791
    const out = computeOverValues(new TRIX(2), [1, 2, 4, 8, 16]);
    expect(out[3]).toBeNaN();
    expect(out[4]).toBeCloseTo((100 * 2114) / 1791, 10);
  });

  it('equals naive triple EMAs on real data', () => {
    const close = Array.from(loadBacktraderBars().close);
    const e3 = naiveEma(naiveEma(naiveEma(close, 15), 15), 15);
    const out = computeOverValues(new TRIX(15), close);
    expect(out[42]).toBeNaN();
    for (let i = 43; i < close.length; i++) expect(out[i]).toBeCloseTo(100 * (e3[i] / e3[i - 1] - 1), 9);
  });

  it("reproduces Backtrader's test_ind_trix chkvals", () => {
    const out = computeOverValues(new TRIX(15), loadBacktraderBars().close);
    expectBacktraderCheckValues(out, 44, ['0.071304', '0.181480', '0.050954']);
  });

  it('rejects a bad period', () => {
    expect(() => new TRIX(0)).toThrow(RooneyError);
    expect(() => new TRIX(0)).toThrow('"period" must be an integer >= 1, was 0');
  });
});

describeIndicatorContract(findIndicator('trix'), { expectedWarmUp: 44 });
