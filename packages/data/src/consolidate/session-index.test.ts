import { DAY_MS, HOUR_MS, Rng } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { BarSeriesBuilder } from '../bar-series.ts';
import { consolidateBars } from './consolidate-bars.ts';
import { sessionIndex } from './session-index.ts';

const utc = (iso: string): number => Date.parse(`${iso}Z`);

describe('sessionIndex', () => {
  it('counts the coarse bars completed at or before each fine bar', () => {
    const fine = new BarSeriesBuilder('F', HOUR_MS);
    for (const iso of ['2024-01-02T21:00', '2024-01-02T22:00', '2024-01-02T23:00', '2024-01-03T00:00', '2024-01-03T23:00', '2024-01-04T01:00']) {
      fine.push(utc(iso), 1, 1, 1, 1, 1);
    }
    const fineSeries = fine.build();
    const daily = consolidateBars(fineSeries, DAY_MS);
    expect(Array.from(daily.ts)).toEqual([utc('2024-01-02T23:00'), utc('2024-01-03T23:00')]);
    // The 23:00 bar closes the first session, so it already sees that daily bar.
    expect(Array.from(sessionIndex(fineSeries, daily))).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('matches a brute-force count on random data', () => {
    const rng = new Rng(3);
    const fine = new BarSeriesBuilder('F', HOUR_MS);
    for (let t = utc('2024-01-01T00:00'); t < utc('2024-02-01T00:00'); t += HOUR_MS) {
      if (rng.next() < 0.4) fine.push(t, 1, 2, 0, 1, 1);
    }
    const fineSeries = fine.build();
    const daily = consolidateBars(fineSeries, DAY_MS);
    const counts = sessionIndex(fineSeries, daily);
    for (let i = 0; i < fineSeries.length; i++) {
      let expected = 0;
      for (let j = 0; j < daily.length; j++) if (daily.ts[j] <= fineSeries.ts[i]) expected++;
      expect(counts[i]).toBe(expected);
    }
    expect(counts[fineSeries.length - 1]).toBe(daily.length);
  });
});
