import { describe, expect, it } from 'vitest';
import { linearScale, niceStep, numberTicks, timeTicks } from './scale.ts';

describe('linearScale', () => {
  it('maps the domain ends onto the range ends, reversed ranges included', () => {
    const scale = linearScale(10, 20, 300, 100);
    expect(scale(10)).toBe(300);
    expect(scale(20)).toBe(100);
    expect(scale(15)).toBe(200);
  });
});

describe('numberTicks', () => {
  it('picks 1-2-2.5-5 steps', () => {
    expect(niceStep(19.4)).toBe(20);
    expect(niceStep(0.031)).toBe(0.05);
    expect(niceStep(2.2)).toBe(2.5);
    expect(niceStep(7)).toBe(10);
  });

  it('gives round ticks and a domain widened to whole steps', () => {
    const result = numberTicks(0, 97, 5);
    expect(result.step).toBe(20);
    expect(result.ticks).toEqual([0, 20, 40, 60, 80, 100]);
    expect(result.domain).toEqual([0, 100]);
  });

  it('has no floating-point noise in tick values', () => {
    expect(numberTicks(0.1, 0.3, 4).ticks).toEqual([0.1, 0.15, 0.2, 0.25, 0.3]);
  });
});

describe('timeTicks', () => {
  it('labels a year by month, with the year under the first tick', () => {
    const ticks = timeTicks(Date.UTC(2024, 0, 1), Date.UTC(2024, 11, 31), 8);
    expect(ticks.map((tick) => tick.label)).toEqual(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
    expect(ticks.map((tick) => tick.ts)).toEqual(Array.from({ length: 12 }, (_, m) => Date.UTC(2024, m, 1)));
    expect(ticks[0].context).toBe('2024');
    expect(ticks.slice(1).every((tick) => tick.context === undefined)).toBe(true);
  });

  it('labels a day by hours, with the date under the first tick', () => {
    const ticks = timeTicks(Date.UTC(2024, 2, 5, 0, 0), Date.UTC(2024, 2, 5, 23, 59), 8);
    expect(ticks.map((tick) => tick.label)).toEqual(['00:00', '03:00', '06:00', '09:00', '12:00', '15:00', '18:00', '21:00']);
    expect(ticks[0].context).toBe('Mar 5, 2024');
  });

  it('shows the new date where an intraday axis crosses midnight', () => {
    const ticks = timeTicks(Date.UTC(2024, 2, 5, 20, 0), Date.UTC(2024, 2, 6, 4, 0), 5);
    const midnight = ticks.find((tick) => tick.ts === Date.UTC(2024, 2, 6));
    expect(midnight?.label).toBe('00:00');
    expect(midnight?.context).toBe('Mar 6, 2024');
  });

  it('puts weekly ticks on Mondays at 00:00 UTC', () => {
    const ticks = timeTicks(Date.UTC(2024, 0, 3), Date.UTC(2024, 2, 1), 8);
    expect(ticks.length).toBeGreaterThan(4);
    for (const tick of ticks) {
      const date = new Date(tick.ts);
      expect(date.getUTCDay()).toBe(1);
      expect(date.getUTCHours()).toBe(0);
    }
    expect(ticks[0].label).toBe('Jan 8');
  });

  it('steps several years at a time over long spans', () => {
    const ticks = timeTicks(Date.UTC(2010, 0, 1), Date.UTC(2024, 5, 1), 8);
    expect(ticks.map((tick) => tick.label)).toEqual(['2010', '2012', '2014', '2016', '2018', '2020', '2022', '2024']);
  });

  it('keeps every tick inside the interval', () => {
    const start = Date.UTC(2023, 6, 17, 13, 7);
    const end = Date.UTC(2023, 8, 2, 4, 11);
    for (const tick of timeTicks(start, end, 7)) {
      expect(tick.ts).toBeGreaterThanOrEqual(start);
      expect(tick.ts).toBeLessThanOrEqual(end);
    }
  });
});
