import { writeFileSync } from 'node:fs';
import {
  Field,
  Float64,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimeUnit,
  Type,
  makeData,
  tableFromIPC,
  tableToIPC,
} from 'apache-arrow';
import type { Vector } from 'apache-arrow';
import { RooneyError } from '@rooney/core';
import { BarSeries } from '../bar-series.ts';
import { RowProblems } from './bar-checks.ts';
import { inferBarMs } from './bar-size.ts';
import { readWholeFile } from './file-bytes.ts';
import { symbolFromPath } from './file-symbol.ts';
import { checkSeriesRows } from './series-checks.ts';

/** The bar columns of a Rooney Arrow file, in order. */
export const ARROW_BAR_COLUMNS = ['ts', 'open', 'high', 'low', 'close', 'volume'] as const;

/** Schema-metadata keys of a Rooney Arrow file. */
export const ARROW_SYMBOL_KEY = 'symbol';
export const ARROW_BAR_MS_KEY = 'barMs';

/**
 * Writes `series` as an Arrow IPC file: Float64 columns `ts` (epoch ms UTC, bar close), `open`,
 * `high`, `low`, `close`, `volume`, with `symbol` and `barMs` in the schema metadata.
 */
export function writeArrowBars(path: string, series: BarSeries): void {
  writeFileSync(path, encodeArrowBars(series));
}

/** The Arrow IPC file bytes of `series` (see {@link writeArrowBars}). */
export function encodeArrowBars(series: BarSeries): Uint8Array {
  const length = series.length;
  const fields = ARROW_BAR_COLUMNS.map((name) => new Field(name, new Float64(), false));
  const metadata = new Map([
    [ARROW_SYMBOL_KEY, series.symbol],
    [ARROW_BAR_MS_KEY, String(series.barMs)],
  ]);
  const schema = new Schema(fields, metadata);
  const children = ARROW_BAR_COLUMNS.map((name) =>
    makeData({ type: new Float64(), length, nullCount: 0, data: series[name] }),
  );
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length, nullCount: 0, children }));
  return tableToIPC(new Table(schema, [batch]), 'file');
}

/** Bars and any further numeric columns decoded from Arrow IPC bytes, before validation. */
export interface DecodedArrowBars {
  readonly series: BarSeries;
  readonly extras: Record<string, Float64Array>;
}

const TIMESTAMP_DIVISORS: Record<number, number> = {
  [TimeUnit.SECOND]: 1e-3,
  [TimeUnit.MILLISECOND]: 1,
  [TimeUnit.MICROSECOND]: 1e3,
  [TimeUnit.NANOSECOND]: 1e6,
};

/**
 * One column as a `Float64Array`: the IPC buffer itself for a single-chunk Float64 column without
 * nulls (no copy), a converted copy for other numeric types; nulls become NaN and Arrow timestamps
 * are converted to epoch ms.
 */
function float64Column(vector: Vector, file: string, name: string): Float64Array {
  const typeId = vector.type.typeId;
  const numeric = typeId === Type.Float || typeId === Type.Int || typeId === Type.Timestamp;
  if (!numeric) {
    throw new RooneyError('bad_header', `column "${name}" must be numeric, was ${String(vector.type)}`, { file, field: name });
  }
  const raw = vector.toArray() as ArrayLike<number | bigint>;
  let out: Float64Array;
  if (raw instanceof Float64Array) out = raw;
  else {
    out = new Float64Array(vector.length);
    const divisor = typeId === Type.Timestamp ? TIMESTAMP_DIVISORS[(vector.type as { unit: number }).unit] : 1;
    for (let i = 0; i < out.length; i++) out[i] = Number(raw[i]) / divisor;
  }
  if (vector.nullCount > 0) {
    if (out === raw) out = out.slice();
    for (let i = 0; i < out.length; i++) if (!vector.isValid(i)) out[i] = Number.NaN;
  }
  return out;
}

/** Decodes Arrow IPC bytes (file or stream format) into bars; no bar checks yet. */
export function decodeArrowBars(bytes: Uint8Array, file: string): DecodedArrowBars {
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (error) {
    throw new RooneyError('bad_arrow', `not a readable Arrow IPC file: ${(error as Error).message}`, { file });
  }
  const byName = new Map<string, string>();
  for (const field of table.schema.fields) byName.set(field.name.toLowerCase(), field.name);
  const column = (name: string): Float64Array => {
    const actual = byName.get(name);
    const vector = actual === undefined ? null : table.getChild(actual);
    if (vector === null) {
      throw new RooneyError('bad_header', `no "${name}" column (columns: ${[...byName.values()].join(', ')})`, { file, field: name });
    }
    return float64Column(vector, file, actual ?? name);
  };
  const ts = column('ts');
  const columns = { ts, open: column('open'), high: column('high'), low: column('low'), close: column('close'), volume: column('volume') };

  const extras: Record<string, Float64Array> = {};
  for (const field of table.schema.fields) {
    if ((ARROW_BAR_COLUMNS as readonly string[]).includes(field.name.toLowerCase())) continue;
    const vector = table.getChild(field.name);
    const typeId = field.type.typeId;
    if (vector !== null && (typeId === Type.Float || typeId === Type.Int)) extras[field.name] = float64Column(vector, file, field.name);
  }

  const metadata = table.schema.metadata;
  const symbol = metadata.get(ARROW_SYMBOL_KEY) ?? symbolFromPath(file);
  const barMsText = metadata.get(ARROW_BAR_MS_KEY);
  let barMs = barMsText === undefined ? inferBarMs(ts, ts.length, false) : Number(barMsText);
  if (!(barMs > 0)) barMs = Number.NaN;
  return { series: new BarSeries(symbol, barMs, columns), extras };
}

/**
 * Reads a bar series written by {@link writeArrowBars} (or any Arrow IPC file with those columns;
 * names are matched case-insensitively, integer and timestamp columns are converted). Float64
 * columns are returned as views on the file's bytes, without copying. The bars are checked like
 * the CSV loader's (`RooneyError` with the 1-based row and field on the first bad one). Without
 * `barMs` metadata the bar size is inferred from the timestamps.
 */
export function readArrowBars(path: string): BarSeries {
  const { series } = decodeArrowBars(readWholeFile(path), path);
  if (!(series.barMs > 0)) {
    throw new RooneyError('bar_size_unknown', `no "barMs" metadata and ${series.length} row(s): cannot infer the bar size`, { file: path });
  }
  return checkSeriesRows(series, new RowProblems(path, 'error'));
}
