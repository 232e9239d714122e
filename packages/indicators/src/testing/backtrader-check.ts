import { expect } from 'vitest';
import { backtraderCheckIndices, formatBacktrader } from './backtrader-data.ts';

/**
 * Asserts Backtrader's `chkvals` for one line: the values printed with `%f` at the three check bars
 * of `tests/testcommon.py` (last bar, first defined bar at `minPeriod - 1`, the middle one), and that
 * the line is NaN just before `minPeriod - 1` and defined from there.
 */
export function expectBacktraderCheckValues(
  line: Float64Array,
  minPeriod: number,
  expected: readonly [string, string, string],
): void {
  const indices = backtraderCheckIndices(line.length, minPeriod);
  const actual = indices.map((i) => formatBacktrader(line[i]));
  expect(actual, `bars ${indices.join(', ')}`).toEqual([...expected]);
  if (minPeriod >= 2) expect(line[minPeriod - 2]).toBeNaN();
  expect(Number.isFinite(line[minPeriod - 1])).toBe(true);
}
