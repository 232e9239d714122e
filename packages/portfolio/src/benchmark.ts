import { RooneyError, requireParameter } from '@rooney/core';
import { TRADING_DAYS_PER_YEAR } from './returns.ts';
import type { TimeSeries } from './returns.ts';

/**
 * Alpha, beta and correlation of a strategy's periodic returns against a benchmark's, with
 * QuantStats' `greeks` conventions: `beta = cov(r, b) / var(b)` (sample covariance and variance,
 * n − 1), `alpha = (mean(r) − beta · mean(b)) · periodsPerYear` (annualised, risk-free 0, not
 * compounded), `correlation` = Pearson's r. Only periods where both returns are finite count.
 */
export interface BenchmarkStatistics {
  /** Periods where both returns are finite. */
  readonly observations: number;
  /** `null` with fewer than two observations or a constant benchmark. */
  readonly beta: number | null;
  /** Annualised; `null` when `beta` is. */
  readonly alpha: number | null;
  /** `null` with fewer than two observations or either side constant. */
  readonly correlation: number | null;
}

/**
 * Alpha, beta and correlation of `returns` against `benchmarkReturns` (same length, same
 * periods). See {@link BenchmarkStatistics} for the conventions.
 */
export function benchmarkStatistics(
  returns: ArrayLike<number>,
  benchmarkReturns: ArrayLike<number>,
  periodsPerYear = TRADING_DAYS_PER_YEAR,
): BenchmarkStatistics {
  requireParameter(benchmarkReturns.length === returns.length, 'benchmarkReturns', `as long as returns (${returns.length})`, benchmarkReturns.length);
  let n = 0;
  let sumR = 0;
  let sumB = 0;
  for (let i = 0; i < returns.length; i++) {
    if (!Number.isFinite(returns[i]) || !Number.isFinite(benchmarkReturns[i])) continue;
    n++;
    sumR += returns[i];
    sumB += benchmarkReturns[i];
  }
  if (n < 2) return { observations: n, beta: null, alpha: null, correlation: null };
  const meanR = sumR / n;
  const meanB = sumB / n;
  let covariance = 0;
  let varianceR = 0;
  let varianceB = 0;
  for (let i = 0; i < returns.length; i++) {
    if (!Number.isFinite(returns[i]) || !Number.isFinite(benchmarkReturns[i])) continue;
    const dr = returns[i] - meanR;
    const db = benchmarkReturns[i] - meanB;
    covariance += dr * db;
    varianceR += dr * dr;
    varianceB += db * db;
  }
  // The (n − 1) divisors cancel in beta and correlation.
  const beta = varianceB > 0 ? covariance / varianceB : null;
  return {
    observations: n,
    beta,
    alpha: beta === null ? null : (meanR - beta * meanB) * periodsPerYear,
    correlation: varianceB > 0 && varianceR > 0 ? covariance / Math.sqrt(varianceB * varianceR) : null,
  };
}

/**
 * The value of `series` in force at each time of `grid` (the last point at or before it; NaN
 * before the series starts). `series.ts` and `grid` must be sorted ascending. O(n + m).
 */
export function valuesAt(series: TimeSeries, grid: ArrayLike<number>): Float64Array {
  requireAscending('series.ts', series.ts);
  requireAscending('grid', grid);
  requireParameter(series.value.length === series.ts.length, 'series.value', `as long as series.ts (${series.ts.length})`, series.value.length);
  const out = new Float64Array(grid.length);
  let k = -1;
  for (let i = 0; i < grid.length; i++) {
    while (k + 1 < series.ts.length && series.ts[k + 1] <= grid[i]) k++;
    out[i] = k >= 0 ? series.value[k] : Number.NaN;
  }
  return out;
}

/**
 * Simple returns between consecutive levels: `out[i] = level[i] / level[i−1] − 1`, `out[0]`
 * against `base` (NaN when absent). NaN where either level is missing or the earlier one is not
 * positive (a back-adjusted futures price can be ≤ 0, where a return means nothing).
 */
export function levelReturns(levels: ArrayLike<number>, base = Number.NaN): Float64Array {
  const out = new Float64Array(levels.length);
  let previous = base;
  for (let i = 0; i < levels.length; i++) {
    const current = levels[i];
    out[i] = previous > 0 && Number.isFinite(current) ? current / previous - 1 : Number.NaN;
    previous = current;
  }
  return out;
}

/**
 * An equal-weight basket of instruments, rebalanced every period: its return in each period is
 * the mean of the returns of the instruments that have one (an instrument joins once it has two
 * prices). With one instrument this is plain buy-and-hold. `returns[k]` are the per-instrument
 * period returns on the same grid (e.g. from {@link levelReturns}); the result has NaN where no
 * instrument has a return.
 */
export function equalWeightReturns(returns: readonly ArrayLike<number>[]): Float64Array {
  requireParameter(returns.length > 0, 'returns', 'at least one instrument', returns.length);
  const n = returns[0].length;
  returns.forEach((column, k) => requireParameter(column.length === n, `returns[${k}]`, `as long as returns[0] (${n})`, column.length));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    let count = 0;
    for (const column of returns) {
      if (!Number.isFinite(column[i])) continue;
      sum += column[i];
      count++;
    }
    out[i] = count > 0 ? sum / count : Number.NaN;
  }
  return out;
}

/** Compounds periodic returns into a level series starting at `start` (a NaN return leaves the level unchanged). */
export function compoundReturns(returns: ArrayLike<number>, start = 1): Float64Array {
  const out = new Float64Array(returns.length);
  let level = start;
  for (let i = 0; i < returns.length; i++) {
    if (Number.isFinite(returns[i])) level *= 1 + returns[i];
    out[i] = level;
  }
  return out;
}

function requireAscending(name: string, values: ArrayLike<number>): void {
  for (let i = 1; i < values.length; i++) {
    if (!(values[i] >= values[i - 1])) {
      throw new RooneyError('invalid_parameter', `"${name}" must be sorted ascending, was ${values[i - 1]} then ${values[i]} at index ${i}`);
    }
  }
}
