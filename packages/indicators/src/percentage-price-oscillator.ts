import { EMA } from './ema.ts';
import { ValueIndicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';

/**
 * Percentage price oscillator: the MACD expressed as a percentage of the slow average, so that
 * values compare across price levels.
 *
 * Formula (Backtrader's `PPO`, the long average as denominator like StockCharts; MetaStock's
 * `PPOShort` divides by the short one):
 * - `ppo = 100 * (EMA(x, fastPeriod) - EMA(x, slowPeriod)) / EMA(x, slowPeriod)`
 * - `signal = EMA(ppo, signalPeriod)`, `histo = ppo - signal`
 * Lines: `ppo`, `signal`, `histo`. Warm-up: `max(fastPeriod, slowPeriod) + signalPeriod - 1`
 * inputs (34 with the defaults); every line is NaN until then.
 */
export class PercentagePriceOscillator extends ValueIndicator {
  readonly lines: readonly string[] = ['ppo', 'signal', 'histo'];
  readonly warmUp: number;
  readonly fastPeriod: number;
  readonly slowPeriod: number;
  readonly signalPeriod: number;
  private readonly fast: EMA;
  private readonly slow: EMA;
  private readonly signal: EMA;
  private readonly oscillatorWarmUp: number;

  /**
   * @param fastPeriod period of the fast EMA (integer >= 1; default 12).
   * @param slowPeriod period of the slow EMA, the denominator (integer >= 1; default 26).
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
    this.oscillatorWarmUp = Math.max(fastPeriod, slowPeriod);
    this.warmUp = this.oscillatorWarmUp + signalPeriod - 1;
  }

  update(value: number): number {
    const fast = this.fast.update(value);
    const slow = this.slow.update(value);
    if (++this.count < this.oscillatorWarmUp) return Number.NaN;
    const ppo = (100 * (fast - slow)) / slow;
    const signal = this.signal.update(ppo);
    if (this.count < this.warmUp) return Number.NaN;
    this.outputs[1] = signal;
    this.outputs[2] = ppo - signal;
    return (this.outputs[0] = ppo);
  }

  override reset(): void {
    this.fast.reset();
    this.slow.reset();
    this.signal.reset();
    super.reset();
  }
}
