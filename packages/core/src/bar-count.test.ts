import { describe, expect, it } from 'vitest';
import { barsBefore } from './bar-count.ts';
import { SeriesView } from './engine/series-view.ts';

function view(ts: number[], visible = ts.length): SeriesView {
  const f = (n: number) => Float64Array.from(ts.map(() => n));
  const v = new SeriesView({ symbol: 'X', barMs: 60_000, length: ts.length, ts: Float64Array.from(ts), open: f(1), high: f(1), low: f(1), close: f(1), volume: f(1) });
  v.length = visible;
  return v;
}

describe('barsBefore', () => {
  it('counts the visible bars that closed strictly before ts, as a linear scan does', () => {
    const ts = [10, 20, 20, 30, 45, 60, 61];
    const v = view(ts);
    for (const t of [0, 10, 11, 20, 21, 30, 44, 45, 60, 61, 62, 1000]) {
      expect(barsBefore(v, t)).toBe(ts.filter((x) => x < t).length);
    }
  });

  it('counts only visible bars, and 0 on an empty view', () => {
    expect(barsBefore(view([10, 20, 30], 2), 100)).toBe(2);
    expect(barsBefore(view([10, 20, 30], 0), 100)).toBe(0);
  });
});
