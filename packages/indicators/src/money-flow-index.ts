import { Indicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';
import { SMA } from './sma.ts';

/**
 * Money flow index (Quong & Soudack, 1989): a volume-weighted RSI of the typical price, 0 to 100.
 *
 * Formula: `tp = (high + low + close) / 3`, `flow = tp * volume`; a bar's flow is positive when
 * `tp_t > tp_{t-1}`, negative when `tp_t < tp_{t-1}` and neither when equal;
 * `mfi = 100 - 100 / (1 + sum(positive, period) / sum(negative, period))`.
 * Warm-up: `period + 1` bars (the first bar has no previous typical price).
 * Where the ratio is undefined the value is the limit, as for `RSI`: 100 when there is positive
 * flow but no negative flow, 50 when there is no flow at all. Backtrader ships no MFI.
 */
export class MoneyFlowIndex extends Indicator {
  readonly lines: readonly string[] = ['mfi'];
  readonly warmUp: number;
  readonly period: number;
  // A ratio of two sums over the same window: SMAs (sum / period) give the same ratio.
  private readonly positive: SMA;
  private readonly negative: SMA;
  private previousTypical = Number.NaN;

  /** @param period window length (integer >= 1; default 14). */
  constructor(period = 14) {
    super();
    requireInteger('period', period, 1);
    this.period = period;
    this.warmUp = period + 1;
    this.positive = new SMA(period);
    this.negative = new SMA(period);
  }

  updateBar(_open: number, high: number, low: number, close: number, volume: number, _ts: number): number {
    const typical = (high + low + close) / 3;
    const previous = this.previousTypical;
    this.previousTypical = typical;
    if (++this.count < 2) return Number.NaN;
    const flow = typical * volume;
    const positive = this.positive.update(typical > previous ? flow : 0);
    const negative = this.negative.update(typical < previous ? flow : 0);
    if (this.count < this.warmUp) return Number.NaN;
    if (negative === 0) return (this.outputs[0] = positive > 0 ? 100 : 50);
    return (this.outputs[0] = 100 - 100 / (1 + positive / negative));
  }

  override reset(): void {
    this.positive.reset();
    this.negative.reset();
    this.previousTypical = Number.NaN;
    super.reset();
  }
}
