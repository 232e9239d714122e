import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { RooneyError } from '@rooney/core';

/** Marks temporary files of {@link writeFileAtomic}: `.<name>.tmp-<pid>`. */
export const TEMP_MARK = '.tmp-';

let sequence = 0;
/** Locks this process holds (a second writer in the same process is refused too). */
const held = new Set<string>();

/**
 * Writes `bytes` to `path` so that a crash at any moment leaves either the old file or the whole
 * new one, never a part: the bytes go to a temporary file beside it, are flushed to disk, renamed
 * over `path` (atomic on POSIX file systems), and the directory is flushed so the rename survives a
 * power cut.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array | string, options: { readonly syncDirectory?: boolean } = {}): void {
  const temp = join(dirname(path), `.${basename(path)}${TEMP_MARK}${process.pid}-${++sequence}`);
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  const fd = openSync(temp, 'w');
  try {
    let offset = 0;
    while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  // Callers writing many files into one directory flush it once themselves.
  if (options.syncDirectory !== false) syncDirectory(dirname(path));
}

/** Flushes a directory's entries (renames, new files) to disk; a no-op where directories cannot be opened. */
export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms (Windows) cannot fsync a directory; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** An exclusive lock on a directory: a `.lock` file holding the owner's process id. */
export class DirectoryLock {
  private readonly path: string;
  private released = false;

  private constructor(path: string) {
    this.path = path;
  }

  /**
   * Takes the lock of `dir`. A lock left by a process that no longer runs is taken over; one held
   * by a live process is a `catalog_locked` error naming it.
   */
  static acquire(dir: string): DirectoryLock {
    const path = join(dir, '.lock');
    if (held.has(path)) throw new RooneyError('catalog_locked', 'this catalog is already open for writing in this process', { file: dir });
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx');
        writeSync(fd, `${process.pid}\n`);
        closeSync(fd);
        held.add(path);
        return new DirectoryLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = Number.parseInt(readText(path), 10);
        if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) {
          throw new RooneyError('catalog_locked', `another process (pid ${owner}) is writing this catalog; wait for it or remove ${path} if it is gone`, { file: dir });
        }
        rmSync(path, { force: true });
      }
    }
    throw new RooneyError('catalog_locked', `cannot take the lock ${path}`, { file: dir });
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    held.delete(this.path);
    rmSync(this.path, { force: true });
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
