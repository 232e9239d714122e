import type { BarView } from './ports.ts';

/**
 * How many of `view`'s completed bars closed before `ts` (bars stamped at their close): the
 * `length` a view had when an event at `ts` was processed, before the bars closing at `ts` became
 * visible — e.g. a position filled at `ts` has been held for `view.length - barsBefore(view, ts)`
 * bars. Binary search over the readable bars (O(log n)); bars too old to read (a bounded live view)
 * count as before `ts`.
 */
export function barsBefore(view: BarView, ts: number): number {
  const length = view.length;
  // Find the smallest `ago` whose bar closed before `ts` (reads past the readable range give NaN).
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const barTs = view.ts(mid);
    if (Number.isNaN(barTs) || barTs < ts) hi = mid;
    else lo = mid + 1;
  }
  return length - lo;
}
