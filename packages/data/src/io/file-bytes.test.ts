import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { barFileFormat, gunzipFile, readWholeFile, unzstdFile } from './file-bytes.ts';

const dir = mkdtempSync(join(tmpdir(), 'rooney-file-bytes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('barFileFormat', () => {
  it('chooses the reader by extension, case-insensitively', () => {
    expect(barFileFormat('a/F_ES.txt')).toBe('csv');
    expect(barFileFormat('ES.CSV')).toBe('csv');
    expect(barFileFormat('6E.csv.gz')).toBe('csv.gz');
    expect(barFileFormat('ES.arrow')).toBe('arrow');
    expect(barFileFormat('x.dbn')).toBe('dbn');
    expect(barFileFormat('x.DBN.ZST')).toBe('dbn.zst');
  });
});

describe('reading and decompressing', () => {
  it('names the file in errors', () => {
    const path = join(dir, 'junk.gz');
    writeFileSync(path, 'not compressed');
    const bytes = readWholeFile(path);
    expect(() => gunzipFile(path, bytes)).toThrow(expect.objectContaining({ code: 'bad_compression', place: { file: path } }));
    expect(() => unzstdFile(path, bytes)).toThrow(expect.objectContaining({ code: 'bad_compression' }));
    expect(() => readWholeFile(join(dir, 'none.csv'))).toThrow(expect.objectContaining({ code: 'file_unreadable' }));
  });
});
