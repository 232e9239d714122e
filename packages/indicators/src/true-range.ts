import { Indicator } from './indicator.ts';

/**
 * True range (Wilder, 1978): the bar's range extended to the previous close when price gapped.
 *
 * Formula: `tr_t = max(high_t, close_{t-1}) - min(low_t, close_{t-1})`
 * (equivalently `max(high - low, |high - close_{t-1}|, |low - close_{t-1}|)`).
 * Warm-up: 2 bars. Convention: Backtrader's current `TrueRange` (built on `TrueHigh`/`TrueLow`, which
 * read `close(-1)`) is undefined on the first bar; some libraries (TA-Lib's `TRANGE` too starts at
 * bar 2, pandas-ta and early Backtrader use `high - low` on bar 1). We follow Backtrader.
 */
export class TrueRange extends Indicator {
  readonly lines: readonly string[] = ['tr'];
  readonly warmUp = 2;
  private previousClose = Number.NaN;

  constructor() {
    super();
  }

  updateBar(_open: number, high: number, low: number, close: number, _volume?: number, _ts?: number): number {
    const previous = this.previousClose;
    this.previousClose = close;
    if (++this.count < 2) return Number.NaN;
    const top = high > previous ? high : previous;
    const bottom = low < previous ? low : previous;
    return (this.outputs[0] = top - bottom);
  }

  override reset(): void {
    this.previousClose = Number.NaN;
    super.reset();
  }
}
