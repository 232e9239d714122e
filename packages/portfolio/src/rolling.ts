import { RooneyError, requireParameter } from '@rooney/core';
import { TRADING_DAYS_PER_YEAR } from './returns.ts';

/** Default rolling window in sessions: six months of trading days, QuantStats' `rolling_period`. */
export const DEFAULT_ROLLING_WINDOW = 126;

/** Rolling mean and sample variance of `returns` over `window` values, O(1) per step (shifted sums). */
function rollingMoments(returns: ArrayLike<number>, window: number, name: string): { mean: Float64Array; variance: Float64Array } {
  requireParameter(Number.isInteger(window) && window >= 2, 'window', 'an integer >= 2', window);
  const n = returns.length;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(returns[i])) {
      throw new RooneyError('invalid_parameter', `"${name}" must be finite, was ${returns[i]} at index ${i}`);
    }
  }
  const mean = new Float64Array(n).fill(Number.NaN);
  const variance = new Float64Array(n).fill(Number.NaN);
  // Sums of (r - shift) and (r - shift)^2 keep the one-pass variance accurate when the mean is far from 0.
  const shift = n > 0 ? returns[0] : 0;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < n; i++) {
    const d = returns[i] - shift;
    sum += d;
    sumSquares += d * d;
    if (i >= window) {
      const old = returns[i - window] - shift;
      sum -= old;
      sumSquares -= old * old;
    }
    if (i >= window - 1) {
      const m = sum / window;
      mean[i] = m + shift;
      variance[i] = Math.max(0, (sumSquares - sum * m) / (window - 1));
    }
  }
  return { mean, variance };
}

/**
 * Rolling annualised Sharpe ratio (risk-free 0) of periodic returns: at index `i >= window − 1`,
 * `mean(r[i−window+1..i]) / sampleStd(same) · √periodsPerYear` — QuantStats' `rolling_sharpe`
 * (pandas `rolling(window).mean() / rolling(window).std()`, n − 1 divisor). NaN before the first
 * full window and where the window has no dispersion. O(1) per step.
 */
export function rollingSharpe(returns: ArrayLike<number>, window = DEFAULT_ROLLING_WINDOW, periodsPerYear = TRADING_DAYS_PER_YEAR): Float64Array {
  const { mean, variance } = rollingMoments(returns, window, 'returns');
  const out = new Float64Array(returns.length);
  const scale = Math.sqrt(periodsPerYear);
  for (let i = 0; i < out.length; i++) out[i] = variance[i] > 0 ? (mean[i] / Math.sqrt(variance[i])) * scale : Number.NaN;
  return out;
}

/**
 * Rolling annualised volatility of periodic returns: `sampleStd(r[i−window+1..i]) · √periodsPerYear`
 * (QuantStats' `rolling_volatility`). NaN before the first full window. O(1) per step.
 */
export function rollingVolatility(returns: ArrayLike<number>, window = DEFAULT_ROLLING_WINDOW, periodsPerYear = TRADING_DAYS_PER_YEAR): Float64Array {
  const { variance } = rollingMoments(returns, window, 'returns');
  const out = new Float64Array(returns.length);
  const scale = Math.sqrt(periodsPerYear);
  for (let i = 0; i < out.length; i++) out[i] = Number.isNaN(variance[i]) ? Number.NaN : Math.sqrt(variance[i]) * scale;
  return out;
}

/**
 * Rolling beta of `returns` against `benchmarkReturns` (same periods): at index `i >= window − 1`,
 * `cov(r, b) / var(b)` over the last `window` periods (sample moments; the n − 1 cancels) —
 * QuantStats' `rolling_greeks` beta. NaN before the first full window, where the benchmark
 * window is constant, and wherever a window holds a non-finite value of either series. O(1) per
 * step (shifted running sums).
 */
export function rollingBeta(returns: ArrayLike<number>, benchmarkReturns: ArrayLike<number>, window = DEFAULT_ROLLING_WINDOW): Float64Array {
  requireParameter(Number.isInteger(window) && window >= 2, 'window', 'an integer >= 2', window);
  requireParameter(benchmarkReturns.length === returns.length, 'benchmarkReturns', `as long as returns (${returns.length})`, benchmarkReturns.length);
  const n = returns.length;
  const out = new Float64Array(n).fill(Number.NaN);
  let shiftR = 0;
  let shiftB = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(returns[i]) && Number.isFinite(benchmarkReturns[i])) {
      shiftR = returns[i];
      shiftB = benchmarkReturns[i];
      break;
    }
  }
  let sumR = 0;
  let sumB = 0;
  let sumBB = 0;
  let sumRB = 0;
  let missing = 0;
  const add = (i: number, sign: 1 | -1): void => {
    const r = returns[i];
    const b = benchmarkReturns[i];
    if (!Number.isFinite(r) || !Number.isFinite(b)) {
      missing += sign;
      return;
    }
    const dr = r - shiftR;
    const db = b - shiftB;
    sumR += sign * dr;
    sumB += sign * db;
    sumBB += sign * db * db;
    sumRB += sign * dr * db;
  };
  for (let i = 0; i < n; i++) {
    add(i, 1);
    if (i >= window) add(i - window, -1);
    if (i < window - 1 || missing > 0) continue;
    const varianceB = sumBB - (sumB * sumB) / window;
    const covariance = sumRB - (sumR * sumB) / window;
    out[i] = varianceB > 1e-300 ? covariance / varianceB : Number.NaN;
  }
  return out;
}
