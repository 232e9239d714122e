import { Rng } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { bootstrapAuc, bootstrapVetoUplift } from './bootstrap.ts';
import { auc } from './metrics.ts';

/** Scores with a planted signal: positives are shifted up by `shift` standard deviations. */
function scored(n: number, shift: number, seed: number, ties = false): { scores: Float64Array; labels: Uint8Array } {
  const rng = new Rng(seed);
  const labels = Uint8Array.from({ length: n }, () => (rng.next() < 0.4 ? 1 : 0));
  const scores = Float64Array.from(labels, (y) => {
    const s = rng.normal() + shift * y;
    return ties ? Math.round(s * 4) / 4 : s;
  });
  return { scores, labels };
}

/**
 * DeLong, DeLong & Clarke-Pearson (1988): the AUC's variance from its structural components,
 * V10(x_i) = mean_j ψ(x_i, y_j) over negatives and V01(y_j) = mean_i ψ(x_i, y_j) over positives,
 * ψ = 1 if x > y, 1/2 if equal; Var = s²(V10)/m + s²(V01)/n. Written out pairwise (O(m·n)) as an
 * independent reference for the bootstrap.
 */
function delongStandardError(scores: Float64Array, labels: Uint8Array): number {
  const pos: number[] = [];
  const neg: number[] = [];
  labels.forEach((y, i) => (y === 1 ? pos : neg).push(scores[i]));
  const psi = (x: number, y: number): number => (x > y ? 1 : x === y ? 0.5 : 0);
  const v10 = pos.map((x) => neg.reduce((s, y) => s + psi(x, y), 0) / neg.length);
  const v01 = neg.map((y) => pos.reduce((s, x) => s + psi(x, y), 0) / pos.length);
  const variance = (v: number[]): number => {
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    return v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - 1);
  };
  return Math.sqrt(variance(v10) / pos.length + variance(v01) / neg.length);
}

describe('bootstrapAuc', () => {
  it('its estimate is the Mann-Whitney AUC, ties included', () => {
    for (const ties of [false, true]) {
      const { scores, labels } = scored(500, 0.8, 1, ties);
      expect(bootstrapAuc(scores, labels, { seed: 1, resamples: 50 }).estimate).toBeCloseTo(auc(scores, labels), 12);
    }
  });

  it('agrees with the DeLong standard error and normal interval on a large sample', () => {
    const { scores, labels } = scored(1500, 0.7, 2, true);
    const ci = bootstrapAuc(scores, labels, { seed: 7, resamples: 2000 });
    const se = delongStandardError(scores, labels);
    expect(ci.standardError / se).toBeGreaterThan(0.9);
    expect(ci.standardError / se).toBeLessThan(1.1);
    expect(ci.lower).toBeCloseTo(ci.estimate - 1.96 * se, 2);
    expect(ci.upper).toBeCloseTo(ci.estimate + 1.96 * se, 2);
    expect(ci.confidence).toBe(0.95);
    expect(ci.resamples).toBe(2000);
  });

  it('covers the true AUC of 0.5 at about the stated rate when the scores are noise', () => {
    let covered = 0;
    for (let seed = 0; seed < 60; seed++) {
      const { scores, labels } = scored(200, 0, 100 + seed);
      const ci = bootstrapAuc(scores, labels, { seed, resamples: 400, confidence: 0.9 });
      if (ci.lower <= 0.5 && ci.upper >= 0.5) covered++;
    }
    // 90% intervals: 54 of 60 expected; a binomial 99.9% band is about 46..60.
    expect(covered).toBeGreaterThanOrEqual(46);
    expect(covered).toBeLessThan(60);
  });

  it('is deterministic for a seed, and a wider confidence gives a wider interval', () => {
    const { scores, labels } = scored(300, 0.5, 3);
    const a = bootstrapAuc(scores, labels, { seed: 5, resamples: 300 });
    expect(bootstrapAuc(scores, labels, { seed: 5, resamples: 300 })).toEqual(a);
    expect(bootstrapAuc(scores, labels, { seed: 6, resamples: 300 }).lower).not.toBe(a.lower);
    const wide = bootstrapAuc(scores, labels, { seed: 5, resamples: 300, confidence: 0.99 });
    expect(wide.lower).toBeLessThan(a.lower);
    expect(wide.upper).toBeGreaterThan(a.upper);
  });

  it('refuses a single class and bad settings with clear errors', () => {
    expect(() => bootstrapAuc([0.1, 0.2], [1, 1], { seed: 1 })).toThrow(/both classes.*2 positive and 0 negative/);
    expect(() => bootstrapAuc([0.1, 0.2], [1, 0], { seed: 1, confidence: 1 })).toThrow(/"confidence" must be in \(0, 1\)/);
    expect(() => bootstrapAuc([0.1, Number.NaN], [1, 0], { seed: 1 })).toThrow(/score 1 is NaN/);
  });
});

describe('bootstrapVetoUplift', () => {
  it('the uplift is minus the vetoed PnL, and its spread is the iid standard error of that sum', () => {
    const rng = new Rng(9);
    const n = 400;
    const pnl = Float64Array.from({ length: n }, () => 100 * rng.normal() + 5);
    const kept = Uint8Array.from(pnl, (p, i) => (p > -40 || i % 3 === 0 ? 1 : 0));
    const result = bootstrapVetoUplift(pnl, kept, { seed: 2, resamples: 3000 });
    let vetoed = 0;
    let all = 0;
    let keptCount = 0;
    const contribution = Float64Array.from(pnl, (p, i) => (kept[i] ? 0 : p));
    pnl.forEach((p, i) => {
      all += p;
      if (kept[i]) keptCount++;
      else vetoed += p;
    });
    expect(result.uplift.estimate).toBeCloseTo(-vetoed, 6);
    expect(result.allNetPnl).toBeCloseTo(all, 6);
    expect(result.keptTrades).toBe(keptCount);
    expect(result.keptMeanNetPnl).toBeCloseTo((all - vetoed) / keptCount, 9);
    // Var(sum of n iid draws of the vetoed contribution) = n · population variance.
    const mean = contribution.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(contribution.reduce((s, x) => s + (x - mean) ** 2, 0) / n);
    expect(result.uplift.standardError / (Math.sqrt(n) * sd)).toBeGreaterThan(0.93);
    expect(result.uplift.standardError / (Math.sqrt(n) * sd)).toBeLessThan(1.07);
    expect(result.uplift.lower).toBeGreaterThan(0); // vetoing the big losers clearly helps
  });

  it('keeping every trade gives an uplift of exactly 0 with no spread', () => {
    const result = bootstrapVetoUplift([10, -5, 3], [1, 1, 1], { seed: 1, resamples: 50 });
    expect(result.uplift).toMatchObject({ estimate: 0, lower: 0, upper: 0, standardError: 0 });
  });
});
