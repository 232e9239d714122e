import { ValueIndicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';

/**
 * Simple moving average: the arithmetic mean of the last `period` inputs.
 *
 * Formula: `sma_t = (x_t + x_{t-1} + ... + x_{t-period+1}) / period`.
 * Warm-up: `period` inputs (Backtrader's `SMA` minperiod).
 *
 * O(1) per update with a running sum over a `Float64Array` ring; the sum is recomputed exactly from
 * the window every `period` updates (amortised O(1)) so rounding drift cannot build up.
 */
export class SMA extends ValueIndicator {
  readonly lines: readonly string[] = ['sma'];
  readonly warmUp: number;
  readonly period: number;
  private readonly window: Float64Array;
  private head = 0;
  private sum = 0;

  /** @param period number of inputs averaged (integer >= 1; Backtrader's default is 30). */
  constructor(period = 30) {
    super();
    requireInteger('period', period, 1);
    this.period = period;
    this.warmUp = period;
    this.window = new Float64Array(period);
  }

  update(value: number): number {
    const window = this.window;
    const head = this.head;
    this.sum += value - window[head];
    window[head] = value;
    const next = head + 1 === this.period ? 0 : head + 1;
    this.head = next;
    if (++this.count < this.period) return Number.NaN;
    if (next === 0) {
      let exact = 0;
      for (let i = 0; i < this.period; i++) exact += window[i];
      this.sum = exact;
    }
    return (this.outputs[0] = this.sum / this.period);
  }

  override reset(): void {
    this.window.fill(0);
    this.head = 0;
    this.sum = 0;
    super.reset();
  }
}
