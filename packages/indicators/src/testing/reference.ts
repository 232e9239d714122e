/**
 * Naive reference implementations for the tests: written the textbook way, O(n·period), sharing no
 * code with the streaming indicators. Each returns a full-length array, NaN where undefined; NaN
 * inputs are treated as "not yet defined" so the references compose (EMA of an EMA).
 */

/** Index of the first defined (non-NaN) element, or `values.length`. */
function firstDefined(values: ArrayLike<number>): number {
  let i = 0;
  while (i < values.length && Number.isNaN(values[i])) i++;
  return i;
}

export function referenceSma(values: ArrayLike<number>, period: number): number[] {
  const start = firstDefined(values);
  return Array.from({ length: values.length }, (_, i) => {
    if (i < start + period - 1) return Number.NaN;
    let sum = 0;
    for (let j = i - period + 1; j <= i; j++) sum += values[j];
    return sum / period;
  });
}

/** Exponential smoothing with `alpha`, seeded with the mean of the first `period` defined inputs. */
export function referenceSmoothing(values: ArrayLike<number>, period: number, alpha: number): number[] {
  const start = firstDefined(values);
  const out: number[] = new Array(values.length).fill(Number.NaN);
  let previous = Number.NaN;
  for (let i = start + period - 1; i < values.length; i++) {
    if (i === start + period - 1) {
      let sum = 0;
      for (let j = start; j <= i; j++) sum += values[j];
      previous = sum / period;
    } else {
      previous = alpha * values[i] + (1 - alpha) * previous;
    }
    out[i] = previous;
  }
  return out;
}

export function referenceEma(values: ArrayLike<number>, period: number): number[] {
  return referenceSmoothing(values, period, 2 / (period + 1));
}

export function referenceWma(values: ArrayLike<number>, period: number): number[] {
  const start = firstDefined(values);
  const divisor = (period * (period + 1)) / 2;
  return Array.from({ length: values.length }, (_, i) => {
    if (i < start + period - 1) return Number.NaN;
    let sum = 0;
    for (let k = 0; k < period; k++) sum += (period - k) * values[i - k];
    return sum / divisor;
  });
}

/** Population standard deviation of `values[i-period+1..i]` (two-pass). */
export function referenceStdDevAt(values: ArrayLike<number>, i: number, period: number): number {
  let sum = 0;
  for (let j = i - period + 1; j <= i; j++) sum += values[j];
  const mean = sum / period;
  let squares = 0;
  for (let j = i - period + 1; j <= i; j++) squares += (values[j] - mean) ** 2;
  return Math.sqrt(squares / period);
}

/** Wilder ATR: true ranges from bar 1 (0-based), SMA seed of the first `period`, then Wilder smoothing. */
export function referenceAtr(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  period: number,
): number[] {
  const tr = Array.from({ length: close.length }, (_, i) =>
    i === 0
      ? Number.NaN
      : Math.max(high[i] - low[i], Math.abs(high[i] - close[i - 1]), Math.abs(low[i] - close[i - 1])),
  );
  return referenceSmoothing(tr, period, 1 / period);
}

/**
 * Largest difference between `actual` and `expected`, relative to max(1, |expected|); Infinity when
 * the lengths or the positions of NaN differ.
 */
export function maxDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(a) || Number.isNaN(e)) {
      if (Number.isNaN(a) !== Number.isNaN(e)) return Number.POSITIVE_INFINITY;
      continue;
    }
    const difference = Math.abs(a - e) / Math.max(1, Math.abs(e));
    if (!(difference <= worst)) worst = difference;
  }
  return worst;
}
