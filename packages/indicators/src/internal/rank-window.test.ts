import { describe, expect, it } from 'vitest';
import { Rng } from '@rooney/core';
import { COUNTING_LIMIT, RankWindow } from './rank-window.ts';
import { SortedWindow } from './sorted-window.ts';

/** How many of the last `capacity` values up to `t` (value `t` included) are below value `t`. */
function naiveRank(values: readonly number[], t: number, capacity: number): number {
  let below = 0;
  for (let i = Math.max(0, t - capacity + 1); i <= t; i++) if (values[i] < values[t]) below++;
  return below;
}

function randomValues(seed: number, length: number, tied: boolean): number[] {
  const rng = new Rng(seed);
  return Array.from({ length }, () => (tied ? rng.int(7) : rng.normal()));
}

describe('RankWindow', () => {
  it('counts the values below the newest one, both forms, with and without ties', () => {
    // Capacities around the padding to 8 and on both sides of COUNTING_LIMIT.
    for (const capacity of [1, 2, 7, 8, 9, 50, COUNTING_LIMIT, COUNTING_LIMIT + 1, 252]) {
      for (const tied of [false, true]) {
        const values = randomValues(capacity, 3 * capacity + 40, tied);
        const window = new RankWindow(capacity);
        values.forEach((value, t) => {
          expect(window.push(value), `capacity ${capacity} at ${t}`).toBe(naiveRank(values, t, capacity));
        });
      }
    }
  });

  it('starts over after clear()', () => {
    for (const capacity of [3, COUNTING_LIMIT + 1]) {
      const window = new RankWindow(capacity);
      for (let i = 0; i < 2 * capacity; i++) window.push(-i);
      window.clear();
      expect(window.push(5)).toBe(0);
      expect(window.push(7)).toBe(1);
      expect(window.push(6)).toBe(1);
    }
  });
});

describe('SortedWindow', () => {
  it('ranks like the naive count and keeps the window sorted (quantiles 0 and 1 are min and max)', () => {
    for (const capacity of [1, 2, 5, 9, 40, 100]) {
      for (const tied of [false, true]) {
        const values = randomValues(100 + capacity, 4 * capacity + 30, tied);
        const window = new SortedWindow(capacity);
        values.forEach((value, t) => {
          expect(window.push(value), `capacity ${capacity} at ${t}`).toBe(naiveRank(values, t, capacity));
          const held = values.slice(Math.max(0, t - capacity + 1), t + 1);
          expect(window.quantile(0)).toBe(Math.min(...held));
          expect(window.quantile(1)).toBe(Math.max(...held));
        });
      }
    }
  });

  it('starts over after clear()', () => {
    const window = new SortedWindow(3);
    for (const v of [9, 8, 7, 6]) window.push(v);
    window.clear();
    expect(window.length).toBe(0);
    expect(window.push(2)).toBe(0);
    expect(window.push(1)).toBe(0);
    expect(window.quantile(1)).toBe(2);
  });
});
