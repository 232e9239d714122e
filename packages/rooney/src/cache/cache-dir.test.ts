import { describe, expect, it } from 'vitest';
import { resolveCacheDir } from './cache-dir.ts';
import type { CacheDirContext } from './cache-dir.ts';

const linux = (env: Record<string, string | undefined> = {}): CacheDirContext => ({ env, platform: 'linux', home: '/home/ada', cwd: '/work/project' });

describe('resolveCacheDir', () => {
  it('defaults to ~/.cache/rooney on Linux, never the working directory', () => {
    expect(resolveCacheDir(undefined, linux())).toEqual({ dir: '/home/ada/.cache/rooney', source: 'platform' });
  });

  it('uses $XDG_CACHE_HOME/rooney when XDG_CACHE_HOME is absolute, and ignores a relative one (XDG spec)', () => {
    expect(resolveCacheDir(undefined, linux({ XDG_CACHE_HOME: '/var/cache/ada' }))).toEqual({ dir: '/var/cache/ada/rooney', source: 'XDG_CACHE_HOME' });
    expect(resolveCacheDir(undefined, linux({ XDG_CACHE_HOME: 'relative/cache' }))).toEqual({ dir: '/home/ada/.cache/rooney', source: 'platform' });
    expect(resolveCacheDir(undefined, linux({ XDG_CACHE_HOME: '' }))).toEqual({ dir: '/home/ada/.cache/rooney', source: 'platform' });
  });

  it('puts $ROONEY_CACHE before XDG and --cache-dir before both, resolving them against the working directory', () => {
    const env = { XDG_CACHE_HOME: '/var/cache/ada', ROONEY_CACHE: 'data/cache' };
    expect(resolveCacheDir(undefined, linux(env))).toEqual({ dir: '/work/project/data/cache', source: 'ROONEY_CACHE' });
    expect(resolveCacheDir('../elsewhere', linux(env))).toEqual({ dir: '/work/elsewhere', source: 'flag' });
    expect(resolveCacheDir('/abs/cache', linux(env))).toEqual({ dir: '/abs/cache', source: 'flag' });
    // An empty value is no choice at all.
    expect(resolveCacheDir('', linux({ ROONEY_CACHE: ' ' }))).toEqual({ dir: '/home/ada/.cache/rooney', source: 'platform' });
  });

  it('follows the platform convention on macOS and Windows', () => {
    expect(resolveCacheDir(undefined, { env: {}, platform: 'darwin', home: '/Users/ada', cwd: '/' }).dir).toBe('/Users/ada/Library/Caches/rooney');
    expect(resolveCacheDir(undefined, { env: { LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }, platform: 'win32', home: 'C:\\Users\\ada', cwd: 'C:\\' }).dir).toBe(
      'C:\\Users\\ada\\AppData\\Local\\rooney\\Cache',
    );
    expect(resolveCacheDir(undefined, { env: {}, platform: 'win32', home: 'C:\\Users\\ada', cwd: 'C:\\' }).dir).toBe('C:\\Users\\ada\\AppData\\Local\\rooney\\Cache');
  });
});
