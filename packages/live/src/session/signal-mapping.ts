import type { Order, TimeInForce } from '@rooney/core';
import type { TradersPostSignal, TradersPostTimeInForce } from '../traderspost/traderspost-signal.ts';

/** What the session knows when it turns an order into a webhook signal. */
export interface SignalContext {
  /** The TradersPost ticker (an explicit contract such as `ESH5` is recommended). */
  readonly ticker: string;
  /** The strategy's signed position in the symbol before this order. */
  readonly positionBefore: number;
  /** Last traded price (the signal bar's close), sent as `price`. */
  readonly price: number;
  /** Wall time the signal is sent, epoch ms. */
  readonly sentTs: number;
  /** Event time the order was submitted at (the bar close), epoch ms. */
  readonly barTs: number;
}

const TIME_IN_FORCE: Record<TimeInForce, TradersPostTimeInForce> = { bar: 'day', day: 'day', gtc: 'gtc' };

/**
 * Maps a Rooney order onto TradersPost's position-aware actions (spec §5: `buy`/`sell` also exit
 * an opposite position and reverse, `exit` closes, `add` adds):
 * - from flat: `buy` (bullish) / `sell` (bearish) with the order quantity;
 * - same side as the position: `add`;
 * - opposite side, quantity ≤ position: `exit` (sentiment `flat`), with the quantity when partial;
 * - opposite side, quantity > position: a reversal, `buy`/`sell` with the new position's size.
 * Order types map one to one; the `bar` time in force has no TradersPost equivalent and is sent as
 * `day` (the session cancels it itself after one bar). `extras` carries the strategy, order id,
 * tag and signal bar time.
 */
export function signalForOrder(order: Order, context: SignalContext): TradersPostSignal {
  const signed = order.side === 'buy' ? order.quantity : -order.quantity;
  const before = context.positionBefore;
  const after = before + signed;
  const common = {
    ticker: context.ticker,
    orderType: order.type,
    ...(order.limitPrice !== undefined ? { limitPrice: order.limitPrice } : {}),
    ...(order.stopPrice !== undefined ? { stopPrice: order.stopPrice } : {}),
    timeInForce: TIME_IN_FORCE[order.timeInForce ?? 'gtc'],
    ...(Number.isFinite(context.price) ? { price: context.price } : {}),
    time: new Date(context.sentTs).toISOString(),
    extras: {
      strategy: order.strategy,
      order_id: order.id,
      tag: order.tag ?? order.type,
      bar_time: new Date(context.barTs).toISOString(),
    },
  };
  if (before === 0) {
    return { ...common, action: order.side, sentiment: order.side === 'buy' ? 'bullish' : 'bearish', quantity: order.quantity };
  }
  if (Math.sign(before) === Math.sign(signed)) {
    return { ...common, action: 'add', sentiment: before > 0 ? 'bullish' : 'bearish', quantity: order.quantity };
  }
  if (after === 0) return { ...common, action: 'exit', sentiment: 'flat' };
  if (Math.sign(after) === Math.sign(before)) return { ...common, action: 'exit', sentiment: before > 0 ? 'bullish' : 'bearish', quantity: order.quantity };
  return { ...common, action: order.side, sentiment: order.side === 'buy' ? 'bullish' : 'bearish', quantity: Math.abs(after) };
}

/** A `cancel` signal for the open orders of a ticker (used when a working order expires or is cancelled). */
export function cancelSignal(ticker: string, sentTs: number, order: Order): TradersPostSignal {
  return {
    ticker,
    action: 'cancel',
    time: new Date(sentTs).toISOString(),
    extras: { strategy: order.strategy, order_id: order.id, tag: 'cancel' },
  };
}
