/** A covariance estimate: a dense symmetric `p × p` matrix in row-major order. */
export interface CovarianceEstimate {
  readonly size: number;
  /** Row-major `size × size` entries. */
  readonly matrix: Float64Array;
  /** Weight on the scaled-identity target (0 = sample covariance, 1 = target only). */
  readonly shrinkage: number;
}

/**
 * Ledoit–Wolf shrinkage covariance (Ledoit & Wolf 2004, "A well-conditioned estimator for
 * large-dimensional covariance matrices", J. Multivariate Analysis 88): the convex combination
 * `(1 - δ)·S + δ·m·I` of the maximum-likelihood sample covariance `S` (divisor n, columns demeaned)
 * and the scaled identity `m·I` with `m = trace(S)/p`, where the intensity δ minimises the expected
 * quadratic loss: `δ = min(b̄², d²) / d²` with `d² = ‖S − m·I‖²`,
 * `b̄² = (1/n²) Σ_k ‖x_k x_kᵀ − S‖²` and `‖A‖² = trace(AAᵀ)/p`. This is scikit-learn's
 * `LedoitWolf` estimator. Columns are the variables; rows `start..end-1` are the observations.
 */
export function ledoitWolfCovariance(columns: readonly Float64Array[], start = 0, end = columns[0]?.length ?? 0): CovarianceEstimate {
  const p = columns.length;
  const n = end - start;
  const matrix = new Float64Array(p * p);
  if (p === 0 || n < 1) return { size: p, matrix, shrinkage: 0 };
  // Demeaned observations, row-major n × p.
  const x = new Float64Array(n * p);
  for (let j = 0; j < p; j++) {
    const column = columns[j];
    let mean = 0;
    for (let t = start; t < end; t++) mean += column[t];
    mean /= n;
    for (let t = 0; t < n; t++) x[t * p + j] = column[start + t] - mean;
  }
  // S = XᵀX / n and β = Σ_ij Σ_k x_ki² x_kj² (the sum of (X²)ᵀ(X²)).
  let beta = 0;
  for (let t = 0; t < n; t++) {
    const row = t * p;
    let squares = 0;
    for (let i = 0; i < p; i++) {
      const xi = x[row + i];
      squares += xi * xi;
      for (let j = i; j < p; j++) matrix[i * p + j] += xi * x[row + j];
    }
    beta += squares * squares;
  }
  let trace = 0;
  let frobenius = 0;
  for (let i = 0; i < p; i++) {
    for (let j = i; j < p; j++) {
      const s = matrix[i * p + j] / n;
      matrix[i * p + j] = s;
      matrix[j * p + i] = s;
      frobenius += i === j ? s * s : 2 * s * s;
    }
    trace += matrix[i * p + i];
  }
  const m = trace / p;
  // d² = ‖S − mI‖² = (Σ s_ij² − 2m·trace + p·m²) / p;  b̄² = (β/n − Σ s_ij²) / (n·p).
  const d2 = (frobenius - 2 * m * trace + p * m * m) / p;
  const b2 = Math.min((beta / n - frobenius) / (n * p), d2);
  const shrinkage = d2 > 0 ? Math.max(0, b2) / d2 : 0;
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      matrix[i * p + j] = (1 - shrinkage) * matrix[i * p + j] + (i === j ? shrinkage * m : 0);
    }
  }
  return { size: p, matrix, shrinkage };
}
