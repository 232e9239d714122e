import { Indicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';

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
 * O(1) amortised per bar: two monotonic deques of (bar number, value) hold the extreme candidates.
 */
export class Aroon extends Indicator {
  readonly lines: readonly string[] = ['up', 'down', 'oscillator'];
  readonly warmUp: number;
  readonly period: number;
  private readonly highs: ExtremeDeque;
  private readonly lows: ExtremeDeque;

  /** @param period look-back in bars (integer >= 1; Backtrader's default is 14). */
  constructor(period = 14) {
    super(3);
    requireInteger('period', period, 1);
    this.period = period;
    this.warmUp = period + 1;
    this.highs = new ExtremeDeque(period + 1, true);
    this.lows = new ExtremeDeque(period + 1, false);
  }

  updateBar(_open: number, high: number, low: number, _close: number, _volume: number, _ts: number): number {
    const bar = this.count++;
    const sinceHigh = bar - this.highs.push(bar, high);
    const sinceLow = bar - this.lows.push(bar, low);
    if (this.count < this.warmUp) return Number.NaN;
    const scale = 100 / this.period;
    const up = scale * (this.period - sinceHigh);
    const down = scale * (this.period - sinceLow);
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

/**
 * Candidates for the extreme of a sliding window, most extreme at the front. A new value evicts
 * every candidate it equals or beats, so on ties the most recent bar is kept.
 */
class ExtremeDeque {
  private readonly bars: Float64Array;
  private readonly values: Float64Array;
  private readonly capacity: number;
  private head = 0;
  private size = 0;

  constructor(
    private readonly window: number,
    private readonly highest: boolean,
  ) {
    this.capacity = window;
    this.bars = new Float64Array(window);
    this.values = new Float64Array(window);
  }

  /** Adds bar `bar` with `value`; returns the bar number of the window's extreme. */
  push(bar: number, value: number): number {
    const capacity = this.capacity;
    // Drop the front if it left the window.
    if (this.size > 0 && this.bars[this.head] <= bar - this.window) {
      this.head = this.head + 1 === capacity ? 0 : this.head + 1;
      this.size--;
    }
    // Drop candidates from the back that the new value equals or beats.
    while (this.size > 0) {
      let tail = this.head + this.size - 1;
      if (tail >= capacity) tail -= capacity;
      const candidate = this.values[tail];
      if (this.highest ? candidate > value : candidate < value) break;
      this.size--;
    }
    let slot = this.head + this.size;
    if (slot >= capacity) slot -= capacity;
    this.bars[slot] = bar;
    this.values[slot] = value;
    this.size++;
    return this.bars[this.head];
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
  }
}
