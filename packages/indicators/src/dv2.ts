import { Indicator } from './indicator.ts';
import { PercentRank } from './percent-rank.ts';
import { SMA } from './sma.ts';
import { requireInteger } from './internal/parameter-checks.ts';

/**
 * DV2, David Varadi's (CSS Analytics) short-term mean-reversion oscillator, in its bounded form
 * (Backtrader's `DV2`).
 *
 * Formula: `chl_t = close_t / ((high_t + low_t) / 2)` (Varadi writes `chl - 1`; the constant does not
 * change the rank), `dvu = SMA(chl, maPeriod)`, `dv2 = 100 * PercentRank(dvu, period)`: the
 * percentage of the last `period` smoothed values strictly below the current one, so the value lies
 * in `[0, 100 (period - 1) / period]`. Low values flag short-term oversold closes.
 * Warm-up: `maPeriod + period - 1` bars (253 for the defaults 2 and 252).
 * Not O(1): the percent rank over 252 values (see `PercentRank`) is most of the cost, a sorted
 * window at O(log period + shift) per bar, about 70 ns on the bench machine.
 */
export class DV2 extends Indicator {
  readonly lines: readonly string[] = ['dv2'];
  readonly warmUp: number;
  readonly period: number;
  readonly maPeriod: number;
  private readonly average: SMA;
  private readonly rank: PercentRank;

  /**
   * @param period percent-rank window (integer >= 1; default 252)
   * @param maPeriod smoothing of the close-to-midrange ratio (integer >= 1; default 2)
   */
  constructor(period = 252, maPeriod = 2) {
    super();
    requireInteger('period', period, 1);
    requireInteger('maPeriod', maPeriod, 1);
    this.period = period;
    this.maPeriod = maPeriod;
    this.warmUp = maPeriod + period - 1;
    this.average = new SMA(maPeriod);
    this.rank = new PercentRank(period);
  }

  updateBar(_open: number, high: number, low: number, close: number, _volume?: number, _ts?: number): number {
    this.count++;
    const smoothed = this.average.update(close / ((high + low) / 2));
    if (this.count < this.maPeriod) return Number.NaN;
    const rank = this.rank.update(smoothed);
    if (this.count < this.warmUp) return Number.NaN;
    return (this.outputs[0] = 100 * rank);
  }

  override reset(): void {
    this.average.reset();
    this.rank.reset();
    super.reset();
  }
}
