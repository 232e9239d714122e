import { ValueIndicator } from './indicator.ts';
import { SortedWindow } from './internal/sorted-window.ts';
import { requireInteger } from './internal/parameter-checks.ts';

/**
 * Percent rank of the current input within the last `period` inputs (Backtrader's `PercentRank`).
 *
 * Formula: `pctrank_t = #{ i in window : x_i < x_t } / period`, the window holding the last `period`
 * inputs including `x_t` itself, so the value lies in `[0, (period - 1) / period]` (a fraction, not
 * a percentage; ties do not count). Warm-up: `period` inputs.
 *
 * O(log period + shift) per update on a sorted window (not O(1): a rank needs an ordered structure).
 * Inputs must not be NaN.
 */
export class PercentRank extends ValueIndicator {
  readonly lines: readonly string[] = ['pctrank'];
  readonly warmUp: number;
  readonly period: number;
  private readonly window: SortedWindow;

  /** @param period window length (integer >= 1; Backtrader's default is 50). */
  constructor(period = 50) {
    super();
    requireInteger('period', period, 1);
    this.period = period;
    this.warmUp = period;
    this.window = new SortedWindow(period);
  }

  update(value: number): number {
    const below = this.window.push(value);
    if (++this.count < this.period) return Number.NaN;
    return (this.outputs[0] = below / this.period);
  }

  override reset(): void {
    this.window.clear();
    super.reset();
  }
}
