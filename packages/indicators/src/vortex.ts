import { Indicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';
import { SMA } from './sma.ts';
import { TrueRange } from './true-range.ts';

/**
 * Vortex indicator (Botes & Siepman, 2010): upward and downward "vortex movement" as shares of
 * the true range over `period` bars.
 *
 * Formula (Backtrader's `Vortex`):
 * - `vm+ = |high_t - low_{t-1}|`, `vm- = |low_t - high_{t-1}|`, `tr` = true range
 * - `vi_plus = sum(vm+, period) / sum(tr, period)`, `vi_minus = sum(vm-, period) / sum(tr, period)`
 * Lines: `vi_plus`, `vi_minus`. Warm-up: `period + 1` bars (15 for 14). A window without any
 * range gives 0 on both lines.
 */
export class Vortex extends Indicator {
  readonly lines: readonly string[] = ['vi_plus', 'vi_minus'];
  readonly warmUp: number;
  readonly period: number;
  private readonly trueRange = new TrueRange();
  // Ratios of sums over the same window: SMAs (sum / period) give the same ratios.
  private readonly plusMovement: SMA;
  private readonly minusMovement: SMA;
  private readonly range: SMA;
  private previousHigh = Number.NaN;
  private previousLow = Number.NaN;

  /** @param period window length (integer >= 1; default 14). */
  constructor(period = 14) {
    super(2);
    requireInteger('period', period, 1);
    this.period = period;
    this.warmUp = period + 1;
    this.plusMovement = new SMA(period);
    this.minusMovement = new SMA(period);
    this.range = new SMA(period);
  }

  updateBar(open: number, high: number, low: number, close: number, volume: number, ts: number): number {
    const trueRange = this.trueRange.updateBar(open, high, low, close, volume, ts);
    const plus = high - this.previousLow;
    const minus = low - this.previousHigh;
    this.previousHigh = high;
    this.previousLow = low;
    if (++this.count < 2) return Number.NaN;
    const plusSum = this.plusMovement.update(plus < 0 ? -plus : plus);
    const minusSum = this.minusMovement.update(minus < 0 ? -minus : minus);
    const rangeSum = this.range.update(trueRange);
    if (this.count < this.warmUp) return Number.NaN;
    this.outputs[1] = rangeSum === 0 ? 0 : minusSum / rangeSum;
    return (this.outputs[0] = rangeSum === 0 ? 0 : plusSum / rangeSum);
  }

  override reset(): void {
    this.trueRange.reset();
    this.plusMovement.reset();
    this.minusMovement.reset();
    this.range.reset();
    this.previousHigh = Number.NaN;
    this.previousLow = Number.NaN;
    super.reset();
  }
}
