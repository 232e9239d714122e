import type { BacktestResult, BarArrays, ContractSpec, SessionSpec } from '@rooney/core';
import type { PerformanceReport } from '@rooney/portfolio';
import type { ReportSection, ReportTable } from '../render-report.ts';

/** One strategy instance as it ran: what a reader needs to run it again. */
export interface StrategyDescription {
  readonly name: string;
  /** Implementation (`ibs`, `donchian`, ...), when it differs from the name. */
  readonly type?: string;
  readonly symbols: readonly string[];
  /** Effective parameters (any plain object, nested allowed): defaults filled in, config overrides and weights applied. */
  readonly params: object;
  /** Parameters of the symbols that override them, by symbol (as resolved for that symbol). */
  readonly symbolParams?: Readonly<Record<string, object>>;
  readonly weight?: number;
}

/** A data file the run read, with its content hash so a reader can check they have the same bytes. */
export interface DataFileDescription {
  readonly symbol: string;
  readonly path: string;
  /** SHA-256 of the file's bytes, hex. */
  readonly sha256?: string;
  readonly bytes?: number;
}

/**
 * Everything about a run that is not in its result and is needed to reproduce it. Every field is
 * optional: a notebook fills in what it knows; the CLI fills in all of it.
 */
export interface RunDescription {
  readonly strategies?: readonly StrategyDescription[];
  /** Slippage in ticks on market and stop fills. */
  readonly slippageTicks?: number;
  readonly marginCheck?: boolean;
  /** A name for the data (a synthetic dataset's label, a list of files). */
  readonly dataset?: string;
  readonly dataFiles?: readonly DataFileDescription[];
  /** Random seed (the synthetic data's, a sampler's); `null` when nothing random ran. */
  readonly seed?: number | string | null;
  readonly configPath?: string;
  readonly configHash?: string;
  /** The requested window (`--start` / `--end`) and the warm-up kept before it. */
  readonly window?: { readonly start?: string; readonly end?: string; readonly warmupDays?: number };
  /** Versions of what ran: packages, Node, data format. */
  readonly versions?: Readonly<Record<string, string>>;
  /** Anything else worth listing (shown as is). */
  readonly settings?: Readonly<Record<string, string | number>>;
}

/** A named level series (an index, an ETF's closes, another run's equity) to compare against. */
export interface BenchmarkSeries {
  readonly name: string;
  /** Epoch ms UTC, ascending. */
  readonly ts: ArrayLike<number>;
  /** Levels (prices or equity), one per `ts`. */
  readonly value: ArrayLike<number>;
}

/** What {@link tearsheetReport} needs: a backtest result and, optionally, the context around it. */
export interface TearsheetInput {
  /** The result of `runBacktest`. */
  readonly result: BacktestResult;
  /** Its performance (`computePerformance`); computed here with `session` when absent. */
  readonly performance?: PerformanceReport;
  /** Default `Rooney backtest`. */
  readonly title?: string;
  /** Default: the strategies and the symbols they traded. */
  readonly subtitle?: string;
  /** Prominent labels (`synthetic data`, `in-sample`, ...). */
  readonly badges?: readonly string[];
  /** Warnings that change how every number must be read (e.g. in-sample results): red banners above everything. */
  readonly warnings?: readonly string[];
  /** Contract specs by symbol: prices are shown at their tick precision, costs are listed. */
  readonly contracts?: Readonly<Record<string, ContractSpec>>;
  /** Session calendar of the run (default 23:00 UTC starts). */
  readonly session?: SessionSpec;
  /** Instruments the strategies trade (default: the symbols of the trades, sorted). */
  readonly symbols?: readonly string[];
  /**
   * Bars of the instruments (any bar size; the closes are read at each session close): a price
   * chart with the trades for each traded symbol, and the default buy-and-hold benchmark.
   */
  readonly prices?: readonly BarArrays[];
  /**
   * The benchmark: a named level series; by default (`undefined`) buy-and-hold of the traded
   * instruments from `prices` (equal weight, rebalanced each session); `null` for none.
   */
  readonly benchmark?: BenchmarkSeries | null;
  /** How the run was made (parameters, costs, data hashes, seed, versions). */
  readonly run?: RunDescription;
  /**
   * Sessions in the rolling Sharpe/volatility window. Default 126 (QuantStats'), or a quarter of
   * the sessions (at least 10) when the run is shorter than two windows.
   */
  readonly rollingWindow?: number;
  /** Confidence of VaR and CVaR (default 0.95). */
  readonly confidence?: number;
  /** Rows of the worst-drawdowns table (default 5). */
  readonly worstDrawdownCount?: number;
  /** Most recent trades listed (default 500; trades.csv has them all). */
  readonly tradeRows?: number;
  /** Extra tables, after the tearsheet's own (e.g. signal and filter counts). */
  readonly tables?: readonly ReportTable[];
  /** Extra sections, after the tearsheet's own (e.g. a blend's attribution). */
  readonly sections?: readonly ReportSection[];
  /** Printed in the footer; supplied by the caller so rendering stays deterministic. */
  readonly generatedAt?: number;
  /** Points per time-series chart (default 2000). */
  readonly maxPoints?: number;
}
