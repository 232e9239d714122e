import { describe, expect, it } from 'vitest';
import { RooneyError } from '@rooney/core';
import { SYNTHETIC_CORRELATION } from './calibration.ts';
import { choleskyLower } from './cholesky.ts';

function product(lower: Float64Array, n: number): number[][] {
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += lower[i * n + k] * lower[j * n + k];
      return sum;
    }),
  );
}

describe('choleskyLower', () => {
  it('factors a 2x2 correlation by hand: [[1, 0], [r, sqrt(1 - r^2)]]', () => {
    expect(Array.from(choleskyLower([[1, 0.6], [0.6, 1]]))).toEqual([1, 0, 0.6, 0.8]);
  });

  it('reproduces the calibrated correlation matrix as L L^T', () => {
    const n = SYNTHETIC_CORRELATION.length;
    const lower = choleskyLower(SYNTHETIC_CORRELATION);
    const back = product(lower, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(back[i][j]).toBeCloseTo(SYNTHETIC_CORRELATION[i][j], 12);
  });

  it('shrinks a matrix that is not positive definite towards the identity', () => {
    // Pairwise 0.9, 0.9 and -0.9 cannot all hold.
    const matrix = [[1, 0.9, 0.9], [0.9, 1, -0.9], [0.9, -0.9, 1]];
    const back = product(choleskyLower(matrix), 3);
    for (let i = 0; i < 3; i++) expect(back[i][i]).toBeCloseTo(1, 12);
    expect(back[0][1]).toBeGreaterThan(0);
    expect(back[0][1]).toBeLessThan(0.9);
    expect(back[1][2]).toBeLessThan(0);
  });

  it('rejects matrices that are not correlations', () => {
    expect(() => choleskyLower([[1, 0.5], [0.4, 1]])).toThrow(RooneyError);
    expect(() => choleskyLower([[2, 0], [0, 1]])).toThrow(/diagonal must be 1, was 2/);
    expect(() => choleskyLower([[1, 0], [0]])).toThrow(RooneyError);
  });
});
