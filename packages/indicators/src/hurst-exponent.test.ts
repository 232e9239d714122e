import { describe, expect, it } from 'vitest';
import { RooneyError, Rng } from '@rooney/core';
import { computeOverValues } from './indicator.ts';
import { HurstExponent } from './hurst-exponent.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { describeIndicatorContract } from './testing/contract.ts';

/** Backtrader's algorithm, as numpy would run it: tau = sqrt(std(diff)), polyfit(log10 lag, log10 tau), H = 2 slope. */
function referenceHurst(window: ArrayLike<number>, lagStart: number, lagEnd: number): number {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let lag = lagStart; lag < lagEnd; lag++) {
    const differences: number[] = [];
    for (let j = lag; j < window.length; j++) differences.push(window[j] - window[j - lag]);
    const mean = differences.reduce((a, b) => a + b, 0) / differences.length;
    const std = Math.sqrt(differences.reduce((a, d) => a + (d - mean) ** 2, 0) / differences.length);
    xs.push(Math.log10(lag));
    ys.push(Math.log10(Math.sqrt(std)));
  }
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  return 2 * (sxy / sxx);
}

describe('HurstExponent', () => {
  it("matches Backtrader's numpy recipe on every window of real data", () => {
    const close = loadBacktraderBars().close;
    for (const [period, lagStart, lagEnd] of [
      [40, 2, 0],
      [100, 3, 30],
      [8, 1, 4],
    ]) {
      const hurst = new HurstExponent(period, lagStart, lagEnd);
      const out = computeOverValues(hurst, close);
      expect(out[period - 2]).toBeNaN();
      for (let i = period - 1; i < close.length; i++) {
        const expected = referenceHurst(close.subarray(i - period + 1, i + 1), lagStart, hurst.lagEnd);
        expect(out[i]).toBeCloseTo(expected, 8);
      }
    }
  });

  it('tells a random walk (~0.5) from noise (~0) and from persistent increments (> 0.5)', () => {
    const rng = new Rng(42);
    const n = 1200;
    const walk = new Float64Array(n);
    const noise = new Float64Array(n);
    const persistent = new Float64Array(n); // increments AR(1) with phi 0.9: trending over ~10 bars
    let increment = 0;
    for (let i = 0; i < n; i++) {
      walk[i] = (i > 0 ? walk[i - 1] : 0) + rng.normal();
      noise[i] = rng.normal();
      increment = 0.9 * increment + rng.normal();
      persistent[i] = (i > 0 ? persistent[i - 1] : 0) + increment;
    }
    const last = (values: Float64Array): number => computeOverValues(new HurstExponent(1000, 2, 100), values)[n - 1];
    // One window of 1000 bars is a noisy estimator (std of H roughly 0.1 here), hence loose bounds.
    expect(Math.abs(last(walk) - 0.5)).toBeLessThan(0.2);
    expect(Math.abs(last(noise))).toBeLessThan(0.05); // std of x_t - x_{t-k} does not grow with k
    expect(last(persistent)).toBeGreaterThan(0.6);
    expect(last(persistent)).toBeGreaterThan(last(walk) + 0.1);
  });

  it('is NaN on a constant window and checks its lags', () => {
    expect(computeOverValues(new HurstExponent(8, 1, 4), new Array(10).fill(3))[9]).toBeNaN();
    expect(new HurstExponent(40).lagEnd).toBe(20);
    expect(() => new HurstExponent(40, 2, 3)).toThrow(RooneyError);
    expect(() => new HurstExponent(40, 2, 40)).toThrow('"lagEnd" must be at most period - 1 = 39, was 40');
  });
});

describeIndicatorContract(findIndicator('hurst'), { expectedWarmUp: 40 });
