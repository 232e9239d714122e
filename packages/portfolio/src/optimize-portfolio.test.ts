import { Rng } from '@rooney/core';
import { mean, sampleStandardDeviation } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { ledoitWolfCovariance } from './covariance.ts';
import { maxSharpeWeights, projectCappedSimplex, weightSharpe } from './max-sharpe.ts';
import { optimizePortfolio, portfolioStatistics } from './optimize-portfolio.ts';

const DAY = 86_400_000;

/** Independent normal daily series with the given means and standard deviations. */
function synthetic(seed: number, n: number, specs: Array<[string, number, number]>) {
  const rng = new Rng(seed);
  const columns = specs.map(() => new Float64Array(n));
  for (let t = 0; t < n; t++) specs.forEach(([, mu, sd], k) => (columns[k][t] = mu + sd * rng.normal()));
  return { names: specs.map((s) => s[0]), ts: Float64Array.from({ length: n }, (_, t) => t * DAY), columns };
}

/** Solves A x = b by Gaussian elimination with partial pivoting (a second, independent route). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) pivot = r;
    [m[c], m[pivot]] = [m[pivot], m[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

describe('ledoitWolfCovariance', () => {
  it('matches the JMVA-paper formulas computed observation by observation', () => {
    const rng = new Rng(3);
    const n = 40;
    const p = 4;
    const columns = Array.from({ length: p }, () => new Float64Array(n));
    for (let t = 0; t < n; t++) {
      const common = rng.normal();
      for (let j = 0; j < p; j++) columns[j][t] = 0.01 * (0.5 * common + rng.normal()) + 0.001 * j;
    }
    const estimate = ledoitWolfCovariance(columns);
    // Demeaned observations and the MLE sample covariance.
    const x = Array.from({ length: n }, (_, t) => columns.map((c) => c[t] - mean(Array.from(c))));
    const s = Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => x.reduce((acc, r) => acc + r[i] * r[j], 0) / n));
    const norm2 = (a: number[][]): number => a.flat().reduce((acc, v) => acc + v * v, 0) / p;
    const m = s.reduce((acc, row, i) => acc + row[i], 0) / p;
    const d2 = norm2(s.map((row, i) => row.map((v, j) => v - (i === j ? m : 0))));
    let bBar2 = 0;
    for (const r of x) bBar2 += norm2(s.map((row, i) => row.map((v, j) => r[i] * r[j] - v))) / (n * n);
    const delta = Math.min(bBar2, d2) / d2;
    expect(estimate.shrinkage).toBeCloseTo(delta, 12);
    expect(estimate.shrinkage).toBeGreaterThan(0);
    expect(estimate.shrinkage).toBeLessThan(1);
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) {
        const expected = (1 - delta) * s[i][j] + (i === j ? delta * m : 0);
        expect(estimate.matrix[i * p + j]).toBeCloseTo(expected, 15);
      }
    }
  });
});

describe('max-Sharpe solver', () => {
  it('projects onto the capped simplex', () => {
    expect(Array.from(projectCappedSimplex(Float64Array.of(0.5, 0.2, 0.1), 1, 1)).map((v) => +v.toFixed(12))).toEqual([
      0.566666666667, 0.266666666667, 0.166666666667,
    ]);
    expect(Array.from(projectCappedSimplex(Float64Array.of(0.5, 0.2, 0.1), 0.4, 1)).map((v) => +v.toFixed(12))).toEqual([
      0.4, 0.35, 0.25,
    ]);
  });

  it('finds the tangency portfolio Σ⁻¹μ / 1ᵀΣ⁻¹μ when no constraint binds', () => {
    const cov = [
      [0.04, 0.006, 0.002],
      [0.006, 0.09, 0.012],
      [0.002, 0.012, 0.0625],
    ];
    const mu = [0.05, 0.07, 0.06];
    const raw = solve(cov, mu);
    const total = raw.reduce((a, b) => a + b, 0);
    const solution = maxSharpeWeights(Float64Array.from(mu), Float64Array.from(cov.flat()), 1);
    expect(solution.converged).toBe(true);
    raw.forEach((r, i) => expect(solution.weights[i]).toBeCloseTo(r / total, 6));
  });

  it('stops at the weight cap when the tangency weight exceeds it', () => {
    // Uncorrelated, both Sharpe 1, volatilities 1 and 2: tangency weights ∝ μ/σ² = 2/3, 1/3.
    const mu = Float64Array.of(1, 2);
    const cov = Float64Array.of(1, 0, 0, 4);
    const free = maxSharpeWeights(mu, cov, 1);
    expect(free.weights[0]).toBeCloseTo(2 / 3, 7);
    const capped = maxSharpeWeights(mu, cov, 0.6);
    expect(capped.weights[0]).toBeCloseTo(0.6, 9);
    expect(capped.weights[1]).toBeCloseTo(0.4, 9);
    expect(weightSharpe(capped.weights, mu, cov)).toBeLessThan(weightSharpe(free.weights, mu, cov));
    expect(() => maxSharpeWeights(mu, cov, 0.4)).toThrow(/"maxWeight" must allow the weights to sum to 1/);
  });
});

describe('portfolioStatistics', () => {
  it('computes a small case by hand', () => {
    const stats = portfolioStatistics([Float64Array.of(1, -2, 3), Float64Array.of(0, 1, -1)], [0.5, 0.5], 0, 3);
    // Daily 0.5, −0.5, 1 → running sum 0.5, 0, 1.
    expect(stats.totalReturn).toBe(1);
    expect(stats.maxDrawdown).toBe(0.5);
    expect(stats.annualReturn).toBeCloseTo(84, 12);
    expect(stats.sharpe).toBeCloseTo((mean([0.5, -0.5, 1]) / sampleStandardDeviation([0.5, -0.5, 1])) * Math.sqrt(252), 12);
  });
});

describe('optimizePortfolio', () => {
  // Daily Sharpe 0.2 each (≈ 3.2 a year): strong enough that sampling noise cannot flip the answers.
  const table = synthetic(12, 2000, [
    ['A', 0.002, 0.01],
    ['B', 0.002, 0.01],
    ['NOISE', 0, 0.01],
  ]);

  it('greedy picks the two real assets, equal weights, and leaves the noise out', () => {
    const result = optimizePortfolio(table, { method: 'greedy' });
    expect(result.steps.map((s) => s.added).sort()).toEqual(['A', 'B']);
    expect(result.weights).toEqual([0.5, 0.5, 0]);
    expect(result.inSampleDays).toBe(1400);
    expect(result.outOfSampleDays).toBe(600);
    expect(result.holdOutStartTs).toBe(1400 * DAY);
    // Each step raised the in-sample Sharpe.
    expect((result.steps[1].sharpe as number) > (result.steps[0].sharpe as number)).toBe(true);
    // Dropping the zero-mean asset beats equal weight in and out of sample.
    expect(result.inSample.optimized.sharpe as number).toBeGreaterThan(result.inSample.equalWeight.sharpe as number);
    expect(result.outOfSample?.optimized.sharpe as number).toBeGreaterThan(result.outOfSample?.equalWeight.sharpe as number);
  });

  it('mean-variance gives two uncorrelated equal-Sharpe assets equal weight and the noise little', () => {
    // With 20,000 days the weight's sampling error is ≈ 0.0125, so ±0.05 is 4 standard errors.
    const two = synthetic(13, 20_000, [
      ['A', 0.002, 0.01],
      ['B', 0.002, 0.01],
    ]);
    const pair = optimizePortfolio(two, { method: 'mean_variance', holdOutFraction: 0 });
    expect(Math.abs(pair.weights[0] - 0.5)).toBeLessThan(0.05);
    expect(pair.weights[0] + pair.weights[1]).toBeCloseTo(1, 9);
    expect(pair.outOfSample).toBeNull();
    expect(pair.shrinkage).toBeGreaterThanOrEqual(0);
    const three = optimizePortfolio(table, { method: 'mean_variance' });
    expect(three.weights[2]).toBeLessThan(0.1);
    expect(three.inSample.optimized.sharpe as number).toBeGreaterThan(three.inSample.equalWeight.sharpe as number);
  });

  it('respects the weight cap and the gross exposure', () => {
    const skewed = synthetic(5, 1500, [
      ['STRONG', 0.002, 0.01],
      ['WEAK', 0.0003, 0.01],
      ['WEAKER', 0.0002, 0.01],
    ]);
    const result = optimizePortfolio(skewed, { method: 'mean_variance', maxWeight: 0.5, grossExposure: 0.8 });
    expect(Math.max(...result.weights)).toBeLessThanOrEqual(0.5 + 1e-12);
    expect(result.weights[0]).toBeCloseTo(0.5, 9);
    expect(result.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(0.8, 9);
    const greedy = optimizePortfolio(skewed, { method: 'greedy', maxWeight: 0.3 });
    for (const w of greedy.weights) expect(w).toBeLessThanOrEqual(0.3);
  });

  it('scales weights down to meet a drawdown cap', () => {
    const free = optimizePortfolio(table, { method: 'greedy' });
    const cap = free.inSample.optimized.maxDrawdown / 2;
    const capped = optimizePortfolio(table, { method: 'greedy', maxDrawdown: cap });
    expect(capped.drawdownScale).toBeCloseTo(0.5, 12);
    expect(capped.inSample.optimized.maxDrawdown).toBeCloseTo(cap, 12);
    expect(capped.inSample.optimized.sharpe).toBeCloseTo(free.inSample.optimized.sharpe as number, 12);
  });

  it('turns weights into whole contracts within the capital', () => {
    const result = optimizePortfolio(table, {
      method: 'greedy',
      integerContracts: { capital: 100_000, margins: [12_000, 20_000, 5_000] },
    });
    // Targets 0.5·100k/12k = 4.17 and 0.5·100k/20k = 2.5 → 4 and 2 (88k); 12k left buys one more A.
    expect(result.integerContracts?.contracts).toEqual([5, 2, 0]);
    expect(result.integerContracts?.marginUsed).toBe(100_000);
    const direct = portfolioStatistics(table.columns, [5, 2, 0], 0, 1400);
    expect(result.integerContracts?.inSample.totalReturn).toBeCloseTo(direct.totalReturn, 12);
  });

  it('rejects bad input with the value quoted', () => {
    expect(() => optimizePortfolio(table, { method: 'greedy', holdOutFraction: 1 })).toThrow(/"holdOutFraction" must be in \[0, 1\), was 1/);
    expect(() => optimizePortfolio(table, { method: 'mean_variance', maxWeight: 0.2 })).toThrow(/"maxWeight"/);
    const bad = { names: ['A'], ts: Float64Array.of(0, 1, 2), columns: [Float64Array.of(1, Number.NaN, 2)] };
    expect(() => optimizePortfolio(bad, { method: 'greedy' })).toThrow(/non-finite value NaN at row 1/);
  });
});
