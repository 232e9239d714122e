import { DAY_MS, HOUR_MS, MINUTE_MS, Rng, RooneyError, sessionCloseTs, tradingDateOf } from '@rooney/core';
import type { Bar, SessionSpec } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { BarSeries, BarSeriesBuilder } from '../bar-series.ts';
import { consolidateBars } from './consolidate-bars.ts';
import { shiftDate } from './bin-clock.ts';

const utc = (iso: string): number => Date.parse(iso.endsWith('Z') ? iso : `${iso}Z`);
const CHICAGO: SessionSpec = { startMinutes: 17 * 60, timeZone: 'America/Chicago' };
const MIDNIGHT: SessionSpec = { startMinutes: 0, timeZone: 'UTC' };

/** Minute bars from `[iso close time, open, high, low, close, volume]` rows. */
function minutes(rows: readonly [string, number, number, number, number, number][]): BarSeries {
  return BarSeries.fromBars(
    'TEST',
    MINUTE_MS,
    rows.map(([iso, open, high, low, close, volume]) => ({ ts: utc(iso), open, high, low, close, volume })),
  );
}

/** A bar whose prices are all `price`. */
const flat = (iso: string, price: number, volume = 1): [string, number, number, number, number, number] => [
  iso,
  price,
  price,
  price,
  price,
  volume,
];

describe('consolidateBars', () => {
  it('builds hourly bars stamped at the bin end, the bar closing on the end included', () => {
    const input = minutes([
      ['2024-01-02T22:58', 10, 11, 9, 10.5, 5],
      ['2024-01-02T22:59', 10.5, 12, 10, 11, 6],
      ['2024-01-02T23:00', 11, 11.5, 8, 9, 7],
      ['2024-01-02T23:01', 9, 9.5, 8.5, 9.25, 1],
      ['2024-01-02T23:30', 9.25, 13, 9, 12, 2],
      ['2024-01-03T00:00', 12, 12, 11, 11.5, 3],
      ['2024-01-03T00:05', 11.5, 11.75, 11.25, 11.5, 4],
    ]);
    const hourly = consolidateBars(input, HOUR_MS);
    expect(hourly.barMs).toBe(HOUR_MS);
    expect(hourly.symbol).toBe('TEST');
    expect(hourly.toBars()).toEqual([
      { ts: utc('2024-01-02T23:00'), open: 10, high: 12, low: 8, close: 9, volume: 18 },
      { ts: utc('2024-01-03T00:00'), open: 9, high: 13, low: 8.5, close: 11.5, volume: 6 },
    ]);
    // The 00:05 bar starts the bin ending 01:00: incomplete, so dropped, unless the caller knows
    // time has reached 01:00.
    expect(consolidateBars(input, HOUR_MS, { completeThrough: utc('2024-01-03T00:59') }).length).toBe(2);
    const through = consolidateBars(input, HOUR_MS, { completeThrough: utc('2024-01-03T01:00'), symbol: 'ES' });
    expect(through.symbol).toBe('ES');
    expect(through.length).toBe(3);
    expect(through.at(2)).toEqual({ ts: utc('2024-01-03T01:00'), open: 11.5, high: 11.75, low: 11.25, close: 11.5, volume: 4 });
  });

  it('aligns multi-hour bins to the 23:00 UTC session start, not to midnight', () => {
    const input = minutes([
      flat('2024-01-02T22:30', 1),
      flat('2024-01-02T23:01', 2),
      flat('2024-01-03T02:59', 3),
      flat('2024-01-03T03:00', 4),
      flat('2024-01-03T03:01', 5),
      flat('2024-01-03T07:00', 6),
    ]);
    const fourHours = consolidateBars(input, 4 * HOUR_MS);
    // Bins [19:00, 23:00), [23:00, 03:00), [03:00, 07:00): midnight-aligned bins would end at 00:00, 04:00, 08:00.
    expect(fourHours.toBars().map((b) => [new Date(b.ts).toISOString(), b.open, b.close, b.volume])).toEqual([
      ['2024-01-02T23:00:00.000Z', 1, 1, 1],
      ['2024-01-03T03:00:00.000Z', 2, 4, 3],
      ['2024-01-03T07:00:00.000Z', 5, 6, 2],
    ]);
  });

  it('cuts the last bin of a session at the session end when bins do not divide it', () => {
    // 7-hour bins from 23:00: [23, 06), [06, 13), [13, 20), [20, 23) — the last one is 3 hours.
    const input = minutes([flat('2024-01-02T20:30', 1), flat('2024-01-02T22:00', 2), flat('2024-01-02T23:30', 3)]);
    const bins = consolidateBars(input, 7 * HOUR_MS, { completeThrough: utc('2024-01-03T06:00') });
    expect(bins.toBars().map((b) => new Date(b.ts).toISOString())).toEqual([
      '2024-01-02T23:00:00.000Z',
      '2024-01-03T06:00:00.000Z',
    ]);
    expect(bins.close[0]).toBe(2);
  });

  it('makes one daily bar per 23:00 UTC session and none for the weekend', () => {
    const input = minutes([
      ['2024-01-04T23:01', 100, 101, 99, 100.5, 10], // Friday's session opens Thursday 23:00
      ['2024-01-05T15:00', 100.5, 104, 100, 103, 20],
      ['2024-01-05T22:00', 103, 103.5, 98, 99, 30],
      ['2024-01-07T23:01', 99, 99.5, 97, 98, 40], // Sunday evening: Monday's session
      ['2024-01-08T12:00', 98, 102, 98, 101, 50],
      ['2024-01-08T22:00', 101, 101, 100, 100.25, 60],
      ['2024-01-08T23:01', 100.25, 100.5, 100, 100.5, 70], // Tuesday's session: incomplete
    ]);
    const daily = consolidateBars(input, DAY_MS);
    expect(daily.toBars()).toEqual([
      { ts: utc('2024-01-05T23:00'), open: 100, high: 104, low: 98, close: 99, volume: 60 },
      { ts: utc('2024-01-08T23:00'), open: 99, high: 102, low: 97, close: 100.25, volume: 150 },
    ]);
    expect(tradingDateOf(daily.ts[1], { startMinutes: 23 * 60, timeZone: 'UTC' })).toBe(20240108);
    // The trailing Tuesday session is complete once time reaches Tuesday 23:00.
    expect(consolidateBars(input, DAY_MS, { completeThrough: utc('2024-01-09T22:59') }).length).toBe(2);
    const withTuesday = consolidateBars(input, DAY_MS, { completeThrough: utc('2024-01-09T23:00') });
    expect(withTuesday.length).toBe(3);
    expect(withTuesday.at(2)).toEqual({ ts: utc('2024-01-09T23:00'), open: 100.25, high: 100.5, low: 100, close: 100.5, volume: 70 });
  });

  it('emits the trailing bin when the last bar closes exactly at its end', () => {
    const input = minutes([flat('2024-01-05T21:00', 1), flat('2024-01-05T23:00', 2)]);
    expect(consolidateBars(input, DAY_MS).toBars()).toEqual([
      { ts: utc('2024-01-05T23:00'), open: 1, high: 2, low: 1, close: 2, volume: 2 },
    ]);
  });

  it('follows a 17:00 America/Chicago session through the March DST change', () => {
    // Friday 2024-03-08 is CST (17:00 = 23:00 UTC); DST starts Sunday 03-10 02:00, so Monday's
    // session opens Sunday 17:00 CDT = 22:00 UTC and closes Monday 22:00 UTC.
    const input = minutes([
      flat('2024-03-07T23:01', 1), // Thursday 17:01 CST: Friday's session
      flat('2024-03-08T20:59', 2),
      flat('2024-03-08T21:59', 3), // Friday 15:59 CST
      flat('2024-03-10T22:01', 4), // Sunday 17:01 CDT: Monday's session
      flat('2024-03-10T23:59', 5),
      flat('2024-03-11T20:59', 6), // Monday 15:59 CDT
      flat('2024-03-11T22:01', 7), // Monday 17:01 CDT: Tuesday's session, incomplete
    ]);
    const daily = consolidateBars(input, DAY_MS, { session: CHICAGO });
    expect(daily.toBars().map((b) => [new Date(b.ts).toISOString(), b.open, b.close, b.volume])).toEqual([
      ['2024-03-08T23:00:00.000Z', 1, 3, 3],
      ['2024-03-11T22:00:00.000Z', 4, 6, 3],
    ]);
    // Two-hour bins are laid from the local 17:00 start: before the change they end at odd UTC
    // hours, after it at even UTC hours (always at 19:00, 21:00, ... Chicago time).
    const twoHours = consolidateBars(input, 2 * HOUR_MS, { session: CHICAGO });
    expect(twoHours.toBars().map((b) => [new Date(b.ts).toISOString(), b.close])).toEqual([
      ['2024-03-08T01:00:00.000Z', 1],
      ['2024-03-08T21:00:00.000Z', 2],
      ['2024-03-08T23:00:00.000Z', 3],
      ['2024-03-11T00:00:00.000Z', 5],
      ['2024-03-11T22:00:00.000Z', 6],
    ]);
  });

  it('follows a 17:00 America/Chicago session through the November DST change', () => {
    // Friday 2024-11-01 is CDT (close 22:00 UTC); Monday 11-04's session opens Sunday 17:00 CST = 23:00 UTC.
    const input = minutes([
      flat('2024-10-31T22:01', 1),
      flat('2024-11-01T20:59', 2),
      flat('2024-11-03T23:01', 3),
      flat('2024-11-04T21:59', 4),
      flat('2024-11-04T23:00', 5), // Monday 17:00 CST: closes Monday's session exactly
    ]);
    const daily = consolidateBars(input, DAY_MS, { session: CHICAGO });
    expect(daily.toBars().map((b) => [new Date(b.ts).toISOString(), b.open, b.close])).toEqual([
      ['2024-11-01T22:00:00.000Z', 1, 2],
      ['2024-11-04T23:00:00.000Z', 3, 5],
    ]);
  });

  it('with a midnight session, a daily bin is the UTC calendar day stamped at the next midnight', () => {
    const input = minutes([flat('2024-01-02T00:01', 1), flat('2024-01-02T23:59', 2), flat('2024-01-03T00:00', 3), flat('2024-01-03T00:01', 4)]);
    expect(consolidateBars(input, DAY_MS, { session: MIDNIGHT }).toBars().map((b) => [b.ts, b.open, b.close])).toEqual([
      [utc('2024-01-03T00:00'), 1, 3],
    ]);
  });

  it('returns an empty series for empty input', () => {
    const empty = consolidateBars(BarSeries.empty('X', MINUTE_MS), HOUR_MS, { completeThrough: utc('2030-01-01') });
    expect(empty.length).toBe(0);
    expect(empty.barMs).toBe(HOUR_MS);
  });

  it('rejects bad sizes and timestamps that do not increase', () => {
    const input = minutes([flat('2024-01-02T10:00', 1), flat('2024-01-02T10:01', 2)]);
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (error) {
        return error instanceof RooneyError ? error.code : 'other';
      }
      return undefined;
    };
    expect(code(() => consolidateBars(input, 0))).toBe('invalid_parameter');
    expect(code(() => consolidateBars(input, 2 * DAY_MS))).toBe('invalid_parameter');
    expect(code(() => consolidateBars(input, 30_000))).toBe('invalid_parameter');
    expect(code(() => consolidateBars(input, 90_000))).toBe('invalid_parameter');
    expect(() => consolidateBars(input, 0)).toThrow('"targetMs" must be a positive integer, was 0');
    expect(code(() => consolidateBars(input, HOUR_MS, { session: { startMinutes: 0, timeZone: 'Mars/Olympus' } }))).toBe('invalid_parameter');
    expect(code(() => consolidateBars(input, HOUR_MS, { session: { startMinutes: 1440, timeZone: 'UTC' } }))).toBe('invalid_parameter');
    const backwards = minutes([flat('2024-01-02T10:01', 1), flat('2024-01-02T10:00', 2)]);
    expect(code(() => consolidateBars(backwards, HOUR_MS))).toBe('time_not_increasing');
    const duplicate = minutes([flat('2024-01-02T10:01', 1), flat('2024-01-02T10:01', 2)]);
    expect(() => consolidateBars(duplicate, HOUR_MS)).toThrow(/bar 1 at 2024-01-02T10:01:00.000Z follows 2024-01-02T10:01:00.000Z/);
  });

  it('agrees with a per-bar reference that asks the time-zone database for every bar', () => {
    // 15-minute bars, late February to late March 2024 (across the March DST change), random holes and a
    // daily 16:00-17:00 Chicago halt.
    const rng = new Rng(42);
    const builder = new BarSeriesBuilder('SYN', 15 * MINUTE_MS);
    let price = 100;
    for (let t = utc('2024-02-25T00:15'); t <= utc('2024-03-25T00:00'); t += 15 * MINUTE_MS) {
      if (rng.next() < 0.3) continue;
      const open = price;
      price += rng.normal() * 0.2;
      const high = Math.max(open, price) + rng.next() * 0.1;
      const low = Math.min(open, price) - rng.next() * 0.1;
      builder.push(t, open, high, low, price, 1 + rng.int(100));
    }
    const series = builder.build();
    for (const session of [CHICAGO, { startMinutes: 23 * 60, timeZone: 'UTC' }, MIDNIGHT]) {
      for (const target of [HOUR_MS, 2 * HOUR_MS, 5 * HOUR_MS, DAY_MS]) {
        const expected = referenceConsolidate(series, target, session);
        const actual = consolidateBars(series, target, { session, completeThrough: Number.POSITIVE_INFINITY }).toBars();
        expect(actual.length).toBe(expected.length);
        expect(actual).toEqual(expected);
      }
    }
  });
});

/**
 * Slow, obviously-correct reference: for every bar, look up its session with the core time helpers
 * (no caching), then its bin inside the session, and group. Emits every bin (complete-through +inf).
 */
function referenceConsolidate(series: BarSeries, targetMs: number, session: SessionSpec): Bar[] {
  const groups = new Map<number, Bar[]>();
  const order: number[] = [];
  for (const bar of series.toBars()) {
    const date = tradingDateOf(bar.ts, session);
    const end = sessionCloseTs(date, session);
    const start = sessionCloseTs(shiftDate(date, -1), session);
    let binEnd = end;
    if (targetMs < DAY_MS) {
      // Walk bin by bin from the session start (no floor arithmetic, unlike the code under test).
      let binStart = start;
      while (binStart + targetMs < bar.ts) binStart += targetMs;
      binEnd = Math.min(binStart + targetMs, end);
    }
    if (!groups.has(binEnd)) {
      groups.set(binEnd, []);
      order.push(binEnd);
    }
    groups.get(binEnd)?.push(bar);
  }
  return order.map((ts) => {
    const bars = groups.get(ts) ?? [];
    return {
      ts,
      open: bars[0].open,
      high: Math.max(...bars.map((b) => b.high)),
      low: Math.min(...bars.map((b) => b.low)),
      close: bars[bars.length - 1].close,
      volume: bars.reduce((sum, b) => sum + b.volume, 0),
    };
  });
}
