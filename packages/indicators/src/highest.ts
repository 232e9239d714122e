import { ValueIndicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';

/**
 * Sliding-window extreme with a monotonic deque: amortised O(1) per update (each input enters and
 * leaves the deque once). `sign = 1` keeps the maximum, `sign = -1` the minimum.
 */
abstract class WindowExtreme extends ValueIndicator {
  readonly warmUp: number;
  readonly period: number;
  /** Candidate values (times `sign`) in decreasing order, held in a ring of capacity `period`. */
  private readonly values: Float64Array;
  /** Input index of each candidate. */
  private readonly indices: Float64Array;
  private front = 0;
  private size = 0;
  private readonly sign: number;

  protected constructor(period: number, sign: 1 | -1) {
    super();
    requireInteger('period', period, 1);
    this.period = period;
    this.warmUp = period;
    this.values = new Float64Array(period);
    this.indices = new Float64Array(period);
    this.sign = sign;
  }

  update(value: number): number {
    const capacity = this.period;
    const values = this.values;
    const indices = this.indices;
    const index = this.count++;
    const signed = this.sign === 1 ? value : -value;
    let front = this.front;
    let size = this.size;
    // Drop the front candidate once it leaves the window.
    if (size > 0 && indices[front] <= index - capacity) {
      front = front + 1 === capacity ? 0 : front + 1;
      size--;
    }
    // Drop candidates from the back that the new value dominates (ties: keep the newest).
    let back = front + size - 1;
    if (back >= capacity) back -= capacity;
    while (size > 0 && values[back] <= signed) {
      size--;
      back = back === 0 ? capacity - 1 : back - 1;
    }
    let slot = front + size;
    if (slot >= capacity) slot -= capacity;
    values[slot] = signed;
    indices[slot] = index;
    this.front = front;
    this.size = size + 1;
    if (index + 1 < capacity) return Number.NaN;
    const extreme = values[front];
    return (this.outputs[0] = this.sign === 1 ? extreme : -extreme);
  }

  override reset(): void {
    this.front = 0;
    this.size = 0;
    super.reset();
  }
}

/**
 * Highest value of the last `period` inputs (Backtrader's `Highest`/`MaxN`), the current one
 * included. Warm-up: `period` inputs. Amortised O(1) (monotonic deque).
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
 * included. Warm-up: `period` inputs. Amortised O(1) (monotonic deque).
 */
export class Lowest extends WindowExtreme {
  readonly lines: readonly string[] = ['lowest'];

  /** @param period window length (integer >= 1). */
  constructor(period = 14) {
    super(period, -1);
  }
}
