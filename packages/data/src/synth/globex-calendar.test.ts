import { describe, expect, it } from 'vitest';
import { RooneyError } from '@rooney/core';
import { GLOBEX_SESSION_MINUTES, globexSchedule, parseIsoDate } from './globex-calendar.ts';

describe('globexSchedule', () => {
  it('opens each weekday session at 17:00 Chicago time the day before, with daylight saving', () => {
    // 2023-11-01 (Wed) to 2023-11-07 (Tue); US clocks went back on Sunday 2023-11-05.
    const schedule = globexSchedule(parseIsoDate('2023-11-01', 'start'), 7);
    expect(Array.from(schedule.tradingDates)).toEqual([20231101, 20231102, 20231103, 20231106, 20231107]);
    expect(Array.from(schedule.openTs)).toEqual([
      Date.UTC(2023, 9, 31, 22), // Tue 17:00 CDT (UTC-5)
      Date.UTC(2023, 10, 1, 22),
      Date.UTC(2023, 10, 2, 22),
      Date.UTC(2023, 10, 5, 23), // Sun 17:00 CST (UTC-6)
      Date.UTC(2023, 10, 6, 23),
    ]);
    expect(GLOBEX_SESSION_MINUTES).toBe(23 * 60);
  });

  it('has no session for a span of only a weekend', () => {
    const schedule = globexSchedule(parseIsoDate('2023-01-07', 'start'), 2);
    expect(schedule.tradingDates.length).toBe(0);
  });
});

describe('parseIsoDate', () => {
  it('parses YYYY-MM-DD to UTC midnight and rejects impossible dates', () => {
    expect(parseIsoDate('2024-02-29', 'start')).toBe(Date.UTC(2024, 1, 29));
    expect(() => parseIsoDate('2023-02-29', 'start')).toThrow(RooneyError);
    expect(() => parseIsoDate('2023-1-5', 'start')).toThrow(/"start" must be a date YYYY-MM-DD, was "2023-1-5"/);
  });
});
