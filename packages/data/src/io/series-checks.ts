import { BarSeries } from '../bar-series.ts';
import { DEFAULT_FIELD_NAMES, checkBar, checkOrder } from './bar-checks.ts';
import type { BarFieldNames, RowProblems } from './bar-checks.ts';

/**
 * Runs the bar checks of the CSV loader over a series already in columns (Arrow, DBN): finite
 * timestamps, positive prices, consistent OHLC, non-negative volume, strictly increasing time.
 * Rows are numbered from 1. Under the `error` policy the first problem throws and a good series is
 * returned as is (no copy); under `skip` the bad rows are dropped into a compacted copy.
 * `extras` columns (aligned with the series) are compacted the same way, replaced in the record.
 */
export function checkSeriesRows(
  series: BarSeries,
  problems: RowProblems,
  extras: Record<string, Float64Array> = {},
  names: BarFieldNames = DEFAULT_FIELD_NAMES,
): BarSeries {
  const n = series.length;
  const { ts, open, high, low, close, volume } = series;
  if (allRowsValid(series)) return series;
  let keep: Uint8Array | undefined;
  let previousTs = Number.NaN;
  let dropped = 0;
  for (let i = 0; i < n; i++) {
    const line = i + 1;
    let good = true;
    if (!Number.isFinite(ts[i])) {
      problems.report('bad_timestamp', line, names.timestamp, `timestamp must be a finite epoch-ms number, was ${ts[i]}`);
      good = false;
    } else {
      good =
        checkBar(problems, line, names, open[i], high[i], low[i], close[i], volume[i]) &&
        checkOrder(problems, line, names.timestamp, ts[i], previousTs);
    }
    if (good) previousTs = ts[i];
    else {
      keep ??= new Uint8Array(n).fill(1);
      keep[i] = 0;
      dropped++;
    }
  }
  if (keep === undefined) return series;
  const kept = keep;
  const compact = (column: Float64Array): Float64Array => {
    const out = new Float64Array(n - dropped);
    let j = 0;
    for (let i = 0; i < n; i++) if (kept[i] === 1) out[j++] = column[i];
    return out;
  };
  for (const name of Object.keys(extras)) extras[name] = compact(extras[name]);
  return new BarSeries(series.symbol, series.barMs, {
    ts: compact(ts),
    open: compact(open),
    high: compact(high),
    low: compact(low),
    close: compact(close),
    volume: compact(volume),
  });
}

/**
 * The common case in one tight pass: true when every row passes the bar checks (finite, strictly
 * increasing time; positive finite prices with low <= open, close <= high; volume not negative and
 * not infinite, NaN allowed for a missing volume). Any failing row sends the caller to the detailed
 * checks, which name it.
 */
function allRowsValid(series: BarSeries): boolean {
  const { ts, open, high, low, close, volume } = series;
  let previous = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < series.length; i++) {
    const t = ts[i];
    const h = high[i];
    const l = low[i];
    const o = open[i];
    const c = close[i];
    const v = volume[i];
    if (!(t > previous && t < Number.POSITIVE_INFINITY && l > 0 && h < Number.POSITIVE_INFINITY && h >= l)) return false;
    if (!(o >= l && o <= h && c >= l && c <= h) || v < 0 || v === Number.POSITIVE_INFINITY) return false;
    previous = t;
  }
  return true;
}
