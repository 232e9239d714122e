import { DEFAULT_SESSION, RooneyError } from '@rooney/core';
import type { SessionSpec } from '@rooney/core';
import type { BarSeries } from '../bar-series.ts';
import type { BadRowPolicy, SkippedRows } from './bar-checks.ts';

/**
 * How to read a bar file. Every field is optional. `session` and `timeZone` matter for CSV only
 * (Arrow and DBN hold UTC instants); `stampedAt: 'open'` applies to CSV and Arrow (DBN bars are
 * always converted from their open); `barMs` must match a DBN file's record type.
 */
export interface LoadOptions {
  /** Symbol of the series. Default: from the file name (`F_ES.txt` → `ES`, `ES.csv` → `ES`). */
  readonly symbol?: string;
  /**
   * Bar size in ms. Default: the most common positive step between timestamps (whole days for
   * files with dates only).
   */
  readonly barMs?: number;
  /** Throw on the first bad row (`error`, default) or drop bad rows and report them (`skip`). */
  readonly onBadRow?: BadRowPolicy;
  /** Session used to stamp date-only rows at the session close. Default `DEFAULT_SESSION` (17:00 Chicago, the CME day). */
  readonly session?: SessionSpec;
  /** IANA zone of naive date-times (no `Z`/offset). Default `UTC`. Explicit zones always win. */
  readonly timeZone?: string;
  /**
   * Whether the file's date-times mark the bar's `close` (default) or its `open`; `open` stamps
   * are moved forward by `barMs`, so the output is always stamped at the close. Date-only rows are
   * trading dates and always stamped at the session close. Default for a `ts_event` column
   * (Databento) is `open`.
   */
  readonly stampedAt?: 'close' | 'open';
  /**
   * Prices are divided by this (e.g. Quantiacs dollars-per-contract → quote units). Default: the
   * big-point value for Quantiacs files (`F_XX.txt` with a `RINFO` column), else 1.
   */
  readonly priceDivisor?: number;
}

/** What a loader returns. */
export interface LoadResult {
  readonly series: BarSeries;
  /** Container read: `csv`, `csv.gz`, `arrow`, `dbn` or `dbn.zst`. */
  readonly format: string;
  /** Rows dropped under `onBadRow: 'skip'` (always zero under `error`). */
  readonly skipped: SkippedRows;
  /**
   * Extra numeric columns, aligned with the series (e.g. Quantiacs `OI`, `P`, `R`, `RINFO`, Yahoo
   * `Adj Close`), keyed by the column name as written. Unparsable cells are NaN.
   */
  readonly extras: Record<string, Float64Array>;
  /**
   * What the file's prices (and a `RINFO` column) were divided by: a Quantiacs file's big-point
   * value (its dollars per contract become quote prices), `options.priceDivisor`, else 1.
   */
  readonly priceDivisor: number;
}

/** Options with defaults filled in and checked. */
export interface ResolvedLoadOptions {
  readonly symbol: string | undefined;
  readonly barMs: number | undefined;
  readonly onBadRow: BadRowPolicy;
  readonly session: SessionSpec;
  readonly timeZone: string;
  readonly stampedAt: 'close' | 'open' | undefined;
  readonly priceDivisor: number | undefined;
}

/** Checks `options` and fills the plain defaults (symbol, barMs and divisor depend on the file). */
export function resolveLoadOptions(options: LoadOptions = {}): ResolvedLoadOptions {
  const { barMs, priceDivisor, onBadRow = 'error', stampedAt } = options;
  if (barMs !== undefined && !(barMs > 0 && Number.isFinite(barMs))) {
    throw new RooneyError('invalid_parameter', `"barMs" must be a finite number > 0, was ${barMs}`);
  }
  if (priceDivisor !== undefined && !(priceDivisor > 0 && Number.isFinite(priceDivisor))) {
    throw new RooneyError('invalid_parameter', `"priceDivisor" must be a finite number > 0, was ${priceDivisor}`);
  }
  if (onBadRow !== 'error' && onBadRow !== 'skip') {
    throw new RooneyError('invalid_parameter', `"onBadRow" must be 'error' or 'skip', was ${String(onBadRow)}`);
  }
  if (stampedAt !== undefined && stampedAt !== 'close' && stampedAt !== 'open') {
    throw new RooneyError('invalid_parameter', `"stampedAt" must be 'close' or 'open', was ${String(stampedAt)}`);
  }
  if (options.symbol !== undefined && options.symbol.trim() === '') {
    throw new RooneyError('invalid_parameter', `"symbol" must not be empty, was "${options.symbol}"`);
  }
  const timeZone = options.timeZone ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new RooneyError('invalid_parameter', `"timeZone" must be an IANA time zone, was "${timeZone}"`);
  }
  return {
    symbol: options.symbol,
    barMs,
    onBadRow,
    session: options.session ?? DEFAULT_SESSION,
    timeZone,
    stampedAt,
    priceDivisor,
  };
}
