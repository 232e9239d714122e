import type { ContractSpec } from './contracts.ts';
import type { Fill, Order, OrderRequest, Position, Trade } from './types.ts';

/** Time source. The backtest engine's clock is the event time; live sessions use the wall clock. */
export interface Clock {
  now(): number;
}

/**
 * Completed bars of one (symbol, timeframe) series as a strategy sees them: index 0 is the oldest,
 * `length - 1` the newest completed bar. `ago` counts back from the newest (0 = newest).
 * A view never exposes a bar that has not closed yet.
 */
export interface BarView {
  readonly symbol: string;
  readonly barMs: number;
  /** Number of completed bars visible now. */
  readonly length: number;
  ts(ago?: number): number;
  open(ago?: number): number;
  high(ago?: number): number;
  low(ago?: number): number;
  close(ago?: number): number;
  volume(ago?: number): number;
  /** Absolute index (0-based, oldest first) of the newest completed bar, or -1 before the first. */
  readonly lastIndex: number;
}

/** A series a strategy wants bar events for. The first `trade` subscription of a symbol is its primary one. */
export interface Subscription {
  readonly symbol: string;
  readonly timeframe: string;
  /** `trade`: the strategy trades this symbol on these bars; `reference`: read-only input (pair, TLT). */
  readonly role?: 'trade' | 'reference';
}

/** What the engine tells a strategy about the bar that just closed. */
export interface BarEvent {
  readonly symbol: string;
  readonly timeframe: string;
  readonly ts: number;
  readonly view: BarView;
}

/** Read-only account state. */
export interface PortfolioView {
  readonly ts: number;
  readonly cash: number;
  readonly equity: number;
  /** Realised + open PnL since the current session started. */
  readonly sessionPnl: number;
  /** Start of the current session (epoch ms). */
  readonly sessionStartTs: number;
  positions(): readonly Position[];
  openOrders(): readonly Order[];
}

/** The strategy's handle on the world; the same interface is implemented live. */
export interface StrategyContext {
  readonly clock: Clock;
  readonly strategy: string;
  /** Completed bars of a subscribed series. Throws for a series that was not subscribed. */
  bars(symbol: string, timeframe: string): BarView;
  /** Signed position quantity of this strategy in `symbol` (0 when flat). */
  position(symbol: string): number;
  positionDetail(symbol: string): Position | undefined;
  /** This strategy's pending orders, optionally for one symbol. */
  openOrders(symbol?: string): readonly Order[];
  readonly portfolio: PortfolioView;
  contract(symbol: string): ContractSpec;
  /** Submits an order; returns it, or `undefined` when a gate blocked it (see `OrderGate`). */
  submit(request: OrderRequest, meta?: Readonly<Record<string, number | string>>): Order | undefined;
  cancel(orderId: number): void;
}

/** A trading strategy. The same object runs in a backtest, in a notebook and live. */
export interface Strategy {
  readonly name: string;
  subscriptions(): readonly Subscription[];
  onStart?(context: StrategyContext): void;
  onBar(context: StrategyContext, event: BarEvent): void;
  onFill?(context: StrategyContext, fill: Fill): void;
  onTrade?(context: StrategyContext, trade: Trade): void;
  /** Called when an order is blocked by a gate, expires or is cancelled. */
  onOrderClosed?(context: StrategyContext, order: Order, reason: string): void;
  onStop?(context: StrategyContext): void;
  /**
   * Rebuilds the strategy's own state from what the account holds for it, after a restart: a live
   * session that comes back from a crash or a stop warms the strategy up on history (orders
   * refused), then puts its open positions and working orders back from the journal (so
   * `context.position`, `positionDetail` and `openOrders` already show them) and calls this once,
   * before the first bar it may trade on. The strategy sets whatever it keeps per position — bars
   * in trade (count the completed bars before `position.entryTs` with `barsBefore`), the entry
   * price, the ids of its stop orders — exactly as if it had run without interruption. It is also
   * called again when an operator reconciles an order whose outcome was unknown. A strategy that
   * keeps no state of its own need not implement it.
   */
  restoreState?(context: StrategyContext, restored: RestoredState): void;
}

/** A strategy's positions and working orders as a restarted session restored them. */
export interface RestoredState {
  /** The strategy's open positions (entry price and time from the journal). */
  readonly positions: readonly Position[];
  /** The strategy's working orders, with their original ids. */
  readonly openOrders: readonly Order[];
}

/** An order about to be accepted, with what the engine knows about its effect. */
export interface GateRequest {
  readonly order: Order;
  /** True when the order opens a position from flat (or adds to one); exits are never gated. */
  readonly isEntry: boolean;
}

/**
 * A risk gate between strategies and the broker (the portfolio coordinator implements it).
 * `review` returns a reason string to block an entry, or `undefined` to let it through.
 */
export interface OrderGate {
  review(request: GateRequest, portfolio: PortfolioView): string | undefined;
  /** An accepted order was filled, cancelled or expired. */
  orderClosed?(order: Order, portfolio: PortfolioView): void;
  onFill?(fill: Fill, portfolio: PortfolioView): void;
  /** A new session began at `ts`. */
  onSessionStart?(ts: number, portfolio: PortfolioView): void;
  /**
   * Equity was just marked to market (the backtest calls it after every event time, the live
   * session after every bar it books), so rules on marked PnL, such as a daily stop, see every
   * mark and not only the moments an order is reviewed or filled.
   */
  onMark?(portfolio: PortfolioView): void;
  /** The gate's own state as JSON, journalled by a live session after every step. */
  saveState?(): unknown;
  /**
   * After a restart: rebuilds what the gate tracks from the restored account (each strategy's
   * positions, the entry orders still working) and takes what only it knew (e.g. a daily-stop
   * latch) from `state`, its last `saveState` (undefined when none was journalled).
   */
  restoreState?(state: unknown, restored: GateRestore, portfolio: PortfolioView): void;
}

/** What a restarted engine hands its gate. */
export interface GateRestore {
  readonly positions: readonly { readonly strategy: string; readonly symbol: string; readonly quantity: number }[];
  /** Entry orders still working (their reservations). */
  readonly openEntries: readonly Order[];
}
