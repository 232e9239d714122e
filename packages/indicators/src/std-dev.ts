import { ValueIndicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';

/**
 * Rolling population standard deviation of the last `period` inputs (Backtrader's `StdDev`, which
 * divides by `period`, not `period - 1`).
 *
 * Formula: `stddev_t = sqrt( (1 / period) * sum_i (x_i - mean_t)^2 )` over the window.
 * Warm-up: `period` inputs.
 *
 * O(1) per update with a sliding Welford update of the mean and of the sum of squared deviations
 * (stable where `mean(x^2) - mean(x)^2` cancels catastrophically at price levels), recomputed
 * exactly from the window every `period` updates. `mean` and `variance` are exposed for indicators
 * built on this one (Bollinger Bands, z-score).
 */
export class StdDev extends ValueIndicator {
  readonly lines: readonly string[] = ['stddev'];
  readonly warmUp: number;
  readonly period: number;
  private readonly window: Float64Array;
  private head = 0;
  private runningMean = 0;
  private squaredDeviations = 0;

  /** @param period window length (integer >= 1; Backtrader's default is 20). */
  constructor(period = 20) {
    super();
    requireInteger('period', period, 1);
    this.period = period;
    this.warmUp = period;
    this.window = new Float64Array(period);
  }

  /** Mean of the window (NaN until warm). */
  get mean(): number {
    return this.count >= this.period ? this.runningMean : Number.NaN;
  }

  /** Population variance of the window (NaN until warm). */
  get variance(): number {
    return this.count >= this.period ? this.positiveVariance() : Number.NaN;
  }

  update(value: number): number {
    const period = this.period;
    const window = this.window;
    const head = this.head;
    const count = ++this.count;
    const mean = this.runningMean;
    if (count <= period) {
      const delta = value - mean;
      const nextMean = mean + delta / count;
      this.squaredDeviations += delta * (value - nextMean);
      this.runningMean = nextMean;
    } else {
      const evicted = window[head];
      const nextMean = mean + (value - evicted) / period;
      this.squaredDeviations += (value - evicted) * (value - nextMean + evicted - mean);
      this.runningMean = nextMean;
    }
    window[head] = value;
    const next = head + 1 === period ? 0 : head + 1;
    this.head = next;
    if (count < period) return Number.NaN;
    if (next === 0) this.recompute();
    return (this.outputs[0] = Math.sqrt(this.positiveVariance()));
  }

  override reset(): void {
    this.window.fill(0);
    this.head = 0;
    this.runningMean = 0;
    this.squaredDeviations = 0;
    super.reset();
  }

  private positiveVariance(): number {
    const variance = this.squaredDeviations / this.period;
    return variance > 0 ? variance : 0;
  }

  /** Exact two-pass mean and squared deviations of the full window. */
  private recompute(): void {
    const window = this.window;
    const period = this.period;
    let sum = 0;
    for (let i = 0; i < period; i++) sum += window[i];
    const mean = sum / period;
    let squares = 0;
    for (let i = 0; i < period; i++) {
      const deviation = window[i] - mean;
      squares += deviation * deviation;
    }
    this.runningMean = mean;
    this.squaredDeviations = squares;
  }
}
