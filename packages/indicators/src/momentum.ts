import { LookbackChange } from './internal/lookback-change.ts';

/**
 * Momentum: how far the input has moved over `period` bars, in price points.
 *
 * Formula: `momentum_t = x_t - x_{t-period}` (Backtrader's `Momentum`).
 * Warm-up: `period + 1` inputs.
 */
export class Momentum extends LookbackChange {
  readonly lines: readonly string[] = ['momentum'];

  /** @param period look-back in bars (integer >= 1; Backtrader's default is 12). */
  constructor(period = 12) {
    super(period);
  }

  protected change(value: number, reference: number): number {
    return value - reference;
  }
}
