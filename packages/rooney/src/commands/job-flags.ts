import { dirname, resolve } from 'node:path';
import { RooneyError } from '@rooney/core';
import type { Command } from 'commander';
import { loadConfigFile, validateConfig } from '../config/load-config.ts';
import type { RooneyConfig } from '../config/schema.ts';
import { loadMarketData, sessionOf } from '../backtest/market-data.ts';
import type { MarketData } from '../backtest/market-data.ts';
import { validateStrategyParams } from '../backtest/run-backtest-job.ts';
import type { BacktestJob } from '../backtest/run-backtest-job.ts';
import { defaultCacheDir } from '../cache/cache-dir.ts';
import { collect, parseIntegerOption } from '../cli-support.ts';

/** The options every command that runs strategies over data shares. */
export interface JobFlags {
  data?: string[];
  config?: string;
  symbols?: string;
  start?: string;
  end?: string;
  seed?: string;
  cacheDir?: string;
  onBadRow?: string;
}

/** Adds `--data --config --symbols --start --end --seed --cache-dir` to a command. */
export function addJobOptions(command: Command): Command {
  return command
    .option('--data <path>', 'data file, or SYMBOL=PATH (repeatable)', collect)
    .option('--config <file>', 'YAML config')
    .option('--symbols <list>', 'comma-separated symbols to trade, e.g. ES,NQ')
    .option('--start <date>', 'first day (YYYY-MM-DD, UTC)')
    .option('--end <date>', 'last day, inclusive (YYYY-MM-DD, UTC)')
    .option('--seed <n>', 'seed of the built-in synthetic dataset')
    .option('--cache-dir <dir>', 'where the generated built-in dataset is cached (default $ROONEY_CACHE, else $XDG_CACHE_HOME/rooney, else ~/.cache/rooney; see `rooney cache info`)')
    .option('--on-bad-row <mode>', 'error (default) or skip: skip bad rows of data files, reporting how many and the first ones');
}

/** Parses `YYYY-MM-DD` (start of that UTC day, or its last ms with `endOfDay`) or a full ISO time. */
export function parseDateFlag(flag: string, text: string, endOfDay: boolean): number {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const ts = Date.parse(dateOnly ? `${text}T00:00:00Z` : text);
  if (!Number.isFinite(ts)) throw new RooneyError('bad_option', `${flag} must be a date like 2023-06-30, was "${text}"`);
  return dateOnly && endOfDay ? ts + 86_400_000 - 1 : ts;
}

/** Loads the config (or the defaults) and applies `--seed`. */
export function resolveConfig(flags: { config?: string; seed?: string }): { config: RooneyConfig; baseDir: string } {
  const config = flags.config !== undefined ? loadConfigFile(resolve(flags.config)) : validateConfig({});
  const baseDir = flags.config !== undefined ? dirname(resolve(flags.config)) : process.cwd();
  if (flags.seed !== undefined) {
    const seed = parseIntegerOption('--seed', flags.seed);
    return { config: { ...config, data: { ...config.data, builtin: { ...config.data.builtin, seed } } }, baseDir };
  }
  return { config, baseDir };
}

/** A job ready to run: the config, where its paths are relative to, the data and the window. */
export interface PreparedJob {
  readonly config: RooneyConfig;
  readonly baseDir: string;
  readonly data: MarketData;
  readonly job: BacktestJob;
}

/** Reads the config, checks strategy params, loads the data and applies the flags. */
export function prepareJob(flags: JobFlags): PreparedJob {
  const resolved = resolveConfig(flags);
  const { baseDir } = resolved;
  let config = resolved.config;
  if (flags.onBadRow !== undefined) {
    if (flags.onBadRow !== 'error' && flags.onBadRow !== 'skip') {
      throw new RooneyError('bad_option', `--on-bad-row must be error or skip, was "${flags.onBadRow}"`);
    }
    config = { ...config, data: { ...config.data, on_bad_row: flags.onBadRow } };
  }
  validateStrategyParams(config);
  const startText = flags.start ?? config.data.start;
  const endText = flags.end ?? config.data.end;
  const startTs = startText !== undefined ? parseDateFlag('--start', startText, false) : undefined;
  const endTs = endText !== undefined ? parseDateFlag('--end', endText, true) : undefined;
  const data = loadMarketData({
    config,
    baseDir,
    dataFlags: flags.data ?? [],
    cacheDir: defaultCacheDir(flags.cacheDir),
    session: sessionOf(config),
    onNotice: (message) => process.stderr.write(`rooney: ${message}\n`),
    ...(startTs !== undefined ? { startTs } : {}),
    ...(endTs !== undefined ? { endTs } : {}),
  });
  const skipped = Object.entries(data.skippedRows);
  if (skipped.length > 0) {
    process.stderr.write(
      `rooney: skipped bad rows: ${skipped.map(([symbol, n]) => `${symbol} ${n}`).join(', ')}; first ones:\n${(data.skippedExamples ?? []).map((line) => `  ${line}`).join('\n')}\n`,
    );
  }
  const job: BacktestJob = {
    config,
    data,
    ...(flags.symbols !== undefined ? { symbols: flags.symbols.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
    ...(startTs !== undefined ? { startTs } : {}),
    ...(endTs !== undefined ? { endTs } : {}),
  };
  return { config, baseDir, data, job };
}
