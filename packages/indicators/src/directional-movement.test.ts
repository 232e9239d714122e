import { describe, expect, it } from 'vitest';
import { RooneyError } from '@rooney/core';
import type { BarArrays } from '@rooney/core';
import { DirectionalMovement } from './directional-movement.ts';
import { computeOverBars } from './indicator.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';

/**
 * Wilder's own bookkeeping, a second way: running *sums* `S_t = S_{t-1} - S_{t-1} / n + x_t` (seeded
 * with the sum of the first n) for TR and DM, whose ratios equal those of the averages.
 */
function naiveDirectionalMovement(bars: BarArrays, n: number) {
  const length = bars.length;
  const plusDi = new Array<number>(length).fill(Number.NaN);
  const minusDi = new Array<number>(length).fill(Number.NaN);
  const adx = new Array<number>(length).fill(Number.NaN);
  let trSum = 0;
  let plusSum = 0;
  let minusSum = 0;
  const dx: number[] = [];
  for (let i = 1; i < length; i++) {
    const tr = Math.max(bars.high[i], bars.close[i - 1]) - Math.min(bars.low[i], bars.close[i - 1]);
    const up = bars.high[i] - bars.high[i - 1];
    const down = bars.low[i - 1] - bars.low[i];
    const plus = up > down && up > 0 ? up : 0;
    const minus = down > up && down > 0 ? down : 0;
    if (i <= n) {
      trSum += tr;
      plusSum += plus;
      minusSum += minus;
    } else {
      trSum = trSum - trSum / n + tr;
      plusSum = plusSum - plusSum / n + plus;
      minusSum = minusSum - minusSum / n + minus;
    }
    if (i < n) continue;
    plusDi[i] = (100 * plusSum) / trSum;
    minusDi[i] = (100 * minusSum) / trSum;
    dx.push((100 * Math.abs(plusDi[i] - minusDi[i])) / (plusDi[i] + minusDi[i]));
    if (dx.length === n) adx[i] = dx.reduce((a, b) => a + b) / n;
    else if (dx.length > n) adx[i] = (adx[i - 1] * (n - 1) + dx[dx.length - 1]) / n;
  }
  return { plusDi, minusDi, adx };
}

describe('DirectionalMovement', () => {
  it('hand-computed: period 1, including a tie of up and down moves', () => {
    const dm = new DirectionalMovement(1);
    expect(dm.updateBar(9, 10, 8, 9, 0, 0)).toBeNaN();
    // up 2, down -1: +DM 2, TR 3 -> +DI 66.67, -DI 0, DX 100, ADX 100 (ADXR needs one more bar)
    expect(dm.updateBar(9, 12, 9, 11, 0, 1)).toBe(100);
    expect(dm.line(1)).toBeNaN();
    expect(dm.line(2)).toBeCloseTo(200 / 3, 12);
    expect(dm.line(3)).toBe(0);
    // up -1, down 2: -DM 2, TR max(11, 11) - min(7, 11) = 4 -> -DI 50, DX 100
    expect(dm.updateBar(11, 11, 7, 8, 0, 2)).toBe(100);
    expect(dm.line(1)).toBe(100);
    expect(dm.line(2)).toBe(0);
    expect(dm.line(3)).toBe(50);
    // up 2, down 2: a tie counts for neither, so +DI = -DI = 0 and DX = 0 (0 / 0 taken as 0)
    expect(dm.updateBar(8, 13, 5, 10, 0, 3)).toBe(0);
    expect(dm.line(1)).toBe(50); // (0 + 100) / 2
    expect(dm.line(2)).toBe(0);
    expect(dm.line(3)).toBe(0);
  });

  it("equals Wilder's running-sum bookkeeping on real data", () => {
    const bars = loadBacktraderBars();
    const out = computeOverBars(new DirectionalMovement(14), bars);
    const naive = naiveDirectionalMovement(bars, 14);
    // Each line from its own warm-up: +DI and -DI at bar 14, ADX at 27, ADXR at 41.
    expect([out.plus_di[13], out.minus_di[13], out.adx[26], out.adxr[40]]).toEqual([NaN, NaN, NaN, NaN]);
    for (let i = 14; i < bars.length; i++) {
      expect(out.plus_di[i]).toBeCloseTo(naive.plusDi[i], 9);
      expect(out.minus_di[i]).toBeCloseTo(naive.minusDi[i], 9);
      if (i >= 27) expect(out.adx[i]).toBeCloseTo(naive.adx[i], 9);
      if (i >= 41) expect(out.adxr[i]).toBeCloseTo((naive.adx[i] + naive.adx[i - 14]) / 2, 9);
    }
  });

  it("reproduces Backtrader's test_ind_dm chkvals", () => {
    const out = computeOverBars(new DirectionalMovement(14), loadBacktraderBars());
    expectBacktraderCheckValues(out.adx, 42, ['15.302485', '31.674648', '15.961767'], 28);
    expectBacktraderCheckValues(out.adxr, 42, ['18.839142', '26.946536', '18.161738']);
    expectBacktraderCheckValues(out.plus_di, 42, ['28.809535', '30.460124', '31.386311'], 15);
    expectBacktraderCheckValues(out.minus_di, 42, ['24.638772', '18.914537', '21.564611'], 15);
  });

  it("shows ADX, +DI and -DI from their own minimum periods, as Backtrader's ADX, PlusDI and MinusDI", () => {
    // Backtrader's ADX (minimum period 28), PlusDI and MinusDI (15) at their own check bars, from a
    // Backtrader 1.9.78.123 run on the same file (its DM, ADXR and DMI lines hold the same values).
    const out = computeOverBars(new DirectionalMovement(14), loadBacktraderBars());
    expectBacktraderCheckValues(out.adx, 28, ['15.302485', '22.218425', '19.638205']);
    expectBacktraderCheckValues(out.plus_di, 15, ['28.809535', '17.679800', '21.385416']);
    expectBacktraderCheckValues(out.minus_di, 15, ['24.638772', '33.254117', '19.653566']);
  });

  it('rejects a bad period', () => {
    expect(() => new DirectionalMovement(0)).toThrow(RooneyError);
    expect(() => new DirectionalMovement(Number.NaN)).toThrow('"period" must be an integer >= 1, was NaN');
  });
});

describeIndicatorContract(findIndicator('adx'), { expectedWarmUp: 42, expectedLineWarmUps: { adx: 28, plus_di: 15, minus_di: 15 } });
describeIndicatorContract(findIndicator('adx'), { parameters: { period: 3 }, expectedWarmUp: 9, expectedLineWarmUps: { adx: 6, plus_di: 4, minus_di: 4 } });
