import { describe, expect, it } from 'vitest';
import { cmeGlobexIsOpen } from './market-hours.ts';

describe('cmeGlobexIsOpen (Chicago time, DST aware)', () => {
  it.each([
    // Winter (CST = UTC-6): Sunday 17:00 CT = 23:00 UTC.
    ['2024-01-07T22:59:00Z', false],
    ['2024-01-07T23:00:00Z', true],
    ['2024-01-09T21:59:00Z', true], // Tuesday 15:59 CT
    ['2024-01-09T22:30:00Z', false], // maintenance halt 16:30 CT
    ['2024-01-09T23:00:00Z', true],
    ['2024-01-12T21:59:00Z', true], // Friday 15:59 CT
    ['2024-01-12T22:00:00Z', false], // Friday close
    ['2024-01-13T15:00:00Z', false], // Saturday
    // Summer (CDT = UTC-5): the halt is 21:00-22:00 UTC.
    ['2024-07-09T21:30:00Z', false],
    ['2024-07-09T22:00:00Z', true],
  ])('%s → %s', (iso, open) => {
    expect(cmeGlobexIsOpen(Date.parse(iso))).toBe(open);
  });
});
