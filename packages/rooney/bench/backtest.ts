/**
 * End-to-end backtest throughput on the built-in dataset (18 futures, one year of 1-minute bars):
 * load from Arrow + consolidate to hourly and daily + IBS + broker, in bars per second, next to a
 * plain loop computing IBS over the same arrays. Run: `pnpm bench` (or this file alone with
 * `node --conditions=source --import tsx packages/rooney/bench/backtest.ts`).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resourceUsage } from 'node:process';
import { DEFAULT_SESSION, runBacktest } from '@rooney/core';
import type { BarArrays } from '@rooney/core';
import {
  BUILTIN_SYMBOLS,
  consolidateBars,
  generateSyntheticDataset,
  readArrowBars,
  writeArrowBars,
} from '@rooney/data';
import { IbsStrategy, parseIbsFilters } from '@rooney/strategies';

const days = Number(process.env.BENCH_DAYS ?? 365);
const dir = resolve(process.env.ROONEY_CACHE ?? '.rooney-cache', `bench-${days}d`);

function ensureDataset(): void {
  if ([...BUILTIN_SYMBOLS, 'TLT'].every((s) => existsSync(join(dir, `${s}.arrow`)))) return;
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const data = generateSyntheticDataset({ symbols: [...BUILTIN_SYMBOLS, 'TLT'], days, seed: 1 });
  for (const [symbol, bars] of data) writeArrowBars(join(dir, `${symbol}.arrow`), bars);
  console.log(`generated the dataset in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

function plainIbsLoop(series: readonly BarArrays[]): { bars: number; checksum: number } {
  let bars = 0;
  let checksum = 0;
  for (const s of series) {
    const { high, low, close } = s;
    for (let i = 0; i < s.length; i++) {
      const range = high[i] - low[i];
      const ibs = range > 0 ? (close[i] - low[i]) / range : 0.5;
      if (ibs < 0.2) checksum++;
    }
    bars += s.length;
  }
  return { bars, checksum };
}

const FILTERS = parseIbsFilters(
  {
    time_of_day: { enabled: true, skip: ['21:00-23:00'] },
    volatility: { enabled: true },
    trend: { enabled: true },
    pair_ibs: { enabled: true },
    momentum: { enabled: true },
    tlt_regime: { enabled: true },
  },
  'filters',
);

function endToEnd(timeframe: 'minute' | 'hour', withFeatures = false): { bars: number; seconds: number; trades: number } {
  const started = performance.now();
  const minutes = BUILTIN_SYMBOLS.map((symbol) => readArrowBars(join(dir, `${symbol}.arrow`)));
  const series: BarArrays[] = [];
  for (const m of minutes) {
    series.push(m, consolidateBars(m, 3_600_000, { session: DEFAULT_SESSION }), consolidateBars(m, 86_400_000, { session: DEFAULT_SESSION }));
  }
  if (withFeatures) series.push(readArrowBars(join(dir, 'TLT.arrow')));
  const available: Record<string, number> = Object.fromEntries(series.map((s) => [s.symbol, s.barMs === 86_400_000 && s.symbol === 'TLT' ? s.barMs : 60_000]));
  const strategy = new IbsStrategy('ibs', [...BUILTIN_SYMBOLS], {
    params: { timeframe, maxBarsInTrade: 5, ...(withFeatures ? { filters: FILTERS } : {}) },
    ...(withFeatures ? { recordSignals: true, available } : {}),
  });
  const result = runBacktest({ series, strategies: [strategy], startingCash: 1_000_000 });
  const seconds = (performance.now() - started) / 1000;
  const bars = minutes.reduce((sum, m) => sum + m.length, 0);
  return { bars, seconds, trades: result.trades.length };
}

ensureDataset();
const minutes = BUILTIN_SYMBOLS.map((symbol) => readArrowBars(join(dir, `${symbol}.arrow`)));
const loopStart = performance.now();
let plain = plainIbsLoop(minutes);
for (let r = 0; r < 4; r++) plain = plainIbsLoop(minutes);
const loopSeconds = (performance.now() - loopStart) / 1000 / 5;

const rows: string[][] = [];
for (const [timeframe, withFeatures] of [['minute', false], ['hour', false], ['hour', true], ['minute', true]] as const) {
  endToEnd(timeframe, withFeatures); // warm-up
  const run = endToEnd(timeframe, withFeatures);
  rows.push([
    `IBS on ${timeframe} bars${withFeatures ? ', 40 features + 6 filters' : ''}, end to end (Arrow load + consolidation + engine)`,
    (run.bars / run.seconds / 1e6).toFixed(2),
    run.seconds.toFixed(2),
    String(run.trades),
  ]);
}
rows.push(['plain loop computing IBS over the same arrays', (plain.bars / loopSeconds / 1e6).toFixed(2), loopSeconds.toFixed(3), '-']);
const peakMb = resourceUsage().maxRSS / 1024;
console.log(`\nBacktest throughput — ${plain.bars.toLocaleString('en-US')} 1-minute bars, 18 instruments, ${days} days (synthetic built-in data)`);
console.log('| run | M bars/s | seconds | trades |\n|---|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
console.log(`peak RSS: ${peakMb.toFixed(0)} MB`);
