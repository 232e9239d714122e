import { Indicator } from './indicator.ts';

/**
 * Heikin-Ashi candles as four lines (Backtrader's `HeikinAshi`).
 *
 * Formula:
 * - `close_ha = (open + high + low + close) / 4`
 * - `open_ha = (open_ha_{t-1} + close_ha_{t-1}) / 2`, seeded on the first bar with `(open + close) / 2`
 * - `high_ha = max(high, open_ha, close_ha)`, `low_ha = min(low, open_ha, close_ha)`
 * Warm-up: 2 bars (Backtrader's minimum period: the recursive open needs a previous candle; the first
 * bar only seeds it). Lines: `open`, `high`, `low`, `close`.
 */
export class HeikinAshi extends Indicator {
  readonly lines: readonly string[] = ['open', 'high', 'low', 'close'];
  readonly warmUp = 2;
  private previousOpen = Number.NaN;
  private previousClose = Number.NaN;

  constructor() {
    super(4);
  }

  updateBar(open: number, high: number, low: number, close: number, _volume?: number, _ts?: number): number {
    const haClose = (open + high + low + close) / 4;
    if (++this.count === 1) {
      this.previousOpen = (open + close) / 2;
      this.previousClose = haClose;
      return Number.NaN;
    }
    const haOpen = (this.previousOpen + this.previousClose) / 2;
    this.previousOpen = haOpen;
    this.previousClose = haClose;
    const outputs = this.outputs;
    let haHigh = high > haOpen ? high : haOpen;
    if (haClose > haHigh) haHigh = haClose;
    let haLow = low < haOpen ? low : haOpen;
    if (haClose < haLow) haLow = haClose;
    outputs[1] = haHigh;
    outputs[2] = haLow;
    outputs[3] = haClose;
    return (outputs[0] = haOpen);
  }

  override reset(): void {
    this.previousOpen = Number.NaN;
    this.previousClose = Number.NaN;
    super.reset();
  }
}
