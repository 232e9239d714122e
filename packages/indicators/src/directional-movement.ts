import { ATR } from './atr.ts';
import { Indicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';
import { RingBuffer } from './ring-buffer.ts';
import { SMMA } from './smma.ts';

/**
 * Wilder's directional movement system (1978): +DI and -DI (the share of the true range that was
 * upward or downward movement), ADX (how strongly price trends, whichever the direction) and ADXR.
 *
 * Formula (Backtrader's `DirectionalMovement`, Wilder's smoothing `SMMA` everywhere, each average
 * seeded with the simple mean of its first `period` inputs):
 * - `upMove = high_t - high_{t-1}`, `downMove = low_{t-1} - low_t`
 * - `+dm = upMove` if `upMove > downMove` and `upMove > 0`, else 0; `-dm` symmetrically
 * - `atr = ATR(period)`, i.e. `SMMA(trueRange, period)`
 * - `+di = 100 * SMMA(+dm, period) / atr`, `-di = 100 * SMMA(-dm, period) / atr`
 * - `dx = 100 * |+di - -di| / (+di + -di)`, `adx = SMMA(dx, period)`
 * - `adxr = (adx_t + adx_{t-period}) / 2`
 * Undefined ratios give 0: `+di = -di = 0` when the true range average is 0, `dx = 0` when both
 * DIs are 0 (no directional movement at all).
 * Lines: `adx`, `adxr`, `plus_di`, `minus_di` (Backtrader's `DM` order). Each line is defined from
 * its own warm-up, the minimum period of Backtrader's indicator for that line alone: `plus_di` and
 * `minus_di` after `period + 1` bars (`PlusDI`, `MinusDI`: 15 for 14), `adx` after `2 * period`
 * (`ADX`: 28), `adxr` after `3 * period` (`ADXR`, and `DM` as a whole: 42). `warmUp` is `3 * period`.
 */
export class DirectionalMovement extends Indicator {
  readonly lines: readonly string[] = ['adx', 'adxr', 'plus_di', 'minus_di'];
  readonly warmUp: number;
  readonly period: number;
  private readonly averageTrueRange: ATR;
  private readonly averagePlus: SMMA;
  private readonly averageMinus: SMMA;
  private readonly averageIndex: SMMA;
  private readonly indexHistory: RingBuffer;
  private previousHigh = Number.NaN;
  private previousLow = Number.NaN;

  /** @param period Wilder smoothing period (integer >= 1; default 14). */
  constructor(period = 14) {
    super(4);
    requireInteger('period', period, 1);
    this.period = period;
    this.warmUp = 3 * period;
    this.averageTrueRange = new ATR(period);
    this.averagePlus = new SMMA(period);
    this.averageMinus = new SMMA(period);
    this.averageIndex = new SMMA(period);
    this.indexHistory = new RingBuffer(period + 1);
  }

  updateBar(open: number, high: number, low: number, close: number, volume: number, ts: number): number {
    const range = this.averageTrueRange.updateBar(open, high, low, close, volume, ts);
    const upMove = high - this.previousHigh;
    const downMove = this.previousLow - low;
    this.previousHigh = high;
    this.previousLow = low;
    const count = ++this.count;
    if (count < 2) return Number.NaN;
    const plus = this.averagePlus.update(upMove > downMove && upMove > 0 ? upMove : 0);
    const minus = this.averageMinus.update(downMove > upMove && downMove > 0 ? downMove : 0);
    const period = this.period;
    if (count <= period) return Number.NaN;
    const plusIndicator = range === 0 ? 0 : (100 * plus) / range;
    const minusIndicator = range === 0 ? 0 : (100 * minus) / range;
    this.outputs[2] = plusIndicator;
    this.outputs[3] = minusIndicator;
    const total = plusIndicator + minusIndicator;
    const difference = plusIndicator - minusIndicator;
    const dx = total === 0 ? 0 : (100 * (difference < 0 ? -difference : difference)) / total;
    const adx = this.averageIndex.update(dx);
    if (count < 2 * period) return Number.NaN;
    this.indexHistory.push(adx);
    if (count >= this.warmUp) this.outputs[1] = (adx + this.indexHistory.oldest()) / 2;
    return (this.outputs[0] = adx);
  }

  /** `adx`: `2 * period`; `adxr`: `3 * period`; `plus_di`, `minus_di`: `period + 1`. */
  override lineWarmUp(index: number): number {
    return index === 0 ? 2 * this.period : index === 1 ? this.warmUp : this.period + 1;
  }

  override reset(): void {
    this.averageTrueRange.reset();
    this.averagePlus.reset();
    this.averageMinus.reset();
    this.averageIndex.reset();
    this.indexHistory.clear();
    this.previousHigh = Number.NaN;
    this.previousLow = Number.NaN;
    super.reset();
  }
}
