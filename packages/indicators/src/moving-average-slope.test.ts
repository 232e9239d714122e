import { describe, expect, it } from 'vitest';
import { RooneyError } from '@rooney/core';
import { computeOverValues } from './indicator.ts';
import { MovingAverageSlope } from './moving-average-slope.ts';
import { MOVING_AVERAGE_KINDS, createMovingAverage } from './moving-average.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { describeIndicatorContract } from './testing/contract.ts';
import { maxDifference, referenceEma, referenceSma } from './testing/reference.ts';

describe('MovingAverageSlope', () => {
  it('gives the slope of a line (hand-computed)', () => {
    // x = 3t: SMA(2) = 3t - 1.5, slope over any lookback = 3; relative: 3 / SMA(t - 2).
    const values = Array.from({ length: 10 }, (_, t) => 3 * t);
    const out = computeOverValues(new MovingAverageSlope(2, 2), values);
    expect(out[2]).toBeNaN(); // SMA defined from bar 1, its value 2 bars back from bar 3
    for (let t = 3; t < 10; t++) expect(out[t]).toBeCloseTo(3, 12);
    const relative = computeOverValues(new MovingAverageSlope(2, 2, 'sma', true), values);
    expect(relative[5]).toBeCloseTo(3 / (3 * 3 - 1.5), 12);
  });

  it('equals (MA_t - MA_{t-k}) / k with naive SMA and EMA on real data', () => {
    const close = loadBacktraderBars().close;
    for (const [kind, reference] of [
      ['sma', referenceSma(close, 20)],
      ['ema', referenceEma(close, 20)],
    ] as const) {
      const expected = reference.map((m, i) => (i < 5 ? Number.NaN : (m - reference[i - 5]) / 5));
      const out = computeOverValues(new MovingAverageSlope(20, 5, kind), close);
      expect(maxDifference(out, expected)).toBeLessThan(1e-11);
    }
  });

  it('works on every moving-average kind, with warm-up = MA warm-up + lookback', () => {
    for (const kind of MOVING_AVERAGE_KINDS) {
      const slope = new MovingAverageSlope(10, 3, kind);
      expect(slope.warmUp).toBe(createMovingAverage(kind, 10).warmUp + 3);
    }
    expect(() => new MovingAverageSlope(10, 3, 'nope')).toThrow(RooneyError);
  });
});

describeIndicatorContract(findIndicator('maslope'), { expectedWarmUp: 25 });
describeIndicatorContract(findIndicator('maslope'), {
  parameters: { average: 'kama', relative: true, lookback: 1 },
  expectedWarmUp: 22,
});
