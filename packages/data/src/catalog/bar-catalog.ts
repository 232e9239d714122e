import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DAY_MS, RooneyError, isoUtc } from '@rooney/core';
import { BarSeries } from '../bar-series.ts';
import { readArrowBars } from '../io/arrow-bars.ts';
import type { ContinuousContract } from '../consolidate/continuous.ts';
import { monthRange } from './catalog-layout.ts';
import { CATALOG_MANIFEST, parseManifest } from './catalog-manifest.ts';
import type { CatalogManifest, CatalogPartition, CatalogSymbology } from './catalog-manifest.ts';
import { mergeIntervals, subtractIntervals } from './time-intervals.ts';
import type { TimeInterval } from './time-intervals.ts';

/** Which bars to read: a stored symbol, optionally only those closing in `[startTs, endTs]`. */
export interface CatalogBarsQuery {
  readonly dataset: string;
  readonly schema: string;
  readonly symbol: string;
  /** Inclusive bounds on the bar close time (epoch ms), like `BarSeries.between`. */
  readonly startTs?: number;
  readonly endTs?: number;
}

/** One contract of a continuous symbol, as the stored symbology gives it. */
export interface CatalogFrontContract {
  /** Stored symbol of the contract (`ESH5`, or an instrument id for imported continuous files). */
  readonly symbol: string;
  /** First and last (exclusive) UTC midnight of the days it was the mapped contract, epoch ms. */
  readonly frontStart: number;
  readonly frontEnd: number;
  /**
   * Expiry used for rolls: the end of its last day as the mapped contract (`frontEnd`). For
   * calendar continuous symbols (`ES.c.0`) that is the day after the contract's last trading day.
   */
  readonly expiry: number;
  /** Bar-open intervals the catalog holds this contract for. */
  readonly coverage: readonly TimeInterval[];
}

/** The input of `stitchContinuous` for a continuous symbol, read from the catalog. */
export interface CatalogContinuous {
  readonly symbol: string;
  /** Contracts with bars in the window, in expiry order, as `stitchContinuous` takes them. */
  readonly contracts: readonly ContinuousContract[];
  /** Every contract the symbology maps to (also those without bars in the window), in expiry order. */
  readonly fronts: readonly CatalogFrontContract[];
}

/**
 * A bar catalog opened for reading (see {@link CatalogWriter} for the layout). Reads only the
 * month partitions a window needs; checks each file's size and row count against the manifest (a
 * full content-hash check is {@link verifyCatalog}).
 */
export class BarCatalog {
  readonly dir: string;
  readonly manifest: CatalogManifest;

  private constructor(dir: string, manifest: CatalogManifest) {
    this.dir = dir;
    this.manifest = manifest;
  }

  /** Opens the catalog in `dir`; `catalog_not_found` when it has no manifest. */
  static open(dir: string): BarCatalog {
    const path = join(dir, CATALOG_MANIFEST);
    if (!existsSync(path)) {
      throw new RooneyError('catalog_not_found', `no catalog here (no ${CATALOG_MANIFEST}); create one with \`rooney data fetch --catalog ${dir}\` or \`rooney data catalog import\``, { file: dir });
    }
    return new BarCatalog(dir, parseManifest(readFileSync(path, 'utf8'), path));
  }

  /** The (dataset, schema) pairs the catalog holds bars for, sorted. */
  collections(): { dataset: string; schema: string }[] {
    const seen = new Map<string, { dataset: string; schema: string }>();
    for (const p of this.manifest.partitions) seen.set(`${p.dataset}\u0000${p.schema}`, { dataset: p.dataset, schema: p.schema });
    return [...seen.values()].sort((a, b) => (a.dataset === b.dataset ? (a.schema < b.schema ? -1 : 1) : a.dataset < b.dataset ? -1 : 1));
  }

  /** Stored symbols of a collection, sorted. */
  storedSymbols(dataset: string, schema: string): string[] {
    return [...new Set(this.manifest.partitions.filter((p) => p.dataset === dataset && p.schema === schema).map((p) => p.symbol))].sort();
  }

  /** Partitions of one stored symbol, by month. */
  partitions(dataset: string, schema: string, symbol: string): CatalogPartition[] {
    return this.manifest.partitions.filter((p) => p.dataset === dataset && p.schema === schema && p.symbol === symbol).sort((a, b) => (a.month < b.month ? -1 : 1));
  }

  /** The stored symbology of a symbol (`ES.c.0`), if any. */
  symbology(dataset: string, symbol: string): CatalogSymbology | undefined {
    return this.manifest.symbology.find((s) => s.dataset === dataset && s.symbol === symbol);
  }

  /** Bar-open intervals a stored symbol is held for (merged). */
  coverage(dataset: string, schema: string, symbol: string): TimeInterval[] {
    return mergeIntervals(this.partitions(dataset, schema, symbol).flatMap((p) => p.coverage));
  }

  /**
   * Bars of a stored symbol, reading only the months that hold bars closing in the window;
   * `catalog_unknown_symbol` when the catalog has none of it.
   */
  readBars(query: CatalogBarsQuery): BarSeries {
    const all = this.partitions(query.dataset, query.schema, query.symbol);
    if (all.length === 0) {
      const have = this.storedSymbols(query.dataset, query.schema);
      throw new RooneyError(
        'catalog_unknown_symbol',
        `no ${query.symbol} bars in ${query.dataset} ${query.schema} (stored: ${have.length > 0 ? have.join(', ') : 'none'})`,
        { file: this.dir },
      );
    }
    const barMs = all[0].barMs;
    const from = query.startTs ?? Number.NEGATIVE_INFINITY;
    const to = query.endTs ?? Number.POSITIVE_INFINITY;
    const parts: BarSeries[] = [];
    for (const partition of all) {
      const [monthStart, monthEnd] = monthRange(partition.month);
      // Bars opening in this month close in [monthStart + barMs, monthEnd + barMs).
      if (monthEnd + barMs <= from || monthStart + barMs > to) continue;
      if (partition.rows === 0) continue;
      parts.push(this.readPartition(partition));
    }
    return concatSeries(query.symbol, barMs, parts).between(query.startTs, query.endTs);
  }

  /**
   * The contracts of a continuous symbol (`ES.c.0`) with their bars in the window and the
   * expiries its symbology implies: the input `stitchContinuous` takes. A contract is included
   * when the window reaches into its stored bars and it had not expired before the window.
   */
  continuous(query: CatalogBarsQuery): CatalogContinuous {
    const symbology = this.symbology(query.dataset, query.symbol);
    if (symbology === undefined) {
      throw new RooneyError('catalog_unknown_symbol', `${query.symbol} has no stored symbology in ${query.dataset}; fetch it with \`rooney data fetch --symbols ${query.symbol}\``, { file: this.dir });
    }
    const byContract = new Map<string, { start: number; end: number }>();
    for (const interval of symbology.intervals) {
      const start = Date.parse(`${interval.startDate}T00:00:00Z`);
      const end = Date.parse(`${interval.endDate}T00:00:00Z`);
      const known = byContract.get(interval.symbol);
      byContract.set(interval.symbol, known === undefined ? { start, end } : { start: Math.min(known.start, start), end: Math.max(known.end, end) });
    }
    const fronts: CatalogFrontContract[] = [...byContract]
      .map(([symbol, span]) => ({ symbol, frontStart: span.start, frontEnd: span.end, expiry: span.end, coverage: this.coverage(query.dataset, query.schema, symbol) }))
      .sort((a, b) => a.expiry - b.expiry);
    const from = query.startTs ?? Number.NEGATIVE_INFINITY;
    const to = query.endTs ?? Number.POSITIVE_INFINITY;
    const contracts: ContinuousContract[] = [];
    for (const front of fronts) {
      if (front.expiry <= from || front.coverage.length === 0) continue;
      const barMs = this.partitions(query.dataset, query.schema, front.symbol)[0].barMs;
      const held = front.coverage;
      if (held[0][0] + barMs > to || held[held.length - 1][1] + barMs <= from) continue;
      const series = this.readBars({ ...query, symbol: front.symbol });
      if (series.length === 0) continue;
      contracts.push({ symbol: front.symbol, expiry: front.expiry, series });
    }
    return { symbol: query.symbol, contracts, fronts };
  }

  private readPartition(partition: CatalogPartition): BarSeries {
    const file = join(this.dir, ...partition.path.split('/'));
    if (!existsSync(file)) throw new RooneyError('catalog_missing_file', 'listed in the manifest but missing; run `rooney data catalog verify`', { file });
    const size = statSync(file).size;
    if (size !== partition.bytes) {
      throw new RooneyError('catalog_corrupt', `${size} bytes, the manifest says ${partition.bytes}; run \`rooney data catalog verify\``, { file });
    }
    const series = readArrowBars(file);
    if (series.length !== partition.rows) throw new RooneyError('catalog_corrupt', `${series.length} bars, the manifest says ${partition.rows}`, { file });
    return series;
  }
}

/**
 * Checks that a continuous symbol's stored contracts cover a `days_before_expiry` roll: the next
 * contract must be held from `days` (+1 for the session start) before the previous one's expiry,
 * wherever that roll falls inside `[startTs, endTs]`. Throws `catalog_roll_uncovered` naming the
 * contract, what is held and the `--lead-days` that would fetch enough.
 */
export function requireRollCoverage(continuous: CatalogContinuous, days: number, startTs?: number, endTs?: number): void {
  const from = startTs ?? Number.NEGATIVE_INFINITY;
  const to = endTs ?? Number.POSITIVE_INFINITY;
  const fronts = continuous.fronts;
  for (let k = 1; k < fronts.length; k++) {
    const previous = fronts[k - 1];
    const next = fronts[k];
    const needFrom = Math.max(from, previous.expiry - (days + 1) * DAY_MS);
    const needTo = Math.min(to, next.frontStart);
    if (!(needTo > needFrom)) continue;
    const holes = subtractIntervals([needFrom, needTo], next.coverage);
    if (holes.length === 0) continue;
    const heldFrom = next.coverage.length > 0 ? isoUtc(next.coverage[0][0]).slice(0, 10) : 'nowhere';
    const lead = Math.ceil((next.frontStart - needFrom) / DAY_MS);
    throw new RooneyError(
      'catalog_roll_uncovered',
      `${continuous.symbol}: rolling ${days} days before ${previous.symbol}'s expiry (${isoUtc(previous.expiry).slice(0, 10)}) needs ${next.symbol} bars from ${isoUtc(needFrom).slice(0, 10)}, the catalog holds it from ${heldFrom}; fetch again with --lead-days ${lead}`,
    );
  }
}

/** Series joined end to end; they must not overlap in time. */
function concatSeries(symbol: string, barMs: number, parts: readonly BarSeries[]): BarSeries {
  let n = 0;
  for (const part of parts) n += part.length;
  const columns = {
    ts: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  let at = 0;
  let lastTs = Number.NEGATIVE_INFINITY;
  for (const part of parts) {
    if (part.length === 0) continue;
    if (!(part.ts[0] > lastTs)) throw new RooneyError('catalog_corrupt', `${symbol}: bars at ${isoUtc(part.ts[0])} overlap the previous month's`);
    for (const name of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const) columns[name].set(part[name], at);
    at += part.length;
    lastTs = part.ts[part.length - 1];
  }
  return new BarSeries(symbol, barMs, columns);
}
