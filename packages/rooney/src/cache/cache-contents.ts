import { existsSync, lstatSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PARTIAL_MARKER } from '../backtest/market-data.ts';

/** One thing Rooney keeps in its cache directory. */
export interface CacheEntry {
  /** Directory name inside the cache directory, e.g. `builtin-v1-2023-01-02-365d-seed1`. */
  readonly name: string;
  /** `dataset`: a complete generated dataset; `partial`: one still being written, or left by a crashed run. */
  readonly kind: 'dataset' | 'partial';
  readonly bytes: number;
  readonly files: number;
}

/** What a cache directory holds. */
export interface CacheContents {
  readonly dir: string;
  readonly exists: boolean;
  /** Rooney's entries, by name. */
  readonly entries: readonly CacheEntry[];
  /** Names of other files and directories found there (never touched by `rooney cache clear`). */
  readonly foreign: readonly string[];
  readonly totalBytes: number;
}

/** Whether a name in the cache directory is one Rooney writes (a built-in dataset or its staging directory). */
export function isRooneyCacheEntry(name: string): boolean {
  return name.startsWith('builtin-');
}

function measure(path: string): { bytes: number; files: number } {
  const stat = lstatSync(path);
  if (!stat.isDirectory()) return { bytes: stat.size, files: 1 };
  let bytes = 0;
  let files = 0;
  for (const name of readdirSync(path)) {
    const inner = measure(join(path, name));
    bytes += inner.bytes;
    files += inner.files;
  }
  return { bytes, files };
}

/** Lists the cache directory: Rooney's entries with their sizes, and anything else found there. */
export function readCacheContents(dir: string): CacheContents {
  if (!existsSync(dir)) return { dir, exists: false, entries: [], foreign: [], totalBytes: 0 };
  const entries: CacheEntry[] = [];
  const foreign: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!isRooneyCacheEntry(name)) {
      foreign.push(name);
      continue;
    }
    const { bytes, files } = measure(join(dir, name));
    entries.push({ name, kind: name.includes(PARTIAL_MARKER) ? 'partial' : 'dataset', bytes, files });
  }
  return { dir, exists: true, entries, foreign, totalBytes: entries.reduce((sum, e) => sum + e.bytes, 0) };
}

/**
 * Deletes Rooney's entries from the cache directory and returns what was deleted. Files that are
 * not Rooney's are left alone, so a mistaken `--cache-dir ~` deletes nothing of the user's.
 */
export function clearCache(dir: string): CacheContents {
  const contents = readCacheContents(dir);
  for (const entry of contents.entries) rmSync(join(dir, entry.name), { recursive: true, force: true });
  return contents;
}

/** Bytes as a short human number: `297.4 MB`, `12 kB`, `0 B` (decimal units, as `du --si` and file managers show). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}
