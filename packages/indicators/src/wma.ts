import { ValueIndicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';

/**
 * Linearly weighted moving average (Backtrader's `WMA`): the newest input weighs `period`, the
 * oldest 1.
 *
 * Formula: `wma_t = sum_{k=0}^{period-1} (period - k) x_{t-k} / (period (period + 1) / 2)`.
 * Warm-up: `period` inputs.
 *
 * O(1) per update: with `S` the window sum and `W` the weighted sum, a new input `x` replacing the
 * oldest `o` gives `W' = W + period x - S` and `S' = S - o + x`; both are recomputed exactly from the
 * window every `period` updates.
 */
export class WMA extends ValueIndicator {
  readonly lines: readonly string[] = ['wma'];
  readonly warmUp: number;
  readonly period: number;
  private readonly window: Float64Array;
  private readonly divisor: number;
  private head = 0;
  private sum = 0;
  private weightedSum = 0;

  /** @param period number of inputs weighted (integer >= 1; Backtrader's default is 30). */
  constructor(period = 30) {
    super();
    requireInteger('period', period, 1);
    this.period = period;
    this.warmUp = period;
    this.window = new Float64Array(period);
    this.divisor = (period * (period + 1)) / 2;
  }

  update(value: number): number {
    const window = this.window;
    const head = this.head;
    const period = this.period;
    // The zero-filled window makes the same recursion valid while filling.
    this.weightedSum += period * value - this.sum;
    this.sum += value - window[head];
    window[head] = value;
    const next = head + 1 === period ? 0 : head + 1;
    this.head = next;
    if (++this.count < period) return Number.NaN;
    if (next === 0) {
      // Oldest at index 0, newest at period - 1.
      let sum = 0;
      let weighted = 0;
      for (let i = 0; i < period; i++) {
        sum += window[i];
        weighted += (i + 1) * window[i];
      }
      this.sum = sum;
      this.weightedSum = weighted;
    }
    return (this.outputs[0] = this.weightedSum / this.divisor);
  }

  override reset(): void {
    this.window.fill(0);
    this.head = 0;
    this.sum = 0;
    this.weightedSum = 0;
    super.reset();
  }
}
