/**
 * Catalog throughput on a generated ten years of ES-like quarterly contracts (1-minute bars, 23 h
 * a weekday, each contract held from 14 days before it becomes the front month): writing the
 * catalog, loading the whole continuous series (read the month partitions of 40 contracts +
 * stitch with a roll rule), loading one year of it, next to the plain baseline of reading the
 * same stitched series from one Arrow file.
 *
 *   node --conditions=source --import tsx packages/data/bench/catalog.ts [years]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY_MS, MINUTE_MS, Rng } from '@rooney/core';
import { BarCatalog, BarSeriesBuilder, CatalogWriter, readArrowBars, stitchContinuous, writeArrowBars } from '../src/index.ts';
import type { BarSeries } from '../src/index.ts';

const years = Number(process.argv[2] ?? 10);
const runs = 5;
const LEAD_DAYS = 14;
const MONTH_CODES = ['H', 'M', 'U', 'Z'];

/** Third Friday of a month (UTC), the ES expiry day. */
function thirdFriday(year: number, month: number): number {
  const first = Date.UTC(year, month, 1);
  const offset = (5 - new Date(first).getUTCDay() + 7) % 7;
  return first + (offset + 14) * DAY_MS;
}

function contractBars(symbol: string, from: number, to: number, rng: Rng, base: number): BarSeries {
  const builder = new BarSeriesBuilder(symbol, MINUTE_MS, 200_000);
  let price = base;
  for (let day = from; day < to; day += DAY_MS) {
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (let minute = 0; minute < 23 * 60; minute++) {
      const open = price;
      const close = Math.round((open + rng.normal() * 0.75) * 4) / 4;
      builder.push(day + (minute + 1) * MINUTE_MS, open, Math.max(open, close) + 0.25, Math.min(open, close) - 0.25, close, 1 + rng.int(400));
      price = close;
    }
  }
  return builder.build();
}

function median(work: () => number): { ms: number; result: number } {
  const times: number[] = [];
  let result = 0;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    result = work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { ms: times[runs >> 1], result };
}

const dir = mkdtempSync(join(tmpdir(), 'rooney-bench-catalog-'));
try {
  const catalogDir = join(dir, 'catalog');
  const rng = new Rng(11);
  const start = Date.UTC(2015, 0, 1);
  const end = Date.UTC(2015 + years, 0, 1);
  const intervals: { startDate: string; endDate: string; symbol: string }[] = [];
  const writer = CatalogWriter.open(catalogDir);
  let bars = 0;
  const writeStart = performance.now();
  let frontStart = start;
  for (let year = 2015; frontStart < end; year++) {
    for (let q = 0; q < 4 && frontStart < end; q++) {
      const expiry = Math.min(end, thirdFriday(year, q * 3 + 2) + DAY_MS);
      if (expiry <= frontStart) continue;
      const symbol = `ES${MONTH_CODES[q]}${year % 10}`;
      const from = Math.max(start, frontStart - LEAD_DAYS * DAY_MS);
      const series = contractBars(symbol, from, expiry, rng, 2000 + (year - 2015) * 300 + q * 10);
      writer.writeBars({ dataset: 'GLBX.MDP3', schema: 'ohlcv-1m', symbol, series, coverage: [from, expiry], source: { kind: 'databento' } });
      intervals.push({ startDate: new Date(frontStart).toISOString().slice(0, 10), endDate: new Date(expiry).toISOString().slice(0, 10), symbol });
      bars += series.length;
      frontStart = expiry;
    }
  }
  writer.recordSymbology({ dataset: 'GLBX.MDP3', symbol: 'ES.c.0', stypeIn: 'continuous', intervals });
  writer.close();
  const writeMs = performance.now() - writeStart;
  const catalog = BarCatalog.open(catalogDir);
  console.log(`${years} years, ${intervals.length} contracts, ${bars.toLocaleString('en-US')} bars in ${catalog.manifest.partitions.length} partitions; written in ${(writeMs / 1000).toFixed(1)} s (${((bars / writeMs) * 1000 / 1e6).toFixed(2)} M bars/s, fsync per file)`);

  const rule = { kind: 'days_before_expiry', days: 5 } as const;
  const query = { dataset: 'GLBX.MDP3', schema: 'ohlcv-1m', symbol: 'ES.c.0' };
  let stitched: BarSeries | undefined;
  const whole = median(() => {
    stitched = stitchContinuous(BarCatalog.open(catalogDir).continuous(query).contracts, rule, { adjust: 'ratio', symbol: 'ES' }).series;
    return stitched.length;
  });
  const lastYear = { startTs: end - 365 * DAY_MS, endTs: end };
  const oneYear = median(() => stitchContinuous(BarCatalog.open(catalogDir).continuous({ ...query, ...lastYear }).contracts, rule, { adjust: 'ratio', symbol: 'ES' }).series.length);
  const arrow = join(dir, 'es.arrow');
  writeArrowBars(arrow, stitched as BarSeries);
  const baseline = median(() => readArrowBars(arrow).length);
  const row = (label: string, m: { ms: number; result: number }): string =>
    `${label.padEnd(52)} ${m.result.toLocaleString('en-US').padStart(11)} ${m.ms.toFixed(0).padStart(7)} ms ${((m.result / m.ms) * 1000 / 1e6).toFixed(1).padStart(6)} M bars/s`;
  console.log(`${'case'.padEnd(52)} ${'bars'.padStart(11)} ${'median'.padStart(10)} ${'rate'.padStart(13)}`);
  console.log(row('baseline: the stitched series from one Arrow file', baseline));
  console.log(row(`catalog: ES.c.0, all ${years} years (read + stitch + ratio adjust)`, whole));
  console.log(row('catalog: ES.c.0, last year only (months needed)', oneYear));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
