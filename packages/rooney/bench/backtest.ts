/**
 * End-to-end backtest throughput on the built-in dataset (18 futures, one year of 1-minute bars,
 * about 6.5 million bars): load from Arrow + consolidate to hourly and daily + IBS + broker, in bars
 * per second, next to a plain loop computing IBS over the same arrays. Each case runs in its own
 * process so its peak memory is its own. Run: `pnpm bench` (BENCH_ONLY=backtest for this one),
 * or `node --conditions=source --import tsx packages/rooney/bench/backtest.ts`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resourceUsage } from 'node:process';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SESSION, runBacktest } from '@rooney/core';
import type { BarArrays } from '@rooney/core';
import { BUILTIN_SYMBOLS, consolidateBars, generateSyntheticDataset, readArrowBars, writeArrowBars } from '@rooney/data';
import { IbsStrategy, parseIbsFilters } from '@rooney/strategies';

const days = Number(process.env.BENCH_DAYS ?? 365);
const dir = resolve(process.env.ROONEY_CACHE ?? '.rooney-cache', `bench-${days}d`);
const SYMBOLS = [...BUILTIN_SYMBOLS, 'TLT'];

interface CaseResult {
  readonly name: string;
  readonly bars: number;
  readonly seconds: number;
  /** The engine run alone (series already loaded and consolidated), like-for-like with the plain loop. */
  readonly engineSeconds: number;
  readonly trades: number;
  readonly peakMb: number;
}

const CASES: Record<string, string> = {
  plain: 'plain loop computing IBS over the same arrays (after loading them)',
  hour: 'IBS on hourly bars of the 1-minute data',
  'hour-features': 'IBS hourly, 40-feature snapshot + 6 filters',
  minute: 'IBS on every 1-minute bar (≈ 1M trades: broker-bound)',
};

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

function ensureDataset(): void {
  if (SYMBOLS.every((s) => existsSync(join(dir, `${s}.arrow`)))) return;
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const data = generateSyntheticDataset({ symbols: SYMBOLS, days, seed: 1 });
  for (const [symbol, bars] of data) writeArrowBars(join(dir, `${symbol}.arrow`), bars);
  console.log(`generated the dataset in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

function plainIbs(series: readonly BarArrays[]): number {
  let signals = 0;
  for (const s of series) {
    const { high, low, close } = s;
    for (let i = 0; i < s.length; i++) {
      const range = high[i] - low[i];
      const ibs = range > 0 ? (close[i] - low[i]) / range : 0.5;
      if (ibs < 0.2) signals++;
    }
  }
  return signals;
}

/** One case, timed from the first Arrow read to the last fill. */
function runCase(name: string): CaseResult {
  const started = performance.now();
  const minutes = BUILTIN_SYMBOLS.map((symbol) => readArrowBars(join(dir, `${symbol}.arrow`)));
  const bars = minutes.reduce((sum, m) => sum + m.length, 0);
  if (name === 'plain') {
    const loopStart = performance.now();
    let signals = 0;
    for (let r = 0; r < 5; r++) signals += plainIbs(minutes);
    const seconds = (performance.now() - loopStart) / 1000 / 5;
    return { name, bars, seconds, engineSeconds: seconds, trades: signals / 5, peakMb: resourceUsage().maxRSS / 1024 };
  }
  const series: BarArrays[] = [];
  for (const m of minutes) {
    series.push(m, consolidateBars(m, 3_600_000, { session: DEFAULT_SESSION }), consolidateBars(m, 86_400_000, { session: DEFAULT_SESSION }));
  }
  const withFeatures = name === 'hour-features';
  if (withFeatures) series.push(readArrowBars(join(dir, 'TLT.arrow')));
  const available = Object.fromEntries(series.map((s) => [s.symbol, s.symbol === 'TLT' ? 86_400_000 : 60_000]));
  const strategy = new IbsStrategy('ibs', [...BUILTIN_SYMBOLS], {
    params: { timeframe: name === 'minute' ? 'minute' : 'hour', maxBarsInTrade: 5, ...(withFeatures ? { filters: FILTERS } : {}) },
    ...(withFeatures ? { recordSignals: true, available } : {}),
  });
  const engineStart = performance.now();
  const result = runBacktest({ series, strategies: [strategy], startingCash: 1_000_000 });
  const ended = performance.now();
  return {
    name,
    bars,
    seconds: (ended - started) / 1000,
    engineSeconds: (ended - engineStart) / 1000,
    trades: result.trades.length,
    peakMb: resourceUsage().maxRSS / 1024,
  };
}

const only = process.argv.indexOf('--case');
if (only >= 0) {
  const name = process.argv[only + 1];
  runCase(name); // warm-up run in the same process
  console.log(JSON.stringify(runCase(name)));
} else {
  ensureDataset();
  const self = fileURLToPath(import.meta.url);
  const results: CaseResult[] = [];
  for (const name of Object.keys(CASES)) {
    const child = spawnSync(process.execPath, [...process.execArgv, self, '--case', name], { encoding: 'utf8', env: process.env });
    if (child.status !== 0) {
      console.error(child.stderr);
      process.exit(1);
    }
    results.push(JSON.parse(child.stdout.trim().split('\n').pop() as string) as CaseResult);
  }
  const plain = results.find((r) => r.name === 'plain') as CaseResult;
  console.log(`\nBacktest throughput — ${plain.bars.toLocaleString('en-US')} 1-minute bars, 18 instruments, ${days} days (synthetic built-in data)`);
  console.log(
    '| case | M bars/s end to end | seconds end to end | engine alone, s | engine ÷ plain loop | trades | peak RSS MB |\n|---|---:|---:|---:|---:|---:|---:|',
  );
  for (const r of results) {
    console.log(
      `| ${CASES[r.name]} | ${(r.bars / r.seconds / 1e6).toFixed(2)} | ${r.seconds.toFixed(2)} | ${r.engineSeconds.toFixed(2)} | ${(r.engineSeconds / plain.seconds).toFixed(1)} | ${r.name === 'plain' ? '-' : r.trades} | ${r.peakMb.toFixed(0)} |`,
    );
  }
  console.log('(each case in its own process, timed from the first Arrow read, after one warm-up run; peak RSS includes the warm-up)');
}
