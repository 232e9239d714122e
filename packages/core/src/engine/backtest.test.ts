import { describe, expect, it } from 'vitest';
import { contractSpec } from '../contracts.ts';
import type { OrderGate, Strategy, StrategyContext } from '../ports.ts';
import type { BarArrays, OrderRequest } from '../types.ts';
import { runBacktest } from './backtest.ts';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 2, 14, 31);

/** Bars from [open, high, low, close] rows, one minute apart, stamped at close. */
function bars(symbol: string, rows: number[][], barMs = MIN, start = T0): BarArrays {
  const n = rows.length;
  const col = (k: number): Float64Array => Float64Array.from(rows.map((r) => r[k]));
  return {
    symbol,
    barMs,
    length: n,
    ts: Float64Array.from(rows.map((_, i) => start + i * barMs)),
    open: col(0),
    high: col(1),
    low: col(2),
    close: col(3),
    volume: new Float64Array(n).fill(100),
  };
}

/** Submits the orders listed for a bar index when that bar closes. */
function scripted(symbol: string, script: Record<number, OrderRequest[]>, timeframe = '1m', name = 'scripted'): Strategy & {
  log: string[];
} {
  const log: string[] = [];
  return {
    name,
    log,
    subscriptions: () => [{ symbol, timeframe }],
    onBar(context: StrategyContext, event) {
      for (const request of script[event.view.lastIndex] ?? []) context.submit(request);
    },
    onFill(_context, fill) {
      log.push(`fill ${fill.side} ${fill.quantity}@${fill.price}`);
    },
    onOrderClosed(_context, order, reason) {
      log.push(`closed ${order.id} ${reason}`);
    },
  };
}

const rows = [
  [100, 101, 99, 100.5], // 0
  [100.75, 102, 100.25, 101.5], // 1
  [101.25, 103, 101, 102.75], // 2
  [102.5, 102.75, 99.5, 100], // 3
  [100.25, 100.5, 98, 98.5], // 4
  [98.75, 99.25, 97.5, 99], // 5
];
const es = contractSpec('ES', { commission: 2.5 });

describe('runBacktest', () => {
  it('fills a market order at the next bar open and books multiplier and commission', () => {
    const strategy = scripted('ES', {
      0: [{ symbol: 'ES', side: 'buy', quantity: 2, type: 'market', tag: 'entry' }],
      2: [{ symbol: 'ES', side: 'sell', quantity: 2, type: 'market', tag: 'exit' }],
    });
    const result = runBacktest({ series: [bars('ES', rows)], strategies: [strategy], startingCash: 100_000, contracts: { ES: es } });
    expect(result.trades).toHaveLength(1);
    const trade = result.trades[0];
    // Entry at bar 1 open 100.75, exit at bar 3 open 102.5: 1.75 points × 50 × 2 contracts.
    expect(trade.entryPrice).toBe(100.75);
    expect(trade.exitPrice).toBe(102.5);
    expect(trade.entryTs).toBe(T0 + MIN);
    expect(trade.exitTs).toBe(T0 + 3 * MIN);
    expect(trade.grossPnl).toBeCloseTo(1.75 * 50 * 2, 10);
    expect(trade.commission).toBeCloseTo(2.5 * 2 * 2, 10);
    expect(trade.netPnl).toBeCloseTo(175 - 10, 10);
    expect(trade.barsHeld).toBe(2);
    expect(trade.exitReason).toBe('exit');
    expect(result.finalEquity).toBeCloseTo(100_000 + 165, 10);
  });

  it('marks equity to market at every bar close', () => {
    const strategy = scripted('ES', { 0: [{ symbol: 'ES', side: 'buy', quantity: 1, type: 'market' }] });
    const result = runBacktest({
      series: [bars('ES', rows)],
      strategies: [strategy],
      startingCash: 100_000,
      contracts: { ES: es },
      closeAtEnd: false,
    });
    // After bar 2 closes (102.75) the long from 100.75 is up 2 points = 100, minus 2.5 entry commission.
    expect(result.equity.value[2]).toBeCloseTo(100_000 + 100 - 2.5, 10);
    expect(result.equity.ts[2]).toBe(T0 + 2 * MIN);
    expect(result.trades).toHaveLength(0);
    expect(result.finalEquity).toBeCloseTo(100_000 + (99 - 100.75) * 50 - 2.5, 10);
  });

  it('fills limits at the open when better, at the limit when touched, and never otherwise', () => {
    const strategy = scripted('ES', {
      // Buy limit 100.5 placed at bar 1's close: bar 2 (low 101) never touches; bar 3 (low 99.5) fills at 100.5.
      1: [{ symbol: 'ES', side: 'buy', quantity: 1, type: 'limit', limitPrice: 100.5, timeInForce: 'gtc' }],
      // Sell limit 95 at bar 3's close: bar 4 opens 100.25 >= 95, fills at the open.
      3: [{ symbol: 'ES', side: 'sell', quantity: 1, type: 'limit', limitPrice: 95, tag: 'exit' }],
    });
    const result = runBacktest({ series: [bars('ES', rows)], strategies: [strategy], startingCash: 100_000, contracts: { ES: es } });
    expect(result.trades[0].entryPrice).toBe(100.5);
    expect(result.trades[0].entryTs).toBe(T0 + 3 * MIN);
    expect(result.trades[0].exitPrice).toBe(100.25);
  });

  it('expires a one-bar limit that does not fill', () => {
    const strategy = scripted('ES', {
      1: [{ symbol: 'ES', side: 'buy', quantity: 1, type: 'limit', limitPrice: 100.5, timeInForce: 'bar' }],
    });
    const result = runBacktest({ series: [bars('ES', rows)], strategies: [strategy], startingCash: 100_000 });
    expect(result.trades).toHaveLength(0);
    expect(result.fills).toHaveLength(0);
    expect(result.unfilled.map((o) => o.status)).toEqual(['expired']);
    expect(strategy.log).toEqual(['closed 1 expired']);
  });

  it('expires an unfilled one-bar order before the strategy sees its bar, so it can enter on that bar (Backtrader order)', () => {
    // A limit placed at bar 1's close lives for bar 2 only; bar 2 (low 101) does not reach 100.5.
    // Backtrader's broker expires it and notifies the strategy before next() runs, so at bar 2's
    // close the strategy is flat with no working order and may signal again.
    const seen: string[] = [];
    const strategy: Strategy = {
      name: 'limit-retry',
      subscriptions: () => [{ symbol: 'ES', timeframe: '1m' }],
      onBar(context, event) {
        const i = event.view.lastIndex;
        seen.push(`bar ${i}: ${context.openOrders('ES').length} open, position ${context.position('ES')}`);
        if (context.openOrders('ES').length > 0 || context.position('ES') !== 0) return;
        if (i === 1 || i === 2) {
          context.submit({ symbol: 'ES', side: 'buy', quantity: 1, type: 'limit', limitPrice: i === 1 ? 100.5 : 102.75, timeInForce: 'bar' });
        }
      },
      onOrderClosed(_context, order, reason) {
        seen.push(`closed ${order.id} ${reason}`);
      },
    };
    const result = runBacktest({ series: [bars('ES', rows)], strategies: [strategy], startingCash: 100_000, closeAtEnd: false });
    expect(seen.slice(0, 4)).toEqual([
      'bar 0: 0 open, position 0',
      'bar 1: 0 open, position 0',
      'closed 1 expired',
      'bar 2: 0 open, position 0',
    ]);
    // The second limit (102.75, placed at bar 2's close) fills at bar 3's open 102.5.
    expect(result.fills.map((f) => [f.orderId, f.price, f.ts])).toEqual([[2, 102.5, T0 + 3 * MIN]]);
  });

  it('gives a one-bar order sent from onFill the next bar, not the bar closing now', () => {
    // The entry fills at bar 1's open; from onFill (before bar 1 is visible) the strategy sends a
    // one-bar sell limit at 103 that bar 2 (high 103) reaches: it must get bar 2 to fill in.
    const strategy: Strategy = {
      name: 'bracket',
      subscriptions: () => [{ symbol: 'ES', timeframe: '1m' }],
      onBar(context, event) {
        if (event.view.lastIndex === 0) context.submit({ symbol: 'ES', side: 'buy', quantity: 1, type: 'market' });
      },
      onFill(context, fill) {
        if (fill.side === 'buy') context.submit({ symbol: 'ES', side: 'sell', quantity: 1, type: 'limit', limitPrice: 103, timeInForce: 'bar' });
      },
    };
    const result = runBacktest({ series: [bars('ES', rows)], strategies: [strategy], startingCash: 100_000, closeAtEnd: false });
    expect(result.fills.map((f) => [f.side, f.price, f.ts])).toEqual([
      ['buy', 100.75, T0 + MIN],
      ['sell', 103, T0 + 2 * MIN],
    ]);
  });

  it("keeps a day order until its own contract's session ends, not the run's", () => {
    // 15-minute bars of a contract whose exchange day ends at midnight UTC; the run's session is the
    // CME one, ending at 17:00 Chicago = 23:00 UTC in January.
    const start = Date.UTC(2024, 0, 2, 22, 15);
    const quarter = 15 * MIN;
    const flat = [100, 100.5, 99.5, 100];
    const quarters = [flat, flat, flat, flat, flat, flat, [100, 100, 98.5, 99], flat, [96, 96, 94, 95], flat];
    const strategy = scripted('X', {
      1: [
        { symbol: 'X', side: 'buy', quantity: 1, type: 'limit', limitPrice: 99, timeInForce: 'day' },
        { symbol: 'X', side: 'buy', quantity: 1, type: 'limit', limitPrice: 95, timeInForce: 'day' },
      ],
    }, '15m');
    const contract = contractSpec('X', { multiplier: 1, tickSize: 0.25, session: { startMinutes: 0, timeZone: 'UTC' } });
    const result = runBacktest({ series: [bars('X', quarters, quarter, start)], strategies: [strategy], startingCash: 100_000, contracts: { X: contract }, closeAtEnd: false });
    // The 99 limit fills in the 23:30-23:45 bar, after the run's session ended; the 95 limit is
    // reached only in the 00:00-00:15 bar, in the contract's next session: it expired before it.
    expect(result.fills.map((f) => [f.orderId, f.price, f.ts])).toEqual([[1, 99, Date.UTC(2024, 0, 2, 23, 45)]]);
    expect(strategy.log).toEqual(['fill buy 1@99', 'closed 2 session_end']);
    // Without a session of its own, the contract follows the run's: both orders end at 23:00 UTC.
    const plain = scripted('X', { 1: [{ symbol: 'X', side: 'buy', quantity: 1, type: 'limit', limitPrice: 99, timeInForce: 'day' }] }, '15m');
    const runSession = runBacktest({ series: [bars('X', quarters, quarter, start)], strategies: [plain], startingCash: 100_000, contracts: { X: contractSpec('X', { multiplier: 1, tickSize: 0.25 }) } });
    expect(runSession.fills).toHaveLength(0);
    expect(plain.log).toEqual(['closed 1 session_end']);
  });

  describe('continuous contracts: fills and PnL on the contract actually held', () => {
    // Old contract's bars 0-2, then the new contract (bars 3-5); at the roll (bar 2's close, old
    // close 104) the new contract traded at 110: gap 6.
    const raw = [
      [99, 101, 98, 100],
      [100.5, 102.5, 100, 102],
      [102, 104.5, 101.5, 104],
      [110.25, 111, 109.5, 110.5],
      [110.5, 112, 110, 111.75],
      [111.5, 112.5, 111, 112],
    ];
    const roll = { ts: T0 + 2 * MIN, from: 'ESH4', to: 'ESM4', gap: 6 };
    const adjusted = (method: 'difference' | 'ratio'): number[][] =>
      raw.map((row, i) => (i > 2 ? row : row.map((p) => (method === 'difference' ? p + 6 : (p * 110) / 104))));

    for (const method of ['difference', 'ratio'] as const) {
      it(`rolls a position at the old contract's close and reopens it in the new one (${method} adjustment)`, () => {
        const positionsAtFill: number[] = [];
        const strategy: Strategy = {
          name: 'hold',
          subscriptions: () => [{ symbol: 'ES', timeframe: '1m' }],
          onBar(context, event) {
            const i = event.view.lastIndex;
            if (i === 0) context.submit({ symbol: 'ES', side: 'buy', quantity: 2, type: 'market', tag: 'entry' }, { signal_id: 7 });
            if (i === 4) context.submit({ symbol: 'ES', side: 'sell', quantity: 2, type: 'market', tag: 'exit' });
          },
          onFill(context) {
            positionsAtFill.push(context.position('ES'));
          },
        };
        const result = runBacktest({
          series: [bars('ES', adjusted(method))],
          strategies: [strategy],
          startingCash: 100_000,
          contracts: { ES: es },
          slippageTicks: 1,
          heldContracts: { ES: { prices: bars('ES', raw), adjustment: method, rolls: [roll] } },
        });
        // Independently: entry 100.5 + 0.25; roll out at 104 - 0.25, in at 110 + 0.25; exit 111.5 - 0.25.
        const summary = result.trades.map((t) => [t.entryPrice, t.exitPrice, t.entryTag, t.exitReason, t.grossPnl, t.commission, t.meta?.signal_id]);
        expect(summary).toEqual([
          [100.75, 103.75, 'entry', 'roll', (103.75 - 100.75) * 50 * 2, 2.5 * 2 * 2, 7],
          [110.25, 111.25, 'roll', 'exit', (111.25 - 110.25) * 50 * 2, 2.5 * 2 * 2, 7],
        ]);
        expect(result.trades[0].exitTs).toBe(T0 + 2 * MIN);
        expect(result.trades[1].entryTs).toBe(T0 + 2 * MIN);
        const net = result.trades.reduce((sum, t) => sum + t.netPnl, 0);
        expect(result.finalEquity).toBeCloseTo(100_000 + net, 9);
        expect(net).toBeCloseTo((3 + 1) * 100 - 20, 9);
        // The strategy never sees itself flat during the roll.
        expect(positionsAtFill).toEqual([2, 2, 2, 0]);
        // Equity is marked on the held contract: after the roll, at the new contract's price.
        expect(result.equity.value[2]).toBeCloseTo(100_000 + (103.75 - 100.75) * 100 - 10 + (110 - 110.25) * 100 - 5, 9);
      });
    }

    it('translates a limit placed on the ratio-adjusted series into the held contract, on its tick', () => {
      // Buy limit at the adjusted equivalent of 101.75 on the old contract: bar 2 opens 102 and
      // trades down to 101.5, so it fills at 101.75 (the old contract's price), not at 107.62.
      const limit = (101.75 * 110) / 104;
      const strategy = scripted('ES', { 1: [{ symbol: 'ES', side: 'buy', quantity: 1, type: 'limit', limitPrice: limit, timeInForce: 'bar' }] });
      const result = runBacktest({
        series: [bars('ES', adjusted('ratio'))],
        strategies: [strategy],
        startingCash: 100_000,
        contracts: { ES: es },
        closeAtEnd: false,
        heldContracts: { ES: { prices: bars('ES', raw), adjustment: 'ratio', rolls: [roll] } },
      });
      expect(result.fills.map((f) => [f.price, f.tag])).toEqual([
        [101.75, 'limit'],
        [104, 'roll'],
        [110, 'roll'],
      ]);
    });
  });

  it('fills stops at the stop when reached and at the open on a gap, with slippage in ticks', () => {
    const strategy = scripted('ES', {
      // Buy stop 102.9 is rounded to the 0.25 tick (103); bar 2 (high 103) reaches it → 103 + 1 tick slippage.
      1: [{ symbol: 'ES', side: 'buy', quantity: 1, type: 'stop', stopPrice: 102.9 }],
      // Sell stop 101 at bar 2 close: bar 3 opens 102.5 (above), low 99.5 reaches it → 101 − 1 tick slippage.
      2: [{ symbol: 'ES', side: 'sell', quantity: 1, type: 'stop', stopPrice: 101, tag: 'stop_loss' }],
    });
    const result = runBacktest({
      series: [bars('ES', rows)],
      strategies: [strategy],
      startingCash: 100_000,
      contracts: { ES: es },
      slippageTicks: 1,
    });
    expect(result.trades).toHaveLength(1);
    expect(result.trades[0].entryPrice).toBe(103 + 0.25);
    expect(result.trades[0].exitPrice).toBe(101 - 0.25);
    expect(result.trades[0].exitReason).toBe('stop_loss');
  });

  it('gaps through a sell stop at the open', () => {
    const strategy = scripted('ES', {
      0: [{ symbol: 'ES', side: 'buy', quantity: 1, type: 'market' }],
      3: [{ symbol: 'ES', side: 'sell', quantity: 1, type: 'stop', stopPrice: 100.5 }],
    });
    const result = runBacktest({ series: [bars('ES', rows)], strategies: [strategy], startingCash: 100_000 });
    // Bar 4 opens 100.25, below the 100.5 stop: filled at the open.
    expect(result.trades[0].exitPrice).toBe(100.25);
  });

  it('books the short side with the sign reversed', () => {
    const strategy = scripted('ES', {
      2: [{ symbol: 'ES', side: 'sell', quantity: 1, type: 'market' }],
      4: [{ symbol: 'ES', side: 'buy', quantity: 1, type: 'market' }],
    });
    const result = runBacktest({ series: [bars('ES', rows)], strategies: [strategy], startingCash: 100_000, contracts: { ES: es } });
    const trade = result.trades[0];
    expect(trade.direction).toBe('short');
    expect(trade.entryPrice).toBe(102.5);
    expect(trade.exitPrice).toBe(98.75);
    expect(trade.grossPnl).toBeCloseTo((102.5 - 98.75) * 50, 10);
    expect(trade.netPnl).toBeCloseTo((102.5 - 98.75) * 50 - 5, 10);
  });

  it('fills on the signal bar close only when asked to', () => {
    const strategy = scripted('ES', {
      1: [{ symbol: 'ES', side: 'buy', quantity: 1, type: 'market', fillAtSignalClose: true }],
    });
    const result = runBacktest({ series: [bars('ES', rows)], strategies: [strategy], startingCash: 100_000 });
    expect(result.fills[0].price).toBe(101.5);
    expect(result.fills[0].ts).toBe(T0 + MIN);
  });

  it('closes what is open at the end of data', () => {
    const strategy = scripted('ES', { 0: [{ symbol: 'ES', side: 'buy', quantity: 1, type: 'market' }] });
    const result = runBacktest({ series: [bars('ES', rows)], strategies: [strategy], startingCash: 100_000 });
    expect(result.trades[0].exitReason).toBe('end_of_data');
    expect(result.trades[0].exitPrice).toBe(99);
  });

  it('fills an hourly strategy on the next minute, not the next hour', () => {
    const minutes = bars('ES', Array.from({ length: 180 }, (_, i) => [100 + i, 100.5 + i, 99.5 + i, 100.25 + i]), MIN, Date.UTC(2024, 0, 2, 10, 1));
    const hours = bars(
      'ES',
      [0, 1, 2].map((h) => [100 + 60 * h, 100.5 + 60 * h + 59, 99.5 + 60 * h, 100.25 + 60 * h + 59]),
      3_600_000,
      Date.UTC(2024, 0, 2, 11, 0),
    );
    const strategy = scripted('ES', { 0: [{ symbol: 'ES', side: 'buy', quantity: 1, type: 'market' }] }, '1h');
    const result = runBacktest({ series: [minutes, hours], strategies: [strategy], startingCash: 100_000, closeAtEnd: false });
    // Hour bar 0 closes at 11:00; the next minute bar (11:00–11:01, index 60) opens at 160.
    expect(result.fills[0].price).toBe(160);
    expect(result.fills[0].ts).toBe(Date.UTC(2024, 0, 2, 11, 1));
    expect(result.barsProcessed.ES).toEqual({ '1m': 180, '1h': 3 });
  });

  it('lets a gate block entries but never exits', () => {
    const reasons: string[] = [];
    const gate: OrderGate = {
      review: (request) => (request.isEntry ? 'no entries today' : undefined),
    };
    const strategy = scripted('ES', {
      0: [{ symbol: 'ES', side: 'buy', quantity: 1, type: 'market' }],
    });
    strategy.onOrderClosed = (_c, _o, reason) => reasons.push(reason);
    const result = runBacktest({ series: [bars('ES', rows)], strategies: [strategy], startingCash: 100_000, gate });
    expect(result.fills).toHaveLength(0);
    expect(result.rejected[0].reason).toBe('no entries today');
    expect(reasons).toEqual(['no entries today']);
  });

  it('never shows a strategy a bar before it closes', () => {
    const seen: number[] = [];
    const strategy: Strategy = {
      name: 'peek',
      subscriptions: () => [{ symbol: 'ES', timeframe: '1m' }],
      onBar(context, event) {
        seen.push(event.view.length);
        expect(event.view.close(-1)).toBeNaN();
        expect(event.view.ts()).toBe(context.clock.now());
      },
    };
    runBacktest({ series: [bars('ES', rows)], strategies: [strategy], startingCash: 100_000 });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('gives identical results on identical input', () => {
    const make = () =>
      runBacktest({
        series: [bars('ES', rows)],
        strategies: [scripted('ES', { 0: [{ symbol: 'ES', side: 'buy', quantity: 1, type: 'market' }] })],
        startingCash: 100_000,
      });
    expect(JSON.stringify(make())).toBe(JSON.stringify(make()));
  });

  it('splits equity into per-strategy PnL that adds up to the whole', () => {
    const a = scripted('ES', { 0: [{ symbol: 'ES', side: 'buy', quantity: 1, type: 'market' }] }, '1m', 'a');
    const b = scripted('ES', { 1: [{ symbol: 'ES', side: 'sell', quantity: 2, type: 'market' }], 4: [{ symbol: 'ES', side: 'buy', quantity: 2, type: 'market' }] }, '1m', 'b');
    const result = runBacktest({ series: [bars('ES', rows)], strategies: [a, b], startingCash: 100_000, contracts: { ES: es } });
    const last = result.daily.value.length - 1;
    const sum = result.dailyPnlByStrategy.a[last] + result.dailyPnlByStrategy.b[last];
    expect(sum).toBeCloseTo(result.daily.value[last] - 100_000, 9);
    // b: short 2 at bar 2's open 101.25, covered at bar 5's open 98.75 → 2.5 × 50 × 2 − 4 × 2.5 commission.
    expect(result.dailyPnlByStrategy.b[last]).toBeCloseTo(2.5 * 50 * 2 - 10, 9);
    expect(result.trades.map((t) => t.strategy).sort()).toEqual(['a', 'b']);
  });

  it('warms up before tradeStartTs: bars are seen, orders refused, equity recorded from the start', () => {
    const seen: number[] = [];
    const reasons: string[] = [];
    const strategy: Strategy = {
      name: 'warm',
      subscriptions: () => [{ symbol: 'ES', timeframe: '1m' }],
      onBar(context, event) {
        seen.push(event.view.lastIndex);
        if (event.view.lastIndex === 1 || event.view.lastIndex === 3) context.submit({ symbol: 'ES', side: 'buy', quantity: 1, type: 'market' });
      },
      onOrderClosed: (_c, _o, reason) => reasons.push(reason),
    };
    const result = runBacktest({ series: [bars('ES', rows)], strategies: [strategy], startingCash: 100_000, tradeStartTs: T0 + 3 * MIN });
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
    expect(reasons).toEqual(['warm_up']);
    expect(result.fills.map((f) => f.price)).toEqual([100.25, 99]);
    expect(result.firstTs).toBe(T0 + 3 * MIN);
    expect(result.equity.ts[0]).toBe(T0 + 3 * MIN);
    expect(result.ordersSubmitted).toBe(2);
  });

  it('judges an exit and a new-side entry sent together as an entry for the gate', () => {
    const seen: boolean[] = [];
    const gate: OrderGate = {
      review: (request) => {
        seen.push(request.isEntry);
        return undefined;
      },
    };
    const strategy = scripted('ES', {
      0: [{ symbol: 'ES', side: 'buy', quantity: 1, type: 'market' }],
      2: [
        { symbol: 'ES', side: 'sell', quantity: 1, type: 'market' },
        { symbol: 'ES', side: 'sell', quantity: 1, type: 'market' },
      ],
    });
    runBacktest({ series: [bars('ES', rows)], strategies: [strategy], startingCash: 100_000, gate });
    expect(seen).toEqual([true, false, true]);
  });

  it('refuses an entry the account cannot margin, but never an exit', () => {
    const reasons: string[] = [];
    const strategy = scripted('ES', {
      0: [{ symbol: 'ES', side: 'buy', quantity: 1, type: 'market' }],
      1: [{ symbol: 'ES', side: 'buy', quantity: 1, type: 'market' }],
      3: [{ symbol: 'ES', side: 'sell', quantity: 1, type: 'market' }],
    });
    strategy.onOrderClosed = (_c, _o, reason) => reasons.push(reason);
    // 15,000 of equity carries one ES contract (12,500 initial margin) but not two.
    const result = runBacktest({ series: [bars('ES', rows)], strategies: [strategy], startingCash: 15_000, contracts: { ES: contractSpec('ES', { margin: 12_500 }) } });
    expect(reasons).toEqual(['insufficient_margin']);
    expect(result.rejected.map((r) => r.reason)).toEqual(['insufficient_margin']);
    expect(result.trades).toHaveLength(1);
    const unchecked = runBacktest({ series: [bars('ES', rows)], strategies: [scripted('ES', { 0: [{ symbol: 'ES', side: 'buy', quantity: 2, type: 'market' }] })], startingCash: 15_000, marginCheck: false });
    expect(unchecked.fills[0].quantity).toBe(2);
  });
});

