import { describe, expect, it } from 'vitest';
import { sessionCloseTs, timeZoneOffsetMs, timeframeMs, tradingDateOf, zonedTimeToUtc } from './time.ts';

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
});
