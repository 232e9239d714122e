/**
 * The last `capacity` values kept both in arrival order (a ring) and sorted, for rolling ranks and
 * quantiles. A push costs two binary searches plus one shift of the sorted values lying between the
 * evicted and the inserted value: O(log n + distance), a few tens of ns for windows of a few hundred.
 * Values must not be NaN (they would break the ordering).
 */
export class SortedWindow {
  readonly capacity: number;
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private head = 0;
  private size = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.ring = new Float64Array(capacity);
    this.sorted = new Float64Array(capacity);
  }

  get length(): number {
    return this.size;
  }

  get isFull(): boolean {
    return this.size === this.capacity;
  }

  /** Adds `value`, evicting the oldest value when full. */
  push(value: number): void {
    const sorted = this.sorted;
    const head = this.head;
    if (this.size === this.capacity) {
      const evicted = this.ring[head];
      const from = this.lowerBound(evicted);
      const to = this.lowerBound(value);
      if (to > from) {
        // Slide (from, to) one step left and put the value just before `to`.
        for (let i = from; i < to - 1; i++) sorted[i] = sorted[i + 1];
        sorted[to - 1] = value;
      } else {
        for (let i = from; i > to; i--) sorted[i] = sorted[i - 1];
        sorted[to] = value;
      }
    } else {
      const to = this.lowerBound(value);
      for (let i = this.size; i > to; i--) sorted[i] = sorted[i - 1];
      sorted[to] = value;
      this.size++;
    }
    this.ring[head] = value;
    this.head = head + 1 === this.capacity ? 0 : head + 1;
  }

  /** Number of held values strictly less than `value`. */
  countBelow(value: number): number {
    return this.lowerBound(value);
  }

  /** The `rank`-th smallest held value (0-based). */
  at(rank: number): number {
    return this.sorted[rank];
  }

  /**
   * Quantile `q` in [0, 1] by linear interpolation between order statistics (Hyndman & Fan type 7:
   * numpy's default, Excel `PERCENTILE.INC`): `h = (n - 1) q`, `s[floor h] + frac(h) (s[floor h + 1] - s[floor h])`.
   */
  quantile(q: number): number {
    const n = this.size;
    if (n === 0) return Number.NaN;
    const h = (n - 1) * q;
    const below = Math.floor(h);
    const fraction = h - below;
    const low = this.sorted[below];
    return fraction === 0 ? low : low + fraction * (this.sorted[below + 1] - low);
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
  }

  /** First index whose sorted value is >= `value`. */
  private lowerBound(value: number): number {
    const sorted = this.sorted;
    let low = 0;
    let high = this.size;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (sorted[middle] < value) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
