import { requireParameter } from '@rooney/core';
import { percentileSorted } from './internal/percentile.ts';

/**
 * Shape and tail statistics of a sample (daily returns, trade PnL), with the conventions of
 * pandas and QuantStats where they exist:
 *
 * - `standardDeviation`: sample (divisor n − 1), like pandas `.std()`.
 * - `skewness`: the adjusted Fisher–Pearson coefficient G1 = g1·√(n(n−1))/(n−2), where
 *   g1 = m3 / m2^1.5 with population central moments — pandas `.skew()`, QuantStats `skew`,
 *   Excel `SKEW`.
 * - `kurtosis`: EXCESS kurtosis (0 for a normal distribution), sample-adjusted
 *   G2 = ((n+1)·g2 + 6)·(n−1)/((n−2)(n−3)) with g2 = m4/m2² − 3 — pandas `.kurt()`, QuantStats
 *   `kurtosis`, Excel `KURT`.
 * - `valueAtRisk`: HISTORICAL value at risk at `confidence` (default 95%): the (1 − confidence)
 *   quantile of the sample by linear interpolation between order statistics (numpy's default,
 *   Hyndman–Fan type 7). It is a return (or PnL), so a loss is negative: −0.021 means "on 5% of
 *   days the return was −2.1% or worse". QuantStats' `value_at_risk` is PARAMETRIC instead
 *   (normal: mean − 1.645·std); we keep the historical one because fat tails are the point.
 * - `conditionalValueAtRisk` (expected shortfall): the mean of the observations at or below
 *   `valueAtRisk`. QuantStats' `cvar` averages the returns below its parametric VaR.
 */
export interface DistributionSummary {
  readonly count: number;
  readonly mean: number | null;
  readonly standardDeviation: number | null;
  /** `null` with fewer than 3 values or no dispersion. */
  readonly skewness: number | null;
  /** Excess kurtosis; `null` with fewer than 4 values or no dispersion. */
  readonly kurtosis: number | null;
  /** Confidence level of `valueAtRisk` and `conditionalValueAtRisk` (0.95 = 95%). */
  readonly confidence: number;
  /** Historical VaR (negative for a loss); `null` without values. */
  readonly valueAtRisk: number | null;
  /** Expected shortfall: mean of the values at or below `valueAtRisk`; `null` without values. */
  readonly conditionalValueAtRisk: number | null;
  readonly min: number | null;
  readonly max: number | null;
}

/** Finite values of `values`, in order. */
function finiteValues(values: ArrayLike<number>): Float64Array {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) count++;
  const out = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out[k++] = values[i];
  return out;
}

interface Moments {
  readonly n: number;
  readonly mean: number;
  /** Population central moments m2, m3, m4 (divisor n). */
  readonly m2: number;
  readonly m3: number;
  readonly m4: number;
}

function moments(values: Float64Array): Moments {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = n > 0 ? sum / n : Number.NaN;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    const d2 = d * d;
    s2 += d2;
    s3 += d2 * d;
    s4 += d2 * d2;
  }
  return { n, mean, m2: s2 / n, m3: s3 / n, m4: s4 / n };
}

/**
 * Sample skewness G1 (adjusted Fisher–Pearson, pandas `.skew()`): `g1·√(n(n−1))/(n−2)` with
 * `g1 = m3 / m2^1.5`. Non-finite values are ignored; `null` with fewer than 3 values or when all
 * values are equal.
 */
export function skewness(values: ArrayLike<number>): number | null {
  const m = moments(finiteValues(values));
  if (m.n < 3 || !(m.m2 > 0)) return null;
  const g1 = m.m3 / Math.pow(m.m2, 1.5);
  return (g1 * Math.sqrt(m.n * (m.n - 1))) / (m.n - 2);
}

/**
 * Sample EXCESS kurtosis G2 (pandas `.kurt()`, 0 for a normal distribution):
 * `((n+1)·g2 + 6)·(n−1)/((n−2)(n−3))` with `g2 = m4/m2² − 3`. Non-finite values are ignored;
 * `null` with fewer than 4 values or when all values are equal.
 */
export function excessKurtosis(values: ArrayLike<number>): number | null {
  const m = moments(finiteValues(values));
  if (m.n < 4 || !(m.m2 > 0)) return null;
  const g2 = m.m4 / (m.m2 * m.m2) - 3;
  return (((m.n + 1) * g2 + 6) * (m.n - 1)) / ((m.n - 2) * (m.n - 3));
}

function requireConfidence(confidence: number): void {
  requireParameter(confidence > 0 && confidence < 1, 'confidence', 'between 0 and 1 (exclusive)', confidence);
}

/**
 * Historical value at risk: the `(1 − confidence)` quantile of the finite values (linear
 * interpolation, numpy's default). A loss is negative. `null` without finite values.
 */
export function historicalValueAtRisk(values: ArrayLike<number>, confidence = 0.95): number | null {
  requireConfidence(confidence);
  const sorted = finiteValues(values).sort();
  if (sorted.length === 0) return null;
  return percentileSorted(sorted, 1 - confidence);
}

/**
 * Conditional value at risk (expected shortfall): the mean of the finite values at or below
 * {@link historicalValueAtRisk} at the same confidence. `null` without finite values.
 */
export function conditionalValueAtRisk(values: ArrayLike<number>, confidence = 0.95): number | null {
  requireConfidence(confidence);
  const sorted = finiteValues(values).sort();
  if (sorted.length === 0) return null;
  const threshold = percentileSorted(sorted, 1 - confidence);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < sorted.length && sorted[i] <= threshold; i++) {
    sum += sorted[i];
    count++;
  }
  return sum / count;
}

/** Count, mean, sample std, skewness, excess kurtosis, historical VaR/CVaR, min and max of a sample (see {@link DistributionSummary}). */
export function summarizeDistribution(values: ArrayLike<number>, confidence = 0.95): DistributionSummary {
  requireConfidence(confidence);
  const finite = finiteValues(values);
  const n = finite.length;
  const m = moments(finite);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    if (finite[i] < min) min = finite[i];
    if (finite[i] > max) max = finite[i];
  }
  return {
    count: n,
    mean: n > 0 ? m.mean : null,
    standardDeviation: n > 1 ? Math.sqrt((m.m2 * n) / (n - 1)) : null,
    skewness: skewness(finite),
    kurtosis: excessKurtosis(finite),
    confidence,
    valueAtRisk: historicalValueAtRisk(finite, confidence),
    conditionalValueAtRisk: conditionalValueAtRisk(finite, confidence),
    min: n > 0 ? min : null,
    max: n > 0 ? max : null,
  };
}
