import { Indicator } from './indicator.ts';
import { SMMA } from './smma.ts';
import { TrueRange } from './true-range.ts';
import { requireInteger } from './internal/parameter-checks.ts';

/**
 * Average true range (Wilder, 1978; Backtrader's `ATR`).
 *
 * Formula: `atr = SMMA(TrueRange, period)`: Wilder smoothing `atr_t = atr_{t-1} + (tr_t - atr_{t-1}) / period`
 * seeded with the simple average of the first `period` true ranges.
 * Convention (Backtrader's current one): the true range is undefined on the first bar (it needs the
 * previous close), so the first ATR averages the true ranges of bars 2 to `period + 1`.
 * Warm-up: `period + 1` bars (15 for the default 14). TA-Lib's `ATR` also starts at bar `period + 1`;
 * libraries that take `high - low` as the first true range start one bar earlier.
 */
export class ATR extends Indicator {
  readonly lines: readonly string[] = ['atr'];
  readonly warmUp: number;
  readonly period: number;
  private readonly trueRange = new TrueRange();
  private readonly average: SMMA;

  /** @param period Wilder smoothing period (integer >= 1; default 14). */
  constructor(period = 14) {
    super();
    requireInteger('period', period, 1);
    this.period = period;
    this.warmUp = period + 1;
    this.average = new SMMA(period);
  }

  updateBar(open: number, high: number, low: number, close: number, _volume?: number, _ts?: number): number {
    this.count++;
    const tr = this.trueRange.updateBar(open, high, low, close);
    if (this.count < 2) return Number.NaN;
    const atr = this.average.update(tr);
    if (this.count < this.warmUp) return Number.NaN;
    return (this.outputs[0] = atr);
  }

  override reset(): void {
    this.trueRange.reset();
    this.average.reset();
    super.reset();
  }
}
