/**
 * Running maximum (or minimum) of the last `capacity` inputs, answering for any suffix window of
 * `1..capacity` inputs: its extreme value and how many inputs ago it occurred. A monotonic deque:
 * each push is amortised O(1), each query a binary search over the candidates (the inputs not beaten
 * by a later one; few in practice).
 *
 * On ties the most recent input is the extreme (a new value evicts every candidate it equals),
 * Backtrader's `FindFirstIndexHighest`/`Lowest` convention. Inputs must not be NaN.
 */
export class WindowExtremes {
  readonly capacity: number;
  private readonly highest: boolean;
  /** Candidates, oldest first, in a ring: input number and value. */
  private readonly positions: Float64Array;
  private readonly values: Float64Array;
  private head = 0;
  private size = 0;
  private pushed = 0;

  /**
   * @param capacity longest window that will be queried (integer >= 1).
   * @param highest true for the maximum, false for the minimum.
   */
  constructor(capacity: number, highest: boolean) {
    this.capacity = capacity;
    this.highest = highest;
    this.positions = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  /** Number of inputs pushed since construction or `clear()`. */
  get length(): number {
    return this.pushed;
  }

  push(value: number): void {
    const capacity = this.capacity;
    const position = this.pushed++;
    if (this.size > 0 && this.positions[this.head] <= position - capacity) {
      this.head = this.head + 1 === capacity ? 0 : this.head + 1;
      this.size--;
    }
    const values = this.values;
    const highest = this.highest;
    while (this.size > 0) {
      let tail = this.head + this.size - 1;
      if (tail >= capacity) tail -= capacity;
      const candidate = values[tail];
      if (highest ? candidate > value : candidate < value) break;
      this.size--;
    }
    let slot = this.head + this.size;
    if (slot >= capacity) slot -= capacity;
    this.positions[slot] = position;
    values[slot] = value;
    this.size++;
  }

  /** Extreme of the last `window` inputs (`1 <= window <= capacity`). */
  extreme(window: number): number {
    return this.values[this.slotOf(window)];
  }

  /** Inputs between the newest one and the extreme of the last `window` inputs (0 = the newest). */
  sinceExtreme(window: number): number {
    return this.pushed - 1 - this.positions[this.slotOf(window)];
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
    this.pushed = 0;
  }

  /** Ring slot of the oldest candidate inside the window: the window's extreme. */
  private slotOf(window: number): number {
    const capacity = this.capacity;
    const positions = this.positions;
    const first = this.pushed - window;
    // Usually the front (the extreme of the whole deque) is inside the window.
    if (positions[this.head] >= first) return this.head;
    // Otherwise the candidates inside the window are a suffix of the deque: binary search its start.
    let low = 1;
    let high = this.size - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      let slot = this.head + middle;
      if (slot >= capacity) slot -= capacity;
      if (positions[slot] < first) low = middle + 1;
      else high = middle;
    }
    const slot = this.head + low;
    return slot >= capacity ? slot - capacity : slot;
  }
}
