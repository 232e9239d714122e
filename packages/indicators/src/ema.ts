import { ValueIndicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';

/**
 * Exponential moving average with smoothing factor `alpha = 2 / (period + 1)`.
 *
 * Formula: `ema_t = ema_{t-1} + alpha * (x_t - ema_{t-1})`, seeded with the simple average of the
 * first `period` inputs (Backtrader's `ExponentialSmoothing`; TA-Lib does the same). Libraries that
 * seed with the first input instead give different values for roughly `3 * period` bars.
 * Warm-up: `period` inputs.
 */
export class EMA extends ValueIndicator {
  readonly lines: readonly string[] = ['ema'];
  readonly warmUp: number;
  readonly period: number;
  /** Weight of the newest input. */
  readonly alpha: number;
  private seedSum = 0;
  private current = Number.NaN;

  /** @param period span of the average (integer >= 1; Backtrader's default is 30). */
  constructor(period = 30) {
    super();
    requireInteger('period', period, 1);
    this.period = period;
    this.warmUp = period;
    this.alpha = 2 / (period + 1);
  }

  update(value: number): number {
    const count = ++this.count;
    if (count > this.period) {
      this.current += this.alpha * (value - this.current);
    } else {
      this.seedSum += value;
      if (count < this.period) return Number.NaN;
      this.current = this.seedSum / this.period;
    }
    return (this.outputs[0] = this.current);
  }

  override reset(): void {
    this.seedSum = 0;
    this.current = Number.NaN;
    super.reset();
  }
}
