import { requireParameter } from '@rooney/core';
import type { Trade } from '@rooney/core';

/** Market exposure per period of a time grid (see {@link exposureByPeriod}). */
export interface ExposureSeries {
  /** The grid: the end of each period. */
  readonly ts: Float64Array;
  /** Fraction of the period during which at least one trade was open (0..1). */
  readonly timeInMarket: Float64Array;
  /** Contracts held long at the period's end (sum over open long trades). */
  readonly longContracts: Float64Array;
  /** Contracts held short at the period's end (a positive number). */
  readonly shortContracts: Float64Array;
}

/**
 * Exposure of round-trip trades over a time grid (normally the session closes of a backtest):
 * for period `i`, from `grid[i−1]` (or `startTs` for the first) to `grid[i]`, the fraction of the
 * time with at least one trade open (the union of `[entryTs, exitTs)` intervals, as the headline
 * `exposure` metric), and the long and short contracts open at `grid[i]` (a trade is open at `t`
 * when `entryTs <= t < exitTs`). The time-weighted mean of `timeInMarket` over the whole span is
 * `exposureFraction`. O((trades + periods) · log trades).
 */
export function exposureByPeriod(trades: readonly Trade[], grid: ArrayLike<number>, startTs = grid.length > 0 ? grid[0] : 0): ExposureSeries {
  const m = grid.length;
  for (let i = 1; i < m; i++) requireParameter(grid[i] >= grid[i - 1], `grid[${i}]`, `>= grid[${i - 1}] (${grid[i - 1]})`, grid[i]);
  const ts = Float64Array.from(grid);
  const timeInMarket = new Float64Array(m);
  const longContracts = new Float64Array(m);
  const shortContracts = new Float64Array(m);

  // Union of the open intervals, merged.
  const intervals = trades
    .filter((t) => t.exitTs > t.entryTs)
    .map((t) => [t.entryTs, t.exitTs] as const)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of intervals) {
    const last = merged[merged.length - 1];
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  let k = 0;
  for (let i = 0; i < m; i++) {
    const from = i === 0 ? startTs : grid[i - 1];
    const to = grid[i];
    if (!(to > from)) continue;
    while (k < merged.length && merged[k][1] <= from) k++;
    let covered = 0;
    for (let j = k; j < merged.length && merged[j][0] < to; j++) covered += Math.min(to, merged[j][1]) - Math.max(from, merged[j][0]);
    timeInMarket[i] = covered / (to - from);
  }

  // Contracts open at each grid time: +quantity at entry, −quantity at exit, swept in time order.
  const events = trades.flatMap((t) => [
    { ts: t.entryTs, long: t.direction === 'long' ? t.quantity : 0, short: t.direction === 'short' ? t.quantity : 0 },
    { ts: t.exitTs, long: t.direction === 'long' ? -t.quantity : 0, short: t.direction === 'short' ? -t.quantity : 0 },
  ]);
  events.sort((a, b) => a.ts - b.ts);
  let e = 0;
  let long = 0;
  let short = 0;
  for (let i = 0; i < m; i++) {
    while (e < events.length && events[e].ts <= grid[i]) {
      long += events[e].long;
      short += events[e].short;
      e++;
    }
    longContracts[i] = long;
    shortContracts[i] = short;
  }
  return { ts, timeInMarket, longContracts, shortContracts };
}
