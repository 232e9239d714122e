import { fillPriceOnBar } from '@rooney/core';
import type { Bar, Order } from '@rooney/core';

/** A signal the fake broker acted on (a market order at once, a resting order when it filled). */
export interface ExecutedSignal {
  readonly ticker: string;
  readonly action: string;
  readonly quantity: number;
  /** The broker's position in the ticker after the signal. */
  readonly positionAfter: number;
  /** Our order id (`extras.order_id`), when present. */
  readonly orderId: number | undefined;
  readonly strategy: string | undefined;
  /** `market`, or the resting order's type when it filled on a bar. */
  readonly orderType: string;
  /** The signal's bar time (`extras.bar_time`), when present. */
  readonly barTime: string | undefined;
}

interface RestingOrder {
  readonly body: Readonly<Record<string, unknown>>;
  readonly order: Order;
  /** Bar time of the signal: it may fill on bars closing after it. */
  readonly barTs: number;
}

/**
 * The position-keeping side of a TradersPost subscription, for tests (spec §5 actions): `buy` /
 * `sell` cancel the ticker's resting orders, exit an opposite position and enter with `quantity`,
 * and are refused on the same side (no "allow add"); `exit` closes (all, or `quantity`) and is
 * refused when flat; `add` adds to a position and is refused without one; `cancel` cancels the
 * ticker's resting orders.
 *
 * Market orders execute at once. Limit, stop and stop-limit orders rest when the broker is given
 * the bars (`bars` by ticker): they fill by the simulated broker's own rules (`fillPriceOnBar`) on
 * the first bar closing after their signal's `extras.bar_time` that trades through their price —
 * evaluated lazily, before each later signal of the ticker and on {@link settle}. Without bars
 * every order executes at once. Enough to see doubled or missing orders, which is what
 * fault-injection tests compare.
 */
export class FakeBroker {
  readonly executed: ExecutedSignal[] = [];
  private readonly positions = new Map<string, number>();
  private readonly resting = new Map<string, RestingOrder[]>();
  private readonly bars: ReadonlyMap<string, readonly Bar[]> | undefined;

  constructor(options: { readonly bars?: ReadonlyMap<string, readonly Bar[]> } = {}) {
    this.bars = options.bars;
  }

  position(ticker: string): number {
    return this.positions.get(ticker) ?? 0;
  }

  /** Every non-zero position by ticker. */
  allPositions(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [ticker, quantity] of [...this.positions].sort(([a], [b]) => a.localeCompare(b))) if (quantity !== 0) out[ticker] = quantity;
    return out;
  }

  /** Fills resting orders on every bar closing at or before `ts` (all bars when omitted). */
  settle(ts = Number.POSITIVE_INFINITY): void {
    for (const ticker of this.resting.keys()) this.advance(ticker, ts);
  }

  /** Acts on one signal body; returns TradersPost's refusal (`messageCode`, `message`) or undefined when accepted. */
  execute(body: Readonly<Record<string, unknown>>): { messageCode: string; message: string } | undefined {
    const ticker = typeof body.ticker === 'string' ? body.ticker : '';
    const action = typeof body.action === 'string' ? body.action : '';
    if (ticker === '') return { messageCode: 'invalid-payload', message: 'ticker is required.' };
    const extras = (body.extras ?? {}) as Record<string, unknown>;
    const barTs = typeof extras.bar_time === 'string' ? Date.parse(extras.bar_time) : Number.NaN;
    if (!Number.isNaN(barTs)) this.advance(ticker, barTs);
    const orderType = typeof body.orderType === 'string' ? body.orderType : 'market';
    const refusal = this.refusal(ticker, action);
    if (refusal !== undefined) return refusal;
    if (action === 'cancel') {
      this.resting.delete(ticker);
      this.executed.push({ ticker, action, quantity: 0, positionAfter: this.position(ticker), orderId: numberOr(extras.order_id), strategy: stringOr(extras.strategy), orderType: 'cancel', barTime: stringOr(extras.bar_time) });
      return undefined;
    }
    if (action === 'buy' || action === 'sell') this.resting.delete(ticker);
    if (orderType !== 'market' && this.bars !== undefined && !Number.isNaN(barTs)) {
      const list = this.resting.get(ticker) ?? [];
      list.push({ body, order: restingOrder(body, action, this.position(ticker)), barTs });
      this.resting.set(ticker, list);
      return undefined;
    }
    this.apply(ticker, action, body, orderType);
    return undefined;
  }

  private refusal(ticker: string, action: string): { messageCode: string; message: string } | undefined {
    const before = this.position(ticker);
    switch (action) {
      case 'buy':
        return before > 0 ? { messageCode: 'same-side', message: 'Position already open on the same side.' } : undefined;
      case 'sell':
        return before < 0 ? { messageCode: 'same-side', message: 'Position already open on the same side.' } : undefined;
      case 'exit':
        return before === 0 ? { messageCode: 'no-position', message: 'No open position to exit.' } : undefined;
      case 'add':
        return before === 0 ? { messageCode: 'no-position', message: 'No open position to add to.' } : undefined;
      case 'cancel':
        return undefined;
      default:
        return { messageCode: 'invalid-action', message: 'Invalid action.' };
    }
  }

  /** Executes a (market or filled) signal on the position. */
  private apply(ticker: string, action: string, body: Readonly<Record<string, unknown>>, orderType: string): void {
    const quantity = typeof body.quantity === 'number' ? body.quantity : 1;
    const before = this.position(ticker);
    let after = before;
    if (action === 'buy') after = quantity;
    else if (action === 'sell') after = -quantity;
    else if (action === 'exit') {
      if (before === 0) return;
      const closing = typeof body.quantity === 'number' ? Math.min(body.quantity, Math.abs(before)) : Math.abs(before);
      after = before - Math.sign(before) * closing;
    } else if (action === 'add') after = before + Math.sign(before) * quantity;
    this.positions.set(ticker, after);
    const extras = (body.extras ?? {}) as Record<string, unknown>;
    this.executed.push({
      ticker,
      action,
      quantity: action === 'exit' ? Math.abs(before - after) : quantity,
      positionAfter: after,
      orderId: numberOr(extras.order_id),
      strategy: stringOr(extras.strategy),
      orderType,
      barTime: stringOr(extras.bar_time),
    });
  }

  /** Fills the ticker's resting orders on its bars closing after each order's signal and at or before `ts`. */
  private advance(ticker: string, ts: number): void {
    const list = this.resting.get(ticker);
    const bars = this.bars?.get(ticker);
    if (list === undefined || list.length === 0 || bars === undefined) return;
    const first = Math.min(...list.map((r) => r.barTs));
    let i = lowerBound(bars, first + 1);
    for (; i < bars.length && bars[i].ts <= ts && list.length > 0; i++) {
      const bar = bars[i];
      for (const resting of list.slice()) {
        if (bar.ts <= resting.barTs) continue;
        const price = fillPriceOnBar(resting.order, bar.open, bar.high, bar.low, 0);
        if (Number.isNaN(price)) continue;
        list.splice(list.indexOf(resting), 1);
        const action = resting.body.action as string;
        if (action === 'exit' && this.position(ticker) === 0) continue;
        this.apply(ticker, action, resting.body, resting.order.type);
      }
    }
    if (list.length === 0) this.resting.delete(ticker);
  }
}

function restingOrder(body: Readonly<Record<string, unknown>>, action: string, position: number): Order {
  const side = action === 'buy' || (action === 'add' && position > 0) || (action === 'exit' && position < 0) ? 'buy' : 'sell';
  return {
    id: numberOr((body.extras as Record<string, unknown> | undefined)?.order_id) ?? 0,
    symbol: String(body.ticker),
    side,
    quantity: typeof body.quantity === 'number' ? body.quantity : Math.max(1, Math.abs(position)),
    type: body.orderType as Order['type'],
    ...(typeof body.limitPrice === 'number' ? { limitPrice: body.limitPrice } : {}),
    ...(typeof body.stopPrice === 'number' ? { stopPrice: body.stopPrice } : {}),
    submittedTs: 0,
    strategy: '',
    status: 'pending',
    stopTriggered: false,
    filledQuantity: 0,
    fillPrice: Number.NaN,
  };
}

function lowerBound(bars: readonly Bar[], ts: number): number {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (bars[mid].ts < ts) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function numberOr(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
