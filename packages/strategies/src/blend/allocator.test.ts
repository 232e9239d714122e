import { describe, expect, it } from 'vitest';
import { combineTargets, roundContracts, weightedSum } from './allocator.ts';

describe('combineTargets', () => {
  it('sums weight · confidence · target · size and rounds to contracts', () => {
    // 0.5·1·1 + 0.3·0.5·(-1) + 0.2·1·0.5 = 0.45; × 4 = 1.8 → 2.
    expect(weightedSum([0.5, 0.3, 0.2], [1, 0.5, 1], [1, -1, 0.5])).toBeCloseTo(0.45, 15);
    expect(combineTargets([0.5, 0.3, 0.2], [1, 0.5, 1], [1, -1, 0.5], 4)).toBe(2);
    // Opposite views cancel: 0.5·1·1 + 0.5·1·(-1) = 0.
    expect(combineTargets([0.5, 0.5], [1, 1], [1, -1], 10)).toBe(0);
    // Low confidence shrinks the position: 1·0.2·(-1)·3 = -0.6 → -1.
    expect(combineTargets([1], [0.2], [-1], 3)).toBe(-1);
    // Weights are not normalised: 2·1·1·3 = 6.
    expect(combineTargets([2], [1], [1], 3)).toBe(6);
  });

  it('rounds halves away from zero, tolerating float noise, and never returns -0', () => {
    expect(roundContracts(2.5)).toBe(3);
    expect(roundContracts(-2.5)).toBe(-3);
    expect(roundContracts(2.49)).toBe(2);
    expect((0.6 + 0.7) * 5).toBeLessThan(6.5);
    expect(combineTargets([0.6, 0.7], [1, 1], [1, 1], 5)).toBe(7);
    expect(Object.is(roundContracts(-0.2), 0)).toBe(true);
  });

  it('rejects mismatched inputs', () => {
    expect(() => weightedSum([1, 1], [1], [1, 1])).toThrow('one entry per alpha, had 2, 1, 2');
    expect(() => roundContracts(Number.NaN)).toThrow('must be finite');
  });
});
