import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Field, Float64, Int32, RecordBatch, Schema, Struct, Table, TimestampMillisecond, makeData, tableFromIPC, tableToIPC } from 'apache-arrow';
import type { DataType } from 'apache-arrow';
import { RooneyError } from '@rooney/core';
import { afterAll, describe, expect, it } from 'vitest';
import { BarSeries } from '../bar-series.ts';
import { readArrowBars, writeArrowBars } from './arrow-bars.ts';
import { loadBarsFile } from './load-bars.ts';

const SHARED = fileURLToPath(new URL('../../../../../shared/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'rooney-arrow-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sample = BarSeries.fromBars('6E', 60_000, [
  { ts: Date.parse('2024-01-01T23:01:00Z'), open: 1.1076, high: 1.10785, low: 1.1076, close: 1.1078, volume: 205 },
  { ts: Date.parse('2024-01-01T23:02:00Z'), open: 1.10775, high: 1.1078, low: 1.1077, close: 1.10775, volume: 86 },
  { ts: Date.parse('2024-01-01T23:05:00Z'), open: 1.1077, high: 1.1079, low: 1.1077, close: 1.1079, volume: Number.NaN },
]);

/** True when two columns hold the same doubles bit for bit. */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

/** An Arrow file with the given columns (each [name, type, values]) and schema metadata. */
function arrowFile(name: string, columns: [string, DataType, ArrayLike<number | bigint>][], metadata = new Map<string, string>()): string {
  const length = columns[0][2].length;
  const fields = columns.map(([field, type]) => new Field(field, type, false));
  const schema = new Schema(fields, metadata);
  const children = columns.map(([, type, values]) => makeData({ type, length, nullCount: 0, data: values } as never));
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length, nullCount: 0, children }));
  const path = join(dir, name);
  writeFileSync(path, tableToIPC(new Table(schema, [batch]), 'file'));
  return path;
}

describe('writeArrowBars / readArrowBars', () => {
  it('round-trips every value, the symbol and the bar size', () => {
    const path = join(dir, 'sample.arrow');
    writeArrowBars(path, sample);
    const back = readArrowBars(path);
    expect(back.symbol).toBe('6E');
    expect(back.barMs).toBe(60_000);
    for (const column of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const) {
      expect(Array.from(back[column]), column).toEqual(Array.from(sample[column]));
      expect(back[column]).toBeInstanceOf(Float64Array);
    }
  });

  it('writes the documented schema: six Float64 columns and symbol/barMs metadata', () => {
    const path = join(dir, 'schema.arrow');
    writeArrowBars(path, sample);
    const table = tableFromIPC(readFileSync(path));
    expect(table.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual(
      ['ts', 'open', 'high', 'low', 'close', 'volume'].map((name) => `${name}:Float64`),
    );
    expect(Object.fromEntries(table.schema.metadata)).toEqual({ symbol: '6E', barMs: '60000' });
  });

  it('returns views on the file bytes rather than copies', () => {
    const path = join(dir, 'views.arrow');
    writeArrowBars(path, sample);
    const back = readArrowBars(path);
    // All six columns share one buffer: the bytes read from the file.
    const buffer = back.ts.buffer;
    for (const column of [back.open, back.high, back.low, back.close, back.volume]) expect(column.buffer).toBe(buffer);
    expect(buffer.byteLength).toBeGreaterThan(6 * back.ts.byteLength);
  });

  it('round-trips a real file (nautilus 6E, 29,996 bars)', () => {
    const original = loadBarsFile(`${SHARED}datasets/real/nautilus-6e-1min/6EH4.XCME_1min_bars_20240101_20240131.csv.gz`).series;
    const path = join(dir, '6E.arrow');
    writeArrowBars(path, original);
    const back = loadBarsFile(path);
    expect(back.format).toBe('arrow');
    expect(back.series.length).toBe(29_996);
    for (const column of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const) {
      expect(sameBits(back.series[column], original[column]), column).toBe(true);
    }
  });

  it('converts foreign files: timestamp and integer columns, no metadata, extra columns kept', () => {
    const ts = [Date.parse('2024-01-02T10:00:00Z'), Date.parse('2024-01-02T10:05:00Z'), Date.parse('2024-01-02T10:10:00Z')];
    const path = arrowFile('NQ_foreign.arrow', [
      ['TS', new TimestampMillisecond(), BigInt64Array.from(ts.map(BigInt))],
      ['Open', new Float64(), [10, 11, 12]],
      ['High', new Float64(), [11, 12, 13]],
      ['Low', new Float64(), [9, 10, 11]],
      ['Close', new Float64(), [10.5, 11.5, 12.5]],
      ['Volume', new Int32(), Int32Array.from([5, 6, 7])],
      ['oi', new Int32(), Int32Array.from([100, 101, 102])],
    ]);
    const result = loadBarsFile(path);
    expect(result.series.symbol).toBe('NQ');
    expect(result.series.barMs).toBe(300_000);
    expect(Array.from(result.series.ts)).toEqual(ts);
    expect(Array.from(result.series.volume)).toEqual([5, 6, 7]);
    expect(Array.from(result.extras.oi)).toEqual([100, 101, 102]);
  });

  it('checks bars: throws with the 1-based row and field, or skips', () => {
    const path = arrowFile('bad.arrow', [
      ['ts', new Float64(), [1000, 2000, 2000, 4000]],
      ['open', new Float64(), [1, 1, 1, 1]],
      ['high', new Float64(), [2, 0.5, 2, 2]],
      ['low', new Float64(), [1, 1, 1, 1]],
      ['close', new Float64(), [2, 1, 2, 2]],
      ['volume', new Float64(), [1, 1, 1, 1]],
    ], new Map([['symbol', 'X'], ['barMs', '1000']]));
    let error: RooneyError | undefined;
    try {
      readArrowBars(path);
    } catch (caught) {
      error = caught as RooneyError;
    }
    expect([error?.code, error?.place.line, error?.place.field]).toEqual(['bad_ohlc', 2, 'high']);
    const skipped = loadBarsFile(path, { onBadRow: 'skip' });
    expect(Array.from(skipped.series.ts)).toEqual([1000, 2000, 4000]);
    expect(skipped.skipped.count).toBe(1);
    expect(skipped.skipped.first[0]).toMatchObject({ line: 2, field: 'high', code: 'bad_ohlc' });
  });

  it('rejects a file without a needed column or that is not Arrow', () => {
    const path = arrowFile('noclose.arrow', [['ts', new Float64(), [1]], ['open', new Float64(), [1]]]);
    expect(() => readArrowBars(path)).toThrow(/no "high" column/);
    const junk = join(dir, 'junk.arrow');
    writeFileSync(junk, 'not arrow at all');
    expect(() => readArrowBars(junk)).toThrow(RooneyError);
  });
});
