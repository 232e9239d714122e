import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { BarCatalog } from './bar-catalog.ts';
import { sha256Hex } from './partition-file.ts';
import { mergeIntervals, subtractIntervals } from './time-intervals.ts';
import type { TimeInterval } from './time-intervals.ts';

/** One stored symbol of a catalog. */
export interface CatalogSymbolSummary {
  readonly dataset: string;
  readonly schema: string;
  readonly symbol: string;
  readonly barMs: number;
  readonly months: number;
  readonly rows: number;
  readonly bytes: number;
  /** Close time of the first and last bar, epoch ms (null without bars). */
  readonly firstTs: number | null;
  readonly lastTs: number | null;
  /** Bar-open intervals held (merged). */
  readonly coverage: readonly TimeInterval[];
  /** Holes between the first and the last held interval: periods never fetched or imported. */
  readonly coverageGaps: readonly TimeInterval[];
  /** Close times of the two consecutive bars furthest apart (weekends, holidays, halts, missing data). */
  readonly longestGap: readonly [number, number] | null;
}

/** A symbol stored through symbology (e.g. `ES.c.0`) and what its contracts cover. */
export interface CatalogMappedSummary {
  readonly dataset: string;
  readonly symbol: string;
  readonly stypeIn: string;
  /** First and last (exclusive) mapped day, `YYYY-MM-DD`. */
  readonly startDate: string;
  readonly endDate: string;
  /** Contracts in mapping order, each with the first day it was mapped. */
  readonly contracts: readonly { readonly symbol: string; readonly from: string }[];
  /** Parts of the mapped days whose mapped contract has no stored bars, per schema. */
  readonly uncovered: readonly { readonly schema: string; readonly from: number; readonly to: number; readonly contract: string }[];
}

/** What `rooney data catalog` lists. */
export interface CatalogSummary {
  readonly dir: string;
  readonly symbols: readonly CatalogSymbolSummary[];
  readonly mapped: readonly CatalogMappedSummary[];
  readonly totalBytes: number;
  readonly totalRows: number;
  readonly requests: number;
}

/** Symbols, spans, coverage gaps, the longest bar gaps and sizes of a catalog, from its manifest alone. */
export function summarizeCatalog(catalog: BarCatalog): CatalogSummary {
  const symbols: CatalogSymbolSummary[] = [];
  for (const { dataset, schema } of catalog.collections()) {
    for (const symbol of catalog.storedSymbols(dataset, schema)) {
      const partitions = catalog.partitions(dataset, schema, symbol);
      const coverage = mergeIntervals(partitions.flatMap((p) => p.coverage));
      const span: TimeInterval = [coverage[0][0], coverage[coverage.length - 1][1]];
      let longestGap: [number, number] | null = null;
      let previousLast: number | null = null;
      const consider = (from: number, to: number): void => {
        if (longestGap === null || to - from > longestGap[1] - longestGap[0]) longestGap = [from, to];
      };
      for (const p of partitions) {
        if (p.longestGap !== null) consider(p.longestGap[0], p.longestGap[1]);
        if (previousLast !== null && p.firstTs !== null) consider(previousLast, p.firstTs);
        if (p.lastTs !== null) previousLast = p.lastTs;
      }
      const withBars = partitions.filter((p) => p.firstTs !== null);
      symbols.push({
        dataset,
        schema,
        symbol,
        barMs: partitions[0].barMs,
        months: partitions.length,
        rows: partitions.reduce((n, p) => n + p.rows, 0),
        bytes: partitions.reduce((n, p) => n + p.bytes, 0),
        firstTs: withBars.length > 0 ? withBars[0].firstTs : null,
        lastTs: withBars.length > 0 ? withBars[withBars.length - 1].lastTs : null,
        coverage,
        coverageGaps: subtractIntervals(span, coverage),
        longestGap,
      });
    }
  }
  const mapped: CatalogMappedSummary[] = catalog.manifest.symbology.map((entry) => {
    const contracts: { symbol: string; from: string }[] = [];
    for (const interval of entry.intervals) if (contracts.at(-1)?.symbol !== interval.symbol) contracts.push({ symbol: interval.symbol, from: interval.startDate });
    const uncovered: { schema: string; from: number; to: number; contract: string }[] = [];
    const schemas = [...new Set(catalog.collections().filter((c) => c.dataset === entry.dataset).map((c) => c.schema))];
    for (const schema of schemas) {
      for (const interval of entry.intervals) {
        const days: TimeInterval = [Date.parse(`${interval.startDate}T00:00:00Z`), Date.parse(`${interval.endDate}T00:00:00Z`)];
        for (const [from, to] of subtractIntervals(days, catalog.coverage(entry.dataset, schema, interval.symbol))) uncovered.push({ schema, from, to, contract: interval.symbol });
      }
    }
    return {
      dataset: entry.dataset,
      symbol: entry.symbol,
      stypeIn: entry.stypeIn,
      startDate: entry.intervals[0]?.startDate ?? '',
      endDate: entry.intervals.at(-1)?.endDate ?? '',
      contracts,
      uncovered,
    };
  });
  return {
    dir: catalog.dir,
    symbols,
    mapped,
    totalBytes: symbols.reduce((n, s) => n + s.bytes, 0),
    totalRows: symbols.reduce((n, s) => n + s.rows, 0),
    requests: catalog.manifest.requests.length,
  };
}

/** What {@link verifyCatalog} found. */
export interface CatalogVerification {
  readonly checked: number;
  /** Listed files whose bytes no longer hash to the manifest's SHA-256 (or whose size differs). */
  readonly corrupt: readonly string[];
  readonly missing: readonly string[];
  /** `.arrow` files under the catalog that the manifest does not list. */
  readonly unlisted: readonly string[];
  readonly ok: boolean;
}

/** Re-hashes every partition file against the manifest's SHA-256 and lists missing and unlisted files. */
export function verifyCatalog(catalog: BarCatalog): CatalogVerification {
  const corrupt: string[] = [];
  const missing: string[] = [];
  for (const partition of catalog.manifest.partitions) {
    const file = join(catalog.dir, ...partition.path.split('/'));
    if (!existsSync(file)) {
      missing.push(partition.path);
      continue;
    }
    const bytes = readFileSync(file);
    if (bytes.length !== partition.bytes || sha256Hex(bytes) !== partition.sha256) corrupt.push(partition.path);
  }
  const listed = new Set(catalog.manifest.partitions.map((p) => p.path));
  const unlisted: string[] = [];
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.arrow')) {
        const path = relative(catalog.dir, full).split(sep).join('/');
        if (!listed.has(path)) unlisted.push(path);
      }
    }
  };
  walk(catalog.dir);
  return { checked: catalog.manifest.partitions.length, corrupt, missing, unlisted: unlisted.sort(), ok: corrupt.length === 0 && missing.length === 0 && unlisted.length === 0 };
}
