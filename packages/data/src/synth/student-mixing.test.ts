import { describe, expect, it } from 'vitest';
import { Rng } from '@rooney/core';
import { cappedMixingMoments, regularizedLowerGamma } from './student-mixing.ts';

describe('regularizedLowerGamma', () => {
  it('matches closed forms for a = 1/2, 1, 3/2, 2', () => {
    const erfOfOne = 0.8427007929497149; // erf(1), published value
    expect(regularizedLowerGamma(0.5, 1)).toBeCloseTo(erfOfOne, 13);
    for (const x of [0.01, 0.3, 1, 2.5, 6]) {
      expect(regularizedLowerGamma(1, x)).toBeCloseTo(1 - Math.exp(-x), 13);
      expect(regularizedLowerGamma(2, x)).toBeCloseTo(1 - Math.exp(-x) * (1 + x), 13);
    }
    // P(3/2, x) = erf(sqrt x) - 2 sqrt(x / pi) e^-x, at x = 1.
    expect(regularizedLowerGamma(1.5, 1)).toBeCloseTo(erfOfOne - 2 * Math.sqrt(1 / Math.PI) * Math.exp(-1), 13);
    expect(regularizedLowerGamma(3, 0)).toBe(0);
  });
});

describe('cappedMixingMoments', () => {
  it('gives the Student-t moments without a cap: E[w] = 1, E[w^2] = (df - 2) / (df - 4)', () => {
    for (const df of [5, 6, 9, 30]) {
      const { mean, meanSquare } = cappedMixingMoments(df, 1e20);
      expect(mean).toBeCloseTo(1, 9);
      expect(meanSquare).toBeCloseTo((df - 2) / (df - 4), 6);
    }
  });

  it('agrees with a Monte Carlo estimate of min((df - 2) / chi2(df), cap)', () => {
    const rng = new Rng(5);
    for (const [df, cap] of [[5, 4], [7, 3]]) {
      let sum = 0;
      let sumSquares = 0;
      const n = 100_000;
      for (let i = 0; i < n; i++) {
        let chi = 0;
        for (let k = 0; k < df; k++) chi += rng.normal() ** 2;
        const w = Math.min((df - 2) / chi, cap);
        sum += w;
        sumSquares += w * w;
      }
      const { mean, meanSquare } = cappedMixingMoments(df, cap);
      expect(mean).toBeCloseTo(sum / n, 2);
      expect(meanSquare / (sumSquares / n)).toBeCloseTo(1, 1);
      expect(mean).toBeLessThan(1);
    }
  });
});
