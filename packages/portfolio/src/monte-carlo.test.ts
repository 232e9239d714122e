import { Rng } from '@rooney/core';
import { sampleCorrelation } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { percentileSorted } from './internal/percentile.ts';
import {
  allocatePathOutputs,
  monteCarloSettings,
  resampleTrades,
  runMonteCarlo,
  simulatePaths,
} from './monte-carlo.ts';
import type { ResampleMethod } from './monte-carlo.ts';

const METHODS: ResampleMethod[] = ['iid', 'block', 'shuffle'];

function lagOneAutocorrelation(values: Float64Array): number {
  const x = Array.from(values);
  return sampleCorrelation(x.slice(0, -1), x.slice(1));
}

describe('percentileSorted', () => {
  it('interpolates linearly between order statistics (numpy default)', () => {
    const x = Float64Array.of(1, 2, 3, 4);
    expect(percentileSorted(x, 0)).toBe(1);
    expect(percentileSorted(x, 0.25)).toBe(1.75);
    expect(percentileSorted(x, 0.5)).toBe(2.5);
    expect(percentileSorted(x, 0.95)).toBeCloseTo(3.85, 14);
    expect(percentileSorted(x, 1)).toBe(4);
  });
});

describe('runMonteCarlo against closed forms', () => {
  it('gives a degenerate distribution for a constant trade', () => {
    const pnls = new Float64Array(200).fill(25);
    for (const method of METHODS) {
      const result = runMonteCarlo(pnls, { paths: 300, method, seed: 1, startEquity: 10_000 });
      const f = result.finalEquity;
      for (const value of [f.p5, f.p25, f.p50, f.p75, f.p95]) expect(value).toBe(15_000);
      expect(f.mean).toBeCloseTo(15_000, 8);
      expect(result.maxDrawdown).toEqual({ mean: 0, p5: 0, p25: 0, p50: 0, p75: 0, p95: 0 });
      expect(result.longestDrawdown.p95).toBe(0);
      expect(result.probRuin).toBe(0);
      expect(result.fan.tradeIndex[0]).toBe(0);
      expect(result.fan.tradeIndex.at(-1)).toBe(200);
      result.fan.tradeIndex.forEach((index, k) => {
        expect(result.fan.p5[k]).toBe(10_000 + 25 * index);
        expect(result.fan.p95[k]).toBe(10_000 + 25 * index);
      });
    }
  });

  it('ruins every path of a steady loser', () => {
    const pnls = new Float64Array(100).fill(-10);
    const result = runMonteCarlo(pnls, { paths: 50, method: 'iid', seed: 3, startEquity: 1000 });
    expect(result.finalEquity.p50).toBe(0);
    expect(result.maxDrawdown.p5).toBe(1000);
    expect(result.longestDrawdown.p5).toBe(100);
    expect(result.probRuin).toBe(1);
    expect(runMonteCarlo(pnls, { paths: 50, method: 'iid', seed: 3, startEquity: 1000, ruinEquity: -1 }).probRuin).toBe(0);
  });

  it('iid bootstrap: mean final equity is start + n·mean(pnl) within 4 standard errors', () => {
    const rng = new Rng(11);
    const n = 150;
    const pnls = new Float64Array(n);
    for (let i = 0; i < n; i++) pnls[i] = 40 + 300 * rng.normal();
    let mean = 0;
    for (const v of pnls) mean += v / n;
    let variance = 0;
    for (const v of pnls) variance += (v - mean) ** 2 / n; // the bootstrap draws from the empirical (population) distribution
    const paths = 4000;
    const result = runMonteCarlo(pnls, { paths, method: 'iid', seed: 5, startEquity: 100_000 });
    const standardError = Math.sqrt((n * variance) / paths);
    expect(Math.abs(result.finalEquity.mean - (100_000 + n * mean))).toBeLessThan(4 * standardError);
    // Spread: the 5–95% range of a sum of n iid draws is ≈ 2·1.645·√(n·var).
    const range = result.finalEquity.p95 - result.finalEquity.p5;
    expect(range / (2 * 1.6449 * Math.sqrt(n * variance))).toBeGreaterThan(0.93);
    expect(range / (2 * 1.6449 * Math.sqrt(n * variance))).toBeLessThan(1.07);
  });

  it('shuffle keeps the final equity exactly equal to the sum on every path', () => {
    const rng = new Rng(21);
    const pnls = new Float64Array(120);
    for (let i = 0; i < pnls.length; i++) pnls[i] = 12.5 * (rng.int(81) - 38); // tick-sized PnLs, exact in binary
    const sum = pnls.reduce((a, b) => a + b, 0);
    const settings = monteCarloSettings(pnls, { paths: 400, method: 'shuffle', seed: 2, startEquity: 50_000 });
    const out = allocatePathOutputs(settings);
    simulatePaths(pnls, settings, 0, settings.paths, out);
    for (const final of out.finalEquity) expect(final).toBe(50_000 + sum);
    // ... while the order, hence the drawdown, varies.
    expect(Math.min(...out.maxDrawdown)).toBeLessThan(Math.max(...out.maxDrawdown));
  });

  it('shuffle draws the orderings uniformly, and drawdown lengths match the enumerated permutations', () => {
    // Trades 10, -20, 5 from 100: the six orderings have longest drawdowns 2, 1, 3, 3, 1, 2 trades and
    // a first-trade equity of 110, 110, 80, 80, 105, 105; every ordering has a 20 drawdown.
    const pnls = Float64Array.of(10, -20, 5);
    const paths = 6000;
    const settings = monteCarloSettings(pnls, { paths, method: 'shuffle', seed: 9, startEquity: 100 });
    const out = allocatePathOutputs(settings);
    simulatePaths(pnls, settings, 0, paths, out);
    const longest = new Map<number, number>();
    const first = new Map<number, number>();
    for (let p = 0; p < paths; p++) {
      expect(out.maxDrawdown[p]).toBe(20);
      longest.set(out.longestDrawdown[p], (longest.get(out.longestDrawdown[p]) ?? 0) + 1);
      const equityAfterOne = out.fan[1 * paths + p];
      first.set(equityAfterOne, (first.get(equityAfterOne) ?? 0) + 1);
    }
    expect([...longest.keys()].sort((a, b) => a - b)).toEqual([1, 2, 3]);
    expect([...first.keys()].sort((a, b) => a - b)).toEqual([80, 105, 110]);
    // Each outcome has probability 1/3: binomial sd √(6000·(1/3)(2/3)) ≈ 36.5; allow 4 sd.
    for (const count of [...longest.values(), ...first.values()]) expect(Math.abs(count - 2000)).toBeLessThan(146);
  });

  it('block bootstrap keeps lag-1 autocorrelation of an AR(1) series, iid does not', () => {
    const rng = new Rng(31);
    const n = 600;
    const pnls = new Float64Array(n);
    let previous = 0;
    for (let i = 0; i < n; i++) {
      previous = 0.6 * previous + 100 * rng.normal();
      pnls[i] = previous;
    }
    const original = lagOneAutocorrelation(pnls);
    expect(original).toBeGreaterThan(0.5);
    const root = new Rng(4);
    const sample = new Float64Array(n);
    let iid = 0;
    let block = 0;
    const paths = 200;
    for (let p = 0; p < paths; p++) {
      resampleTrades(pnls, 'iid', root.fork(p), sample);
      iid += lagOneAutocorrelation(sample) / paths;
      resampleTrades(pnls, 'block', root.fork(p + paths), sample, 20);
      block += lagOneAutocorrelation(sample) / paths;
    }
    expect(Math.abs(iid)).toBeLessThan(0.02);
    // Blocks of 20 keep 19 of every 20 neighbouring pairs: ≈ 0.95 of the original correlation.
    expect(Math.abs(block - original)).toBeLessThan(Math.abs(iid - original) / 4);
    expect(block).toBeGreaterThan(0.85 * original);
  });
});

describe('runMonteCarlo determinism and validation', () => {
  const rng = new Rng(8);
  const pnls = new Float64Array(80);
  for (let i = 0; i < pnls.length; i++) pnls[i] = 20 + 200 * rng.normal();

  it('gives identical paths however the work is split', () => {
    for (const method of METHODS) {
      const settings = monteCarloSettings(pnls, { paths: 100, method, seed: 77, startEquity: 10_000 });
      const whole = allocatePathOutputs(settings);
      simulatePaths(pnls, settings, 0, 100, whole);
      const split = allocatePathOutputs(settings);
      simulatePaths(pnls, settings, 60, 100, split);
      simulatePaths(pnls, settings, 0, 60, split);
      for (const key of ['finalEquity', 'maxDrawdown', 'longestDrawdown', 'ruined', 'fan'] as const) {
        expect(Buffer.from(split[key].buffer).equals(Buffer.from(whole[key].buffer))).toBe(true);
      }
      expect(whole.finalEquity.every((v) => v !== 0)).toBe(true);
    }
  });

  it('repeats with the same seed and changes with another', () => {
    const a = runMonteCarlo(pnls, { paths: 200, method: 'block', seed: 1, startEquity: 10_000 });
    const b = runMonteCarlo(pnls, { paths: 200, method: 'block', seed: 1, startEquity: 10_000 });
    const c = runMonteCarlo(pnls, { paths: 200, method: 'block', seed: 2, startEquity: 10_000 });
    expect(a).toEqual(b);
    expect(c.finalEquity.mean).not.toBe(a.finalEquity.mean);
    expect(a.blockSize).toBe(Math.round(Math.cbrt(80)));
  });

  it('rejects bad input', () => {
    expect(() => runMonteCarlo(new Float64Array(0), { paths: 1, method: 'iid', seed: 1, startEquity: 1 })).toThrow(/at least one trade/);
    expect(() => runMonteCarlo(pnls, { paths: 0, method: 'iid', seed: 1, startEquity: 1 })).toThrow(/"paths" must be an integer >= 1, was 0/);
    expect(() => runMonteCarlo(pnls, { paths: 1, method: 'block', blockSize: 81, seed: 1, startEquity: 1 })).toThrow(/"blockSize"/);
    expect(() => runMonteCarlo(pnls, { paths: 1, method: 'iid', seed: 1, startEquity: 100, ruinEquity: 100 })).toThrow(/"ruinEquity"/);
    expect(() => runMonteCarlo(Float64Array.of(1, Number.NaN), { paths: 1, method: 'iid', seed: 1, startEquity: 1 })).toThrow(/finite/);
  });
});
