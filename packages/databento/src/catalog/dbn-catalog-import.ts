import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { DAY_MS, RooneyError, isoUtc } from '@rooney/core';
import { BarSeriesBuilder, dbnMetadataToJson, dbnSymbolIntervals, mergeIntervals, sha256Hex } from '@rooney/data';
import type { CatalogPartition, CatalogWriter, DbnMetadata } from '@rooney/data';
import { Decompress } from 'fzstd';
import { OHLCV_RTYPE_BAR_MS, SCHEMA_ID, STYPE_ID } from '../dbn/dbn-records.ts';
import { DbnStreamDecoder } from '../dbn/dbn-stream-decoder.ts';
import { contractKey } from './contract-resolution.ts';

const NS_PER_MS = 1_000_000n;
const SCHEMA_RTYPE: Readonly<Record<number, number>> = { 5: 0x20, 6: 0x21, 7: 0x22, 8: 0x23 };
const SCHEMA_NAME = new Map(Object.entries(SCHEMA_ID).map(([name, id]) => [id, name]));
const STYPE_NAME = new Map(Object.entries(STYPE_ID).map(([name, id]) => [id, name]));

/** What {@link importDbnFileToCatalog} stored. */
export interface DbnCatalogImport {
  readonly dataset: string;
  readonly schema: string;
  /** Stored symbols with their bar counts (venue symbols, or instrument ids when the file does not name contracts). */
  readonly symbols: readonly { readonly symbol: string; readonly rows: number }[];
  /** Continuous symbols whose symbology was stored (`ES.c.0` → instrument ids by date). */
  readonly mapped: readonly string[];
  readonly partitions: readonly CatalogPartition[];
  /** Bars skipped for an undefined price. */
  readonly skippedBars: number;
}

/**
 * Imports a Databento DBN file (`.dbn` or `.dbn.zst`, e.g. from the download centre) of OHLCV bars
 * into a catalog, one stored symbol per instrument:
 * - files requested by venue symbol (`stype_in=raw_symbol`) store each contract under its symbol
 *   with the full year (`ESH5` → `ESH2025`, as `fetchToCatalog` does), from the metadata mappings;
 * - files of continuous symbols (`ES.c.0`) store each contract under its instrument id (the file
 *   does not name the contract; in-stream symbol mappings are used when present) and the
 *   symbol's dated mapping as symbology, so continuous series can be rebuilt with any roll rule;
 * - other files (parent symbols, …) store each instrument under its id.
 * Each instrument covers the days the metadata maps it within the file's `[start, end)`. The
 * source records the file name, its SHA-256 and the DBN metadata.
 */
export function importDbnFileToCatalog(writer: CatalogWriter, file: string, options: { readonly at?: string } = {}): DbnCatalogImport {
  const bytes = new Uint8Array(readFileSync(file));
  const fileSha256 = sha256Hex(bytes);
  const decoded = decodeFile(bytes, file);
  const { metadata } = decoded;
  const schema = metadata.schema === undefined ? undefined : SCHEMA_NAME.get(metadata.schema);
  const rtype = metadata.schema === undefined ? undefined : SCHEMA_RTYPE[metadata.schema];
  if (schema === undefined || rtype === undefined) {
    throw new RooneyError('unsupported_schema', `the catalog stores OHLCV bars (ohlcv-1s/1m/1h/1d); this file's schema is ${schema ?? metadata.schema ?? 'mixed'}`, { file });
  }
  const barMs = OHLCV_RTYPE_BAR_MS[rtype];
  const fileStart = Number(metadata.start / NS_PER_MS);
  const fileEnd = metadata.end === undefined ? undefined : Number(metadata.end / NS_PER_MS);
  const stypeIn = metadata.stypeIn === undefined ? undefined : STYPE_NAME.get(metadata.stypeIn);

  // Instrument id → the input symbol over day ranges (from the metadata mappings).
  const dated = dbnSymbolIntervals(metadata.mappings);
  // Contracts are stored as a fetch stores them: venue symbol with the full year (ESU4 → ESU2024).
  const nameOf = (id: number): string => {
    const streamed = decoded.streamNames.get(id);
    if (streamed !== undefined) return contractKey(streamed, fileStart);
    if (stypeIn === 'raw_symbol') {
      const symbols = new Set((dated.get(id) ?? []).map((i) => i.symbol));
      if (symbols.size === 1) return contractKey([...symbols][0], fileStart);
    }
    return String(id);
  };

  const builders = new Map<number, BarSeriesBuilder>();
  let skippedBars = 0;
  for (const bar of decoded.bars) {
    if (bar.rtype !== rtype) continue;
    if (Number.isNaN(bar.open) || Number.isNaN(bar.high) || Number.isNaN(bar.low) || Number.isNaN(bar.close)) {
      skippedBars++;
      continue;
    }
    let builder = builders.get(bar.instrumentId);
    if (builder === undefined) {
      builder = new BarSeriesBuilder(nameOf(bar.instrumentId), barMs, 1024);
      builders.set(bar.instrumentId, builder);
    }
    const ts = bar.openTs + barMs;
    if (builder.length > 0 && !(ts > builder.lastTs)) {
      throw new RooneyError('bad_dbn', `instrument ${bar.instrumentId}: a bar closing at ${isoUtc(ts)} after one closing at ${isoUtc(builder.lastTs)}`, { file, line: bar.record, field: 'ts_event' });
    }
    builder.push(ts, bar.open, bar.high, bar.low, bar.close, bar.volume);
  }

  const source = { kind: 'dbn_file' as const, file: basename(file), fileSha256, ...(options.at !== undefined ? { at: options.at } : {}), dbn: dbnMetadataToJson(metadata) };
  const partitions: CatalogPartition[] = [];
  const symbols: { symbol: string; rows: number }[] = [];
  const ids = new Set([...builders.keys(), ...dated.keys()]);
  for (const id of [...ids].sort((a, b) => a - b)) {
    const series = (builders.get(id) ?? new BarSeriesBuilder(nameOf(id), barMs, 0)).build();
    const coverage = instrumentCoverage(dated.get(id), series, fileStart, fileEnd, barMs);
    for (const [start, end] of coverage) {
      const inside = series.between(start + barMs, end + barMs - 1);
      partitions.push(...writer.writeBars({ dataset: metadata.dataset, schema, symbol: series.symbol, series: inside, coverage: [start, end], source }));
    }
    if (coverage.length > 0) symbols.push({ symbol: series.symbol, rows: series.length });
  }

  const mapped: string[] = [];
  if (stypeIn === 'continuous') {
    for (const mapping of metadata.mappings) {
      const intervals = mapping.intervals
        .filter((i) => /^\d+$/.test(i.symbol))
        .map((i) => ({ startDate: dateText(i.startDate), endDate: dateText(i.endDate), symbol: nameOf(Number(i.symbol)) }));
      if (intervals.length === 0) continue;
      writer.recordSymbology({ dataset: metadata.dataset, symbol: mapping.rawSymbol, stypeIn: 'continuous', intervals });
      mapped.push(mapping.rawSymbol);
    }
  }
  writer.recordRequest({
    kind: 'dbn_file',
    ...(options.at !== undefined ? { at: options.at } : {}),
    parameters: { file: basename(file), sha256: fileSha256, dataset: metadata.dataset, schema, stypeIn: stypeIn ?? null, symbols: [...metadata.symbols] },
  });
  return { dataset: metadata.dataset, schema, symbols, mapped, partitions, skippedBars };
}

/** An OHLCV record with what the importer needs. */
interface DecodedBar {
  readonly rtype: number;
  readonly instrumentId: number;
  readonly openTs: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  /** 1-based record number, for errors. */
  readonly record: number;
}

/** The metadata, OHLCV records and in-stream contract names of a whole (possibly zstd) DBN file. */
function decodeFile(bytes: Uint8Array, file: string): { metadata: DbnMetadata; bars: DecodedBar[]; streamNames: Map<number, string> } {
  const bars: DecodedBar[] = [];
  const streamNames = new Map<number, string>();
  let failure: string | undefined;
  let records = 0;
  const decoder = new DbnStreamDecoder(
    {
      metadata: () => undefined,
      record: (record) => {
        records++;
        if (record.kind === 'ohlcv') {
          bars.push({ rtype: record.rtype, instrumentId: record.instrumentId, openTs: Number(record.tsEventNs / NS_PER_MS), open: record.open, high: record.high, low: record.low, close: record.close, volume: record.volume, record: records });
        } else if (record.kind === 'symbol_mapping' && record.stypeOutSymbol !== '' && !/^\d+$/.test(record.stypeOutSymbol)) {
          streamNames.set(record.instrumentId, record.stypeOutSymbol);
        }
      },
      error: (error) => {
        if (error.fatal) failure ??= `${error.message} at byte ${error.offset}`;
      },
    },
    file,
  );
  const zstd = bytes.length >= 4 && bytes[0] === 0x28 && bytes[1] === 0xb5 && bytes[2] === 0x2f && bytes[3] === 0xfd;
  try {
    if (zstd) {
      const stream = new Decompress((chunk) => decoder.push(chunk));
      stream.push(bytes, true);
    } else {
      decoder.push(bytes);
    }
  } catch (error) {
    throw new RooneyError('bad_dbn', `not a readable DBN file: ${(error as Error).message}`, { file });
  }
  if (failure !== undefined) throw new RooneyError('bad_dbn', failure, { file });
  if (decoder.metadata === undefined) throw new RooneyError('bad_dbn', 'no DBN metadata (not a DBN file, or truncated)', { file });
  if (decoder.bufferedBytes > 0) throw new RooneyError('bad_dbn', `the file ends inside a record (${decoder.bufferedBytes} bytes left): truncated?`, { file });
  return { metadata: decoder.metadata, bars, streamNames };
}

/**
 * Bar-open intervals the file is complete for one instrument: the days its mappings give, within
 * the file's `[start, end)`; without mappings, its first bar's open to its last bar's close.
 */
function instrumentCoverage(
  intervals: readonly { startDay: number; endDay: number }[] | undefined,
  series: { readonly length: number; readonly ts: Float64Array },
  fileStart: number,
  fileEnd: number | undefined,
  barMs: number,
): [number, number][] {
  const end = fileEnd ?? (series.length > 0 ? series.ts[series.length - 1] : fileStart);
  if (intervals === undefined || intervals.length === 0) {
    return series.length === 0 ? [] : [[Math.max(fileStart, series.ts[0] - barMs), Math.max(end, series.ts[series.length - 1])]];
  }
  const out: [number, number][] = [];
  for (const interval of [...intervals].sort((a, b) => a.startDay - b.startDay)) {
    const from = Math.max(fileStart, interval.startDay * DAY_MS);
    const to = Math.min(end, interval.endDay * DAY_MS);
    if (to > from) out.push([from, to]);
  }
  return mergeIntervals(out).map(([from, to]) => [from, to]);
}

/** `YYYY-MM-DD` of a `YYYYMMDD` number. */
function dateText(yyyymmdd: number): string {
  const text = String(yyyymmdd);
  return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
}
