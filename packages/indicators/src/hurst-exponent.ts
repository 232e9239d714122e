import { requireParameter } from '@rooney/core';
import { ValueIndicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';

/**
 * Rolling Hurst exponent by the variance-of-lagged-differences method (Backtrader's
 * `HurstExponent`, after the Quantopian / Ernie Chan code), NOT rescaled-range (R/S) analysis.
 *
 * Formula: over the last `period` inputs, for each lag `k` in `[lagStart, lagEnd)`, `sigma_k` is the
 * population standard deviation of the `period - k` differences `x_t - x_{t-k}` inside the window;
 * `H` is the least-squares slope of `ln sigma_k` against `ln k` (Backtrader writes it as twice the
 * slope of `log10 sqrt(sigma_k)`, which is the same number). Since `sigma_k ~ k^H`, `H = 0.5` for a
 * random walk, `< 0.5` mean-reverting, `> 0.5` trending. Apply it to log prices for scale-free
 * results; Backtrader applies it to the raw input, as this class does.
 * `lagEnd = 0` means `floor(period / 2)` (Backtrader's default). Backtrader's default period is 40;
 * users report that estimates stabilise only with much longer windows (lags 10 to 500 over 2000 bars).
 * NaN when a lag has zero dispersion (e.g. a constant window). Warm-up: `period` inputs.
 *
 * O(number of lags) per update (running sums of the differences and their squares for each lag,
 * recomputed exactly every `period` updates), plus one logarithm per lag.
 */
export class HurstExponent extends ValueIndicator {
  readonly lines: readonly string[] = ['hurst'];
  readonly warmUp: number;
  readonly period: number;
  readonly lagStart: number;
  readonly lagEnd: number;
  private readonly ring: Float64Array;
  private readonly sums: Float64Array;
  private readonly squares: Float64Array;
  /** `ln k - mean(ln k)` for each lag, and the sum of their squares. */
  private readonly centredLogLags: Float64Array;
  private readonly logLagVariance: number;
  private head = 0;

  /**
   * @param period window length (integer >= 8; Backtrader's default is 40)
   * @param lagStart smallest lag (integer >= 1; default 2)
   * @param lagEnd one past the largest lag (integer; 0 = floor(period / 2), the default)
   */
  constructor(period = 40, lagStart = 2, lagEnd = 0) {
    super();
    requireInteger('period', period, 8);
    requireInteger('lagStart', lagStart, 1);
    requireInteger('lagEnd', lagEnd, 0);
    const end = lagEnd === 0 ? Math.floor(period / 2) : lagEnd;
    requireParameter(end - lagStart >= 2, 'lagEnd', `at least lagStart + 2 = ${lagStart + 2} (two lags to fit)`, end);
    requireParameter(end <= period - 1, 'lagEnd', `at most period - 1 = ${period - 1}`, end);
    this.period = period;
    this.lagStart = lagStart;
    this.lagEnd = end;
    this.warmUp = period;
    this.ring = new Float64Array(period + 1);
    const lags = end - lagStart;
    this.sums = new Float64Array(lags);
    this.squares = new Float64Array(lags);
    this.centredLogLags = new Float64Array(lags);
    let meanLog = 0;
    for (let i = 0; i < lags; i++) meanLog += Math.log(lagStart + i) / lags;
    let variance = 0;
    for (let i = 0; i < lags; i++) {
      const centred = Math.log(lagStart + i) - meanLog;
      this.centredLogLags[i] = centred;
      variance += centred * centred;
    }
    this.logLagVariance = variance;
  }

  update(value: number): number {
    const ring = this.ring;
    const capacity = ring.length;
    const period = this.period;
    const count = ++this.count;
    const head = this.head;
    ring[head] = value;
    const next = head + 1 === capacity ? 0 : head + 1;
    this.head = next;
    const sums = this.sums;
    const squares = this.squares;
    const lags = sums.length;
    // ring index of x_{t-j} is head - j (mod capacity); x_{t-period} sits at `next` once full.
    const evicted = count > period ? ring[next] : 0;
    for (let i = 0; i < lags; i++) {
      const lag = this.lagStart + i;
      if (count <= lag) break;
      let back = head - lag;
      if (back < 0) back += capacity;
      const added = value - ring[back];
      sums[i] += added;
      squares[i] += added * added;
      if (count > period) {
        let front = next + lag;
        if (front >= capacity) front -= capacity;
        const removed = ring[front] - evicted;
        sums[i] -= removed;
        squares[i] -= removed * removed;
      }
    }
    if (count < period) return Number.NaN;
    if (count % period === 0) this.recompute();
    let slope = 0;
    for (let i = 0; i < lags; i++) {
      const n = period - (this.lagStart + i);
      const mean = sums[i] / n;
      const variance = squares[i] / n - mean * mean;
      // ln(sigma) = 0.5 ln(variance)
      slope += this.centredLogLags[i] * 0.5 * Math.log(variance > 0 ? variance : 0);
    }
    slope /= this.logLagVariance;
    return (this.outputs[0] = Number.isFinite(slope) ? slope : Number.NaN);
  }

  override reset(): void {
    this.ring.fill(0);
    this.sums.fill(0);
    this.squares.fill(0);
    this.head = 0;
    super.reset();
  }

  /** Exact sums of the lagged differences inside the current window. */
  private recompute(): void {
    const ring = this.ring;
    const capacity = ring.length;
    const period = this.period;
    // x_{t-j} for j = 0..period-1 is at (head - 1 - j) mod capacity.
    const at = (j: number): number => {
      let index = this.head - 1 - j;
      if (index < 0) index += capacity;
      return ring[index];
    };
    for (let i = 0; i < this.sums.length; i++) {
      const lag = this.lagStart + i;
      let sum = 0;
      let square = 0;
      for (let j = 0; j + lag < period; j++) {
        const difference = at(j) - at(j + lag);
        sum += difference;
        square += difference * difference;
      }
      this.sums[i] = sum;
      this.squares[i] = square;
    }
  }
}
