import { Rng } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { chooseThreshold } from './threshold.ts';

const scores = [0.1, 0.4, 0.35, 0.8];
const labels = [0, 0, 1, 1];

describe('chooseThreshold', () => {
  it("youden: J by hand is 0.5 at 0.8 and at 0.35; the tie goes to the higher threshold", () => {
    // Thresholds 0.8: TPR 1/2, FPR 0 -> J 0.5; 0.4: 1/2, 1/2 -> 0; 0.35: 1, 1/2 -> 0.5; 0.1: 1, 1 -> 0.
    const choice = chooseThreshold({ scores, labels });
    expect(choice).toMatchObject({ method: 'youden', threshold: 0.8, keptCount: 1, totalCount: 4 });
    expect(choice.youdenJ).toBe(0.5);
    expect(choice.truePositiveRate).toBe(0.5);
    expect(choice.falsePositiveRate).toBe(0);
  });

  it('youden with minKeptTrades 2 skips thresholds keeping fewer rows', () => {
    expect(chooseThreshold({ scores, labels, minKeptTrades: 2 }).threshold).toBe(0.35);
  });

  it('max-net-pnl maximises the PnL kept (hand-computed)', () => {
    // Kept sets by threshold: 0.8 -> {3}: 5; 0.4 -> {3,1}: 5-7=-2; 0.35 -> {3,1,2}: -2+9=7; 0.1 -> all: 7-1=6.
    const netPnl = [-1, -7, 9, 5];
    const choice = chooseThreshold({ scores, netPnl, method: 'max-net-pnl' });
    expect(choice).toMatchObject({ threshold: 0.35, keptCount: 3, keptNetPnl: 7, allNetPnl: 6 });
    expect(choice.youdenJ).toBeNaN();
  });

  it('max-net-pnl agrees with a brute-force scan of every threshold on random data', () => {
    const rng = new Rng(11);
    const n = 200;
    const s = Array.from({ length: n }, () => Math.round(rng.next() * 50) / 50);
    const pnl = Array.from({ length: n }, (_, i) => (s[i] - 0.45) * 10 + rng.normal() * 3);
    let bestPnl = Number.NEGATIVE_INFINITY;
    let bestThreshold = Number.NaN;
    for (const t of [...new Set(s)].sort((a, b) => b - a)) {
      let sum = 0;
      for (let i = 0; i < n; i++) if (s[i] >= t) sum += pnl[i];
      if (sum > bestPnl) {
        bestPnl = sum;
        bestThreshold = t;
      }
    }
    const choice = chooseThreshold({ scores: s, netPnl: pnl, method: 'max-net-pnl' });
    expect(choice.threshold).toBe(bestThreshold);
    expect(choice.keptNetPnl).toBeCloseTo(bestPnl, 9);
  });

  it('min-kept-trades picks the highest threshold keeping at least N rows (ties included)', () => {
    expect(chooseThreshold({ scores, method: 'min-kept-trades', minKeptTrades: 3 })).toMatchObject({ threshold: 0.35, keptCount: 3 });
    const tied = chooseThreshold({ scores: [0.9, 0.5, 0.5, 0.2], method: 'min-kept-trades', minKeptTrades: 2 });
    expect(tied).toMatchObject({ threshold: 0.5, keptCount: 3 });
  });

  it('fails clearly on missing inputs and bad parameters', () => {
    expect(() => chooseThreshold({ scores })).toThrow("method 'youden' needs labels");
    expect(() => chooseThreshold({ scores, method: 'max-net-pnl' })).toThrow("method 'max-net-pnl' needs netPnl");
    expect(() => chooseThreshold({ scores, labels, minKeptTrades: 5 })).toThrow('"minKeptTrades" must be <= the 4 rows, was 5');
    expect(() => chooseThreshold({ scores, labels: [0, 1] })).toThrow('there are 4 scores but 2 labels');
  });
});
