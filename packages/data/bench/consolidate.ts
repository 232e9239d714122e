/**
 * Consolidation throughput: generated 1-minute bars of 18 symbols (6 million bars in total, a CME
 * week: Sunday 23:00 to Friday 22:00 UTC with the daily 22:00-23:00 halt and random empty
 * minutes) consolidated to hourly and daily bars, next to a plain-loop baseline that only reads
 * every column once (max high, min low, sum volume). Also the streaming consolidator and a
 * continuous-contract stitch.
 *
 *   cd /work/main && node --conditions=source --import tsx packages/data/bench/consolidate.ts [totalBars]
 */
import { DAY_MS, HOUR_MS, MINUTE_MS, Rng } from '@rooney/core';
import type { SessionSpec } from '@rooney/core';
import { BarSeriesBuilder } from '../src/bar-series.ts';
import type { BarSeries } from '../src/bar-series.ts';
import { BarConsolidator, consolidateBars, stitchContinuous } from '../src/consolidate/index.ts';

const totalBars = Number(process.argv[2] ?? 6_000_000);
const symbols = 18;
const runs = 5;
const CHICAGO: SessionSpec = { startMinutes: 17 * 60, timeZone: 'America/Chicago' };

function generate(seed: number, n: number, symbol: string): BarSeries {
  const rng = new Rng(seed);
  const builder = new BarSeriesBuilder(symbol, MINUTE_MS, n);
  let price = 4000;
  let ts = Date.UTC(2022, 0, 2, 23, 0); // a Sunday evening
  while (builder.length < n) {
    ts += MINUTE_MS;
    const weekday = new Date(ts).getUTCDay();
    const minuteOfDay = (ts % DAY_MS) / MINUTE_MS;
    if (weekday === 6 || (weekday === 0 && minuteOfDay <= 23 * 60) || (weekday === 5 && minuteOfDay > 22 * 60)) continue;
    if (minuteOfDay > 22 * 60 && minuteOfDay <= 23 * 60) continue; // daily halt
    if (rng.next() < 0.02) continue; // a minute without trades
    const open = price;
    const close = Math.round((open + rng.normal() * 1.5) * 4) / 4;
    builder.push(ts, open, Math.max(open, close) + 0.25, Math.min(open, close) - 0.25, close, 1 + rng.int(500));
    price = close;
  }
  return builder.build();
}

function baseline(all: readonly BarSeries[]): number {
  let count = 0;
  let high = Number.NEGATIVE_INFINITY;
  let low = Number.POSITIVE_INFINITY;
  let volume = 0;
  let last = 0;
  for (const s of all) {
    for (let i = 0; i < s.length; i++) {
      if (s.high[i] > high) high = s.high[i];
      if (s.low[i] < low) low = s.low[i];
      volume += s.volume[i];
      last = s.close[i] + s.open[i] + s.ts[i];
    }
    count += s.length;
  }
  return count + (high + low + volume + last) * 0;
}

function measure(label: string, inputBars: number, work: () => number): void {
  const times: number[] = [];
  let outputBars = 0;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    outputBars = work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[runs >> 1];
  console.log(
    `${label.padEnd(44)} ${String(outputBars).padStart(9)} ${median.toFixed(1).padStart(9)} ${times[0].toFixed(1).padStart(9)} ${((inputBars / median) * 1e-3).toFixed(1).padStart(10)} ${((median * 1e6) / inputBars).toFixed(2).padStart(8)}`,
  );
}

const perSymbol = Math.ceil(totalBars / symbols);
const started = performance.now();
const all = Array.from({ length: symbols }, (_, k) => generate(k + 1, perSymbol, `S${k}`));
const n = all.reduce((sum, s) => sum + s.length, 0);
console.log(`${n} generated 1-minute bars (${symbols} symbols × ${perSymbol}) in ${(performance.now() - started).toFixed(0)} ms; median and best of ${runs} runs`);
console.log(`${'work'.padEnd(44)} ${'out bars'.padStart(9)} ${'median ms'.padStart(9)} ${'best ms'.padStart(9)} ${'M bars/s'.padStart(10)} ${'ns/bar'.padStart(8)}`);

const sumLengths = (list: readonly BarSeries[]): number => list.reduce((sum, s) => sum + s.length, 0);
measure('baseline loop (read all columns)', n, () => baseline(all));
measure('consolidateBars 1h, 23:00 UTC', n, () => sumLengths(all.map((s) => consolidateBars(s, HOUR_MS))));
measure('consolidateBars 1d, 23:00 UTC', n, () => sumLengths(all.map((s) => consolidateBars(s, DAY_MS))));
measure('consolidateBars 1h + 1d, 23:00 UTC', 2 * n, () =>
  sumLengths(all.flatMap((s) => [consolidateBars(s, HOUR_MS), consolidateBars(s, DAY_MS)])),
);
measure('consolidateBars 1h + 1d, 17:00 Chicago', 2 * n, () =>
  sumLengths(all.flatMap((s) => [consolidateBars(s, HOUR_MS, { session: CHICAGO }), consolidateBars(s, DAY_MS, { session: CHICAGO })])),
);
measure('BarConsolidator 1h streaming, scan each bar', n, () => {
  let emitted = 0;
  for (const s of all) {
    const consolidator = new BarConsolidator(HOUR_MS, {}, () => emitted++);
    for (let i = 0; i < s.length; i++) {
      consolidator.update(s.ts[i], s.open[i], s.high[i], s.low[i], s.close[i], s.volume[i]);
      consolidator.scan(s.ts[i]);
    }
  }
  return emitted;
});
const contracts = all.slice(0, 4).map((series, k) => ({
  symbol: `ES${'HMUZ'[k]}2`,
  expiry: series.ts[Math.floor(((k + 1) * series.length) / 5)],
  series,
}));
measure('stitchContinuous volume, 4 contracts', sumLengths(contracts.map((c) => c.series)), () =>
  stitchContinuous(contracts, { kind: 'volume' }, { adjust: 'ratio' }).series.length,
);
