/**
 * Fixed-capacity ring of numbers on a `Float64Array`. `push` returns the value it evicts (NaN while
 * not yet full) so running sums stay O(1).
 */
export class RingBuffer {
  readonly capacity: number;
  private readonly data: Float64Array;
  private head = 0;
  private size = 0;

  constructor(capacity: number) {
    if (!(Number.isInteger(capacity) && capacity > 0)) {
      throw new RangeError(`"capacity" must be a positive integer, was ${capacity}`);
    }
    this.capacity = capacity;
    this.data = new Float64Array(capacity);
  }

  get length(): number {
    return this.size;
  }

  get isFull(): boolean {
    return this.size === this.capacity;
  }

  /** Appends `value`; returns the evicted oldest value, or NaN if nothing was evicted. */
  push(value: number): number {
    const evicted = this.size === this.capacity ? this.data[this.head] : Number.NaN;
    this.data[this.head] = value;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    if (this.size < this.capacity) this.size++;
    return evicted;
  }

  /** Value `ago` steps back from the newest (0 = newest). */
  get(ago = 0): number {
    if (ago < 0 || ago >= this.size) return Number.NaN;
    let index = this.head - 1 - ago;
    if (index < 0) index += this.capacity;
    return this.data[index];
  }

  /** Oldest value held. */
  oldest(): number {
    return this.get(this.size - 1);
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
  }
}
