import { RooneyError, Rng } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { downsampleIndices, downsampleMinMax, strideIndices } from './downsample.ts';

function extremes(values: ArrayLike<number>): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < min) min = values[i];
    if (values[i] > max) max = values[i];
  }
  return { min, max };
}

describe('downsampleMinMax', () => {
  it('keeps every point when there are no more than maxPoints', () => {
    const ts = [1, 2, 3, 4, 5];
    const value = [5, 3, 9, 1, 7];
    const sampled = downsampleMinMax(ts, value, 5);
    expect(Array.from(sampled.ts)).toEqual(ts);
    expect(Array.from(sampled.value)).toEqual(value);
  });

  it('keeps the first and last points and the global minimum and maximum of a long random walk', () => {
    const rng = new Rng(11);
    const n = 100_000;
    const ts = new Float64Array(n);
    const value = new Float64Array(n);
    let level = 1_000;
    for (let i = 0; i < n; i++) {
      ts[i] = 1_700_000_000_000 + i * 60_000;
      level += rng.normal();
      value[i] = level;
    }
    value[54_321] -= 500; // a one-bar crash: the kind of spike a stride sample would lose
    value[77_777] += 400;
    const full = extremes(value);
    const sampled = downsampleMinMax(ts, value, 500);
    expect(sampled.ts.length).toBeLessThanOrEqual(500);
    expect(sampled.ts[0]).toBe(ts[0]);
    expect(sampled.value[0]).toBe(value[0]);
    expect(sampled.ts[sampled.ts.length - 1]).toBe(ts[n - 1]);
    expect(sampled.value[sampled.value.length - 1]).toBe(value[n - 1]);
    const kept = extremes(sampled.value);
    expect(kept.min).toBe(full.min);
    expect(kept.max).toBe(full.max);
    expect(Array.from(sampled.ts)).toContain(ts[54_321]);
    expect(Array.from(sampled.ts)).toContain(ts[77_777]);
    for (let k = 1; k < sampled.ts.length; k++) expect(sampled.ts[k]).toBeGreaterThan(sampled.ts[k - 1]);
  });

  it('keeps each point it returns at its original (ts, value) pair', () => {
    const n = 5_000;
    const ts = Array.from({ length: n }, (_, i) => i * 10);
    const value = Array.from({ length: n }, (_, i) => Math.sin(i / 37) * 100 + (i % 13));
    const sampled = downsampleMinMax(ts, value, 100);
    for (let k = 0; k < sampled.ts.length; k++) expect(sampled.value[k]).toBe(value[sampled.ts[k] / 10]);
  });

  it('returns 2 + 2B points for a strictly increasing series and 2 + B for a constant one', () => {
    // maxPoints 402 gives B = floor(400 / 2) = 200 buckets over the 9,998 interior points.
    const n = 10_000;
    const rising = Array.from({ length: n }, (_, i) => i);
    const flat = new Array<number>(n).fill(3);
    expect(downsampleIndices([rising], 402).length).toBe(402);
    expect(downsampleIndices([flat], 402).length).toBe(202);
  });

  it('keeps the extremes of every column when several share the x axis', () => {
    const n = 20_000;
    const a = Array.from({ length: n }, (_, i) => Math.cos(i / 100));
    const b = Array.from({ length: n }, (_, i) => (i === 12_345 ? -50 : i === 999 ? 80 : 0));
    const indices = Array.from(downsampleIndices([a, b], 300));
    expect(indices.length).toBeLessThanOrEqual(300);
    expect(indices).toContain(12_345);
    expect(indices).toContain(999);
    const kept = extremes(indices.map((i) => a[i]));
    expect(kept).toEqual(extremes(a));
  });

  it('never picks a non-finite value as an extreme', () => {
    const value = Array.from({ length: 1_000 }, (_, i) => (i % 7 === 0 ? Number.NaN : i % 50));
    const indices = downsampleIndices([value], 40);
    for (let k = 1; k < indices.length - 1; k++) expect(Number.isFinite(value[indices[k]])).toBe(true);
  });

  it('rejects a maxPoints below 4 and columns of different lengths', () => {
    expect(() => downsampleIndices([[1, 2, 3]], 3)).toThrow(RooneyError);
    expect(() => downsampleIndices([[1, 2, 3]], 3)).toThrow('"maxPoints" must be an integer >= 4, was 3');
    expect(() => downsampleIndices([[1, 2], [1]], 10)).toThrow(RooneyError);
  });
});

describe('strideIndices', () => {
  it('spreads indices evenly and keeps both ends', () => {
    expect(Array.from(strideIndices(11, 6))).toEqual([0, 2, 4, 6, 8, 10]);
    expect(Array.from(strideIndices(3, 10))).toEqual([0, 1, 2]);
  });
});
