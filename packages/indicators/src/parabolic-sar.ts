import { Indicator } from './indicator.ts';
import { requireParameter } from '@rooney/core';

/**
 * Parabolic SAR (Wilder, 1978): a trailing stop that accelerates toward price while a trend
 * lasts and flips to the other side of price when penetrated.
 *
 * Per bar, with the state (trend, sar, extreme point `ep`, acceleration `af`) left by the bar before:
 * 1. If the low touches or crosses a rising SAR (or the high a falling one) the trend reverses:
 *    `sar = ep`, `ep` = this bar's high (new uptrend) or low (new downtrend), `af = accelerationStep`.
 * 2. The value for this bar is `sar`.
 * 3. A new extreme (higher high in an uptrend, lower low in a downtrend) moves `ep` there and
 *    raises `af` by `accelerationStep`, capped at `accelerationMaximum`.
 * 4. Tomorrow's SAR is `sar + af * (ep - sar)`, kept outside the range of this bar and the one
 *    before (in an uptrend at most `min(low_t, low_{t-1})`, in a downtrend at least
 *    `max(high_t, high_{t-1})`).
 *
 * Start (Backtrader's `ParabolicSAR`): on the second bar, a close at or above the first close
 * starts an uptrend whose first SAR is the first bar's low (a lower close: a downtrend from the
 * first bar's high); `af = accelerationStep`, `ep` = the second bar's high (low). Backtrader does this by
 * seeding a fake opposite trend with `sar = (high + low) / 2`, which step 1 always reverses.
 * The acceleration is capped with `min(af + accelerationStep, accelerationMaximum)` as in current Backtrader (early
 * releases had `max`, which pinned `af` to the maximum at the first new extreme).
 * Lines: `sar`, `trend` (+1 rising SAR under price, -1 falling SAR above price).
 * Warm-up: 2 bars (Backtrader's default `period = 2`).
 */
export class ParabolicSAR extends Indicator {
  readonly lines: readonly string[] = ['sar', 'trend'];
  readonly warmUp = 2;
  readonly accelerationStep: number;
  readonly accelerationMaximum: number;
  private rising = false;
  private sar = Number.NaN;
  private extreme = Number.NaN;
  private acceleration = 0;
  private previousHigh = Number.NaN;
  private previousLow = Number.NaN;
  private previousClose = Number.NaN;

  /**
   * @param accelerationStep starting acceleration factor and its increment (in (0, 1]; Wilder's 0.02).
   * @param accelerationMaximum cap on the acceleration factor (>= the step, <= 1; Wilder's 0.20).
   */
  constructor(accelerationStep = 0.02, accelerationMaximum = 0.2) {
    super(2);
    requireParameter(
      Number.isFinite(accelerationStep) && accelerationStep > 0 && accelerationStep <= 1,
      'accelerationStep',
      'a number in (0, 1]',
      accelerationStep,
    );
    requireParameter(
      Number.isFinite(accelerationMaximum) && accelerationMaximum >= accelerationStep && accelerationMaximum <= 1,
      'accelerationMaximum',
      `a number in [accelerationStep, 1] (accelerationStep is ${accelerationStep})`,
      accelerationMaximum,
    );
    this.accelerationStep = accelerationStep;
    this.accelerationMaximum = accelerationMaximum;
  }

  updateBar(_open: number, high: number, low: number, close: number, _volume: number, _ts: number): number {
    const count = ++this.count;
    if (count === 1) {
      this.previousHigh = high;
      this.previousLow = low;
      this.previousClose = close;
      return Number.NaN;
    }
    let rising = this.rising;
    let sar = this.sar;
    let extreme = this.extreme;
    let acceleration = this.acceleration;
    if (count === 2) {
      // Backtrader's kick-start: a fake trend opposite to the close-to-close move, which the
      // penetration test below reverses at once.
      rising = !(close >= this.previousClose);
      sar = (high + low) / 2;
      extreme = rising ? this.previousHigh : this.previousLow;
      acceleration = this.accelerationStep;
    }
    if (rising ? sar >= low : sar <= high) {
      rising = !rising;
      sar = extreme;
      extreme = rising ? high : low;
      acceleration = this.accelerationStep;
    }
    this.outputs[0] = sar;
    this.outputs[1] = rising ? 1 : -1;
    if (rising ? high > extreme : low < extreme) {
      extreme = rising ? high : low;
      acceleration = Math.min(acceleration + this.accelerationStep, this.accelerationMaximum);
    }
    sar += acceleration * (extreme - sar);
    if (rising) {
      const floor = low < this.previousLow ? low : this.previousLow;
      if (sar > floor) sar = floor;
    } else {
      const ceiling = high > this.previousHigh ? high : this.previousHigh;
      if (sar < ceiling) sar = ceiling;
    }
    this.rising = rising;
    this.sar = sar;
    this.extreme = extreme;
    this.acceleration = acceleration;
    this.previousHigh = high;
    this.previousLow = low;
    this.previousClose = close;
    return this.outputs[0];
  }

  override reset(): void {
    this.rising = false;
    this.sar = Number.NaN;
    this.extreme = Number.NaN;
    this.acceleration = 0;
    this.previousHigh = Number.NaN;
    this.previousLow = Number.NaN;
    this.previousClose = Number.NaN;
    super.reset();
  }
}
