/**
 * Built-in synthetic dataset throughput: the default dataset (18 futures as 1-minute bars plus TLT
 * daily, one year, about 6.5 million bars), a single symbol and 5-minute bars, next to a plain-loop
 * baseline that draws the same normals (19 per minute) and writes a rounded Gaussian random walk
 * into the same six Float64Array columns per bar: the floor any generator with these inputs pays.
 *
 *   cd /work/main && node --conditions=source --import tsx packages/data/bench/synth.ts [days] [runs]
 */
import { Rng } from '@rooney/core';
import { BUILTIN_REFERENCE_SYMBOLS, BUILTIN_SYMBOLS, generateSyntheticDataset } from '../src/synth/index.ts';
import type { SyntheticDatasetOptions } from '../src/synth/index.ts';

const days = Number(process.argv[2] ?? 365);
const runs = Number(process.argv[3] ?? 3);

function baseline(sessions: number, symbols: number): number {
  const minutes = sessions * 1380;
  const rng = new Rng(1);
  const normals = new Float64Array(19);
  const columns = Array.from({ length: symbols }, () => Array.from({ length: 6 }, () => new Float64Array(minutes)));
  const price = new Float64Array(symbols).fill(4000);
  for (let m = 0; m < minutes; m++) {
    for (let c = 0; c < 19; c++) normals[c] = rng.normal();
    for (let s = 0; s < symbols; s++) {
      const open = price[s];
      const close = Math.round((open + normals[s] * 1.5) * 4) / 4;
      const [ts, o, h, l, cl, v] = columns[s];
      ts[m] = m * 60_000;
      o[m] = open;
      h[m] = Math.max(open, close);
      l[m] = Math.min(open, close);
      cl[m] = close;
      v[m] = 1;
      price[s] = close;
    }
  }
  return minutes * symbols;
}

function measure(label: string, work: () => number): void {
  const times: number[] = [];
  let bars = 0;
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    bars = work();
    times.push(performance.now() - start);
  }
  const best = Math.min(...times);
  const perSecond = (bars / best) * 1000;
  console.log(
    `${label.padEnd(44)} ${bars.toLocaleString('en-US').padStart(11)} bars ${best.toFixed(0).padStart(7)} ms ` +
      `${(perSecond / 1e6).toFixed(2).padStart(6)} M bars/s`,
  );
}

function generated(options: SyntheticDatasetOptions): number {
  let bars = 0;
  for (const series of generateSyntheticDataset(options).values()) bars += series.length;
  return bars;
}

const sessions = generateSyntheticDataset({ days, symbols: ['TLT'] }).get('TLT')!.length;
console.log(`${days} calendar days (${sessions} sessions), best of ${runs} runs`);
measure('plain loop: 19 normals/min, random walk x18', () => baseline(sessions, 18));
measure(`default dataset (${BUILTIN_SYMBOLS.length} futures 1m + ${BUILTIN_REFERENCE_SYMBOLS.join(',')} 1d)`, () => generated({ days }));
measure('ES only, 1m', () => generated({ days, symbols: ['ES'] }));
measure('18 futures, 5m bars', () => generated({ days, symbols: [...BUILTIN_SYMBOLS], barMinutes: 5 }));
