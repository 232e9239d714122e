import { SortedWindow } from './sorted-window.ts';

/**
 * Windows of at most this many values are ranked by counting, larger ones on a `SortedWindow`.
 * Measured on the bench machine (one-bar returns of the bench's random walk, ns per push):
 *
 * | window          |  20 |  50 | 101 | 128 | 252 |
 * |-----------------|-----|-----|-----|-----|-----|
 * | counting        |  13 |  27 |  48 |  60 | 116 |
 * | `SortedWindow`  |  47 |  55 |  60 |  61 |  69 |
 */
export const COUNTING_LIMIT = 128;

/**
 * Rank of each new value among the last `capacity` values (itself included): how many of them are
 * strictly below it. The one rank structure of the package (`PercentRank`, `ConnorsRSI`, `DV2`).
 *
 * Up to `COUNTING_LIMIT` values the window is a ring scanned on every push with branch-free
 * comparisons in four independent sums (O(n) but about 0.45 ns a value, no data-dependent branch
 * and no shifting); beyond it a `SortedWindow` answers in O(log n + shift). Both give the same
 * count. Values must not be NaN.
 */
export class RankWindow {
  readonly capacity: number;
  /** Counting form: the ring, padded to a multiple of 8 with +Infinity (never below a value). */
  private readonly ring: Float64Array;
  private head = 0;
  /** Sorted form, for windows above `COUNTING_LIMIT`. */
  private readonly sorted: SortedWindow | undefined;

  /** @param capacity values in the window (integer >= 1; the caller validates it). */
  constructor(capacity: number) {
    this.capacity = capacity;
    if (capacity > COUNTING_LIMIT) {
      this.sorted = new SortedWindow(capacity);
      this.ring = new Float64Array(0);
    } else {
      this.ring = new Float64Array(Math.ceil(capacity / 8) * 8).fill(Number.POSITIVE_INFINITY);
    }
  }

  /**
   * Adds `value`, evicting the oldest value when full. Returns the number of held values (after the
   * push, `value` included) strictly less than `value`.
   */
  push(value: number): number {
    if (this.sorted !== undefined) return this.sorted.push(value);
    const ring = this.ring;
    const head = this.head;
    ring[head] = value;
    this.head = head + 1 === this.capacity ? 0 : head + 1;
    // Comparisons turned into 0/1 and summed: no branch depends on the data.
    let a = 0;
    let b = 0;
    let c = 0;
    let d = 0;
    for (let i = 0; i < ring.length; i += 8) {
      a += +(ring[i] < value) + +(ring[i + 4] < value);
      b += +(ring[i + 1] < value) + +(ring[i + 5] < value);
      c += +(ring[i + 2] < value) + +(ring[i + 6] < value);
      d += +(ring[i + 3] < value) + +(ring[i + 7] < value);
    }
    return a + b + c + d;
  }

  /** Back to the freshly constructed state. */
  clear(): void {
    if (this.sorted !== undefined) this.sorted.clear();
    this.ring.fill(Number.POSITIVE_INFINITY);
    this.head = 0;
  }
}
