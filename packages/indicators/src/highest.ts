import { ValueIndicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';

/**
 * Sliding-window maximum of `sign * x` in O(1) amortised per update with the van Herk / Gil-Werman
 * block scheme: inputs are cut into blocks of `period`; the window ending at position `j` of the
 * current block is the current block's prefix `[0, j]` plus the previous block's suffix `[j+1, end)`.
 * The prefix maximum is kept running; the previous block's suffix maxima are computed once per block
 * (`period` steps every `period` updates). Unlike a monotonic deque, no data-dependent loop runs per
 * update, so branch mispredictions on noisy prices stay low.
 */
abstract class WindowExtreme extends ValueIndicator {
  readonly warmUp: number;
  readonly period: number;
  private readonly sign: number;
  /** Inputs (times `sign`) of the current block, by position. */
  private readonly block: Float64Array;
  /** `suffix[j]` = maximum of the previous block's positions `j .. period - 1`. */
  private readonly suffix: Float64Array;
  private position = 0;
  private prefix = Number.NEGATIVE_INFINITY;

  protected constructor(period: number, sign: 1 | -1) {
    super();
    requireInteger('period', period, 1);
    this.period = period;
    this.warmUp = period;
    this.sign = sign;
    this.block = new Float64Array(period);
    this.suffix = new Float64Array(period);
  }

  update(value: number): number {
    const signed = this.sign === 1 ? value : -value;
    const period = this.period;
    const j = this.position;
    const prefix = j === 0 || signed > this.prefix ? signed : this.prefix;
    let extreme = prefix;
    if (j + 1 === period) {
      // The window is exactly the current block; it becomes the previous block.
      const block = this.block;
      const suffix = this.suffix;
      block[j] = signed;
      let running = signed;
      suffix[j] = running;
      for (let k = j - 1; k >= 0; k--) {
        const v = block[k];
        if (v > running) running = v;
        suffix[k] = running;
      }
      this.position = 0;
    } else {
      this.block[j] = signed;
      const older = this.suffix[j + 1];
      if (older > extreme) extreme = older;
      this.position = j + 1;
    }
    this.prefix = prefix;
    if (++this.count < period) return Number.NaN;
    return (this.outputs[0] = this.sign === 1 ? extreme : -extreme);
  }

  override reset(): void {
    this.position = 0;
    this.prefix = Number.NEGATIVE_INFINITY;
    this.block.fill(0);
    this.suffix.fill(0);
    super.reset();
  }
}

/**
 * Highest value of the last `period` inputs (Backtrader's `Highest`/`MaxN`), the current one
 * included. Warm-up: `period` inputs. O(1) amortised (van Herk / Gil-Werman blocks).
 */
export class Highest extends WindowExtreme {
  readonly lines: readonly string[] = ['highest'];

  /** @param period window length (integer >= 1). */
  constructor(period = 14) {
    super(period, 1);
  }
}

/**
 * Lowest value of the last `period` inputs (Backtrader's `Lowest`/`MinN`), the current one
 * included. Warm-up: `period` inputs. O(1) amortised (van Herk / Gil-Werman blocks).
 */
export class Lowest extends WindowExtreme {
  readonly lines: readonly string[] = ['lowest'];

  /** @param period window length (integer >= 1). */
  constructor(period = 14) {
    super(period, -1);
  }
}
