import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { BarSeries } from '../bar-series.ts';
import { formatCsvBars, writeCsvBars } from './csv-writer.ts';
import { loadBarsFile } from './load-bars.ts';

const SHARED = fileURLToPath(new URL('../../../../../shared/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'rooney-csv-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeCsvBars', () => {
  it('writes an ISO-8601 UTC ts column and plain numbers', () => {
    const series = BarSeries.fromBars('ES', 60_000, [
      { ts: Date.UTC(2024, 0, 2, 15, 4), open: 4700.25, high: 4701, low: 4699.5, close: 4700.75, volume: 12 },
      { ts: Date.UTC(2024, 0, 2, 15, 5), open: 0.1 + 0.2, high: 1, low: 0.25, close: 0.5, volume: Number.NaN },
    ]);
    expect(formatCsvBars(series)).toBe(
      'ts,open,high,low,close,volume\n2024-01-02T15:04:00.000Z,4700.25,4701,4699.5,4700.75,12\n2024-01-02T15:05:00.000Z,0.30000000000000004,1,0.25,0.5,\n',
    );
  });

  it('round-trips a real series bit for bit through CSV and gzipped CSV', () => {
    const original = loadBarsFile(`${SHARED}datasets/real/quantiacs-futures-daily/F_JY.txt`).series;
    for (const name of ['6J.csv', '6J.csv.gz']) {
      const path = join(dir, name);
      writeCsvBars(path, original);
      const back = loadBarsFile(path).series;
      expect(back.symbol).toBe('6J');
      expect(back.barMs).toBe(original.barMs);
      for (const column of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const) {
        const a = back[column];
        const b = original[column];
        const same = Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
        expect(same, `${name} ${column}`).toBe(true);
      }
    }
    expect(gunzipSync(readFileSync(join(dir, '6J.csv.gz'))).toString('utf8')).toBe(readFileSync(join(dir, '6J.csv'), 'utf8'));
  });
});
