import { HOUR_MS, isoUtc } from '@rooney/core';
import type { BarSeries } from '../bar-series.ts';
import type { SkippedRows } from './bar-checks.ts';
import { loadBarsWithProblems } from './load-bars.ts';
import type { LoadOptions } from './load-options.ts';

/** One gap: consecutive bars further apart than the bar size. `from`/`to` are ISO close times. */
export interface BarGap {
  readonly from: string;
  readonly to: string;
  /** `to − from` in hours. */
  readonly hours: number;
}

/** What `inspectBars` finds in a bar file. */
export interface InspectReport {
  readonly file: string;
  readonly format: string;
  readonly symbol: string;
  /** Good rows loaded. */
  readonly rows: number;
  readonly barMs: number;
  /** ISO-8601 UTC close time of the first and last bar (null when there are none). */
  readonly first: string | null;
  readonly last: string | null;
  /** Steps between consecutive bars longer than `barMs`: how many, and the five largest. */
  readonly gaps: { readonly count: number; readonly largest: readonly BarGap[] };
  /** Rows a skip-mode load dropped (count and first five). */
  readonly badRows: SkippedRows;
  /** Of those, rows whose timestamp repeated the previous row's. */
  readonly duplicates: number;
  /** What the file's prices were divided by (a Quantiacs file's big-point value), else 1. */
  readonly priceDivisor: number;
}

/** How many of the largest gaps a report lists. */
const LARGEST_GAPS = 5;

/** Steps longer than `series.barMs`: their count and the `LARGEST_GAPS` largest, largest first. */
export function findGaps(series: BarSeries): { count: number; largest: BarGap[] } {
  const { ts, barMs } = series;
  // Indices of the largest steps so far, kept sorted by step, largest first.
  const top: number[] = [];
  let count = 0;
  for (let i = 1; i < series.length; i++) {
    const step = ts[i] - ts[i - 1];
    if (!(step > barMs)) continue;
    count++;
    if (top.length === LARGEST_GAPS && step <= ts[top[LARGEST_GAPS - 1]] - ts[top[LARGEST_GAPS - 1] - 1]) continue;
    let at = top.length;
    while (at > 0 && step > ts[top[at - 1]] - ts[top[at - 1] - 1]) at--;
    top.splice(at, 0, i);
    if (top.length > LARGEST_GAPS) top.pop();
  }
  const largest = top.map((i) => ({
    from: isoUtc(ts[i - 1]),
    to: isoUtc(ts[i]),
    hours: (ts[i] - ts[i - 1]) / HOUR_MS,
  }));
  return { count, largest };
}

/**
 * Loads `path` in skip mode (any `onBadRow` in `options` is overridden) and reports its shape:
 * rows, bar size, first/last bar, gaps longer than the bar size and the bad rows dropped.
 */
export function inspectBars(path: string, options: LoadOptions = {}): InspectReport {
  const { result, problems } = loadBarsWithProblems(path, { ...options, onBadRow: 'skip' });
  const series = result.series;
  const n = series.length;
  return {
    file: path,
    format: result.format,
    symbol: series.symbol,
    rows: n,
    barMs: series.barMs,
    first: n > 0 ? isoUtc(series.ts[0]) : null,
    last: n > 0 ? isoUtc(series.ts[n - 1]) : null,
    gaps: findGaps(series),
    badRows: result.skipped,
    duplicates: problems.duplicates,
    priceDivisor: result.priceDivisor,
  };
}
