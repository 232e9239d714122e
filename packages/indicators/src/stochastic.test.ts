import { describe, expect, it } from 'vitest';
import { RooneyError } from '@rooney/core';
import type { BarArrays } from '@rooney/core';
import { computeOverBars } from './indicator.ts';
import { findIndicator } from './registry.ts';
import { Stochastic, StochasticFull } from './stochastic.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';

function barsOf(high: number[], low: number[], close: number[]): BarArrays {
  const n = close.length;
  return {
    symbol: 'test',
    barMs: 1,
    length: n,
    ts: Float64Array.from({ length: n }, (_, i) => i),
    open: Float64Array.from(close),
    high: Float64Array.from(high),
    low: Float64Array.from(low),
    close: Float64Array.from(close),
    volume: new Float64Array(n),
  };
}

/** Naive stochastic: window scans and explicit averages. */
function naiveStochastic(bars: BarArrays, period: number, kSmoothing: number, dPeriod: number) {
  const n = bars.length;
  const raw = new Array<number>(n).fill(Number.NaN);
  for (let i = period - 1; i < n; i++) {
    let highest = -Infinity;
    let lowest = Infinity;
    for (let j = i - period + 1; j <= i; j++) {
      highest = Math.max(highest, bars.high[j]);
      lowest = Math.min(lowest, bars.low[j]);
    }
    raw[i] = (100 * (bars.close[i] - lowest)) / (highest - lowest);
  }
  const mean = (values: number[], length: number, i: number) => {
    let sum = 0;
    for (let j = i - length + 1; j <= i; j++) sum += values[j];
    return sum / length;
  };
  const k = raw.map((_, i) => (i >= period + kSmoothing - 2 ? mean(raw, kSmoothing, i) : Number.NaN));
  const d = k.map((_, i) => (i >= period + kSmoothing + dPeriod - 3 ? mean(k, dPeriod, i) : Number.NaN));
  return { k, d };
}

describe('Stochastic', () => {
  it('hand-computed: period 3, fast and slow', () => {
    const bars = barsOf([10, 12, 11, 13, 12], [8, 9, 9, 10, 10], [9, 11, 10, 12, 11]);
    // raw %K: bar 2: (10 - 8) / (12 - 8) = 50; bar 3: (12 - 9) / (13 - 9) = 75; bar 4: (11 - 9) / (13 - 9) = 50
    const fast = computeOverBars(new Stochastic(3, 1, 2), bars);
    expect(fast.k[1]).toBeNaN();
    expect(fast.k[2]).toBe(50); // k from its own warm-up 3; d needs two k values: warm-up 4
    expect(fast.d[2]).toBeNaN();
    expect(fast.k[3]).toBe(75);
    expect(fast.d[3]).toBe(62.5);
    expect(fast.k[4]).toBe(50);
    expect(fast.d[4]).toBe(62.5);
    const slow = computeOverBars(new Stochastic(3, 2, 2), bars);
    expect(slow.k[2]).toBeNaN();
    expect(slow.k[3]).toBe(62.5); // mean of raw 50, 75
    expect(slow.d[3]).toBeNaN();
    expect(slow.k[4]).toBe(62.5); // mean of raw 75, 50
    expect(slow.d[4]).toBe(62.5); // mean of k 62.5 (bar 3), 62.5 (bar 4)
  });

  it('gives 50 on a flat window (zero range)', () => {
    const bars = barsOf([5, 5, 5], [5, 5, 5], [5, 5, 5]);
    const out = computeOverBars(new Stochastic(2, 1, 1), bars);
    expect(out.k[2]).toBe(50);
  });

  it('equals a naive implementation on real data', () => {
    const bars = loadBacktraderBars();
    for (const [period, kSmoothing, dPeriod] of [
      [14, 3, 3],
      [14, 1, 3],
      [5, 2, 4],
    ]) {
      const out = computeOverBars(new Stochastic(period, kSmoothing, dPeriod), bars);
      const naive = naiveStochastic(bars, period, kSmoothing, dPeriod);
      const kWarmUp = period + kSmoothing - 1;
      const warmUp = period + kSmoothing + dPeriod - 2;
      expect(out.k[kWarmUp - 2]).toBeNaN();
      expect(out.d[warmUp - 2]).toBeNaN();
      for (let i = kWarmUp - 1; i < bars.length; i++) expect(out.k[i]).toBeCloseTo(naive.k[i], 9);
      for (let i = warmUp - 1; i < bars.length; i++) expect(out.d[i]).toBeCloseTo(naive.d[i], 9);
    }
  });

  it("reproduces Backtrader's test_ind_stochastic chkvals (slow)", () => {
    const out = computeOverBars(new Stochastic(14, 3, 3), loadBacktraderBars());
    expectBacktraderCheckValues(out.k, 18, ['88.667626', '21.409626', '63.796187'], 16);
    expectBacktraderCheckValues(out.d, 18, ['82.845850', '15.710059', '77.642219']);
  });

  it("reproduces Backtrader's test_ind_stochasticfull chkvals: raw %K, %D and slow %D", () => {
    const bars = loadBacktraderBars();
    // StochasticFull's lines percK, percD, percDSlow, checked at its minimum period 18; each line
    // is defined from its own (14, 16, 18).
    const full = computeOverBars(new StochasticFull(14, 3, 3), bars);
    expectBacktraderCheckValues(full.k, 18, ['83.541267', '36.818395', '41.769503'], 14);
    expectBacktraderCheckValues(full.d, 18, ['88.667626', '21.409626', '63.796187'], 16);
    expectBacktraderCheckValues(full.d_slow, 18, ['82.845850', '15.710059', '77.642219'], 18);
    // The same lines as the fast and the slow stochastic.
    const fast = computeOverBars(new Stochastic(14, 1, 3), bars);
    const slow = computeOverBars(new Stochastic(14, 3, 3), bars);
    expect(Array.from(full.k)).toEqual(Array.from(fast.k));
    expect(Array.from(full.d)).toEqual(Array.from(fast.d));
    expect(Array.from(full.d_slow)).toEqual(Array.from(slow.d));
  });

  it("shows each line from its own minimum period, as Backtrader's StochasticFull lines", () => {
    // percK (14), percD (16) and percDSlow (18) at their own check bars, from a Backtrader 1.9.78.123
    // run on the same file.
    const full = computeOverBars(new StochasticFull(), loadBacktraderBars());
    expectBacktraderCheckValues(full.k, 14, ['83.541267', '31.701391', '71.397146']);
    expectBacktraderCheckValues(full.d, 16, ['88.667626', '16.426662', '82.422924']);
    expectBacktraderCheckValues(full.d_slow, 18, ['82.845850', '15.710059', '77.642219']);
  });

  it('rejects bad parameters', () => {
    expect(() => new Stochastic(0)).toThrow(RooneyError);
    expect(() => new Stochastic(14, 0)).toThrow('"kSmoothing" must be an integer >= 1, was 0');
    expect(() => new Stochastic(14, 3, 2.5)).toThrow('"dPeriod" must be an integer >= 1, was 2.5');
  });
});

describeIndicatorContract(findIndicator('stochastic'), { expectedWarmUp: 18, expectedLineWarmUps: { k: 16 } });
describeIndicatorContract(findIndicator('stochasticfast'), { expectedWarmUp: 16, expectedLineWarmUps: { k: 14 } });
describeIndicatorContract(findIndicator('stochasticfull'), { expectedWarmUp: 18, expectedLineWarmUps: { k: 14, d: 16 } });
describeIndicatorContract(findIndicator('stochasticfull'), {
  parameters: { period: 5, dPeriod: 2, dSlowPeriod: 4 },
  expectedWarmUp: 9,
  expectedLineWarmUps: { k: 5, d: 6 },
});
