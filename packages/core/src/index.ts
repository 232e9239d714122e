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
  BackAdjustment,
  HeldContract,
  ContractRoll,
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
  RestoredState,
  GateRestore,
} from './ports.ts';
export { barsBefore } from './bar-count.ts';
export { runBacktest } from './engine/backtest.ts';
export type { BacktestOptions, BacktestResult, RejectedOrder, TimeSeries } from './engine/backtest.ts';
export { fillPriceOnBar } from './engine/fill-model.ts';
export { SeriesView } from './engine/series-view.ts';
/**
 * Engine building blocks, exported so that other engines (the live session of `@rooney/live`)
 * book orders and fills with the backtest's own code instead of a copy:
 * - `Account`: the futures account (per strategy+symbol positions, realised PnL, commission,
 *   trades with bars held). `new Account(startingCash, symbols)`; the engine writes each symbol's
 *   last price to `account.marks[symbolIndex]` (index in `symbols`).
 * - `EngineContext`: the one `StrategyContext` implementation, over a `ContextHost`.
 * - `PendingOrders`: working orders per symbol, open-order queries, cancels, `bar`/`day` expiry.
 * - `TradingSession` and `accountPortfolioView`: session bounds and the strategies' `PortfolioView`.
 * - order rules: `validateOrderRequest`, `makeOrder`, `roundOrderPrices`, `isEntryOrder`, `marginShortfall`, `fillOrder`.
 */
export { Account } from './engine/account.ts';
export { EngineContext } from './engine/engine-context.ts';
export type { ContextHost } from './engine/engine-context.ts';
export { PendingOrders } from './engine/pending-orders.ts';
export type { PendingEntry } from './engine/pending-orders.ts';
export { TradingSession } from './engine/trading-session.ts';
export { accountPortfolioView } from './engine/portfolio-view.ts';
export { validateOrderRequest, makeOrder, roundOrderPrices, isEntryOrder, marginShortfall, fillOrder } from './engine/orders.ts';
export type { MarginPosition } from './engine/orders.ts';
export type { MutableOrder } from './engine/orders.ts';
