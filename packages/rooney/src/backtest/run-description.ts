import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RooneyError } from '@rooney/core';
import { SYNTHETIC_DATASET_VERSION, loadBarsFile } from '@rooney/data';
import { uplotAssets } from '@rooney/report';
import type { BenchmarkSeries, RunDescription, StrategyDescription } from '@rooney/report';
import { createStrategy, mergeParams } from '@rooney/strategies';
import type { RawParams } from '@rooney/strategies';
import type { RooneyConfig } from '../config/schema.ts';
import { fileSha256 } from './file-hash.ts';
import type { MarketData } from './market-data.ts';
import { sessionOf } from './market-data.ts';
import type { BacktestJobResult } from './run-backtest-job.ts';
import { weightedParams } from './run-backtest-job.ts';

/** Version of the `rooney` package that is running (from its package.json). */
export function rooneyVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'rooney' && manifest.version !== undefined) return manifest.version;
    }
    dir = dirname(dir);
  }
  return 'unknown';
}

/** Each strategy instance that ran, with its effective parameters and per-symbol overrides. */
function strategyDescriptions(config: RooneyConfig, job: BacktestJobResult): StrategyDescription[] {
  const out: StrategyDescription[] = [];
  config.strategies.forEach((instance, i) => {
    const strategy = job.strategies.find((s) => s.name === instance.name);
    if (strategy === undefined) return;
    const configured = weightedParams(instance, `strategies[${i}]`);
    const resolved = (strategy as { params?: unknown }).params;
    const params = resolved !== null && typeof resolved === 'object' ? (resolved as Record<string, unknown>) : configured;
    const symbols = [...new Set(strategy.subscriptions().filter((s) => (s.role ?? 'trade') === 'trade').map((s) => s.symbol))];
    const symbolParams: Record<string, Record<string, unknown>> = {};
    for (const [symbol, contract] of Object.entries(config.contracts)) {
      const override = contract.strategy_overrides?.[instance.name];
      if (override === undefined || !symbols.includes(symbol)) continue;
      const merged = mergeParams(configured as RawParams, override as RawParams);
      // The symbol's parameters as the strategy resolves them (defaults filled in), when it exposes them.
      const resolvedForSymbol = (createStrategy({ ...instance, symbols: [symbol], params: merged }, `contracts.${symbol}.strategy_overrides.${instance.name}`) as { params?: unknown }).params;
      symbolParams[symbol] = resolvedForSymbol !== null && typeof resolvedForSymbol === 'object' && params !== configured ? (resolvedForSymbol as Record<string, unknown>) : (merged as Record<string, unknown>);
    }
    out.push({
      name: instance.name,
      ...(instance.type !== undefined ? { type: instance.type } : {}),
      symbols,
      params,
      ...(Object.keys(symbolParams).length > 0 ? { symbolParams } : {}),
      weight: instance.weight,
    });
  });
  return out;
}

/** Paths shown relative to the working directory when they are inside it. */
function displayPath(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}

/** How a backtest was run: parameters, costs, data files with hashes, seed, versions. */
export function runDescription(
  config: RooneyConfig,
  data: MarketData,
  job: BacktestJobResult,
  options: { readonly configPath?: string; readonly configHash: string; readonly start?: string; readonly end?: string },
): RunDescription {
  const builtin = data.source === 'builtin';
  return {
    strategies: strategyDescriptions(config, job),
    slippageTicks: config.slippage_ticks,
    marginCheck: config.margin_check,
    dataset: data.label,
    dataFiles: (data.files ?? []).map((file) => ({ symbol: file.symbol, path: displayPath(file.path), ...fileSha256(file.path) })),
    seed: builtin ? config.data.builtin.seed : null,
    ...(options.configPath !== undefined ? { configPath: displayPath(resolve(options.configPath)) } : {}),
    configHash: options.configHash,
    ...(options.start !== undefined || options.end !== undefined
      ? {
          window: {
            ...(options.start !== undefined ? { start: options.start, warmupDays: config.data.warmup_days } : {}),
            ...(options.end !== undefined ? { end: options.end } : {}),
          },
        }
      : {}),
    versions: { rooney: rooneyVersion(), node: process.version, uPlot: uplotAssets().version },
    settings: {
      ...(builtin
        ? { 'synthetic dataset': `version ${SYNTHETIC_DATASET_VERSION}, ${config.data.builtin.days} days from ${config.data.builtin.start}, seed ${config.data.builtin.seed}` }
        : {}),
      'bad rows': config.data.on_bad_row,
      ...(config.portfolio !== undefined && config.portfolio.enabled
        ? { 'portfolio coordinator': `max ${config.portfolio.max_positions} positions, daily stop ${config.portfolio.daily_stop}, adds ${config.portfolio.allow_adds ? 'allowed' : 'not allowed'}` }
        : {}),
      ...(config.ml?.enabled === true ? { 'ML veto': `on${config.ml.walk_forward ? ' (walk-forward models)' : ''}${config.ml.threshold_override !== undefined ? `, threshold ${config.ml.threshold_override}` : ''}` } : {}),
    },
  };
}

/**
 * The benchmark `report.benchmark` names: `undefined` for buy-and-hold of the traded instruments
 * (the default), `null` for none, else a loaded symbol's closes or a bar file's (path relative to
 * the config). An unknown name that is no file is an error naming the key.
 */
export function benchmarkFor(config: RooneyConfig, data: MarketData, baseDir: string): BenchmarkSeries | null | undefined {
  const name = config.report?.benchmark ?? 'buy_and_hold';
  if (name === 'buy_and_hold') return undefined;
  if (name === 'none') return null;
  const loaded = data.series.get(name);
  if (loaded !== undefined) return { name, ts: loaded.ts, value: loaded.close };
  const path = isAbsolute(name) ? name : resolve(baseDir, name);
  if (!existsSync(path)) {
    throw new RooneyError(
      'bad_config',
      `report.benchmark: "${name}" is not buy_and_hold, none, a loaded symbol (${[...data.series.keys()].join(', ')}) or an existing file`,
      { field: 'report.benchmark' },
    );
  }
  const file = loadBarsFile(path, { session: sessionOf(config), timeZone: config.data.timezone });
  return { name: `${file.series.symbol} (${basename(path)})`, ts: file.series.ts, value: file.series.close };
}
