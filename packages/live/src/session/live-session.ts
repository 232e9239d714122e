import {
  Account,
  DEFAULT_SESSION,
  EngineContext,
  MINUTE_MS,
  PendingOrders,
  RooneyError,
  TradingSession,
  accountPortfolioView,
  contractSpec,
  fillOrder,
  fillPriceOnBar,
  isEntryOrder,
  marginShortfall,
  makeOrder,
  roundOrderPrices,
  timeframeMs,
  timeframeName,
  validateOrderRequest,
} from '@rooney/core';
import type {
  Bar,
  BarView,
  Clock,
  ContractSpec,
  Fill,
  Order,
  OrderGate,
  OrderRequest,
  PendingEntry,
  PortfolioView,
  Position,
  SessionSpec,
  Strategy,
  Subscription,
  Trade,
} from '@rooney/core';
import { BarConsolidator } from '@rooney/data';
import type { LiveClock, TimerHandle } from '@rooney/databento';
import type { Logger } from '@rooney/databento';
import { SILENT_LOGGER } from '@rooney/databento';
import type { SignalResult, SignalRouter, TradersPostSignal } from '../traderspost/traderspost-signal.ts';
import { MinuteBatcher } from './minute-batcher.ts';
import type { MinuteBatch } from './minute-batcher.ts';
import { RingBarView } from './ring-bar-view.ts';
import { cancelSignal, signalForOrder } from './signal-mapping.ts';

/** Where the session writes its orders, signals and fills (the `TradeStore` implements it). */
export interface TradeJournal {
  /** A new order (any status), with the signal sent for it when one is. */
  recordOrder(order: Order, signal: { readonly id: string; readonly body: TradersPostSignal } | undefined, reason?: string): void;
  /** The router's answer for a signal. */
  recordSignalResult(orderId: number, signalId: string, result: SignalResult): void;
  /** A simulated fill, its order's new status and the trades it closed: one transaction. */
  recordFill(order: Order, fill: Fill, trades: readonly Trade[]): void;
  /** An order left the book without a fill (rejected, cancelled, expired). */
  recordOrderStatus(order: Order, reason: string): void;
}

export interface LiveSessionOptions {
  readonly strategies: readonly Strategy[];
  /** Wall clock and timers (the batching grace and bin-scan timers). */
  readonly clock: LiveClock;
  /** Where signals go: `TradersPostClient`, or a dry-run router. */
  readonly router: SignalRouter;
  readonly startingCash: number;
  /** Makes signal ids unique across runs: signal id = `${runId}-${orderId}`. */
  readonly runId: string;
  readonly contracts?: Readonly<Record<string, ContractSpec>>;
  /** Session boundaries: bins of hour/day bars, `day` orders, session PnL. Default 23:00 UTC. */
  readonly session?: SessionSpec;
  /** Risk gate consulted before every entry (the portfolio coordinator, shared with other sessions). */
  readonly gate?: OrderGate;
  readonly journal?: TradeJournal;
  readonly logger?: Logger;
  /** Bars kept readable per series (ring buffers). Default 10,000. */
  readonly historyBars?: number;
  /**
   * Bars closing before this time warm strategies up, as the backtest's `tradeStartTs` does:
   * strategies see them (`onBar`, indicators, features), but an order submitted then is refused
   * (`onOrderClosed` with reason `warm_up`; no order id, no signal, nothing journaled).
   */
  readonly tradeFromTs?: number;
  /** Wait after a minute's close for other symbols' bars (and for a bin without trades to end). Default 5,000 ms. */
  readonly barGraceMs?: number;
  /** Symbols the feed delivers (a minute is complete when all have a bar). Default: every subscribed symbol. */
  readonly feedSymbols?: readonly string[];
  /** TradersPost ticker of a symbol now, e.g. the front contract `ESH5`. Default: the symbol. */
  readonly ticker?: (symbol: string) => string;
  /** Slippage in ticks of the simulated fills. Default 0. */
  readonly slippageTicks?: number;
  /** Refuse entries whose initial margin would exceed equity, as the backtest does (default true). */
  readonly marginCheck?: boolean;
  /** First order id (continue a trade store's numbering). Default 1. */
  readonly firstOrderId?: number;
  /** Called once when processing stops on an exception (a strategy or the journal threw). */
  readonly onFailure?: (error: Error) => void;
}

/** A snapshot for heartbeats and status lines. */
export interface LiveSessionStatus {
  /** Event time of the last processed bar (epoch ms), NaN before the first. */
  readonly eventTs: number;
  /** Close time of the last minute bar received per symbol. */
  readonly lastBarTs: Readonly<Record<string, number>>;
  /** Wall time each symbol's last bar arrived. */
  readonly lastBarReceivedTs: Readonly<Record<string, number>>;
  readonly positions: readonly (Position & { readonly strategy: string })[];
  readonly cash: number;
  readonly equity: number;
  readonly sessionPnl: number;
  readonly openOrders: number;
  readonly signalsInFlight: number;
  readonly ordersSubmitted: number;
  readonly fills: number;
  readonly lateBars: number;
  readonly accepting: boolean;
}

interface Stream {
  readonly symbol: string;
  readonly barMs: number;
  readonly timeframe: string;
  readonly view: RingBarView;
  readonly subscribers: { readonly strategy: Strategy; readonly context: LiveContext }[];
  readonly event: { symbol: string; timeframe: string; ts: number; view: BarView };
  /** Event time of the newest bar pushed (the stream has an event at `t` when this equals `t`). */
  freshTs: number;
}

type RouterState = 'sending' | 'working';

/** The strategy's handle on a live session: core's `EngineContext` over ring-buffer views. */
type LiveContext = EngineContext<RingBarView>;

interface PendingOrder extends PendingEntry {
  readonly context: LiveContext;
  readonly ticker: string;
  state: RouterState;
  /** Price to fill a `fillAtSignalClose` market order at once acknowledged. */
  readonly signalClose: number;
}

interface SymbolState {
  readonly symbol: string;
  /** Index of the symbol in the account's marks (subscription order). */
  readonly index: number;
  readonly minute: Stream;
  /** Consolidated streams (coarser than a minute), with their consolidators. */
  readonly coarse: { readonly stream: Stream; readonly consolidator: BarConsolidator }[];
  /** The symbol's list in the session's `PendingOrders` book (read here, changed only through the book). */
  readonly pending: PendingOrder[];
  lastPrice: number;
  lastBarTs: number;
  lastReceivedTs: number;
}

type Step = { readonly kind: 'minute'; readonly batch: MinuteBatch } | { readonly kind: 'scan'; readonly ts: number };

/**
 * A live run of the same `Strategy` objects the backtest runs: an implementation of
 * `StrategyContext` fed by 1-minute bars, routing orders as TradersPost signals.
 *
 * Data: each symbol's 1-minute bars go to a ring-buffer `BarView` and through `BarConsolidator`s
 * (session-aligned, as the backtest's `consolidateBars`) into the coarser views strategies
 * subscribe to. Strategies only ever see completed bars. Bars are grouped by close time
 * ({@link MinuteBatcher}) and processed one time step at a time, in the backtest engine's order:
 * session start → fills of pending orders on each symbol's minute bar (symbols in subscription
 * order) → every bar closing now becomes visible → `onBar` for finer timeframes first, symbols in
 * order, strategies in order → expiry of `bar` orders. A coarse bin that ends without a minute bar
 * at its end (no trades in its last minute) is emitted when a later bar arrives or when the clock
 * passes its end + grace, and processed at its own time, as the backtest does.
 *
 * Orders: `submit` checks the order like the backtest broker, asks the gate (entries only), and
 * sends a TradersPost signal ({@link signalForOrder}). The next time step waits until every signal
 * in flight was answered, so a strategy's view of its orders is never ambiguous. A refused signal
 * rejects the order (`onOrderClosed` with reason `router_rejected: …`).
 *
 * Simulated-fill assumption: TradersPost webhooks are one-way (a 200 means "received"), so fills
 * are not observed. An acknowledged order is assumed to fill exactly as the backtest's simulated
 * broker fills it (`fillPriceOnBar`): market orders at the open of the next minute bar, limit and
 * stop orders when a later minute bar trades through their price, `fillAtSignalClose` market orders
 * at the signal bar's close. Positions, PnL, `onFill`/`onTrade` and the gate follow these simulated
 * fills, booked by the backtest's own `Account`, `PendingOrders` and order rules (`@rooney/core`);
 * compare them with the broker's statement (the heartbeat prints them). Working orders that
 * expire or are cancelled locally send a TradersPost `cancel` for their ticker.
 *
 * Time: `portfolio.ts` and order times are event (bar) times, as in the backtest; `context.clock` is
 * the wall clock.
 */
export class LiveSession {
  readonly portfolio: PortfolioView;
  private readonly options: LiveSessionOptions;
  private readonly clock: LiveClock;
  private readonly logger: Logger;
  private readonly account: Account;
  private readonly book = new PendingOrders<PendingOrder>();
  private readonly tradingSession: TradingSession;
  private readonly symbols = new Map<string, SymbolState>();
  private readonly symbolOrder: SymbolState[] = [];
  private readonly streams: Stream[] = [];
  private readonly contexts: LiveContext[] = [];
  private readonly contracts = new Map<string, ContractSpec>();
  private readonly batcher: MinuteBatcher;
  /** Queued time steps; `stepHead` is the next one (a head index, not `shift()`, keeps a long queue O(1)). */
  private readonly steps: Step[] = [];
  private stepHead = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly recentFills: Fill[] = [];
  private readonly recentTrades: Trade[] = [];
  /** TradersPost ticker each open position was entered with (strategy NUL symbol). */
  private readonly positionTickers = new Map<string, string>();
  private pumping: Promise<void> = Promise.resolve();
  private pumpRunning = false;
  private scanTimer: TimerHandle | undefined;
  private clockScansHeld = false;
  private nextOrderId: number;
  private ordersSubmitted = 0;
  private fillCount = 0;
  private lateBars = 0;
  private started = false;
  private accepting = true;
  private failure: Error | undefined;
  eventTs = Number.NaN;
  private readonly expireEntry = (entry: PendingOrder): void => this.closeUnfilled(entry, 'expired', 'expired');
  private readonly expireAtSessionEnd = (entry: PendingOrder): void => this.closeUnfilled(entry, 'expired', 'session_end');

  constructor(options: LiveSessionOptions) {
    if (!(options.startingCash > 0)) throw new RooneyError('invalid_parameter', `"startingCash" must be > 0, was ${options.startingCash}`);
    this.options = options;
    this.clock = options.clock;
    this.logger = options.logger ?? SILENT_LOGGER;
    this.tradingSession = new TradingSession(options.session ?? DEFAULT_SESSION, options.startingCash);
    this.nextOrderId = options.firstOrderId ?? 1;
    const wanted = options.strategies.map((strategy) => ({ strategy, subscriptions: strategy.subscriptions() }));
    const symbols = [...new Set(wanted.flatMap((w) => w.subscriptions.map((s) => s.symbol)))];
    this.account = new Account(options.startingCash, symbols);
    this.portfolio = accountPortfolioView(this.account, this.tradingSession, () => this.eventTs, () => this.book.orders());
    this.subscribeStrategies(wanted);
    const feed = options.feedSymbols ?? this.symbolOrder.map((s) => s.symbol);
    this.batcher = new MinuteBatcher({
      expectedSymbols: feed.filter((symbol) => this.symbols.has(symbol)),
      clock: this.clock,
      graceMs: options.barGraceMs ?? 5000,
      onBatch: (batch) => this.enqueue({ kind: 'minute', batch }),
      onDrop: (symbol, bar, reason) => {
        this.lateBars++;
        this.logger.log('warn', 'live_bar_dropped', { symbol, barTs: new Date(bar.ts).toISOString(), reason });
      },
    });
  }

  /** The wall clock strategies see as `context.clock`. */
  get wallClock(): Clock {
    return this.clock;
  }

  /** The error that stopped processing (a strategy or journal exception), if any. */
  get failed(): Error | undefined {
    return this.failure;
  }

  /** Symbols the strategies subscribe to, in subscription order. */
  get subscribedSymbols(): readonly string[] {
    return this.symbolOrder.map((s) => s.symbol);
  }

  /** Calls every strategy's `onStart`. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const context of this.contexts) context.owner.onStart?.(context);
  }

  /**
   * Feeds one 1-minute bar of `symbol`, stamped at its close. Returns at once; the bar is processed
   * in order on the session's queue. Bars of symbols no strategy subscribes to are ignored.
   */
  pushBar(symbol: string, bar: Bar): void {
    if (!this.accepting) return;
    const state = this.symbols.get(symbol);
    if (state === undefined) return;
    state.lastReceivedTs = this.clock.now();
    if (bar.ts > state.lastBarTs) state.lastBarTs = bar.ts;
    this.batcher.add(symbol, bar);
  }

  /** The feed says every bar of the current minute was published (Databento end-of-interval): process it now. */
  endOfInterval(): void {
    this.batcher.flush();
  }

  /**
   * Stops the clock from closing bins until {@link releaseClockScans}: for the wait between a
   * history download and the live feed's replay of the bars after it, when the wall clock is ahead
   * of every bar the session has. Bins still close as later bars arrive.
   */
  holdClockScans(): void {
    this.clockScansHeld = true;
    if (this.scanTimer !== undefined) this.clock.clearTimer(this.scanTimer);
    this.scanTimer = undefined;
  }

  /** Lets the clock close bins again (see {@link holdClockScans}). */
  releaseClockScans(): void {
    if (!this.clockScansHeld) return;
    this.clockScansHeld = false;
    if (!this.pumpRunning) this.armScanTimer();
  }

  /** Resolves once every queued bar is processed and every signal answered; rejects if processing failed. */
  async idle(): Promise<void> {
    while (this.pumpRunning || this.inFlight.size > 0 || this.stepHead < this.steps.length) {
      if (this.pumpRunning) await this.pumping;
      else if (this.inFlight.size > 0) await Promise.all(this.inFlight);
      else this.pumping = this.pump();
    }
    if (this.failure !== undefined) throw this.failure;
  }

  /**
   * Stops at once: no more bars are taken, bars not yet processed are dropped (no new signal can
   * come from them), later `submit` calls are refused with `session_stopping`; then waits for the
   * answers of the signals already sent (so they are journaled) and calls every strategy's
   * `onStop`. Open positions are left as they are (nothing is flattened). Call `idle()` first to
   * finish the queued bars instead.
   */
  async stop(): Promise<void> {
    if (!this.accepting) return;
    this.accepting = false;
    this.batcher.dispose();
    const dropped = this.steps.length - this.stepHead;
    this.steps.length = 0;
    this.stepHead = 0;
    if (this.scanTimer !== undefined) this.clock.clearTimer(this.scanTimer);
    this.scanTimer = undefined;
    if (dropped > 0) this.logger.log('warn', 'live_session_stop_dropped_steps', { steps: dropped });
    await this.idle().catch(() => undefined);
    for (const context of this.contexts) context.owner.onStop?.(context);
    this.logger.log('info', 'live_session_stopped', { ordersSubmitted: this.ordersSubmitted, fills: this.fillCount });
  }

  status(): LiveSessionStatus {
    const lastBarTs: Record<string, number> = {};
    const lastBarReceivedTs: Record<string, number> = {};
    for (const state of this.symbolOrder) {
      lastBarTs[state.symbol] = state.lastBarTs;
      lastBarReceivedTs[state.symbol] = state.lastReceivedTs;
    }
    const positions: (Position & { strategy: string })[] = [];
    for (const context of this.contexts) for (const p of this.account.positionList(context.strategy)) positions.push({ ...p, strategy: context.strategy });
    return {
      eventTs: this.eventTs,
      lastBarTs,
      lastBarReceivedTs,
      positions,
      cash: this.account.cash,
      equity: this.account.equity(),
      sessionPnl: this.account.equity() - this.tradingSession.startEquity,
      openOrders: this.book.orders().length,
      signalsInFlight: this.inFlight.size,
      ordersSubmitted: this.ordersSubmitted,
      fills: this.fillCount,
      lateBars: this.lateBars,
      accepting: this.accepting,
    };
  }

  /** Simulated fills so far (newest last). */
  fills(): readonly Fill[] {
    return this.recentFills;
  }

  /** Trades closed so far. */
  trades(): readonly Trade[] {
    return this.recentTrades;
  }

  // ---- setup ---------------------------------------------------------------------------------

  /** Symbol states and streams in subscription order (the account's symbol order), one context per strategy. */
  private subscribeStrategies(wanted: readonly { readonly strategy: Strategy; readonly subscriptions: readonly Subscription[] }[]): void {
    const capacity = this.options.historyBars ?? 10_000;
    const names = new Set<string>();
    for (const { strategy, subscriptions } of wanted) {
      if (names.has(strategy.name)) throw new RooneyError('duplicate_strategy', `two strategies are named "${strategy.name}"`);
      names.add(strategy.name);
      const context: LiveContext = new EngineContext(this, strategy, this.clock, this.account, this.book);
      this.contexts.push(context);
      for (const subscription of subscriptions) {
        const barMs = timeframeMs(subscription.timeframe);
        if (barMs < MINUTE_MS || barMs % MINUTE_MS !== 0) {
          throw new RooneyError('unsupported_timeframe', `strategy "${strategy.name}" wants ${subscription.symbol} ${subscription.timeframe} bars; live sessions are fed 1-minute bars`);
        }
        const state = this.symbolState(subscription.symbol, capacity);
        let stream = barMs === MINUTE_MS ? state.minute : state.coarse.find((c) => c.stream.barMs === barMs)?.stream;
        if (stream === undefined) {
          const created = this.makeStream(subscription.symbol, barMs, capacity);
          const consolidator = new BarConsolidator(barMs, { session: this.options.session ?? DEFAULT_SESSION, inputBarMs: MINUTE_MS }, (bar) => {
            created.view.pushBar(bar);
            created.freshTs = bar.ts;
          });
          state.coarse.push({ stream: created, consolidator });
          state.coarse.sort((a, b) => a.stream.barMs - b.stream.barMs);
          stream = created;
        }
        stream.subscribers.push({ strategy, context });
        context.attach(subscription, stream.view);
      }
    }
    this.streams.sort((a, b) => a.barMs - b.barMs || (this.symbols.get(a.symbol) as SymbolState).index - (this.symbols.get(b.symbol) as SymbolState).index);
  }

  private symbolState(symbol: string, capacity: number): SymbolState {
    let state = this.symbols.get(symbol);
    if (state === undefined) {
      state = {
        symbol,
        index: this.symbolOrder.length,
        minute: this.makeStream(symbol, MINUTE_MS, capacity),
        coarse: [],
        pending: this.book.list(symbol),
        lastPrice: Number.NaN,
        lastBarTs: Number.NaN,
        lastReceivedTs: Number.NaN,
      };
      this.symbols.set(symbol, state);
      this.symbolOrder.push(state);
      this.contracts.set(symbol, this.options.contracts?.[symbol] ?? contractSpec(symbol));
    }
    return state;
  }

  private makeStream(symbol: string, barMs: number, capacity: number): Stream {
    const view = new RingBarView(symbol, barMs, capacity);
    const timeframe = timeframeName(barMs);
    const stream: Stream = { symbol, barMs, timeframe, view, subscribers: [], event: { symbol, timeframe, ts: Number.NaN, view }, freshTs: Number.NaN };
    this.streams.push(stream);
    return stream;
  }

  // ---- the queue -------------------------------------------------------------------------------

  private enqueue(step: Step): void {
    this.steps.push(step);
    if (!this.pumpRunning) this.pumping = this.pump();
  }

  /**
   * Processes queued steps in order. Runs synchronously while no signal is in flight; `pumpRunning`
   * is set and cleared synchronously, so a step queued while the pump waits joins its loop and a
   * step queued after it finished starts a new one.
   */
  private async pump(): Promise<void> {
    this.pumpRunning = true;
    try {
      while (this.stepHead < this.steps.length) {
        // Signals sent on earlier bars are answered before the next bar is processed.
        while (this.inFlight.size > 0) await Promise.all(this.inFlight);
        const step = this.steps[this.stepHead++];
        if (this.stepHead === this.steps.length) {
          this.steps.length = 0;
          this.stepHead = 0;
        } else if (this.stepHead >= 4096 && this.stepHead * 2 >= this.steps.length) {
          this.steps.splice(0, this.stepHead);
          this.stepHead = 0;
        }
        if (this.failure !== undefined) continue;
        try {
          if (step.kind === 'minute') this.processMinute(step.batch);
          else this.processScan(step.ts);
        } catch (error) {
          this.fail(error as Error);
        }
      }
      this.armScanTimer();
    } finally {
      this.pumpRunning = false;
    }
  }

  // ---- time steps ------------------------------------------------------------------------------

  private processMinute(batch: MinuteBatch): void {
    const t = batch.ts;
    this.scanThrough(t - 1);
    this.eventTs = t;
    if (t > this.tradingSession.closeTs) this.startSession(t);
    // 1. Fills on each symbol's minute bar closing now.
    for (const state of this.symbolOrder) {
      const bar = batch.bars.get(state.symbol);
      if (bar !== undefined) this.fillOn(state, bar);
    }
    // 2. Every bar closing now becomes visible: the minute bars, the bins they complete, and the bins
    //    ending now for symbols without a bar at `t` (the minute is released, so nothing can join them).
    for (const state of this.symbolOrder) {
      const bar = batch.bars.get(state.symbol);
      if (bar === undefined) continue;
      state.minute.view.pushBar(bar);
      state.minute.freshTs = t;
      for (const { consolidator } of state.coarse) this.updateConsolidator(consolidator, state.symbol, bar);
    }
    for (const state of this.symbolOrder) for (const { consolidator } of state.coarse) consolidator.scan(t);
    // 3. Bar events, finer timeframes first; 4. expiry.
    this.dispatch(t);
    this.expireBarOrders();
  }

  private processScan(ts: number): void {
    this.batcher.releaseThrough(ts);
    this.scanThrough(ts);
  }

  /** Emits every consolidated bin ending at or before `ts` and processes each at its own time. */
  private scanThrough(ts: number): void {
    for (;;) {
      let next = Number.POSITIVE_INFINITY;
      for (const state of this.symbolOrder) {
        for (const { consolidator } of state.coarse) {
          const end = consolidator.workingBinEnd;
          if (end <= ts && end < next) next = end;
        }
      }
      if (next === Number.POSITIVE_INFINITY) return;
      for (const state of this.symbolOrder) for (const { consolidator } of state.coarse) consolidator.scan(next);
      this.eventTs = next;
      if (next > this.tradingSession.closeTs) this.startSession(next);
      this.dispatch(next);
      this.expireBarOrders();
    }
  }

  private updateConsolidator(consolidator: BarConsolidator, symbol: string, bar: Bar): void {
    try {
      consolidator.update(bar.ts, bar.open, bar.high, bar.low, bar.close, bar.volume);
    } catch (error) {
      if (error instanceof RooneyError && error.code === 'late_bar') {
        this.lateBars++;
        this.logger.log('warn', 'live_bar_late_for_bin', { symbol, barTs: new Date(bar.ts).toISOString(), timeframe: timeframeName(consolidator.targetMs) });
        return;
      }
      throw error;
    }
  }

  /** `onBar` for every stream with a bar closing at `t`: finer timeframes first, symbols in order. */
  private dispatch(t: number): void {
    for (const stream of this.streams) {
      if (stream.freshTs !== t || stream.subscribers.length === 0) continue;
      stream.event.ts = t;
      for (const subscriber of stream.subscribers) subscriber.strategy.onBar(subscriber.context, stream.event);
    }
  }

  /**
   * One timer to close bins whose last minutes had no trades: due at the earliest working bin end +
   * grace, and never sooner than one grace after the last processed step (so a fast replay of older
   * bars is not cut short by the wall clock being far ahead of them).
   */
  private armScanTimer(): void {
    if (this.scanTimer !== undefined) this.clock.clearTimer(this.scanTimer);
    this.scanTimer = undefined;
    if (!this.accepting || this.clockScansHeld) return;
    let next = Number.POSITIVE_INFINITY;
    for (const state of this.symbolOrder) {
      for (const { consolidator } of state.coarse) {
        const end = consolidator.workingBinEnd;
        if (end < next) next = end;
      }
    }
    if (next === Number.POSITIVE_INFINITY) return;
    const grace = this.options.barGraceMs ?? 5000;
    this.scanTimer = this.clock.setTimer(() => {
      this.scanTimer = undefined;
      if (!Number.isNaN(this.batcher.collectingTs) && this.batcher.collectingTs <= next) this.batcher.flush();
      this.enqueue({ kind: 'scan', ts: next });
    }, Math.max(grace, next + grace - this.clock.now()));
  }

  private startSession(t: number): void {
    if (this.tradingSession.entered) this.book.expireDayOrders(this.expireAtSessionEnd);
    this.tradingSession.enter(t, this.account.equity());
    this.options.gate?.onSessionStart?.(t, this.portfolio);
  }

  // ---- orders ------------------------------------------------------------------------------------

  contract(symbol: string): ContractSpec {
    const spec = this.contracts.get(symbol);
    if (spec === undefined) throw new RooneyError('unknown_symbol', `no live data subscribed for symbol "${symbol}"`);
    return spec;
  }

  /**
   * The backtest's `submit` (same checks, order object, tick rounding and gate question), except
   * that an accepted order is not booked at once: it is sent as a signal and stays `sending` until
   * the webhook answers (see `onSignalResult`), and a `fillAtSignalClose` order fills only then.
   */
  submit(context: LiveContext, request: OrderRequest, meta?: Readonly<Record<string, number | string>>): Order | undefined {
    const spec = this.contract(request.symbol);
    validateOrderRequest(request);
    if (this.eventTs < (this.options.tradeFromTs ?? Number.NEGATIVE_INFINITY)) {
      // Warm-up: the backtest's rule and reason (core's `runBacktest` with `tradeStartTs`).
      const refused = makeOrder(request, 0, this.eventTs, context.strategy, 'rejected', meta);
      this.logger.log('debug', 'live_order_refused', { symbol: refused.symbol, side: refused.side, reason: 'warm_up', barTs: new Date(this.eventTs).toISOString() });
      context.owner.onOrderClosed?.(context, refused, 'warm_up');
      return undefined;
    }
    const order = makeOrder(request, this.nextOrderId++, this.eventTs, context.strategy, 'pending', meta);
    roundOrderPrices(order, spec.tickSize);
    this.ordersSubmitted++;
    if (!this.accepting) return this.refuse(context, order, 'session_stopping');
    const state = this.symbols.get(order.symbol) as SymbolState;
    const position = this.account.quantity(order.strategy, order.symbol);
    const gate = this.options.gate;
    const isEntry = isEntryOrder(order, position, state.pending);
    if (isEntry && (this.options.marginCheck ?? true)) {
      const marginOf = (symbol: string): number => this.contract(symbol).margin;
      const reason = marginShortfall(order, this.account.openPairs(), this.book.orders(), marginOf, this.account.equity());
      if (reason !== undefined) return this.refuse(context, order, reason);
    }
    if (gate !== undefined) {
      const reason = gate.review({ order, isEntry }, this.portfolio);
      if (reason !== undefined) return this.refuse(context, order, reason);
    }
    if (order.fillAtSignalClose === true && order.type === 'market' && Number.isNaN(state.lastPrice)) {
      throw new RooneyError('no_price', `cannot fill ${order.symbol} at the signal close before its first bar`);
    }
    // Orders that reduce a position go to the contract it was opened in (it may have rolled since).
    const heldTicker = this.positionTickers.get(positionKey(order.strategy, order.symbol));
    const reduces = position !== 0 && (order.side === 'buy') !== position > 0;
    const ticker = reduces && heldTicker !== undefined ? heldTicker : (this.options.ticker?.(order.symbol) ?? order.symbol);
    const expiryView = context.primary.get(order.symbol) ?? state.minute.view;
    const entry: PendingOrder = { order, context, barCountAtSubmit: expiryView.length, expiryView, ticker, state: 'sending', signalClose: state.lastPrice };
    this.book.add(entry);
    const signal = signalForOrder(order, { ticker, positionBefore: position, price: state.lastPrice, sentTs: this.clock.now(), barTs: this.eventTs });
    const signalId = `${this.options.runId}-${order.id}`;
    this.options.journal?.recordOrder(order, { id: signalId, body: signal });
    this.logger.log('info', 'live_signal', { signalId, symbol: order.symbol, ticker, action: signal.action, side: order.side, quantity: order.quantity, type: order.type, tag: order.tag ?? null, barTs: new Date(this.eventTs).toISOString() });
    this.track(
      this.options.router.send(signal, signalId).then(
        (result) => this.onSignalResult(entry, signalId, result),
        (error: unknown) => this.onSignalResult(entry, signalId, { ok: false, status: undefined, message: String((error as Error).message ?? error), attempts: 0 }),
      ),
    );
    return order;
  }

  /** A refused order (gate, stopping session): recorded, reported to the strategy, not sent. */
  private refuse(context: LiveContext, order: Order, reason: string): undefined {
    order.status = 'rejected';
    this.options.journal?.recordOrder(order, undefined, reason);
    this.logger.log('info', 'live_order_refused', { orderId: order.id, symbol: order.symbol, side: order.side, reason });
    context.owner.onOrderClosed?.(context, order, reason);
    return undefined;
  }

  private onSignalResult(entry: PendingOrder, signalId: string, result: SignalResult): void {
    this.options.journal?.recordSignalResult(entry.order.id, signalId, result);
    const order = entry.order;
    if (!result.ok) {
      this.book.remove(entry);
      if (order.status !== 'pending') return;
      order.status = 'rejected';
      const reason = `router_rejected: ${result.message}`;
      this.options.journal?.recordOrderStatus(order, reason);
      this.options.gate?.orderClosed?.(order, this.portfolio);
      entry.context.owner.onOrderClosed?.(entry.context, order, reason);
      return;
    }
    entry.state = 'working';
    if (order.status !== 'pending') {
      // Cancelled or expired while the signal was in flight: cancel it at the broker.
      this.sendCancel(entry);
      return;
    }
    if (order.fillAtSignalClose === true && order.type === 'market') {
      this.book.remove(entry);
      const slippage = (this.options.slippageTicks ?? 0) * (this.contracts.get(order.symbol) as ContractSpec).tickSize;
      this.executeFill(entry, order.side === 'buy' ? entry.signalClose + slippage : entry.signalClose - slippage, order.submittedTs);
    }
  }

  /** Keeps a signal's promise until it settles; an exception in its handling stops the session. */
  private track(promise: Promise<void>): void {
    const tracked: Promise<void> = promise
      .catch((error: unknown) => this.fail(error as Error))
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private fail(error: Error): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.logger.log('error', 'live_session_failed', { error });
    this.options.onFailure?.(error);
  }

  private sendCancel(entry: PendingOrder): void {
    if (entry.state !== 'working' || !this.accepting) return;
    const signalId = `${this.options.runId}-${entry.order.id}-cancel`;
    this.track(
      this.options.router.send(cancelSignal(entry.ticker, this.clock.now(), entry.order), signalId).then(
        (result) => this.options.journal?.recordSignalResult(entry.order.id, signalId, result),
        () => undefined,
      ),
    );
  }

  cancel(context: LiveContext, orderId: number): void {
    const entry = this.book.take(context.strategy, orderId);
    if (entry !== undefined) this.closeUnfilled(entry, 'cancelled', 'cancelled');
  }

  private closeUnfilled(entry: PendingOrder, status: 'cancelled' | 'expired', reason: string): void {
    entry.order.status = status;
    this.options.journal?.recordOrderStatus(entry.order, reason);
    this.sendCancel(entry);
    this.options.gate?.orderClosed?.(entry.order, this.portfolio);
    entry.context.owner.onOrderClosed?.(entry.context, entry.order, reason);
  }

  /**
   * Simulated fills of the symbol's acknowledged orders on a minute bar, then the mark. The rules
   * are the backtest's (`fillPriceOnBar`, `goodTillTs` expiry, the `PendingOrders` book); the loop
   * is not shared with the backtest's `processFillBar` because only orders whose signal the webhook
   * acknowledged (`working`) may fill here, and the backtest reads its bars from columns by index.
   */
  private fillOn(state: SymbolState, bar: Bar): void {
    const list = state.pending;
    if (list.length > 0) {
      const slippage = (this.options.slippageTicks ?? 0) * (this.contracts.get(state.symbol) as ContractSpec).tickSize;
      const barOpenTs = bar.ts - MINUTE_MS;
      for (const entry of list.slice()) {
        const order = entry.order;
        if (order.status !== 'pending' || entry.state !== 'working') continue;
        if (order.goodTillTs !== undefined && barOpenTs >= order.goodTillTs) {
          this.book.remove(entry);
          this.closeUnfilled(entry, 'expired', 'expired');
          continue;
        }
        const price = fillPriceOnBar(order, bar.open, bar.high, bar.low, slippage);
        if (Number.isNaN(price)) continue;
        this.book.remove(entry);
        this.executeFill(entry, price, bar.ts);
      }
    }
    state.lastPrice = bar.close;
    this.account.marks[state.index] = bar.close;
  }

  private executeFill(entry: PendingOrder, price: number, ts: number): void {
    const { order, context } = entry;
    const spec = this.contracts.get(order.symbol) as ContractSpec;
    const state = this.symbols.get(order.symbol) as SymbolState;
    const fill = fillOrder(order, price, ts, spec);
    const barCount = (context.primary.get(order.symbol) ?? state.minute.view).length;
    const before = this.account.quantity(order.strategy, order.symbol);
    const trade = this.account.applyFill(fill, spec, barCount, order.meta);
    const after = this.account.quantity(order.strategy, order.symbol);
    const key = positionKey(order.strategy, order.symbol);
    if (after === 0) this.positionTickers.delete(key);
    else if (before === 0 || Math.sign(before) !== Math.sign(after)) this.positionTickers.set(key, entry.ticker);
    if (Number.isNaN(this.account.marks[state.index])) this.account.marks[state.index] = price;
    const closed: readonly Trade[] = trade === undefined ? [] : [trade];
    this.fillCount++;
    this.recentFills.push(fill);
    if (trade !== undefined) this.recentTrades.push(trade);
    this.options.journal?.recordFill(order, fill, closed);
    this.logger.log('info', 'live_fill', { orderId: order.id, symbol: order.symbol, side: order.side, quantity: order.quantity, price, ts: new Date(ts).toISOString(), simulated: true });
    const gate = this.options.gate;
    gate?.onFill?.(fill, this.portfolio);
    gate?.orderClosed?.(order, this.portfolio);
    context.owner.onFill?.(context, fill);
    if (trade !== undefined) context.owner.onTrade?.(context, trade);
  }

  private expireBarOrders(): void {
    if (this.book.hasBarOrders) this.book.expireBarOrders(this.expireEntry);
  }
}

export type { LiveContext };

function positionKey(strategy: string, symbol: string): string {
  return `${strategy}\u0000${symbol}`;
}
