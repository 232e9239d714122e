import { DAY_MS } from '@rooney/core';

/**
 * The bar size of a series: the most common positive step between consecutive timestamps (the
 * smaller step on a tie). With `calendarDays`, steps are rounded to whole days first, so daily
 * bars stamped at a DST-shifting session close still read as 1 day and weekly bars as 7 days;
 * and dated rows whose smallest step is at most 4 days are daily bars (a weekend or holiday gap
 * is not a bar size, even when a short file has no consecutive days).
 * Returns NaN when there are fewer than two timestamps.
 */
export function inferBarMs(ts: Float64Array, length: number, calendarDays: boolean): number {
  const counts = new Map<number, number>();
  let smallest = Number.POSITIVE_INFINITY;
  for (let i = 1; i < length; i++) {
    let step = ts[i] - ts[i - 1];
    if (calendarDays) step = Math.round(step / DAY_MS) * DAY_MS;
    if (step > 0) {
      counts.set(step, (counts.get(step) ?? 0) + 1);
      if (step < smallest) smallest = step;
    }
  }
  if (calendarDays && smallest <= 4 * DAY_MS) return DAY_MS;
  let best = Number.NaN;
  let bestCount = 0;
  for (const [step, count] of counts) {
    if (count > bestCount || (count === bestCount && step < best)) {
      best = step;
      bestCount = count;
    }
  }
  return best;
}
