import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RooneyError } from '@rooney/core';
import type { Bar } from '@rooney/core';
import { afterAll, describe, expect, it } from 'vitest';
import { RowProblems } from './bar-checks.ts';
import { decodeDbnBars, decodeDbnMetadata, readDbnBars, readDbnBytes } from './dbn-bars.ts';
import { loadBarsFile } from './load-bars.ts';

const SHARED = fileURLToPath(new URL('../../../../../shared/', import.meta.url));
const VECTORS = `${SHARED}specs/vectors/`;
const OFFICIAL = `${SHARED}datasets/real/databento-dbn-samples/databento-dbn/`;
const NAUTILUS = `${SHARED}datasets/real/databento-dbn-samples/nautilus/`;
const dir = mkdtempSync(join(tmpdir(), 'rooney-dbn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A bar from DBN raw values: ts_event (ns, bar open) + bar size, prices × 1e-9. */
function bar(tsEventNs: string, barMs: number, open: string, high: string, low: string, close: string, volume: number): Bar {
  const price = (raw: string): number => Number(BigInt(raw)) / 1e9;
  return { ts: Number(BigInt(tsEventNs) / 1_000_000n) + barMs, open: price(open), high: price(high), low: price(low), close: price(close), volume };
}

function failure(run: () => unknown): RooneyError {
  try {
    run();
  } catch (error) {
    if (error instanceof RooneyError) return error;
    throw error;
  }
  throw new Error('expected a RooneyError');
}

describe('readDbnBars on the official Databento fixtures (values from the vectors README)', () => {
  const expected: Record<string, [number, Bar[]]> = {
    '1m': [60_000, [
      bar('1609160400000000000', 60_000, '372025000000000', '372150000000000', '372025000000000', '372100000000000', 353),
      bar('1609160460000000000', 60_000, '372100000000000', '372150000000000', '372100000000000', '372150000000000', 152),
    ]],
    '1s': [1000, [
      bar('1609160400000000000', 1000, '372025000000000', '372050000000000', '372025000000000', '372050000000000', 57),
      bar('1609160401000000000', 1000, '372050000000000', '372050000000000', '372050000000000', '372050000000000', 13),
    ]],
    '1h': [3_600_000, [
      bar('1609160400000000000', 3_600_000, '372025000000000', '372350000000000', '372025000000000', '372225000000000', 9385),
      bar('1609164000000000000', 3_600_000, '372225000000000', '372450000000000', '371600000000000', '371950000000000', 112_698),
    ]],
  };
  for (const [cadence, [barMs, bars]] of Object.entries(expected)) {
    for (const variant of ['dbn', 'v1.dbn.zst', 'v2.dbn.zst', 'v3.dbn.zst']) {
      it(`ohlcv-${cadence} ${variant}`, () => {
        const all = readDbnBars(`${OFFICIAL}test_data.ohlcv-${cadence}.${variant}`);
        expect([...all.keys()]).toEqual(['ESH1']);
        const series = all.get('ESH1');
        expect(series?.barMs).toBe(barMs);
        expect(series?.toBars()).toEqual(bars);
      });
    }
  }

  it('metadata of v1, v2 and v3: records start at byte 206, 353, 360; mapping ESH1 → 5482', () => {
    const offsets = ['v1.dbn.zst', 'v2.dbn.zst', 'v3.dbn.zst'].map((variant) => {
      const path = `${OFFICIAL}test_data.ohlcv-1m.${variant}`;
      const metadata = decodeDbnMetadata(readDbnBytes(path), path);
      expect(metadata).toMatchObject({
        dataset: 'GLBX.MDP3',
        schema: 6,
        start: 1609160400000000000n,
        end: 1609200000000000000n,
        stypeIn: 1,
        stypeOut: 0,
        tsOut: false,
        symbols: ['ESH1'],
        partial: [],
        notFound: [],
        mappings: [{ rawSymbol: 'ESH1', intervals: [{ startDate: 20201228, endDate: 20201229, symbol: '5482' }] }],
      });
      return [metadata.version, metadata.recordsOffset];
    });
    expect(offsets).toEqual([[1, 206], [2, 353], [3, 360]]);
  });

  it('an ohlcv-1d file with no records is an empty result, and an empty 1-day series for loadBarsFile', () => {
    expect(readDbnBars(`${OFFICIAL}test_data.ohlcv-1d.v3.dbn.zst`).size).toBe(0);
    const result = loadBarsFile(`${OFFICIAL}test_data.ohlcv-1d.v3.dbn.zst`);
    expect([result.format, result.series.symbol, result.series.length, result.series.barMs]).toEqual(['dbn.zst', 'ESH1', 0, 86_400_000]);
  });

  it('steps over non-OHLCV records (definitions, trades, MBP-1) by their length', () => {
    for (const name of ['test_data.definition.dbn', 'test_data.definition.v3.dbn.zst']) expect(readDbnBars(OFFICIAL + name).size).toBe(0);
    for (const name of ['test_data.trades.dbn', 'test_data.mbp-1.v3.dbn.zst']) expect(readDbnBars(`${VECTORS}official/${name}`).size).toBe(0);
  });

  it('a mixed live stream: 1-minute bars under the symbol, 1-second bars under symbol@1s', () => {
    const all = readDbnBars(`${VECTORS}official/python_live.test_data.live.dbn.zst`);
    expect([...all.keys()].sort()).toEqual(['ESZ4', 'ESZ4@1s']);
    const minute = all.get('ESZ4');
    expect(minute?.length).toBe(2);
    expect(minute?.at(0)).toEqual({ ts: 1700510400000 + 60_000, open: 4756, high: 4756, low: 4756, close: 4756, volume: 2 });
    expect(all.get('ESZ4@1s')?.barMs).toBe(1000);
  });
});

describe('readDbnBars on the synthetic spec vectors (values from the .expected.json files)', () => {
  interface ExpectedRecord { rtype: number; instrument_id: number; ts_event: string; open?: string; high?: string; low?: string; close?: string; volume?: string }
  const barsOf = (name: string, ids: number[]): Bar[] => {
    const json = JSON.parse(readFileSync(`${VECTORS}${name}.expected.json`, 'utf8')) as { records: ExpectedRecord[] };
    return json.records
      .filter((r) => r.rtype === 0x21 && ids.includes(r.instrument_id))
      .map((r) => bar(r.ts_event, 60_000, r.open as string, r.high as string, r.low as string, r.close as string, Number(r.volume)));
  };

  for (const file of ['ohlcv1m_sample.dbn', 'ohlcv1m_sample.dbn.zst']) {
    it(`${file}: continuous symbols from the metadata mappings`, () => {
      const all = readDbnBars(VECTORS + file);
      expect([...all.keys()]).toEqual(['ES.c.0', 'NQ.c.0']);
      expect(all.get('ES.c.0')?.toBars()).toEqual(barsOf('ohlcv1m_sample', [100001]));
      expect(all.get('NQ.c.0')?.toBars()).toEqual(barsOf('ohlcv1m_sample', [100002]));
      expect(all.get('ES.c.0')?.at(0)).toEqual({ ts: Date.parse('2025-01-02T14:31:00Z'), open: 5900.25, high: 5901.5, low: 5899.75, close: 5901, volume: 1523 });
    });
  }

  it('live_stream_sample: in-stream mappings, the ES.c.0 roll from 100001 to 100003 stays one series', () => {
    for (const file of ['live_stream_sample.dbn', 'live_stream_sample.dbn.zst']) {
      const all = readDbnBars(VECTORS + file);
      expect(all.get('ES.c.0')?.toBars()).toEqual(barsOf('live_stream_sample', [100001, 100003]));
      expect(all.get('NQ.c.0')?.toBars()).toEqual(barsOf('live_stream_sample', [100002]));
      expect(all.get('ES.c.0')?.close[1]).toBe(5951);
    }
  });

  it('malformed_zero_length: a record length of 0 is a bad_dbn error at record 2', () => {
    const error = failure(() => readDbnBars(`${VECTORS}malformed_zero_length.dbn`));
    expect([error.code, error.place.line]).toEqual(['bad_dbn', 2]);
    expect(error.message).toContain('byte 640');
  });
});

describe('readDbnBars on nautilus GLBX files (README: first ES bar)', () => {
  const july = `${NAUTILUS}futures_ohlcv-1m_2024-07-01T23-40_2024-07-02T00-10.dbn.zst`;

  it('ESU4 and NQU4, 60 records 23:40–00:09 UTC (bar opens), first ES bar O 5527.25 H 5527.5 L 5527 C 5527.5 V 180', () => {
    const all = readDbnBars(july);
    expect([...all.keys()].sort()).toEqual(['ESU4', 'NQU4']);
    const es = all.get('ESU4');
    expect((es?.length ?? 0) + (all.get('NQU4')?.length ?? 0)).toBe(60);
    expect(es?.at(0)).toEqual({ ts: Date.parse('2024-07-01T23:41:00Z'), open: 5527.25, high: 5527.5, low: 5527, close: 5527.5, volume: 180 });
    expect(es?.ts[es.length - 1]).toBe(Date.parse('2024-07-02T00:10:00Z'));
  });

  it('loadBarsFile needs a symbol when a file holds several', () => {
    expect(failure(() => loadBarsFile(july)).code).toBe('ambiguous_symbol');
    expect(failure(() => loadBarsFile(july, { symbol: 'CLQ4' })).message).toContain('ESU4, NQU4');
    const nq = loadBarsFile(july, { symbol: 'NQU4' });
    expect([nq.format, nq.series.symbol, nq.series.barMs]).toEqual(['dbn.zst', 'NQU4', 60_000]);
    expect(failure(() => loadBarsFile(july, { symbol: 'NQU4', barMs: 300_000 })).code).toBe('invalid_parameter');
  });

  it('other files: 20 records ESM4/NQM4, 10 records ESH6', () => {
    const may = readDbnBars(`${NAUTILUS}futures_ohlcv-1m_2024-05-09T09-55_2024-05-09T10-05.dbn.zst`);
    expect((may.get('ESM4')?.length ?? 0) + (may.get('NQM4')?.length ?? 0)).toBe(20);
    const single = loadBarsFile(`${NAUTILUS}futures_ohlcv-1m_2026-01-09T20-55_2026-01-09T21-05.dbn.zst`, { symbol: 'ES' });
    expect([single.series.symbol, single.series.length]).toEqual(['ES', 10]);
  });
});

describe('DBN bad input', () => {
  const sample = readFileSync(`${VECTORS}ohlcv1m_sample.dbn`);
  // Records (expected JSON): mapping at 584, bars at 760 (#2), 816 (#3), 872 (#4).
  const withBytes = (name: string, edit: (bytes: Buffer) => Buffer): string => {
    const path = join(dir, name);
    writeFileSync(path, edit(Buffer.from(sample)));
    return path;
  };

  it('a truncated file, a wrong magic and an unsupported version are bad_dbn', () => {
    expect(failure(() => readDbnBars(withBytes('cut.dbn', (b) => b.subarray(0, b.length - 10)))).message).toContain('truncated');
    expect(failure(() => readDbnBars(withBytes('magic.dbn', (b) => { b[0] = 0x58; return b; }))).code).toBe('bad_dbn');
    expect(failure(() => readDbnBars(withBytes('version.dbn', (b) => { b[3] = 9; return b; }))).message).toContain('version 9');
  });

  it('a bar with high below low throws bad_ohlc at its record number, or is skipped', () => {
    // Record 4 (ES 14:31): set high (offset +24) to 5000.0.
    const path = withBytes('ohlc.dbn', (b) => {
      b.writeBigInt64LE(5_000_000_000_000n, 872 + 24);
      return b;
    });
    const error = failure(() => readDbnBars(path));
    expect([error.code, error.place.line, error.place.field]).toEqual(['bad_ohlc', 4, 'high']);
    const problems = new RowProblems(path, 'skip');
    const skipped = decodeDbnBars(readDbnBytes(path), path, problems);
    expect(skipped.series.get('ES.c.0')?.length).toBe(1);
    expect(problems.first[0]).toMatchObject({ line: 4, code: 'bad_ohlc' });
    const loaded = loadBarsFile(path, { symbol: 'ES.c.0', onBadRow: 'skip' });
    expect([loaded.series.length, loaded.skipped.count]).toEqual([1, 1]);
  });

  it('an undefined price (i64::MAX) is bad_price', () => {
    const path = withBytes('undef.dbn', (b) => {
      b.writeBigInt64LE(0x7fff_ffff_ffff_ffffn, 760 + 16);
      return b;
    });
    const error = failure(() => readDbnBars(path));
    expect([error.code, error.place.line, error.place.field]).toEqual(['bad_price', 2, 'open']);
  });
});
