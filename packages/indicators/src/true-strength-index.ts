import { EMA } from './ema.ts';
import { ValueIndicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';

/**
 * True strength index (William Blau): doubly smoothed price change over doubly smoothed absolute
 * price change, from -100 to 100.
 *
 * Formula (Backtrader's `TSI`): `change = x_t - x_{t-1}`,
 * `tsi = 100 * EMA(EMA(change, longPeriod), shortPeriod) / EMA(EMA(|change|, longPeriod), shortPeriod)`,
 * each EMA seeded with the simple mean of its first inputs.
 * Warm-up: `longPeriod + shortPeriod` inputs (38 for 25/13). A window without any change gives 0.
 */
export class TrueStrengthIndex extends ValueIndicator {
  readonly lines: readonly string[] = ['tsi'];
  readonly warmUp: number;
  readonly longPeriod: number;
  readonly shortPeriod: number;
  private readonly changeLong: EMA;
  private readonly changeShort: EMA;
  private readonly absoluteLong: EMA;
  private readonly absoluteShort: EMA;
  private previous = Number.NaN;

  /**
   * @param longPeriod period of the first smoothing (integer >= 1; Blau's 25).
   * @param shortPeriod period of the second smoothing (integer >= 1; Blau's 13).
   */
  constructor(longPeriod = 25, shortPeriod = 13) {
    super();
    requireInteger('longPeriod', longPeriod, 1);
    requireInteger('shortPeriod', shortPeriod, 1);
    this.longPeriod = longPeriod;
    this.shortPeriod = shortPeriod;
    this.warmUp = longPeriod + shortPeriod;
    this.changeLong = new EMA(longPeriod);
    this.changeShort = new EMA(shortPeriod);
    this.absoluteLong = new EMA(longPeriod);
    this.absoluteShort = new EMA(shortPeriod);
  }

  update(value: number): number {
    const previous = this.previous;
    this.previous = value;
    const count = ++this.count;
    if (count < 2) return Number.NaN;
    const change = value - previous;
    const changeLong = this.changeLong.update(change);
    const absoluteLong = this.absoluteLong.update(change < 0 ? -change : change);
    if (count <= this.longPeriod) return Number.NaN;
    const numerator = this.changeShort.update(changeLong);
    const denominator = this.absoluteShort.update(absoluteLong);
    if (count < this.warmUp) return Number.NaN;
    return (this.outputs[0] = denominator === 0 ? 0 : (100 * numerator) / denominator);
  }

  override reset(): void {
    this.changeLong.reset();
    this.changeShort.reset();
    this.absoluteLong.reset();
    this.absoluteShort.reset();
    this.previous = Number.NaN;
    super.reset();
  }
}
