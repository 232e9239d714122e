import { RooneyError } from '@rooney/core';

/**
 * Lower-triangular Cholesky factor `L` (row-major, n x n) of a correlation matrix, so `L g` has that
 * correlation for independent standard normals `g`. A matrix that is not positive definite (e.g.
 * from rounding its entries) is shrunk towards the identity, off-diagonals scaled by 0.99 per try,
 * until it is; a matrix that is not square, symmetric or unit-diagonal is rejected.
 */
export function choleskyLower(matrix: readonly (readonly number[])[]): Float64Array {
  const n = matrix.length;
  for (let i = 0; i < n; i++) {
    if (matrix[i].length !== n) {
      throw new RooneyError('invalid_parameter', `correlation row ${i} has ${matrix[i].length} entries, expected ${n}`);
    }
    if (Math.abs(matrix[i][i] - 1) > 1e-9) {
      throw new RooneyError('invalid_parameter', `correlation diagonal must be 1, was ${matrix[i][i]} at ${i}`);
    }
    for (let j = 0; j < i; j++) {
      if (Math.abs(matrix[i][j] - matrix[j][i]) > 1e-9 || !(Math.abs(matrix[i][j]) <= 1)) {
        throw new RooneyError('invalid_parameter', `correlation must be symmetric in [-1, 1], was ${matrix[i][j]} at (${i}, ${j})`);
      }
    }
  }
  for (let scale = 1; scale > 0.5; scale *= 0.99) {
    const factor = tryCholesky(matrix, scale);
    if (factor !== undefined) return factor;
  }
  throw new RooneyError('invalid_parameter', 'correlation matrix is far from positive definite');
}

function tryCholesky(matrix: readonly (readonly number[])[], scale: number): Float64Array | undefined {
  const n = matrix.length;
  const lower = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = i === j ? 1 : matrix[i][j] * scale;
      for (let k = 0; k < j; k++) sum -= lower[i * n + k] * lower[j * n + k];
      if (i === j) {
        if (!(sum > 1e-10)) return undefined;
        lower[i * n + i] = Math.sqrt(sum);
      } else {
        lower[i * n + j] = sum / lower[j * n + j];
      }
    }
  }
  return lower;
}
