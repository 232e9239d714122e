import { describe, expect, it } from 'vitest';
import { chronologicalSplit } from './split.ts';

const HOUR = 3_600_000;

describe('chronologicalSplit', () => {
  it('orders rows by entry time, never by row order, and cuts 60/20/20', () => {
    // Ten rows entering at hours 0..9, stored shuffled.
    const hours = [7, 2, 9, 0, 5, 1, 8, 3, 6, 4];
    const entryTs = hours.map((h) => h * HOUR);
    const split = chronologicalSplit({ entryTs });
    const hoursOf = (rows: Int32Array): number[] => Array.from(rows, (r) => hours[r]);
    expect(hoursOf(split.train)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(hoursOf(split.validation)).toEqual([6, 7]);
    expect(hoursOf(split.test)).toEqual([8, 9]);
    expect(split.purged).toEqual({ train: 0, validation: 0 });
    expect(split.validationStartTs).toBe(6 * HOUR);
    expect(split.testStartTs).toBe(8 * HOUR);
  });

  it('purges train and validation trades whose exit reaches the next part', () => {
    // Entries at hours 0..9; exits chosen by hand.
    const entryTs = Array.from({ length: 10 }, (_, h) => h * HOUR);
    const exitTs = entryTs.map((t) => t + HOUR / 2);
    exitTs[5] = 6 * HOUR; // exits exactly when validation's first trade enters: purged (>=)
    exitTs[4] = 5.9 * HOUR; // ends before validation starts: kept
    exitTs[3] = 9 * HOUR; // spans validation and test: purged
    exitTs[7] = 8.5 * HOUR; // validation trade overlapping test: purged
    exitTs[6] = 7.9 * HOUR; // ends before test starts: kept
    const split = chronologicalSplit({ entryTs, exitTs });
    expect(Array.from(split.train)).toEqual([0, 1, 2, 4]);
    expect(Array.from(split.validation)).toEqual([6]);
    expect(Array.from(split.test)).toEqual([8, 9]);
    expect(split.purged).toEqual({ train: 2, validation: 1 });
  });

  it('purgeMs widens the gap', () => {
    const entryTs = Array.from({ length: 10 }, (_, h) => h * HOUR);
    const exitTs = entryTs.map((t) => t + HOUR / 2);
    // Without purgeMs nothing overlaps. With 1.5 h, a row entering at h counts until h + 2 h:
    // train rows 4 and 5 reach 6 h (validation start), validation rows 6 and 7 reach 8 h (test).
    expect(chronologicalSplit({ entryTs, exitTs }).purged).toEqual({ train: 0, validation: 0 });
    const split = chronologicalSplit({ entryTs, exitTs }, { purgeMs: 1.5 * HOUR });
    expect(Array.from(split.train)).toEqual([0, 1, 2, 3]);
    expect(Array.from(split.validation)).toEqual([]);
    expect(split.purged).toEqual({ train: 2, validation: 2 });
    const narrower = chronologicalSplit({ entryTs, exitTs }, { purgeMs: 1.2 * HOUR });
    expect(Array.from(narrower.train)).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(narrower.validation)).toEqual([6]);
  });

  it('drops earlier-part rows that share the boundary entry time', () => {
    // Rows 5 and 6 enter at the same instant; row 6 opens validation, so row 5 must go.
    const entryTs = [0, 1, 2, 3, 4, 6, 6, 7, 8, 9].map((h) => h * HOUR);
    const split = chronologicalSplit({ entryTs });
    expect(Array.from(split.train)).toEqual([0, 1, 2, 3, 4]);
    expect(split.purged.train).toBe(1);
  });

  it('honours custom fractions and validates inputs', () => {
    const entryTs = Array.from({ length: 10 }, (_, h) => h * HOUR);
    const split = chronologicalSplit({ entryTs }, { fractions: [0.5, 0.3, 0.2] });
    expect([split.train.length, split.validation.length, split.test.length]).toEqual([5, 3, 2]);
    expect(() => chronologicalSplit({ entryTs }, { fractions: [0.5, 0.5, 0.5] })).toThrow('"fractions" must be three shares');
    expect(() => chronologicalSplit({ entryTs, exitTs: entryTs.map((t, i) => (i === 3 ? t - 1 : t)) })).toThrow(
      'row 3 exits at 10799999, before its entry at 10800000',
    );
    expect(() => chronologicalSplit({ entryTs: [0, 1] })).toThrow('2 rows are too few');
  });
});
