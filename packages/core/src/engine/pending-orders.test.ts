import { describe, expect, it } from 'vitest';
import type { TimeInForce } from '../types.ts';
import { makeOrder } from './orders.ts';
import { PendingOrders } from './pending-orders.ts';
import type { PendingEntry } from './pending-orders.ts';

function entry(id: number, symbol: string, strategy: string, timeInForce?: TimeInForce, view = { length: 5 }): PendingEntry {
  const order = makeOrder({ symbol, side: 'buy', quantity: 1, type: 'limit', limitPrice: 1, ...(timeInForce !== undefined ? { timeInForce } : {}) }, id, 0, strategy, 'pending', undefined);
  return { order, barCountAtSubmit: 5, expiryView: view };
}

describe('PendingOrders', () => {
  it('open orders by strategy and symbol, sorted by id; take removes one order of its strategy only', () => {
    const book = new PendingOrders<PendingEntry>();
    book.list('ES');
    book.list('NQ');
    book.add(entry(3, 'NQ', 'a'));
    book.add(entry(1, 'ES', 'a'));
    book.add(entry(2, 'ES', 'b'));
    expect(book.orders().map((o) => o.id)).toEqual([1, 2, 3]);
    expect(book.orders('a').map((o) => o.id)).toEqual([1, 3]);
    expect(book.orders('b', 'ES').map((o) => o.id)).toEqual([2]);
    expect(book.orders(undefined, 'CL')).toEqual([]);
    expect(book.take('b', 1)).toBeUndefined();
    expect(book.take('a', 1)?.order.id).toBe(1);
    expect(book.list('ES').map((e) => e.order.id)).toEqual([2]);
  });

  it('expires bar orders once their view has a new bar, day orders at session end, and counts bar orders', () => {
    const book = new PendingOrders<PendingEntry>();
    const view = { length: 5 };
    const bar = entry(1, 'ES', 'a', 'bar', view);
    book.add(bar);
    book.add(entry(2, 'ES', 'a', 'day'));
    book.add(entry(3, 'ES', 'a', 'gtc'));
    expect(book.hasBarOrders).toBe(true);
    const expired: number[] = [];
    book.expireBarOrders((e) => expired.push(e.order.id));
    expect(expired).toEqual([]);
    view.length = 6;
    book.expireBarOrders((e) => expired.push(e.order.id));
    expect(expired).toEqual([1]);
    expect(book.hasBarOrders).toBe(false);
    book.expireDayOrders((e) => expired.push(e.order.id));
    expect(expired).toEqual([1, 2]);
    expect(book.orders().map((o) => o.id)).toEqual([3]);
    expect(book.remove(bar)).toBe(false);
  });
});
