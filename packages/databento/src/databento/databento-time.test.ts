import { describe, expect, it } from 'vitest';
import { dayOfDbnDate, dbnDateOf, formatDatabentoTime, nanosecondsOf, parseDatabentoTime } from './databento-time.ts';

describe('Databento times', () => {
  it('reads integer ns, ISO with 0-9 fractional digits, zones and dates (to the ms, floored)', () => {
    expect(parseDatabentoTime('1735828200000000000')).toBe(Date.UTC(2025, 0, 2, 14, 30));
    expect(parseDatabentoTime('1735828200000999999')).toBe(Date.UTC(2025, 0, 2, 14, 30));
    expect(parseDatabentoTime('2019-07-07T00:00:00.000000000Z')).toBe(Date.UTC(2019, 6, 7));
    expect(parseDatabentoTime('2025-01-02T14:32:17.123456789Z')).toBe(Date.UTC(2025, 0, 2, 14, 32, 17, 123));
    expect(parseDatabentoTime('2025-01-02T14:32:17.5Z')).toBe(Date.UTC(2025, 0, 2, 14, 32, 17, 500));
    expect(parseDatabentoTime('2025-01-02T09:30:00-05:00')).toBe(Date.UTC(2025, 0, 2, 14, 30));
    expect(parseDatabentoTime('2025-01-02 14:30')).toBe(Date.UTC(2025, 0, 2, 14, 30));
    expect(parseDatabentoTime('2025-01-02')).toBe(Date.UTC(2025, 0, 2));
    expect(() => parseDatabentoTime('yesterday')).toThrow('not a Databento time: "yesterday"');
  });

  it('writes ns ISO and integer ns; converts DBN YYYYMMDD dates', () => {
    expect(formatDatabentoTime(Date.UTC(2025, 0, 2, 14, 32, 17, 123))).toBe('2025-01-02T14:32:17.123000000Z');
    expect(nanosecondsOf(1735828200000)).toBe(1735828200000000000n);
    expect(dayOfDbnDate(19700102)).toBe(1);
    expect(dayOfDbnDate(20250102)).toBe(Date.UTC(2025, 0, 2) / 86_400_000);
    expect(dbnDateOf(Date.UTC(2024, 1, 29, 23, 59))).toBe(20240229);
  });
});
