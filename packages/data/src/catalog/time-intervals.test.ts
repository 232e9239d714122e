import { describe, expect, it } from 'vitest';
import { Rng } from '@rooney/core';
import { coveredLength, intersectInterval, mergeIntervals, subtractIntervals } from './time-intervals.ts';
import type { TimeInterval } from './time-intervals.ts';

/** Reference: the integer points of [0, 100) covered by intervals, as a set. */
function points(intervals: readonly TimeInterval[]): Set<number> {
  const out = new Set<number>();
  for (const [start, end] of intervals) for (let t = start; t < end; t++) out.add(t);
  return out;
}

function randomIntervals(rng: Rng, n: number): TimeInterval[] {
  const out: TimeInterval[] = [];
  for (let i = 0; i < n; i++) {
    const start = Math.floor(rng.next() * 100);
    out.push([start, start + Math.floor(rng.next() * 20)]);
  }
  return out;
}

describe('time intervals', () => {
  it('merge and subtract agree with a point-set reference on random cases', () => {
    const rng = new Rng(7);
    for (let round = 0; round < 300; round++) {
      const covered = randomIntervals(rng, 1 + Math.floor(rng.next() * 6));
      const merged = mergeIntervals(covered);
      expect(points(merged)).toEqual(points(covered));
      for (let i = 1; i < merged.length; i++) expect(merged[i][0]).toBeGreaterThan(merged[i - 1][1]);
      expect(coveredLength(covered)).toBe(points(covered).size);
      const whole: TimeInterval = [Math.floor(rng.next() * 50), 50 + Math.floor(rng.next() * 50)];
      const holes = subtractIntervals(whole, covered);
      const expected = new Set([...points([whole])].filter((t) => !points(covered).has(t)));
      expect(points(holes)).toEqual(expected);
      for (const [start, end] of holes) expect(end).toBeGreaterThan(start);
    }
  });

  it('touching intervals merge; intersections are half-open', () => {
    expect(mergeIntervals([[5, 10], [0, 5], [12, 12]])).toEqual([[0, 10]]);
    expect(intersectInterval([0, 10], [10, 20])).toBeUndefined();
    expect(intersectInterval([0, 10], [5, 20])).toEqual([5, 10]);
    expect(subtractIntervals([0, 10], [])).toEqual([[0, 10]]);
    expect(subtractIntervals([0, 10], [[-5, 20]])).toEqual([]);
  });
});
