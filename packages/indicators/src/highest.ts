import { ValueIndicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';
import { SlidingExtreme } from './internal/sliding-extreme.ts';

/** `Highest` and `Lowest`: the package's sliding extreme (`SlidingExtreme`) as an indicator. */
abstract class WindowExtreme extends ValueIndicator {
  readonly warmUp: number;
  readonly period: number;
  private readonly extreme: SlidingExtreme;

  protected constructor(period: number, highest: boolean) {
    super();
    requireInteger('period', period, 1);
    this.period = period;
    this.warmUp = period;
    this.extreme = new SlidingExtreme(period, highest);
  }

  update(value: number): number {
    const extreme = this.extreme.push(value);
    if (++this.count < this.period) return Number.NaN;
    return (this.outputs[0] = extreme);
  }

  override reset(): void {
    this.extreme.clear();
    super.reset();
  }
}

/**
 * Highest value of the last `period` inputs (Backtrader's `Highest`/`MaxN`), the current one
 * included. Warm-up: `period` inputs. O(1) amortised (van Herk / Gil-Werman blocks, see
 * `SlidingExtreme`). Inputs must not be NaN.
 */
export class Highest extends WindowExtreme {
  readonly lines: readonly string[] = ['highest'];

  /** @param period window length (integer >= 1). */
  constructor(period = 14) {
    super(period, true);
  }
}

/**
 * Lowest value of the last `period` inputs (Backtrader's `Lowest`/`MinN`), the current one
 * included. Warm-up: `period` inputs. O(1) amortised (van Herk / Gil-Werman blocks, see
 * `SlidingExtreme`). Inputs must not be NaN.
 */
export class Lowest extends WindowExtreme {
  readonly lines: readonly string[] = ['lowest'];

  /** @param period window length (integer >= 1). */
  constructor(period = 14) {
    super(period, false);
  }
}
