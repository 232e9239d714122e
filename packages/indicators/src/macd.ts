import { EMA } from './ema.ts';
import { ValueIndicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';

/**
 * Moving average convergence/divergence (Gerald Appel): the gap between a fast and a slow EMA,
 * its EMA (the signal) and their difference (the histogram).
 *
 * Formula (Backtrader's `MACDHisto`):
 * - `macd = EMA(x, fastPeriod) - EMA(x, slowPeriod)`
 * - `signal = EMA(macd, signalPeriod)`
 * - `histo = macd - signal`
 * Every EMA is seeded with the simple mean of its first `period` inputs (see `EMA`), so the signal
 * starts from the mean of the first `signalPeriod` MACD values.
 * Lines: `macd`, `signal`, `histo`. Warm-up: `max(fastPeriod, slowPeriod) + signalPeriod - 1`
 * inputs (34 with the defaults); every line is NaN until then (Backtrader's minimum period).
 */
export class MACD extends ValueIndicator {
  readonly lines: readonly string[] = ['macd', 'signal', 'histo'];
  readonly warmUp: number;
  readonly fastPeriod: number;
  readonly slowPeriod: number;
  readonly signalPeriod: number;
  private readonly fast: EMA;
  private readonly slow: EMA;
  private readonly signal: EMA;
  private readonly differenceWarmUp: number;

  /**
   * @param fastPeriod period of the fast EMA (integer >= 1; default 12).
   * @param slowPeriod period of the slow EMA (integer >= 1; default 26).
   * @param signalPeriod period of the signal EMA (integer >= 1; default 9).
   */
  constructor(fastPeriod = 12, slowPeriod = 26, signalPeriod = 9) {
    super(3);
    requireInteger('fastPeriod', fastPeriod, 1);
    requireInteger('slowPeriod', slowPeriod, 1);
    requireInteger('signalPeriod', signalPeriod, 1);
    this.fastPeriod = fastPeriod;
    this.slowPeriod = slowPeriod;
    this.signalPeriod = signalPeriod;
    this.fast = new EMA(fastPeriod);
    this.slow = new EMA(slowPeriod);
    this.signal = new EMA(signalPeriod);
    this.differenceWarmUp = Math.max(fastPeriod, slowPeriod);
    this.warmUp = this.differenceWarmUp + signalPeriod - 1;
  }

  update(value: number): number {
    const fast = this.fast.update(value);
    const slow = this.slow.update(value);
    if (++this.count < this.differenceWarmUp) return Number.NaN;
    const macd = fast - slow;
    const signal = this.signal.update(macd);
    if (this.count < this.warmUp) return Number.NaN;
    this.outputs[1] = signal;
    this.outputs[2] = macd - signal;
    return (this.outputs[0] = macd);
  }

  override reset(): void {
    this.fast.reset();
    this.slow.reset();
    this.signal.reset();
    super.reset();
  }
}
