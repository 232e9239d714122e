import { RooneyError } from '@rooney/core';
import type { Trade } from '@rooney/core';
import type { MarketData } from '../backtest/market-data.ts';
import { buildStrategies, runBacktestJob } from '../backtest/run-backtest-job.ts';
import type { RooneyConfig } from '../config/schema.ts';
import { applyCombination } from './apply-params.ts';
import type { GridDimension } from './grid.ts';
import { strategyMetrics, sweepMetrics } from './sweep-metrics.ts';
import type { StrategyMetrics, SweepMetrics } from './sweep-metrics.ts';

/** What a sweep runs besides the data: the base config, the symbols and the grid (structured-clonable). */
export interface SweepSetup {
  readonly config: RooneyConfig;
  /** `--symbols`. */
  readonly symbols?: readonly string[];
  readonly dimensions: readonly GridDimension[];
}

/** One backtest of a sweep: a combination over a time window. */
export interface SweepTask {
  /** Position of the task in its list (results come back in this order). */
  readonly id: number;
  /** Value index per dimension. */
  readonly valueIndices: readonly number[];
  /** Inclusive window, epoch ms. */
  readonly startTs?: number;
  readonly endTs?: number;
  /** Also return the trades and the full equity series (walk-forward out-of-sample runs). */
  readonly detail?: boolean;
}

/** A time series as plain typed arrays. */
export interface SweepSeries {
  readonly ts: Float64Array;
  readonly value: Float64Array;
}

export interface SweepTaskResult {
  readonly id: number;
  readonly metrics: SweepMetrics;
  readonly strategies: Readonly<Record<string, StrategyMetrics>>;
  /** Equity at each session close. */
  readonly daily: SweepSeries;
  readonly detail?: { readonly trades: readonly Trade[]; readonly equity: SweepSeries };
}

/** Runs one combination with `runBacktestJob`. */
export function runSweepTask(setup: SweepSetup, data: MarketData, task: SweepTask): SweepTaskResult {
  const config = applyCombination(setup.config, setup.dimensions, task.valueIndices);
  const job = runBacktestJob({
    config,
    data,
    ...(setup.symbols !== undefined ? { symbols: setup.symbols } : {}),
    ...(task.startTs !== undefined ? { startTs: task.startTs } : {}),
    ...(task.endTs !== undefined ? { endTs: task.endTs } : {}),
  });
  const { result, performance } = job;
  return {
    id: task.id,
    metrics: sweepMetrics(performance),
    strategies: strategyMetrics(performance, config.strategies.map((s) => s.name)),
    daily: { ts: result.daily.ts, value: result.daily.value },
    ...(task.detail === true ? { detail: { trades: result.trades, equity: { ts: result.equity.ts, value: result.equity.value } } } : {}),
  };
}

/**
 * Builds the strategies of enough combinations that every value of every dimension is used once,
 * so a bad parameter fails before any work is spread over threads.
 */
export function checkCombinations(setup: SweepSetup, data: MarketData): void {
  const longest = Math.max(...setup.dimensions.map((d) => d.values.length));
  for (let v = 0; v < longest; v++) {
    const indices = setup.dimensions.map((d) => Math.min(v, d.values.length - 1));
    const config = applyCombination(setup.config, setup.dimensions, indices);
    try {
      buildStrategies(config, data, setup.symbols !== undefined ? { only: setup.symbols } : {});
    } catch (error) {
      if (!(error instanceof RooneyError)) throw error;
      const values = setup.dimensions.map((d, k) => `${d.name}=${JSON.stringify(d.values[indices[k]])}`).join(', ');
      throw new RooneyError(error.code, `${error.message} (with ${values})`);
    }
  }
}
