import { basename } from 'node:path';
import { RooneyError } from '@rooney/core';
import type { BarSeries } from '../bar-series.ts';
import { readWholeFile } from '../io/file-bytes.ts';
import { loadBarsFile } from '../io/load-bars.ts';
import type { LoadOptions } from '../io/load-options.ts';
import { schemaForBarMs } from './catalog-layout.ts';
import type { CatalogPartition, CatalogSource } from './catalog-manifest.ts';
import type { CatalogWriter } from './catalog-writer.ts';
import { sha256Hex } from './partition-file.ts';

/** The dataset name imported files go under unless one is given. */
export const IMPORTED_DATASET = 'imported';

/** What {@link importBarFileToCatalog} stored. */
export interface CatalogImport {
  readonly dataset: string;
  readonly schema: string;
  readonly symbol: string;
  readonly rows: number;
  readonly partitions: readonly CatalogPartition[];
  /** Bad rows skipped under `onBadRow: 'skip'`. */
  readonly skipped: number;
}

/**
 * Imports a CSV (or CSV.gz) or Arrow bar file into a catalog, read with the same loader and checks
 * as a backtest (`loadBarsFile`): the bars are split into month partitions under `dataset` (default
 * `imported`) and the OHLCV schema of their bar size (`ohlcv-1m`, …, `bars-5m`), covering the
 * file's span from its first bar's open to its last bar's close; stored bars of the symbol in that
 * span are replaced. The source names the file and its SHA-256. DBN files go through
 * `@rooney/databento`'s importer, which keeps contracts and symbology apart.
 */
export function importBarFileToCatalog(
  writer: CatalogWriter,
  file: string,
  options: { readonly dataset?: string; readonly schema?: string; readonly load?: LoadOptions; readonly at?: string } = {},
): CatalogImport {
  const loaded = loadBarsFile(file, options.load);
  if (loaded.format === 'dbn' || loaded.format === 'dbn.zst') {
    throw new RooneyError('invalid_parameter', 'DBN files are imported with their symbology by `rooney data catalog import` (the Databento importer)', { file });
  }
  const kind = loaded.format === 'arrow' ? 'arrow_file' : 'csv_file';
  const source: Omit<CatalogSource, 'start' | 'end'> = {
    kind,
    file: basename(file),
    fileSha256: sha256Hex(readWholeFile(file)),
    ...(options.at !== undefined ? { at: options.at } : {}),
  };
  return importSeriesToCatalog(writer, loaded.series, { dataset: options.dataset ?? IMPORTED_DATASET, schema: options.schema, source, skipped: loaded.skipped.count, file });
}

/** Stores a whole series as one import: coverage from its first open to its last close. */
export function importSeriesToCatalog(
  writer: CatalogWriter,
  series: BarSeries,
  options: { readonly dataset: string; readonly schema?: string; readonly source: Omit<CatalogSource, 'start' | 'end'>; readonly skipped?: number; readonly file?: string },
): CatalogImport {
  if (series.length === 0) throw new RooneyError('empty_file', 'no bars to import', options.file !== undefined ? { file: options.file } : {});
  const schema = options.schema ?? schemaForBarMs(series.barMs);
  const coverage = [series.ts[0] - series.barMs, series.ts[series.length - 1]] as const;
  const partitions = writer.writeBars({ dataset: options.dataset, schema, symbol: series.symbol, series, coverage, source: options.source });
  writer.recordRequest({
    kind: options.source.kind,
    ...(options.source.at !== undefined ? { at: options.source.at } : {}),
    parameters: { file: options.source.file ?? null, sha256: options.source.fileSha256 ?? null, dataset: options.dataset, schema, symbol: series.symbol },
  });
  return { dataset: options.dataset, schema, symbol: series.symbol, rows: series.length, partitions, skipped: options.skipped ?? 0 };
}
