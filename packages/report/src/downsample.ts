import { requireParameter } from '@rooney/core';
import type { NumericArray } from './types.ts';

/**
 * Indices to keep when drawing `columns` (parallel series of equal length) with at most
 * `maxPoints` points, chosen so no extreme disappears (the "min/max per bucket" scheme):
 *
 * - the first and the last index are always kept;
 * - the interior indices `1 .. n-2` are split into `B = floor((maxPoints - 2) / (2 * columns))`
 *   equal buckets (`bucket b` = `1 + floor(b * (n-2) / B)` up to the next bucket's start);
 * - from each bucket, for each column, the index of the first smallest and of the first largest
 *   finite value are kept (one index when they coincide).
 *
 * So every column's global minimum and maximum survive (a drawdown spike stays visible), and the
 * result is sorted, free of duplicates and at most `maxPoints` long. With `n <= maxPoints` every
 * index is kept. Non-finite values are never chosen as extremes.
 */
export function downsampleIndices(columns: readonly NumericArray[], maxPoints: number): Int32Array {
  requireParameter(Number.isInteger(maxPoints) && maxPoints >= 4, 'maxPoints', 'an integer >= 4', maxPoints);
  requireParameter(columns.length > 0, 'columns', 'at least one column', columns.length);
  const n = columns[0].length;
  for (const column of columns) {
    requireParameter(column.length === n, 'columns', `of equal length ${n}`, column.length);
  }
  if (n <= maxPoints) {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all;
  }
  const interior = n - 2;
  const bucketCount = Math.max(1, Math.floor((maxPoints - 2) / (2 * columns.length)));
  const out = new Int32Array(2 + bucketCount * 2 * columns.length);
  let size = 0;
  out[size++] = 0;
  const chosen = new Int32Array(2 * columns.length);
  for (let bucket = 0; bucket < bucketCount; bucket++) {
    const from = 1 + Math.floor((bucket * interior) / bucketCount);
    const to = 1 + Math.floor(((bucket + 1) * interior) / bucketCount);
    let chosenCount = 0;
    for (const column of columns) {
      let minIndex = -1;
      let maxIndex = -1;
      let minValue = Number.POSITIVE_INFINITY;
      let maxValue = Number.NEGATIVE_INFINITY;
      for (let i = from; i < to; i++) {
        const v = column[i];
        if (!Number.isFinite(v)) continue;
        if (v < minValue) {
          minValue = v;
          minIndex = i;
        }
        if (v > maxValue) {
          maxValue = v;
          maxIndex = i;
        }
      }
      if (minIndex >= 0) chosen[chosenCount++] = minIndex;
      if (maxIndex >= 0) chosen[chosenCount++] = maxIndex;
    }
    const bucketIndices = chosen.subarray(0, chosenCount).sort();
    for (let k = 0; k < chosenCount; k++) {
      if (k > 0 && bucketIndices[k] === bucketIndices[k - 1]) continue;
      out[size++] = bucketIndices[k];
    }
  }
  out[size++] = n - 1;
  return out.slice(0, size);
}

/** A downsampled `(ts, value)` series. */
export interface SampledSeries {
  readonly ts: Float64Array;
  readonly value: Float64Array;
}

/**
 * `(ts, value)` reduced to at most `maxPoints` points by {@link downsampleIndices}: the first and
 * last points and the global minimum and maximum are always kept.
 */
export function downsampleMinMax(ts: NumericArray, value: NumericArray, maxPoints: number): SampledSeries {
  requireParameter(ts.length === value.length, 'value', `as long as ts (${ts.length})`, value.length);
  const indices = downsampleIndices([value], maxPoints);
  return { ts: pick(ts, indices), value: pick(value, indices) };
}

/** The values of `column` at `indices`, as a new Float64Array. */
export function pick(column: NumericArray, indices: Int32Array): Float64Array {
  const out = new Float64Array(indices.length);
  for (let k = 0; k < indices.length; k++) out[k] = column[indices[k]];
  return out;
}

/** At most `maxPoints` evenly spaced indices of `0 .. n-1`, always including the first and the last. */
export function strideIndices(n: number, maxPoints: number): Int32Array {
  requireParameter(Number.isInteger(maxPoints) && maxPoints >= 2, 'maxPoints', 'an integer >= 2', maxPoints);
  const count = Math.min(n, maxPoints);
  const out = new Int32Array(count);
  if (count === 0) return out;
  if (count === 1) return out;
  for (let k = 0; k < count; k++) out[k] = Math.round((k * (n - 1)) / (count - 1));
  return out;
}
