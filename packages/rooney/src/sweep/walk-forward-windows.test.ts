import { sessionCloseTs } from '@rooney/core';
import type { BarArrays } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { sessionClosesOf, sessionWindow, splitWalkForward } from './walk-forward-windows.ts';

describe('splitWalkForward', () => {
  it('makes consecutive out-of-sample windows that reach the end (rolling)', () => {
    // 22 sessions, K = 3, f = 0.7: W = 22 / (0.7 + 0.9) = 13.75, in-sample round(9.625) = 10,
    // out-of-sample floor(12 / 3) = 4.
    expect(splitWalkForward(22, { windows: 3, inSampleFraction: 0.7, anchored: false })).toEqual([
      { inSample: { first: 0, last: 9 }, outOfSample: { first: 10, last: 13 } },
      { inSample: { first: 4, last: 13 }, outOfSample: { first: 14, last: 17 } },
      { inSample: { first: 8, last: 17 }, outOfSample: { first: 18, last: 21 } },
    ]);
  });

  it('anchors every in-sample period at the start, and gives the rounding rest to the last window', () => {
    // 23 sessions, K = 2, f = 0.5: W = 23 / 1.5 = 15.33, in-sample round(7.67) = 8, out-of-sample floor(15 / 2) = 7, last 8.
    expect(splitWalkForward(23, { windows: 2, inSampleFraction: 0.5, anchored: true })).toEqual([
      { inSample: { first: 0, last: 7 }, outOfSample: { first: 8, last: 14 } },
      { inSample: { first: 0, last: 14 }, outOfSample: { first: 15, last: 22 } },
    ]);
    // One window is a plain in-sample / out-of-sample split.
    expect(splitWalkForward(10, { windows: 1, inSampleFraction: 0.7, anchored: false })).toEqual([
      { inSample: { first: 0, last: 6 }, outOfSample: { first: 7, last: 9 } },
    ]);
  });

  it('refuses splits with empty windows or bad options', () => {
    expect(() => splitWalkForward(5, { windows: 6, inSampleFraction: 0.7, anchored: false })).toThrow('5 sessions are too few for 6 walk-forward windows');
    expect(() => splitWalkForward(50, { windows: 2, inSampleFraction: 1, anchored: false })).toThrow('--in-sample-fraction must be between 0 and 1, was 1');
    expect(() => splitWalkForward(50, { windows: 0, inSampleFraction: 0.5, anchored: false })).toThrow('--windows must be an integer >= 1, was 0');
  });
});

describe('session windows', () => {
  const session = { startMinutes: 23 * 60, timeZone: 'UTC' };
  // Hourly bars from Tuesday 2024-01-02 00:00 to Thursday 2024-01-04 12:00 UTC (sessions start 23:00).
  const start = Date.UTC(2024, 0, 2, 1);
  const n = 60;
  const bars: BarArrays = {
    symbol: 'ES',
    barMs: 3_600_000,
    length: n,
    ts: Float64Array.from({ length: n }, (_, i) => start + i * 3_600_000),
    open: new Float64Array(n).fill(1),
    high: new Float64Array(n).fill(1),
    low: new Float64Array(n).fill(1),
    close: new Float64Array(n).fill(1),
    volume: new Float64Array(n).fill(1),
  };

  it('lists the session closes of the bars, and a window covers whole sessions', () => {
    const closes = sessionClosesOf([bars], session);
    // Bars stamped 01:00 Jan 2 .. 12:00 Jan 4 fall in the sessions closing 23:00 on Jan 2, 3 and 4.
    expect(closes).toEqual([Date.UTC(2024, 0, 2, 23), Date.UTC(2024, 0, 3, 23), Date.UTC(2024, 0, 4, 23)]);
    expect(closes[1]).toBe(sessionCloseTs(20240103, session));
    expect(sessionWindow(closes, { first: 1, last: 2 })).toEqual({ startTs: Date.UTC(2024, 0, 2, 23) + 1, endTs: Date.UTC(2024, 0, 4, 23) });
    expect(sessionWindow(closes, { first: 0, last: 0 }, 5)).toEqual({ startTs: 5, endTs: Date.UTC(2024, 0, 2, 23) });
    expect(sessionClosesOf([bars], session, Date.UTC(2024, 0, 3, 0), Date.UTC(2024, 0, 3, 22))).toEqual([Date.UTC(2024, 0, 3, 23)]);
  });
});
