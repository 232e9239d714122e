import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { clearCache, formatBytes, readCacheContents } from '../cache/cache-contents.ts';
import type { CacheContents } from '../cache/cache-contents.ts';
import { processCacheDir } from '../cache/cache-dir.ts';
import type { CacheDirSource } from '../cache/cache-dir.ts';

/** The working-directory cache of rooney 0.1 (`./.rooney-cache`), no longer read. */
const LEGACY_CACHE_DIR = '.rooney-cache';

const SOURCE_TEXT: Record<CacheDirSource, string> = {
  flag: '--cache-dir',
  ROONEY_CACHE: '$ROONEY_CACHE',
  XDG_CACHE_HOME: '$XDG_CACHE_HOME/rooney',
  platform: "the platform's user cache folder",
};

interface CacheFlags {
  cacheDir?: string;
  json?: boolean;
}

function entryLines(contents: CacheContents): string[] {
  const width = Math.max(0, ...contents.entries.map((e) => e.name.length));
  return contents.entries.map(
    (e) =>
      `  ${e.name.padEnd(width)}  ${formatBytes(e.bytes).padStart(9)}  ${String(e.files).padStart(3)} file${e.files === 1 ? '' : 's'}` +
      (e.kind === 'partial' ? '  (incomplete: being written now, or left by a run that crashed)' : ''),
  );
}

/** The old `./.rooney-cache`, when there is one here and it is not the cache in use. */
function legacyCache(current: string): CacheContents | undefined {
  const dir = resolve(LEGACY_CACHE_DIR);
  if (dir === current || !existsSync(dir)) return undefined;
  return readCacheContents(dir);
}

/** `rooney cache info`: where the cache is, why there, and what it holds. */
export function cacheInfo(flags: CacheFlags): string {
  const choice = processCacheDir(flags.cacheDir);
  const contents = readCacheContents(choice.dir);
  const legacy = legacyCache(choice.dir);
  if (flags.json === true) {
    return `${JSON.stringify(
      {
        dir: contents.dir,
        source: choice.source,
        exists: contents.exists,
        total_bytes: contents.totalBytes,
        entries: contents.entries,
        other_files: contents.foreign,
        ...(legacy !== undefined ? { legacy: { dir: legacy.dir, total_bytes: legacy.totalBytes } } : {}),
      },
      null,
      2,
    )}\n`;
  }
  const lines = [`cache directory: ${contents.dir} (from ${SOURCE_TEXT[choice.source]})`];
  if (!contents.exists || contents.entries.length === 0) {
    lines.push('  empty: the built-in dataset is generated here on first use (about 300 MB for the default year)');
  } else {
    lines.push(...entryLines(contents));
    lines.push(`total: ${formatBytes(contents.totalBytes)} in ${contents.entries.length} entr${contents.entries.length === 1 ? 'y' : 'ies'}`);
  }
  if (contents.foreign.length > 0) lines.push(`other files there (not Rooney's, never deleted): ${contents.foreign.join(', ')}`);
  if (legacy !== undefined && legacy.entries.length > 0) {
    lines.push(
      `note: ${legacy.dir} (${formatBytes(legacy.totalBytes)}) is the old per-folder cache, no longer read; ` +
        `delete it with: rooney cache clear --cache-dir ${LEGACY_CACHE_DIR}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `rooney cache clear`: deletes Rooney's entries (never other files) and says what was freed. */
export function cacheClear(flags: CacheFlags): string {
  const { dir } = processCacheDir(flags.cacheDir);
  const removed = clearCache(dir);
  if (flags.json === true) {
    return `${JSON.stringify({ dir, removed: removed.entries.map((e) => e.name), freed_bytes: removed.totalBytes }, null, 2)}\n`;
  }
  if (removed.entries.length === 0) return `nothing to delete in ${dir}\n`;
  return `deleted ${removed.entries.length} entr${removed.entries.length === 1 ? 'y' : 'ies'} from ${dir}, freed ${formatBytes(removed.totalBytes)}\n${entryLines(removed).join('\n')}\n`;
}

/** Registers `rooney cache info` and `rooney cache clear`. */
export function registerCacheCommand(program: Command): void {
  const cache = program
    .command('cache')
    .description(
      'Show or clear the cache of generated data (the built-in dataset). It lives in --cache-dir, else $ROONEY_CACHE, else $XDG_CACHE_HOME/rooney, else ~/.cache/rooney (macOS: ~/Library/Caches/rooney; Windows: %LOCALAPPDATA%\\rooney\\Cache).',
    );
  cache
    .command('info')
    .description('Where the cache is, why there, and what it holds (sizes).')
    .option('--cache-dir <dir>', 'the cache directory to look at (default: as every command resolves it)')
    .option('--json', 'print JSON')
    .action((flags: CacheFlags) => {
      process.stdout.write(cacheInfo(flags));
    });
  cache
    .command('clear')
    .description("Delete the cached datasets (only Rooney's entries: other files in the directory are left alone).")
    .option('--cache-dir <dir>', 'the cache directory to clear (default: as every command resolves it)')
    .option('--json', 'print JSON')
    .action((flags: CacheFlags) => {
      process.stdout.write(cacheClear(flags));
    });
}
