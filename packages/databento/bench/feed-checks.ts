/**
 * What the live feed's checks cost per bar, next to a plain-loop baseline on the same bytes:
 * - the DBN stream decoder (length byte checked against the record type, 4 KiB pushes);
 * - the decoder plus `BarValidator` (bar grid, prices, OHLC, volume, tick grid, price band);
 * - baseline: a bare DataView loop reading the same fields from one buffer.
 * Run: node --conditions=source --import tsx packages/databento/bench/feed-checks.ts
 */
import { generateSyntheticDataset } from '@rooney/data';
import type { BarSeries } from '@rooney/data';
import { BarValidator } from '../src/databento/bar-validator.ts';
import { DbnStreamDecoder } from '../src/dbn/dbn-stream-decoder.ts';
import { minuteBarsToLiveDbn } from '../src/testing/bars-to-dbn.ts';

const ES = generateSyntheticDataset({ symbols: ['ES'], start: '2024-01-02', days: 60, seed: 3 }).get('ES') as BarSeries;
const bytes = minuteBarsToLiveDbn('GLBX.MDP3', [{ series: ES, instrumentId: 1, subscribedSymbol: 'ES.c.0', rawSymbol: 'ESH4' }]);
const n = ES.length;

function time(label: string, repeat: number, work: () => number): [string, string, string] {
  work();
  const start = performance.now();
  let check = 0;
  for (let r = 0; r < repeat; r++) check += work();
  const ms = (performance.now() - start) / repeat;
  return [label, `${(n / ms / 1000).toFixed(2)} M bars/s`, `${((ms * 1e6) / n).toFixed(0)} ns/bar (check ${check})`];
}

const decodeOnly = (): number => {
  let bars = 0;
  const decoder = new DbnStreamDecoder({ metadata: () => undefined, record: (r) => (bars += r.kind === 'ohlcv' ? 1 : 0), error: () => undefined });
  for (let i = 0; i < bytes.length; i += 4096) decoder.push(bytes.subarray(i, i + 4096));
  return bars;
};

const decodeAndCheck = (): number => {
  let passed = 0;
  const validator = new BarValidator({ instruments: { 'ES.c.0': { tickSize: 0.25 } } });
  const decoder = new DbnStreamDecoder({
    metadata: () => undefined,
    record: (r) => {
      if (r.kind !== 'ohlcv') return;
      const bar = { symbol: 'ES.c.0', instrumentId: r.instrumentId, barMs: 60_000, tsEventNs: r.tsEventNs, open: r.open, high: r.high, low: r.low, close: r.close, volume: r.volume };
      if (validator.check(bar) === undefined) {
        validator.accept(bar);
        passed++;
      }
    },
    error: () => undefined,
  });
  for (let i = 0; i < bytes.length; i += 4096) decoder.push(bytes.subarray(i, i + 4096));
  return passed;
};

const baseline = (): number => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8 + view.getUint32(4, true);
  let count = 0;
  let sum = 0;
  while (offset < bytes.length) {
    const size = bytes[offset] * 4;
    if (bytes[offset + 1] === 0x21) {
      sum += Number(view.getBigInt64(offset + 40, true)) / 1e9;
      count++;
    }
    offset += size;
  }
  return count + (sum > 0 ? 0 : 1);
};

const rows = [
  time('DBN stream decoder (4 KiB pushes)', 10, decodeOnly),
  time('decoder + BarValidator (tick grid, band)', 10, decodeAndCheck),
  time('baseline: DataView loop, one buffer', 10, baseline),
];
const width = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length))];
process.stdout.write(`${n} minute bars (${(bytes.length / 1024).toFixed(0)} KiB of DBN)\n`);
for (const [a, b, c] of rows) process.stdout.write(`${a.padEnd(width[0])}  ${b.padStart(width[1])}  ${c}\n`);
