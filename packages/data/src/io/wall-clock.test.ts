import { MINUTE_MS, zonedTimeToUtc } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { WallClock } from './wall-clock.ts';

describe('WallClock', () => {
  it('converts New York wall times across the 2026 spring-forward day (hand-checked instants)', () => {
    const clock = new WallClock('America/New_York');
    // 2026-03-08: 01:59 EST (UTC-5) → 06:59Z; 03:00 EDT (UTC-4) → 07:00Z.
    expect(clock.toUtc(Date.UTC(2026, 2, 8, 1, 59))).toBe(Date.parse('2026-03-08T06:59:00Z'));
    expect(clock.toUtc(Date.UTC(2026, 2, 8, 3, 0))).toBe(Date.parse('2026-03-08T07:00:00Z'));
    expect(clock.toUtc(Date.UTC(2026, 2, 7, 18, 0))).toBe(Date.parse('2026-03-07T23:00:00Z'));
    expect(clock.toUtc(Date.UTC(2026, 2, 9, 18, 0))).toBe(Date.parse('2026-03-09T22:00:00Z'));
  });

  it('agrees with core zonedTimeToUtc for every 10 minutes over DST switch weeks', () => {
    const mismatches: string[] = [];
    for (const timeZone of ['America/New_York', 'America/Chicago', 'Europe/London', 'Australia/Sydney']) {
      const clock = new WallClock(timeZone);
      for (const [year, month, day] of [[2024, 3, 8], [2024, 10, 31], [2024, 4, 4]] as const) {
        for (let minutes = 0; minutes < 4 * 24 * 60; minutes += 10) {
          const wall = Date.UTC(year, month - 1, day) + minutes * MINUTE_MS;
          const date = new Date(wall);
          const expected = zonedTimeToUtc(
            date.getUTCFullYear(),
            date.getUTCMonth() + 1,
            date.getUTCDate(),
            date.getUTCHours() * 60 + date.getUTCMinutes(),
            timeZone,
          );
          if (clock.toUtc(wall) !== expected) mismatches.push(`${timeZone} ${date.toISOString()}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('is the identity for UTC and rejects unknown zones', () => {
    expect(new WallClock('UTC').toUtc(123_456)).toBe(123_456);
    expect(() => new WallClock('Mars/Olympus')).toThrow(RangeError);
  });
});
