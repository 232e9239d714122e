/**
 * Domain types shared by every package. Bars live in columns (`BarArrays`); objects exist only at
 * the edges (orders, fills, trades).
 */

/** A columnar series of OHLCV bars for one symbol. `ts` is each bar's CLOSE time, epoch ms UTC. */
export interface BarArrays {
  readonly symbol: string;
  /** Bar size in milliseconds (60_000 for 1-minute bars, 86_400_000 for daily bars). */
  readonly barMs: number;
  readonly length: number;
  readonly ts: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** How a continuous series was back-adjusted from the prices of the contracts it chains. */
export type BackAdjustment = 'none' | 'difference' | 'ratio';

/** One contract change in a continuous series. */
export interface ContractRoll {
  /** Roll time: bars stamped at or before it are the old contract's (`from`), later bars the new one's (`to`). */
  readonly ts: number;
  readonly from: string;
  readonly to: string;
  /** New contract's price minus old contract's price at the roll, in price units (NaN if unknown). */
  readonly gap: number;
}

/**
 * The prices of the contracts a position in a continuous symbol actually holds, behind a
 * back-adjusted series. Strategies read the adjusted series; the broker fills, marks and books PnL
 * on these prices, and rolls positions at each contract change.
 */
export interface HeldContract {
  /** The held contracts' own (unadjusted) bars, bar for bar with the symbol's finest series. */
  readonly prices: BarArrays;
  /**
   * How the finest series was made from `prices`, one contract segment at a time: `difference`
   * (adjusted = price + offset), `ratio` (adjusted = price × factor) or `none` (the same prices).
   */
  readonly adjustment: BackAdjustment;
  /** Contract changes, in time order. */
  readonly rolls: readonly ContractRoll[];
}

/** One bar as an object, for the edges (tests, live feeds, printing). */
export interface Bar {
  readonly ts: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export type OrderSide = 'buy' | 'sell';
export type OrderType = 'market' | 'limit' | 'stop' | 'stop_limit';
/** `bar`: lives for the next bar of the fill series only; `day`: until the session ends; `gtc`: until filled or cancelled. */
export type TimeInForce = 'bar' | 'day' | 'gtc';
export type OrderStatus = 'pending' | 'filled' | 'cancelled' | 'expired' | 'rejected';

/** What a strategy asks for. Prices are rounded to the contract's tick by the broker. */
export interface OrderRequest {
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly type: OrderType;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  readonly timeInForce?: TimeInForce;
  /** Optional expiry: the order is cancelled once a bar closing after this time has been seen unfilled. */
  readonly goodTillTs?: number;
  /** Free text carried to the fill and the trade (e.g. `entry`, `exit_signal`, `time_exit`). */
  readonly tag?: string;
  /** Opt-in: a market order fills at the close of the bar it was submitted on. */
  readonly fillAtSignalClose?: boolean;
}

export interface Order extends OrderRequest {
  readonly id: number;
  readonly submittedTs: number;
  readonly strategy: string;
  status: OrderStatus;
  /** Set once a stop-limit's stop price has traded. */
  stopTriggered: boolean;
  /** Values to carry to the trade this order opens (ML score, ...). */
  readonly meta?: Readonly<Record<string, number | string>>;
  /** Filled quantity (orders fill whole in the simulated broker). */
  filledQuantity: number;
  /** Average fill price, NaN until filled. */
  fillPrice: number;
}

export interface Fill {
  readonly orderId: number;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly price: number;
  readonly ts: number;
  readonly commission: number;
  readonly tag: string;
  readonly strategy: string;
}

export type Direction = 'long' | 'short';

/** A round trip: opened by one fill, closed by another. */
export interface Trade {
  readonly symbol: string;
  readonly strategy: string;
  readonly direction: Direction;
  readonly quantity: number;
  readonly entryTs: number;
  readonly entryPrice: number;
  readonly exitTs: number;
  readonly exitPrice: number;
  /** Bars of the strategy's timeframe the position was held, counting the fill bar as bar 1. */
  readonly barsHeld: number;
  readonly grossPnl: number;
  readonly commission: number;
  readonly netPnl: number;
  readonly entryTag: string;
  readonly exitReason: string;
  /** Extra values recorded at entry (ML score, feature snapshot id, ...). */
  readonly meta?: Readonly<Record<string, number | string>>;
}

/** An open position in one symbol. Quantity is signed: > 0 long, < 0 short. */
export interface Position {
  readonly symbol: string;
  readonly quantity: number;
  readonly averagePrice: number;
  readonly entryTs: number;
  readonly lastPrice: number;
  readonly openPnl: number;
}
