import { ValueIndicator } from './indicator.ts';
import { EMA } from './ema.ts';
import { requireInteger } from './internal/parameter-checks.ts';

/**
 * Triple exponential moving average (Mulloy, 1994; Backtrader's `TEMA`).
 *
 * Formula: `ema1 = EMA(x)`, `ema2 = EMA(ema1)`, `ema3 = EMA(ema2)`, `tema = 3 ema1 - 3 ema2 + ema3`,
 * each EMA seeded with the SMA of its first `period` inputs and started when its input is defined.
 * Warm-up: `3 period - 2` inputs.
 */
export class TEMA extends ValueIndicator {
  readonly lines: readonly string[] = ['tema'];
  readonly warmUp: number;
  readonly period: number;
  private readonly first: EMA;
  private readonly second: EMA;
  private readonly third: EMA;

  /** @param period span of the three EMAs (integer >= 1; Backtrader's default is 30). */
  constructor(period = 30) {
    super();
    requireInteger('period', period, 1);
    this.period = period;
    this.warmUp = 3 * period - 2;
    this.first = new EMA(period);
    this.second = new EMA(period);
    this.third = new EMA(period);
  }

  update(value: number): number {
    this.count++;
    const ema1 = this.first.update(value);
    if (!this.first.isReady) return Number.NaN;
    const ema2 = this.second.update(ema1);
    if (!this.second.isReady) return Number.NaN;
    const ema3 = this.third.update(ema2);
    if (!this.third.isReady) return Number.NaN;
    return (this.outputs[0] = 3 * ema1 - 3 * ema2 + ema3);
  }

  override reset(): void {
    this.first.reset();
    this.second.reset();
    this.third.reset();
    super.reset();
  }
}
