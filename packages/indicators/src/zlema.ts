import { ValueIndicator } from './indicator.ts';
import { EMA } from './ema.ts';
import { requireInteger } from './internal/parameter-checks.ts';

/**
 * Zero-lag exponential moving average (Ehlers & Way; Backtrader's `ZLEMA`): an EMA of a
 * momentum-corrected input.
 *
 * Formula: `lag = floor((period - 1) / 2)`, `zlema = EMA(2 x_t - x_{t-lag}, period)` (EMA seeded with
 * the SMA of its first `period` inputs). Warm-up: `lag + period` inputs (44 for the default 30).
 */
export class ZLEMA extends ValueIndicator {
  readonly lines: readonly string[] = ['zlema'];
  readonly warmUp: number;
  readonly period: number;
  readonly lag: number;
  private readonly ring: Float64Array;
  private readonly average: EMA;
  private head = 0;

  /** @param period EMA span (integer >= 1; Backtrader's default is 30). */
  constructor(period = 30) {
    super();
    requireInteger('period', period, 1);
    this.period = period;
    this.lag = Math.floor((period - 1) / 2);
    this.warmUp = this.lag + period;
    this.ring = new Float64Array(this.lag + 1);
    this.average = new EMA(period);
  }

  update(value: number): number {
    const ring = this.ring;
    const head = this.head;
    ring[head] = value;
    const next = head + 1 === ring.length ? 0 : head + 1;
    this.head = next;
    // After the write, ring[next] holds x_{t-lag} once lag + 1 values were seen.
    if (++this.count <= this.lag) return Number.NaN;
    const ema = this.average.update(2 * value - ring[next]);
    if (!this.average.isReady) return Number.NaN;
    return (this.outputs[0] = ema);
  }

  override reset(): void {
    this.ring.fill(0);
    this.head = 0;
    this.average.reset();
    super.reset();
  }
}
