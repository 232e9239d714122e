/**
 * Maximum (or minimum) of the last `capacity` inputs together with how many inputs ago it
 * occurred, on a monotonic deque: amortised O(1) per push (each input enters and leaves once).
 * On ties the most recent input is the extreme (a new value evicts every candidate it equals),
 * Backtrader's `FindFirstIndexHighest`/`Lowest` convention. Before `capacity` inputs the answers
 * cover the inputs so far. Inputs must not be NaN.
 *
 * `Highest`/`Lowest` give the value alone; this class exists for the position (Aroon).
 */
export class WindowExtremes {
  readonly capacity: number;
  /** +1 for the maximum, -1 for the minimum (kept as the maximum of negated inputs). */
  private readonly sign: number;
  /** Candidates, oldest first, in a ring: input number and signed value. */
  private readonly positions: Float64Array;
  private readonly values: Float64Array;
  private head = 0;
  private size = 0;
  private pushed = 0;

  /**
   * @param capacity inputs in the window (integer >= 1).
   * @param highest true for the maximum, false for the minimum.
   */
  constructor(capacity: number, highest: boolean) {
    this.capacity = capacity;
    this.sign = highest ? 1 : -1;
    this.positions = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  push(value: number): void {
    const capacity = this.capacity;
    const values = this.values;
    const signed = value * this.sign;
    const position = this.pushed++;
    if (this.size > 0 && this.positions[this.head] <= position - capacity) {
      this.head = this.head + 1 === capacity ? 0 : this.head + 1;
      this.size--;
    }
    let tail = this.head + this.size - 1;
    if (tail >= capacity) tail -= capacity;
    while (this.size > 0 && values[tail] <= signed) {
      this.size--;
      tail = tail === 0 ? capacity - 1 : tail - 1;
    }
    let slot = this.head + this.size;
    if (slot >= capacity) slot -= capacity;
    this.positions[slot] = position;
    values[slot] = signed;
    this.size++;
  }

  /** The extreme of the window. */
  extreme(): number {
    return this.values[this.head] * this.sign;
  }

  /** Inputs between the newest one and the window's extreme (0 = the newest). */
  sinceExtreme(): number {
    return this.pushed - 1 - this.positions[this.head];
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
    this.pushed = 0;
  }
}
