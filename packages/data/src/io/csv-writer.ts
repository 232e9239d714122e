import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { isoUtc } from '@rooney/core';
import type { BarSeries } from '../bar-series.ts';

/**
 * The CSV text of `series`: header `ts,open,high,low,close,volume`, `ts` as ISO-8601 UTC
 * (`2024-01-02T15:04:00.000Z`, the bar close), numbers in JavaScript's shortest round-trip form (so
 * loading the file back gives the same doubles), a NaN volume as an empty field.
 */
export function formatCsvBars(series: BarSeries): string {
  const { ts, open, high, low, close, volume } = series;
  const lines: string[] = new Array(series.length + 2);
  lines[0] = 'ts,open,high,low,close,volume';
  for (let i = 0; i < series.length; i++) {
    const v = volume[i];
    lines[i + 1] = `${isoUtc(ts[i])},${open[i]},${high[i]},${low[i]},${close[i]},${Number.isNaN(v) ? '' : v}`;
  }
  lines[series.length + 1] = '';
  return lines.join('\n');
}

/** Writes `series` as CSV (see {@link formatCsvBars}); gzipped when `path` ends in `.gz`. */
export function writeCsvBars(path: string, series: BarSeries): void {
  const text = formatCsvBars(series);
  writeFileSync(path, path.toLowerCase().endsWith('.gz') ? gzipSync(text) : text);
}
