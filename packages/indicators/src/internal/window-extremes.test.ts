import { describe, expect, it } from 'vitest';
import { Rng } from '@rooney/core';
import { WindowExtremes } from './window-extremes.ts';

describe('WindowExtremes', () => {
  it('matches a naive window scan, ties going to the most recent input', () => {
    const rng = new Rng(7);
    for (const highest of [true, false]) {
      for (const capacity of [1, 2, 5, 12]) {
        const extremes = new WindowExtremes(capacity, highest);
        const values: number[] = [];
        for (let t = 0; t < 500; t++) {
          const value = rng.int(6); // few distinct values: many ties
          values.push(value);
          extremes.push(value);
          let best = values[t];
          let since = 0;
          for (let ago = 1; ago < Math.min(capacity, t + 1); ago++) {
            const v = values[t - ago];
            if (highest ? v > best : v < best) {
              best = v;
              since = ago;
            }
          }
          expect(extremes.extreme() + 0).toBe(best);
          expect(extremes.sinceExtreme()).toBe(since);
        }
      }
    }
  });

  it('starts over after clear()', () => {
    const extremes = new WindowExtremes(3, true);
    for (const v of [9, 1, 2]) extremes.push(v);
    expect(extremes.extreme()).toBe(9);
    extremes.clear();
    extremes.push(4);
    extremes.push(3);
    expect(extremes.extreme()).toBe(4);
    expect(extremes.sinceExtreme()).toBe(1);
  });
});
