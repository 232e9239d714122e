import { Indicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';
import { WindowExtremes } from './internal/window-extremes.ts';
import { RingBuffer } from './ring-buffer.ts';

/**
 * Ichimoku kinko hyo (Goichi Hosoda, 1969): mid-points of three high-low ranges, two of them
 * drawn ahead of price as a "cloud", plus the close drawn behind price.
 *
 * Formula (Backtrader's `Ichimoku`), with `mid(n) = (highest(high, n) + lowest(low, n)) / 2`:
 * - `tenkan = mid(tenkanPeriod)`, `kijun = mid(kijunPeriod)`
 * - `senkou_a = (tenkan + kijun) / 2`, `senkou_b = mid(senkouPeriod)`, both drawn `senkouLead`
 *   bars into the future
 * - `chikou = close`, drawn `senkouLead` bars (Backtrader: its `chikou` parameter) into the past
 *
 * No look-ahead: every line at bar `t` uses bars up to `t` only, and is expressed on the bar where
 * a chart shows it when that bar is `t` or earlier:
 * - `senkou_a` and `senkou_b` at bar `t` are the values computed at bar `t - senkouLead`, i.e.
 *   the cloud drawn under bar `t` (identical to Backtrader's lines);
 * - `chikou` at bar `t` is `close_t`, the point a chart draws under bar `t - senkouLead`.
 *   Backtrader's `chikou_span` at bar `t` is `close_{t+26}`, which reads the future (it is NaN over
 *   the last 26 bars of a run); our `chikou` line at bar `t` equals Backtrader's at `t - 26`.
 * Lines: `tenkan`, `kijun`, `senkou_a`, `senkou_b`, `chikou`.
 * Warm-up: `max(tenkanPeriod, kijunPeriod, senkouPeriod) + senkouLead` bars (78 for 9/26/52/26,
 * Backtrader's minimum period); every line is NaN until then.
 */
export class Ichimoku extends Indicator {
  readonly lines: readonly string[] = ['tenkan', 'kijun', 'senkou_a', 'senkou_b', 'chikou'];
  readonly warmUp: number;
  readonly tenkanPeriod: number;
  readonly kijunPeriod: number;
  readonly senkouPeriod: number;
  readonly senkouLead: number;
  /** One deque per side serves the three nested windows. */
  private readonly highs: WindowExtremes;
  private readonly lows: WindowExtremes;
  /** Undisplaced span values; the oldest is the one drawn under the current bar. */
  private readonly spanA: RingBuffer;
  private readonly spanB: RingBuffer;

  /**
   * @param tenkanPeriod conversion-line range (integer >= 1; default 9).
   * @param kijunPeriod base-line range (integer >= 1; default 26).
   * @param senkouPeriod range of the second span (integer >= 1; default 52).
   * @param senkouLead bars the spans are drawn ahead, and the chikou behind (integer >= 0; default 26).
   */
  constructor(tenkanPeriod = 9, kijunPeriod = 26, senkouPeriod = 52, senkouLead = 26) {
    super(5);
    requireInteger('tenkanPeriod', tenkanPeriod, 1);
    requireInteger('kijunPeriod', kijunPeriod, 1);
    requireInteger('senkouPeriod', senkouPeriod, 1);
    requireInteger('senkouLead', senkouLead, 0);
    this.tenkanPeriod = tenkanPeriod;
    this.kijunPeriod = kijunPeriod;
    this.senkouPeriod = senkouPeriod;
    this.senkouLead = senkouLead;
    this.warmUp = Math.max(tenkanPeriod, kijunPeriod, senkouPeriod) + senkouLead;
    const longest = Math.max(tenkanPeriod, kijunPeriod, senkouPeriod);
    this.highs = new WindowExtremes(longest, true);
    this.lows = new WindowExtremes(longest, false);
    this.spanA = new RingBuffer(senkouLead + 1);
    this.spanB = new RingBuffer(senkouLead + 1);
  }

  updateBar(_open: number, high: number, low: number, close: number, _volume: number, _ts: number): number {
    const highs = this.highs;
    const lows = this.lows;
    highs.push(high);
    lows.push(low);
    const count = ++this.count;
    // NaN until each range fills; pushing NaN keeps the displacement aligned.
    const tenkan = count < this.tenkanPeriod ? Number.NaN : mid(highs, lows, this.tenkanPeriod);
    const kijun = count < this.kijunPeriod ? Number.NaN : mid(highs, lows, this.kijunPeriod);
    this.spanA.push((tenkan + kijun) / 2);
    this.spanB.push(count < this.senkouPeriod ? Number.NaN : mid(highs, lows, this.senkouPeriod));
    if (count < this.warmUp) return Number.NaN;
    const outputs = this.outputs;
    outputs[1] = kijun;
    outputs[2] = this.spanA.oldest();
    outputs[3] = this.spanB.oldest();
    outputs[4] = close;
    return (outputs[0] = tenkan);
  }

  override reset(): void {
    this.highs.clear();
    this.lows.clear();
    this.spanA.clear();
    this.spanB.clear();
    super.reset();
  }
}

/** Mid-point of the high-low range of the last `window` bars. */
function mid(highs: WindowExtremes, lows: WindowExtremes, window: number): number {
  return (highs.extreme(window) + lows.extreme(window)) / 2;
}
