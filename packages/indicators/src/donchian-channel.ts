import { Indicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';
import { SlidingExtreme } from './internal/sliding-extreme.ts';

/**
 * Donchian channel (Richard Donchian) and where the close sits inside it.
 *
 * Lines:
 * - `upper` = highest high of the last `period` bars, `lower` = lowest low, `mid = (upper + lower) / 2`
 * - `position = (close - lower) / (upper - lower)`: the close's normalised distance from the lower
 *   bound, in `[0, 1]` (0 on the lower bound, 1 on the upper; the distance to the upper bound is
 *   `1 - position`); 0.5 when the channel has no width.
 * Convention: the window includes the current bar (as Backtrader's `Highest`/`Lowest`), so the close
 * can never break out of the channel; for breakout rules compare with the previous bar's bounds.
 * Warm-up: `period` bars. O(1) amortised (two `SlidingExtreme`s, as `Highest` / `Lowest`).
 */
export class DonchianChannel extends Indicator {
  readonly lines: readonly string[] = ['upper', 'lower', 'mid', 'position'];
  readonly warmUp: number;
  readonly period: number;
  private readonly highs: SlidingExtreme;
  private readonly lows: SlidingExtreme;

  /** @param period window length in bars (integer >= 1; default 20). */
  constructor(period = 20) {
    super(4);
    requireInteger('period', period, 1);
    this.period = period;
    this.warmUp = period;
    this.highs = new SlidingExtreme(period, true);
    this.lows = new SlidingExtreme(period, false);
  }

  updateBar(_open: number, high: number, low: number, close: number, _volume?: number, _ts?: number): number {
    this.count++;
    const upper = this.highs.push(high);
    const lower = this.lows.push(low);
    if (this.count < this.period) return Number.NaN;
    const outputs = this.outputs;
    const width = upper - lower;
    outputs[1] = lower;
    outputs[2] = (upper + lower) / 2;
    outputs[3] = width > 0 ? (close - lower) / width : 0.5;
    return (outputs[0] = upper);
  }

  override reset(): void {
    this.highs.clear();
    this.lows.clear();
    super.reset();
  }
}
