import { Indicator } from './indicator.ts';

/**
 * On-balance volume (Granville, 1963): volume added on up closes and subtracted on down closes.
 *
 * Formula: `obv_t = obv_{t-1} + sign(close_t - close_{t-1}) * volume_t`, with `obv = 0` on the first
 * bar (it has no previous close to sign its volume). An unchanged close adds nothing.
 * Warm-up: 1 bar.
 *
 * Convention: Backtrader ships no OBV. TA-Lib starts from the first bar's volume instead of 0; the
 * two differ by that constant, so changes and crossings are identical.
 */
export class OnBalanceVolume extends Indicator {
  readonly lines: readonly string[] = ['obv'];
  readonly warmUp = 1;
  private previousClose = Number.NaN;
  private total = 0;

  constructor() {
    super();
  }

  updateBar(_open: number, _high: number, _low: number, close: number, volume: number, _ts: number): number {
    if (++this.count > 1) {
      if (close > this.previousClose) this.total += volume;
      else if (close < this.previousClose) this.total -= volume;
    }
    this.previousClose = close;
    return (this.outputs[0] = this.total);
  }

  override reset(): void {
    this.previousClose = Number.NaN;
    this.total = 0;
    super.reset();
  }
}
