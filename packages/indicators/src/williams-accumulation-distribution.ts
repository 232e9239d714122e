import { Indicator } from './indicator.ts';

/**
 * Williams accumulation/distribution (Larry Williams): a running total of how far each close got
 * from the true low on up days, or from the true high on down days.
 *
 * Formula (Backtrader's `WilliamsAD`):
 * - up close (`close_t > close_{t-1}`): `ad_t = ad_{t-1} + close_t - min(low_t, close_{t-1})`
 * - down close (`close_t < close_{t-1}`): `ad_t = ad_{t-1} + close_t - max(high_t, close_{t-1})`
 * - unchanged close: `ad_t = ad_{t-1}`
 * starting from 0 before the second bar. Volume is not used.
 * Warm-up: 2 bars (the first value is the second bar's term).
 */
export class WilliamsAccumulationDistribution extends Indicator {
  readonly lines: readonly string[] = ['ad'];
  readonly warmUp = 2;
  private previousClose = Number.NaN;
  private total = 0;

  constructor() {
    super();
  }

  updateBar(_open: number, high: number, low: number, close: number, _volume: number, _ts: number): number {
    const previous = this.previousClose;
    this.previousClose = close;
    if (++this.count < 2) return Number.NaN;
    if (close > previous) this.total += close - (low < previous ? low : previous);
    else if (close < previous) this.total += close - (high > previous ? high : previous);
    return (this.outputs[0] = this.total);
  }

  override reset(): void {
    this.previousClose = Number.NaN;
    this.total = 0;
    super.reset();
  }
}
