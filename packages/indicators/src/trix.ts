import { EMA } from './ema.ts';
import { ValueIndicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';

/**
 * TRIX (Jack Hutson): the one-bar rate of change, in percent, of a triple exponential average.
 *
 * Formula (Backtrader's `Trix`): `e3 = EMA(EMA(EMA(x, period), period), period)`,
 * `trix = 100 * (e3_t / e3_{t-1} - 1)`. Each EMA is seeded with the simple mean of its first
 * `period` inputs.
 * Warm-up: `3 * period - 1` inputs (44 for 15).
 */
export class TRIX extends ValueIndicator {
  readonly lines: readonly string[] = ['trix'];
  readonly warmUp: number;
  readonly period: number;
  private readonly first: EMA;
  private readonly second: EMA;
  private readonly third: EMA;
  private previous = Number.NaN;

  /** @param period period of each EMA (integer >= 1; default 15). */
  constructor(period = 15) {
    super();
    requireInteger('period', period, 1);
    this.period = period;
    this.warmUp = 3 * period - 1;
    this.first = new EMA(period);
    this.second = new EMA(period);
    this.third = new EMA(period);
  }

  update(value: number): number {
    const count = ++this.count;
    const first = this.first.update(value);
    if (count < this.period) return Number.NaN;
    const second = this.second.update(first);
    if (count < 2 * this.period - 1) return Number.NaN;
    const third = this.third.update(second);
    const previous = this.previous;
    this.previous = third;
    if (count < this.warmUp) return Number.NaN;
    return (this.outputs[0] = 100 * (third / previous - 1));
  }

  override reset(): void {
    this.first.reset();
    this.second.reset();
    this.third.reset();
    this.previous = Number.NaN;
    super.reset();
  }
}
