import { DAY_MS, HOUR_MS, MINUTE_MS, Rng, RooneyError } from '@rooney/core';
import type { Bar, SessionSpec } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { BarSeriesBuilder } from '../bar-series.ts';
import type { BarSeries } from '../bar-series.ts';
import { BarConsolidator } from './bar-consolidator.ts';
import { consolidateBars } from './consolidate-bars.ts';

const utc = (iso: string): number => Date.parse(`${iso}Z`);
const CHICAGO: SessionSpec = { startMinutes: 17 * 60, timeZone: 'America/Chicago' };

/** Minute bars over three weeks around the March 2024 DST change, with holes, halts and weekends. */
function syntheticMinutes(seed: number): BarSeries {
  const rng = new Rng(seed);
  const builder = new BarSeriesBuilder('SYN', MINUTE_MS);
  let price = 4000;
  for (let t = utc('2024-03-03T22:01'); t <= utc('2024-03-20T12:06'); t += MINUTE_MS) {
    const day = new Date(t).getUTCDay();
    const hour = new Date(t).getUTCHours();
    if (day === 6 || (day === 0 && hour < 22) || (day === 5 && hour >= 22)) continue; // weekend
    if (hour === 22 && rng.next() < 0.9) continue; // mostly halted 22:00-23:00
    if (rng.next() < 0.15) continue; // minutes without trades
    const open = price;
    price += rng.normal() * 0.5;
    builder.push(t, open, Math.max(open, price) + rng.next(), Math.min(open, price) - rng.next(), price, 1 + rng.int(500));
  }
  builder.push(utc('2024-03-20T12:07'), price, price, price, price, 1); // ends inside every bin size tested
  return builder.build();
}

function stream(series: BarSeries, targetMs: number, session: SessionSpec | undefined, scanEach: boolean, finalScan?: number): Bar[] {
  const out: Bar[] = [];
  const consolidator = new BarConsolidator(targetMs, { session, inputBarMs: series.barMs }, (bar) => out.push(bar));
  for (let i = 0; i < series.length; i++) {
    consolidator.update(series.ts[i], series.open[i], series.high[i], series.low[i], series.close[i], series.volume[i]);
    if (scanEach) consolidator.scan(series.ts[i]);
  }
  if (finalScan !== undefined) consolidator.scan(finalScan);
  return out;
}

describe('BarConsolidator', () => {
  it('gives exactly the bars of consolidateBars, with and without scans', () => {
    const series = syntheticMinutes(7);
    expect(series.length).toBeGreaterThan(10_000);
    for (const session of [undefined, CHICAGO]) {
      for (const target of [5 * MINUTE_MS, HOUR_MS, 4 * HOUR_MS, DAY_MS]) {
        const batch = consolidateBars(series, target, { session }).toBars();
        expect(batch.length).toBeGreaterThan(10);
        expect(stream(series, target, session, true)).toEqual(batch);
        expect(stream(series, target, session, false)).toEqual(batch);
        const end = utc('2024-03-21T00:00');
        const batchThrough = consolidateBars(series, target, { session, completeThrough: end }).toBars();
        expect(batchThrough.length).toBe(batch.length + 1);
        expect(stream(series, target, session, true, end)).toEqual(batchThrough);
      }
    }
  });

  it('emits a bin when a bar closes on its end, or when scan passes an end without data', () => {
    const out: Bar[] = [];
    const hourly = new BarConsolidator(HOUR_MS, {}, (bar) => out.push(bar));
    hourly.update(utc('2024-01-02T10:01'), 1, 2, 0.5, 1.5, 10);
    hourly.update(utc('2024-01-02T11:00'), 1.5, 3, 1.5, 2.5, 20);
    expect(out).toEqual([{ ts: utc('2024-01-02T11:00'), open: 1, high: 3, low: 0.5, close: 2.5, volume: 30 }]);
    hourly.update(utc('2024-01-02T11:30'), 2.5, 2.5, 2, 2, 5);
    expect(hourly.isBuilding).toBe(true);
    expect(hourly.workingBinEnd).toBe(utc('2024-01-02T12:00'));
    hourly.scan(utc('2024-01-02T11:59'));
    expect(out.length).toBe(1);
    hourly.scan(utc('2024-01-02T12:00'));
    expect(out[1]).toEqual({ ts: utc('2024-01-02T12:00'), open: 2.5, high: 2.5, low: 2, close: 2, volume: 5 });
    expect(hourly.isBuilding).toBe(false);
    hourly.scan(utc('2024-01-02T15:00')); // nothing to close
    expect(out.length).toBe(2);
  });

  it('emits the previous bin when a bar of a later bin arrives', () => {
    const out: Bar[] = [];
    const daily = new BarConsolidator(DAY_MS, {}, (bar) => out.push(bar));
    daily.update(utc('2024-01-05T21:59'), 5, 6, 4, 5.5, 1);
    expect(out).toEqual([]);
    daily.update(utc('2024-01-07T23:01'), 7, 7, 7, 7, 1);
    expect(out).toEqual([{ ts: utc('2024-01-05T23:00'), open: 5, high: 6, low: 4, close: 5.5, volume: 1 }]);
  });

  it('rejects a bar going back in time or landing in a bin already emitted', () => {
    const daily = new BarConsolidator(DAY_MS, {}, () => undefined);
    daily.update(utc('2024-01-05T21:00'), 1, 1, 1, 1, 1);
    expect(() => daily.update(utc('2024-01-05T20:00'), 1, 1, 1, 1, 1)).toThrow(RooneyError);
    daily.scan(utc('2024-01-05T23:30'));
    expect(() => daily.update(utc('2024-01-05T22:00'), 1, 1, 1, 1, 1)).toThrow(/after its bin was emitted/);
    expect(() => new BarConsolidator(HOUR_MS, { inputBarMs: 7 * MINUTE_MS }, () => undefined)).toThrow(/multiple of the input bar size/);
  });

  it('starts afresh after reset', () => {
    const out: Bar[] = [];
    const hourly = new BarConsolidator(HOUR_MS, {}, (bar) => out.push(bar));
    hourly.update(utc('2024-01-02T10:30'), 1, 1, 1, 1, 1);
    hourly.reset();
    expect(hourly.isBuilding).toBe(false);
    expect(Number.isNaN(hourly.workingBinEnd)).toBe(true);
    // Earlier time is accepted again, and the discarded 10:30 bar does not leak into the new bin.
    hourly.update(utc('2024-01-02T09:45'), 2, 2, 2, 2, 2);
    hourly.scan(utc('2024-01-02T10:00'));
    expect(out).toEqual([{ ts: utc('2024-01-02T10:00'), open: 2, high: 2, low: 2, close: 2, volume: 2 }]);
  });
});
