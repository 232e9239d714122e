import { Indicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';
import { SMA } from './sma.ts';

/**
 * Awesome oscillator (Bill Williams): a fast minus a slow simple average of the bar mid-point.
 *
 * Formula (Backtrader's `AwesomeOscillator`): `median = (high + low) / 2`,
 * `ao = SMA(median, fastPeriod) - SMA(median, slowPeriod)`.
 * Warm-up: `max(fastPeriod, slowPeriod)` bars (34).
 */
export class AwesomeOscillator extends Indicator {
  readonly lines: readonly string[] = ['ao'];
  readonly warmUp: number;
  readonly fastPeriod: number;
  readonly slowPeriod: number;
  private readonly fast: SMA;
  private readonly slow: SMA;

  /**
   * @param fastPeriod fast SMA period (integer >= 1; default 5).
   * @param slowPeriod slow SMA period (integer >= 1; default 34).
   */
  constructor(fastPeriod = 5, slowPeriod = 34) {
    super();
    requireInteger('fastPeriod', fastPeriod, 1);
    requireInteger('slowPeriod', slowPeriod, 1);
    this.fastPeriod = fastPeriod;
    this.slowPeriod = slowPeriod;
    this.warmUp = Math.max(fastPeriod, slowPeriod);
    this.fast = new SMA(fastPeriod);
    this.slow = new SMA(slowPeriod);
  }

  updateBar(_open: number, high: number, low: number, _close: number, _volume: number, _ts: number): number {
    const median = (high + low) / 2;
    const fast = this.fast.update(median);
    const slow = this.slow.update(median);
    if (++this.count < this.warmUp) return Number.NaN;
    return (this.outputs[0] = fast - slow);
  }

  override reset(): void {
    this.fast.reset();
    this.slow.reset();
    super.reset();
  }
}
