import { describe, expect, it } from 'vitest';
import { Rng } from '@rooney/core';
import { SlidingExtreme } from './sliding-extreme.ts';

describe('SlidingExtreme', () => {
  it('equals a naive window scan for every window length, before and after the window fills', () => {
    const rng = new Rng(11);
    const values = Array.from({ length: 400 }, () => Math.round(rng.normal() * 4) / 4);
    for (const window of [1, 2, 3, 7, 9, 26]) {
      const maximum = new SlidingExtreme(window, true);
      const minimum = new SlidingExtreme(window, false);
      for (let t = 0; t < values.length; t++) {
        const slice = values.slice(Math.max(0, t - window + 1), t + 1);
        expect(maximum.push(values[t]) + 0, `max window ${window} at ${t}`).toBe(Math.max(...slice) + 0);
        expect(minimum.push(values[t]) + 0, `min window ${window} at ${t}`).toBe(Math.min(...slice) + 0);
      }
    }
  });

  it('starts over after clear()', () => {
    const maximum = new SlidingExtreme(3, true);
    for (const v of [9, 1, 2, 8]) maximum.push(v);
    maximum.clear();
    expect(maximum.push(4)).toBe(4);
    expect(maximum.push(3)).toBe(4);
    expect(maximum.push(1)).toBe(4);
    expect(maximum.push(2)).toBe(3);
  });
});
