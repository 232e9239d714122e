/**
 * Loader throughput on generated 1-minute bars: CSV (plain and gzip) and Arrow IPC, next to a
 * plain-loop baseline (`split('\n')`, `split(',')`, `Date.parse`, `Number`) on the same CSV text.
 *
 *   cd /work/main && node --conditions=source --import tsx packages/data/bench/load.ts [rows]
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MINUTE_MS, Rng } from '@rooney/core';
import { BarSeriesBuilder, loadBarsFile, readArrowBars, writeArrowBars, writeCsvBars } from '../src/index.ts';

const rows = Number(process.argv[2] ?? 360_000);
const runs = 7;

function generate(n: number): ReturnType<BarSeriesBuilder['build']> {
  const rng = new Rng(7);
  const builder = new BarSeriesBuilder('ES', MINUTE_MS, n);
  let price = 4000;
  let ts = Date.UTC(2023, 0, 2, 0, 1);
  for (let i = 0; i < n; i++) {
    const open = price;
    const close = Math.round((open + rng.normal() * 1.5) * 4) / 4;
    const high = Math.max(open, close) + Math.round(rng.next() * 4) / 4;
    const low = Math.min(open, close) - Math.round(rng.next() * 4) / 4;
    builder.push(ts, open, high, low, close, 1 + rng.int(500));
    price = close;
    ts += MINUTE_MS;
  }
  return builder.build();
}

function baseline(path: string): number {
  const lines = readFileSync(path, 'utf8').split('\n');
  const close = new Float64Array(lines.length);
  let n = 0;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') continue;
    const f = lines[i].split(',');
    const t = Date.parse(f[0]);
    const c = Number(f[4]);
    if (t > 0 && c > 0 && Number(f[2]) >= Number(f[3])) close[n++] = c + Number(f[1]) * 0 + Number(f[5]) * 0;
  }
  return n;
}

function measure(label: string, bytes: number, work: () => number): void {
  const times: number[] = [];
  let count = 0;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    count = work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[runs >> 1];
  const rate = (count / median) * 1000;
  console.log(
    `${label.padEnd(34)} ${String(count).padStart(8)} ${median.toFixed(1).padStart(9)} ${times[0].toFixed(1).padStart(9)} ${(rate / 1e6).toFixed(2).padStart(9)} ${(bytes / 1e6).toFixed(1).padStart(8)}`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'rooney-load-bench-'));
try {
  const series = generate(rows);
  const csv = join(dir, 'ES.csv');
  const gz = join(dir, 'ES.csv.gz');
  const arrow = join(dir, 'ES.arrow');
  writeCsvBars(csv, series);
  writeCsvBars(gz, series);
  writeArrowBars(arrow, series);
  console.log(`${rows} generated 1-minute bars; median and best of ${runs} runs`);
  console.log(`${'reader'.padEnd(34)} ${'rows'.padStart(8)} ${'median ms'.padStart(9)} ${'best ms'.padStart(9)} ${'M rows/s'.padStart(9)} ${'file MB'.padStart(8)}`);
  measure('baseline split/Date.parse/Number', statSync(csv).size, () => baseline(csv));
  measure('loadBarsFile csv', statSync(csv).size, () => loadBarsFile(csv).series.length);
  measure('loadBarsFile csv.gz', statSync(gz).size, () => loadBarsFile(gz).series.length);
  measure('loadBarsFile csv, timeZone NY', statSync(csv).size, () => loadBarsFile(csv, { timeZone: 'America/New_York' }).series.length);
  measure('readArrowBars', statSync(arrow).size, () => readArrowBars(arrow).length);
  measure('writeArrowBars', statSync(arrow).size, () => (writeArrowBars(arrow, series), series.length));
  measure('writeCsvBars', statSync(csv).size, () => (writeCsvBars(csv, series), series.length));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
