import { matrix } from './matrix.ts';
import type { Matrix } from './matrix.ts';

/**
 * Median of the finite values of each column (NaN for a column without one): the fill values of
 * `--missing impute`, computed on the training rows only so nothing of later rows leaks in.
 */
export function columnMedians(x: Matrix): Float64Array {
  const out = new Float64Array(x.columns);
  const column = new Float64Array(x.rows);
  for (let c = 0; c < x.columns; c++) {
    let n = 0;
    for (let r = 0; r < x.rows; r++) {
      const v = x.values[r * x.columns + c];
      if (Number.isFinite(v)) column[n++] = v;
    }
    if (n === 0) {
      out[c] = Number.NaN;
      continue;
    }
    const sorted = column.subarray(0, n).sort();
    out[c] = n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
  return out;
}

/** A copy of `x` with every non-finite value of column c replaced by `fill[c]` (left as is when `fill[c]` is NaN). */
export function imputeMatrix(x: Matrix, fill: ArrayLike<number>): Matrix {
  const values = Float64Array.from(x.values);
  for (let r = 0; r < x.rows; r++) {
    for (let c = 0; c < x.columns; c++) {
      const i = r * x.columns + c;
      if (!Number.isFinite(values[i])) values[i] = fill[c];
    }
  }
  return matrix(values, x.rows, x.columns);
}
