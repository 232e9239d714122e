import { SeededExponentialAverage } from './internal/seeded-exponential-average.ts';

/**
 * Exponential moving average with smoothing factor `alpha = 2 / (period + 1)`.
 *
 * Formula: `ema_t = ema_{t-1} + alpha * (x_t - ema_{t-1})`, seeded with the simple average of the
 * first `period` inputs (Backtrader's `ExponentialSmoothing`; TA-Lib does the same). Libraries that
 * seed with the first input instead give different values for roughly `3 * period` bars.
 * Warm-up: `period` inputs.
 */
export class EMA extends SeededExponentialAverage {
  readonly lines: readonly string[] = ['ema'];

  constructor(period = 30) {
    super(period, (p) => 2 / (p + 1));
  }
}
