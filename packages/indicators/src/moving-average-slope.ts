import { ValueIndicator } from './indicator.ts';
import { createMovingAverage } from './moving-average.ts';
import { requireInteger } from './internal/parameter-checks.ts';

/**
 * Slope of a moving average: its average change per bar over the last `lookback` bars.
 *
 * Formula: `ma = MA(x, period)` (kind `average`: sma, ema, smma, wma, dema, tema, hma, zlema, kama),
 * `slope_t = (ma_t - ma_{t-lookback}) / lookback` in price units per bar; with `relative`,
 * `slope_t = (ma_t - ma_{t-lookback}) / (lookback * ma_{t-lookback})`, a fractional change per bar
 * comparable across instruments. (A two-point difference, not a regression fit: it equals the
 * least-squares slope when the average moves linearly.)
 * Warm-up: the average's warm-up plus `lookback` inputs.
 */
export class MovingAverageSlope extends ValueIndicator {
  readonly lines: readonly string[] = ['slope'];
  readonly warmUp: number;
  readonly period: number;
  readonly lookback: number;
  readonly relative: boolean;
  private readonly average: ValueIndicator;
  private readonly ring: Float64Array;
  private head = 0;
  private averages = 0;

  /**
   * @param period period of the average (integer >= 1; default 20)
   * @param lookback bars between the two averages compared (integer >= 1; default 5)
   * @param average kind of moving average (default `sma`)
   * @param relative divide by the older average (default false)
   */
  constructor(period = 20, lookback = 5, average = 'sma', relative = false) {
    super();
    requireInteger('period', period, 1);
    requireInteger('lookback', lookback, 1);
    this.average = createMovingAverage(average, period);
    this.period = period;
    this.lookback = lookback;
    this.relative = relative;
    this.warmUp = this.average.warmUp + lookback;
    this.ring = new Float64Array(lookback + 1);
  }

  update(value: number): number {
    this.count++;
    const ma = this.average.update(value);
    if (!this.average.isReady) return Number.NaN;
    const ring = this.ring;
    const head = this.head;
    ring[head] = ma;
    const next = head + 1 === ring.length ? 0 : head + 1;
    this.head = next;
    if (++this.averages <= this.lookback) return Number.NaN;
    const older = ring[next];
    const slope = (ma - older) / this.lookback;
    return (this.outputs[0] = this.relative ? slope / older : slope);
  }

  override reset(): void {
    this.average.reset();
    this.ring.fill(0);
    this.head = 0;
    this.averages = 0;
    super.reset();
  }
}
