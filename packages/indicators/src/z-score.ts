import { ValueIndicator } from './indicator.ts';
import { StdDev } from './std-dev.ts';
import { requireInteger } from './internal/parameter-checks.ts';

/**
 * Rolling z-score: how many standard deviations the current input lies from the mean of the last
 * `period` inputs (the current one included).
 *
 * Formula: `z_t = (x_t - mean_t) / stddev_t`, population standard deviation (as `StdDev` and
 * Bollinger Bands; multiply by `sqrt((period - 1) / period)` for the sample version); `0` when the
 * window is constant. Warm-up: `period` inputs.
 */
export class ZScore extends ValueIndicator {
  readonly lines: readonly string[] = ['zscore'];
  readonly warmUp: number;
  readonly period: number;
  private readonly deviation: StdDev;

  /** @param period window length (integer >= 2; default 20). */
  constructor(period = 20) {
    super();
    requireInteger('period', period, 2);
    this.period = period;
    this.warmUp = period;
    this.deviation = new StdDev(period);
  }

  update(value: number): number {
    this.count++;
    const sd = this.deviation.update(value);
    if (this.count < this.period) return Number.NaN;
    return (this.outputs[0] = sd > 0 ? (value - this.deviation.mean) / sd : 0);
  }

  override reset(): void {
    this.deviation.reset();
    super.reset();
  }
}
