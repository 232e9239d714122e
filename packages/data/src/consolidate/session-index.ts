import type { BarArrays } from '@rooney/core';

/**
 * For each bar of a finer series, how many bars of a coarser series (e.g. its daily consolidation)
 * are complete at that bar's close: the count of coarse bars with `ts <= fine.ts[i]`. With bars
 * stamped at their close this is exactly what a strategy running on the fine series may see, so
 * `count - 1` is the index of the latest visible coarse bar (-1: none yet). Two-pointer, O(n + m).
 *
 * Both series must be sorted by `ts` (as every `BarSeries` is).
 */
export function sessionIndex(fine: BarArrays, coarse: BarArrays): Int32Array {
  const counts = new Int32Array(fine.length);
  const coarseTs = coarse.ts;
  const coarseLength = coarse.length;
  let j = 0;
  for (let i = 0; i < fine.length; i++) {
    const t = fine.ts[i];
    while (j < coarseLength && coarseTs[j] <= t) j++;
    counts[i] = j;
  }
  return counts;
}
