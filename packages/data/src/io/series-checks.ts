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
