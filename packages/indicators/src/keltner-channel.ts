import { Indicator } from './indicator.ts';
import { ATR } from './atr.ts';
import { EMA } from './ema.ts';
import { requireInteger, requireNumber } from './internal/parameter-checks.ts';

/**
 * Keltner channel, in the modern form popularised by Linda Raschke (StockCharts, TradingView):
 * an EMA of the close with bands a multiple of the ATR away. (Chester Keltner's 1960 original used a
 * 10-day SMA of the typical price and the average high-low range; Backtrader has no Keltner channel.)
 *
 * Lines: `mid = EMA(close, period)`, `upper = mid + multiplier * ATR(atrPeriod)`,
 * `lower = mid - multiplier * ATR(atrPeriod)`; the EMA is seeded with an SMA and the ATR follows
 * `ATR`'s Wilder/Backtrader convention.
 * Warm-up: `mid` after `period` bars (the EMA's), `upper` and `lower` after `max(period,
 * atrPeriod + 1)` (`warmUp`).
 */
export class KeltnerChannel extends Indicator {
  readonly lines: readonly string[] = ['mid', 'upper', 'lower'];
  readonly warmUp: number;
  readonly period: number;
  readonly multiplier: number;
  readonly atrPeriod: number;
  private readonly average: EMA;
  private readonly range: ATR;

  /**
   * @param period EMA span of the middle line (integer >= 1; default 20)
   * @param multiplier band distance in ATRs (>= 0; default 2)
   * @param atrPeriod ATR period (integer >= 1; default 10)
   */
  constructor(period = 20, multiplier = 2, atrPeriod = 10) {
    super(3);
    requireInteger('period', period, 1);
    requireNumber('multiplier', multiplier, 0);
    requireInteger('atrPeriod', atrPeriod, 1);
    this.period = period;
    this.multiplier = multiplier;
    this.atrPeriod = atrPeriod;
    this.average = new EMA(period);
    this.range = new ATR(atrPeriod);
    this.warmUp = Math.max(this.average.warmUp, this.range.warmUp);
  }

  updateBar(open: number, high: number, low: number, close: number, _volume?: number, _ts?: number): number {
    this.count++;
    const mid = this.average.update(close);
    const atr = this.range.updateBar(open, high, low, close);
    if (this.count >= this.warmUp) {
      const width = this.multiplier * atr;
      this.outputs[1] = mid + width;
      this.outputs[2] = mid - width;
    }
    return (this.outputs[0] = mid);
  }

  /** `mid`: the EMA's `period`; `upper`, `lower`: `warmUp`. */
  override lineWarmUp(index: number): number {
    return index === 0 ? this.average.warmUp : this.warmUp;
  }

  override reset(): void {
    this.average.reset();
    this.range.reset();
    super.reset();
  }
}
