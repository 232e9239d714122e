import { Indicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';
import { SlidingExtreme } from './internal/sliding-extreme.ts';
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
 * O(1) per bar: six sliding extremes by the van Herk / Gil-Werman block method (`SlidingExtreme`),
 * whose cost does not depend on the data.
 */
export class Ichimoku extends Indicator {
  readonly lines: readonly string[] = ['tenkan', 'kijun', 'senkou_a', 'senkou_b', 'chikou'];
  readonly warmUp: number;
  readonly tenkanPeriod: number;
  readonly kijunPeriod: number;
  readonly senkouPeriod: number;
  readonly senkouLead: number;
  private readonly tenkanHigh: SlidingExtreme;
  private readonly tenkanLow: SlidingExtreme;
  private readonly kijunHigh: SlidingExtreme;
  private readonly kijunLow: SlidingExtreme;
  private readonly senkouHigh: SlidingExtreme;
  private readonly senkouLow: SlidingExtreme;
  /** The last `senkouLead` undisplaced span values; the one evicted is drawn under the current bar. */
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
    this.tenkanHigh = new SlidingExtreme(tenkanPeriod, true);
    this.tenkanLow = new SlidingExtreme(tenkanPeriod, false);
    this.kijunHigh = new SlidingExtreme(kijunPeriod, true);
    this.kijunLow = new SlidingExtreme(kijunPeriod, false);
    this.senkouHigh = new SlidingExtreme(senkouPeriod, true);
    this.senkouLow = new SlidingExtreme(senkouPeriod, false);
    this.spanA = new RingBuffer(Math.max(senkouLead, 1));
    this.spanB = new RingBuffer(Math.max(senkouLead, 1));
  }

  updateBar(_open: number, high: number, low: number, close: number, _volume: number, _ts: number): number {
    const tenkan = (this.tenkanHigh.push(high) + this.tenkanLow.push(low)) / 2;
    const kijun = (this.kijunHigh.push(high) + this.kijunLow.push(low)) / 2;
    const senkou = (this.senkouHigh.push(high) + this.senkouLow.push(low)) / 2;
    // The spans are pushed from the first bar on (partial ranges before each window fills) so the
    // lead stays aligned; only values of full ranges reach the outputs after warm-up.
    const spanA = (tenkan + kijun) / 2;
    const leading = this.senkouLead > 0;
    const displacedA = leading ? this.spanA.push(spanA) : spanA;
    const displacedB = leading ? this.spanB.push(senkou) : senkou;
    if (++this.count < this.warmUp) return Number.NaN;
    const outputs = this.outputs;
    outputs[1] = kijun;
    outputs[2] = displacedA;
    outputs[3] = displacedB;
    outputs[4] = close;
    return (outputs[0] = tenkan);
  }

  override reset(): void {
    this.tenkanHigh.clear();
    this.tenkanLow.clear();
    this.kijunHigh.clear();
    this.kijunLow.clear();
    this.senkouHigh.clear();
    this.senkouLow.clear();
    this.spanA.clear();
    this.spanB.clear();
    super.reset();
  }
}

