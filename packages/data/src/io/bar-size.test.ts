import { DAY_MS, MINUTE_MS } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { inferBarMs } from './bar-size.ts';

describe('inferBarMs', () => {
  it('takes the most common positive step, ignoring gaps and repeats', () => {
    const ts = Float64Array.from([0, 5, 10, 15, 100, 105, 105, 110].map((m) => m * MINUTE_MS));
    expect(inferBarMs(ts, ts.length, false)).toBe(5 * MINUTE_MS);
  });

  it('breaks ties toward the smaller step', () => {
    const ts = Float64Array.from([0, 2, 4, 7, 10]);
    expect(inferBarMs(ts, ts.length, false)).toBe(2);
  });

  it('rounds to whole days for date-only series (23 h / 25 h DST steps count as 1 day)', () => {
    const ts = Float64Array.from([0, 23, 48, 73, 97, 264].map((h) => h * 3_600_000));
    expect(inferBarMs(ts, ts.length, true)).toBe(DAY_MS);
    expect(inferBarMs(ts, ts.length, false)).toBe(25 * 3_600_000);
  });

  it('is NaN with fewer than two timestamps, and looks only at the first `length` values', () => {
    expect(inferBarMs(new Float64Array([5]), 1, false)).toBeNaN();
    expect(inferBarMs(new Float64Array([0, 7, 8, 9]), 2, false)).toBe(7);
  });

  it('reads dated rows a weekend apart as daily, and 7-day steps as weekly', () => {
    expect(inferBarMs(Float64Array.from([0, 4 * DAY_MS]), 2, true)).toBe(DAY_MS);
    expect(inferBarMs(Float64Array.from([0, 3, 10, 11].map((d) => d * DAY_MS)), 4, true)).toBe(DAY_MS);
    expect(inferBarMs(Float64Array.from([0, 7, 14, 28].map((d) => d * DAY_MS)), 4, true)).toBe(7 * DAY_MS);
  });
});
