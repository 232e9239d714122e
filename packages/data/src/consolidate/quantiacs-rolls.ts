import { requireParameter } from '@rooney/core';
import type { BarArrays } from '@rooney/core';
import { BarSeries } from '../bar-series.ts';
import { backAdjust } from './back-adjust.ts';
import type { BackAdjustment, ContinuousResult, ContractRoll } from './back-adjust.ts';

/** Options of {@link adjustQuantiacsRolls}. */
export interface QuantiacsRollOptions {
  /**
   * Divides `RINFO` before use, to bring it to the series' price units. The Quantiacs files hold
   * prices and `RINFO` in dollars per contract (price × big-point value); if the series was divided
   * by the big-point value but `RINFO` was not, pass the big-point value here. Default 1 (`RINFO`
   * already in the series' units).
   */
  readonly priceDivisor?: number;
}

/**
 * Removes the roll jumps of a Quantiacs continuous futures file (an unadjusted front-month chain)
 * from its roll columns:
 * - on a roll day `i` (the last day of the old contract), `rollFlag[i]` (the `R` or `P` column)
 *   holds the new contract as `YYYYMM`, 0 on other days;
 * - on the NEXT day, `rinfo[i + 1]` holds the roll gap: new contract's price minus old contract's
 *   price at the roll-day close.
 *
 * The Quantiacs toolbox computes a day's return as `(C[t] − C[t−1] − RINFO[t]) / C[t−1]`. With
 * `difference`, every bar up to and including the roll day is shifted by the gap, so adjusted
 * close-to-close differences equal `C[t] − C[t−1] − RINFO[t]` on every day. With `ratio`, those
 * bars are scaled by `(C[i] + gap) / C[i]`, so every return is the held contract's return:
 * equal to the toolbox's on ordinary days, and `(C[t] − C[t−1] − RINFO[t]) / (C[t−1] + RINFO[t])`
 * on the day after a roll (the toolbox divides by the old contract's price there instead).
 *
 * A roll is recorded at day `i` when `rollFlag[i] != 0` or `rinfo[i + 1] != 0`; `from` is the
 * previous roll's `to` (`''` for the first), `to` the flag as text (`''` if the flag is 0).
 * A flag on the last row is ignored: the new contract's first day is not in the series yet.
 * `prices` is the file's own (unadjusted) series: the contract held on each day, for fills and PnL.
 */
export function adjustQuantiacsRolls(
  series: BarArrays,
  rinfo: Float64Array,
  rollFlag: Float64Array,
  method: BackAdjustment,
  options: QuantiacsRollOptions = {},
): ContinuousResult {
  const n = series.length;
  requireParameter(rinfo.length === n, 'rinfo length', `${n} (one per bar)`, rinfo.length);
  requireParameter(rollFlag.length === n, 'rollFlag length', `${n} (one per bar)`, rollFlag.length);
  const divisor = options.priceDivisor ?? 1;
  requireParameter(Number.isFinite(divisor) && divisor > 0, 'priceDivisor', 'a finite number > 0', divisor);
  requireParameter(['none', 'difference', 'ratio'].includes(method), 'method', '"none", "difference" or "ratio"', method);

  const rolls: ContractRoll[] = [];
  const boundaries: number[] = [];
  const oldPrices: number[] = [];
  let current = '';
  for (let i = 0; i + 1 < n; i++) {
    const flag = rollFlag[i];
    const gapRaw = rinfo[i + 1];
    const flagged = flag !== 0 && !Number.isNaN(flag);
    const gapped = gapRaw !== 0 && !Number.isNaN(gapRaw);
    if (!flagged && !gapped) continue;
    const to = flagged ? String(flag) : '';
    rolls.push({ ts: series.ts[i], from: current, to, gap: gapped ? gapRaw / divisor : 0 });
    boundaries.push(i + 1);
    oldPrices.push(series.close[i]);
    current = to;
  }
  const prices = series instanceof BarSeries ? series : new BarSeries(series.symbol, series.barMs, series);
  return { series: backAdjust(series, rolls, boundaries, oldPrices, method), rolls, prices, adjustment: method };
}
