import { Indicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';
import { SlidingExtreme } from './internal/sliding-extreme.ts';
import { SMA } from './sma.ts';

/**
 * Stochastic oscillator (George Lane): where the close sits in the range of the last `period`
 * bars, 0 at the lowest low and 100 at the highest high, then smoothed.
 *
 * Formula (the "full" stochastic; Backtrader's `_StochasticBase` with `SMA` averages):
 * - `raw = 100 * (close - lowest(low, period)) / (highest(high, period) - lowest(low, period))`
 * - `k = SMA(raw, kSmoothing)` (`kSmoothing = 1`: `k = raw`)
 * - `d = SMA(k, dPeriod)`
 * The usual variants are parameter choices of this one class:
 * - fast (`kSmoothing = 1`): Backtrader's `StochasticFast`;
 * - slow (`kSmoothing = 3`): Backtrader's `Stochastic`/`StochasticSlow` (its `k` is the fast `d`).
 * ({@link StochasticFull} shows raw %K, %D and slow %D together, like Backtrader's `StochasticFull`.)
 * Lines: `k`, defined after `period + kSmoothing - 1` bars (16 for 14/3/3), and `d`, after
 * `period + kSmoothing + dPeriod - 2` (18, `warmUp`), each as Backtrader's line.
 *
 * Convention: when the range is zero (highest = lowest, a flat window) `raw` is 50, the middle of
 * the scale (Backtrader divides by zero; its `safediv` option would give 0).
 * O(1) amortised per bar: the range comes from two `SlidingExtreme`s (van Herk / Gil-Werman blocks).
 */
export class Stochastic extends Indicator {
  readonly lines: readonly string[] = ['k', 'd'];
  readonly warmUp: number;
  readonly period: number;
  readonly kSmoothing: number;
  readonly dPeriod: number;
  private readonly highs: SlidingExtreme;
  private readonly lows: SlidingExtreme;
  private readonly kAverage: SMA;
  private readonly dAverage: SMA;

  /**
   * @param period bars in the high-low range (integer >= 1; default 14).
   * @param kSmoothing SMA period turning the raw value into `k` (integer >= 1; 1 = fast, 3 = slow).
   * @param dPeriod SMA period of `d` over `k` (integer >= 1; default 3).
   */
  constructor(period = 14, kSmoothing = 3, dPeriod = 3) {
    super(2);
    requireInteger('period', period, 1);
    requireInteger('kSmoothing', kSmoothing, 1);
    requireInteger('dPeriod', dPeriod, 1);
    this.period = period;
    this.kSmoothing = kSmoothing;
    this.dPeriod = dPeriod;
    this.highs = new SlidingExtreme(period, true);
    this.lows = new SlidingExtreme(period, false);
    this.kAverage = new SMA(kSmoothing);
    this.dAverage = new SMA(dPeriod);
    this.warmUp = period + kSmoothing + dPeriod - 2;
  }

  updateBar(_open: number, high: number, low: number, close: number, _volume: number, _ts: number): number {
    const highest = this.highs.push(high);
    const lowest = this.lows.push(low);
    if (++this.count < this.period) return Number.NaN;
    const range = highest - lowest;
    const raw = range === 0 ? 50 : (100 * (close - lowest)) / range;
    const k = this.kAverage.update(raw);
    if (this.count < this.period + this.kSmoothing - 1) return Number.NaN;
    const d = this.dAverage.update(k);
    if (this.count >= this.warmUp) this.outputs[1] = d;
    return (this.outputs[0] = k);
  }

  /** `k`: `period + kSmoothing - 1`; `d`: `warmUp`. */
  override lineWarmUp(index: number): number {
    return index === 0 ? this.period + this.kSmoothing - 1 : this.warmUp;
  }

  override reset(): void {
    this.highs.clear();
    this.lows.clear();
    this.kAverage.reset();
    this.dAverage.reset();
    super.reset();
  }
}

/**
 * Full stochastic (George Lane), the three lines of Backtrader's `StochasticFull`:
 * - `k = raw %K = 100 * (close - lowest(low, period)) / (highest(high, period) - lowest(low, period))`
 *   (Backtrader's `percK`), defined after `period` bars (14);
 * - `d = SMA(k, dPeriod)` (`percD`, the fast %D, which is the slow stochastic's %K), after
 *   `period + dPeriod - 1` bars (16);
 * - `d_slow = SMA(d, dSlowPeriod)` (`percDSlow`, the slow stochastic's %D), after
 *   `period + dPeriod + dSlowPeriod - 2` bars (18, `warmUp`).
 * Built on the fast {@link Stochastic} (same raw %K, same zero-range convention: 50), one more SMA.
 */
export class StochasticFull extends Indicator {
  readonly lines: readonly string[] = ['k', 'd', 'd_slow'];
  readonly warmUp: number;
  readonly period: number;
  readonly dPeriod: number;
  readonly dSlowPeriod: number;
  private readonly fast: Stochastic;
  private readonly slowAverage: SMA;

  /**
   * @param period bars in the high-low range (integer >= 1; default 14).
   * @param dPeriod SMA period of `d` over the raw %K (integer >= 1; default 3).
   * @param dSlowPeriod SMA period of `d_slow` over `d` (integer >= 1; default 3).
   */
  constructor(period = 14, dPeriod = 3, dSlowPeriod = 3) {
    super(3);
    requireInteger('dSlowPeriod', dSlowPeriod, 1);
    this.fast = new Stochastic(period, 1, dPeriod);
    this.period = period;
    this.dPeriod = dPeriod;
    this.dSlowPeriod = dSlowPeriod;
    this.slowAverage = new SMA(dSlowPeriod);
    this.warmUp = period + dPeriod + dSlowPeriod - 2;
  }

  updateBar(open: number, high: number, low: number, close: number, volume: number, ts: number): number {
    this.count++;
    const k = this.fast.updateBar(open, high, low, close, volume, ts);
    const d = this.fast.line(1);
    if (!Number.isNaN(d)) {
      const slow = this.slowAverage.update(d);
      this.outputs[1] = d;
      if (this.count >= this.warmUp) this.outputs[2] = slow;
    }
    return (this.outputs[0] = k);
  }

  /** `k`: `period`; `d`: `period + dPeriod - 1`; `d_slow`: `warmUp`. */
  override lineWarmUp(index: number): number {
    return index === 0 ? this.period : index === 1 ? this.period + this.dPeriod - 1 : this.warmUp;
  }

  override reset(): void {
    this.fast.reset();
    this.slowAverage.reset();
    super.reset();
  }
}
