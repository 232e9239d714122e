import { SeededExponentialAverage } from './internal/seeded-exponential-average.ts';

/**
 * Smoothed moving average (Wilder's smoothing, Backtrader's `SmoothedMovingAverage`), the average
 * behind Wilder's RSI and ATR.
 *
 * Formula: `smma_t = smma_{t-1} + (x_t - smma_{t-1}) / period`, i.e. an exponential average with
 * `alpha = 1 / period`, seeded with the simple average of the first `period` inputs.
 * Warm-up: `period` inputs.
 */
export class SMMA extends SeededExponentialAverage {
  readonly lines: readonly string[] = ['smma'];

  constructor(period = 30) {
    super(period, (p) => 1 / p);
  }
}
