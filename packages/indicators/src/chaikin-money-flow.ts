import { Indicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';
import { SMA } from './sma.ts';

/**
 * Chaikin money flow (Marc Chaikin): volume-weighted average of where each close sits in its
 * bar's range, from -1 (every close at the low) to +1 (every close at the high).
 *
 * Formula: `multiplier = ((close - low) - (high - close)) / (high - low)` (0 when `high = low`),
 * `cmf = sum(multiplier * volume, period) / sum(volume, period)`.
 * Warm-up: `period` bars. A window without volume gives 0. Backtrader ships no CMF; this is
 * Chaikin's definition as published by StockCharts (period 20 there, 21 in some platforms).
 */
export class ChaikinMoneyFlow extends Indicator {
  readonly lines: readonly string[] = ['cmf'];
  readonly warmUp: number;
  readonly period: number;
  // A ratio of two sums over the same window: SMAs (sum / period) give the same ratio.
  private readonly flow: SMA;
  private readonly volume: SMA;

  /** @param period window length (integer >= 1; default 20). */
  constructor(period = 20) {
    super();
    requireInteger('period', period, 1);
    this.period = period;
    this.warmUp = period;
    this.flow = new SMA(period);
    this.volume = new SMA(period);
  }

  updateBar(_open: number, high: number, low: number, close: number, volume: number, _ts: number): number {
    const range = high - low;
    const multiplier = range === 0 ? 0 : (close - low - (high - close)) / range;
    const flow = this.flow.update(multiplier * volume);
    const total = this.volume.update(volume);
    if (++this.count < this.warmUp) return Number.NaN;
    return (this.outputs[0] = total === 0 ? 0 : flow / total);
  }

  override reset(): void {
    this.flow.reset();
    this.volume.reset();
    super.reset();
  }
}
