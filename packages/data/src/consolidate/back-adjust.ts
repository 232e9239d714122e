import { RooneyError, isoUtc } from '@rooney/core';
import type { BackAdjustment, BarArrays, ContractRoll, HeldContract } from '@rooney/core';
import { BarSeries } from '../bar-series.ts';

export type { BackAdjustment, ContractRoll } from '@rooney/core';

/**
 * A continuous series and the rolls that built it. `series` is back-adjusted (for signals and
 * indicators); `prices` holds the contracts' own prices bar for bar (the same series when not
 * adjusted), for fills and PnL: a ratio adjustment over decades rescales early prices, so points ×
 * multiplier on `series` is no longer dollars. Give `heldContractOf(result)` to the engine.
 */
export interface ContinuousResult {
  readonly series: BarSeries;
  readonly rolls: ContractRoll[];
  readonly prices: BarSeries;
  readonly adjustment: BackAdjustment;
}

/**
 * What the backtest engine needs to trade the contract actually held behind `result.series`
 * (`BacktestOptions.heldContracts`), optionally restricted to the bars of `series` (a window of
 * `result.series` cut with `between`, whose first bar locates the same window of the prices).
 */
export function heldContractOf(result: ContinuousResult, series: BarArrays = result.series): HeldContract {
  let prices: BarArrays = result.prices;
  if (series.length !== prices.length || (series.length > 0 && series.ts[0] !== prices.ts[0])) {
    const first = series.length === 0 ? 0 : result.prices.lowerBound(series.ts[0]);
    prices = result.prices.slice(first, first + series.length);
  }
  return { prices, adjustment: result.adjustment, rolls: result.rolls };
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
