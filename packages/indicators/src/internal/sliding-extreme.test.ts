import { describe, expect, it } from 'vitest';
import { Rng } from '@rooney/core';
import { SlidingExtreme } from './sliding-extreme.ts';

/** Extreme of `values[t - window + 1 .. t]` (clipped at 0) and its distance, by a backward scan. */
function naive(values: readonly number[], t: number, window: number, highest: boolean): [number, number] {
  let best = values[t];
  let since = 0;
  for (let ago = 1; ago < Math.min(window, t + 1); ago++) {
    const v = values[t - ago];
    if (highest ? v > best : v < best) {
      best = v;
      since = ago;
    }
  }
  return [best, since];
}

describe('SlidingExtreme', () => {
  it('equals a naive window scan for every window length, before and after the window fills', () => {
    const rng = new Rng(11);
    const values = Array.from({ length: 400 }, () => Math.round(rng.normal() * 4) / 4);
    for (const window of [1, 2, 3, 7, 9, 26]) {
      for (const highest of [true, false]) {
        const extreme = new SlidingExtreme(window, highest);
        for (let t = 0; t < values.length; t++) {
          const [best, since] = naive(values, t, window, highest);
          const label = `${highest ? 'max' : 'min'} window ${window} at ${t}`;
          expect(extreme.push(values[t]) + 0, label).toBe(best + 0);
          expect(extreme.sinceExtreme(), label).toBe(since);
        }
      }
    }
  });

  it('gives ties to the most recent input (few distinct values)', () => {
    const rng = new Rng(7);
    for (const highest of [true, false]) {
      for (const window of [1, 2, 5, 12]) {
        const extreme = new SlidingExtreme(window, highest);
        const values: number[] = [];
        for (let t = 0; t < 500; t++) {
          values.push(rng.int(6));
          const [best, since] = naive(values, t, window, highest);
          expect(extreme.push(values[t]) + 0).toBe(best);
          expect(extreme.sinceExtreme()).toBe(since);
        }
      }
    }
  });

  it('hand-computed: window 3, maximum with its distance', () => {
    const maximum = new SlidingExtreme(3, true);
    const seen = [5, 9, 7, 9, 6, 4, 4].map((v) => [maximum.push(v), maximum.sinceExtreme()]);
    expect(seen).toEqual([
      [5, 0],
      [9, 0],
      [9, 1],
      [9, 0], // 9 twice in the window: the newer one
      [9, 1],
      [9, 2],
      [6, 2],
    ]);
  });

  it('starts over after clear()', () => {
    const maximum = new SlidingExtreme(3, true);
    for (const v of [9, 1, 2, 8]) maximum.push(v);
    maximum.clear();
    expect(maximum.push(4)).toBe(4);
    expect(maximum.push(3)).toBe(4);
    expect(maximum.sinceExtreme()).toBe(1);
    expect(maximum.push(1)).toBe(4);
    expect(maximum.push(2)).toBe(3);
  });
});
