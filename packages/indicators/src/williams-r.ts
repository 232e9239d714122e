import { Highest, Lowest } from './highest.ts';
import { Indicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';

/**
 * Williams %R (Larry Williams): how far the close is below the highest high of the last `period`
 * bars, as a share of the high-low range, from 0 (close at the high) to -100 (close at the low).
 *
 * Formula (Backtrader's `WilliamsR`): `-100 * (highest(high, period) - close) /
 * (highest(high, period) - lowest(low, period))`.
 * Warm-up: `period` bars. A zero range (flat window) gives -50, the middle of the scale
 * (Backtrader divides by zero).
 */
export class WilliamsR extends Indicator {
  readonly lines: readonly string[] = ['percent_r'];
  readonly warmUp: number;
  readonly period: number;
  private readonly highest: Highest;
  private readonly lowest: Lowest;

  /** @param period bars in the range (integer >= 1; default 14). */
  constructor(period = 14) {
    super();
    requireInteger('period', period, 1);
    this.period = period;
    this.warmUp = period;
    this.highest = new Highest(period);
    this.lowest = new Lowest(period);
  }

  updateBar(_open: number, high: number, low: number, close: number, _volume: number, _ts: number): number {
    const highest = this.highest.update(high);
    const lowest = this.lowest.update(low);
    if (++this.count < this.warmUp) return Number.NaN;
    const range = highest - lowest;
    return (this.outputs[0] = range === 0 ? -50 : (-100 * (highest - close)) / range);
  }

  override reset(): void {
    this.highest.reset();
    this.lowest.reset();
    super.reset();
  }
}
