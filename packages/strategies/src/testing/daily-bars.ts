import type { BarArrays } from '@rooney/core';

export const DAY_MS = 86_400_000;
/** Close of the first test bar: 2024-01-02 23:00 UTC (a session close). */
export const FIRST_CLOSE = Date.UTC(2024, 0, 2, 23);

/** Daily bars from `[open, high, low, close]` rows, one day apart from `firstClose`, volume 1000. For tests. */
export function dailyBars(symbol: string, rows: readonly (readonly number[])[], firstClose = FIRST_CLOSE): BarArrays {
  const column = (k: number): Float64Array => Float64Array.from(rows, (r) => r[k]);
  return {
    symbol,
    barMs: DAY_MS,
    length: rows.length,
    ts: Float64Array.from(rows, (_, i) => firstClose + i * DAY_MS),
    open: column(0),
    high: column(1),
    low: column(2),
    close: column(3),
    volume: new Float64Array(rows.length).fill(1000),
  };
}
