import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import { RooneyError } from '@rooney/core';

/** The containers a bar file can come in, told apart by the file name's extension. */
export type BarFileFormat = 'csv' | 'csv.gz' | 'arrow' | 'dbn' | 'dbn.zst';

/**
 * The format of a bar file from its name: `.arrow` → arrow, `.dbn` → dbn, `.dbn.zst` → dbn.zst,
 * any other `.gz` → csv.gz, anything else (`.csv`, `.txt`, `.tsv`, …) → csv.
 */
export function barFileFormat(path: string): BarFileFormat {
  const name = path.toLowerCase();
  if (name.endsWith('.arrow')) return 'arrow';
  if (name.endsWith('.dbn')) return 'dbn';
  if (name.endsWith('.dbn.zst')) return 'dbn.zst';
  if (name.endsWith('.gz')) return 'csv.gz';
  return 'csv';
}

/** The whole file as bytes, or a `RooneyError` (`file_unreadable`) naming it. */
export function readWholeFile(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new RooneyError('file_unreadable', `cannot read file: ${(error as Error).message}`, { file: path });
  }
}

/** Gunzips `bytes` read from `path`, or throws `bad_compression` naming the file. */
export function gunzipFile(path: string, bytes: Uint8Array): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new RooneyError('bad_compression', `not a valid gzip stream: ${(error as Error).message}`, { file: path });
  }
}

/** Decompresses a Zstandard stream (all frames) read from `path`, or throws `bad_compression`. */
export function unzstdFile(path: string, bytes: Uint8Array): Uint8Array {
  try {
    return zstdDecompress(bytes);
  } catch (error) {
    throw new RooneyError('bad_compression', `not a valid zstd stream: ${(error as Error).message}`, { file: path });
  }
}
