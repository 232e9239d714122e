import { ValueIndicator } from '../indicator.ts';
import { requireInteger } from './parameter-checks.ts';

/**
 * The exponential average both EMA and SMMA are: `avg_t = avg_{t-1} + alpha * (x_t - avg_{t-1})`,
 * seeded with the simple mean of the first `period` inputs (Backtrader's `ExponentialSmoothing`).
 * Subclasses choose `alpha` from the period. Warm-up: `period` inputs.
 */
export abstract class SeededExponentialAverage extends ValueIndicator {
  readonly warmUp: number;
  readonly period: number;
  /** Weight of the newest input. */
  readonly alpha: number;
  private seedSum = 0;
  private current = Number.NaN;

  protected constructor(period: number, alphaOf: (period: number) => number) {
    super();
    requireInteger('period', period, 1);
    this.period = period;
    this.warmUp = period;
    this.alpha = alphaOf(period);
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
