import { EmaOscillator } from './internal/ema-oscillator.ts';

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
export class PercentagePriceOscillator extends EmaOscillator {
  readonly lines: readonly string[] = ['ppo', 'signal', 'histo'];

  /**
   * @param fastPeriod period of the fast EMA (integer >= 1; default 12).
   * @param slowPeriod period of the slow EMA, the denominator (integer >= 1; default 26).
   * @param signalPeriod period of the signal EMA (integer >= 1; default 9).
   */
  constructor(fastPeriod = 12, slowPeriod = 26, signalPeriod = 9) {
    super(fastPeriod, slowPeriod, signalPeriod);
  }

  protected oscillator(fast: number, slow: number): number {
    return (100 * (fast - slow)) / slow;
  }
}
