import { RooneyError } from '@rooney/core';
import type { DbnMetadata } from '../io/dbn-bars.ts';
import { partitionPath } from './catalog-layout.ts';
import type { TimeInterval } from './time-intervals.ts';

/** The manifest's file name inside a catalog directory. */
export const CATALOG_MANIFEST = 'manifest.json';
/** `format` of a catalog manifest. */
export const CATALOG_FORMAT = 'rooney-catalog';
/** The manifest version this code writes and reads. */
export const CATALOG_VERSION = 1;

/** A DBN metadata header as JSON: nanosecond times as decimal strings, unset values as null. */
export interface CatalogDbnMetadata {
  readonly version: number;
  readonly dataset: string;
  /** Schema id (6 = ohlcv-1m …), null when mixed. */
  readonly schema: number | null;
  readonly start: string;
  readonly end: string | null;
  readonly stypeIn: number | null;
  readonly stypeOut: number;
  readonly tsOut: boolean;
  readonly symbols: readonly string[];
  readonly partial: readonly string[];
  readonly notFound: readonly string[];
  readonly mappings: readonly { readonly rawSymbol: string; readonly intervals: readonly { readonly startDate: number; readonly endDate: number; readonly symbol: string }[] }[];
}

/** How one covered piece of a partition got into the catalog. */
export interface CatalogSource {
  /** `databento` (Historical API download), `dbn_file` or `csv_file` (imports). */
  readonly kind: 'databento' | 'dbn_file' | 'csv_file' | 'arrow_file';
  /** The bar-open interval `[start, end)` (epoch ms) this source covers in the partition. */
  readonly start: number;
  readonly end: number;
  /** The API request that brought the bars (Databento): dataset, schema, symbols, stype_in, start, end. */
  readonly request?: Readonly<Record<string, string>>;
  readonly requestId?: string;
  /** ISO time of the download or import. */
  readonly at?: string;
  /** Imported file: its base name and content hash. */
  readonly file?: string;
  readonly fileSha256?: string;
  /** The DBN metadata header of the download or file. */
  readonly dbn?: CatalogDbnMetadata;
}

/** One Arrow IPC file of the catalog: the bars of one symbol whose open lies in one month. */
export interface CatalogPartition {
  /** Relative to the catalog directory, `/`-separated: `<dataset>/<schema>/<symbol>/<YYYY-MM>.arrow`. */
  readonly path: string;
  readonly dataset: string;
  readonly schema: string;
  readonly symbol: string;
  readonly month: string;
  readonly barMs: number;
  readonly rows: number;
  /** Close time of the first and last bar (epoch ms), null when the partition holds no bar. */
  readonly firstTs: number | null;
  readonly lastTs: number | null;
  /** Close times of the two consecutive bars furthest apart, or null with fewer than two bars. */
  readonly longestGap: readonly [from: number, to: number] | null;
  /** Bar-open intervals the partition is complete for (merged); no bar in them means no trade. */
  readonly coverage: readonly TimeInterval[];
  /** File size and SHA-256 (hex) of its bytes. */
  readonly bytes: number;
  readonly sha256: string;
  readonly sources: readonly CatalogSource[];
}

/** A symbol resolved through symbology (e.g. `ES.c.0` → contracts by date), as stored. */
export interface CatalogSymbology {
  readonly dataset: string;
  /** The symbol as asked for, e.g. `ES.c.0`. */
  readonly symbol: string;
  /** Its Databento symbology type, e.g. `continuous`. */
  readonly stypeIn: string;
  /** The stored symbol it stands for, from `startDate` (inclusive) to `endDate` (exclusive), UTC `YYYY-MM-DD`; sorted, adjacent equal ones merged. */
  readonly intervals: readonly { readonly startDate: string; readonly endDate: string; readonly symbol: string }[];
}

/** A fetch or import as asked for (no secret is ever stored). */
export interface CatalogRequest {
  readonly kind: 'databento' | 'dbn_file' | 'csv_file' | 'arrow_file';
  readonly at?: string;
  readonly parameters: Readonly<Record<string, unknown>>;
}

/** `manifest.json`: the index of a catalog. */
export interface CatalogManifest {
  readonly format: typeof CATALOG_FORMAT;
  readonly version: typeof CATALOG_VERSION;
  /** Sorted by path. */
  readonly partitions: readonly CatalogPartition[];
  /** Sorted by dataset, then symbol. */
  readonly symbology: readonly CatalogSymbology[];
  /** In the order they were made. */
  readonly requests: readonly CatalogRequest[];
}

/** A manifest with nothing in it. */
export function emptyManifest(): CatalogManifest {
  return { format: CATALOG_FORMAT, version: CATALOG_VERSION, partitions: [], symbology: [], requests: [] };
}

/** DBN metadata as stored in the manifest. */
export function dbnMetadataToJson(metadata: DbnMetadata): CatalogDbnMetadata {
  return {
    version: metadata.version,
    dataset: metadata.dataset,
    schema: metadata.schema ?? null,
    start: metadata.start.toString(),
    end: metadata.end === undefined ? null : metadata.end.toString(),
    stypeIn: metadata.stypeIn ?? null,
    stypeOut: metadata.stypeOut,
    tsOut: metadata.tsOut,
    symbols: [...metadata.symbols],
    partial: [...metadata.partial],
    notFound: [...metadata.notFound],
    mappings: metadata.mappings.map((m) => ({ rawSymbol: m.rawSymbol, intervals: m.intervals.map((i) => ({ startDate: i.startDate, endDate: i.endDate, symbol: i.symbol })) })),
  };
}

/** The manifest as written: stable key order, two-space indent, a final newline. */
export function serializeManifest(manifest: CatalogManifest): string {
  const sorted: CatalogManifest = {
    format: CATALOG_FORMAT,
    version: CATALOG_VERSION,
    partitions: [...manifest.partitions].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    symbology: [...manifest.symbology].sort((a, b) => (a.dataset === b.dataset ? (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0) : a.dataset < b.dataset ? -1 : 1)),
    requests: manifest.requests,
  };
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

/**
 * Parses and checks a manifest. Errors are `bad_catalog` naming the file and the key path (e.g.
 * `partitions[3].coverage`); a partition whose path is not the one its dataset, schema, symbol and
 * month give is refused, so a manifest cannot point outside its catalog.
 */
export function parseManifest(text: string, file: string): CatalogManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RooneyError('bad_catalog', `not JSON: ${(error as Error).message}`, { file });
  }
  const root = object(json, '', file);
  if (root.format !== CATALOG_FORMAT) throw bad(file, 'format', `must be "${CATALOG_FORMAT}", was ${JSON.stringify(root.format)}`);
  if (root.version !== CATALOG_VERSION) throw bad(file, 'version', `must be ${CATALOG_VERSION} (this Rooney reads version ${CATALOG_VERSION} catalogs), was ${JSON.stringify(root.version)}`);
  const partitions = array(root.partitions, 'partitions', file).map((value, i) => checkPartition(value, `partitions[${i}]`, file));
  const symbology = array(root.symbology, 'symbology', file).map((value, i) => checkSymbology(value, `symbology[${i}]`, file));
  const requests = array(root.requests, 'requests', file).map((value, i) => {
    const request = object(value, `requests[${i}]`, file);
    string(request.kind, `requests[${i}].kind`, file);
    object(request.parameters, `requests[${i}].parameters`, file);
    return request as unknown as CatalogRequest;
  });
  return { format: CATALOG_FORMAT, version: CATALOG_VERSION, partitions, symbology, requests };
}

function checkPartition(value: unknown, path: string, file: string): CatalogPartition {
  const p = object(value, path, file);
  const key = { dataset: string(p.dataset, `${path}.dataset`, file), schema: string(p.schema, `${path}.schema`, file), symbol: string(p.symbol, `${path}.symbol`, file), month: string(p.month, `${path}.month`, file) };
  let expected: string;
  try {
    expected = partitionPath(key);
  } catch (error) {
    throw bad(file, `${path}.month`, (error as Error).message);
  }
  if (p.path !== expected) throw bad(file, `${path}.path`, `must be "${expected}" for its dataset, schema, symbol and month, was ${JSON.stringify(p.path)}`);
  number(p.barMs, `${path}.barMs`, file);
  number(p.rows, `${path}.rows`, file);
  number(p.bytes, `${path}.bytes`, file);
  if (p.firstTs !== null) number(p.firstTs, `${path}.firstTs`, file);
  if (p.lastTs !== null) number(p.lastTs, `${path}.lastTs`, file);
  if (typeof p.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(p.sha256)) throw bad(file, `${path}.sha256`, 'must be 64 hex digits');
  array(p.coverage, `${path}.coverage`, file).forEach((interval, k) => {
    if (!Array.isArray(interval) || interval.length !== 2 || !interval.every((t) => Number.isFinite(t)) || !(interval[1] > interval[0])) {
      throw bad(file, `${path}.coverage[${k}]`, 'must be [start, end] epoch ms with end > start');
    }
  });
  array(p.sources, `${path}.sources`, file).forEach((source, k) => {
    const s = object(source, `${path}.sources[${k}]`, file);
    string(s.kind, `${path}.sources[${k}].kind`, file);
    number(s.start, `${path}.sources[${k}].start`, file);
    number(s.end, `${path}.sources[${k}].end`, file);
  });
  return p as unknown as CatalogPartition;
}

function checkSymbology(value: unknown, path: string, file: string): CatalogSymbology {
  const s = object(value, path, file);
  string(s.dataset, `${path}.dataset`, file);
  string(s.symbol, `${path}.symbol`, file);
  string(s.stypeIn, `${path}.stypeIn`, file);
  array(s.intervals, `${path}.intervals`, file).forEach((interval, k) => {
    const i = object(interval, `${path}.intervals[${k}]`, file);
    for (const field of ['startDate', 'endDate'] as const) {
      if (typeof i[field] !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(i[field] as string)) throw bad(file, `${path}.intervals[${k}].${field}`, 'must be a date like 2024-03-15');
    }
    string(i.symbol, `${path}.intervals[${k}].symbol`, file);
  });
  return s as unknown as CatalogSymbology;
}

function bad(file: string, field: string, message: string): RooneyError {
  return new RooneyError('bad_catalog', message, { file, field });
}

function object(value: unknown, path: string, file: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw bad(file, path === '' ? '(root)' : path, 'must be an object');
  return value as Record<string, unknown>;
}

function array(value: unknown, path: string, file: string): unknown[] {
  if (!Array.isArray(value)) throw bad(file, path, 'must be a list');
  return value;
}

function string(value: unknown, path: string, file: string): string {
  if (typeof value !== 'string' || value === '') throw bad(file, path, 'must be a non-empty text');
  return value;
}

function number(value: unknown, path: string, file: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw bad(file, path, 'must be a number');
  return value;
}
