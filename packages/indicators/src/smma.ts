import { ValueIndicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';

/**
 * Smoothed moving average (Wilder's smoothing, Backtrader's `SmoothedMovingAverage`), the average
 * behind Wilder's RSI and ATR.
 *
 * Formula: `smma_t = smma_{t-1} + (x_t - smma_{t-1}) / period`, i.e. an exponential average with
 * `alpha = 1 / period`, seeded with the simple average of the first `period` inputs.
 * Warm-up: `period` inputs.
 */
export class SMMA extends ValueIndicator {
  readonly lines: readonly string[] = ['smma'];
  readonly warmUp: number;
  readonly period: number;
  private readonly alpha: number;
  private seedSum = 0;
  private current = Number.NaN;

  /** @param period smoothing period (integer >= 1; Backtrader's default is 30). */
  constructor(period = 30) {
    super();
    requireInteger('period', period, 1);
    this.period = period;
    this.warmUp = period;
    this.alpha = 1 / period;
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
