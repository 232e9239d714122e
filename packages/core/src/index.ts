export { RooneyError, requireParameter } from './errors.ts';
export type { ErrorPlace } from './errors.ts';
export { Rng } from './rng.ts';
export {
  MINUTE_MS,
  HOUR_MS,
  DAY_MS,
  timeframeMs,
  timeframeName,
  isoUtc,
  timeZoneOffsetMs,
  zonedTimeToUtc,
  parseClockTime,
  DEFAULT_SESSION,
  sessionCloseTs,
  tradingDateOf,
  utcDateNumber,
} from './time.ts';
export type { Timeframe, SessionSpec, TradingDate } from './time.ts';
export type {
  BarArrays,
  Bar,
  OrderSide,
  OrderType,
  TimeInForce,
  OrderStatus,
  OrderRequest,
  Order,
  Fill,
  Direction,
  Trade,
  Position,
} from './types.ts';
export { DEFAULT_CONTRACTS, contractSpec, roundToTick } from './contracts.ts';
export type { ContractSpec } from './contracts.ts';
export type {
  Clock,
  BarView,
  Subscription,
  BarEvent,
  PortfolioView,
  StrategyContext,
  Strategy,
  GateRequest,
  OrderGate,
} from './ports.ts';
export { runBacktest } from './engine/backtest.ts';
export type { BacktestOptions, BacktestResult, RejectedOrder, TimeSeries } from './engine/backtest.ts';
export { fillPriceOnBar } from './engine/fill-model.ts';
export { SeriesView } from './engine/series-view.ts';
