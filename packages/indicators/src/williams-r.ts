import { Indicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';
import { SlidingExtreme } from './internal/sliding-extreme.ts';

/**
 * Williams %R (Larry Williams): how far the close is below the highest high of the last `period`
 * bars, as a share of the high-low range, from 0 (close at the high) to -100 (close at the low).
 *
 * Formula (Backtrader's `WilliamsR`): `-100 * (highest(high, period) - close) /
 * (highest(high, period) - lowest(low, period))`.
 * Warm-up: `period` bars. A zero range (flat window) gives -50, the middle of the scale
 * (Backtrader divides by zero).
 * O(1) amortised per bar: the range comes from two `SlidingExtreme`s (van Herk / Gil-Werman blocks).
 */
export class WilliamsR extends Indicator {
  readonly lines: readonly string[] = ['percent_r'];
  readonly warmUp: number;
  readonly period: number;
  private readonly highs: SlidingExtreme;
  private readonly lows: SlidingExtreme;

  /** @param period bars in the range (integer >= 1; default 14). */
  constructor(period = 14) {
    super();
    requireInteger('period', period, 1);
    this.period = period;
    this.warmUp = period;
    this.highs = new SlidingExtreme(period, true);
    this.lows = new SlidingExtreme(period, false);
  }

  updateBar(_open: number, high: number, low: number, close: number, _volume: number, _ts: number): number {
    const highest = this.highs.push(high);
    const lowest = this.lows.push(low);
    if (++this.count < this.warmUp) return Number.NaN;
    const range = highest - lowest;
    return (this.outputs[0] = range === 0 ? -50 : (-100 * (highest - close)) / range);
  }

  override reset(): void {
    this.highs.clear();
    this.lows.clear();
    super.reset();
  }
}
