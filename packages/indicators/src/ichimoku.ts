import { Indicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';
import { SlidingExtreme } from './internal/sliding-extreme.ts';

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
 * Lines: `tenkan`, `kijun`, `senkou_a`, `senkou_b`, `chikou`, each defined from its own warm-up
 * (the minimum period of Backtrader's line): `tenkan` after `tenkanPeriod` bars (9), `kijun` after
 * `kijunPeriod` (26), `senkou_a` after `max(tenkanPeriod, kijunPeriod) + senkouLead` (52),
 * `senkou_b` after `senkouPeriod + senkouLead` (78), `chikou` from the first bar.
 * `warmUp`: `max(tenkanPeriod, kijunPeriod, senkouPeriod) + senkouLead` bars (78, Backtrader's
 * minimum period of `Ichimoku`).
 * O(1) amortised per bar, on the package's sliding extreme (`SlidingExtreme`, van Herk / Gil-Werman
 * blocks) for the tenkan and kijun ranges. When `senkouPeriod` is a whole multiple `m` of
 * `kijunPeriod` (9/26/52, 10/30/60 and 20/60/120 all are, with `m = 2`) the senkou range is not
 * tracked separately: it is the union of `m` kijun ranges `kijunPeriod` bars apart, so its high is
 * the largest of the current and the `m - 1` earlier kijun highs, read from a ring (its low the
 * same way). That saves two of six sliding extremes, about a fifth of the cost; other periods use
 * two more `SlidingExtreme`s.
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
  /** The senkou range's own extremes, when `senkouPeriod` is not a multiple of `kijunPeriod`. */
  private readonly senkouHigh: SlidingExtreme | undefined;
  private readonly senkouLow: SlidingExtreme | undefined;
  /**
   * Otherwise the last `(m - 1) kijunPeriod` kijun highs and lows, interleaved (high at `2 i`, low at
   * `2 i + 1`) in a ring whose oldest pair is at `pastHead`; empty slots hold -/+ Infinity so that
   * ranges cover the bars so far before the ring fills, like `SlidingExtreme`.
   */
  private readonly pastKijun: Float64Array;
  private pastHead = 0;
  /**
   * The last `senkouLead` undisplaced span values, interleaved (`senkou_a` at `2 i`, `senkou_b` at
   * `2 i + 1`) in a ring; the pair about to be overwritten is the one drawn under the current bar.
   */
  private readonly spans: Float64Array;
  private spanHead = 0;
  /** Inputs before `senkou_a` and `senkou_b` are drawn from full ranges. */
  private readonly spanAWarmUp: number;
  private readonly spanBWarmUp: number;

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
    this.spanAWarmUp = Math.max(tenkanPeriod, kijunPeriod) + senkouLead;
    this.spanBWarmUp = senkouPeriod + senkouLead;
    this.tenkanHigh = new SlidingExtreme(tenkanPeriod, true);
    this.tenkanLow = new SlidingExtreme(tenkanPeriod, false);
    this.kijunHigh = new SlidingExtreme(kijunPeriod, true);
    this.kijunLow = new SlidingExtreme(kijunPeriod, false);
    const multiple = senkouPeriod / kijunPeriod;
    if (Number.isInteger(multiple) && multiple >= 2) {
      this.pastKijun = new Float64Array(2 * (senkouPeriod - kijunPeriod));
      this.clearPastKijun();
    } else {
      this.senkouHigh = new SlidingExtreme(senkouPeriod, true);
      this.senkouLow = new SlidingExtreme(senkouPeriod, false);
      this.pastKijun = new Float64Array(0);
    }
    this.spans = new Float64Array(2 * senkouLead);
  }

  updateBar(_open: number, high: number, low: number, close: number, _volume: number, _ts: number): number {
    const tenkan = (this.tenkanHigh.push(high) + this.tenkanLow.push(low)) / 2;
    const kijunHigh = this.kijunHigh.push(high);
    const kijunLow = this.kijunLow.push(low);
    const kijun = (kijunHigh + kijunLow) / 2;
    let senkou: number;
    if (this.senkouHigh !== undefined && this.senkouLow !== undefined) {
      senkou = (this.senkouHigh.push(high) + this.senkouLow.push(low)) / 2;
    } else {
      // The senkou range is the current kijun range plus the m - 1 before it, kijunPeriod apart:
      // ring slots head, head + kijunPeriod, ... (the oldest first).
      const past = this.pastKijun;
      const length = past.length;
      const step = 2 * this.kijunPeriod;
      const head = this.pastHead;
      let senkouHigh = kijunHigh;
      let senkouLow = kijunLow;
      for (let slot = head; ; ) {
        const pastHigh = past[slot];
        const pastLow = past[slot + 1];
        if (pastHigh > senkouHigh) senkouHigh = pastHigh;
        if (pastLow < senkouLow) senkouLow = pastLow;
        slot += step;
        if (slot >= length) slot -= length;
        if (slot === head) break;
      }
      past[head] = kijunHigh;
      past[head + 1] = kijunLow;
      this.pastHead = head + 2 === length ? 0 : head + 2;
      senkou = (senkouHigh + senkouLow) / 2;
    }
    // The spans are stored from the first bar on (partial ranges before each window fills) so the
    // lead stays aligned; only values of full ranges reach the outputs after warm-up.
    let spanA = (tenkan + kijun) / 2;
    let spanB = senkou;
    const lead = this.senkouLead;
    if (lead > 0) {
      const spans = this.spans;
      const slot = 2 * this.spanHead;
      const displacedA = spans[slot];
      const displacedB = spans[slot + 1];
      spans[slot] = spanA;
      spans[slot + 1] = spanB;
      this.spanHead = this.spanHead + 1 === lead ? 0 : this.spanHead + 1;
      spanA = displacedA;
      spanB = displacedB;
    }
    const count = ++this.count;
    const outputs = this.outputs;
    outputs[4] = close;
    if (count >= this.kijunPeriod) outputs[1] = kijun;
    if (count >= this.spanAWarmUp) outputs[2] = spanA;
    if (count >= this.spanBWarmUp) outputs[3] = spanB;
    if (count < this.tenkanPeriod) return Number.NaN;
    return (outputs[0] = tenkan);
  }

  /** `tenkan`, `kijun`: their periods; `senkou_a`, `senkou_b`: their ranges plus the lead; `chikou`: 1. */
  override lineWarmUp(index: number): number {
    return [this.tenkanPeriod, this.kijunPeriod, this.spanAWarmUp, this.spanBWarmUp, 1][index];
  }

  override reset(): void {
    this.tenkanHigh.clear();
    this.tenkanLow.clear();
    this.kijunHigh.clear();
    this.kijunLow.clear();
    this.senkouHigh?.clear();
    this.senkouLow?.clear();
    this.clearPastKijun();
    this.spans.fill(0);
    this.spanHead = 0;
    super.reset();
  }

  private clearPastKijun(): void {
    const past = this.pastKijun;
    for (let i = 0; i < past.length; i += 2) {
      past[i] = Number.NEGATIVE_INFINITY;
      past[i + 1] = Number.POSITIVE_INFINITY;
    }
    this.pastHead = 0;
  }
}
