import { ValueIndicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';
import { RingBuffer } from './ring-buffer.ts';

/**
 * Momentum: how far the input has moved over `period` bars, in price points.
 *
 * Formula: `momentum_t = x_t - x_{t-period}` (Backtrader's `Momentum`).
 * Warm-up: `period + 1` inputs.
 */
export class Momentum extends ValueIndicator {
  readonly lines: readonly string[] = ['momentum'];
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
    return (this.outputs[0] = value - this.history.oldest());
  }

  override reset(): void {
    this.history.clear();
    super.reset();
  }
}
