import { Rng, runBacktest } from '@rooney/core';
import type { BarArrays, Fill, Order, OrderRequest, PortfolioView, Position, Strategy } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { PortfolioCoordinator } from './coordinator.ts';

/** A mutable portfolio view for driving the gate by hand. */
class FakePortfolio implements PortfolioView {
  ts = 0;
  cash = 100_000;
  equity = 100_000;
  sessionPnl = 0;
  sessionStartTs = 0;
  readonly open = new Map<string, number>();
  positions(): readonly Position[] {
    return [...this.open].map(([symbol, quantity]) => ({
      symbol,
      quantity,
      averagePrice: 100,
      entryTs: 0,
      lastPrice: 100,
      openPnl: 0,
    }));
  }
  openOrders(): readonly Order[] {
    return [];
  }
}

let nextId = 1;
function order(symbol: string, strategy = 'ibs', side: 'buy' | 'sell' = 'buy'): Order {
  return {
    id: nextId++,
    symbol,
    side,
    quantity: 1,
    type: 'market',
    submittedTs: 0,
    strategy,
    status: 'pending',
    stopTriggered: false,
    filledQuantity: 0,
    fillPrice: Number.NaN,
  };
}

function fillOf(o: Order): Fill {
  return {
    orderId: o.id,
    symbol: o.symbol,
    side: o.side,
    quantity: o.quantity,
    price: 100,
    ts: 0,
    commission: 0,
    tag: '',
    strategy: o.strategy,
  };
}

/** Fills an accepted order the way the engine does: fill, position update, order closed. */
function fill(gate: PortfolioCoordinator, portfolio: FakePortfolio, o: Order): void {
  o.status = 'filled';
  gate.onFill(fillOf(o), portfolio);
  const quantity = (portfolio.open.get(o.symbol) ?? 0) + (o.side === 'buy' ? o.quantity : -o.quantity);
  if (quantity === 0) portfolio.open.delete(o.symbol);
  else portfolio.open.set(o.symbol, quantity);
  gate.orderClosed(o, portfolio);
}

describe('PortfolioCoordinator', () => {
  it('limits concurrent positions across symbols and frees a slot on exit', () => {
    const portfolio = new FakePortfolio();
    const gate = new PortfolioCoordinator({ maxPositions: 2 });
    const es = order('ES');
    const nq = order('NQ');
    expect(gate.review({ order: es, isEntry: true }, portfolio)).toBeUndefined();
    fill(gate, portfolio, es);
    expect(gate.review({ order: nq, isEntry: true }, portfolio)).toBeUndefined();
    fill(gate, portfolio, nq);
    expect(gate.review({ order: order('CL'), isEntry: true }, portfolio)).toBe('max_positions');
    // Exits are never blocked, and free the slot.
    const exit = order('ES', 'ibs', 'sell');
    expect(gate.review({ order: exit, isEntry: false }, portfolio)).toBeUndefined();
    fill(gate, portfolio, exit);
    expect(gate.review({ order: order('CL'), isEntry: true }, portfolio)).toBeUndefined();
    expect(gate.blockedCounts()).toEqual({ max_positions: 1 });
  });

  it('reserves a slot for a pending entry until it is filled, cancelled or expired', () => {
    const portfolio = new FakePortfolio();
    const gate = new PortfolioCoordinator({ maxPositions: 1 });
    const limit = order('ES');
    expect(gate.review({ order: limit, isEntry: true }, portfolio)).toBeUndefined();
    expect(gate.review({ order: order('NQ'), isEntry: true }, portfolio)).toBe('max_positions');
    limit.status = 'cancelled';
    gate.orderClosed(limit, portfolio);
    const second = order('NQ');
    expect(gate.review({ order: second, isEntry: true }, portfolio)).toBeUndefined();
    second.status = 'expired';
    gate.orderClosed(second, portfolio);
    const third = order('GC');
    expect(gate.review({ order: third, isEntry: true }, portfolio)).toBeUndefined();
    fill(gate, portfolio, third);
    // Filled: the slot is now held by the position, not by the reservation.
    expect(gate.review({ order: order('CL'), isEntry: true }, portfolio)).toBe('max_positions');
    expect(gate.occupiedSymbols(portfolio)).toEqual(new Set(['GC']));
  });

  it('never enters a symbol twice, whether in position or pending', () => {
    const portfolio = new FakePortfolio();
    const gate = new PortfolioCoordinator({ maxPositions: 5 });
    const first = order('ES', 'ibs');
    gate.review({ order: first, isEntry: true }, portfolio);
    expect(gate.review({ order: order('ES', 'trend'), isEntry: true }, portfolio)).toBe('symbol_pending_entry');
    fill(gate, portfolio, first);
    expect(gate.review({ order: order('ES', 'trend'), isEntry: true }, portfolio)).toBe('symbol_in_position');
    const blocked = gate.blocked();
    expect(blocked.map((b) => [b.symbol, b.strategy, b.reason])).toEqual([
      ['ES', 'trend', 'symbol_pending_entry'],
      ['ES', 'trend', 'symbol_in_position'],
    ]);
  });

  it('sees a position known only from the portfolio view, or only from fills', () => {
    const portfolio = new FakePortfolio();
    portfolio.open.set('ES', -2); // e.g. restored at a live restart
    const gate = new PortfolioCoordinator({ maxPositions: 5 });
    expect(gate.review({ order: order('ES'), isEntry: true }, portfolio)).toBe('symbol_in_position');
    const other = new FakePortfolio();
    const nq = order('NQ');
    gate.review({ order: nq, isEntry: true }, other);
    gate.onFill(fillOf(nq), other); // the view has not caught up yet
    gate.orderClosed(nq, other);
    expect(gate.review({ order: order('NQ'), isEntry: true }, other)).toBe('symbol_in_position');
  });

  it('latches the daily stop for the rest of the session and resets at the session start', () => {
    const portfolio = new FakePortfolio();
    const gate = new PortfolioCoordinator({ dailyStopLoss: 2500, maxPositions: 5 });
    portfolio.ts = 1000;
    portfolio.sessionStartTs = 500;
    portfolio.sessionPnl = -2499.99;
    expect(gate.review({ order: order('ES'), isEntry: true }, portfolio)).toBeUndefined();
    portfolio.sessionPnl = -2500;
    expect(gate.review({ order: order('NQ'), isEntry: true }, portfolio)).toBe('daily_stop_loss');
    expect(gate.dailyStopActive).toBe(true);
    // A recovery within the session does not lift the stop; exits still pass.
    portfolio.sessionPnl = 100;
    expect(gate.review({ order: order('GC'), isEntry: true }, portfolio)).toBe('daily_stop_loss');
    expect(gate.review({ order: order('ES', 'ibs', 'sell'), isEntry: false }, portfolio)).toBeUndefined();
    portfolio.sessionStartTs = 2000;
    portfolio.sessionPnl = 0;
    gate.onSessionStart(2000, portfolio);
    expect(gate.dailyStopActive).toBe(false);
    expect(gate.review({ order: order('GC'), isEntry: true }, portfolio)).toBeUndefined();
    expect(gate.blocked().map((b) => [b.ts, b.symbol, b.reason])).toEqual([
      [1000, 'NQ', 'daily_stop_loss'],
      [1000, 'GC', 'daily_stop_loss'],
    ]);
    expect(gate.blockedCounts()).toEqual({ daily_stop_loss: 2 });
  });

  it('latches the stop seen on a fill, and lifts it when the session changed without a notice', () => {
    const portfolio = new FakePortfolio();
    const gate = new PortfolioCoordinator();
    portfolio.sessionStartTs = 10;
    portfolio.sessionPnl = -3000;
    gate.observe(portfolio);
    portfolio.sessionPnl = 0;
    expect(gate.review({ order: order('ES'), isEntry: true }, portfolio)).toBe('daily_stop_loss');
    portfolio.sessionStartTs = 20;
    expect(gate.review({ order: order('ES'), isEntry: true }, portfolio)).toBeUndefined();
  });

  it('lets a strategy reverse its own position unless the daily stop is on', () => {
    const portfolio = new FakePortfolio();
    const gate = new PortfolioCoordinator({ maxPositions: 1 });
    const long = order('ES', 'ibs');
    gate.review({ order: long, isEntry: true }, portfolio);
    fill(gate, portfolio, long);
    // Another strategy selling ES is a new entry into a held symbol, not a reversal.
    expect(gate.review({ order: order('ES', 'trend', 'sell'), isEntry: true }, portfolio)).toBe('symbol_in_position');
    const reverse = { ...order('ES', 'ibs', 'sell'), quantity: 2 };
    expect(gate.review({ order: reverse, isEntry: true }, portfolio)).toBeUndefined();
    gate.orderClosed(reverse, portfolio);
    portfolio.sessionPnl = -3000;
    expect(gate.review({ order: { ...reverse, id: 999 }, isEntry: true }, portfolio)).toBe('daily_stop_loss');
  });

  it('lets a strategy add to its own position only when allowed', () => {
    const portfolio = new FakePortfolio();
    const gate = new PortfolioCoordinator({ maxPositions: 1, allowAdds: true });
    const long = order('ES', 'ibs');
    gate.review({ order: long, isEntry: true }, portfolio);
    fill(gate, portfolio, long);
    expect(gate.review({ order: order('ES', 'ibs'), isEntry: true }, portfolio)).toBeUndefined();
    const strict = new PortfolioCoordinator({ maxPositions: 1 });
    const first = order('ES', 'ibs');
    strict.review({ order: first, isEntry: true }, portfolio);
    fill(strict, portfolio, first);
    expect(strict.review({ order: order('ES', 'ibs'), isEntry: true }, portfolio)).toBe('symbol_in_position');
  });

  it('rejects invalid options', () => {
    expect(() => new PortfolioCoordinator({ maxPositions: 0 })).toThrow(/"maxPositions" must be an integer >= 1, was 0/);
    expect(() => new PortfolioCoordinator({ dailyStopLoss: -5 })).toThrow(/"dailyStopLoss" must be > 0, was -5/);
  });

  it('keeps its limits under interleaved asynchronous events', async () => {
    const portfolio = new FakePortfolio();
    const gate = new PortfolioCoordinator({ maxPositions: 3 });
    const rng = new Rng(7);
    const symbols = ['ES', 'NQ', 'CL', 'GC', 'ZN', '6E', 'YM', 'RTY'];
    let violations = 0;
    const delay = (): Promise<void> =>
      new Promise((resolve) => {
        const hops = rng.int(4);
        const step = (k: number): void => (k === 0 ? resolve() : void setImmediate(() => step(k - 1)));
        step(hops);
      });
    const check = (): void => {
      if (gate.occupiedSymbols(portfolio).size > 3) violations++;
      // No symbol may ever hold two entries: the position would reach 2 contracts.
      for (const position of portfolio.positions()) if (Math.abs(position.quantity) > 1) violations++;
    };
    // Many feeds submit entries; each accepted one later fills or is cancelled; filled ones later exit.
    const tasks: Promise<void>[] = [];
    for (let k = 0; k < 200; k++) {
      tasks.push(
        (async () => {
          await delay();
          const symbol = symbols[rng.int(symbols.length)];
          const entry = order(symbol);
          if (gate.review({ order: entry, isEntry: true }, portfolio) !== undefined) return;
          check();
          await delay();
          if (rng.next() < 0.3) {
            entry.status = 'cancelled';
            gate.orderClosed(entry, portfolio);
            return;
          }
          fill(gate, portfolio, entry);
          check();
          await delay();
          const exit = order(symbol, 'ibs', 'sell');
          expect(gate.review({ order: exit, isEntry: false }, portfolio)).toBeUndefined();
          fill(gate, portfolio, exit);
        })(),
      );
    }
    await Promise.all(tasks);
    expect(violations).toBe(0);
    // Every position was closed and every reservation released.
    expect(gate.occupiedSymbols(portfolio).size).toBe(0);
    const counts = gate.blockedCounts();
    expect((counts.max_positions ?? 0) + (counts.symbol_pending_entry ?? 0) + (counts.symbol_in_position ?? 0)).toBe(
      gate.blocked().length,
    );
    expect(counts.max_positions).toBeGreaterThan(0);
    expect(counts.symbol_pending_entry).toBeGreaterThan(0);
  });
});

describe('PortfolioCoordinator in the backtest engine', () => {
  const MIN = 60_000;
  const T0 = Date.UTC(2024, 0, 2, 14, 31);
  function bars(symbol: string, closes: number[]): BarArrays {
    const n = closes.length;
    const close = Float64Array.from(closes);
    return {
      symbol,
      barMs: MIN,
      length: n,
      ts: Float64Array.from(closes.map((_, i) => T0 + i * MIN)),
      open: close,
      high: close.map((c) => c + 0.25),
      low: close.map((c) => c - 0.25),
      close,
      volume: new Float64Array(n).fill(100),
    };
  }
  function scripted(name: string, symbol: string, script: Record<number, OrderRequest[]>): Strategy {
    return {
      name,
      subscriptions: () => [{ symbol, timeframe: '1m' }],
      onBar(context, event) {
        for (const request of script[event.view.lastIndex] ?? []) context.submit(request);
      },
    };
  }
  const buy = (symbol: string): OrderRequest => ({ symbol, side: 'buy', quantity: 1, type: 'market' });
  const sell = (symbol: string): OrderRequest => ({ symbol, side: 'sell', quantity: 1, type: 'market' });
  const flat = [100, 100, 100, 100, 100, 100, 100, 100];

  it('caps concurrent positions across strategies and frees the slot after an exit', () => {
    const gate = new PortfolioCoordinator({ maxPositions: 2 });
    const result = runBacktest({
      series: [bars('ES', flat), bars('NQ', flat), bars('CL', flat)],
      strategies: [
        scripted('a', 'ES', { 0: [buy('ES')], 3: [sell('ES')] }),
        scripted('b', 'NQ', { 0: [buy('NQ')] }),
        scripted('c', 'CL', { 0: [buy('CL')], 5: [buy('CL')] }),
      ],
      startingCash: 1_000_000,
      gate,
      closeAtEnd: false,
    });
    expect(result.rejected.map((r) => [r.order.symbol, r.reason])).toEqual([['CL', 'max_positions']]);
    expect(result.fills.map((f) => `${f.side} ${f.symbol}`)).toEqual(['buy ES', 'buy NQ', 'sell ES', 'buy CL']);
    expect(gate.blocked()[0].strategy).toBe('c');
  });

  it('stops entries for the session once the session loss reaches the limit', () => {
    const gate = new PortfolioCoordinator({ dailyStopLoss: 500 });
    // ES falls 12 points after the entry: 12 × $50 = $600 open loss.
    const result = runBacktest({
      series: [bars('ES', [100, 100, 96, 92, 88, 88, 88, 88]), bars('NQ', flat)],
      strategies: [scripted('a', 'ES', { 0: [buy('ES')] }), scripted('b', 'NQ', { 6: [buy('NQ')] })],
      startingCash: 1_000_000,
      gate,
    });
    expect(result.rejected.map((r) => [r.order.symbol, r.reason])).toEqual([['NQ', 'daily_stop_loss']]);
    expect(gate.blockedCounts()).toEqual({ daily_stop_loss: 1 });
  });

  it('latches the stop on a mark that touches the limit even when the loss recovers before the next review', () => {
    const gate = new PortfolioCoordinator({ dailyStopLoss: 500 });
    // ES bought at 100 (bar 1's open) closes at 88 on bar 2 only: marked session PnL -$600, then
    // back to 100. No order is reviewed or filled at bar 2's close; NQ's entry comes at bar 5.
    const es = [100, 100, 88, 100, 100, 100, 100, 100];
    const marks: number[] = [];
    const result = runBacktest({
      series: [bars('ES', es), bars('NQ', flat)],
      strategies: [scripted('a', 'ES', { 0: [buy('ES')] }), scripted('b', 'NQ', { 5: [buy('NQ')] })],
      startingCash: 1_000_000,
      gate: Object.assign(gate, {
        onMark(portfolio: PortfolioView) {
          marks.push(portfolio.sessionPnl);
          PortfolioCoordinator.prototype.onMark.call(gate, portfolio);
        },
      }),
    });
    // The marked PnL the gate saw after each event time, commission ($2) included: at bar 2,
    // (88 - 100) × $50 - $2 = -$602.
    expect(marks.slice(0, 4)).toEqual([0, -2, -602, -2]);
    expect(result.equity.value[2] - result.equity.value[0]).toBe(-602); // the equity curve agrees
    expect(result.rejected.map((r) => [r.order.symbol, r.reason])).toEqual([['NQ', 'daily_stop_loss']]);
    expect(gate.dailyStopActive).toBe(true);
  });
});
