import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearCache, formatBytes, readCacheContents } from './cache-contents.ts';

function cacheWithFiles(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rooney-cache-contents-'));
  mkdirSync(join(dir, 'builtin-v1-2023-01-02-10d-seed1'));
  writeFileSync(join(dir, 'builtin-v1-2023-01-02-10d-seed1', 'ES.arrow'), Buffer.alloc(1500));
  writeFileSync(join(dir, 'builtin-v1-2023-01-02-10d-seed1', 'NQ.arrow'), Buffer.alloc(500));
  mkdirSync(join(dir, 'builtin-v1-2023-01-02-10d-seed1.partial-4242'));
  writeFileSync(join(dir, 'builtin-v1-2023-01-02-10d-seed1.partial-4242', 'ES.arrow'), Buffer.alloc(7));
  writeFileSync(join(dir, 'notes.txt'), 'mine, not rooney\'s');
  mkdirSync(join(dir, 'photos'));
  return dir;
}

describe('cache contents', () => {
  it('lists Rooney\'s entries with their sizes, marks staging directories, and names other files', () => {
    const dir = cacheWithFiles();
    const contents = readCacheContents(dir);
    expect(contents.entries).toEqual([
      { name: 'builtin-v1-2023-01-02-10d-seed1', kind: 'dataset', bytes: 2000, files: 2 },
      { name: 'builtin-v1-2023-01-02-10d-seed1.partial-4242', kind: 'partial', bytes: 7, files: 1 },
    ]);
    expect(contents.foreign).toEqual(['notes.txt', 'photos']);
    expect(contents.totalBytes).toBe(2007);
  });

  it('clear deletes only Rooney\'s entries and leaves everything else', () => {
    const dir = cacheWithFiles();
    const removed = clearCache(dir);
    expect(removed.entries.map((e) => e.name)).toEqual(['builtin-v1-2023-01-02-10d-seed1', 'builtin-v1-2023-01-02-10d-seed1.partial-4242']);
    expect(existsSync(join(dir, 'builtin-v1-2023-01-02-10d-seed1'))).toBe(false);
    expect(existsSync(join(dir, 'notes.txt'))).toBe(true);
    expect(existsSync(join(dir, 'photos'))).toBe(true);
    expect(readCacheContents(dir).entries).toEqual([]);
  });

  it('a missing directory is an empty cache', () => {
    expect(readCacheContents(join(tmpdir(), 'rooney-no-such-cache-dir'))).toEqual({ dir: join(tmpdir(), 'rooney-no-such-cache-dir'), exists: false, entries: [], foreign: [], totalBytes: 0 });
  });

  it('formats sizes in decimal units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1500)).toBe('1.50 kB');
    expect(formatBytes(297_400_000)).toBe('297.4 MB');
  });
});
