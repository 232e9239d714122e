import { roundToTick } from '../contracts.ts';
import type { ContractSpec } from '../contracts.ts';
import { RooneyError } from '../errors.ts';
import type { Fill, Order, OrderRequest } from '../types.ts';

/**
 * Order rules shared by every engine that books orders (the backtest run and the live session), so
 * an order is checked, created, classified for the gate and filled by one piece of code.
 */

/** An order whose limit and stop prices the engine may still round (the rest is fixed at creation). */
export type MutableOrder = Order & { limitPrice: number | undefined; stopPrice: number | undefined };

/**
 * The simulated broker's checks of a request: a positive integer quantity, a positive limit price on
 * limit and stop-limit orders, a positive stop price on stop and stop-limit orders. Throws
 * `RooneyError('invalid_order')` quoting the value.
 */
export function validateOrderRequest(request: OrderRequest): void {
  if (!(Number.isInteger(request.quantity) && request.quantity > 0)) {
    throw new RooneyError('invalid_order', `order quantity must be a positive integer, was ${request.quantity}`);
  }
  const needsLimit = request.type === 'limit' || request.type === 'stop_limit';
  const needsStop = request.type === 'stop' || request.type === 'stop_limit';
  if (needsLimit && !(Number.isFinite(request.limitPrice) && (request.limitPrice as number) > 0)) {
    throw new RooneyError('invalid_order', `${request.type} order needs a positive limitPrice, was ${request.limitPrice}`);
  }
  if (needsStop && !(Number.isFinite(request.stopPrice) && (request.stopPrice as number) > 0)) {
    throw new RooneyError('invalid_order', `${request.type} order needs a positive stopPrice, was ${request.stopPrice}`);
  }
}

/** An order object with every field in one fixed order (one hidden class, no object spread). */
export function makeOrder(
  request: OrderRequest,
  id: number,
  ts: number,
  strategy: string,
  status: Order['status'],
  meta: Readonly<Record<string, number | string>> | undefined,
): MutableOrder {
  return {
    symbol: request.symbol,
    side: request.side,
    quantity: request.quantity,
    type: request.type,
    limitPrice: request.limitPrice,
    stopPrice: request.stopPrice,
    timeInForce: request.timeInForce,
    goodTillTs: request.goodTillTs,
    tag: request.tag,
    fillAtSignalClose: request.fillAtSignalClose,
    id,
    submittedTs: ts,
    strategy,
    status,
    stopTriggered: false,
    meta,
    filledQuantity: 0,
    fillPrice: Number.NaN,
  };
}

/** Rounds the order's limit and stop prices (when set) to the contract's tick. */
export function roundOrderPrices(order: MutableOrder, tickSize: number): void {
  if (order.limitPrice !== undefined) order.limitPrice = roundToTick(order.limitPrice, tickSize);
  if (order.stopPrice !== undefined) order.stopPrice = roundToTick(order.stopPrice, tickSize);
}

/**
 * Whether a gate should judge `order` as an entry. It is judged against the position it would meet:
 * the strategy's current `position` in the symbol plus its orders still pending there (`pending`
 * may hold other strategies' orders; they are skipped), so an exit and a new-side entry sent
 * together count as an entry. An entry opens from flat, adds, or reverses.
 */
export function isEntryOrder(order: Order, position: number, pending: readonly { readonly order: Order }[]): boolean {
  let net = position;
  for (const entry of pending) {
    if (entry.order.strategy === order.strategy && entry.order.status === 'pending') {
      net += entry.order.side === 'buy' ? entry.order.quantity : -entry.order.quantity;
    }
  }
  const signed = order.side === 'buy' ? order.quantity : -order.quantity;
  return net === 0 || Math.sign(net) === Math.sign(signed) || Math.abs(signed) > Math.abs(net);
}

/**
 * Fills the whole order at `price`: sets its status, filled quantity and fill price, and returns the
 * fill (commission = the contract's per-contract commission × quantity; tag = the order's tag, else
 * its type).
 */
export function fillOrder(order: Order, price: number, ts: number, spec: ContractSpec): Fill {
  order.status = 'filled';
  order.filledQuantity = order.quantity;
  order.fillPrice = price;
  return {
    orderId: order.id,
    symbol: order.symbol,
    side: order.side,
    quantity: order.quantity,
    price,
    ts,
    commission: spec.commission * order.quantity,
    tag: order.tag ?? order.type,
    strategy: order.strategy,
  };
}

/** A position as the margin check sees it. */
export interface MarginPosition {
  readonly strategy: string;
  readonly symbol: string;
  readonly quantity: number;
}

/**
 * `insufficient_margin` when, with `order` added, the initial margin of every position and every
 * pending order — netted per strategy and symbol, so a reversal or an exit frees what it closes —
 * exceeds `equity`; else `undefined`. Backtest and live sessions ask this before each entry.
 */
export function marginShortfall(
  order: Order,
  positions: readonly MarginPosition[],
  pending: Iterable<Order>,
  marginOf: (symbol: string) => number,
  equity: number,
): string | undefined {
  const exposure = new Map<string, { symbol: string; quantity: number }>();
  const add = (strategy: string, symbol: string, quantity: number): void => {
    const key = `${strategy}\u0000${symbol}`;
    const held = exposure.get(key);
    if (held === undefined) exposure.set(key, { symbol, quantity });
    else held.quantity += quantity;
  };
  for (const p of positions) add(p.strategy, p.symbol, p.quantity);
  for (const o of pending) if (o.status === 'pending') add(o.strategy, o.symbol, o.side === 'buy' ? o.quantity : -o.quantity);
  add(order.strategy, order.symbol, order.side === 'buy' ? order.quantity : -order.quantity);
  let required = 0;
  for (const { symbol, quantity } of exposure.values()) required += Math.abs(quantity) * marginOf(symbol);
  return required > equity ? 'insufficient_margin' : undefined;
}
