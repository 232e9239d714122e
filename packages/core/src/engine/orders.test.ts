import { describe, expect, it } from 'vitest';
import { contractSpec } from '../contracts.ts';
import type { Order, OrderRequest } from '../types.ts';
import { fillOrder, isEntryOrder, makeOrder, marginShortfall, roundOrderPrices, validateOrderRequest } from './orders.ts';

const buy = (quantity: number, strategy = 'a'): Order => makeOrder({ symbol: 'ES', side: 'buy', quantity, type: 'market' }, 1, 0, strategy, 'pending', undefined);
const sell = (quantity: number, strategy = 'a'): Order => makeOrder({ symbol: 'ES', side: 'sell', quantity, type: 'market' }, 2, 0, strategy, 'pending', undefined);

describe('order rules', () => {
  it('validateOrderRequest quotes the bad value', () => {
    const market: OrderRequest = { symbol: 'ES', side: 'buy', quantity: 1, type: 'market' };
    expect(() => validateOrderRequest(market)).not.toThrow();
    expect(() => validateOrderRequest({ ...market, quantity: 1.5 })).toThrow('order quantity must be a positive integer, was 1.5');
    expect(() => validateOrderRequest({ ...market, quantity: 0 })).toThrow('was 0');
    expect(() => validateOrderRequest({ ...market, type: 'limit' })).toThrow('limit order needs a positive limitPrice, was undefined');
    expect(() => validateOrderRequest({ ...market, type: 'stop', stopPrice: -1 })).toThrow('stop order needs a positive stopPrice, was -1');
    expect(() => validateOrderRequest({ ...market, type: 'stop_limit', stopPrice: 10 })).toThrow('stop_limit order needs a positive limitPrice');
  });

  it('makeOrder copies the request; roundOrderPrices rounds limit and stop to the tick', () => {
    const order = makeOrder({ symbol: 'ES', side: 'sell', quantity: 2, type: 'stop_limit', limitPrice: 100.13, stopPrice: 100.37, tag: 'x' }, 7, 123, 'ibs', 'pending', { k: 1 });
    expect(order).toMatchObject({ id: 7, submittedTs: 123, strategy: 'ibs', status: 'pending', quantity: 2, tag: 'x', meta: { k: 1 }, filledQuantity: 0 });
    expect(order.fillPrice).toBeNaN();
    roundOrderPrices(order, 0.25);
    expect([order.limitPrice, order.stopPrice]).toEqual([100.25, 100.25]);
  });

  it('isEntryOrder: flat, adding and reversing are entries; reducing is not; own pending orders count', () => {
    expect(isEntryOrder(buy(1), 0, [])).toBe(true);
    expect(isEntryOrder(buy(1), 2, [])).toBe(true);
    expect(isEntryOrder(sell(2), 2, [])).toBe(false);
    expect(isEntryOrder(sell(1), 2, [])).toBe(false);
    expect(isEntryOrder(sell(3), 2, [])).toBe(true);
    // Long 2 with an exit of 2 pending: a new sell meets a flat position, so it is an entry.
    expect(isEntryOrder(sell(1), 2, [{ order: sell(2) }])).toBe(true);
    // Another strategy's pending order and filled orders do not count.
    const filled = sell(2);
    filled.status = 'filled';
    expect(isEntryOrder(sell(1), 2, [{ order: sell(2, 'b') }, { order: filled }])).toBe(false);
  });

  it('fillOrder fills the whole order and prices its commission per contract', () => {
    const order = makeOrder({ symbol: 'ES', side: 'buy', quantity: 3, type: 'limit', limitPrice: 10 }, 4, 0, 'a', 'pending', undefined);
    const fill = fillOrder(order, 9.75, 60_000, contractSpec('ES', { commission: 2.5 }));
    expect(fill).toEqual({ orderId: 4, symbol: 'ES', side: 'buy', quantity: 3, price: 9.75, ts: 60_000, commission: 7.5, tag: 'limit', strategy: 'a' });
    expect([order.status, order.filledQuantity, order.fillPrice]).toEqual(['filled', 3, 9.75]);
  });

  it('asks for margin on the netted exposure: entries add, reversals and exits free what they close', () => {
    const margin = (): number => 10_000;
    // Flat, 25,000 equity: 2 contracts need 20,000 (fits), 3 need 30,000 (does not).
    expect(marginShortfall(buy(2), [], [], margin, 25_000)).toBeUndefined();
    expect(marginShortfall(buy(3), [], [], margin, 25_000)).toBe('insufficient_margin');
    // Long 2: adding 1 needs 30,000; reversing to short 2 (sell 4) still needs only 20,000.
    const long2 = [{ strategy: 'a', symbol: 'ES', quantity: 2 }];
    expect(marginShortfall(buy(1), long2, [], margin, 25_000)).toBe('insufficient_margin');
    expect(marginShortfall(sell(4), long2, [], margin, 25_000)).toBeUndefined();
    // A pending entry of another strategy counts.
    expect(marginShortfall(buy(1), [], [buy(2, 'b')], margin, 25_000)).toBe('insufficient_margin');
  });
});

