/**
 * Percentile of an ascending-sorted array by linear interpolation between order statistics
 * (Hyndman & Fan type 7, numpy's and R's default): `h = (n - 1) · p`,
 * `x[floor(h)] + (h - floor(h)) · (x[floor(h) + 1] - x[floor(h)])`. NaN for an empty array.
 */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1];
  const fraction = h - lo;
  const a = sorted[lo];
  return fraction === 0 ? a : a + fraction * (sorted[lo + 1] - a);
}
