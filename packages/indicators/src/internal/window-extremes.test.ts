import { describe, expect, it } from 'vitest';
import { Rng } from '@rooney/core';
import { WindowExtremes } from './window-extremes.ts';

describe('WindowExtremes', () => {
  it('answers every suffix window like a naive scan, ties going to the most recent input', () => {
    const rng = new Rng(7);
    for (const highest of [true, false]) {
      const capacity = 12;
      const extremes = new WindowExtremes(capacity, highest);
      const values: number[] = [];
      for (let t = 0; t < 600; t++) {
        const value = rng.int(6); // few distinct values: many ties
        values.push(value);
        extremes.push(value);
        expect(extremes.length).toBe(t + 1);
        for (let window = 1; window <= Math.min(capacity, t + 1); window++) {
          let best = values[t];
          let since = 0;
          for (let ago = 1; ago < window; ago++) {
            const v = values[t - ago];
            if (highest ? v > best : v < best) {
              best = v;
              since = ago;
            }
          }
          expect(extremes.extreme(window)).toBe(best);
          expect(extremes.sinceExtreme(window)).toBe(since);
        }
      }
    }
  });

  it('starts over after clear()', () => {
    const extremes = new WindowExtremes(3, true);
    for (const v of [9, 1, 2]) extremes.push(v);
    expect(extremes.extreme(3)).toBe(9);
    extremes.clear();
    expect(extremes.length).toBe(0);
    extremes.push(4);
    extremes.push(3);
    expect(extremes.extreme(2)).toBe(4);
    expect(extremes.sinceExtreme(2)).toBe(1);
    expect(extremes.extreme(1)).toBe(3);
  });
});
