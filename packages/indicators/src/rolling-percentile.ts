import { ValueIndicator } from './indicator.ts';
import { SortedWindow } from './internal/sorted-window.ts';
import { requireInteger, requireNumber } from './internal/parameter-checks.ts';

/**
 * Rolling percentile: the value at quantile `quantile` of the last `period` inputs (the inverse of
 * `PercentRank`, which gives the rank of a value).
 *
 * Formula: with `s` the window sorted ascending and `h = (period - 1) quantile`,
 * `value = s[floor h] + (h - floor h) (s[floor h + 1] - s[floor h])`: linear interpolation between
 * order statistics (Hyndman & Fan type 7, numpy's default, Excel `PERCENTILE.INC`). `quantile = 0.5`
 * is the rolling median, 0 the minimum, 1 the maximum. Warm-up: `period` inputs.
 *
 * O(log period + shift) per update on a sorted window. Inputs must not be NaN.
 */
export class RollingPercentile extends ValueIndicator {
  readonly lines: readonly string[] = ['percentile'];
  readonly warmUp: number;
  readonly period: number;
  readonly quantile: number;
  private readonly window: SortedWindow;

  /**
   * @param period window length (integer >= 1; default 20)
   * @param quantile in [0, 1] (default 0.5, the median)
   */
  constructor(period = 20, quantile = 0.5) {
    super();
    requireInteger('period', period, 1);
    requireNumber('quantile', quantile, 0, 1);
    this.period = period;
    this.quantile = quantile;
    this.warmUp = period;
    this.window = new SortedWindow(period);
  }

  update(value: number): number {
    this.window.push(value);
    if (++this.count < this.period) return Number.NaN;
    return (this.outputs[0] = this.window.quantile(this.quantile));
  }

  override reset(): void {
    this.window.clear();
    super.reset();
  }
}
