import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { RooneyError, isoUtc } from '@rooney/core';
import { BarSeries } from '../bar-series.ts';
import { readArrowBars } from '../io/arrow-bars.ts';
import { RowProblems } from '../io/bar-checks.ts';
import { checkSeriesRows } from '../io/series-checks.ts';
import { DirectoryLock, TEMP_MARK, syncDirectory, writeFileAtomic } from './atomic-file.ts';
import { monthOf, monthRange, partitionPath } from './catalog-layout.ts';
import { CATALOG_MANIFEST, emptyManifest, parseManifest, serializeManifest } from './catalog-manifest.ts';
import type { CatalogManifest, CatalogPartition, CatalogRequest, CatalogSource, CatalogSymbology } from './catalog-manifest.ts';
import { encodePartition, readPartitionDescription, sha256Hex } from './partition-file.ts';
import type { PartitionDescription } from './partition-file.ts';
import { intersectInterval, mergeIntervals } from './time-intervals.ts';
import type { TimeInterval } from './time-intervals.ts';

/** Bars to store: one symbol, complete for the bar-open interval `coverage`. */
export interface CatalogBarsWrite {
  readonly dataset: string;
  readonly schema: string;
  /** Stored symbol (a venue contract such as `ESH5`, an instrument id, or an imported symbol). */
  readonly symbol: string;
  /** Bars stamped at their close whose open (`ts − barMs`) lies in `coverage`. */
  readonly series: BarSeries;
  /** The bar-open interval `[start, end)` these bars are complete for. */
  readonly coverage: TimeInterval;
  /** How they were obtained; its `start`/`end` are set per partition. */
  readonly source: Omit<CatalogSource, 'start' | 'end'>;
}

/** What opening a catalog for writing repaired. */
export interface CatalogRecovery {
  /** Partition files found complete on disk but not (or differently) listed, now listed. */
  readonly adopted: readonly string[];
  /** Listed partitions whose file is gone, now unlisted. */
  readonly missing: readonly string[];
  /** Temporary files of an interrupted write, deleted. */
  readonly removedTemporaryFiles: number;
  /** `.arrow` files that are not catalog partitions (left alone). */
  readonly ignored: readonly string[];
}

/**
 * Writes a bar catalog: Arrow IPC partitions `<dataset>/<schema>/<symbol>/<YYYY-MM>.arrow` and
 * `manifest.json` (content hashes, coverage, sources with the DBN metadata, symbology, requests).
 *
 * Crash safety: each partition is written to a temporary file, flushed and renamed into place,
 * then the manifest is rewritten the same way; a kill at any point leaves every listed partition
 * whole. A partition file describes itself, so one written just before a crash (renamed but not yet
 * listed) is adopted by the next writer instead of being downloaded again, and temporary files are
 * removed. One writer at a time: the catalog is locked while open.
 */
export class CatalogWriter {
  readonly dir: string;
  readonly recovery: CatalogRecovery;
  private current: CatalogManifest;
  private readonly lock: DirectoryLock;
  private closed = false;

  private constructor(dir: string, manifest: CatalogManifest, lock: DirectoryLock, recovery: CatalogRecovery) {
    this.dir = dir;
    this.current = manifest;
    this.lock = lock;
    this.recovery = recovery;
  }

  /** Opens (creating it when absent) the catalog in `dir` for writing, and repairs an interrupted write. */
  static open(dir: string): CatalogWriter {
    mkdirSync(dir, { recursive: true });
    const lock = DirectoryLock.acquire(dir);
    try {
      const manifestPath = join(dir, CATALOG_MANIFEST);
      const manifest = existsSync(manifestPath) ? parseManifest(readFileSync(manifestPath, 'utf8'), manifestPath) : emptyManifest();
      const { manifest: repaired, recovery } = recover(dir, manifest);
      const writer = new CatalogWriter(dir, repaired, lock, recovery);
      if (repaired !== manifest || !existsSync(manifestPath)) writer.commit();
      return writer;
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  get manifest(): CatalogManifest {
    return this.current;
  }

  /**
   * Stores bars, split into month partitions (each written atomically), then lists them in the
   * manifest in one atomic update; bars already stored for the same symbol inside `coverage` are
   * replaced, others kept. Returns the partitions written.
   */
  writeBars(write: CatalogBarsWrite): CatalogPartition[] {
    this.checkOpen();
    const [start, end] = write.coverage;
    if (!(Number.isFinite(start) && Number.isFinite(end) && end > start)) {
      throw new RooneyError('invalid_parameter', `"coverage" must be [start, end] epoch ms with end > start, was [${start}, ${end}]`);
    }
    const { series } = write;
    if (!(series.barMs > 0)) throw new RooneyError('invalid_parameter', `bars of ${write.symbol} have no bar size`);
    // The checks every loader applies (prices, OHLC order, volume, time increasing): the catalog
    // never lists a partition it could not read back.
    checkSeriesRows(series, new RowProblems(`${write.dataset}/${write.schema}/${write.symbol} bars to store`, 'error'));
    for (let i = 0; i < series.length; i++) {
      const open = series.ts[i] - series.barMs;
      if (open < start || open >= end) {
        throw new RooneyError('invalid_parameter', `${write.symbol}: the bar closing at ${isoUtc(series.ts[i])} opens outside the coverage ${isoUtc(start)} → ${isoUtc(end)}`);
      }
    }
    const written: CatalogPartition[] = [];
    const directories = new Set<string>();
    let month = monthOf(start);
    for (;;) {
      const range = monthRange(month);
      const piece = intersectInterval(range, write.coverage);
      if (piece === undefined) break;
      const from = series.lowerBound(piece[0] + series.barMs);
      const to = series.lowerBound(piece[1] + series.barMs);
      written.push(this.writePartition(write, month, series.slice(from, to), piece, directories));
      month = monthOf(range[1]);
    }
    for (const dir of directories) syncDirectory(dir);
    // One manifest update for all months: a crash before it leaves whole, self-describing files the next writer adopts.
    this.commit();
    return written;
  }

  /** Records (merging with what is stored) what a symbol resolved to by date. */
  recordSymbology(entry: CatalogSymbology): void {
    this.checkOpen();
    const others = this.current.symbology.filter((s) => !(s.dataset === entry.dataset && s.symbol === entry.symbol));
    const previous = this.current.symbology.find((s) => s.dataset === entry.dataset && s.symbol === entry.symbol);
    if (previous !== undefined && previous.stypeIn !== entry.stypeIn) {
      throw new RooneyError('catalog_conflict', `${entry.symbol} is stored as ${previous.stypeIn} symbology, not ${entry.stypeIn}`, { file: this.dir });
    }
    const intervals = mergeSymbologyIntervals([...(previous?.intervals ?? []), ...entry.intervals]);
    this.current = { ...this.current, symbology: [...others, { dataset: entry.dataset, symbol: entry.symbol, stypeIn: entry.stypeIn, intervals }] };
    this.commit();
  }

  /** Appends a request (its parameters only: never a key). */
  recordRequest(request: CatalogRequest): void {
    this.checkOpen();
    this.current = { ...this.current, requests: [...this.current.requests, request] };
    this.commit();
  }

  /** Releases the lock. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.lock.release();
  }

  private writePartition(write: CatalogBarsWrite, month: string, bars: BarSeries, piece: TimeInterval, directories: Set<string>): CatalogPartition {
    const key = { dataset: write.dataset, schema: write.schema, symbol: write.symbol, month };
    const path = partitionPath(key);
    const file = join(this.dir, ...path.split('/'));
    const existing = this.current.partitions.find((p) => p.path === path);
    let merged = bars;
    let coverage: TimeInterval[] = [piece];
    let sources: CatalogSource[] = [];
    if (existing !== undefined) {
      if (existing.barMs !== bars.barMs) {
        throw new RooneyError('catalog_conflict', `${write.symbol} ${month} is stored with ${existing.barMs} ms bars, not ${bars.barMs} ms`, { file });
      }
      merged = mergeBars(readArrowBars(file), bars, piece);
      coverage = mergeIntervals([...existing.coverage, piece]);
      sources = existing.sources.filter((s) => !(s.start >= piece[0] && s.end <= piece[1]));
    }
    sources.push({ ...write.source, start: piece[0], end: piece[1] });
    const description: PartitionDescription = {
      path,
      ...key,
      barMs: bars.barMs,
      rows: merged.length,
      firstTs: merged.length > 0 ? merged.ts[0] : null,
      lastTs: merged.length > 0 ? merged.ts[merged.length - 1] : null,
      longestGap: longestGap(merged),
      coverage,
      sources,
    };
    const bytes = encodePartition(merged.withSymbol(write.symbol), description);
    const dir = join(file, '..');
    if (!existsSync(dir)) {
      mkdirSync(dir, { recursive: true });
      // New directories must reach the disk too: flush the parents up to the catalog.
      for (let at = dir; at.length > this.dir.length; at = join(at, '..')) directories.add(join(at, '..'));
    }
    writeFileAtomic(file, bytes, { syncDirectory: false });
    directories.add(dir);
    const partition: CatalogPartition = { ...description, bytes: bytes.length, sha256: sha256Hex(bytes) };
    this.current = { ...this.current, partitions: [...this.current.partitions.filter((p) => p.path !== path), partition] };
    return partition;
  }

  private commit(): void {
    writeFileAtomic(join(this.dir, CATALOG_MANIFEST), serializeManifest(this.current));
  }

  private checkOpen(): void {
    if (this.closed) throw new RooneyError('catalog_closed', 'the catalog writer is closed', { file: this.dir });
  }
}

/** Close times of the two consecutive bars furthest apart (the first such pair), or null. */
function longestGap(series: BarSeries): [number, number] | null {
  let best = -1;
  for (let i = 1; i < series.length; i++) if (best < 0 || series.ts[i] - series.ts[i - 1] > series.ts[best] - series.ts[best - 1]) best = i;
  return best < 0 ? null : [series.ts[best - 1], series.ts[best]];
}

/** `stored` without its bars opening in `piece`, merged with `fresh` (all opening in `piece`). */
function mergeBars(stored: BarSeries, fresh: BarSeries, piece: TimeInterval): BarSeries {
  const barMs = fresh.barMs;
  const cutFrom = stored.lowerBound(piece[0] + barMs);
  const cutTo = stored.lowerBound(piece[1] + barMs);
  const before = stored.slice(0, cutFrom);
  const after = stored.slice(cutTo);
  const n = before.length + fresh.length + after.length;
  const columns = {
    ts: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  let at = 0;
  for (const part of [before, fresh, after]) {
    for (const name of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const) columns[name].set(part[name], at);
    at += part.length;
  }
  return new BarSeries(fresh.symbol, barMs, columns);
}

/** Sorted intervals; overlapping or touching ones of the same symbol joined, later entries winning overlaps of different symbols. */
export function mergeSymbologyIntervals(
  intervals: readonly { readonly startDate: string; readonly endDate: string; readonly symbol: string }[],
): { startDate: string; endDate: string; symbol: string }[] {
  // Later entries win: paint day ranges in order, then read the runs back.
  const cuts = new Set<string>();
  for (const i of intervals) {
    if (i.endDate > i.startDate) {
      cuts.add(i.startDate);
      cuts.add(i.endDate);
    }
  }
  const points = [...cuts].sort();
  const owner: (string | undefined)[] = new Array(Math.max(0, points.length - 1)).fill(undefined);
  for (const i of intervals) {
    if (!(i.endDate > i.startDate)) continue;
    for (let k = points.indexOf(i.startDate); k < points.length - 1 && points[k] < i.endDate; k++) owner[k] = i.symbol;
  }
  const out: { startDate: string; endDate: string; symbol: string }[] = [];
  for (let k = 0; k < owner.length; k++) {
    const symbol = owner[k];
    if (symbol === undefined) continue;
    const last = out.at(-1);
    if (last !== undefined && last.symbol === symbol && last.endDate === points[k]) last.endDate = points[k + 1];
    else out.push({ startDate: points[k], endDate: points[k + 1], symbol });
  }
  return out;
}

/**
 * The manifest of the catalog in `dir` as a writer would see it once it repaired an interrupted
 * write (unlisted whole partitions adopted, missing ones unlisted), without changing anything on
 * disk; undefined when there is no catalog. Sizing a fetch from it counts exactly what is missing.
 */
export function previewCatalogManifest(dir: string): CatalogManifest | undefined {
  const manifestPath = join(dir, CATALOG_MANIFEST);
  if (!existsSync(dir)) return undefined;
  const manifest = existsSync(manifestPath) ? parseManifest(readFileSync(manifestPath, 'utf8'), manifestPath) : emptyManifest();
  return recover(dir, manifest, false).manifest;
}

/** Lists the catalog's files, deletes temporary ones (when `repair`), adopts unlisted partitions and unlists missing ones. */
function recover(dir: string, manifest: CatalogManifest, repair = true): { manifest: CatalogManifest; recovery: CatalogRecovery } {
  const files: string[] = [];
  let removedTemporaryFiles = 0;
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.includes(TEMP_MARK)) {
        if (repair) rmSync(full, { force: true });
        removedTemporaryFiles++;
      } else if (entry.name.endsWith('.arrow')) files.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  const listed = new Map(manifest.partitions.map((p) => [p.path, p]));
  const adopted: string[] = [];
  const ignored: string[] = [];
  const partitions = new Map(listed);
  for (const path of files) {
    const entry = listed.get(path);
    const full = join(dir, ...path.split('/'));
    if (entry !== undefined && statSync(full).size === entry.bytes) continue;
    const bytes = new Uint8Array(readFileSync(full));
    let description: PartitionDescription;
    try {
      description = readPartitionDescription(bytes, full);
    } catch {
      ignored.push(path);
      continue;
    }
    if (description.path !== path) {
      ignored.push(path);
      continue;
    }
    partitions.set(path, { ...description, bytes: bytes.length, sha256: sha256Hex(bytes) });
    adopted.push(path);
  }
  const present = new Set(files);
  const missing = [...listed.keys()].filter((path) => !present.has(path));
  for (const path of missing) partitions.delete(path);
  const changed = adopted.length > 0 || missing.length > 0;
  return {
    manifest: changed ? { ...manifest, partitions: [...partitions.values()] } : manifest,
    recovery: { adopted, missing, removedTemporaryFiles, ignored },
  };
}
