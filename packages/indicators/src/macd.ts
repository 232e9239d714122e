import { EmaOscillator } from './internal/ema-oscillator.ts';

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
export class MACD extends EmaOscillator {
  readonly lines: readonly string[] = ['macd', 'signal', 'histo'];

  /**
   * @param fastPeriod period of the fast EMA (integer >= 1; default 12).
   * @param slowPeriod period of the slow EMA (integer >= 1; default 26).
   * @param signalPeriod period of the signal EMA (integer >= 1; default 9).
   */
  constructor(fastPeriod = 12, slowPeriod = 26, signalPeriod = 9) {
    super(fastPeriod, slowPeriod, signalPeriod);
  }

  protected oscillator(fast: number, slow: number): number {
    return fast - slow;
  }
}
