import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBarsFile } from '../io/load-bars.ts';
import { BarCatalog } from './bar-catalog.ts';
import { importBarFileToCatalog } from './catalog-import.ts';
import { CatalogWriter } from './catalog-writer.ts';

const SHARED = fileURLToPath(new URL('../../../../../shared/', import.meta.url));
const EURO = `${SHARED}datasets/real/nautilus-6e-1min/6EH4.XCME_1min_bars_20240101_20240131.csv.gz`;
const TLT = `${SHARED}datasets/real/etf-daily/TLT.csv`;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function catalogDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rooney-catalog-'));
  dirs.push(dir);
  return dir;
}

describe('importing bar files into a catalog', () => {
  it('stores a real 1-minute CSV.gz (6E, January 2024) bar for bar as the loader reads it', () => {
    const dir = catalogDir();
    const writer = CatalogWriter.open(dir);
    const result = importBarFileToCatalog(writer, EURO, { load: { symbol: '6EH4' }, dataset: 'XCME', at: '2025-01-01T00:00:00.000Z' });
    writer.close();
    const expected = loadBarsFile(EURO, { symbol: '6EH4' }).series;
    expect(result).toMatchObject({ dataset: 'XCME', schema: 'ohlcv-1m', symbol: '6EH4', rows: expected.length });
    // 2024-01-01 23:01 is the first close: the bar opened in January; the last bars close on 31 January.
    expect(result.partitions.map((p) => p.month)).toEqual(['2024-01']);
    const stored = BarCatalog.open(dir).readBars({ dataset: 'XCME', schema: 'ohlcv-1m', symbol: '6EH4' });
    expect(stored.toBars()).toEqual(expected.toBars());
    const source = result.partitions[0].sources[0];
    expect(source).toMatchObject({ kind: 'csv_file', file: '6EH4.XCME_1min_bars_20240101_20240131.csv.gz', at: '2025-01-01T00:00:00.000Z' });
    expect(source.fileSha256).toBe(createHash('sha256').update(readFileSync(EURO)).digest('hex'));
  });

  // 261 month files, each flushed to disk: seconds on a busy disk (no timing is asserted).
  it('stores twenty years of real daily bars (TLT) in month partitions under ohlcv-1d', { timeout: 60_000 }, () => {
    const dir = catalogDir();
    const writer = CatalogWriter.open(dir);
    const result = importBarFileToCatalog(writer, TLT);
    writer.close();
    const expected = loadBarsFile(TLT).series;
    expect(result.schema).toBe('ohlcv-1d');
    expect(result.dataset).toBe('imported');
    const catalog = BarCatalog.open(dir);
    expect(catalog.readBars({ dataset: 'imported', schema: 'ohlcv-1d', symbol: 'TLT' }).toBars()).toEqual(expected.toBars());
    // Reading one year touches only that year's months and gives exactly those bars.
    const start = Date.UTC(2010, 0, 1);
    const end = Date.UTC(2010, 11, 31, 23, 59);
    expect(catalog.readBars({ dataset: 'imported', schema: 'ohlcv-1d', symbol: 'TLT', startTs: start, endTs: end }).toBars()).toEqual(expected.between(start, end).toBars());
    expect(new Set(result.partitions.map((p) => p.month)).size).toBe(result.partitions.length);
  });
});
