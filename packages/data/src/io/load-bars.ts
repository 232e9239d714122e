import { RooneyError } from '@rooney/core';
import { BarSeries } from '../bar-series.ts';
import { RowProblems } from './bar-checks.ts';
import { decodeArrowBars } from './arrow-bars.ts';
import { parseCsvBars } from './csv-bars.ts';
import { DBN_SCHEMA_BAR_MS, decodeDbnBars, readDbnBytes } from './dbn-bars.ts';
import type { DbnBars } from './dbn-bars.ts';
import { barFileFormat, gunzipFile, readWholeFile } from './file-bytes.ts';
import { symbolFromPath } from './file-symbol.ts';
import { resolveLoadOptions } from './load-options.ts';
import type { LoadOptions, LoadResult, ResolvedLoadOptions } from './load-options.ts';
import { checkSeriesRows } from './series-checks.ts';

/** A load result plus the full bad-row log (for `inspectBars`). */
export interface LoadedBars {
  readonly result: LoadResult;
  readonly problems: RowProblems;
}

/**
 * Loads one bar series from a file, the reader chosen by extension:
 * - `.csv`, `.txt`, any other name: CSV with a header (see `detectCsvLayout`); `.gz`: gzipped CSV;
 * - `.arrow`: Arrow IPC as written by `writeArrowBars`;
 * - `.dbn`, `.dbn.zst`: Databento DBN OHLCV; with several symbols in the file, `symbol` picks one.
 *
 * CSV date-only rows are trading dates stamped at the close of their session (`session`); naive
 * date-times are read in `timeZone`; explicit zones and epoch numbers are instants. Every bar is
 * checked (numbers parse, prices finite and > 0, `low <= open, close <= high`, volume >= 0, time
 * strictly increasing); a bad bar throws `RooneyError` (`bad_row`, `bad_number`, `bad_price`,
 * `bad_ohlc`, `bad_volume`, `bad_timestamp`) naming file, 1-based line and field, or is skipped
 * and reported under `onBadRow: 'skip'`.
 */
export function loadBarsFile(path: string, options: LoadOptions = {}): LoadResult {
  return loadBarsWithProblems(path, options).result;
}

/** {@link loadBarsFile}, also returning the bad-row log. */
export function loadBarsWithProblems(path: string, options: LoadOptions = {}): LoadedBars {
  const resolved = resolveLoadOptions(options);
  const format = barFileFormat(path);
  const problems = new RowProblems(path, resolved.onBadRow);
  let series: BarSeries;
  let extras: Record<string, Float64Array> = {};
  let priceDivisor = resolved.priceDivisor ?? 1;
  if (format === 'csv' || format === 'csv.gz') {
    let bytes = readWholeFile(path);
    if (format === 'csv.gz') bytes = gunzipFile(path, bytes);
    const parsed = parseCsvBars(bytes, path, resolved, problems);
    series = parsed.series;
    extras = parsed.extras;
    priceDivisor = parsed.priceDivisor;
  } else if (format === 'arrow') {
    const decoded = decodeArrowBars(readWholeFile(path), path);
    extras = { ...decoded.extras };
    series = adjustColumnar(decoded.series, resolved, path);
    series = checkSeriesRows(series, problems, extras);
  } else {
    series = pickDbnSeries(decodeDbnBars(readDbnBytes(path), path, problems), resolved, path);
    series = adjustColumnar(series, resolved, path);
  }
  const result: LoadResult = { series, format, skipped: problems.summary(), extras, priceDivisor };
  return { result, problems };
}

/** Applies `symbol`, `barMs`, `stampedAt: 'open'` and `priceDivisor` to an Arrow or DBN series. */
function adjustColumnar(series: BarSeries, options: ResolvedLoadOptions, path: string): BarSeries {
  const symbol = options.symbol ?? series.symbol;
  const barMs = options.barMs ?? series.barMs;
  if (!(barMs > 0)) {
    throw new RooneyError('bar_size_unknown', `cannot infer the bar size from ${series.length} row(s); pass "barMs"`, { file: path });
  }
  const divisor = options.priceDivisor ?? 1;
  const shift = options.stampedAt === 'open' ? barMs : 0;
  if (symbol === series.symbol && barMs === series.barMs && divisor === 1 && shift === 0) return series;
  const scale = (column: Float64Array): Float64Array => (divisor === 1 ? column : column.map((x) => x / divisor));
  return new BarSeries(symbol, barMs, {
    ts: shift === 0 ? series.ts : series.ts.map((t) => t + shift),
    open: scale(series.open),
    high: scale(series.high),
    low: scale(series.low),
    close: scale(series.close),
    volume: series.volume,
  });
}

/**
 * The one series of a DBN file that `options.symbol` names, or the only one; an empty series (bar
 * size from the schema) when the file holds no bars.
 */
function pickDbnSeries(bars: DbnBars, options: ResolvedLoadOptions, path: string): BarSeries {
  const all = bars.series;
  const keys = [...all.keys()];
  let series: BarSeries;
  if (options.symbol !== undefined && all.has(options.symbol)) series = all.get(options.symbol) as BarSeries;
  else if (keys.length === 1) series = all.get(keys[0]) as BarSeries;
  else if (keys.length === 0) {
    const schemaBarMs = bars.metadata.schema === undefined ? undefined : DBN_SCHEMA_BAR_MS[bars.metadata.schema];
    const symbol = options.symbol ?? bars.metadata.symbols[0] ?? symbolFromPath(path);
    series = BarSeries.empty(symbol, options.barMs ?? schemaBarMs ?? Number.NaN);
  } else {
    const wanted = options.symbol === undefined ? 'several symbols; pass "symbol"' : `no symbol "${options.symbol}"`;
    throw new RooneyError('ambiguous_symbol', `DBN file has ${wanted} (symbols: ${keys.join(', ')})`, { file: path });
  }
  if (options.barMs !== undefined && options.barMs !== series.barMs) {
    throw new RooneyError(
      'invalid_parameter',
      `"barMs" must match the DBN record type's bar size ${series.barMs}, was ${options.barMs}`,
      { file: path },
    );
  }
  return series;
}
