import { RooneyError } from '@rooney/core';

/**
 * Euclidean projection of `v` onto the capped simplex `{w : 0 <= w_i <= cap, Σ w_i = total}`:
 * `w_i = clip(v_i − τ, 0, cap)` with τ found by bisection (Σ w is non-increasing in τ).
 * Requires `0 < total <= cap · v.length`.
 */
export function projectCappedSimplex(v: Float64Array, cap: number, total: number, out = new Float64Array(v.length)): Float64Array {
  const p = v.length;
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < p; i++) {
    if (v[i] - cap < low) low = v[i] - cap;
    if (v[i] > high) high = v[i];
  }
  // At τ = low every w_i = cap (sum >= total); at τ = high every w_i = 0 (sum <= total).
  for (let iteration = 0; iteration < 200; iteration++) {
    const tau = 0.5 * (low + high);
    let sum = 0;
    for (let i = 0; i < p; i++) sum += Math.min(cap, Math.max(0, v[i] - tau));
    if (sum > total) low = tau;
    else high = tau;
    if (high - low <= 1e-15 * Math.max(1, Math.abs(tau))) break;
  }
  const tau = 0.5 * (low + high);
  let sum = 0;
  for (let i = 0; i < p; i++) {
    out[i] = Math.min(cap, Math.max(0, v[i] - tau));
    sum += out[i];
  }
  // Remove the bisection's last rounding error from the free coordinates.
  const free: number[] = [];
  for (let i = 0; i < p; i++) if (out[i] > 0 && out[i] < cap) free.push(i);
  if (free.length > 0) for (const i of free) out[i] += (total - sum) / free.length;
  return out;
}

/** Annualisation-free Sharpe of weights `w` given means `mu` and covariance `cov` (row-major p × p). */
export function weightSharpe(w: Float64Array, mu: Float64Array, cov: Float64Array): number {
  const p = w.length;
  let mean = 0;
  let variance = 0;
  for (let i = 0; i < p; i++) {
    mean += w[i] * mu[i];
    let row = 0;
    for (let j = 0; j < p; j++) row += cov[i * p + j] * w[j];
    variance += w[i] * row;
  }
  return variance > 0 ? mean / Math.sqrt(variance) : Number.NaN;
}

/** Result of `maxSharpeWeights`. */
export interface MaxSharpeSolution {
  readonly weights: Float64Array;
  /** Per-period (not annualised) Sharpe `μᵀw / √(wᵀΣw)` at the solution. */
  readonly sharpe: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * The long-only maximum-Sharpe (tangency) portfolio under a weight cap:
 * maximise `μᵀw / √(wᵀΣw)` subject to `0 <= w_i <= maxWeight` and `Σ w_i = total`.
 *
 * Solved by projected gradient ascent with Armijo backtracking, starting from equal weights:
 * `w ← Π(w + t·∇S)`, `∇S = μ/σ − (μᵀw)·Σw/σ³`, Π the projection onto the capped simplex. Where
 * `μᵀw > 0` the Sharpe ratio is pseudo-concave (a linear function over the square root of a
 * convex quadratic), so a stationary point of the projected gradient is the global maximum over
 * this convex set. Stops when a step moves the weights by less than `1e-12` (sum of |Δw|).
 */
export function maxSharpeWeights(
  mu: Float64Array,
  cov: Float64Array,
  maxWeight: number,
  total = 1,
  maxIterations = 20_000,
): MaxSharpeSolution {
  const p = mu.length;
  if (!(maxWeight * p >= total * (1 - 1e-12))) {
    throw new RooneyError(
      'invalid_parameter',
      `"maxWeight" must allow the weights to sum to ${total} over ${p} instruments (>= ${total / p}), was ${maxWeight}`,
    );
  }
  let w = projectCappedSimplex(new Float64Array(p).fill(total / p), maxWeight, total);
  let current = weightSharpe(w, mu, cov);
  const gradient = new Float64Array(p);
  const sigmaW = new Float64Array(p);
  const trial = new Float64Array(p);
  const candidate = new Float64Array(p);
  let step = Number.NaN;
  let iterations = 0;
  let converged = false;
  for (; iterations < maxIterations; iterations++) {
    // Gradient of the Sharpe ratio at w.
    let mean = 0;
    let variance = 0;
    for (let i = 0; i < p; i++) {
      let row = 0;
      for (let j = 0; j < p; j++) row += cov[i * p + j] * w[j];
      sigmaW[i] = row;
      mean += w[i] * mu[i];
      variance += w[i] * row;
    }
    if (!(variance > 0)) break;
    const sigma = Math.sqrt(variance);
    let largest = 0;
    for (let i = 0; i < p; i++) {
      gradient[i] = mu[i] / sigma - (mean * sigmaW[i]) / (sigma * variance);
      largest = Math.max(largest, Math.abs(gradient[i]));
    }
    if (largest === 0) {
      converged = true;
      break;
    }
    if (Number.isNaN(step)) step = (0.1 * total) / largest;
    // Armijo backtracking on the projected step; grow the step again after a success.
    let accepted = false;
    let moved = 0;
    for (let attempt = 0; attempt < 60; attempt++) {
      for (let i = 0; i < p; i++) trial[i] = w[i] + step * gradient[i];
      projectCappedSimplex(trial, maxWeight, total, candidate);
      let ascent = 0;
      moved = 0;
      for (let i = 0; i < p; i++) {
        const d = candidate[i] - w[i];
        ascent += gradient[i] * d;
        moved += Math.abs(d);
      }
      const value = weightSharpe(candidate, mu, cov);
      if (value >= current + 1e-4 * ascent) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted || moved < 1e-12) {
      converged = true;
      break;
    }
    w = Float64Array.from(candidate);
    current = weightSharpe(w, mu, cov);
    step *= 2;
  }
  return { weights: w, sharpe: current, iterations, converged };
}
