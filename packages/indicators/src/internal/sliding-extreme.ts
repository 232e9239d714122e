/**
 * Maximum (or minimum) of the last `window` inputs and how many inputs ago it occurred, streamed by
 * the van Herk / Gil-Werman block method. The one sliding-extreme core of the package: `Highest`,
 * `Lowest`, `DonchianChannel`, `Stochastic`, `WilliamsR`, `Ichimoku` and `Aroon` all build on it.
 *
 * Inputs are cut into blocks of `window`; the window ending at position `j` of the current block is
 * the previous block's suffix `[j + 1, window)` plus the current block's prefix `[0, j]`, so its
 * extreme is `max(suffixMax(previous block, j + 1), prefixMax(current block, j))`. The prefix is kept
 * as inputs arrive; the suffix maxima (and where they occurred) of a block are computed in one
 * backward pass when it completes. O(1) amortised, about three comparisons per input whatever the
 * data: a monotonic deque's pops are data-dependent loops that mispredict on noisy prices (measured
 * about 1.5 times slower than this for a maximum with its position on a tick-rounded random walk).
 *
 * On ties the most recent input is the extreme (Backtrader's `FindFirstIndexHighest`/`Lowest`
 * convention, which Aroon needs). Before `window` inputs the answers cover the inputs so far.
 * Inputs must not be NaN.
 */
export class SlidingExtreme {
  readonly window: number;
  /** +1 for the maximum, -1 for the minimum (kept as the maximum of negated inputs). */
  private readonly sign: number;
  /**
   * Slot `j` holds the current block's input `j` (signed) up to the current position, and after it
   * the previous block's suffix maximum from `j` on.
   */
  private readonly blocks: Float64Array;
  /** After the current position: where in the previous block `blocks[j]` occurred (latest on ties). */
  private readonly suffixAt: Int32Array;
  /** Position of the newest input in the current block, -1 before the first. */
  private position = -1;
  /** Maximum of the current block so far, and its position (latest on ties). Always a double. */
  private prefix = Number.NEGATIVE_INFINITY;
  private prefixAt = 0;
  private hasPreviousBlock = false;

  /**
   * @param window inputs in the window (integer >= 1; the caller validates it).
   * @param highest true for the maximum, false for the minimum.
   */
  constructor(window: number, highest: boolean) {
    this.window = window;
    this.sign = highest ? 1 : -1;
    this.blocks = new Float64Array(window);
    this.suffixAt = new Int32Array(window);
  }

  /** Adds `value`; returns the extreme of the last `window` inputs (of all inputs while fewer). */
  push(value: number): number {
    const signed = value * this.sign;
    let position = this.position + 1;
    if (position === this.window) position = 0;
    this.position = position;
    const blocks = this.blocks;
    blocks[position] = signed;
    let prefix = this.prefix;
    if (position === 0 || signed >= prefix) {
      prefix = signed;
      this.prefix = signed;
      this.prefixAt = position;
    }
    const next = position + 1;
    if (next === this.window) {
      // The window is exactly the current block, which now becomes the previous one: turn its
      // inputs into suffix maxima and their positions, in one backward pass (kept inline: as a
      // method of its own it measured slower once `push` is inlined into an indicator).
      const suffixAt = this.suffixAt;
      let at = position;
      let running = signed;
      suffixAt[at] = at;
      for (let j = at - 1; j >= 0; j--) {
        const own = blocks[j];
        if (own > running) {
          running = own;
          at = j;
        } else {
          blocks[j] = running;
        }
        suffixAt[j] = at;
      }
      this.hasPreviousBlock = true;
      return prefix * this.sign;
    }
    if (!this.hasPreviousBlock) return prefix * this.sign;
    const suffix = blocks[next];
    return (suffix > prefix ? suffix : prefix) * this.sign;
  }

  /**
   * Inputs between the newest one and the extreme returned by the last `push` (0 = the newest),
   * the most recent occurrence on ties. Call after at least one `push`.
   */
  sinceExtreme(): number {
    const position = this.position;
    const next = position + 1;
    if (this.hasPreviousBlock && next < this.window && this.blocks[next] > this.prefix) {
      return position + this.window - this.suffixAt[next];
    }
    return position - this.prefixAt;
  }

  /** Back to the freshly constructed state. */
  clear(): void {
    this.position = -1;
    this.prefix = Number.NEGATIVE_INFINITY;
    this.prefixAt = 0;
    this.hasPreviousBlock = false;
  }
}
