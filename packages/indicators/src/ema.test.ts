import { describe, expect, it } from 'vitest';
import { computeOverValues } from './indicator.ts';
import { EMA } from './ema.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';

/** EMA written the textbook way: seed = mean of the first period values, then ema = a*x + (1-a)*ema. */
function naiveEma(values: ArrayLike<number>, period: number): number[] {
  const alpha = 2 / (period + 1);
  const out: number[] = [];
  let ema = Number.NaN;
  for (let i = 0; i < values.length; i++) {
    if (i < period - 1) out.push(Number.NaN);
    else if (i === period - 1) {
      let sum = 0;
      for (let j = 0; j < period; j++) sum += values[j];
      ema = sum / period;
      out.push(ema);
    } else {
      ema = alpha * values[i] + (1 - alpha) * ema;
      out.push(ema);
    }
  }
  return out;
}

describe('EMA', () => {
  it('is seeded with the SMA then smoothed with alpha = 2/(period+1) (hand-computed)', () => {
    // period 3 → alpha 0.5; seed (2+4+6)/3 = 4; then 4 + 0.5(10-4) = 7; 7 + 0.5(3-7) = 5.
    const out = computeOverValues(new EMA(3), [2, 4, 6, 10, 3]);
    expect(out[1]).toBeNaN();
    expect(Array.from(out.slice(2))).toEqual([4, 7, 5]);
  });

  it('agrees with the textbook recursion on real data', () => {
    const close = loadBacktraderBars().close;
    const out = computeOverValues(new EMA(10), close);
    const reference = naiveEma(close, 10);
    for (let i = 9; i < close.length; i++) expect(out[i]).toBeCloseTo(reference[i], 9);
  });

  it("reproduces Backtrader's test_ind_ema chkvals", () => {
    const out = computeOverValues(new EMA(30), loadBacktraderBars().close);
    expectBacktraderCheckValues(out, 30, ['4070.115719', '3644.444667', '3581.728712']);
  });
});

describeIndicatorContract(findIndicator('ema'), { expectedWarmUp: 30 });
