import { ValueIndicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';
import { SMMA } from './smma.ts';

/**
 * Relative strength index (Wilder, 1978): the share of recent movement that was upward, 0 to 100.
 *
 * Formula (Backtrader's `RSI`):
 * - `up_t = max(x_t - x_{t-1}, 0)`, `down_t = max(x_{t-1} - x_t, 0)`
 * - `averageUp`, `averageDown`: Wilder's smoothing (`SMMA`, `alpha = 1 / period`) of `up` and
 *   `down`, each seeded with the simple mean of the first `period` changes
 * - `rsi = 100 - 100 / (1 + averageUp / averageDown)`
 * Warm-up: `period + 1` inputs (`period` changes).
 *
 * Convention where the ratio is undefined: when `averageDown = 0` the value is the limit, 100 if
 * anything went up and 50 if nothing moved at all (Backtrader's plain `RSI` divides by zero there;
 * these are the defaults of its `RSI_Safe`). Wilder's smoothing, not Cutler's SMA nor an EMA.
 */
export class RSI extends ValueIndicator {
  readonly lines: readonly string[] = ['rsi'];
  readonly warmUp: number;
  readonly period: number;
  private readonly averageUp: SMMA;
  private readonly averageDown: SMMA;
  private previous = Number.NaN;

  /** @param period smoothing period (integer >= 1; Wilder's and Backtrader's default is 14). */
  constructor(period = 14) {
    super();
    requireInteger('period', period, 1);
    this.period = period;
    this.warmUp = period + 1;
    this.averageUp = new SMMA(period);
    this.averageDown = new SMMA(period);
  }

  update(value: number): number {
    const previous = this.previous;
    this.previous = value;
    if (++this.count < 2) return Number.NaN;
    const change = value - previous;
    const up = this.averageUp.update(change > 0 ? change : 0);
    const down = this.averageDown.update(change < 0 ? -change : 0);
    if (this.count < this.warmUp) return Number.NaN;
    if (down === 0) return (this.outputs[0] = up > 0 ? 100 : 50);
    return (this.outputs[0] = 100 - 100 / (1 + up / down));
  }

  override reset(): void {
    this.averageUp.reset();
    this.averageDown.reset();
    this.previous = Number.NaN;
    super.reset();
  }
}
