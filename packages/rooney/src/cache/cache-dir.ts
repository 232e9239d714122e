import { homedir } from 'node:os';
import { isAbsolute, join, resolve, win32 } from 'node:path';

/** Where the cache directory came from, in the order they are tried. */
export type CacheDirSource = 'flag' | 'ROONEY_CACHE' | 'XDG_CACHE_HOME' | 'platform';

/** A resolved cache directory and the reason it was chosen (shown by `rooney cache info`). */
export interface CacheDirChoice {
  readonly dir: string;
  readonly source: CacheDirSource;
}

/** What the resolution reads: the environment, the platform and the home directory (injectable for tests). */
export interface CacheDirContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly home: string;
  /** Directory relative `--cache-dir` and `ROONEY_CACHE` values are resolved against. */
  readonly cwd: string;
}

/**
 * Rooney's cache directory (the generated built-in dataset lives there), the first of:
 * 1. `--cache-dir DIR` (relative to the working directory);
 * 2. `$ROONEY_CACHE` (likewise);
 * 3. `$XDG_CACHE_HOME/rooney`, when `XDG_CACHE_HOME` is an absolute path (the XDG Base Directory
 *    specification says relative values are to be ignored);
 * 4. the platform's user cache folder: `~/Library/Caches/rooney` on macOS,
 *    `%LOCALAPPDATA%\rooney\Cache` on Windows, `~/.cache/rooney` elsewhere.
 *
 * Never the working directory: a 300 MB dataset should not appear in whatever folder a user runs
 * a command from, and one cache serves every project.
 */
export function resolveCacheDir(flag: string | undefined, context: CacheDirContext): CacheDirChoice {
  const nonEmpty = (value: string | undefined): string | undefined => (value !== undefined && value.trim() !== '' ? value : undefined);
  const fromFlag = nonEmpty(flag);
  if (fromFlag !== undefined) return { dir: resolve(context.cwd, fromFlag), source: 'flag' };
  const fromRooney = nonEmpty(context.env.ROONEY_CACHE);
  if (fromRooney !== undefined) return { dir: resolve(context.cwd, fromRooney), source: 'ROONEY_CACHE' };
  const xdg = nonEmpty(context.env.XDG_CACHE_HOME);
  if (xdg !== undefined && isAbsolute(xdg)) return { dir: join(xdg, 'rooney'), source: 'XDG_CACHE_HOME' };
  return { dir: platformCacheDir(context), source: 'platform' };
}

function platformCacheDir(context: CacheDirContext): string {
  if (context.platform === 'darwin') return join(context.home, 'Library', 'Caches', 'rooney');
  if (context.platform === 'win32') {
    const local = context.env.LOCALAPPDATA ?? win32.join(context.home, 'AppData', 'Local');
    return win32.join(local, 'rooney', 'Cache');
  }
  return join(context.home, '.cache', 'rooney');
}

/** {@link resolveCacheDir} for this process (its environment, platform, home and working directory). */
export function processCacheDir(flag?: string): CacheDirChoice {
  return resolveCacheDir(flag, { env: process.env, platform: process.platform, home: homedir(), cwd: process.cwd() });
}

/** The cache directory this process uses given an optional `--cache-dir` value. */
export function defaultCacheDir(flag?: string): string {
  return processCacheDir(flag).dir;
}
