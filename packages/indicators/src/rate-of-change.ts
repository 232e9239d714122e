import { ValueIndicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';
import { RingBuffer } from './ring-buffer.ts';

/**
 * Rate of change as a ratio (Backtrader's `RateOfChange`/`ROC`, not the percentage `ROC100`).
 *
 * Formula: `roc_t = (x_t - x_{t-period}) / x_{t-period}`; 0.05 means +5 %.
 * Warm-up: `period + 1` inputs. A zero reference value gives ±Infinity (or NaN for 0 / 0), as the
 * division does; prices are never zero in practice.
 */
export class RateOfChange extends ValueIndicator {
  readonly lines: readonly string[] = ['roc'];
  readonly warmUp: number;
  readonly period: number;
  private readonly history: RingBuffer;

  /** @param period look-back in bars (integer >= 1; Backtrader's default is 12). */
  constructor(period = 12) {
    super();
    requireInteger('period', period, 1);
    this.period = period;
    this.warmUp = period + 1;
    this.history = new RingBuffer(period + 1);
  }

  update(value: number): number {
    this.history.push(value);
    if (++this.count < this.warmUp) return Number.NaN;
    const reference = this.history.oldest();
    return (this.outputs[0] = (value - reference) / reference);
  }

  override reset(): void {
    this.history.clear();
    super.reset();
  }
}
