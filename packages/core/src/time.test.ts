import { describe, expect, it } from 'vitest';
import { DEFAULT_SESSION, sessionCloseTs, timeZoneOffsetMs, timeframeMs, tradingDateOf, zonedTimeToUtc } from './time.ts';

const utc = (s: string): number => Date.parse(s);

describe('time', () => {
  it('parses timeframes', () => {
    expect(timeframeMs('1m')).toBe(60_000);
    expect(timeframeMs('hour')).toBe(3_600_000);
    expect(timeframeMs('1d')).toBe(86_400_000);
    expect(() => timeframeMs('fortnight')).toThrow(/unknown timeframe/);
  });

  it('knows Chicago offsets across daylight saving', () => {
    expect(timeZoneOffsetMs(utc('2024-01-15T12:00:00Z'), 'America/Chicago')).toBe(-6 * 3_600_000);
    expect(timeZoneOffsetMs(utc('2024-07-15T12:00:00Z'), 'America/Chicago')).toBe(-5 * 3_600_000);
    expect(zonedTimeToUtc(2024, 7, 15, 17 * 60, 'America/Chicago')).toBe(utc('2024-07-15T22:00:00Z'));
  });

  it('closes a 23:00 UTC session on the same calendar date', () => {
    const session = { startMinutes: 23 * 60, timeZone: 'UTC' };
    expect(sessionCloseTs(20240102, session)).toBe(utc('2024-01-02T23:00:00Z'));
    expect(tradingDateOf(utc('2024-01-01T23:01:00Z'), session)).toBe(20240102);
    expect(tradingDateOf(utc('2024-01-02T23:00:00Z'), session)).toBe(20240102);
    expect(tradingDateOf(utc('2024-01-02T23:01:00Z'), session)).toBe(20240103);
  });

  it('closes a midnight session at the next midnight', () => {
    const session = { startMinutes: 0, timeZone: 'UTC' };
    expect(sessionCloseTs(20240102, session)).toBe(utc('2024-01-03T00:00:00Z'));
    expect(tradingDateOf(utc('2024-01-03T00:00:00Z'), session)).toBe(20240102);
  });

  it('follows a Chicago 17:00 session through daylight saving', () => {
    const session = { startMinutes: 17 * 60, timeZone: 'America/Chicago' };
    expect(sessionCloseTs(20240715, session)).toBe(utc('2024-07-15T22:00:00Z'));
    expect(sessionCloseTs(20240115, session)).toBe(utc('2024-01-15T23:00:00Z'));
    expect(tradingDateOf(utc('2024-07-15T22:30:00Z'), session)).toBe(20240716);
  });

  it('defaults to the CME Globex session: 17:00 Chicago, 22:00 UTC in summer and 23:00 UTC in winter', () => {
    // 2023: daylight saving from 12 March to 5 November in Chicago.
    expect(sessionCloseTs(20230310, DEFAULT_SESSION)).toBe(utc('2023-03-10T23:00:00Z')); // Friday, CST
    expect(sessionCloseTs(20230313, DEFAULT_SESSION)).toBe(utc('2023-03-13T22:00:00Z')); // Monday, CDT
    expect(sessionCloseTs(20231103, DEFAULT_SESSION)).toBe(utc('2023-11-03T22:00:00Z')); // Friday, CDT
    expect(sessionCloseTs(20231106, DEFAULT_SESSION)).toBe(utc('2023-11-06T23:00:00Z')); // Monday, CST
    // The Sunday-evening open belongs to Monday on both sides of each change (with a fixed 23:00 UTC
    // start, the summer hour 22:00-23:00 UTC would be a Sunday session of its own).
    expect(tradingDateOf(utc('2023-03-12T22:01:00Z'), DEFAULT_SESSION)).toBe(20230313);
    expect(tradingDateOf(utc('2023-03-05T23:01:00Z'), DEFAULT_SESSION)).toBe(20230306);
    expect(tradingDateOf(utc('2023-11-05T23:01:00Z'), DEFAULT_SESSION)).toBe(20231106);
    expect(tradingDateOf(utc('2023-10-29T22:01:00Z'), DEFAULT_SESSION)).toBe(20231030);
    // The 16:00 Chicago close is the last minute of its date.
    expect(tradingDateOf(utc('2023-07-14T21:00:00Z'), DEFAULT_SESSION)).toBe(20230714);
  });
});
