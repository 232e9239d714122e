import { RooneyError, isoUtc } from '@rooney/core';
import type { BarArrays } from '@rooney/core';
import { BarSeries } from '../bar-series.ts';

/** How a continuous series removes the price jumps at rolls. */
export type BackAdjustment = 'none' | 'difference' | 'ratio';

/** One contract change in a continuous series. */
export interface ContractRoll {
  /** Roll time: output bars with `ts <= roll.ts` come from `from`, later bars from `to`. */
  readonly ts: number;
  readonly from: string;
  readonly to: string;
  /** New contract's price minus old contract's price at the roll, in price units (NaN if unknown). */
  readonly gap: number;
}

/** A continuous series and the rolls that built it. */
export interface ContinuousResult {
  readonly series: BarSeries;
  readonly rolls: ContractRoll[];
}

/**
 * Back-adjusts the bars before each roll so the series has no jump at the roll (the latest prices
 * stay unadjusted). `boundaries[r]` is the number of bars before roll `r` (ascending);
 * `oldPrices[r]` the old contract's price the gap was measured against.
 * - `difference`: adds the sum of the gaps of all later rolls to open, high, low and close.
 * - `ratio`: multiplies them by the product of `(oldPrice + gap) / oldPrice` of all later rolls,
 *   so returns (not differences) are preserved; needs positive prices.
 * Volume is unchanged.
 */
export function backAdjust(
  series: BarArrays,
  rolls: readonly ContractRoll[],
  boundaries: readonly number[],
  oldPrices: readonly number[],
  method: BackAdjustment,
): BarSeries {
  const n = series.length;
  const open = Float64Array.from(series.open);
  const high = Float64Array.from(series.high);
  const low = Float64Array.from(series.low);
  const close = Float64Array.from(series.close);
  if (method !== 'none') {
    for (let r = 0; r < rolls.length; r++) {
      const gap = rolls[r].gap;
      if (!Number.isFinite(gap)) {
        throw new RooneyError(
          'roll_price_missing',
          `cannot back-adjust the roll ${rolls[r].from} -> ${rolls[r].to} at ${isoUtc(rolls[r].ts)}: gap is ${gap}`,
        );
      }
      if (method === 'ratio' && !(oldPrices[r] > 0 && oldPrices[r] + gap > 0)) {
        throw new RooneyError(
          'invalid_parameter',
          `"ratio" adjustment needs positive prices; roll at ${isoUtc(rolls[r].ts)} has old price ${oldPrices[r]} and gap ${gap}`,
        );
      }
    }
    // Walk backwards, accumulating the adjustment of every roll after the current bar.
    let offset = 0;
    let factor = 1;
    let r = rolls.length - 1;
    for (let i = n - 1; i >= 0; i--) {
      while (r >= 0 && i < boundaries[r]) {
        if (method === 'difference') offset += rolls[r].gap;
        else factor *= (oldPrices[r] + rolls[r].gap) / oldPrices[r];
        r--;
      }
      if (method === 'difference') {
        open[i] += offset;
        high[i] += offset;
        low[i] += offset;
        close[i] += offset;
      } else {
        open[i] *= factor;
        high[i] *= factor;
        low[i] *= factor;
        close[i] *= factor;
      }
    }
  }
  return new BarSeries(series.symbol, series.barMs, {
    ts: Float64Array.from(series.ts),
    open,
    high,
    low,
    close,
    volume: Float64Array.from(series.volume),
  });
}
