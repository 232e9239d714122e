import { closeSync, openSync, readSync } from 'node:fs';
import { createHash } from 'node:crypto';

/** SHA-256 (hex) and size of a file's bytes, read in 4 MiB chunks so a large file never sits in memory whole. */
export function fileSha256(path: string): { sha256: string; bytes: number } {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
  const fd = openSync(path, 'r');
  let bytes = 0;
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
      bytes += n;
    }
  } finally {
    closeSync(fd);
  }
  return { sha256: hash.digest('hex'), bytes };
}
