import { SeriesView } from '@rooney/core';
import { BarSeries } from '@rooney/data';
import { describe, expect, it } from 'vitest';
import { RingBarView } from './ring-bar-view.ts';

describe('RingBarView', () => {
  it('reads like a SeriesView over the same bars within its capacity, NaN beyond', () => {
    const n = 25;
    const columns = {
      ts: Float64Array.from({ length: n }, (_, i) => (i + 1) * 60_000),
      open: Float64Array.from({ length: n }, (_, i) => 100 + i),
      high: Float64Array.from({ length: n }, (_, i) => 102 + i),
      low: Float64Array.from({ length: n }, (_, i) => 99 + i),
      close: Float64Array.from({ length: n }, (_, i) => 101 + i * 0.5),
      volume: Float64Array.from({ length: n }, (_, i) => 10 * i),
    };
    const series = new BarSeries('ES', 60_000, columns);
    const reference = new SeriesView(series);
    const ring = new RingBarView('ES', 60_000, 8);
    for (let i = 0; i < n; i++) {
      ring.push(columns.ts[i], columns.open[i], columns.high[i], columns.low[i], columns.close[i], columns.volume[i]);
      reference.length = i + 1;
      expect(ring.length).toBe(reference.length);
      expect(ring.lastIndex).toBe(reference.lastIndex);
      for (let ago = 0; ago < 12; ago++) {
        const inRing = ago < 8 && ago <= i;
        for (const field of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const) {
          expect(ring[field](ago)).toBe(inRing ? reference[field](ago) : Number.NaN);
        }
      }
    }
    expect(ring.close(-1)).toBeNaN();
  });

  it('rejects a capacity below 1', () => {
    expect(() => new RingBarView('ES', 60_000, 0)).toThrow('"capacity" must be an integer >= 1, was 0');
  });
});
