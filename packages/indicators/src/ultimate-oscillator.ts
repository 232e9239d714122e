import { Indicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';
import { SMA } from './sma.ts';
import { TrueRange } from './true-range.ts';

/**
 * Ultimate oscillator (Larry Williams, 1985): buying pressure relative to true range over three
 * horizons, weighted 4:2:1 toward the shortest.
 *
 * Formula (Backtrader's `UltimateOscillator`):
 * - `bp = close - min(low, close_{t-1})` (buying pressure), `tr` = true range
 * - `average_n = sum(bp, n) / sum(tr, n)` for `n` in (`shortPeriod`, `middlePeriod`, `longPeriod`)
 * - `uo = 100 * (4 * average_short + 2 * average_middle + average_long) / 7`
 * Warm-up: `max(periods) + 1` bars (29 for 7/14/28: true range needs a previous close).
 * A window without any range (sum of true ranges 0) counts as 0.5, the middle of the scale.
 */
export class UltimateOscillator extends Indicator {
  readonly lines: readonly string[] = ['uo'];
  readonly warmUp: number;
  readonly shortPeriod: number;
  readonly middlePeriod: number;
  readonly longPeriod: number;
  private readonly trueRange = new TrueRange();
  private readonly pressureShort: SMA;
  private readonly rangeShort: SMA;
  private readonly pressureMiddle: SMA;
  private readonly rangeMiddle: SMA;
  private readonly pressureLong: SMA;
  private readonly rangeLong: SMA;
  private previousClose = Number.NaN;

  /**
   * @param shortPeriod shortest window, weight 4 (integer >= 1; default 7).
   * @param middlePeriod middle window, weight 2 (integer >= 1; default 14).
   * @param longPeriod longest window, weight 1 (integer >= 1; default 28).
   */
  constructor(shortPeriod = 7, middlePeriod = 14, longPeriod = 28) {
    super();
    requireInteger('shortPeriod', shortPeriod, 1);
    requireInteger('middlePeriod', middlePeriod, 1);
    requireInteger('longPeriod', longPeriod, 1);
    this.shortPeriod = shortPeriod;
    this.middlePeriod = middlePeriod;
    this.longPeriod = longPeriod;
    this.warmUp = Math.max(shortPeriod, middlePeriod, longPeriod) + 1;
    // Sums are compared as ratios, so SMAs (sum / n over the same n) serve as well as sums.
    this.pressureShort = new SMA(shortPeriod);
    this.rangeShort = new SMA(shortPeriod);
    this.pressureMiddle = new SMA(middlePeriod);
    this.rangeMiddle = new SMA(middlePeriod);
    this.pressureLong = new SMA(longPeriod);
    this.rangeLong = new SMA(longPeriod);
  }

  updateBar(open: number, high: number, low: number, close: number, volume: number, ts: number): number {
    const range = this.trueRange.updateBar(open, high, low, close, volume, ts);
    const previous = this.previousClose;
    this.previousClose = close;
    if (++this.count < 2) return Number.NaN;
    const pressure = close - (low < previous ? low : previous);
    const short = ratio(this.pressureShort.update(pressure), this.rangeShort.update(range));
    const middle = ratio(this.pressureMiddle.update(pressure), this.rangeMiddle.update(range));
    const long = ratio(this.pressureLong.update(pressure), this.rangeLong.update(range));
    if (this.count < this.warmUp) return Number.NaN;
    return (this.outputs[0] = (100 * (4 * short + 2 * middle + long)) / 7);
  }

  override reset(): void {
    this.trueRange.reset();
    this.pressureShort.reset();
    this.rangeShort.reset();
    this.pressureMiddle.reset();
    this.rangeMiddle.reset();
    this.pressureLong.reset();
    this.rangeLong.reset();
    this.previousClose = Number.NaN;
    super.reset();
  }
}

function ratio(pressure: number, range: number): number {
  return range === 0 ? 0.5 : pressure / range;
}
