import type { Order } from '../types.ts';

/** What the book needs of a pending order's entry; engines add their own fields. */
export interface PendingEntry {
  readonly order: Order;
  /** Completed bars of the order's expiry series when it was submitted (`bar` time in force). */
  readonly barCountAtSubmit: number;
  /** The series whose next completed bar ends a `bar` order (the strategy's primary view of the symbol). */
  readonly expiryView: { readonly length: number };
  /**
   * For a `day` order: close (epoch ms) of its symbol's session it was placed in; a bar stamped
   * later belongs to the next session and the order expires before it. Unset: the engine's session.
   */
  readonly sessionEndTs?: number;
}

const NO_ORDERS: readonly Order[] = Object.freeze([]);

/**
 * The working orders of an engine, one list per symbol in the order symbols were added (fills and
 * expiries walk symbols in that order). Shared by the backtest run and the live session so open
 * orders, cancels and `bar`/`day` expiry follow one set of rules. Every removal goes through the
 * book, which keeps count of the `bar` orders so engines can skip the expiry scan while there are
 * none.
 */
export class PendingOrders<E extends PendingEntry> {
  private readonly lists = new Map<string, E[]>();
  private barOrders = 0;

  /** The list of `symbol`, created empty on first use. Engines read it (fill loops), never splice it themselves. */
  list(symbol: string): E[] {
    let list = this.lists.get(symbol);
    if (list === undefined) this.lists.set(symbol, (list = []));
    return list;
  }

  /** True while some pending order has time in force `bar`. */
  get hasBarOrders(): boolean {
    return this.barOrders > 0;
  }

  add(entry: E): void {
    this.list(entry.order.symbol).push(entry);
    if (entry.order.timeInForce === 'bar') this.barOrders++;
  }

  /** Takes `entry` out of its symbol's list; false when it was not there. */
  remove(entry: E): boolean {
    const list = this.lists.get(entry.order.symbol);
    const index = list === undefined ? -1 : list.indexOf(entry);
    if (index < 0) return false;
    (list as E[]).splice(index, 1);
    if (entry.order.timeInForce === 'bar') this.barOrders--;
    return true;
  }

  /** Takes out and returns the entry of order `orderId` of `strategy`, if pending. */
  take(strategy: string, orderId: number): E | undefined {
    for (const list of this.lists.values()) {
      const entry = list.find((e) => e.order.id === orderId && e.order.strategy === strategy);
      if (entry !== undefined) {
        this.remove(entry);
        return entry;
      }
    }
    return undefined;
  }

  /** Pending orders (status `pending`), of one strategy and/or one symbol when given, by id. */
  orders(strategy?: string, symbol?: string): readonly Order[] {
    if (symbol !== undefined && (this.lists.get(symbol)?.length ?? 0) === 0) return NO_ORDERS;
    const out: Order[] = [];
    for (const [orderSymbol, list] of this.lists) {
      if (symbol !== undefined && orderSymbol !== symbol) continue;
      for (const entry of list) {
        if (entry.order.status === 'pending' && (strategy === undefined || entry.order.strategy === strategy)) out.push(entry.order);
      }
    }
    return out.sort((a, b) => a.id - b.id);
  }

  /** Takes out every `bar` order whose expiry series closed a bar since it was submitted, calling `expire` for each. */
  expireBarOrders(expire: (entry: E) => void): void {
    this.removeWhere(isExpiredBarOrder, expire);
  }

  /**
   * Takes out every `day` order (the session ended), calling `expire` for each. With `now`, only
   * those whose `sessionEndTs` lies before `now` (a symbol's own session may end later).
   */
  expireDayOrders(expire: (entry: E) => void, now?: number): void {
    this.removeWhere(now === undefined ? isDayOrder : (entry) => isDayOrder(entry) && !((entry.sessionEndTs ?? -Infinity) >= now), expire);
  }

  /** Symbols in order, each list walked from its end (an order `removed` submits is appended behind the walk). */
  private removeWhere(test: (entry: E) => boolean, removed: (entry: E) => void): void {
    for (const list of this.lists.values()) {
      for (let i = list.length - 1; i >= 0; i--) {
        if (i >= list.length) continue;
        const entry = list[i];
        if (!test(entry)) continue;
        list.splice(i, 1);
        if (entry.order.timeInForce === 'bar') this.barOrders--;
        removed(entry);
      }
    }
  }
}

function isExpiredBarOrder(entry: PendingEntry): boolean {
  return entry.order.timeInForce === 'bar' && entry.expiryView.length > entry.barCountAtSubmit;
}

function isDayOrder(entry: PendingEntry): boolean {
  return entry.order.timeInForce === 'day';
}
