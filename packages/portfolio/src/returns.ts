import { DEFAULT_SESSION, tradingDateOf } from '@rooney/core';
import type { SessionSpec } from '@rooney/core';

/** Trading days per year used to annualise daily statistics (the US futures/equity convention). */
export const TRADING_DAYS_PER_YEAR = 252;

/** A time series as two parallel columns: `ts` (epoch ms UTC) and `value`. */
export interface TimeSeries {
  readonly ts: Float64Array;
  readonly value: Float64Array;
}

/**
 * Simple returns of a value series: `r[i] = value[i] / value[i-1] - 1`, with
 * `value[-1] = startingValue`, so `n` values give `n` returns and the first session's return is
 * measured from the starting cash. A step from a non-positive value gives a return of 0 (the
 * account is already gone; nothing further can be measured).
 */
export function simpleReturns(values: Float64Array, startingValue: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  let previous = startingValue;
  for (let i = 0; i < n; i++) {
    const current = values[i];
    out[i] = previous > 0 ? current / previous - 1 : 0;
    previous = current;
  }
  return out;
}

/** Arithmetic mean, or NaN for an empty array. */
export function meanOf(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  return sum / n;
}

/** Sample standard deviation (divisor n - 1), or NaN for fewer than two values. Two-pass for accuracy. */
export function sampleStandardDeviationOf(values: Float64Array): number {
  const n = values.length;
  if (n < 2) return Number.NaN;
  const mean = meanOf(values);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    sum += d * d;
  }
  return Math.sqrt(sum / (n - 1));
}

/**
 * Annualised Sharpe ratio of periodic returns (or PnL) with a risk-free rate of 0:
 * `mean(r) / sampleStd(r) * sqrt(periodsPerYear)`, the sample standard deviation using n - 1
 * (as empyrical and most references do). `null` with fewer than two observations or zero dispersion.
 */
export function sharpeRatio(returns: Float64Array, periodsPerYear = TRADING_DAYS_PER_YEAR): number | null {
  if (returns.length < 2) return null;
  const deviation = sampleStandardDeviationOf(returns);
  if (!(deviation > 0)) return null;
  return (meanOf(returns) / deviation) * Math.sqrt(periodsPerYear);
}

/**
 * Annualised Sortino ratio with a target return of 0:
 * `mean(r) / downsideDeviation * sqrt(periodsPerYear)` where
 * `downsideDeviation = sqrt(sum(min(r, 0)^2) / n)` over ALL n periods (days with a gain count as
 * zero downside, they are not dropped). This is Sortino & Price's definition, and empyrical's.
 * `null` when there are no returns or no period below 0.
 */
export function sortinoRatio(returns: Float64Array, periodsPerYear = TRADING_DAYS_PER_YEAR): number | null {
  const n = returns.length;
  if (n === 0) return null;
  let downside = 0;
  for (let i = 0; i < n; i++) {
    const r = returns[i];
    if (r < 0) downside += r * r;
  }
  if (!(downside > 0)) return null;
  return (meanOf(returns) / Math.sqrt(downside / n)) * Math.sqrt(periodsPerYear);
}

/**
 * Compound annual growth rate over `periods` trading days:
 * `(endValue / startValue) ^ (periodsPerYear / periods) - 1`. A non-positive end value gives -1
 * (total loss); `null` when there are no periods or the start value is not positive.
 */
export function compoundAnnualGrowthRate(
  startValue: number,
  endValue: number,
  periods: number,
  periodsPerYear = TRADING_DAYS_PER_YEAR,
): number | null {
  if (periods <= 0 || !(startValue > 0)) return null;
  if (endValue <= 0) return -1;
  return Math.pow(endValue / startValue, periodsPerYear / periods) - 1;
}

/** One calendar month's return. */
export interface MonthlyReturn {
  readonly year: number;
  /** 1 = January. */
  readonly month: number;
  readonly return: number;
}

/**
 * Month-by-month returns of a daily equity series. Each session close is assigned to the month of
 * its trading date (`tradingDateOf(ts, session)`, so a session that closes at 17:00 Chicago on the
 * 31st belongs to that month). A month's return is its last close divided by the previous
 * month's last close, minus 1. The first month is measured from `startingValue` when given
 * (normally the starting cash), otherwise from the first close in the series.
 */
export function monthlyReturns(
  daily: TimeSeries,
  startingValue?: number,
  session: SessionSpec = DEFAULT_SESSION,
): MonthlyReturn[] {
  const n = daily.ts.length;
  const out: MonthlyReturn[] = [];
  if (n === 0) return out;
  let base = startingValue ?? daily.value[0];
  let currentKey = -1;
  let lastValue = Number.NaN;
  const flush = (): void => {
    out.push({
      year: Math.floor(currentKey / 100),
      month: currentKey % 100,
      return: base > 0 ? lastValue / base - 1 : 0,
    });
    base = lastValue;
  };
  for (let i = 0; i < n; i++) {
    const key = Math.floor(tradingDateOf(daily.ts[i], session) / 100);
    if (key !== currentKey && currentKey !== -1) flush();
    currentKey = key;
    lastValue = daily.value[i];
  }
  flush();
  return out;
}
