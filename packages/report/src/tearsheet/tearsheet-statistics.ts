import { DEFAULT_SESSION } from '@rooney/core';
import type { Trade } from '@rooney/core';
import {
  DEFAULT_ROLLING_WINDOW,
  TRADING_DAYS_PER_YEAR,
  benchmarkStatistics,
  compoundAnnualGrowthRate,
  compoundReturns,
  computePerformance,
  equalWeightReturns,
  exposureByPeriod,
  levelReturns,
  rollingBeta,
  rollingSharpe,
  rollingVolatility,
  sharpeRatio,
  simpleReturns,
  summarizeDistribution,
  summarizeDrawdowns,
  tradeStatistics,
  valuesAt,
  worstDrawdowns,
  yearlyReturns,
} from '@rooney/portfolio';
import type {
  BenchmarkStatistics,
  DistributionSummary,
  DrawdownEpisode,
  ExposureSeries,
  PerformanceReport,
  TradeStatistics,
  YearlyReturn,
} from '@rooney/portfolio';
import type { TearsheetInput } from './tearsheet-input.ts';

/** The benchmark's own numbers and its comparison with the strategy, on the strategy's session closes. */
export interface BenchmarkComparison {
  readonly name: string;
  /** The instruments of a buy-and-hold benchmark (equal weight, rebalanced each session); empty for a named series. */
  readonly members: readonly string[];
  /** Benchmark return of each session (NaN where it has no price). */
  readonly returns: Float64Array;
  /** The benchmark grown from the starting cash, at each session close. */
  readonly curve: Float64Array;
  readonly statistics: BenchmarkStatistics;
  /** Beta over the tearsheet's rolling window, per session (NaN before a full window). */
  readonly rollingBeta: Float64Array;
  /** The benchmark's calendar-year returns. */
  readonly yearly: readonly YearlyReturn[];
  readonly totalReturn: number;
  readonly annualisedReturn: number | null;
  readonly sharpe: number | null;
  readonly volatility: number | null;
  readonly maxDrawdownFraction: number;
}

/** Every number the tearsheet shows, for a notebook to use directly. */
export interface TearsheetStatistics {
  readonly performance: PerformanceReport;
  /** Session closes (the grid of every daily statistic). */
  readonly sessionTs: Float64Array;
  /** Return of each session, the first from the starting cash. */
  readonly dailyReturns: Float64Array;
  /** Annualised volatility: sample std of `dailyReturns` × √252. */
  readonly volatility: number | null;
  /** CAGR / maximum drawdown fraction. */
  readonly calmar: number | null;
  readonly rollingWindow: number;
  readonly rollingSharpe: Float64Array;
  readonly rollingVolatility: Float64Array;
  /** Calendar-year returns (compounded session returns). */
  readonly yearly: readonly YearlyReturn[];
  readonly dailyReturnDistribution: DistributionSummary;
  /** Of the trades' net PnL (currency). */
  readonly tradePnlDistribution: DistributionSummary;
  /** Deepest first, on the full equity path (the deepest is the maximum drawdown). */
  readonly worstDrawdowns: readonly DrawdownEpisode[];
  readonly long: TradeStatistics;
  readonly short: TradeStatistics;
  /** Time in market per session and contracts open at each close. */
  readonly exposure: ExposureSeries;
  /** Cumulative realised net PnL of each traded symbol at each session close (by exit time). */
  readonly symbolPnl: readonly { readonly symbol: string; readonly values: Float64Array }[];
  readonly benchmark?: BenchmarkComparison;
}

/** Instruments traded: the given list, or the symbols of the trades, sorted. */
export function tradedSymbols(input: TearsheetInput): string[] {
  if (input.symbols !== undefined) return [...input.symbols];
  return [...new Set(input.result.trades.map((t) => t.symbol))].sort();
}

function sampleStd(values: ArrayLike<number>): number | null {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) (n++, (sum += values[i]));
  if (n < 2) return null;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) squares += (values[i] - mean) ** 2;
  return Math.sqrt(squares / (n - 1));
}

function finite(values: Float64Array): Float64Array {
  return values.filter((v) => Number.isFinite(v));
}

/** First index of `grid` at or after `ts` (the session close that includes `ts`), clamped to the last. */
export function sessionIndex(grid: Float64Array, ts: number): number {
  let lo = 0;
  let hi = grid.length - 1;
  if (hi < 0) return -1;
  if (ts > grid[hi]) return hi;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (grid[mid] < ts) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function cumulativePnlBySymbol(trades: readonly Trade[], grid: Float64Array, symbols: readonly string[]): { symbol: string; values: Float64Array }[] {
  return symbols.map((symbol) => {
    const increments = new Float64Array(grid.length);
    for (const trade of trades) {
      if (trade.symbol !== symbol) continue;
      const i = sessionIndex(grid, trade.exitTs);
      if (i >= 0) increments[i] += trade.netPnl;
    }
    let sum = 0;
    return { symbol, values: increments.map((v) => (sum += v)) };
  });
}

/** Returns of a level series between the session closes of `grid`, the first from its level at `baseTs` (one pass over the series). */
function returnsOnGrid(series: { readonly ts: Float64Array; readonly value: Float64Array }, grid: Float64Array, baseTs: number): Float64Array {
  const times = new Float64Array(grid.length + 1);
  times[0] = Math.min(baseTs, grid.length > 0 ? grid[0] : baseTs);
  times.set(grid, 1);
  const levels = valuesAt(series, times);
  return levelReturns(levels.subarray(1), levels[0]);
}

function benchmarkComparison(
  input: TearsheetInput,
  grid: Float64Array,
  baseTs: number,
  strategyReturns: Float64Array,
  window: number,
): BenchmarkComparison | undefined {
  const startingCash = input.result.startingCash;
  let name: string;
  let returns: Float64Array;
  let members: string[] = [];
  if (input.benchmark === null) return undefined;
  if (input.benchmark !== undefined) {
    const series = { ts: Float64Array.from(input.benchmark.ts), value: Float64Array.from(input.benchmark.value) };
    name = input.benchmark.name;
    returns = returnsOnGrid(series, grid, baseTs);
  } else {
    const symbols = new Set(tradedSymbols(input));
    const bars = (input.prices ?? []).filter((p) => symbols.has(p.symbol));
    if (bars.length === 0) return undefined;
    const columns = bars.map((p) => returnsOnGrid({ ts: p.ts, value: p.close }, grid, baseTs));
    name =
      bars.length === 1
        ? `buy-and-hold ${bars[0].symbol}`
        : bars.length <= 4
          ? `buy-and-hold ${bars.map((p) => p.symbol).join(', ')}, equal weight`
          : `buy-and-hold of the ${bars.length} traded instruments, equal weight`;
    members = bars.map((p) => p.symbol);
    returns = equalWeightReturns(columns);
  }
  const curve = compoundReturns(returns, startingCash);
  const sessions = grid.length;
  const last = sessions > 0 ? curve[sessions - 1] : startingCash;
  const volatility = sampleStd(returns);
  return {
    name,
    members,
    returns,
    curve,
    statistics: benchmarkStatistics(strategyReturns, returns),
    rollingBeta: window >= 2 ? rollingBeta(strategyReturns, returns, window) : new Float64Array(sessions).fill(Number.NaN),
    yearly: yearlyReturns(grid, returns, input.session ?? DEFAULT_SESSION),
    totalReturn: last / startingCash - 1,
    annualisedReturn: compoundAnnualGrowthRate(startingCash, last, sessions, TRADING_DAYS_PER_YEAR),
    sharpe: sharpeRatio(finite(returns)),
    volatility: volatility === null ? null : volatility * Math.sqrt(TRADING_DAYS_PER_YEAR),
    maxDrawdownFraction: summarizeDrawdowns({ ts: grid, value: curve }, startingCash).maxDrawdownFraction,
  };
}

/** The rolling window a run of `sessions` sessions gets (see {@link TearsheetInput.rollingWindow}). */
export function defaultRollingWindow(sessions: number): number {
  return sessions >= 2 * DEFAULT_ROLLING_WINDOW ? DEFAULT_ROLLING_WINDOW : Math.max(10, Math.floor(sessions / 4));
}

/**
 * Computes everything the tearsheet shows (the metric maths is `@rooney/portfolio`'s; conventions
 * in its JSDoc): daily returns and volatility, rolling Sharpe and volatility, distributions of
 * daily returns and trade PnL, the worst drawdowns, long vs short, exposure and per-symbol PnL
 * over time, and the benchmark comparison.
 */
export function tearsheetStatistics(input: TearsheetInput): TearsheetStatistics {
  const { result } = input;
  const session = input.session ?? DEFAULT_SESSION;
  const performance =
    input.performance ??
    computePerformance({ startingCash: result.startingCash, equity: result.equity, daily: result.daily, trades: result.trades, session });
  const grid = result.daily.ts;
  const dailyReturns = simpleReturns(result.daily.value, result.startingCash);
  const std = sampleStd(dailyReturns);
  const volatility = std === null ? null : std * Math.sqrt(TRADING_DAYS_PER_YEAR);
  const window = input.rollingWindow ?? defaultRollingWindow(dailyReturns.length);
  const confidence = input.confidence ?? 0.95;
  const baseTs = result.equity.ts.length > 0 ? result.equity.ts[0] : grid.length > 0 ? grid[0] : 0;
  const benchmark = benchmarkComparison(input, grid, baseTs, dailyReturns, window);
  const cagr = performance.annualisedReturn;
  return {
    performance,
    sessionTs: grid,
    dailyReturns,
    volatility,
    calmar: cagr !== null && performance.maxDrawdownFraction > 0 ? cagr / performance.maxDrawdownFraction : null,
    rollingWindow: window,
    rollingSharpe: dailyReturns.length >= 2 && window >= 2 ? rollingSharpe(dailyReturns, window) : new Float64Array(dailyReturns.length).fill(Number.NaN),
    rollingVolatility: dailyReturns.length >= 2 && window >= 2 ? rollingVolatility(dailyReturns, window) : new Float64Array(dailyReturns.length).fill(Number.NaN),
    yearly: yearlyReturns(grid, dailyReturns, session),
    dailyReturnDistribution: summarizeDistribution(dailyReturns, confidence),
    tradePnlDistribution: summarizeDistribution(Float64Array.from(result.trades, (t) => t.netPnl), confidence),
    worstDrawdowns: worstDrawdowns(result.equity, result.startingCash, input.worstDrawdownCount ?? 5),
    long: tradeStatistics(
      result.trades.filter((t) => t.direction === 'long'),
      { startTs: performance.startTs, endTs: performance.endTs },
    ),
    short: tradeStatistics(
      result.trades.filter((t) => t.direction === 'short'),
      { startTs: performance.startTs, endTs: performance.endTs },
    ),
    exposure: exposureByPeriod(result.trades, grid, baseTs),
    symbolPnl: cumulativePnlBySymbol(result.trades, grid, tradedSymbols(input)),
    ...(benchmark !== undefined ? { benchmark } : {}),
  };
}
