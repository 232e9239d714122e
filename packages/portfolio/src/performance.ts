import { DEFAULT_SESSION, RooneyError, requireParameter, tradingDateOf } from '@rooney/core';
import type { SessionSpec, Trade } from '@rooney/core';
import { summarizeDrawdowns } from './drawdown.ts';
import {
  TRADING_DAYS_PER_YEAR,
  compoundAnnualGrowthRate,
  sharpeRatio,
  simpleReturns,
  sortinoRatio,
} from './returns.ts';
import type { TimeSeries } from './returns.ts';
import { tradeStatistics } from './trade-statistics.ts';
import type { Span, TradeStatistics } from './trade-statistics.ts';

/** What a backtest (or a live session) hands over for scoring. */
export interface PerformanceInput {
  readonly startingCash: number;
  /** Equity marked to market at every event time (strictly the full path: drawdowns come from here). */
  readonly equity: TimeSeries;
  /** Equity at each session close (returns, Sharpe, Sortino and CAGR come from here). */
  readonly daily: TimeSeries;
  readonly trades: readonly Trade[];
  /** Session calendar used to assign trade exits to session dates. Default `DEFAULT_SESSION` (CME, 17:00 Chicago). */
  readonly session?: SessionSpec;
}

/** Trade statistics of one symbol or one strategy, plus a Sharpe ratio of its realised daily PnL. */
export interface GroupPerformance extends TradeStatistics {
  /**
   * Annualised Sharpe of realised PnL per session: every trade's net PnL is booked on the session
   * date of its exit (`tradingDateOf(exitTs, session)`); the days are every session of `daily`
   * (days with no exit count as 0, so idle days lower the ratio honestly) plus any exit date outside
   * it; `mean / sampleStd * sqrt(252)`. Open PnL is ignored (it is not attributed per group).
   * `null` with fewer than two days or zero dispersion.
   */
  readonly dailyPnlSharpe: number | null;
}

/**
 * Performance of a run. All ratios are fractions (0.05 = 5%); currency amounts are in account
 * currency; nothing is rounded. Undefined quantities are `null` (never NaN or Infinity), so the
 * report is JSON-serialisable as is.
 */
export interface PerformanceReport extends TradeStatistics {
  readonly startingCash: number;
  /** Last marked equity (last `equity` value; else last `daily` value; else the starting cash). */
  readonly finalEquity: number;
  /** `finalEquity / startingCash - 1`. */
  readonly totalReturn: number;
  /**
   * CAGR with 252 trading days per year: `(lastDaily / startingCash) ^ (252 / sessions) - 1`, where
   * `sessions` is the number of `daily` values. `null` without daily values.
   */
  readonly annualisedReturn: number | null;
  /** Sharpe of daily simple returns (first day measured from the starting cash), risk-free 0, sample std, ×√252. */
  readonly sharpe: number | null;
  /** Sortino of the same returns, target 0, downside deviation over ALL days, ×√252. */
  readonly sortino: number | null;
  /** Largest peak-to-trough fall of `equity` in currency (>= 0); the first peak is the starting cash. */
  readonly maxDrawdown: number;
  /** Largest peak-to-trough fall of `equity` as a fraction of the peak (may be another episode). */
  readonly maxDrawdownFraction: number;
  /** Longest peak-to-recovery span of `equity` in calendar days (fractional; unrecovered runs to the end). */
  readonly maxDrawdownDurationDays: number;
  /** Number of session closes in `daily`. */
  readonly sessionCount: number;
  /** Span over which exposure is measured: first to last equity timestamp, widened to cover every trade. */
  readonly startTs: number;
  readonly endTs: number;
  readonly bySymbol: Record<string, GroupPerformance>;
  readonly byStrategy: Record<string, GroupPerformance>;
}

/** Scores a run: returns, risk, drawdowns and trade statistics, whole and per symbol and strategy. */
export function computePerformance(input: PerformanceInput): PerformanceReport {
  const { startingCash, equity, daily, trades } = input;
  const session = input.session ?? DEFAULT_SESSION;
  requireParameter(Number.isFinite(startingCash) && startingCash > 0, 'startingCash', '> 0', startingCash);
  checkSeries('equity', equity);
  checkSeries('daily', daily);

  const finalEquity =
    equity.value.length > 0
      ? equity.value[equity.value.length - 1]
      : daily.value.length > 0
        ? daily.value[daily.value.length - 1]
        : startingCash;
  const returns = simpleReturns(daily.value, startingCash);
  const sessionCount = daily.value.length;
  const lastDaily = sessionCount > 0 ? daily.value[sessionCount - 1] : startingCash;
  const drawdowns = summarizeDrawdowns(equity, startingCash);
  const span = measurementSpan(equity, daily, trades);
  const sessionDates = sessionDatesOf(daily, session);
  const exitDates = new Map<Trade, number>();
  for (const trade of trades) exitDates.set(trade, tradingDateOf(trade.exitTs, session));

  return {
    startingCash,
    finalEquity,
    totalReturn: finalEquity / startingCash - 1,
    annualisedReturn: compoundAnnualGrowthRate(startingCash, lastDaily, sessionCount, TRADING_DAYS_PER_YEAR),
    sharpe: sharpeRatio(returns),
    sortino: sortinoRatio(returns),
    maxDrawdown: drawdowns.maxDrawdown,
    maxDrawdownFraction: drawdowns.maxDrawdownFraction,
    maxDrawdownDurationDays: drawdowns.maxDrawdownDurationDays,
    sessionCount,
    startTs: span.startTs,
    endTs: span.endTs,
    ...tradeStatistics(trades, span),
    bySymbol: groupPerformance(trades, (t) => t.symbol, span, sessionDates, exitDates),
    byStrategy: groupPerformance(trades, (t) => t.strategy, span, sessionDates, exitDates),
  };
}

function checkSeries(name: string, series: TimeSeries): void {
  if (series.ts.length !== series.value.length) {
    throw new RooneyError(
      'invalid_parameter',
      `"${name}.ts" has ${series.ts.length} values but "${name}.value" has ${series.value.length}`,
    );
  }
  for (let i = 1; i < series.ts.length; i++) {
    if (!(series.ts[i] >= series.ts[i - 1])) {
      throw new RooneyError(
        'invalid_parameter',
        `"${name}.ts" must not decrease, was ${series.ts[i - 1]} then ${series.ts[i]} at index ${i}`,
      );
    }
  }
}

function measurementSpan(equity: TimeSeries, daily: TimeSeries, trades: readonly Trade[]): Span {
  let startTs = Number.POSITIVE_INFINITY;
  let endTs = Number.NEGATIVE_INFINITY;
  const source = equity.ts.length > 0 ? equity.ts : daily.ts;
  if (source.length > 0) {
    startTs = source[0];
    endTs = source[source.length - 1];
  }
  for (const trade of trades) {
    if (trade.entryTs < startTs) startTs = trade.entryTs;
    if (trade.exitTs > endTs) endTs = trade.exitTs;
  }
  if (!Number.isFinite(startTs)) return { startTs: 0, endTs: 0 };
  return { startTs, endTs };
}

function sessionDatesOf(daily: TimeSeries, session: SessionSpec): number[] {
  const dates: number[] = [];
  for (let i = 0; i < daily.ts.length; i++) {
    const date = tradingDateOf(daily.ts[i], session);
    if (dates.length === 0 || dates[dates.length - 1] !== date) dates.push(date);
  }
  return dates;
}

function groupPerformance(
  trades: readonly Trade[],
  keyOf: (trade: Trade) => string,
  span: Span,
  sessionDates: readonly number[],
  exitDates: ReadonlyMap<Trade, number>,
): Record<string, GroupPerformance> {
  const groups = new Map<string, Trade[]>();
  for (const trade of trades) {
    const key = keyOf(trade);
    let list = groups.get(key);
    if (list === undefined) {
      list = [];
      groups.set(key, list);
    }
    list.push(trade);
  }
  const out: Record<string, GroupPerformance> = {};
  for (const key of [...groups.keys()].sort()) {
    const list = groups.get(key) as Trade[];
    out[key] = { ...tradeStatistics(list, span), dailyPnlSharpe: dailyPnlSharpe(list, sessionDates, exitDates) };
  }
  return out;
}

function dailyPnlSharpe(
  trades: readonly Trade[],
  sessionDates: readonly number[],
  exitDates: ReadonlyMap<Trade, number>,
): number | null {
  const pnlByDate = new Map<number, number>();
  for (const date of sessionDates) pnlByDate.set(date, 0);
  for (const trade of trades) {
    const date = exitDates.get(trade) as number;
    pnlByDate.set(date, (pnlByDate.get(date) ?? 0) + trade.netPnl);
  }
  return sharpeRatio(Float64Array.from(pnlByDate.values()));
}
