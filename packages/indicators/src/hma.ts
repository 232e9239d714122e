import { ValueIndicator } from './indicator.ts';
import { WMA } from './wma.ts';
import { requireInteger } from './internal/parameter-checks.ts';

/**
 * Hull moving average (Alan Hull; Backtrader's `HMA`).
 *
 * Formula: `hma = WMA(2 WMA(x, floor(period / 2)) - WMA(x, period), floor(sqrt(period)))`.
 * Warm-up: `period + floor(sqrt(period)) - 1` inputs (34 for the default 30).
 */
export class HMA extends ValueIndicator {
  readonly lines: readonly string[] = ['hma'];
  readonly warmUp: number;
  readonly period: number;
  private readonly full: WMA;
  private readonly half: WMA;
  private readonly outer: WMA;

  /** @param period main WMA period (integer >= 2; Backtrader's default is 30). */
  constructor(period = 30) {
    super();
    requireInteger('period', period, 2);
    this.period = period;
    const root = Math.floor(Math.sqrt(period));
    this.warmUp = period + root - 1;
    this.full = new WMA(period);
    this.half = new WMA(Math.floor(period / 2));
    this.outer = new WMA(root);
  }

  update(value: number): number {
    this.count++;
    const half = this.half.update(value);
    const full = this.full.update(value);
    if (!this.full.isReady) return Number.NaN;
    const hull = this.outer.update(2 * half - full);
    if (!this.outer.isReady) return Number.NaN;
    return (this.outputs[0] = hull);
  }

  override reset(): void {
    this.full.reset();
    this.half.reset();
    this.outer.reset();
    super.reset();
  }
}
