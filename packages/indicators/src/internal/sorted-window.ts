/**
 * The last `capacity` values kept both in arrival order (a ring) and sorted, for rolling quantiles
 * and ranks. Once full, a push finds the evicted and the new value's places by two binary searches
 * run side by side without data-dependent branches (the comparison result is added to the index, so
 * the ~50 % mispredictions of a branchy search on noise disappear and the two searches overlap),
 * then slides the sorted values lying between the two places by one (`copyWithin` beyond a few
 * values: its call costs about as much as a loop of 8). O(log n + distance), with the distance a
 * third of the window on average for noisy data: about 47 ns for 20 values, 60 ns for 101 and 69 ns
 * for 252 on the bench machine, against 56, 96 and 114 ns with the branchy searches it replaced.
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

  /**
   * Adds `value`, evicting the oldest value when full. Returns the number of held values (after the
   * push) strictly less than `value`, i.e. its 0-based rank among them.
   */
  push(value: number): number {
    const sorted = this.sorted;
    const head = this.head;
    const size = this.size;
    let rank: number;
    if (size === this.capacity) {
      // Lower bounds of the evicted and the new value, searched together (Khuong & Morin's
      // branch-free search: the answer stays in [base, base + n] while n halves).
      const evicted = this.ring[head];
      let from = 0;
      let to = 0;
      let n = size;
      while (n > 1) {
        const half = n >>> 1;
        from += +(sorted[from + half] < evicted) * half;
        to += +(sorted[to + half] < value) * half;
        n -= half;
      }
      from += +(sorted[from] < evicted);
      to += +(sorted[to] < value);
      if (to > from) {
        // Slide (from, to) one step left; every value there is below `value`.
        rank = to - 1;
        if (rank - from > 8) sorted.copyWithin(from, from + 1, to);
        else for (let i = from; i < rank; i++) sorted[i] = sorted[i + 1];
      } else {
        // Slide [to, from) one step right; every value there is >= `value`.
        rank = to;
        if (from - to > 8) sorted.copyWithin(to + 1, to, from);
        else for (let i = from; i > to; i--) sorted[i] = sorted[i - 1];
      }
    } else {
      rank = this.lowerBound(value);
      for (let i = size; i > rank; i--) sorted[i] = sorted[i - 1];
      this.size = size + 1;
    }
    sorted[rank] = value;
    this.ring[head] = value;
    this.head = head + 1 === this.capacity ? 0 : head + 1;
    return rank;
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

  /** First index whose sorted value is >= `value` (while filling; a plain binary search). */
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
