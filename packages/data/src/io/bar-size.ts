import { DAY_MS } from '@rooney/core';

/**
 * The bar size of a series: the most common positive step between consecutive timestamps (the
 * smaller step on a tie). With `calendarDays`, steps are rounded to whole days first, so daily
 * bars stamped at a DST-shifting session close still read as 1 day and weekly bars as 7 days.
 * Returns NaN when there are fewer than two timestamps.
 */
export function inferBarMs(ts: Float64Array, length: number, calendarDays: boolean): number {
  const counts = new Map<number, number>();
  for (let i = 1; i < length; i++) {
    let step = ts[i] - ts[i - 1];
    if (calendarDays) step = Math.round(step / DAY_MS) * DAY_MS;
    if (step > 0) counts.set(step, (counts.get(step) ?? 0) + 1);
  }
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
