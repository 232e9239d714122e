/** A half-open time interval `[start, end)` in epoch ms. */
export type TimeInterval = readonly [start: number, end: number];

/** Sorted, non-overlapping, non-touching intervals covering the same times as `intervals`. */
export function mergeIntervals(intervals: readonly TimeInterval[]): TimeInterval[] {
  const sorted = intervals.filter(([start, end]) => end > start).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = out.at(-1);
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

/** The parts of `interval` not covered by `covered` (which need not be merged), in time order. */
export function subtractIntervals(interval: TimeInterval, covered: readonly TimeInterval[]): TimeInterval[] {
  const out: TimeInterval[] = [];
  let cursor = interval[0];
  for (const [start, end] of mergeIntervals(covered)) {
    if (end <= cursor) continue;
    if (start >= interval[1]) break;
    if (start > cursor) out.push([cursor, Math.min(start, interval[1])]);
    cursor = Math.max(cursor, end);
    if (cursor >= interval[1]) break;
  }
  if (cursor < interval[1]) out.push([cursor, interval[1]]);
  return out;
}

/** The common part of two intervals, or undefined when they do not overlap. */
export function intersectInterval(a: TimeInterval, b: TimeInterval): TimeInterval | undefined {
  const start = Math.max(a[0], b[0]);
  const end = Math.min(a[1], b[1]);
  return end > start ? [start, end] : undefined;
}

/** Total length of merged intervals, ms. */
export function coveredLength(intervals: readonly TimeInterval[]): number {
  let total = 0;
  for (const [start, end] of mergeIntervals(intervals)) total += end - start;
  return total;
}
