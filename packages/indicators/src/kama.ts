import { ValueIndicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';

/**
 * Kaufman's adaptive moving average (Perry Kaufman, *Smarter Trading*; Backtrader's `KAMA`).
 *
 * Formula:
 * - `direction = x_t - x_{t-period}`, `volatility = sum_{k=0}^{period-1} |x_{t-k} - x_{t-k-1}|`
 * - `er = |direction| / volatility` (efficiency ratio; taken as 0 when volatility is 0)
 * - `sc = (er (2/(fast+1) - 2/(slow+1)) + 2/(slow+1))^2`
 * - `kama_t = kama_{t-1} + sc (x_t - kama_{t-1})`
 * Seed (Backtrader's convention): on the first defined bar, the simple average of the last `period`
 * inputs. Warm-up: `period + 1` inputs (the direction needs `x_{t-period}`).
 *
 * O(1) per update: a ring of the last `period + 1` inputs and a running sum of absolute moves,
 * recomputed exactly every `period + 1` updates.
 */
export class KAMA extends ValueIndicator {
  readonly lines: readonly string[] = ['kama'];
  readonly warmUp: number;
  readonly period: number;
  readonly fast: number;
  readonly slow: number;
  private readonly ring: Float64Array;
  private readonly fastAlpha: number;
  private readonly slowAlpha: number;
  private head = 0;
  private last = Number.NaN;
  private volatility = 0;
  private current = Number.NaN;

  /**
   * @param period efficiency-ratio window (integer >= 1; default 30)
   * @param fast period of the fastest EMA the average may follow (integer >= 1; default 2)
   * @param slow period of the slowest EMA (integer >= 1; default 30)
   */
  constructor(period = 30, fast = 2, slow = 30) {
    super();
    requireInteger('period', period, 1);
    requireInteger('fast', fast, 1);
    requireInteger('slow', slow, 1);
    this.period = period;
    this.fast = fast;
    this.slow = slow;
    this.warmUp = period + 1;
    this.ring = new Float64Array(period + 1);
    this.fastAlpha = 2 / (fast + 1);
    this.slowAlpha = 2 / (slow + 1);
  }

  update(value: number): number {
    const ring = this.ring;
    const capacity = this.period + 1;
    const head = this.head;
    const count = ++this.count;
    if (count >= 2) this.volatility += Math.abs(value - this.last);
    if (count > capacity) {
      const evicted = ring[head];
      const oldest = ring[head + 1 === capacity ? 0 : head + 1];
      this.volatility -= Math.abs(oldest - evicted);
    }
    ring[head] = value;
    const next = head + 1 === capacity ? 0 : head + 1;
    this.head = next;
    this.last = value;
    if (count < capacity) return Number.NaN;
    if (next === 0) this.recomputeVolatility();
    if (count === capacity) {
      let sum = 0;
      for (let i = 0; i < capacity; i++) sum += ring[i];
      this.current = (sum - ring[next]) / this.period;
    } else {
      const direction = value - ring[next];
      const efficiency = this.volatility > 0 ? Math.abs(direction) / this.volatility : 0;
      const root = efficiency * (this.fastAlpha - this.slowAlpha) + this.slowAlpha;
      this.current += root * root * (value - this.current);
    }
    return (this.outputs[0] = this.current);
  }

  override reset(): void {
    this.ring.fill(0);
    this.head = 0;
    this.last = Number.NaN;
    this.volatility = 0;
    this.current = Number.NaN;
    super.reset();
  }

  /** Sum of absolute moves over the full ring, oldest at index 0 (called when `head` wrapped to 0). */
  private recomputeVolatility(): void {
    const ring = this.ring;
    let sum = 0;
    for (let i = 1; i < ring.length; i++) sum += Math.abs(ring[i] - ring[i - 1]);
    this.volatility = sum;
  }
}
