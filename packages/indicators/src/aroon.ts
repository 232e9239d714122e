import { Indicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';
import { SlidingExtreme } from './internal/sliding-extreme.ts';

/**
 * Aroon (Tushar Chande, 1995): how recently the window's highest high and lowest low happened.
 *
 * Formula (Backtrader's `AroonUpDown` and `AroonOscillator`), over the last `period + 1` bars
 * (the current bar and `period` before it, so that the distance runs from 0 to `period`):
 * - `up = 100 * (period - bars since the highest high) / period`
 * - `down = 100 * (period - bars since the lowest low) / period`
 * - `oscillator = up - down`
 * When the extreme occurs more than once in the window, the most recent occurrence counts
 * (Backtrader's `FindFirstIndexHighest` scans from the current bar backwards).
 * Lines: `up`, `down`, `oscillator`. Warm-up: `period + 1` bars.
 *
 * O(1) amortised per bar: two `SlidingExtreme`s (van Herk / Gil-Werman blocks) give each extreme's
 * distance.
 */
export class Aroon extends Indicator {
  readonly lines: readonly string[] = ['up', 'down', 'oscillator'];
  readonly warmUp: number;
  readonly period: number;
  private readonly highs: SlidingExtreme;
  private readonly lows: SlidingExtreme;

  /** @param period look-back in bars (integer >= 1; Backtrader's default is 14). */
  constructor(period = 14) {
    super(3);
    requireInteger('period', period, 1);
    this.period = period;
    this.warmUp = period + 1;
    this.highs = new SlidingExtreme(period + 1, true);
    this.lows = new SlidingExtreme(period + 1, false);
  }

  updateBar(_open: number, high: number, low: number, _close: number, _volume: number, _ts: number): number {
    this.highs.push(high);
    this.lows.push(low);
    if (++this.count < this.warmUp) return Number.NaN;
    const period = this.period;
    const scale = 100 / period;
    const up = scale * (period - this.highs.sinceExtreme());
    const down = scale * (period - this.lows.sinceExtreme());
    this.outputs[1] = down;
    this.outputs[2] = up - down;
    return (this.outputs[0] = up);
  }

  override reset(): void {
    this.highs.clear();
    this.lows.clear();
    super.reset();
  }
}
