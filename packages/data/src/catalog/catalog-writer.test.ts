import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BarSeries, BarSeriesBuilder } from '../bar-series.ts';
import { readArrowBars } from '../io/arrow-bars.ts';
import { BarCatalog } from './bar-catalog.ts';
import { CATALOG_MANIFEST, parseManifest } from './catalog-manifest.ts';
import { CatalogWriter, mergeSymbologyIntervals } from './catalog-writer.ts';
import { verifyCatalog } from './catalog-summary.ts';

const MINUTE = 60_000;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rooney-catalog-'));
  dirs.push(dir);
  return dir;
}

/** A bar every `step` minutes with open in [from, to), prices from the open time. */
function bars(symbol: string, from: number, to: number, step = 37): BarSeries {
  const builder = new BarSeriesBuilder(symbol, MINUTE);
  for (let open = from; open < to; open += step * MINUTE) {
    const p = 100 + ((open / MINUTE) % 97) / 4;
    builder.push(open + MINUTE, p, p + 1, p - 1, p + 0.25, (open / MINUTE) % 50);
  }
  return builder.build();
}

function sameBars(a: BarSeries, b: BarSeries): void {
  expect(a.length).toBe(b.length);
  for (const name of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const) expect(Array.from(a[name])).toEqual(Array.from(b[name]));
}

const NOV15 = Date.UTC(2024, 10, 15);
const DEC1 = Date.UTC(2024, 11, 1);
const DEC20 = Date.UTC(2024, 11, 20);
const FEB10 = Date.UTC(2025, 1, 10);
const SOURCE = { kind: 'databento' as const, at: '2025-03-01T00:00:00.000Z' };

function manifestOf(dir: string) {
  const path = join(dir, CATALOG_MANIFEST);
  return parseManifest(readFileSync(path, 'utf8'), path);
}

describe('CatalogWriter: month partitions with a manifest of hashes', () => {
  it('splits bars into month files, lists each with its SHA-256, and reads back exactly what was written', () => {
    const dir = tempDir();
    const series = bars('ESH5', NOV15, FEB10);
    const writer = CatalogWriter.open(dir);
    const written = writer.writeBars({ dataset: 'GLBX.MDP3', schema: 'ohlcv-1m', symbol: 'ESH5', series, coverage: [NOV15, FEB10], source: SOURCE });
    writer.close();
    expect(written.map((p) => p.path)).toEqual([
      'GLBX.MDP3/ohlcv-1m/ESH5/2024-11.arrow',
      'GLBX.MDP3/ohlcv-1m/ESH5/2024-12.arrow',
      'GLBX.MDP3/ohlcv-1m/ESH5/2025-01.arrow',
      'GLBX.MDP3/ohlcv-1m/ESH5/2025-02.arrow',
    ]);
    const manifest = manifestOf(dir);
    expect(manifest.partitions.map((p) => p.path)).toEqual(written.map((p) => p.path));
    let rows = 0;
    for (const partition of manifest.partitions) {
      const bytes = readFileSync(join(dir, partition.path));
      expect(partition.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(partition.bytes).toBe(bytes.length);
      const stored = readArrowBars(join(dir, partition.path));
      expect(stored.length).toBe(partition.rows);
      // Every bar of a partition opens in its month.
      for (let i = 0; i < stored.length; i++) expect(new Date(stored.ts[i] - MINUTE).toISOString().slice(0, 7)).toBe(partition.month);
      rows += partition.rows;
    }
    expect(rows).toBe(series.length);
    expect(manifest.partitions[0].coverage).toEqual([[NOV15, DEC1]]);
    expect(manifest.partitions[0].sources).toEqual([{ ...SOURCE, start: NOV15, end: DEC1 }]);
    sameBars(BarCatalog.open(dir).readBars({ dataset: 'GLBX.MDP3', schema: 'ohlcv-1m', symbol: 'ESH5' }), series);
  });

  it('fills a month in two pieces to the same bytes as in one go (deterministic files)', () => {
    const once = tempDir();
    const twice = tempDir();
    const series = bars('ESH5', DEC1, DEC1 + 31 * 86_400_000);
    const a = CatalogWriter.open(once);
    a.writeBars({ dataset: 'D', schema: 'ohlcv-1m', symbol: 'ESH5', series, coverage: [DEC1, DEC1 + 31 * 86_400_000], source: SOURCE });
    a.close();
    const b = CatalogWriter.open(twice);
    // The later half first, then the earlier half: the merge must order them.
    b.writeBars({ dataset: 'D', schema: 'ohlcv-1m', symbol: 'ESH5', series: series.between(DEC20 + MINUTE), coverage: [DEC20, DEC1 + 31 * 86_400_000], source: SOURCE });
    b.writeBars({ dataset: 'D', schema: 'ohlcv-1m', symbol: 'ESH5', series: series.between(undefined, DEC20), coverage: [DEC1, DEC20], source: SOURCE });
    b.close();
    const [pa, pb] = [manifestOf(once).partitions[0], manifestOf(twice).partitions[0]];
    expect(pb.coverage).toEqual([[DEC1, DEC1 + 31 * 86_400_000]]);
    sameBars(readArrowBars(join(twice, pb.path)), series);
    expect(pb.rows).toBe(pa.rows);
    // Sources differ (two pieces), so the files differ only by their description; the bars are identical.
    expect(pb.sources.map((s) => [s.start, s.end])).toEqual([
      [DEC20, DEC1 + 31 * 86_400_000],
      [DEC1, DEC20],
    ]);
  });

  it('writing a piece again replaces the bars inside it and keeps the others', () => {
    const dir = tempDir();
    const writer = CatalogWriter.open(dir);
    const original = bars('X', DEC1, DEC20, 60);
    writer.writeBars({ dataset: 'D', schema: 'ohlcv-1m', symbol: 'X', series: original, coverage: [DEC1, DEC20], source: SOURCE });
    const revisedFrom = DEC1 + 5 * 86_400_000;
    const revisedTo = DEC1 + 6 * 86_400_000;
    const revised = BarSeries.fromBars('X', MINUTE, [{ ts: revisedFrom + 30 * MINUTE, open: 1, high: 2, low: 0.5, close: 1.5, volume: 9 }]);
    writer.writeBars({ dataset: 'D', schema: 'ohlcv-1m', symbol: 'X', series: revised, coverage: [revisedFrom, revisedTo], source: { kind: 'csv_file', file: 'fix.csv' } });
    writer.close();
    const stored = BarCatalog.open(dir).readBars({ dataset: 'D', schema: 'ohlcv-1m', symbol: 'X' });
    const kept = original.toBars().filter((b) => b.ts - MINUTE < revisedFrom || b.ts - MINUTE >= revisedTo);
    expect(stored.toBars()).toEqual([...kept.filter((b) => b.ts < revisedFrom), ...revised.toBars(), ...kept.filter((b) => b.ts > revisedFrom)]);
    expect(manifestOf(dir).partitions[0].sources.map((s) => s.kind)).toEqual(['databento', 'csv_file']);
  });

  it('refuses bars outside the coverage, and a different bar size in a stored month', () => {
    const dir = tempDir();
    const writer = CatalogWriter.open(dir);
    expect(() => writer.writeBars({ dataset: 'D', schema: 'ohlcv-1m', symbol: 'X', series: bars('X', DEC1, DEC20), coverage: [DEC1, DEC1 + 86_400_000], source: SOURCE })).toThrow(
      'opens outside the coverage',
    );
    writer.writeBars({ dataset: 'D', schema: 'ohlcv-1m', symbol: 'X', series: bars('X', DEC1, DEC20), coverage: [DEC1, DEC20], source: SOURCE });
    const hourly = BarSeries.fromBars('X', 3_600_000, [{ ts: DEC20 + 3_600_000, open: 1, high: 1, low: 1, close: 1, volume: 1 }]);
    expect(() => writer.writeBars({ dataset: 'D', schema: 'ohlcv-1m', symbol: 'X', series: hourly, coverage: [DEC20, DEC20 + 3_600_000], source: SOURCE })).toThrow(
      'is stored with 60000 ms bars, not 3600000 ms',
    );
    writer.close();
  });

  it('refuses bars a loader would refuse (naming the row and field), listing nothing of them', () => {
    const dir = tempDir();
    const writer = CatalogWriter.open(dir);
    const bad = BarSeries.fromBars('X', MINUTE, [
      { ts: DEC1 + MINUTE, open: 10, high: 11, low: 9, close: 10.5, volume: 1 },
      { ts: DEC1 + 2 * MINUTE, open: 10, high: 9, low: 11, close: 10.5, volume: 1 },
    ]);
    expect(() => writer.writeBars({ dataset: 'D', schema: 'ohlcv-1m', symbol: 'X', series: bad, coverage: [DEC1, DEC20], source: SOURCE })).toThrow(
      /^D\/ohlcv-1m\/X bars to store, line 2, field "(high|low)": /,
    );
    writer.close();
    expect(manifestOf(dir).partitions).toEqual([]);
    expect(existsSync(join(dir, 'D'))).toBe(false);
  });

  it('one writer at a time; a lock left by a dead process is taken over', () => {
    const dir = tempDir();
    const writer = CatalogWriter.open(dir);
    expect(() => CatalogWriter.open(dir)).toThrow('already open for writing in this process');
    writer.close();
    writeFileSync(join(dir, '.lock'), '999999999\n');
    const again = CatalogWriter.open(dir);
    again.close();
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  });
});

describe('crash safety: what a kill at any point leaves behind', () => {
  const write = (dir: string, from: number, to: number) => {
    const writer = CatalogWriter.open(dir);
    const partitions = writer.writeBars({ dataset: 'D', schema: 'ohlcv-1m', symbol: 'X', series: bars('X', from, to), coverage: [from, to], source: SOURCE });
    writer.close();
    return partitions;
  };

  it('a half-written temporary file is deleted and never listed', () => {
    const dir = tempDir();
    write(dir, DEC1, DEC20);
    const before = readFileSync(join(dir, CATALOG_MANIFEST), 'utf8');
    const partDir = join(dir, 'D', 'ohlcv-1m', 'X');
    const full = readFileSync(join(partDir, '2024-12.arrow'));
    writeFileSync(join(partDir, '.2025-01.arrow.tmp-4242-1'), full.subarray(0, 100));
    const writer = CatalogWriter.open(dir);
    expect(writer.recovery.removedTemporaryFiles).toBe(1);
    expect(writer.recovery.adopted).toEqual([]);
    writer.close();
    expect(readdirSync(partDir)).toEqual(['2024-12.arrow']);
    expect(readFileSync(join(dir, CATALOG_MANIFEST), 'utf8')).toBe(before);
  });

  it('a partition renamed into place just before the crash (manifest not yet updated) is adopted, not lost', () => {
    const dir = tempDir();
    write(dir, DEC1, DEC20);
    const manifestBefore = readFileSync(join(dir, CATALOG_MANIFEST), 'utf8');
    const [january] = write(dir, Date.UTC(2025, 0, 1), Date.UTC(2025, 0, 20));
    // Simulate the crash: the January file is on disk, the manifest is the one from before.
    writeFileSync(join(dir, CATALOG_MANIFEST), manifestBefore);
    expect(manifestOf(dir).partitions.map((p) => p.month)).toEqual(['2024-12']);
    const writer = CatalogWriter.open(dir);
    expect(writer.recovery.adopted).toEqual(['D/ohlcv-1m/X/2025-01.arrow']);
    writer.close();
    expect(manifestOf(dir).partitions.find((p) => p.month === '2025-01')).toEqual(january);
    expect(verifyCatalog(BarCatalog.open(dir)).ok).toBe(true);
  });

  it('a merge renamed into place before the manifest caught up is adopted with its larger coverage', () => {
    const dir = tempDir();
    write(dir, DEC1, DEC20);
    const manifestBefore = readFileSync(join(dir, CATALOG_MANIFEST), 'utf8');
    const [merged] = write(dir, DEC20, Date.UTC(2024, 11, 31));
    writeFileSync(join(dir, CATALOG_MANIFEST), manifestBefore);
    const writer = CatalogWriter.open(dir);
    expect(writer.recovery.adopted).toEqual(['D/ohlcv-1m/X/2024-12.arrow']);
    writer.close();
    expect(manifestOf(dir).partitions[0]).toEqual(merged);
    expect(merged.coverage).toEqual([[DEC1, Date.UTC(2024, 11, 31)]]);
  });

  it('a listed partition whose file is gone is unlisted (so a fetch brings it again)', () => {
    const dir = tempDir();
    write(dir, DEC1, Date.UTC(2025, 0, 20));
    rmSync(join(dir, 'D', 'ohlcv-1m', 'X', '2025-01.arrow'));
    const writer = CatalogWriter.open(dir);
    expect(writer.recovery.missing).toEqual(['D/ohlcv-1m/X/2025-01.arrow']);
    writer.close();
    expect(manifestOf(dir).partitions.map((p) => p.month)).toEqual(['2024-12']);
  });
});

describe('reading: only the months a window needs; size, rows and hashes checked', () => {
  it('a window reads its months only (a damaged month outside it does not matter)', () => {
    const dir = tempDir();
    const series = bars('X', NOV15, FEB10);
    const writer = CatalogWriter.open(dir);
    writer.writeBars({ dataset: 'D', schema: 'ohlcv-1m', symbol: 'X', series, coverage: [NOV15, FEB10], source: SOURCE });
    writer.close();
    writeFileSync(join(dir, 'D', 'ohlcv-1m', 'X', '2024-11.arrow'), 'damaged');
    const catalog = BarCatalog.open(dir);
    const start = Date.UTC(2024, 11, 10);
    const end = Date.UTC(2025, 0, 5);
    sameBars(catalog.readBars({ dataset: 'D', schema: 'ohlcv-1m', symbol: 'X', startTs: start, endTs: end }), series.between(start, end));
    expect(() => catalog.readBars({ dataset: 'D', schema: 'ohlcv-1m', symbol: 'X' })).toThrow(/2024-11\.arrow: 7 bytes, the manifest says \d+/);
    const verification = verifyCatalog(catalog);
    expect([verification.ok, verification.corrupt]).toEqual([false, ['D/ohlcv-1m/X/2024-11.arrow']]);
    expect(() => catalog.readBars({ dataset: 'D', schema: 'ohlcv-1m', symbol: 'Y' })).toThrow('no Y bars in D ohlcv-1m (stored: X)');
  });

  it('verify catches a flipped byte that keeps the size', () => {
    const dir = tempDir();
    const writer = CatalogWriter.open(dir);
    writer.writeBars({ dataset: 'D', schema: 'ohlcv-1m', symbol: 'X', series: bars('X', DEC1, DEC20), coverage: [DEC1, DEC20], source: SOURCE });
    writer.close();
    const file = join(dir, 'D', 'ohlcv-1m', 'X', '2024-12.arrow');
    const bytes = readFileSync(file);
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileSync(file, bytes);
    writeFileSync(join(dir, 'D', 'stray.arrow'), 'x');
    const verification = verifyCatalog(BarCatalog.open(dir));
    expect(verification).toMatchObject({ ok: false, corrupt: ['D/ohlcv-1m/X/2024-12.arrow'], unlisted: ['D/stray.arrow'], missing: [] });
  });

  it('a manifest pointing outside its catalog is refused, naming the key', () => {
    const dir = tempDir();
    const writer = CatalogWriter.open(dir);
    writer.writeBars({ dataset: 'D', schema: 'ohlcv-1m', symbol: 'X', series: bars('X', DEC1, DEC20), coverage: [DEC1, DEC20], source: SOURCE });
    writer.close();
    const path = join(dir, CATALOG_MANIFEST);
    writeFileSync(path, readFileSync(path, 'utf8').replace('"path": "D/ohlcv-1m/X/2024-12.arrow"', '"path": "../../etc/passwd"'));
    expect(() => BarCatalog.open(dir)).toThrow(`${path}, field "partitions[0].path": must be "D/ohlcv-1m/X/2024-12.arrow" for its dataset, schema, symbol and month, was "../../etc/passwd"`);
    expect(() => BarCatalog.open(tempDir())).toThrow('no catalog here');
  });
});

describe('symbology intervals', () => {
  it('join adjacent days of one contract; a later answer wins where they disagree', () => {
    expect(
      mergeSymbologyIntervals([
        { startDate: '2024-12-20', endDate: '2025-01-01', symbol: 'ESH5' },
        { startDate: '2025-01-01', endDate: '2025-03-21', symbol: 'ESH5' },
        { startDate: '2025-03-21', endDate: '2025-04-01', symbol: 'ESM5' },
        { startDate: '2025-03-20', endDate: '2025-03-21', symbol: 'ESM5' },
      ]),
    ).toEqual([
      { startDate: '2024-12-20', endDate: '2025-03-20', symbol: 'ESH5' },
      { startDate: '2025-03-20', endDate: '2025-04-01', symbol: 'ESM5' },
    ]);
  });
});
