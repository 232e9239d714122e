import { DAY_MS, DEFAULT_SESSION, RooneyError, isoUtc, requireParameter } from '@rooney/core';
import type { BarArrays, SessionSpec } from '@rooney/core';
import { BarSeriesBuilder } from '../bar-series.ts';
import type { BarSeries } from '../bar-series.ts';
import { BinClock } from './bin-clock.ts';

/** Options of {@link consolidateBars}. */
export interface ConsolidateOptions {
  /** Where sessions start; bins are aligned to it. Default `DEFAULT_SESSION` (CME Globex: 17:00 America/Chicago). */
  readonly session?: SessionSpec;
  /**
   * Time (epoch ms) up to which the input is known to be complete, e.g. the clock of a live feed or
   * the end of a download. A trailing bin whose end is `<= completeThrough` is emitted even when no
   * input bar closes exactly at its end. Default: only the last input bar's time counts.
   */
  readonly completeThrough?: number;
  /** Symbol of the output series. Default: the input's symbol. */
  readonly symbol?: string;
}

/**
 * Resamples bars stamped at their close into coarser bars (LEAN's consolidators, backtrader's
 * `resampledata`), in one O(n) pass.
 *
 * - Bin edges: `targetMs < DAY_MS` gives bins of `targetMs` aligned to the session start (the last
 *   bin of a session is cut at the session end if the session is not a whole number of bins);
 *   `targetMs === DAY_MS` gives one bin per trading session, e.g. with the default CME session the
 *   bin of date D is `[17:00 D-1, 17:00 D)` Chicago time, stamped `17:00 D` (23:00 UTC in winter,
 *   22:00 UTC in summer): sessions follow local time through DST changes.
 * - An input bar closing at `ts` belongs to the bin holding `ts - 1`, so a bar closing exactly on a
 *   bin end is that bin's last bar.
 * - An output bar is stamped at its bin END; open = first open, high = max, low = min,
 *   close = last close, volume = sum. Empty bins produce no bar.
 * - Only complete bins are emitted: a bin whose end is `<= max(last input ts, completeThrough)`.
 *   A strategy never sees a partial bar.
 *
 * @throws RooneyError `invalid_parameter` for a bad `targetMs` (not a positive integer, over one
 *   day, finer than the input, or an intraday size that is not a multiple of the input bar size);
 *   `time_not_increasing` when input timestamps do not increase strictly.
 */
export function consolidateBars(series: BarArrays, targetMs: number, options: ConsolidateOptions = {}): BarSeries {
  validateTarget(series.barMs, targetMs);
  const clock = new BinClock(targetMs, options.session ?? DEFAULT_SESSION);
  const n = series.length;
  const { ts, open, high, low, close, volume } = series;
  const estimate = series.barMs > 0 ? Math.min(n, Math.ceil((n * series.barMs) / targetMs)) + 2 : 1024;
  const out = new BarSeriesBuilder(options.symbol ?? series.symbol, targetMs, estimate);

  let binEnd = Number.NEGATIVE_INFINITY;
  let hasBin = false;
  let binOpen = 0;
  let binHigh = 0;
  let binLow = 0;
  let binClose = 0;
  let binVolume = 0;
  let previousTs = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const t = ts[i];
    if (!(t > previousTs)) throw timeNotIncreasing(i, t, previousTs);
    previousTs = t;
    if (t > binEnd) {
      if (hasBin) out.push(binEnd, binOpen, binHigh, binLow, binClose, binVolume);
      binEnd = clock.locate(t);
      hasBin = true;
      binOpen = open[i];
      binHigh = high[i];
      binLow = low[i];
      binVolume = 0;
    } else {
      if (high[i] > binHigh) binHigh = high[i];
      if (low[i] < binLow) binLow = low[i];
    }
    binClose = close[i];
    binVolume += volume[i];
  }
  const completeThrough = Math.max(previousTs, options.completeThrough ?? Number.NEGATIVE_INFINITY);
  if (hasBin && binEnd <= completeThrough) out.push(binEnd, binOpen, binHigh, binLow, binClose, binVolume);
  return out.build();
}

/** Checks that input bars of `barMs` can be consolidated into bins of `targetMs`. */
export function validateTarget(barMs: number, targetMs: number): void {
  requireParameter(Number.isInteger(targetMs) && targetMs > 0, 'targetMs', 'a positive integer', targetMs);
  requireParameter(targetMs <= DAY_MS, 'targetMs', `<= ${DAY_MS} (one session)`, targetMs);
  if (barMs > 0) {
    requireParameter(targetMs >= barMs, 'targetMs', `>= the input bar size ${barMs}`, targetMs);
    if (targetMs < DAY_MS) {
      requireParameter(targetMs % barMs === 0, 'targetMs', `a multiple of the input bar size ${barMs}`, targetMs);
    }
  }
}

/** The error for a timestamp that does not increase. */
export function timeNotIncreasing(index: number | undefined, ts: number, previousTs: number): RooneyError {
  const show = (t: number): string => (Number.isFinite(t) ? isoUtc(t) : String(t));
  const which = index === undefined ? 'bar' : `bar ${index}`;
  return new RooneyError(
    'time_not_increasing',
    `bar timestamps must increase strictly: ${which} at ${show(ts)} follows ${show(previousTs)}`,
    { field: 'ts' },
  );
}
