import { LookbackChange } from './internal/lookback-change.ts';

/**
 * Rate of change as a ratio (Backtrader's `RateOfChange`/`ROC`, not the percentage `ROC100`).
 *
 * Formula: `roc_t = (x_t - x_{t-period}) / x_{t-period}`; 0.05 means +5 %.
 * Warm-up: `period + 1` inputs. A zero reference value gives ±Infinity (or NaN for 0 / 0), as the
 * division does; prices are never zero in practice.
 */
export class RateOfChange extends LookbackChange {
  readonly lines: readonly string[] = ['roc'];

  /** @param period look-back in bars (integer >= 1; Backtrader's default is 12). */
  constructor(period = 12) {
    super(period);
  }

  protected change(value: number, reference: number): number {
    return (value - reference) / reference;
  }
}
