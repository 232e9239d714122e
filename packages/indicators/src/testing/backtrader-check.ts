import { expect } from 'vitest';
import { backtraderCheckIndices, formatBacktrader } from './backtrader-data.ts';

/**
 * Asserts Backtrader's `chkvals` for one line: the values printed with `%f` at the three check bars
 * of `tests/testcommon.py` for an indicator of minimum period `minPeriod` (last bar, first defined
 * bar at `minPeriod - 1`, the middle one), and that the line is NaN just before bar
 * `lineMinPeriod - 1` and defined from there. `lineMinPeriod` is the line's own minimum period,
 * when it is shorter than the indicator's (ADX's 28 within `DM`'s 42); default `minPeriod`.
 */
export function expectBacktraderCheckValues(
  line: Float64Array,
  minPeriod: number,
  expected: readonly [string, string, string],
  lineMinPeriod = minPeriod,
): void {
  const indices = backtraderCheckIndices(line.length, minPeriod);
  const actual = indices.map((i) => formatBacktrader(line[i]));
  expect(actual, `bars ${indices.join(', ')}`).toEqual([...expected]);
  if (lineMinPeriod >= 2) expect(line[lineMinPeriod - 2]).toBeNaN();
  expect(Number.isFinite(line[lineMinPeriod - 1])).toBe(true);
}
