import { Indicator } from './indicator.ts';

/**
 * Internal bar strength: where the close sits inside the bar's range.
 *
 * Formula: `ibs = (close - low) / (high - low)`, in `[0, 1]` (0 = closed at the low, 1 = at the high);
 * `0.5` when `high = low` (a bar without range says nothing either way).
 * Warm-up: 1 bar.
 */
export class IBS extends Indicator {
  readonly lines: readonly string[] = ['ibs'];
  readonly warmUp = 1;

  constructor() {
    super();
  }

  updateBar(_open: number, high: number, low: number, close: number, _volume?: number, _ts?: number): number {
    this.count++;
    const range = high - low;
    return (this.outputs[0] = range > 0 ? (close - low) / range : 0.5);
  }
}
