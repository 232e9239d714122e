import type { Matrix } from '../matrix.ts';

/** Stride of the per-feature edge table: a feature has at most 256 bins, so at most 255 edges. */
export const EDGE_STRIDE = 256;

/**
 * Features cut into quantile bins for the histogram split search. Bin `b` of feature `f` holds the
 * values `x` with `edges[f*256 + b - 1] <= x < edges[f*256 + b]`, so "bin <= b" is the same test as
 * `x < edges[f*256 + b]`, the test a fitted tree applies to raw values.
 */
export interface FeatureBins {
  /** Number of bins of each feature (1 when the feature is constant). */
  readonly binCount: Int32Array;
  /** Upper edges, `EDGE_STRIDE` slots per feature; `binCount[f] - 1` of them are used. */
  readonly edges: Float64Array;
  /** Column-major bin codes: the bin of row r, feature f is `codes[f * rows + r]`. */
  readonly codes: Uint8Array;
}

/**
 * Every distinct value of every feature, for the exact split search. The rank of row r, feature f
 * is `ranks[f * rows + r]`, an index into `distinct` starting at `distinctStart[f]`.
 */
export interface FeatureRanks {
  readonly ranks: Int32Array;
  readonly distinct: Float64Array;
  readonly distinctStart: Int32Array;
}

/**
 * A cut point t with a < t <= b for a < b: the midpoint, moved to b when rounding puts it on a
 * (adjacent doubles). `x < t` then separates every value <= a from every value >= b.
 */
export function splitPoint(a: number, b: number): number {
  let t = (a + b) / 2;
  if (!Number.isFinite(t)) t = a / 2 + b / 2;
  if (t <= a || t > b) t = b;
  return t;
}

/** Column `f` of `x` sorted ascending (a copy). */
function sortedColumn(x: Matrix, f: number, out: Float64Array): Float64Array {
  const { values, rows, columns } = x;
  for (let r = 0; r < rows; r++) out[r] = values[r * columns + f];
  return out.sort();
}

/** Index of the first element of `sorted[from..to)` that is > `value`. */
function upperBound(sorted: Float64Array, value: number, from: number, to: number): number {
  let low = from;
  let high = to;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Cuts each feature into at most `maxBins` bins: one bin per distinct value when there are few
 * enough, otherwise edges near the k/maxBins quantiles, placed between two distinct values so
 * tied values always share a bin.
 */
export function computeFeatureBins(x: Matrix, maxBins: number): FeatureBins {
  const { rows, columns, values } = x;
  const binCount = new Int32Array(columns);
  const edges = new Float64Array(columns * EDGE_STRIDE);
  const codes = new Uint8Array(columns * rows);
  const sorted = new Float64Array(rows);
  for (let f = 0; f < columns; f++) {
    sortedColumn(x, f, sorted);
    const base = f * EDGE_STRIDE;
    let distinctCount = 1;
    for (let r = 1; r < rows; r++) if (sorted[r] !== sorted[r - 1]) distinctCount++;
    let count = 0;
    if (distinctCount <= maxBins) {
      // One bin per distinct value: every cut between two values is a candidate.
      for (let r = 1; r < rows; r++) {
        if (sorted[r] !== sorted[r - 1]) edges[base + count++] = splitPoint(sorted[r - 1], sorted[r]);
      }
    } else {
      let last = Number.NEGATIVE_INFINITY;
      for (let k = 1; k < maxBins; k++) {
        const j = Math.floor((k * rows) / maxBins);
        if (j <= 0) continue;
        const below = sorted[j - 1];
        const next = upperBound(sorted, below, j, rows);
        if (next >= rows) break;
        const edge = splitPoint(below, sorted[next]);
        if (edge > last) {
          edges[base + count] = edge;
          count++;
          last = edge;
        }
      }
    }
    binCount[f] = count + 1;
    const offset = f * rows;
    for (let r = 0; r < rows; r++) {
      const value = values[r * columns + f];
      // Number of edges <= value.
      let low = 0;
      let high = count;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (edges[base + middle] <= value) low = middle + 1;
        else high = middle;
      }
      codes[offset + r] = low;
    }
  }
  return { binCount, edges, codes };
}

/** Ranks every value of every feature among that feature's distinct values. */
export function computeFeatureRanks(x: Matrix): FeatureRanks {
  const { rows, columns, values } = x;
  const ranks = new Int32Array(columns * rows);
  const distinctStart = new Int32Array(columns + 1);
  const parts: Float64Array[] = [];
  const sorted = new Float64Array(rows);
  let total = 0;
  for (let f = 0; f < columns; f++) {
    sortedColumn(x, f, sorted);
    let count = 0;
    const distinct = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      if (r === 0 || sorted[r] !== sorted[r - 1]) distinct[count++] = sorted[r];
    }
    parts.push(distinct.subarray(0, count));
    distinctStart[f] = total;
    total += count;
    const offset = f * rows;
    for (let r = 0; r < rows; r++) {
      const value = values[r * columns + f];
      let low = 0;
      let high = count;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (distinct[middle] < value) low = middle + 1;
        else high = middle;
      }
      ranks[offset + r] = low;
    }
  }
  distinctStart[columns] = total;
  const distinct = new Float64Array(total);
  for (let f = 0; f < columns; f++) distinct.set(parts[f], distinctStart[f]);
  return { ranks, distinct, distinctStart };
}
