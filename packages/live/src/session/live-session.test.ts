import { HOUR_MS, MINUTE_MS, Rng, runBacktest } from '@rooney/core';
import type { Bar, BarEvent, Fill, Order, Strategy, StrategyContext, Subscription, Trade } from '@rooney/core';
import { BarSeries, consolidateBars } from '@rooney/data';
import { PortfolioCoordinator } from '@rooney/portfolio';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '@rooney/databento';
import { JsonLineLogger, MemoryLogger } from '@rooney/databento';
import { DryRunRouter } from '../traderspost/dry-run-router.ts';
import type { SignalResult, SignalRouter, TradersPostSignal } from '../traderspost/traderspost-signal.ts';
import { LiveSession } from './live-session.ts';
import type { LiveSessionOptions } from './live-session.ts';

const SESSION = { startMinutes: 23 * 60, timeZone: 'UTC' };
const T0 = Date.UTC(2024, 2, 4, 21, 0);

/** Random-walk minute bars on a 0.25 tick from 21:01 to 00:20 UTC, with the given minutes missing. */
function minuteSeries(symbol: string, seed: number, start: number, missing: ReadonlySet<number>): BarSeries {
  const rng = new Rng(seed);
  const ts: number[] = [];
  const o: number[] = [];
  const h: number[] = [];
  const l: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  let price = start;
  for (let k = 1; k <= 200; k++) {
    const open = price;
    const close = Math.max(1, open + 0.25 * Math.round(rng.normal() * 4));
    price = close;
    if (missing.has(k)) continue;
    ts.push(T0 + k * MINUTE_MS);
    o.push(open);
    c.push(close);
    h.push(Math.max(open, close) + 0.25 * rng.int(4));
    l.push(Math.min(open, close) - 0.25 * rng.int(4));
    v.push(1 + rng.int(100));
  }
  const f = (a: number[]) => Float64Array.from(a);
  return new BarSeries(symbol, MINUTE_MS, { ts: f(ts), open: f(o), high: f(h), low: f(l), close: f(c), volume: f(v) });
}

// ES misses 21:59 and 22:00 (its 22:00 hour bin closes without a bar at its end) and 23:30; NQ misses other minutes.
const ES = minuteSeries('ES', 3, 5000, new Set([59, 60, 150]));
const NQ = minuteSeries('NQ', 4, 18000, new Set([10, 11, 12, 120]));

const iso = (ts: number): string => new Date(ts).toISOString().slice(11, 16);

/** A strategy that exercises every order type and hook, and logs everything it sees. */
class ScriptedStrategy implements Strategy {
  readonly name = 'script';
  readonly log: string[] = [];
  private minutes = 0;
  private gtcId = 0;

  subscriptions(): readonly Subscription[] {
    return [
      { symbol: 'ES', timeframe: '1m' },
      { symbol: 'ES', timeframe: '1h' },
      { symbol: 'NQ', timeframe: '1h', role: 'reference' },
    ];
  }

  onStart(context: StrategyContext): void {
    this.log.push(`start ${context.strategy}`);
  }

  onBar(context: StrategyContext, event: BarEvent): void {
    const v = event.view;
    this.log.push(`bar ${event.symbol} ${event.timeframe} ${iso(event.ts)} n=${v.length} ohlc=${v.open()},${v.high()},${v.low()},${v.close()} v=${v.volume()} prev=${v.close(1)} pos=${context.position('ES')} orders=${context.openOrders().length} pnl=${context.portfolio.sessionPnl.toFixed(2)}`);
    if (event.symbol !== 'ES' || event.timeframe !== '1m') return;
    const n = ++this.minutes;
    const close = v.close();
    const submit = (request: Parameters<StrategyContext['submit']>[0]): Order | undefined => {
      const order = context.submit(request);
      this.log.push(`submit ${request.tag} -> ${order === undefined ? 'refused' : `#${order.id}`}`);
      return order;
    };
    if (n === 5) submit({ symbol: 'ES', side: 'buy', quantity: 2, type: 'market', tag: 'entry' });
    if (n === 12) submit({ symbol: 'ES', side: 'buy', quantity: 1, type: 'market', tag: 'add' });
    if (n === 20) submit({ symbol: 'ES', side: 'sell', quantity: 3, type: 'market', tag: 'exit' });
    if (n === 30) submit({ symbol: 'ES', side: 'buy', quantity: 1, type: 'limit', limitPrice: close - 10, timeInForce: 'bar', tag: 'far_limit_bar' });
    if (n === 40) submit({ symbol: 'ES', side: 'buy', quantity: 1, type: 'limit', limitPrice: close - 0.25, timeInForce: 'gtc', tag: 'near_limit' });
    if (n === 70) this.gtcId = submit({ symbol: 'ES', side: 'sell', quantity: 1, type: 'limit', limitPrice: close + 50, tag: 'far_gtc' })?.id ?? 0;
    if (n === 75) context.cancel(this.gtcId);
    if (n === 80) submit({ symbol: 'ES', side: 'sell', quantity: 2, type: 'stop', stopPrice: close - 0.5, timeInForce: 'gtc', tag: 'stop_reverse' });
    if (n === 100) submit({ symbol: 'ES', side: 'buy', quantity: 1, type: 'limit', limitPrice: close - 40, timeInForce: 'day', tag: 'day_limit' });
    if (n === 131) submit({ symbol: 'ES', side: 'buy', quantity: 1, type: 'stop_limit', stopPrice: close + 0.5, limitPrice: close + 1, tag: 'stop_limit' });
  }

  onFill(context: StrategyContext, fill: Fill): void {
    this.log.push(`fill #${fill.orderId} ${fill.side} ${fill.quantity} @${fill.price} ${iso(fill.ts)} ${fill.tag} pos=${context.position(fill.symbol)}`);
  }

  onTrade(_context: StrategyContext, trade: Trade): void {
    this.log.push(`trade ${trade.direction} ${trade.quantity} ${iso(trade.entryTs)}->${iso(trade.exitTs)} held=${trade.barsHeld} net=${trade.netPnl.toFixed(2)}`);
  }

  onOrderClosed(_context: StrategyContext, order: Order, reason: string): void {
    this.log.push(`closed #${order.id} ${order.tag} ${order.status} ${reason}`);
  }

  onStop(): void {
    this.log.push('stop');
  }
}

/** Feeds the two series to a session in time order (ES before NQ within a minute). */
function feed(session: LiveSession, series: readonly BarSeries[]): void {
  const bars: { symbol: string; bar: Bar }[] = [];
  for (const s of series) for (const bar of s.toBars()) bars.push({ symbol: s.symbol, bar });
  bars.sort((a, b) => a.bar.ts - b.bar.ts);
  for (const { symbol, bar } of bars) session.pushBar(symbol, bar);
  session.endOfInterval();
}

function makeSession(strategy: Strategy, options: Partial<LiveSessionOptions> = {}) {
  const clock = new FakeClock(T0);
  const router = new DryRunRouter();
  const logger = new MemoryLogger();
  const session = new LiveSession({ strategies: [strategy], clock, router, startingCash: 50_000, runId: 'test', session: SESSION, logger, ...options });
  return { session, clock, router, logger };
}

describe('LiveSession runs a strategy exactly as the backtest engine does', () => {
  it('same hook calls, views, fills, trades and order closures (every order type, gaps, a session change)', async () => {
    const reference = new ScriptedStrategy();
    const result = runBacktest({
      series: [ES, consolidateBars(ES, HOUR_MS, { session: SESSION }), NQ, consolidateBars(NQ, HOUR_MS, { session: SESSION })],
      strategies: [reference],
      startingCash: 50_000,
      session: SESSION,
      gate: new PortfolioCoordinator({ dailyStopLoss: 1e9 }),
      closeAtEnd: false,
    });
    const strategy = new ScriptedStrategy();
    const { session, router } = makeSession(strategy, { gate: new PortfolioCoordinator({ dailyStopLoss: 1e9 }) });
    session.start();
    feed(session, [ES, NQ]);
    await session.idle();
    await session.stop();

    expect(strategy.log.length).toBeGreaterThan(200);
    expect(strategy.log.at(-1)).toBe('stop');
    expect(strategy.log).toEqual(reference.log);
    // The script reached every branch: fills of each type, an expiry, a cancel and a session-end expiry.
    const text = strategy.log.join('\n');
    for (const fragment of ['far_limit_bar expired expired', 'far_gtc cancelled cancelled', 'day_limit expired session_end', 'stop_reverse pos=-2', 'stop_limit pos=-1', 'add rejected symbol_in_position', 'bar ES 1h 22:00']) {
      expect(text).toContain(fragment);
    }
    expect(session.fills().map((f) => `${f.orderId} ${f.price} ${f.ts}`)).toEqual(result.fills.map((f) => `${f.orderId} ${f.price} ${f.ts}`));
    expect(session.status().equity).toBeCloseTo(result.finalEquity, 9);
    // Cancels went to TradersPost for the three working orders that left the book unfilled.
    expect(router.signals.filter((s) => s.signal.action === 'cancel').map((s) => s.signal.extras?.order_id)).toEqual(result.unfilled.map((o) => o.id));
  });

  it('the 22:00 ES hour bar (no ES trade in its last two minutes) is an event at 22:00 with NQ\'s, before the 22:01 minute', async () => {
    const strategy = new ScriptedStrategy();
    const { session } = makeSession(strategy);
    session.start();
    feed(session, [ES, NQ]);
    await session.idle();
    const hour = strategy.log.findIndex((line) => line.startsWith('bar ES 1h 22:00'));
    expect(hour).toBeGreaterThan(0);
    expect(strategy.log[hour + 1]).toMatch(/^bar NQ 1h 22:00 /);
    expect(strategy.log[hour + 2]).toMatch(/^bar ES 1m 22:01 /);
    expect(strategy.log.some((line) => line.startsWith('bar ES 1m 22:00'))).toBe(false);
  });

  it('fillAtSignalClose market orders fill at the signal bar close once acknowledged', async () => {
    class CloseFill implements Strategy {
      readonly name = 'close';
      readonly fills: Fill[] = [];
      subscriptions(): readonly Subscription[] {
        return [{ symbol: 'ES', timeframe: '1m' }];
      }
      onBar(context: StrategyContext, event: BarEvent): void {
        if (event.view.length === 2) context.submit({ symbol: 'ES', side: 'buy', quantity: 1, type: 'market', fillAtSignalClose: true });
      }
      onFill(_context: StrategyContext, fill: Fill): void {
        this.fills.push(fill);
      }
    }
    const strategy = new CloseFill();
    const { session } = makeSession(strategy, { feedSymbols: ['ES'], slippageTicks: 1 });
    for (let k = 1; k <= 3; k++) session.pushBar('ES', { ts: T0 + k * MINUTE_MS, open: 10 + k, high: 11 + k, low: 9 + k, close: 10.5 + k, volume: 1 });
    await session.idle();
    expect(strategy.fills.map((f) => [f.price, f.ts])).toEqual([[12.75, T0 + 2 * MINUTE_MS]]);
  });
});

describe('LiveSession edges', () => {
  /** A strategy submitting one order at the first ES minute bar. */
  class OneShot implements Strategy {
    readonly name = 'one';
    readonly closed: string[] = [];
    context: StrategyContext | undefined;
    private done = false;
    constructor(private readonly request: Parameters<StrategyContext['submit']>[0]) {}
    subscriptions(): readonly Subscription[] {
      return [{ symbol: 'ES', timeframe: '1m' }];
    }
    onBar(context: StrategyContext): void {
      this.context = context;
      if (this.done) return;
      this.done = true;
      context.submit(this.request);
    }
    onOrderClosed(_context: StrategyContext, order: Order, reason: string): void {
      this.closed.push(`${order.id} ${order.status} ${reason}`);
    }
  }

  it('a signal refused by TradersPost rejects the order and releases the gate reservation', async () => {
    const refusing: SignalRouter = { send: async (): Promise<SignalResult> => ({ ok: false, outcome: 'rejected', status: 400, messageCode: 'invalid-action', message: 'Invalid action.', attempts: 1 }) };
    const gate = new PortfolioCoordinator({ maxPositions: 1 });
    const strategy = new OneShot({ symbol: 'ES', side: 'buy', quantity: 1, type: 'market', tag: 'entry' });
    const { session } = makeSession(strategy, { router: refusing, gate });
    session.start();
    session.pushBar('ES', { ts: T0 + MINUTE_MS, open: 1, high: 2, low: 1, close: 2, volume: 1 });
    await session.idle();
    expect(strategy.closed).toEqual(['1 rejected router_rejected: Invalid action.']);
    expect(gate.occupiedSymbols(session.portfolio).size).toBe(0);
    expect(session.status().positions).toEqual([]);
  });

  it('late bars are never processed twice: each is counted and raises an error alert', async () => {
    const strategy = new ScriptedStrategy();
    const { session, logger } = makeSession(strategy, { feedSymbols: ['ES'] });
    session.start();
    const bar = (k: number): Bar => ({ ts: T0 + k * MINUTE_MS, open: 10, high: 11, low: 9, close: 10, volume: 1 });
    session.pushBar('ES', bar(1));
    session.pushBar('ES', bar(2));
    session.pushBar('ES', bar(1));
    session.pushBar('ES', bar(2));
    await session.idle();
    expect(strategy.log.filter((l) => l.startsWith('bar ES 1m'))).toHaveLength(2);
    expect(session.status().lateBars).toBe(2);
    expect(logger.events('live_alert_late_bar').map((r) => r.level)).toEqual(['error', 'error']);
    expect(session.status().alerts.map((a) => a.kind)).toEqual(['late_bar', 'late_bar']);
  });

  it('a symbol silent for a minute: the batch is released when the clock passes close + grace', async () => {
    const strategy = new ScriptedStrategy();
    const { session, clock } = makeSession(strategy, { barGraceMs: 2000 });
    session.start();
    session.pushBar('ES', { ts: T0 + MINUTE_MS, open: 10, high: 11, low: 9, close: 10, volume: 1 });
    await session.idle();
    expect(strategy.log.some((l) => l.startsWith('bar ES 1m'))).toBe(false);
    clock.set(T0 + MINUTE_MS + 1999);
    await session.idle();
    expect(strategy.log.some((l) => l.startsWith('bar ES 1m'))).toBe(false);
    clock.advance(1);
    await session.idle();
    expect(strategy.log.filter((l) => l.startsWith('bar ES 1m'))).toHaveLength(1);
  });

  it('an hour bin whose last minutes had no trades is closed by the clock at its end + grace', async () => {
    const strategy = new ScriptedStrategy();
    const { session, clock } = makeSession(strategy, { barGraceMs: 1000, feedSymbols: ['ES'] });
    session.start();
    session.pushBar('ES', { ts: T0 + 58 * MINUTE_MS, open: 10, high: 12, low: 9, close: 11, volume: 3 });
    await session.idle();
    clock.set(T0 + 60 * MINUTE_MS + 999);
    await session.idle();
    expect(strategy.log.some((l) => l.startsWith('bar ES 1h'))).toBe(false);
    clock.advance(1);
    await session.idle();
    expect(strategy.log.filter((l) => l.startsWith('bar ES 1h'))).toEqual(['bar ES 1h 22:00 n=1 ohlc=10,12,9,11 v=3 prev=NaN pos=0 orders=0 pnl=0.00']);
    // A minute of that hour arriving now is late for the hour bin and dropped.
    session.pushBar('ES', { ts: T0 + 59 * MINUTE_MS, open: 11, high: 11, low: 11, close: 11, volume: 1 });
    await session.idle();
    expect(session.status().lateBars).toBe(1);
  });

  it('bounded memory: views keep only historyBars readable bars but count them all', async () => {
    const strategy = new ScriptedStrategy();
    const { session } = makeSession(strategy, { historyBars: 16, feedSymbols: ['ES'] });
    session.start();
    for (let k = 1; k <= 100; k++) session.pushBar('ES', { ts: T0 + k * MINUTE_MS, open: k, high: k + 1, low: k - 0.5, close: k, volume: 1 });
    await session.idle();
    expect(strategy.log.filter((l) => l.startsWith('bar ES 1m')).at(-1)).toMatch(/^bar ES 1m 22:40 n=100 ohlc=100,101,99.5,100 v=1 prev=99 /);
  });

  it('warm-up: bars before tradeFromTs reach the strategy, its orders are refused with warm_up — as the backtest\'s tradeStartTs', async () => {
    const tradeFrom = T0 + 45 * MINUTE_MS;
    const reference = new ScriptedStrategy();
    runBacktest({
      series: [ES, consolidateBars(ES, HOUR_MS, { session: SESSION }), NQ, consolidateBars(NQ, HOUR_MS, { session: SESSION })],
      strategies: [reference],
      startingCash: 50_000,
      session: SESSION,
      closeAtEnd: false,
      tradeStartTs: tradeFrom,
    });
    const strategy = new ScriptedStrategy();
    const { session, router } = makeSession(strategy, { tradeFromTs: tradeFrom });
    session.start();
    feed(session, [ES, NQ]);
    await session.idle();
    await session.stop();
    expect(strategy.log).toEqual(reference.log);
    // Every bar was seen, the five orders of the first 45 minutes were refused, the later ones sent.
    expect(strategy.log.filter((l) => l.startsWith('bar ES 1m'))).toHaveLength(ES.length);
    expect(strategy.log.filter((l) => l.endsWith('rejected warm_up')).map((l) => l.split(' ')[2])).toEqual(['entry', 'add', 'exit', 'far_limit_bar', 'near_limit']);
    const entries = router.signals.filter((s) => s.signal.action !== 'cancel');
    expect(entries.length).toBeGreaterThan(2);
    for (const s of entries) expect(Date.parse(String(s.signal.extras?.bar_time))).toBeGreaterThanOrEqual(tradeFrom);
  });

  it('stop(): later submits are refused with session_stopping, onStop runs once, nothing is flattened', async () => {
    const strategy = new OneShot({ symbol: 'ES', side: 'buy', quantity: 1, type: 'market', tag: 'entry' });
    const { session, router } = makeSession(strategy, { feedSymbols: ['ES'] });
    session.start();
    session.pushBar('ES', { ts: T0 + MINUTE_MS, open: 10, high: 10, low: 10, close: 10, volume: 1 });
    session.pushBar('ES', { ts: T0 + 2 * MINUTE_MS, open: 11, high: 11, low: 11, close: 11, volume: 1 });
    await session.idle();
    await session.stop();
    expect(session.status()).toMatchObject({ accepting: false, fills: 1, positions: [{ strategy: 'one', symbol: 'ES', quantity: 1, averagePrice: 11 }] });
    expect(strategy.context?.submit({ symbol: 'ES', side: 'sell', quantity: 1, type: 'market' })).toBeUndefined();
    expect(strategy.closed).toEqual(['2 rejected session_stopping']);
    expect(router.signals).toHaveLength(1);
  });

  it('stop() drops bars not yet processed (no new signal from them) but waits for the signal in flight', async () => {
    let answer: (result: SignalResult) => void = () => undefined;
    const slow: SignalRouter = { send: () => new Promise<SignalResult>((resolve) => (answer = resolve)) };
    const strategy = new ScriptedStrategy();
    const { session } = makeSession(strategy, { router: slow, feedSymbols: ['ES'] });
    session.start();
    for (let k = 1; k <= 8; k++) session.pushBar('ES', { ts: T0 + k * MINUTE_MS, open: 10, high: 10, low: 10, close: 10, volume: 1 });
    // Minute 5 submitted an order; minutes 6-8 wait for its answer.
    expect(strategy.log.filter((l) => l.startsWith('bar ES 1m'))).toHaveLength(5);
    const stopped = session.stop();
    answer({ ok: true, outcome: 'acknowledged', status: 200, attempts: 1 });
    await stopped;
    expect(strategy.log.filter((l) => l.startsWith('bar ES 1m'))).toHaveLength(5);
    expect(strategy.log.at(-1)).toBe('stop');
    expect(session.status()).toMatchObject({ signalsInFlight: 0, openOrders: 1, fills: 0, accepting: false });
  });

  it('exits after a roll go to the contract the position was opened in', async () => {
    let contract = 'ESH5';
    const router = new DryRunRouter();
    class EnterThenExit implements Strategy {
      readonly name = 'roll';
      private n = 0;
      subscriptions(): readonly Subscription[] {
        return [{ symbol: 'ES', timeframe: '1m' }];
      }
      onBar(context: StrategyContext): void {
        this.n++;
        if (this.n === 1) context.submit({ symbol: 'ES', side: 'buy', quantity: 1, type: 'market' });
        if (this.n === 3) context.submit({ symbol: 'ES', side: 'sell', quantity: 1, type: 'market' });
        if (this.n === 4) context.submit({ symbol: 'ES', side: 'buy', quantity: 1, type: 'market' });
      }
    }
    const { session } = makeSession(new EnterThenExit(), { router, ticker: () => contract, feedSymbols: ['ES'] });
    session.start();
    for (let k = 1; k <= 5; k++) {
      if (k === 3) contract = 'ESM5';
      session.pushBar('ES', { ts: T0 + k * MINUTE_MS, open: 10, high: 10, low: 10, close: 10, volume: 1 });
    }
    await session.idle();
    expect(router.signals.map((s) => `${s.signal.action} ${s.signal.ticker}`)).toEqual(['buy ESH5', 'exit ESH5', 'buy ESM5']);
  });

  it('a strategy exception stops processing and is reported', async () => {
    const failures: Error[] = [];
    class Throws implements Strategy {
      readonly name = 'bad';
      subscriptions(): readonly Subscription[] {
        return [{ symbol: 'ES', timeframe: '1m' }];
      }
      onBar(): void {
        throw new Error('boom');
      }
    }
    const { session } = makeSession(new Throws(), { onFailure: (error) => failures.push(error), feedSymbols: ['ES'] });
    session.pushBar('ES', { ts: T0 + MINUTE_MS, open: 10, high: 10, low: 10, close: 10, volume: 1 });
    await expect(session.idle()).rejects.toThrow('boom');
    expect(failures.map((e) => e.message)).toEqual(['boom']);
  });

  it('rejects subscriptions finer than the 1-minute feed', () => {
    const strategy: Strategy = { name: 's', subscriptions: () => [{ symbol: 'ES', timeframe: '1s' }], onBar: () => undefined };
    expect(() => makeSession(strategy)).toThrow('live sessions are fed 1-minute bars');
  });

  it('signals carry the order as TradersPost fields', async () => {
    const strategy = new OneShot({ symbol: 'ES', side: 'sell', quantity: 2, type: 'limit', limitPrice: 10.13, timeInForce: 'day', tag: 'entry' });
    const { session, router } = makeSession(strategy, { feedSymbols: ['ES'], ticker: () => 'ESH5' });
    session.pushBar('ES', { ts: T0 + MINUTE_MS, open: 10, high: 10, low: 10, close: 10, volume: 1 });
    await session.idle();
    const body: TradersPostSignal = router.signals[0].signal;
    expect(body).toEqual({
      ticker: 'ESH5',
      action: 'sell',
      sentiment: 'bearish',
      quantity: 2,
      orderType: 'limit',
      limitPrice: 10.25,
      timeInForce: 'day',
      price: 10,
      time: new Date(T0).toISOString(),
      extras: { strategy: 'one', order_id: 1, tag: 'entry', bar_time: new Date(T0 + MINUTE_MS).toISOString(), signal_id: 'test-1' },
    });
  });
});

describe('LiveSession: bars close on evidence, not on a timer alone (issue 8)', () => {
  /** Buys at the close of every hour bar it sees flat, sells at the next one: records fills and hour bars. */
  class HourTrader implements Strategy {
    readonly name = 'hours';
    readonly hours: string[] = [];
    readonly fills: string[] = [];
    subscriptions(): readonly Subscription[] {
      return [
        { symbol: 'ES', timeframe: '1h' },
        { symbol: 'NQ', timeframe: '1h', role: 'reference' },
      ];
    }
    onBar(context: StrategyContext, event: BarEvent): void {
      if (event.symbol !== 'ES') return;
      const v = event.view;
      this.hours.push(`${iso(event.ts)} ${v.open()} ${v.high()} ${v.low()} ${v.close()} ${v.volume()}`);
      const position = context.position('ES');
      context.submit({ symbol: 'ES', side: position > 0 ? 'sell' : 'buy', quantity: 1, type: 'market' });
    }
    onFill(_context: StrategyContext, fill: Fill): void {
      this.fills.push(`${fill.side} ${fill.price} ${iso(fill.ts)}`);
    }
  }

  function reference(): HourTrader {
    const strategy = new HourTrader();
    runBacktest({
      series: [ES, consolidateBars(ES, HOUR_MS, { session: SESSION }), NQ, consolidateBars(NQ, HOUR_MS, { session: SESSION })],
      strategies: [strategy],
      startingCash: 50_000,
      session: SESSION,
      closeAtEnd: false,
    });
    return strategy;
  }

  it('an outage across hour ends: the wall clock closes nothing while the feed is down or replaying; the replayed minutes complete the hour bars, and fills land on the backtest\'s minutes', async () => {
    const expected = reference();
    expect(expected.fills.length).toBeGreaterThan(2);
    const strategy = new HourTrader();
    const { session, clock } = makeSession(strategy, { barGraceMs: 1000 });
    session.start();
    const bars: { symbol: string; bar: Bar }[] = [];
    for (const s of [ES, NQ]) for (const bar of s.toBars()) bars.push({ symbol: s.symbol, bar });
    bars.sort((a, b) => a.bar.ts - b.bar.ts || (a.symbol < b.symbol ? -1 : 1));
    // Live until 21:58 (the clock follows the bars), then the feed drops.
    const cut = T0 + 58 * MINUTE_MS;
    for (const { symbol, bar } of bars.filter((b) => b.bar.ts <= cut)) {
      clock.set(bar.ts + 200);
      session.pushBar(symbol, bar);
    }
    await session.idle();
    session.setFeedLive(false);
    // Eighty minutes pass on the wall clock without data: no minute and no hour bar may close now.
    clock.set(cut + 80 * MINUTE_MS);
    await session.idle();
    const hoursBefore = strategy.hours.length;
    expect(strategy.hours.map((h) => h.slice(0, 5))).not.toContain('22:00');
    // The replay brings every missed minute, fast, then the feed is caught up.
    for (const { symbol, bar } of bars.filter((b) => b.bar.ts > cut)) session.pushBar(symbol, bar);
    session.endOfInterval();
    session.setFeedLive(true);
    await session.idle();
    expect(strategy.hours.length).toBeGreaterThan(hoursBefore);
    expect(strategy.hours).toEqual(expected.hours);
    expect(strategy.fills).toEqual(expected.fills);
    expect(session.status().lateBars).toBe(0);
    expect(session.status().alerts).toEqual([]);
  });

  it('a minute that arrives after its hour bar closed is an error alert, never merged silently', async () => {
    const strategy = new HourTrader();
    const { session, clock, logger } = makeSession(strategy, { barGraceMs: 1000, feedSymbols: ['ES'] });
    session.start();
    session.pushBar('ES', { ts: T0 + 58 * MINUTE_MS, open: 10, high: 12, low: 9, close: 11, volume: 3 });
    clock.set(T0 + 60 * MINUTE_MS + 1000);
    await session.idle();
    expect(strategy.hours).toHaveLength(1);
    session.pushBar('ES', { ts: T0 + 59 * MINUTE_MS, open: 11, high: 11, low: 11, close: 11, volume: 1 });
    await session.idle();
    expect(strategy.hours).toHaveLength(1);
    expect(session.status().alerts.map((a) => a.kind)).toEqual(['late_bar']);
    expect(logger.events('live_alert_late_bar')[0].level).toBe('error');
  });

  it('the gateway\'s stream time closes a minute and a bin while the feed is live (a symbol without trades)', async () => {
    const strategy = new HourTrader();
    const { session, clock } = makeSession(strategy, { barGraceMs: 5000, feedSymbols: ['ES', 'NQ'] });
    session.start();
    session.pushBar('ES', { ts: T0 + 60 * MINUTE_MS, open: 10, high: 12, low: 9, close: 11, volume: 3 });
    await session.idle();
    // NQ had no trade in that minute; the clock is not past the grace yet, but a heartbeat says the gateway is.
    clock.set(T0 + 60 * MINUTE_MS + 100);
    session.streamTime(T0 + 60 * MINUTE_MS + 6000);
    await session.idle();
    expect(strategy.hours).toEqual(['22:00 10 12 9 11 3']);
  });

  it('status: the last bar of each symbol is known (heartbeat lastBar), and live_fill log lines are stamped with the wall time and name the fill bar', async () => {
    const strategy = new HourTrader();
    const wall = Date.UTC(2026, 0, 1);
    const clock = new FakeClock(wall);
    const lines: string[] = [];
    const logger = new JsonLineLogger({ write: (line) => lines.push(line), now: () => clock.now() });
    const session = new LiveSession({ strategies: [strategy], clock, router: new DryRunRouter(), startingCash: 50_000, runId: 'test', session: SESSION, logger, feedSymbols: ['ES'] });
    session.start();
    for (let k = 1; k <= 62; k++) {
      clock.set(wall + k);
      session.pushBar('ES', { ts: T0 + k * MINUTE_MS, open: 10, high: 11, low: 9, close: 10, volume: 1 });
    }
    await session.idle();
    expect(session.status().lastBarTs.ES).toBe(T0 + 62 * MINUTE_MS);
    const fill = lines.map((l) => JSON.parse(l) as { ts: string; event: string; fillBarTs?: string }).find((r) => r.event === 'live_fill');
    expect(fill?.fillBarTs).toBe(new Date(T0 + 61 * MINUTE_MS).toISOString());
    expect(Date.parse(fill?.ts ?? '')).toBeGreaterThan(wall);
  });
});
