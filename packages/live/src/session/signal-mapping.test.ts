import type { Order } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { cancelSignal, signalForOrder } from './signal-mapping.ts';

function order(side: 'buy' | 'sell', quantity: number, extra: Partial<Order> = {}): Order {
  return { symbol: 'ES', side, quantity, type: 'market', id: 7, submittedTs: Date.UTC(2025, 0, 2, 15), strategy: 'ibs', status: 'pending', stopTriggered: false, filledQuantity: 0, fillPrice: Number.NaN, tag: 'entry', ...extra };
}

const context = (positionBefore: number) => ({ ticker: 'ESH5', positionBefore, price: 5900.25, sentTs: Date.UTC(2025, 0, 2, 15, 0, 1), barTs: Date.UTC(2025, 0, 2, 15) });

describe('signalForOrder: Rooney orders onto TradersPost actions (spec §5)', () => {
  it('from flat: buy/sell with sentiment and quantity; market orders carry price and times', () => {
    expect(signalForOrder(order('buy', 2), context(0))).toEqual({
      ticker: 'ESH5',
      action: 'buy',
      sentiment: 'bullish',
      quantity: 2,
      orderType: 'market',
      timeInForce: 'gtc',
      price: 5900.25,
      time: '2025-01-02T15:00:01.000Z',
      extras: { strategy: 'ibs', order_id: 7, tag: 'entry', bar_time: '2025-01-02T15:00:00.000Z' },
    });
    expect(signalForOrder(order('sell', 1), context(0))).toMatchObject({ action: 'sell', sentiment: 'bearish', quantity: 1 });
  });

  it('closing the whole position is exit/flat without quantity; partial exit keeps the quantity', () => {
    const full = signalForOrder(order('sell', 2, { tag: 'exit_signal' }), context(2));
    expect(full).toMatchObject({ action: 'exit', sentiment: 'flat' });
    expect(full.quantity).toBeUndefined();
    expect(signalForOrder(order('buy', 1), context(-3))).toMatchObject({ action: 'exit', sentiment: 'bearish', quantity: 1 });
  });

  it('adding and reversing', () => {
    expect(signalForOrder(order('buy', 1), context(1))).toMatchObject({ action: 'add', sentiment: 'bullish', quantity: 1 });
    expect(signalForOrder(order('sell', 3), context(1))).toMatchObject({ action: 'sell', sentiment: 'bearish', quantity: 2 });
  });

  it('limit orders: limitPrice, bar time in force sent as day', () => {
    expect(signalForOrder(order('buy', 1, { type: 'limit', limitPrice: 5899.75, timeInForce: 'bar' }), context(0))).toMatchObject({ orderType: 'limit', limitPrice: 5899.75, timeInForce: 'day' });
    expect(signalForOrder(order('sell', 1, { type: 'stop', stopPrice: 5890, timeInForce: 'day' }), context(0))).toMatchObject({ orderType: 'stop', stopPrice: 5890, timeInForce: 'day' });
  });

  it('cancel signal', () => {
    expect(cancelSignal('ESH5', Date.UTC(2025, 0, 2, 16), order('buy', 1))).toEqual({ ticker: 'ESH5', action: 'cancel', time: '2025-01-02T16:00:00.000Z', extras: { strategy: 'ibs', order_id: 7, tag: 'cancel' } });
  });
});
