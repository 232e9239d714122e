/**
 * Databento DBN files (v1, v2, v3; plain or Zstandard) decoded to bar series: the metadata
 * header with its symbology mappings, and the OHLCV records (rtypes 0x20 1s, 0x21 1m, 0x22 1h,
 * 0x23 1d). Other record types are stepped over by their length byte; in-stream symbol-mapping
 * records (0x16) are honoured. Layouts: `shared/specs/databento.md` §1.
 */

import { DAY_MS, HOUR_MS, MINUTE_MS, RooneyError, timeframeName } from '@rooney/core';
import { BarSeries, BarSeriesBuilder } from '../bar-series.ts';
import { DEFAULT_FIELD_NAMES, RowProblems, checkBar, checkOrder } from './bar-checks.ts';
import { readWholeFile, unzstdFile } from './file-bytes.ts';
import { daysFromCivil } from './parse-datetime.ts';

/** One symbology interval of the metadata: `[startDate, endDate)` as `YYYYMMDD` numbers. */
export interface DbnMappingInterval {
  readonly startDate: number;
  readonly endDate: number;
  readonly symbol: string;
}

/** A metadata mapping: an input symbol and what it resolved to, per date interval. */
export interface DbnSymbolMapping {
  readonly rawSymbol: string;
  readonly intervals: readonly DbnMappingInterval[];
}

/** The DBN metadata header. Nanosecond times are `bigint`; `end` is undefined when open. */
export interface DbnMetadata {
  readonly version: number;
  readonly dataset: string;
  /** Schema id (6 = ohlcv-1m, …); undefined for a mixed stream (0xFFFF). */
  readonly schema: number | undefined;
  readonly start: bigint;
  readonly end: bigint | undefined;
  /** Input symbology type (1 raw_symbol, 3 continuous, …); undefined when mixed (0xFF). */
  readonly stypeIn: number | undefined;
  readonly stypeOut: number;
  readonly tsOut: boolean;
  readonly symbols: readonly string[];
  readonly partial: readonly string[];
  readonly notFound: readonly string[];
  readonly mappings: readonly DbnSymbolMapping[];
  /** Byte offset of the first record (8 + the metadata length field). */
  readonly recordsOffset: number;
}

const UNDEF_TIMESTAMP = 0xffff_ffff_ffff_ffffn;
const NS_PER_MS = 1_000_000n;
const TWO_TO_32 = 4_294_967_296;
const OHLCV_RECORD_BYTES = 56;
const RTYPE_SYMBOL_MAPPING = 0x16;

/** Bar size of the OHLCV record types, by rtype. */
const OHLCV_BAR_MS: Readonly<Record<number, number>> = {
  0x20: 1000,
  0x21: MINUTE_MS,
  0x22: HOUR_MS,
  0x23: DAY_MS,
};

/** The OHLCV rtype of each OHLCV schema id. */
const SCHEMA_RTYPE: Readonly<Record<number, number>> = { 5: 0x20, 6: 0x21, 7: 0x22, 8: 0x23 };

/** Bar size of the OHLCV schemas (5 ohlcv-1s … 8 ohlcv-1d), by schema id. */
export const DBN_SCHEMA_BAR_MS: Readonly<Record<number, number>> = { 5: 1000, 6: MINUTE_MS, 7: HOUR_MS, 8: DAY_MS };

function badDbn(file: string, message: string, line?: number): RooneyError {
  return new RooneyError('bad_dbn', message, line === undefined ? { file } : { file, line, field: 'record' });
}

/** A fixed-width DBN text field: bytes `[offset, offset + width)` (clipped to the data) up to the first NUL. */
export function decodeDbnText(bytes: Uint8Array, offset: number, width: number): string {
  let text = '';
  const end = Math.min(offset + width, bytes.length);
  for (let i = offset; i < end && bytes[i] !== 0; i++) text += String.fromCharCode(bytes[i]);
  return text;
}

/**
 * Parses the metadata header at the start of (decompressed) DBN bytes, which must hold at least
 * `8 + length` bytes: a whole file, or the start of a live stream. `file` names the source in errors.
 */
export function decodeDbnMetadata(bytes: Uint8Array, file: string): DbnMetadata {
  if (bytes.length < 8 || bytes[0] !== 0x44 || bytes[1] !== 0x42 || bytes[2] !== 0x4e) {
    throw badDbn(file, 'invalid DBN header: the data does not start with "DBN"');
  }
  const version = bytes[3];
  if (version < 1 || version > 3) throw badDbn(file, `unsupported DBN version ${version} (supported: 1, 2, 3)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(4, true);
  const recordsOffset = 8 + length;
  if (length < 100) throw badDbn(file, `metadata length ${length} is below the minimum of 100`);
  if (recordsOffset > bytes.length) throw badDbn(file, `metadata length ${length} runs past the end of the data`);
  if (view.getUint32(108, true) !== 0) throw badDbn(file, 'schema definitions are not supported (schema_definition_length != 0)');

  const schemaRaw = view.getUint16(24, true);
  const endRaw = view.getBigUint64(34, true);
  const stypeOffset = version === 1 ? 58 : 50;
  const stypeInRaw = bytes[stypeOffset];
  const symbolWidth = version === 1 ? 22 : view.getUint16(53, true);

  let offset = 112;
  const need = (count: number): void => {
    if (offset + count > recordsOffset) throw badDbn(file, 'metadata symbol tables run past the metadata length');
  };
  const readU32 = (): number => {
    need(4);
    const value = view.getUint32(offset, true);
    offset += 4;
    return value;
  };
  const readSymbol = (): string => {
    need(symbolWidth);
    const text = decodeDbnText(bytes, offset, symbolWidth);
    offset += symbolWidth;
    return text;
  };
  const readList = (): string[] => {
    const count = readU32();
    const list: string[] = [];
    for (let i = 0; i < count; i++) list.push(readSymbol());
    return list;
  };
  const symbols = readList();
  const partial = readList();
  const notFound = readList();
  const mappingCount = readU32();
  const mappings: DbnSymbolMapping[] = [];
  for (let m = 0; m < mappingCount; m++) {
    const rawSymbol = readSymbol();
    const intervalCount = readU32();
    const intervals: DbnMappingInterval[] = [];
    for (let k = 0; k < intervalCount; k++) {
      const startDate = readU32();
      const endDate = readU32();
      intervals.push({ startDate, endDate, symbol: readSymbol() });
    }
    mappings.push({ rawSymbol, intervals });
  }

  return {
    version,
    dataset: decodeDbnText(bytes, 8, 16),
    schema: schemaRaw === 0xffff ? undefined : schemaRaw,
    start: view.getBigUint64(26, true),
    end: endRaw === UNDEF_TIMESTAMP ? undefined : endRaw,
    stypeIn: stypeInRaw === 0xff ? undefined : stypeInRaw,
    stypeOut: bytes[stypeOffset + 1],
    tsOut: bytes[stypeOffset + 2] !== 0,
    symbols,
    partial,
    notFound,
    mappings,
    recordsOffset,
  };
}

function dayOfDate(yyyymmdd: number): number {
  return daysFromCivil(Math.floor(yyyymmdd / 10000), Math.floor(yyyymmdd / 100) % 100, yyyymmdd % 100);
}

/** A symbol an instrument id stands for over a range of UTC days (days since 1970-01-01). */
export interface DbnSymbolInterval {
  readonly startDay: number;
  readonly endDay: number;
  readonly symbol: string;
}

/**
 * Instrument id → the symbols it stands for, over day ranges, from DBN metadata mappings. Mappings
 * usually go raw symbol → instrument id; the reverse direction (id → raw symbol) is accepted too.
 */
export function dbnSymbolIntervals(mappings: readonly DbnSymbolMapping[]): Map<number, DbnSymbolInterval[]> {
  const byId = new Map<number, DbnSymbolInterval[]>();
  for (const mapping of mappings) {
    for (const interval of mapping.intervals) {
      let id: number;
      let symbol: string;
      if (/^\d+$/.test(interval.symbol)) {
        id = Number(interval.symbol);
        symbol = mapping.rawSymbol;
      } else if (/^\d+$/.test(mapping.rawSymbol)) {
        id = Number(mapping.rawSymbol);
        symbol = interval.symbol;
      } else continue;
      const list = byId.get(id) ?? [];
      list.push({ startDay: dayOfDate(interval.startDate), endDay: dayOfDate(interval.endDate), symbol });
      byId.set(id, list);
    }
  }
  return byId;
}

/** Instrument id → symbol over day ranges, from the metadata mappings. */
class MetadataSymbols {
  private readonly byId: Map<number, DbnSymbolInterval[]>;

  constructor(mappings: readonly DbnSymbolMapping[]) {
    this.byId = dbnSymbolIntervals(mappings);
  }

  /** The symbol of instrument `id` on UTC day `day` (days since 1970), if mapped. */
  symbolOf(id: number, day: number): string | undefined {
    const list = this.byId.get(id);
    if (list === undefined) return undefined;
    for (const interval of list) if (day >= interval.startDay && day < interval.endDay) return interval.symbol;
    return undefined;
  }
}

/** Decoded OHLCV bars per series key, and the metadata. */
export interface DbnBars {
  readonly metadata: DbnMetadata;
  readonly series: Map<string, BarSeries>;
}

/**
 * Decodes the OHLCV records of a (decompressed) DBN stream into one series per symbol. The key is
 * the symbol the metadata mappings (or in-stream symbol-mapping records) give the instrument on
 * the bar's date, else the instrument id as text. Bars of a cadence other than the file's (its
 * schema, else its first OHLCV record) get the key `symbol@1s`, `symbol@1h`, … `ts_event` is the
 * bar's open, so each bar is stamped at `ts_event + bar size`; prices are the 1e-9 fixed-point
 * values. Bad bars (undefined or non-positive prices, inconsistent OHLC, time not increasing per
 * key) go to `problems`; "lines" are 1-based record numbers.
 */
export function decodeDbnBars(bytes: Uint8Array, file: string, problems: RowProblems): DbnBars {
  const metadata = decodeDbnMetadata(bytes, file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const metadataSymbols = new MetadataSymbols(metadata.mappings);
  const streamSymbols = new Map<number, string>();
  const builders = new Map<string, BarSeriesBuilder>();
  let primaryRtype = metadata.schema === undefined ? undefined : SCHEMA_RTYPE[metadata.schema];
  const symbolWidth = metadata.version === 1 ? 22 : 71;
  const names = { ...DEFAULT_FIELD_NAMES, timestamp: 'ts_event' };

  let offset = metadata.recordsOffset;
  let record = 0;
  while (offset < bytes.length) {
    record++;
    if (bytes.length - offset < 16) throw badDbn(file, 'the file ends inside a record header (truncated?)', record);
    const size = bytes[offset] * 4;
    if (size < 16) throw badDbn(file, `impossible record length ${size} bytes at byte ${offset}`, record);
    if (offset + size > bytes.length) throw badDbn(file, 'the file ends inside a record (truncated?)', record);
    const rtype = bytes[offset + 1];
    const instrumentId = view.getUint32(offset + 4, true);

    if (rtype === RTYPE_SYMBOL_MAPPING) {
      // v1: stype_in_symbol at 16 (22 bytes); v2/v3: stype_in at 16, stype_in_symbol at 17 (71 bytes).
      const symbolOffset = metadata.version === 1 ? 16 : 17;
      const outOffset = metadata.version === 1 ? 38 : 89;
      if (size >= outOffset + symbolWidth) {
        const inSymbol = decodeDbnText(bytes, offset + symbolOffset, symbolWidth);
        const outSymbol = decodeDbnText(bytes, offset + outOffset, symbolWidth);
        const symbol = inSymbol !== '' ? inSymbol : outSymbol;
        if (symbol !== '') streamSymbols.set(instrumentId, symbol);
      }
    } else if (OHLCV_BAR_MS[rtype] !== undefined) {
      if (size < OHLCV_RECORD_BYTES) throw badDbn(file, `OHLCV record of ${size} bytes, expected ${OHLCV_RECORD_BYTES}`, record);
      primaryRtype ??= rtype;
      const barMs = OHLCV_BAR_MS[rtype];
      const tsEvent = view.getBigUint64(offset + 8, true);
      if (tsEvent === UNDEF_TIMESTAMP) {
        problems.report('bad_timestamp', record, names.timestamp, 'ts_event is undefined (UNDEF_TIMESTAMP)');
      } else {
        const openTs = Number(tsEvent / NS_PER_MS);
        const base =
          streamSymbols.get(instrumentId) ??
          metadataSymbols.symbolOf(instrumentId, Math.floor(openTs / DAY_MS)) ??
          String(instrumentId);
        const key = rtype === primaryRtype ? base : `${base}@${timeframeName(barMs)}`;
        const o = decodeDbnPrice(view, offset + 16);
        const h = decodeDbnPrice(view, offset + 24);
        const l = decodeDbnPrice(view, offset + 32);
        const c = decodeDbnPrice(view, offset + 40);
        const volume = view.getUint32(offset + 52, true) * TWO_TO_32 + view.getUint32(offset + 48, true);
        let builder = builders.get(key);
        if (builder === undefined) {
          builder = new BarSeriesBuilder(key, barMs, 256);
          builders.set(key, builder);
        }
        const ts = openTs + barMs;
        if (checkBar(problems, record, names, o, h, l, c, volume) && checkOrder(problems, record, names.timestamp, ts, builder.lastTs)) {
          builder.push(ts, o, h, l, c, volume);
        }
      }
    }
    offset += size;
  }

  const series = new Map<string, BarSeries>();
  for (const [key, builder] of builders) series.set(key, builder.build());
  return { metadata, series };
}

/** An i64 1e-9 fixed-point DBN price at `offset`, as a number; NaN for `UNDEF_PRICE` (i64::MAX). */
export function decodeDbnPrice(view: DataView, offset: number): number {
  const low = view.getUint32(offset, true);
  const high = view.getInt32(offset + 4, true);
  if (high === 0x7fffffff && low === 0xffffffff) return Number.NaN;
  return (high * TWO_TO_32 + low) / 1e9;
}

/** The DBN bytes of a `.dbn` or `.dbn.zst` file (decompressed when the name ends in `.zst`). */
export function readDbnBytes(path: string): Uint8Array {
  const bytes = readWholeFile(path);
  return path.toLowerCase().endsWith('.zst') ? unzstdFile(path, bytes) : bytes;
}

/**
 * Reads the OHLCV bars of a Databento DBN file (`.dbn`, or `.dbn.zst` compressed), one series per
 * symbol (see {@link decodeDbnBars} for keys and stamping). Throws `RooneyError` on a malformed
 * file or the first bad bar, naming the 1-based record number.
 */
export function readDbnBars(path: string): Map<string, BarSeries> {
  return decodeDbnBars(readDbnBytes(path), path, new RowProblems(path, 'error')).series;
}
