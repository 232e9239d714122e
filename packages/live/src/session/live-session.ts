import {
  Account,
  DEFAULT_SESSION,
  EngineContext,
  MINUTE_MS,
  PendingOrders,
  RooneyError,
  TradingSession,
  accountPortfolioView,
  barsBefore,
  contractSpec,
  fillOrder,
  fillPriceOnBar,
  isEntryOrder,
  marginShortfall,
  makeOrder,
  sessionCloseTs,
  tradingDateOf,
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
import type { LiveClock, Logger, TimerHandle } from '@rooney/databento';
import { SILENT_LOGGER } from '@rooney/databento';
import type { Checkpoint, JournalOpenOrder, JournalSnapshot, LiveAlert } from '../store/trade-store.ts';
import type { AttemptOutcome, SignalResult, SignalRouter, TradersPostSignal } from '../traderspost/traderspost-signal.ts';
import { LiveAlerts } from './live-alerts.ts';
import type { OpenAlert } from './live-alerts.ts';
import { MinuteBatcher } from './minute-batcher.ts';
import type { MinuteBatch } from './minute-batcher.ts';
import { RingBarView } from './ring-bar-view.ts';
import { cancelSignal, signalForOrder } from './signal-mapping.ts';

/**
 * Where the session writes ahead of every step of the order path (the `TradeStore` implements it).
 * A time step's writes (orders with their signal `intent`, fills, expiries, the checkpoint) commit
 * together in `beginStep`/`commitStep`; webhook attempts and answers are written as they happen.
 */
export interface TradeJournal {
  beginStep(): void;
  commitStep(checkpoint: Checkpoint): void;
  rollbackStep(): void;
  /** A new order (any status), with the signal about to be sent for it when one is. */
  recordOrder(order: Order, signal: { readonly id: string; readonly body: TradersPostSignal } | undefined, reason?: string): void;
  recordAttemptStart(orderId: number, signalId: string, attempt: number): void;
  recordAttemptEnd(orderId: number, signalId: string, attempt: number, outcome: AttemptOutcome): void;
  /** The router's final answer for a signal. */
  recordSignalResult(orderId: number, signalId: string, result: SignalResult): void;
  /** A simulated fill, its order's new status and the trades it closed. */
  recordFill(order: Order, fill: Fill, trades: readonly Trade[]): void;
  /** An order left the book without a fill (rejected, cancelled, expired). */
  recordOrderStatus(order: Order, reason: string): void;
  /** The `cancel` signal about to be sent for an order that left the book. */
  recordCancelIntent(orderId: number, signal: { readonly id: string; readonly body: TradersPostSignal }): void;
  /** An unknown outcome settled by evidence (an exit refused for lack of a position): as `rooney live reconcile` would. */
  reconcile?(orderId: number, outcome: 'filled' | 'not_filled', note: string): boolean;
  recordAlert(alert: LiveAlert): number;
}

/** What the session does with an entry whose signal outcome is unknown (sent, no clear answer). */
export type UnknownOutcomePolicy = 'assume_open' | 'halt_entries';

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
  /** Session boundaries: bins of hour/day bars, `day` orders, session PnL. Default CME Globex, 17:00 America/Chicago. */
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
   * (`onOrderClosed` with reason `warm_up`; no order id, no signal, nothing journaled). After a
   * restart it is the journal's checkpoint + 1 ms: every bar after the last fully handled step is
   * traded, so the restarted session sends what the uninterrupted one would have.
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
  /**
   * The journal of an earlier run of this account: its positions, working orders, session equity
   * and the gate's state are put back, and every strategy's `restoreState` is called, before the
   * first step at or after `tradeFromTs`.
   */
  readonly restore?: JournalSnapshot;
  /** See {@link UnknownOutcomePolicy}. Default `assume_open`. */
  readonly unknownOutcome?: UnknownOutcomePolicy;
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
  readonly openOrderList: readonly { readonly id: number; readonly strategy: string; readonly symbol: string; readonly side: string; readonly quantity: number; readonly type: string; readonly state: string }[];
  readonly cash: number;
  readonly equity: number;
  readonly sessionPnl: number;
  readonly sessionStartTs: number;
  readonly openOrders: number;
  readonly signalsInFlight: number;
  readonly ordersSubmitted: number;
  readonly fills: number;
  readonly lateBars: number;
  readonly accepting: boolean;
  /** The feed is connected and caught up (the clock may close bins). */
  readonly feedLive: boolean;
  /** Unresolved alerts (unknown order outcomes, late bars, …). */
  readonly alerts: readonly OpenAlert[];
  /** What the session restored from the journal at start, if anything. */
  readonly restored: RestoreSummary | undefined;
}

/** What a restart put back. */
export interface RestoreSummary {
  readonly checkpointTs: number | undefined;
  readonly fills: number;
  readonly positions: readonly { readonly strategy: string; readonly symbol: string; readonly quantity: number; readonly averagePrice: number; readonly entryTs: number }[];
  readonly openOrders: readonly { readonly id: number; readonly strategy: string; readonly symbol: string; readonly side: string; readonly quantity: number; readonly type: string; readonly signal: string }[];
  readonly cash: number;
  readonly resent: number;
  readonly unknown: number;
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

/** `sending`: the signal is not yet answered; `working`: acknowledged (or outcome unknown, assumed working). */
type RouterState = 'sending' | 'working';

/** The strategy's handle on a live session: core's `EngineContext` over ring-buffer views. */
type LiveContext = EngineContext<RingBarView>;

interface PendingOrder extends PendingEntry {
  readonly context: LiveContext;
  readonly ticker: string;
  state: RouterState;
  /** Price to fill a `fillAtSignalClose` market order at once acknowledged. */
  readonly signalClose: number;
  /** The signal's outcome was unknown (sent, no clear answer): assumed working until reconciled. */
  unknown: boolean;
}

/** A signal waiting for its step to commit before it may leave. */
interface OutgoingSignal {
  readonly entry: PendingOrder;
  readonly signalId: string;
  readonly body: TradersPostSignal;
  readonly safeToResend: boolean;
  readonly previousAttempts: number;
  /** A `cancel` for a working order that left the book. */
  readonly cancel: boolean;
  /** An earlier attempt of this signal (before a restart) may have reached TradersPost. */
  readonly priorUnknown?: boolean;
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
 * order, strategies in order → expiry of `bar` orders.
 *
 * Bars close on evidence: a coarse bin closes when a minute at or after its end arrived for the
 * symbol, when a later minute of any symbol was released (the feed delivers in time order), or when
 * the clock passes its end + grace — the clock only while the feed is connected and caught up
 * (`setFeedLive`); while disconnected or replaying, bins wait for the replayed minutes. A bin that
 * ends before the next minute is processed as its own step at its own time, as the backtest does,
 * so an order it triggers fills on the same minute as in the backtest. A minute arriving for a
 * minute already processed is an error (logged, alerted, counted), never merged silently.
 *
 * Orders: `submit` checks the order like the backtest broker, asks the gate (entries only), and
 * journals it with its TradersPost signal ({@link signalForOrder}) as an `intent`. Signals leave
 * only after the step that made them committed to the journal; the next step waits until every
 * signal in flight was answered, so a strategy's view of its orders is never ambiguous. A refused
 * or unsent signal rejects the order (`onOrderClosed`, reason `router_rejected: …` /
 * `router_not_sent: …`). An entry whose outcome is unknown (sent, no clear answer) is never sent
 * again: it raises an alert and is assumed working — the position is possibly open — until an
 * operator reconciles it (`unknownOutcome: 'halt_entries'` also refuses new entries meanwhile).
 *
 * Simulated-fill assumption: TradersPost webhooks are one-way (a 200 means "received"), so fills
 * are not observed. A working order is assumed to fill exactly as the backtest's simulated broker
 * fills it (`fillPriceOnBar`): market orders at the open of the next minute bar, limit and stop
 * orders when a later minute bar trades through their price, `fillAtSignalClose` market orders at
 * the signal bar's close. Positions, PnL, `onFill`/`onTrade` and the gate follow these simulated
 * fills, booked by the backtest's own `Account`, `PendingOrders` and order rules (`@rooney/core`).
 *
 * Restart: with `restore` (the journal of the last run), the session warms up on history with
 * orders refused, then — before the first step it may trade on — replays the journal's fills into
 * its account, puts working orders back in its book (sending those that never left, re-sending
 * exits whose outcome is unknown), restores the session's start equity and the gate's state, and
 * calls each strategy's `restoreState`.
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
  private readonly alerts: LiveAlerts;
  /** Queued time steps; `stepHead` is the next one (a head index, not `shift()`, keeps a long queue O(1)). */
  private readonly steps: Step[] = [];
  private stepHead = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly recentFills: Fill[] = [];
  private readonly recentTrades: Trade[] = [];
  /** TradersPost ticker each open position was entered with (strategy NUL symbol). */
  private readonly positionTickers = new Map<string, string>();
  /** Positions opened by an entry whose outcome is unknown (strategy NUL symbol → that order's id). */
  private readonly unconfirmedEntries = new Map<string, number>();
  /** Signals made by the step being processed, sent once it committed. */
  private readonly outgoing: OutgoingSignal[] = [];
  private pumping: Promise<void> = Promise.resolve();
  private pumpRunning = false;
  private scanTimer: TimerHandle | undefined;
  private clockScansHeld = false;
  private feedLive = true;
  private inStep = false;
  /** False during a minute's fill step: the bars closing now have closed but are not visible yet. */
  private barsVisible = true;
  private currentBatch: MinuteBatch | undefined;
  private restoreDone = false;
  private restoreSummary: RestoreSummary | undefined;
  /** Session start equity to use when the session of the journal's checkpoint is entered again. */
  private restoredSession: { readonly startTs: number; readonly equity: number } | undefined;
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
    this.alerts = new LiveAlerts(this.logger, options.journal);
    this.tradingSession = new TradingSession(options.session ?? DEFAULT_SESSION, options.startingCash);
    this.nextOrderId = Math.max(options.firstOrderId ?? 1, options.restore?.nextOrderId ?? 1);
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
      onDrop: (symbol, bar, reason) => this.onDroppedBar(symbol, bar, reason),
    });
    if (options.restore !== undefined) this.alerts.adopt(options.restore.alerts);
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
    if (!(bar.ts <= state.lastBarTs)) state.lastBarTs = bar.ts;
    this.batcher.add(symbol, bar);
  }

  /** The feed says every bar of the current minute was published (Databento end-of-interval): process it now. */
  endOfInterval(): void {
    this.batcher.flush();
  }

  /**
   * Whether the feed is connected and caught up (`true`), or disconnected / replaying (`false`).
   * Only while it is may the wall clock release a minute or close a bin; evidence from the stream
   * (later bars, end-of-interval, `streamTime`) closes them either way.
   */
  setFeedLive(live: boolean): void {
    if (live === this.feedLive) return;
    this.feedLive = live;
    this.batcher.setTimersEnabled(live);
    if (!live) {
      if (this.scanTimer !== undefined) this.clock.clearTimer(this.scanTimer);
      this.scanTimer = undefined;
    } else if (!this.pumpRunning) {
      this.armScanTimer();
    }
    this.logger.log('info', live ? 'live_feed_caught_up' : 'live_feed_waiting', {});
  }

  /**
   * The gateway's stream time (a heartbeat's `ts_event`): while the feed is live, every bar
   * closing at or before `ts - barGraceMs` has been delivered, so the minute being collected and the
   * bins ending by then may close.
   */
  streamTime(ts: number): void {
    if (!this.feedLive || !this.accepting) return;
    const through = ts - (this.options.barGraceMs ?? 5000);
    const collecting = this.batcher.collectingTs;
    if (!Number.isNaN(collecting) && collecting <= through) this.batcher.flush();
    if (this.earliestBinEnd() <= through) this.enqueue({ kind: 'scan', ts: through });
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
   * `onStop`. Open positions and working orders are left as they are (nothing is flattened; a
   * restart restores them). Call `idle()` first to finish the queued bars instead.
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
    const openOrderList = this.book.orders().map((o) => {
      const entry = (this.symbols.get(o.symbol) as SymbolState).pending.find((e) => e.order === o);
      return { id: o.id, strategy: o.strategy, symbol: o.symbol, side: o.side, quantity: o.quantity, type: o.type, state: entry === undefined ? 'working' : entry.unknown ? 'unknown' : entry.state };
    });
    return {
      eventTs: this.eventTs,
      lastBarTs,
      lastBarReceivedTs,
      positions,
      openOrderList,
      cash: this.account.cash,
      equity: this.account.equity(),
      sessionPnl: this.account.equity() - this.tradingSession.startEquity,
      sessionStartTs: this.tradingSession.startTs,
      openOrders: openOrderList.length,
      signalsInFlight: this.inFlight.size,
      ordersSubmitted: this.ordersSubmitted,
      fills: this.fillCount,
      lateBars: this.lateBars,
      accepting: this.accepting,
      feedLive: this.feedLive,
      alerts: this.alerts.list(),
      restored: this.restoreSummary,
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

  /** Raises an operator alert (from the feed: quarantined records, …). */
  raiseAlert(alert: LiveAlert): void {
    this.alerts.raise(alert);
  }

  /**
   * An operator reconciled an order whose outcome was unknown (`rooney live reconcile`): `filled`
   * keeps the assumed position; `not_filled` takes it back out (a zero-PnL correcting fill at the
   * entry price, tagged `reconciled_not_filled`) and lets the strategy rebuild its state.
   */
  reconcile(orderId: number, outcome: 'filled' | 'not_filled'): void {
    this.alerts.resolve((a) => a.kind === 'unknown_outcome' && a.orderId === orderId);
    for (const state of this.symbolOrder) for (const entry of state.pending) if (entry.order.id === orderId) entry.unknown = false;
    this.logger.log('info', 'live_reconciled', { orderId, outcome });
    for (const [key, id] of this.unconfirmedEntries) if (id === orderId && outcome === 'filled') this.unconfirmedEntries.delete(key);
    if (outcome === 'filled') return;
    const filled = this.recentFillOf(orderId);
    if (filled === undefined) {
      // Still working (never filled in the simulation): drop it.
      for (const state of this.symbolOrder) {
        const entry = state.pending.find((e) => e.order.id === orderId);
        if (entry !== undefined) {
          this.book.remove(entry);
          entry.order.status = 'rejected';
          this.options.journal?.recordOrderStatus(entry.order, 'reconciled_not_filled');
          this.options.gate?.orderClosed?.(entry.order, this.portfolio);
          entry.context.owner.onOrderClosed?.(entry.context, entry.order, 'reconciled_not_filled');
        }
      }
      return;
    }
    const { fill, context } = filled;
    const held = this.account.quantity(fill.strategy, fill.symbol);
    const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity;
    if (held === 0 || Math.sign(held) !== Math.sign(signed)) return;
    const quantity = Math.min(Math.abs(held), fill.quantity);
    const correction = makeOrder(
      { symbol: fill.symbol, side: fill.side === 'buy' ? 'sell' : 'buy', quantity, type: 'market', tag: 'reconciled_not_filled' },
      this.nextOrderId++,
      Number.isNaN(this.eventTs) ? fill.ts : this.eventTs,
      fill.strategy,
      'filled',
      undefined,
    );
    const spec = this.contract(fill.symbol);
    const correctingFill: Fill = { orderId: correction.id, symbol: fill.symbol, side: correction.side, quantity, price: fill.price, ts: correction.submittedTs, commission: 0, tag: 'reconciled_not_filled', strategy: fill.strategy };
    correction.fillPrice = fill.price;
    correction.filledQuantity = quantity;
    this.options.journal?.recordOrder(correction, undefined, 'reconcile');
    const trade = this.account.applyFill(correctingFill, spec, (context.primary.get(fill.symbol) ?? (this.symbols.get(fill.symbol) as SymbolState).minute.view).length, undefined);
    this.options.journal?.recordFill(correction, correctingFill, trade === undefined ? [] : [trade]);
    if (this.account.quantity(fill.strategy, fill.symbol) === 0) {
      this.positionTickers.delete(positionKey(fill.strategy, fill.symbol));
      this.unconfirmedEntries.delete(positionKey(fill.strategy, fill.symbol));
    }
    this.options.gate?.onFill?.(correctingFill, this.portfolio);
    context.owner.restoreState?.(context, { positions: this.account.positionList(context.strategy), openOrders: this.book.orders(context.strategy) });
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
   * step queued after it finished starts a new one. A bin ending before the next minute is handled
   * as a step of its own (and its signals answered) before that minute.
   */
  private async pump(): Promise<void> {
    this.pumpRunning = true;
    try {
      while (this.stepHead < this.steps.length) {
        // Signals sent on earlier steps are answered before the next step is processed.
        while (this.inFlight.size > 0) await Promise.all(this.inFlight);
        const step = this.steps[this.stepHead];
        if (this.failure !== undefined) {
          this.dequeue();
          continue;
        }
        const stepTs = step.kind === 'minute' ? step.batch.ts : Math.min(step.ts, this.earliestBinEnd());
        if (!this.restoreDone && stepTs >= (this.options.tradeFromTs ?? Number.NEGATIVE_INFINITY)) {
          // The journal goes back before the first step that may trade, as a step of its own: the
          // signals it re-sends are answered before that step fills anything (the loop waits for them).
          this.runRestore(stepTs);
          continue;
        }
        const limit = step.kind === 'minute' ? step.batch.ts - 1 : step.ts;
        if (step.kind === 'scan') this.batcher.releaseThrough(step.ts);
        const binEnd = this.earliestBinEnd();
        if (binEnd <= limit) {
          // The bin closes at its own time, before the minute (or as the scan asks).
          this.runStep(binEnd, () => this.processBins(binEnd));
          continue;
        }
        this.dequeue();
        if (step.kind === 'minute') this.runStep(step.batch.ts, () => this.processMinute(step.batch));
      }
      this.armScanTimer();
    } finally {
      this.pumpRunning = false;
    }
  }

  private dequeue(): void {
    this.stepHead++;
    if (this.stepHead === this.steps.length) {
      this.steps.length = 0;
      this.stepHead = 0;
    } else if (this.stepHead >= 4096 && this.stepHead * 2 >= this.steps.length) {
      this.steps.splice(0, this.stepHead);
      this.stepHead = 0;
    }
  }

  /**
   * One time step: restores the journal first when this is the first step that may trade, runs
   * `body` inside the journal's step transaction (with the checkpoint), then sends the signals it
   * made. A step before `tradeFromTs` (warm-up) writes nothing.
   */
  private runStep(t: number, body: () => void): void {
    const trading = t >= (this.options.tradeFromTs ?? Number.NEGATIVE_INFINITY);
    const journal = trading ? this.options.journal : undefined;
    if (trading && !this.restoreDone) this.runRestore(t);
    this.inJournalStep(journal, body, () => t);
  }

  /**
   * Runs `work` as one journal transaction ending in a checkpoint at `checkpointTs()`: on success the step commits and
   * what it queued is sent; on an error the step rolls back, nothing queued is sent and the session fails.
   */
  private inJournalStep(journal: TradeJournal | undefined, work: () => void, checkpointTs: () => number): void {
    try {
      journal?.beginStep();
      this.inStep = journal !== undefined;
      work();
      this.inStep = false;
      journal?.commitStep(this.checkpoint(checkpointTs()));
    } catch (error) {
      this.inStep = false;
      this.outgoing.length = 0;
      journal?.rollbackStep();
      this.fail(error as Error);
      return;
    }
    this.flushOutgoing();
  }

  /** Puts the journal back (once), in a transaction of its own that does not move the checkpoint; then sends what it re-sends. */
  private runRestore(t: number): void {
    this.restoreDone = true;
    const snapshot = this.options.restore;
    if (snapshot === undefined) return;
    this.inJournalStep(this.options.journal, () => this.applyRestore(snapshot), () => snapshot.checkpoint?.ts ?? t - 1);
  }

  private checkpoint(t: number): Checkpoint {
    const state = this.options.gate?.saveState?.();
    const entered = this.tradingSession.entered;
    // Before any session was entered here (a restore with no warm-up bars), the journal's session stands.
    const restored = this.restoredSession;
    return {
      ts: t,
      sessionStartTs: entered ? this.tradingSession.startTs : (restored?.startTs ?? t),
      sessionStartEquity: entered ? this.tradingSession.startEquity : (restored?.equity ?? this.tradingSession.startEquity),
      ...(state !== undefined ? { gateState: state } : {}),
    };
  }

  // ---- time steps ------------------------------------------------------------------------------

  private processMinute(batch: MinuteBatch): void {
    const t = batch.ts;
    this.eventTs = t;
    this.barsVisible = false;
    this.currentBatch = batch;
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
    this.barsVisible = true;
    // 2b. A `bar` order whose one bar just closed unfilled expires before strategies see that bar.
    this.expireBarOrders();
    // 3. Bar events, finer timeframes first; 4. the gate sees the mark.
    this.dispatch(t);
    this.options.gate?.onMark?.(this.portfolio);
  }

  /** The bins ending at `end` (no minute bar at their end) close now, as an event of their own. */
  private processBins(end: number): void {
    for (const state of this.symbolOrder) for (const { consolidator } of state.coarse) consolidator.scan(end);
    this.eventTs = end;
    this.barsVisible = true;
    if (end > this.tradingSession.closeTs) this.startSession(end);
    this.expireBarOrders();
    this.dispatch(end);
    this.options.gate?.onMark?.(this.portfolio);
  }

  private earliestBinEnd(): number {
    let next = Number.POSITIVE_INFINITY;
    for (const state of this.symbolOrder) {
      for (const { consolidator } of state.coarse) {
        const end = consolidator.workingBinEnd;
        if (end < next) next = end;
      }
    }
    return next;
  }

  private updateConsolidator(consolidator: BarConsolidator, symbol: string, bar: Bar): void {
    try {
      consolidator.update(bar.ts, bar.open, bar.high, bar.low, bar.close, bar.volume);
    } catch (error) {
      if (error instanceof RooneyError && error.code === 'late_bar') {
        this.lateBars++;
        this.alerts.raise({ kind: 'late_bar', ts: this.clock.now(), message: `${symbol} minute ${new Date(bar.ts).toISOString()} arrived after its ${timeframeName(consolidator.targetMs)} bar closed` });
        return;
      }
      throw error;
    }
  }

  private onDroppedBar(symbol: string, bar: Bar, reason: 'late' | 'duplicate'): void {
    this.lateBars++;
    if (reason === 'duplicate') {
      this.logger.log('warn', 'live_bar_duplicate', { symbol, barTs: new Date(bar.ts).toISOString() });
      return;
    }
    this.alerts.raise({ kind: 'late_bar', ts: this.clock.now(), message: `${symbol} minute ${new Date(bar.ts).toISOString()} arrived after that minute was processed (not used)` });
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
   * bars is not cut short by the wall clock being far ahead of them). Only while the feed is live.
   */
  private armScanTimer(): void {
    if (this.scanTimer !== undefined) this.clock.clearTimer(this.scanTimer);
    this.scanTimer = undefined;
    if (!this.accepting || this.clockScansHeld || !this.feedLive) return;
    const next = this.earliestBinEnd();
    if (next === Number.POSITIVE_INFINITY) return;
    const grace = this.options.barGraceMs ?? 5000;
    this.scanTimer = this.clock.setTimer(() => {
      this.scanTimer = undefined;
      if (!this.feedLive) return;
      if (!Number.isNaN(this.batcher.collectingTs) && this.batcher.collectingTs <= next) this.batcher.flush();
      this.enqueue({ kind: 'scan', ts: next });
    }, Math.max(grace, next + grace - this.clock.now()));
  }

  private startSession(t: number): void {
    if (this.tradingSession.entered) this.book.expireDayOrders(this.expireAtSessionEnd, t);
    this.tradingSession.enter(t, this.account.equity());
    const restored = this.restoredSession;
    if (restored !== undefined && this.tradingSession.startTs === restored.startTs) this.tradingSession.startEquity = restored.equity;
    this.options.gate?.onSessionStart?.(t, this.portfolio);
  }

  // ---- restore ---------------------------------------------------------------------------------

  private contextOf(strategy: string): LiveContext {
    const context = this.contexts.find((c) => c.strategy === strategy);
    if (context === undefined) {
      throw new RooneyError('restore_mismatch', `the trade store holds positions or orders of strategy "${strategy}", which this config does not run: reconcile with the broker and use another store, or add the strategy back`);
    }
    return context;
  }

  private stateOf(symbol: string, strategy: string): SymbolState {
    const state = this.symbols.get(symbol);
    if (state === undefined) {
      throw new RooneyError('restore_mismatch', `the trade store holds positions or orders of ${strategy} in ${symbol}, which no strategy of this config trades now`);
    }
    return state;
  }

  private applyRestore(snapshot: JournalSnapshot): void {
    const summary = { fills: 0, resent: 0, unknown: 0 };
    // 1. The account: every fill of the journal, in order (cash, positions, entry prices and times).
    for (const { fill, order, ticker, unconfirmed } of snapshot.fills) {
      const context = this.contextOf(fill.strategy);
      const state = this.stateOf(fill.symbol, fill.strategy);
      const spec = this.contract(fill.symbol);
      const view = context.primary.get(fill.symbol) ?? state.minute.view;
      const before = this.account.quantity(fill.strategy, fill.symbol);
      this.account.applyFill(fill, spec, barsBefore(view, fill.ts), order.meta);
      const after = this.account.quantity(fill.strategy, fill.symbol);
      const key = positionKey(fill.strategy, fill.symbol);
      if (after === 0) {
        this.positionTickers.delete(key);
        this.unconfirmedEntries.delete(key);
      } else if (before === 0 || Math.sign(before) !== Math.sign(after)) {
        if (ticker !== null) this.positionTickers.set(key, ticker);
        if (unconfirmed === true) this.unconfirmedEntries.set(key, order.id);
        else this.unconfirmedEntries.delete(key);
      }
      if (Number.isNaN(this.account.marks[state.index])) this.account.marks[state.index] = Number.isNaN(state.lastPrice) ? fill.price : state.lastPrice;
      summary.fills++;
    }
    // 2. The session's start equity (the checkpoint's session, when it is still the current one).
    const checkpoint = snapshot.checkpoint;
    if (checkpoint !== undefined) {
      this.restoredSession = { startTs: checkpoint.sessionStartTs, equity: checkpoint.sessionStartEquity };
      if (this.tradingSession.entered && this.tradingSession.startTs === checkpoint.sessionStartTs) this.tradingSession.startEquity = checkpoint.sessionStartEquity;
      else if (this.tradingSession.entered) this.tradingSession.startEquity = this.account.equity();
    }
    // 3a. Cancels of orders that left the book but whose `cancel` never reached TradersPost: sent
    //     first, so no stale order can rest at the broker while the orders that replaced it go out.
    for (const pending of snapshot.pendingCancels ?? []) {
      const order = snapshot.openOrders.find((o) => o.order.id === pending.orderId)?.order;
      const context = this.contexts.find((c) => c.strategy === pending.signal.extras?.strategy) ?? this.contexts[0];
      const stub: PendingOrder = {
        order: order ?? ({ id: pending.orderId, symbol: '', side: 'buy', quantity: 1, type: 'market', submittedTs: 0, strategy: context.strategy, status: 'cancelled', stopTriggered: false, filledQuantity: 0, fillPrice: Number.NaN } as Order),
        context,
        barCountAtSubmit: 0,
        expiryView: { length: 0 },
        ticker: pending.signal.ticker,
        state: 'working',
        signalClose: Number.NaN,
        unknown: false,
      };
      this.queueSignal({ entry: stub, signalId: pending.signalId, body: pending.signal, safeToResend: true, previousAttempts: pending.attemptsStarted, cancel: true });
      summary.resent++;
    }
    // 3b. Working orders, with what is known of their signals.
    for (const open of snapshot.openOrders) {
      const outcome = this.restoreOrder(open);
      if (outcome === 'resent') summary.resent++;
      if (outcome === 'unknown') summary.unknown++;
    }
    // 4. The gate (rebuilt from the account and the book, its latch from the checkpoint), then the strategies.
    const gate = this.options.gate;
    if (gate?.restoreState !== undefined) {
      const positions = this.contexts.flatMap((c) => this.account.positionList(c.strategy).map((p) => ({ strategy: c.strategy, symbol: p.symbol, quantity: p.quantity })));
      const openEntries = this.book.orders().filter((o) => isEntryOrder(o, this.account.quantity(o.strategy, o.symbol), []));
      gate.restoreState(checkpoint?.gateState, { positions, openEntries }, this.portfolio);
    } else if (gate !== undefined) {
      for (const { fill } of snapshot.fills) gate.onFill?.(fill, this.portfolio);
    }
    for (const context of this.contexts) {
      context.owner.restoreState?.(context, { positions: this.account.positionList(context.strategy), openOrders: this.book.orders(context.strategy) });
    }
    const positions = this.contexts.flatMap((c) =>
      this.account.positionList(c.strategy).map((p) => ({ strategy: c.strategy, symbol: p.symbol, quantity: p.quantity, averagePrice: p.averagePrice, entryTs: p.entryTs })),
    );
    const openOrders = this.book.orders().map((o) => {
      const entry = (this.symbols.get(o.symbol) as SymbolState).pending.find((e) => e.order === o) as PendingOrder;
      return { id: o.id, strategy: o.strategy, symbol: o.symbol, side: o.side, quantity: o.quantity, type: o.type, signal: entry.unknown ? 'unknown' : entry.state === 'working' ? 'acknowledged' : 'to send' };
    });
    this.restoreSummary = { checkpointTs: checkpoint?.ts, fills: summary.fills, positions, openOrders, cash: this.account.cash, resent: summary.resent, unknown: summary.unknown };
    this.logger.log('info', 'live_restored', {
      checkpoint: checkpoint === undefined ? null : new Date(checkpoint.ts).toISOString(),
      fills: summary.fills,
      positions,
      openOrders,
      cash: this.account.cash,
      resent: summary.resent,
      unknown: summary.unknown,
    });
  }

  /** Puts one journalled working order back; returns what was done with its signal. */
  private restoreOrder(open: JournalOpenOrder): 'working' | 'resent' | 'unknown' | 'closed' {
    const order: Order = { ...open.order, status: 'pending' };
    const context = this.contextOf(order.strategy);
    const state = this.stateOf(order.symbol, order.strategy);
    const expiryView = context.primary.get(order.symbol) ?? state.minute.view;
    const ticker = open.ticker ?? this.options.ticker?.(order.symbol) ?? order.symbol;
    const signalClose = open.signal?.price ?? state.lastPrice;
    const session = this.contract(order.symbol).session ?? this.tradingSession.spec;
    const entry: PendingOrder = {
      order,
      context,
      barCountAtSubmit: barsBefore(expiryView, order.submittedTs + 1),
      expiryView,
      ticker,
      state: 'sending',
      signalClose,
      unknown: false,
      ...(order.timeInForce === 'day' ? { sessionEndTs: sessionCloseTs(tradingDateOf(order.submittedTs, session), session) } : {}),
    };
    // The signal's state: its final outcome, else the outcome of its last finished attempt.
    const lastInFlight = open.attemptsStarted > open.attemptsEnded;
    let status = open.signalStatus;
    if (status === 'sending' && !lastInFlight && open.lastAttemptOutcome !== null) {
      const last = open.lastAttemptOutcome;
      status = last === 'acknowledged' || last === 'rejected' || last === 'unknown' ? last : 'intent';
      if (status === 'acknowledged' || status === 'rejected') {
        this.options.journal?.recordSignalResult(order.id, open.signalId as string, status === 'acknowledged'
          ? { ok: true, outcome: 'acknowledged', status: 200, attempts: open.attemptsEnded }
          : { ok: false, outcome: 'rejected', status: undefined, message: 'refused (answer recorded before the restart)', attempts: open.attemptsEnded });
      }
    }
    if (status === 'rejected' || status === 'not_sent' || open.signalId === null || open.signal === null) {
      // Answered before the crash, but the order's new status never committed.
      order.status = 'rejected';
      this.options.journal?.recordOrderStatus(order, `router_${status ?? 'unsent'}`);
      return 'closed';
    }
    this.book.add(entry);
    this.ordersSubmitted++;
    if (status === 'acknowledged') {
      entry.state = 'working';
      if (order.fillAtSignalClose === true && order.type === 'market') {
        // Acknowledged but the fill at the signal close never committed: fill it now.
        this.book.remove(entry);
        this.executeFill(entry, this.slipped(order, entry.signalClose), order.submittedTs);
      }
      return 'working';
    }
    const safe = isSafeToResend(open.signal);
    if ((status === 'unknown' && !safe) || (lastInFlight && !safe)) {
      entry.state = 'working';
      entry.unknown = true;
      if (!this.alerts.list().some((a) => a.kind === 'unknown_outcome' && a.orderId === order.id)) {
        this.options.journal?.recordSignalResult(order.id, open.signalId, { ok: false, outcome: 'unknown', status: undefined, message: 'the process stopped while the signal was being sent', attempts: open.attemptsStarted });
        this.alerts.raise({ kind: 'unknown_outcome', ts: this.clock.now(), orderId: order.id, message: unknownMessage(order, open.signal.action) });
      }
      return 'unknown';
    }
    // `intent` (never left), or a retry that was interrupted: send (again) now.
    this.queueSignal({
      entry,
      signalId: open.signalId,
      body: open.signal,
      safeToResend: safe,
      previousAttempts: open.attemptsStarted,
      cancel: false,
      priorUnknown: lastInFlight || status === 'unknown' || open.lastAttemptOutcome === 'unknown',
    });
    return 'resent';
  }

  // ---- orders ------------------------------------------------------------------------------------

  contract(symbol: string): ContractSpec {
    const spec = this.contracts.get(symbol);
    if (spec === undefined) throw new RooneyError('unknown_symbol', `no live data subscribed for symbol "${symbol}"`);
    return spec;
  }

  /**
   * The backtest's `submit` (same checks, order object, tick rounding and gate question), except
   * that an accepted order is not booked at once: it is journalled with its signal and stays
   * `sending` until the webhook answers (see `onSignalResult`), and a `fillAtSignalClose` order
   * fills only then.
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
    if (isEntry && this.options.unknownOutcome === 'halt_entries' && this.alerts.has('unknown_outcome')) {
      return this.refuse(context, order, 'unknown_outcome_unreconciled');
    }
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
    const entry: PendingOrder = {
      order,
      context,
      barCountAtSubmit: this.closedBars(state, expiryView),
      expiryView,
      ticker,
      state: 'sending',
      signalClose: state.lastPrice,
      unknown: false,
      ...(order.timeInForce === 'day' ? { sessionEndTs: this.sessionEndOf(order.symbol) } : {}),
    };
    this.book.add(entry);
    const signal = signalForOrder(order, { ticker, positionBefore: position, price: state.lastPrice, sentTs: this.clock.now(), barTs: this.eventTs });
    const signalId = `${this.options.runId}-${order.id}`;
    this.options.journal?.recordOrder(order, { id: signalId, body: signal });
    this.logger.log('info', 'live_signal', { signalId, symbol: order.symbol, ticker, action: signal.action, side: order.side, quantity: order.quantity, type: order.type, tag: order.tag ?? null, barTs: new Date(this.eventTs).toISOString() });
    this.queueSignal({ entry, signalId, body: signal, safeToResend: isSafeToResend(signal), previousAttempts: 0, cancel: false });
    return order;
  }

  /**
   * Bars of `view` closed by now, as the backtest counts them: during a minute's fill step (an
   * order sent from `onFill`) the bar closing now has closed but is not visible yet — it counts, so
   * a `bar` order lives for the next bar.
   */
  private closedBars(state: SymbolState, view: RingBarView): number {
    const length = view.length;
    if (this.barsVisible) return length;
    if (view === state.minute.view) return this.currentBatch?.bars.has(state.symbol) === true ? length + 1 : length;
    const coarse = state.coarse.find((c) => c.stream.view === view);
    return coarse !== undefined && coarse.consolidator.workingBinEnd === this.eventTs ? length + 1 : length;
  }

  /** Close of the session a `day` order submitted now belongs to (the contract's own session, else the run's). */
  private sessionEndOf(symbol: string): number {
    const session = this.contract(symbol).session ?? this.tradingSession.spec;
    return sessionCloseTs(tradingDateOf(this.eventTs, session), session);
  }

  /** A refused order (gate, stopping session): recorded, reported to the strategy, not sent. */
  private refuse(context: LiveContext, order: Order, reason: string): undefined {
    order.status = 'rejected';
    this.options.journal?.recordOrder(order, undefined, reason);
    this.logger.log('info', 'live_order_refused', { orderId: order.id, symbol: order.symbol, side: order.side, reason });
    context.owner.onOrderClosed?.(context, order, reason);
    return undefined;
  }

  /** Sends at once outside a step; inside one, after the step committed (write-ahead). */
  private queueSignal(signal: OutgoingSignal): void {
    this.outgoing.push(signal);
    if (!this.inStep) this.flushOutgoing();
  }

  private flushOutgoing(): void {
    if (this.outgoing.length === 0) return;
    const batch = this.outgoing.splice(0);
    for (const signal of batch) this.send(signal);
  }

  private send(signal: OutgoingSignal): void {
    const { entry, signalId, body } = signal;
    const orderId = entry.order.id;
    const journal = this.options.journal;
    let earlierUnknown = signal.priorUnknown === true;
    const options = {
      safeToResend: signal.safeToResend,
      previousAttempts: signal.previousAttempts,
      onAttemptStart: (attempt: number) => journal?.recordAttemptStart(orderId, signalId, attempt),
      onAttemptEnd: (attempt: number, outcome: AttemptOutcome) => {
        journal?.recordAttemptEnd(orderId, signalId, attempt, outcome);
        if (outcome.outcome === 'unknown') earlierUnknown = true;
      },
    };
    if (signal.cancel) {
      this.track(
        this.options.router.send(body, signalId, options).then(
          (result) => journal?.recordSignalResult(orderId, signalId, result),
          () => undefined,
        ),
      );
      return;
    }
    this.track(
      this.options.router.send(body, signalId, options).then(
        (result) => this.onSignalResult(entry, signalId, body, settleResent(result, earlierUnknown, body)),
        (error: unknown) =>
          this.onSignalResult(entry, signalId, body, { ok: false, outcome: 'unknown', status: undefined, message: String((error as Error).message ?? error), attempts: 0 }),
      ),
    );
  }

  private onSignalResult(entry: PendingOrder, signalId: string, body: TradersPostSignal, result: SignalResult): void {
    this.options.journal?.recordSignalResult(entry.order.id, signalId, result);
    const order = entry.order;
    const key = positionKey(order.strategy, order.symbol);
    const unconfirmed = this.unconfirmedEntries.get(key);
    if (result.outcome === 'rejected' && unconfirmed !== undefined && body.action === 'exit' && refusedAsFlat(result)) {
      // The broker holds no position to exit: the entry whose outcome was unknown never executed.
      this.book.remove(entry);
      order.status = 'rejected';
      this.options.journal?.recordOrderStatus(order, 'no_position_at_broker');
      this.options.gate?.orderClosed?.(order, this.portfolio);
      this.options.journal?.reconcile?.(unconfirmed, 'not_filled', `exit order ${order.id} refused: no position at the broker`);
      this.logger.log('warn', 'live_unknown_resolved', { orderId: unconfirmed, outcome: 'not_filled', evidence: `exit order ${order.id} refused: ${result.message}` });
      this.reconcile(unconfirmed, 'not_filled');
      return;
    }
    if (result.outcome === 'rejected' || result.outcome === 'not_sent') {
      this.book.remove(entry);
      if (order.status !== 'pending') return;
      order.status = 'rejected';
      const reason = `router_${result.outcome === 'rejected' ? 'rejected' : 'not_sent'}: ${result.message}`;
      this.options.journal?.recordOrderStatus(order, reason);
      this.options.gate?.orderClosed?.(order, this.portfolio);
      entry.context.owner.onOrderClosed?.(entry.context, order, reason);
      return;
    }
    entry.state = 'working';
    if (result.outcome === 'unknown') {
      entry.unknown = true;
      this.alerts.raise({ kind: 'unknown_outcome', ts: this.clock.now(), orderId: order.id, message: unknownMessage(order, body.action) });
    }
    if (order.status !== 'pending') {
      // Cancelled or expired while the signal was in flight: cancel it at the broker.
      this.sendCancel(entry);
      return;
    }
    if (order.fillAtSignalClose === true && order.type === 'market') {
      this.book.remove(entry);
      this.executeFill(entry, this.slipped(order, entry.signalClose), order.submittedTs);
    }
  }

  private slipped(order: Order, price: number): number {
    const slippage = (this.options.slippageTicks ?? 0) * this.contract(order.symbol).tickSize;
    return order.side === 'buy' ? price + slippage : price - slippage;
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
    const body = cancelSignal(entry.ticker, this.clock.now(), entry.order);
    this.options.journal?.recordCancelIntent(entry.order.id, { id: signalId, body });
    this.queueSignal({ entry, signalId, body, safeToResend: true, previousAttempts: 0, cancel: true });
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
   * Simulated fills of the symbol's working orders on a minute bar, then the mark. The rules are
   * the backtest's (`fillPriceOnBar`, `goodTillTs` expiry, the `PendingOrders` book); the loop is not
   * shared with the backtest's `processFillBar` because only orders whose signal was acknowledged
   * (or whose outcome is unknown: possibly working) may fill here, and the backtest reads its bars
   * from columns by index.
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
        if (entry.sessionEndTs !== undefined && bar.ts > entry.sessionEndTs) {
          this.book.remove(entry);
          this.closeUnfilled(entry, 'expired', 'session_end');
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
    if (after === 0) {
      this.positionTickers.delete(key);
      this.unconfirmedEntries.delete(key);
    } else if (before === 0 || Math.sign(before) !== Math.sign(after)) {
      this.positionTickers.set(key, entry.ticker);
      if (entry.unknown) this.unconfirmedEntries.set(key, order.id);
      else this.unconfirmedEntries.delete(key);
    }
    if (Number.isNaN(this.account.marks[state.index])) this.account.marks[state.index] = price;
    const closed: readonly Trade[] = trade === undefined ? [] : [trade];
    this.fillCount++;
    this.recentFills.push(fill);
    if (trade !== undefined) this.recentTrades.push(trade);
    this.options.journal?.recordFill(order, fill, closed);
    this.logger.log('info', 'live_fill', {
      orderId: order.id,
      symbol: order.symbol,
      side: order.side,
      quantity: order.quantity,
      price,
      fillBarTs: new Date(ts).toISOString(),
      simulated: true,
      ...(entry.unknown ? { unconfirmed: true } : {}),
    });
    const gate = this.options.gate;
    gate?.onFill?.(fill, this.portfolio);
    gate?.orderClosed?.(order, this.portfolio);
    context.owner.onFill?.(context, fill);
    if (trade !== undefined) context.owner.onTrade?.(context, trade);
  }

  private recentFillOf(orderId: number): { fill: Fill; context: LiveContext } | undefined {
    for (let i = this.recentFills.length - 1; i >= 0; i--) {
      const fill = this.recentFills[i];
      if (fill.orderId === orderId) return { fill, context: this.contextOf(fill.strategy) };
    }
    const restored = this.options.restore?.fills.find((f) => f.fill.orderId === orderId);
    return restored === undefined ? undefined : { fill: restored.fill, context: this.contextOf(restored.fill.strategy) };
  }

  private expireBarOrders(): void {
    if (this.book.hasBarOrders) this.book.expireBarOrders(this.expireEntry);
  }
}

export type { LiveContext };

function positionKey(strategy: string, symbol: string): string {
  return `${strategy}\u0000${symbol}`;
}

/**
 * A re-sent exit that TradersPost refuses because there is no position to exit proves that an
 * earlier attempt (whose answer was lost) executed it: the result is that earlier acknowledgement.
 * Any other refusal after an unknown attempt leaves the outcome unknown (an operator reconciles).
 */
function settleResent(result: SignalResult, earlierUnknown: boolean, body: TradersPostSignal): SignalResult {
  if (!earlierUnknown || result.outcome !== 'rejected') return result;
  if (body.action === 'exit' && refusedAsFlat(result)) {
    return { ok: true, outcome: 'acknowledged', status: result.status ?? 200, attempts: result.attempts };
  }
  return { ok: false, outcome: 'unknown', status: result.status, message: `refused after an attempt with no answer: ${result.message}`, attempts: result.attempts };
}

/** TradersPost refused the signal because there is no position (an exit when flat). */
function refusedAsFlat(result: SignalResult): boolean {
  if (result.outcome !== 'rejected') return false;
  const flat = /no[\s_-]*(open[\s_-]*)?position|not[\s_-]*in[\s_-]*(a[\s_-]*)?position|already[\s_-]*flat|position[\s_-]*(is[\s_-]*)?flat/i;
  return flat.test(result.messageCode ?? '') || flat.test(result.message);
}

/** Exits and cancels cannot double a position when they arrive twice (TradersPost refuses an exit when flat). */
function isSafeToResend(signal: TradersPostSignal): boolean {
  return signal.action === 'exit' || signal.action === 'cancel';
}

function unknownMessage(order: Order, action: string): string {
  return `order ${order.id} (${order.strategy} ${order.side} ${order.quantity} ${order.symbol}, ${action}) was sent but no clear answer came back: it may or may not be at the broker. It is assumed working (the position is possibly open) and will not be sent again; check the broker and run \`rooney live reconcile --order ${order.id} --filled|--not-filled\``;
}
