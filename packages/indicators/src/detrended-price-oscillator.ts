import { ValueIndicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';
import { RingBuffer } from './ring-buffer.ts';
import { SMA } from './sma.ts';

/**
 * Detrended price oscillator (Joe DiNapoli): price minus an earlier value of its moving average,
 * which removes the trend and leaves the cycles.
 *
 * Formula (Backtrader's `DPO`): `dpo_t = x_t - SMA(x, period)_{t-lag}` with
 * `lag = ceil(period / 2) - 1` (9 for 20). Convention: this is what Backtrader computes, its
 * `ma(-period // 2 + 1)` reading `(-period) // 2 + 1`; its docstring and StockCharts say
 * `period / 2 + 1` bars (11 for 20), which gives different values.
 * Warm-up: `period + lag` inputs (29 for 20).
 */
export class DetrendedPriceOscillator extends ValueIndicator {
  readonly lines: readonly string[] = ['dpo'];
  readonly warmUp: number;
  readonly period: number;
  /** Bars between the price and the moving average it is compared with. */
  readonly lag: number;
  private readonly average: SMA;
  private readonly averages: RingBuffer;

  /** @param period moving-average period (integer >= 1; default 20). */
  constructor(period = 20) {
    super();
    requireInteger('period', period, 1);
    this.period = period;
    this.lag = Math.ceil(period / 2) - 1;
    this.warmUp = period + this.lag;
    this.average = new SMA(period);
    this.averages = new RingBuffer(this.lag + 1);
  }

  update(value: number): number {
    const average = this.average.update(value);
    if (++this.count < this.period) return Number.NaN;
    this.averages.push(average);
    if (this.count < this.warmUp) return Number.NaN;
    return (this.outputs[0] = value - this.averages.oldest());
  }

  override reset(): void {
    this.average.reset();
    this.averages.clear();
    super.reset();
  }
}
