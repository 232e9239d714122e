import { Rng } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { DATE_ONLY, NAIVE, ZONED, daysFromCivil, newParsedDateTime, parseDateTime, parseTimeOfDay } from './parse-datetime.ts';

const encoder = new TextEncoder();
const out = newParsedDateTime();
const parse = (text: string): number => {
  const bytes = encoder.encode(text);
  return parseDateTime(bytes, 0, bytes.length, out);
};

describe('daysFromCivil', () => {
  it('agrees with Date.UTC over random dates from 1600 to 2400', () => {
    const rng = new Rng(3);
    for (let i = 0; i < 5000; i++) {
      const year = 1600 + rng.int(800);
      const month = 1 + rng.int(12);
      const day = 1 + rng.int(28);
      expect(daysFromCivil(year, month, day) * 86_400_000).toBe(Date.UTC(year, month - 1, day));
    }
  });
});

describe('parseDateTime', () => {
  it('reads dates alone as trading dates', () => {
    for (const text of ['2006-01-02', '20060102', '2006/01/02', '01/02/2006', ' "2006-1-2" ']) {
      expect(parse(text), text).toBe(Date.UTC(2006, 0, 2));
      expect(out.kind).toBe(DATE_ONLY);
      expect(out.date).toBe(20060102);
    }
  });

  it('reads naive date-times as wall time (same value Date.parse gives with a Z appended)', () => {
    for (const text of ['2024-01-01 23:01:00', '2024-01-01T23:01', '2024-01-01 23:01:00.250', '20240101 23:01', '2024-01-01  9:05:00']) {
      expect(parse(text), text).toBe(Date.parse(text.replace(/\s+/, 'T').replace('T9', 'T09').replace(/^(\d{4})(\d{2})(\d{2})/, '$1-$2-$3') + 'Z'));
      expect(out.kind).toBe(NAIVE);
    }
  });

  it('honours zone suffixes', () => {
    const cases: [string, string][] = [
      ['2024-03-10T12:00:00Z', '2024-03-10T12:00:00Z'],
      ['2024-03-10 12:00:00 UTC', '2024-03-10T12:00:00Z'],
      ['2024-03-10T12:00:00-05:00', '2024-03-10T17:00:00Z'],
      ['2024-03-10T12:00:00+0530', '2024-03-10T06:30:00Z'],
      ['2024-03-10T12:00:00+01', '2024-03-10T11:00:00Z'],
      ['2024-03-10T12:00:00.123456789Z', '2024-03-10T12:00:00.123Z'],
    ];
    for (const [text, iso] of cases) {
      expect(parse(text), text).toBe(Date.parse(iso));
      expect(out.kind).toBe(ZONED);
    }
  });

  it('reads bare integers as epoch seconds, ms, µs or ns by digit count', () => {
    const ms = Date.UTC(2024, 6, 1, 23, 40);
    expect(parse(String(ms / 1000))).toBe(ms);
    expect(parse(String(ms))).toBe(ms);
    expect(parse(`${ms}123`)).toBe(ms);
    expect(parse('1719877200000000000')).toBe(Date.parse('2024-07-01T23:40:00Z'));
    expect(out.kind).toBe(ZONED);
  });

  it('rejects impossible or malformed dates and times', () => {
    for (const text of ['2023-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '2024-01-01 24:00', '2024-01-01 12:60', '2024-01-01 12', '2024-01-01 12:00 EST', 'yesterday', '', '2024-01-01X12:00', '12345678901234567890']) {
      expect(parse(text), text).toBeNaN();
      expect(out.kind).toBe(0);
    }
    expect(parse('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
  });
});

describe('parseTimeOfDay', () => {
  const time = (text: string): number => {
    const bytes = encoder.encode(text);
    return parseTimeOfDay(bytes, 0, bytes.length);
  };
  it('reads HH:MM, HH:MM:SS, fractions and compact forms', () => {
    expect(time('09:05:00')).toBe((9 * 60 + 5) * 60_000);
    expect(time('17:30')).toBe((17 * 60 + 30) * 60_000);
    expect(time('0930')).toBe((9 * 60 + 30) * 60_000);
    expect(time('093015')).toBe((9 * 60 + 30) * 60_000 + 15_000);
    expect(time('00:00:01.5')).toBe(1500);
  });
  it('rejects junk', () => {
    for (const text of ['', '9', '25:00', '12:5', '12:00:00Z', 'noon']) expect(time(text), text).toBeNaN();
  });
});
