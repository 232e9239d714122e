import { Indicator } from './indicator.ts';
import { requireAbove, requireInteger } from './internal/parameter-checks.ts';
import { SMA } from './sma.ts';

/**
 * Commodity channel index (Donald Lambert, 1980): the distance of the typical price from its
 * moving average, in units of mean absolute deviation (scaled so that most values lie in ±100).
 *
 * Formula (Backtrader's `CCI`):
 * - `tp = (high + low + close) / 3`, `mean = SMA(tp, period)`
 * - `meanDeviation = SMA(|tp - mean|, period)`
 * - `cci = (tp - mean) / (factor * meanDeviation)`
 * Convention: Backtrader's `MeanDeviation` averages each bar's distance to that bar's own mean
 * (hence O(1) and the longer warm-up); Lambert's and TA-Lib's definition measures the last
 * `period` prices against the current mean. The two give different values.
 * Warm-up: `2 * period - 1` bars. A zero mean deviation gives 0 (every `tp` equals its mean).
 */
export class CCI extends Indicator {
  readonly lines: readonly string[] = ['cci'];
  readonly warmUp: number;
  readonly period: number;
  readonly factor: number;
  private readonly mean: SMA;
  private readonly meanDeviation: SMA;

  /**
   * @param period averaging period (integer >= 1; default 20).
   * @param factor scale constant (> 0; Lambert's 0.015).
   */
  constructor(period = 20, factor = 0.015) {
    super();
    requireInteger('period', period, 1);
    requireAbove('factor', factor, 0);
    this.period = period;
    this.factor = factor;
    this.warmUp = 2 * period - 1;
    this.mean = new SMA(period);
    this.meanDeviation = new SMA(period);
  }

  updateBar(_open: number, high: number, low: number, close: number, _volume: number, _ts: number): number {
    const typical = (high + low + close) / 3;
    const mean = this.mean.update(typical);
    if (++this.count < this.period) return Number.NaN;
    const deviation = typical - mean;
    const meanDeviation = this.meanDeviation.update(deviation < 0 ? -deviation : deviation);
    if (this.count < this.warmUp) return Number.NaN;
    return (this.outputs[0] = meanDeviation === 0 ? 0 : deviation / (this.factor * meanDeviation));
  }

  override reset(): void {
    this.mean.reset();
    this.meanDeviation.reset();
    super.reset();
  }
}
