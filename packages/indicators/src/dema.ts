import { ValueIndicator } from './indicator.ts';
import { EMA } from './ema.ts';
import { requireInteger } from './internal/parameter-checks.ts';

/**
 * Double exponential moving average (Mulloy, 1994; Backtrader's `DEMA`).
 *
 * Formula: `ema1 = EMA(x, period)`, `ema2 = EMA(ema1, period)`, `dema = 2 ema1 - ema2`; each EMA is
 * seeded with the SMA of its first `period` inputs and the second one starts when the first is defined.
 * Warm-up: `2 period - 1` inputs.
 */
export class DEMA extends ValueIndicator {
  readonly lines: readonly string[] = ['dema'];
  readonly warmUp: number;
  readonly period: number;
  private readonly first: EMA;
  private readonly second: EMA;

  /** @param period span of both EMAs (integer >= 1; Backtrader's default is 30). */
  constructor(period = 30) {
    super();
    requireInteger('period', period, 1);
    this.period = period;
    this.warmUp = 2 * period - 1;
    this.first = new EMA(period);
    this.second = new EMA(period);
  }

  update(value: number): number {
    this.count++;
    const ema1 = this.first.update(value);
    if (!this.first.isReady) return Number.NaN;
    const ema2 = this.second.update(ema1);
    if (!this.second.isReady) return Number.NaN;
    return (this.outputs[0] = 2 * ema1 - ema2);
  }

  override reset(): void {
    this.first.reset();
    this.second.reset();
    super.reset();
  }
}
