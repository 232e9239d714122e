import { RooneyError, contractSpec, runBacktest } from '@rooney/core';
import type { BacktestResult, ContractSpec, HeldContract, Strategy } from '@rooney/core';
import type { BarSeries } from '@rooney/data';
import { PortfolioCoordinator, computePerformance } from '@rooney/portfolio';
import type { PerformanceReport } from '@rooney/portfolio';
import { DEFAULT_PAIRS, createStrategy } from '@rooney/strategies';
import type { RawParams, SignalScorer } from '@rooney/strategies';
import type { RooneyConfig, StrategyInstanceConfig } from '../config/schema.ts';
import type { MarketData } from './market-data.ts';
import { contractSessionOf, sessionOf } from './market-data.ts';
import { prepareSeries } from './prepare-series.ts';

export interface BacktestJob {
  readonly config: RooneyConfig;
  readonly data: MarketData;
  /** Restrict trading to these symbols (`--symbols`). */
  readonly symbols?: readonly string[];
  /** Inclusive time window, epoch ms (`--start`, `--end`). */
  readonly startTs?: number;
  readonly endTs?: number;
  readonly onProgress?: (fraction: number) => void;
  /** Keep every signal's feature snapshot (for `--features` and `rooney extract`). */
  readonly recordSignals?: boolean;
  /** ML veto scorers by strategy name, then symbol. */
  readonly scorers?: ReadonlyMap<string, ReadonlyMap<string, SignalScorer>>;
}

export interface BacktestJobResult {
  readonly result: BacktestResult;
  readonly performance: PerformanceReport;
  readonly strategies: readonly Strategy[];
  readonly contracts: Readonly<Record<string, ContractSpec>>;
  /** Symbols the strategies trade (reference series such as TLT are not counted). */
  readonly symbols: readonly string[];
  /** The portfolio coordinator, when the config enables one. */
  readonly coordinator?: PortfolioCoordinator;
}

/** Contract specs for `symbols`: defaults with the config's overrides applied. */
export function contractsFor(config: RooneyConfig, symbols: Iterable<string>): Record<string, ContractSpec> {
  const out: Record<string, ContractSpec> = {};
  for (const symbol of symbols) {
    const o = config.contracts[symbol] ?? {};
    out[symbol] = contractSpec(symbol, {
      ...(o.multiplier !== undefined ? { multiplier: o.multiplier } : {}),
      ...(o.tick_size !== undefined ? { tickSize: o.tick_size } : {}),
      ...(o.commission !== undefined ? { commission: o.commission } : {}),
      ...(o.margin !== undefined ? { margin: o.margin } : {}),
      ...(o.currency !== undefined ? { currency: o.currency } : {}),
      ...(o.time_zone !== undefined ? { timeZone: o.time_zone } : {}),
      ...(o.session_start !== undefined || o.session_timezone !== undefined ? { session: contractSessionOf(config, symbol) } : {}),
    });
  }
  return out;
}

/** The portfolio coordinator a config asks for (`portfolio:` present and enabled), shared by backtests and live runs. */
export function coordinatorFor(config: RooneyConfig): PortfolioCoordinator | undefined {
  const portfolio = config.portfolio;
  if (portfolio === undefined || !portfolio.enabled) return undefined;
  return new PortfolioCoordinator({ maxPositions: portfolio.max_positions, dailyStopLoss: portfolio.daily_stop, allowAdds: portfolio.allow_adds });
}

/** Per-symbol overrides of one strategy instance, from `contracts.<SYM>.strategy_overrides.<name>`. */
function symbolOverrides(config: RooneyConfig, strategyName: string): Record<string, RawParams> {
  const out: Record<string, RawParams> = {};
  for (const [symbol, contract] of Object.entries(config.contracts)) {
    const override = contract.strategy_overrides?.[strategyName];
    if (override === undefined) continue;
    if (override === null || typeof override !== 'object' || Array.isArray(override)) {
      throw new RooneyError('bad_config', `contracts.${symbol}.strategy_overrides.${strategyName}: must be a mapping of params`, {
        field: `contracts.${symbol}.strategy_overrides.${strategyName}`,
      });
    }
    out[symbol] = override as RawParams;
  }
  return out;
}

/**
 * Checks every strategy instance's params before any data is loaded (fail fast on a typo):
 * builds each strategy once on a placeholder symbol and discards it.
 */
export function validateStrategyParams(config: RooneyConfig): void {
  config.strategies.forEach((instance, i) => {
    if (instance.weight === 0) return;
    const symbols = instance.symbols.filter((s) => s !== '*');
    createStrategy({ ...instance, params: weightedParams(instance, `strategies[${i}]`), symbols: symbols.length > 0 ? symbols : ['ES'] }, `strategies[${i}]`);
  });
}

export interface BuildStrategyOptions {
  readonly only?: readonly string[];
  readonly recordSignals?: boolean;
  readonly scorers?: ReadonlyMap<string, ReadonlyMap<string, SignalScorer>>;
}

/**
 * Params with the instance's `weight` applied to its position size: `size` (default 1) × weight,
 * rounded to whole contracts. A weight that rounds a size to zero contracts is an error naming the
 * key (use `weight: 0` to switch an instance off).
 */
export function weightedParams(instance: StrategyInstanceConfig, path: string): Record<string, unknown> {
  if (instance.weight === 1) return instance.params;
  const size = instance.params.size ?? 1;
  if (typeof size !== 'number') return instance.params; // the strategy's own parser reports it
  const weighted = Math.round(size * instance.weight);
  if (weighted < 1) {
    throw new RooneyError('bad_config', `${path}.weight: ${instance.weight} × size ${size} rounds to ${weighted} contracts (use weight 0 to switch the strategy off)`, {
      field: `${path}.weight`,
    });
  }
  return { ...instance.params, size: weighted };
}

/** Builds the config's strategies, resolving `symbols: ['*']` to the tradable symbols; `weight: 0` instances are left out. */
export function buildStrategies(config: RooneyConfig, data: MarketData, options: BuildStrategyOptions = {}): Strategy[] {
  const available: Record<string, number> = {};
  for (const [symbol, bars] of data.series) available[symbol] = bars.barMs;
  const pairs = { ...DEFAULT_PAIRS, ...config.pairs };
  const strategies: Strategy[] = [];
  config.strategies.forEach((instance, i) => {
    if (instance.weight === 0) return;
    let symbols = instance.symbols.includes('*') ? [...data.tradableSymbols] : [...instance.symbols];
    if (options.only !== undefined) symbols = symbols.filter((symbol) => options.only?.includes(symbol));
    if (symbols.length === 0) {
      throw new RooneyError('no_symbols', `strategies[${i}] (${instance.name}) has no symbol left to trade`);
    }
    const scorers = options.scorers?.get(instance.name);
    strategies.push(createStrategy(
      {
        ...instance,
        params: weightedParams(instance, `strategies[${i}]`),
        symbols,
        environment: {
          available,
          pairs,
          symbolOverrides: symbolOverrides(config, instance.name),
          ...(options.recordSignals !== undefined ? { recordSignals: options.recordSignals } : {}),
          ...(scorers !== undefined ? { scorers } : {}),
        },
      },
      `strategies[${i}]`,
    ));
  });
  if (strategies.length === 0) throw new RooneyError('no_strategies', 'every strategy has weight 0: nothing to run');
  return strategies;
}

/** Restricts every series to the inclusive window. */
function window(series: ReadonlyMap<string, BarSeries>, startTs?: number, endTs?: number): Map<string, BarSeries> {
  const out = new Map<string, BarSeries>();
  for (const [symbol, bars] of series) out.set(symbol, bars.between(startTs, endTs));
  return out;
}

/**
 * The held contracts of the continuous symbols among `symbols`, windowed like the data: the contracts' own
 * prices for fills and PnL, the adjustment and the rolls.
 */
function heldContractsOf(data: MarketData, symbols: readonly string[], startTs?: number, endTs?: number): Record<string, HeldContract> {
  const out: Record<string, HeldContract> = {};
  for (const [symbol, held] of Object.entries(data.held ?? {})) {
    if (!symbols.includes(symbol)) continue;
    out[symbol] = { prices: held.prices.between(startTs, endTs), adjustment: held.adjustment, rolls: data.rolls[symbol] ?? [] };
  }
  return out;
}

/** Runs the config's strategies over the data and measures the result. */
export function runBacktestJob(job: BacktestJob): BacktestJobResult {
  const { config, data } = job;
  if (job.symbols !== undefined) {
    const unknown = job.symbols.filter((symbol) => !data.series.has(symbol));
    if (unknown.length > 0) {
      throw new RooneyError('unknown_symbol', `--symbols: no data for ${unknown.join(', ')} (have ${[...data.series.keys()].join(', ')})`);
    }
  }
  const session = sessionOf(config);
  const strategies = buildStrategies(config, data, {
    ...(job.symbols !== undefined ? { only: job.symbols } : {}),
    ...(job.recordSignals !== undefined ? { recordSignals: job.recordSignals } : {}),
    ...(job.scorers !== undefined ? { scorers: job.scorers } : {}),
  });
  // Bars from `warmup_days` before the start warm indicators up; trading starts at the start.
  const warmupStart = job.startTs === undefined ? undefined : job.startTs - config.data.warmup_days * 86_400_000;
  const loaded = window(data.series, warmupStart, job.endTs);
  const series = prepareSeries(loaded, strategies, session, (symbol) => contractSessionOf(config, symbol));
  const traded = new Set<string>();
  for (const strategy of strategies) {
    for (const subscription of strategy.subscriptions()) if ((subscription.role ?? 'trade') === 'trade') traded.add(subscription.symbol);
  }
  const symbols = [...new Set(series.map((s) => s.symbol))].filter((symbol) => traded.has(symbol));
  const allSymbols = [...new Set(series.map((s) => s.symbol))];
  const contracts = contractsFor(config, allSymbols);
  const heldContracts = heldContractsOf(data, allSymbols, warmupStart, job.endTs);
  const coordinator = coordinatorFor(config);
  const result = runBacktest({
    series,
    strategies,
    startingCash: config.starting_cash,
    contracts,
    slippageTicks: config.slippage_ticks,
    marginCheck: config.margin_check,
    session,
    heldContracts,
    ...(job.startTs !== undefined ? { tradeStartTs: job.startTs } : {}),
    ...(coordinator !== undefined ? { gate: coordinator } : {}),
    ...(job.onProgress !== undefined ? { onProgress: job.onProgress } : {}),
  });
  const performance = computePerformance({
    startingCash: config.starting_cash,
    equity: result.equity,
    daily: result.daily,
    trades: result.trades,
    session,
  });
  return { result, performance, strategies, contracts, symbols, ...(coordinator !== undefined ? { coordinator } : {}) };
}
