import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BarCatalog, CatalogWriter, readDbnBars, stitchContinuous } from '@rooney/data';
import type { BarSeries } from '@rooney/data';
import { afterEach, describe, expect, it } from 'vitest';
import { concatBytes, encodeDbnMetadata, encodeOhlcvRecord } from '../dbn/dbn-encoder.ts';
import { fakeEsMarket } from '../testing/fake-futures-market.ts';
import { zstdRawFrames } from '../testing/zstd-frames.ts';
import { importDbnFileToCatalog } from './dbn-catalog-import.ts';

const SHARED = fileURLToPath(new URL('../../../../../shared/', import.meta.url));
const NAUTILUS = `${SHARED}datasets/real/databento-dbn-samples/nautilus/futures_ohlcv-1m_2024-07-01T23-40_2024-07-02T00-10.dbn.zst`;
const D = (text: string): number => Date.parse(`${text}T00:00:00Z`);

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rooney-dbn-import-'));
  dirs.push(dir);
  return dir;
}

describe('importing DBN files into a catalog', () => {
  it('a real download (ESU4 + NQU4, DBN v1, zstd, by venue symbol) lands per contract with its metadata', () => {
    const dir = tempDir();
    const writer = CatalogWriter.open(dir);
    const result = importDbnFileToCatalog(writer, NAUTILUS, { at: '2025-01-01T00:00:00.000Z' });
    writer.close();
    expect(result).toMatchObject({ dataset: 'GLBX.MDP3', schema: 'ohlcv-1m', symbols: [{ symbol: 'ESU2024', rows: 30 }, { symbol: 'NQU2024', rows: 30 }], mapped: [], skippedBars: 0 });
    const catalog = BarCatalog.open(dir);
    const es = catalog.readBars({ dataset: 'GLBX.MDP3', schema: 'ohlcv-1m', symbol: 'ESU2024' });
    // The published first bar (datasets README): O 5527.25 H 5527.5 L 5527.0 C 5527.5 V 180, opening 23:40 UTC.
    expect(es.at(0)).toEqual({ ts: Date.UTC(2024, 6, 1, 23, 41), open: 5527.25, high: 5527.5, low: 5527, close: 5527.5, volume: 180 });
    // The same bars as @rooney/data's own DBN file loader reads.
    const loaded = readDbnBars(NAUTILUS);
    expect(es.toBars()).toEqual((loaded.get('ESU4') as BarSeries).toBars());
    expect(catalog.readBars({ dataset: 'GLBX.MDP3', schema: 'ohlcv-1m', symbol: 'NQU2024' }).toBars()).toEqual((loaded.get('NQU4') as BarSeries).toBars());
    // The file covers 23:40 → 00:10 UTC, all of it in July: one partition, covering the file's range.
    const partitions = catalog.partitions('GLBX.MDP3', 'ohlcv-1m', 'ESU2024');
    expect(partitions.map((p) => [p.month, p.coverage])).toEqual([['2024-07', [[Date.UTC(2024, 6, 1, 23, 40), Date.UTC(2024, 6, 2, 0, 10)]]]]);
    expect(partitions[0].sources[0]).toMatchObject({
      kind: 'dbn_file',
      file: 'futures_ohlcv-1m_2024-07-01T23-40_2024-07-02T00-10.dbn.zst',
      fileSha256: createHash('sha256').update(readFileSync(NAUTILUS)).digest('hex'),
      dbn: { version: 1, dataset: 'GLBX.MDP3', schema: 6, stypeIn: 1, symbols: ['ESU4', 'NQU4'], start: '1719877200000000000', end: '1719879000000000000' },
    });
  });

  it('a continuous-symbol file keeps its contracts apart (by instrument id) and stores the mapping, so rolls can be rebuilt', () => {
    const market = fakeEsMarket();
    const h5 = market.bars.get('ESH5') as BarSeries;
    const m5 = market.bars.get('ESM5') as BarSeries;
    const start = D('2025-03-10');
    const end = D('2025-03-28');
    const roll = D('2025-03-21');
    // What Databento sends for ES.c.0 over the roll: ESH5 (id 5002) bars until the 21st, ESM5 (5003) after.
    const records: { ts: number; bytes: Uint8Array }[] = [];
    const add = (series: BarSeries, id: number, from: number, to: number): void => {
      for (let i = 0; i < series.length; i++) {
        const open = series.ts[i] - 60_000;
        if (open >= from && open < to) {
          records.push({ ts: open, bytes: encodeOhlcvRecord({ rtype: 0x21, instrumentId: id, tsEventNs: BigInt(open) * 1_000_000n, open: series.open[i], high: series.high[i], low: series.low[i], close: series.close[i], volume: series.volume[i] }) });
        }
      }
    };
    add(h5, 5002, start, roll);
    add(m5, 5003, roll, end);
    records.sort((a, b) => a.ts - b.ts);
    const dbn = concatBytes([
      encodeDbnMetadata({
        dataset: 'GLBX.MDP3',
        schema: 6,
        startNs: BigInt(start) * 1_000_000n,
        endNs: BigInt(end) * 1_000_000n,
        stypeIn: 3,
        stypeOut: 0,
        symbols: ['ES.c.0'],
        mappings: [{ rawSymbol: 'ES.c.0', intervals: [{ startDate: 20250310, endDate: 20250321, symbol: '5002' }, { startDate: 20250321, endDate: 20250328, symbol: '5003' }] }],
      }),
      ...records.map((r) => r.bytes),
    ]);
    const dir = tempDir();
    const file = join(dir, 'glbx-mdp3-20250310-20250327.ohlcv-1m.dbn.zst');
    writeFileSync(file, zstdRawFrames(dbn, 4096));
    const catalogDir = join(dir, 'catalog');
    const writer = CatalogWriter.open(catalogDir);
    const result = importDbnFileToCatalog(writer, file);
    writer.close();
    expect(result.symbols.map((s) => s.symbol)).toEqual(['5002', '5003']);
    expect(result.mapped).toEqual(['ES.c.0']);
    const catalog = BarCatalog.open(catalogDir);
    expect(catalog.symbology('GLBX.MDP3', 'ES.c.0')?.intervals).toEqual([
      { startDate: '2025-03-10', endDate: '2025-03-21', symbol: '5002' },
      { startDate: '2025-03-21', endDate: '2025-03-28', symbol: '5003' },
    ]);
    expect(catalog.coverage('GLBX.MDP3', 'ohlcv-1m', '5003')).toEqual([[roll, end]]);
    const continuous = catalog.continuous({ dataset: 'GLBX.MDP3', schema: 'ohlcv-1m', symbol: 'ES.c.0' });
    expect(continuous.contracts.map((c) => [c.symbol, c.expiry])).toEqual([
      ['5002', roll],
      ['5003', end],
    ]);
    // Rolling as the file was mapped (0 days before the mapped end) rebuilds the file's own series:
    // every bar of the stitched series is one of the file's bars.
    const stitched = stitchContinuous(continuous.contracts, { kind: 'days_before_expiry', days: 0 }, { symbol: 'ES', session: { startMinutes: 0, timeZone: 'UTC' } });
    expect(stitched.series.length).toBe(records.length);
    expect(stitched.rolls).toEqual([{ ts: roll, from: '5002', to: '5003', gap: expect.any(Number) }]);
  });

  it('refuses files that are not OHLCV or not DBN, naming the file', () => {
    const dir = tempDir();
    const writer = CatalogWriter.open(join(dir, 'catalog'));
    const trades = join(dir, 'trades.dbn');
    writeFileSync(trades, encodeDbnMetadata({ dataset: 'GLBX.MDP3', schema: 4, startNs: 0n, symbols: ['ESH5'] }));
    expect(() => importDbnFileToCatalog(writer, trades)).toThrow(`${trades}: the catalog stores OHLCV bars (ohlcv-1s/1m/1h/1d); this file's schema is trades`);
    const text = join(dir, 'notes.dbn');
    writeFileSync(text, 'hello, not DBN at all');
    expect(() => importDbnFileToCatalog(writer, text)).toThrow(`${text}: invalid DBN header`);
    writer.close();
  });
});
