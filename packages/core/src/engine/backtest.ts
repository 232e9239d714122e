import { contractSpec, roundToTick } from '../contracts.ts';
import type { ContractSpec } from '../contracts.ts';
import { RooneyError } from '../errors.ts';
import type { BarView, OrderGate, PortfolioView, Strategy } from '../ports.ts';
import { DEFAULT_SESSION, sessionCloseTs, timeframeMs, timeframeName, tradingDateOf } from '../time.ts';
import type { SessionSpec } from '../time.ts';
import type { BarArrays, Fill, HeldContract, ContractRoll, Order, OrderRequest, OrderSide, Trade } from '../types.ts';
import { barsBefore } from '../bar-count.ts';
import { Account } from './account.ts';
import { EngineContext } from './engine-context.ts';
import { fillPriceAtLevels } from './fill-model.ts';
import { fillOrder, isEntryOrder, makeOrder, marginShortfall, roundOrderPrices, validateOrderRequest } from './orders.ts';
import { PendingOrders } from './pending-orders.ts';
import type { PendingEntry } from './pending-orders.ts';
import { accountPortfolioView } from './portfolio-view.ts';
import { SeriesView } from './series-view.ts';
import { TradingSession } from './trading-session.ts';

export interface BacktestOptions {
  /** Every series the run needs (each symbol's finest series is the one orders fill on). */
  readonly series: readonly BarArrays[];
  readonly strategies: readonly Strategy[];
  readonly startingCash: number;
  /** Contract specs by symbol; symbols not listed get `contractSpec(symbol)`. */
  readonly contracts?: Readonly<Record<string, ContractSpec>>;
  /** Slippage in ticks applied against the trader on market and stop fills (default 0). */
  readonly slippageTicks?: number;
  /**
   * The run's session: session PnL (the daily stop), the daily equity series and `day` orders of
   * symbols whose contract spec has no `session` of its own. Default `DEFAULT_SESSION` (CME Globex,
   * 17:00 America/Chicago).
   */
  readonly session?: SessionSpec;
  /** Risk gate consulted before every entry (the portfolio coordinator). */
  readonly gate?: OrderGate;
  /** Close positions still open after the last bar at its close, reason `end_of_data` (default true). */
  readonly closeAtEnd?: boolean;
  /**
   * Refuse an entry (reason `insufficient_margin`) when the initial margin of open positions,
   * pending entries and the new order would exceed equity (default true; margins from the specs).
   */
  readonly marginCheck?: boolean;
  /**
   * Bars before this time warm strategies and indicators up but cannot trade: orders submitted
   * earlier are refused (reason `warm_up`), and equity is recorded from here on.
   */
  readonly tradeStartTs?: number;
  /**
   * Continue an earlier run (what a live session does after a restart): before the first event at
   * or after `tradeStartTs`, the account books these fills (in order; they are not reported again
   * in the result), these orders go back in the book with their ids, the gate is rebuilt, and each
   * strategy's `restoreState` is called. Strategies have seen the bars before as warm-up.
   */
  readonly restore?: { readonly fills: readonly Fill[]; readonly openOrders: readonly Order[]; readonly fillMeta?: ReadonlyMap<number, Readonly<Record<string, number | string>>> };
  /** Called now and then with the fraction of events processed. */
  readonly onProgress?: (fraction: number) => void;
  /**
   * For continuous symbols built from several contracts (back-adjusted or not): the prices of the
   * contract actually held, bar for bar with the symbol's finest series, and the rolls. Strategies
   * still read the series given in `series` (e.g. back-adjusted, for signals); fills, marks and PnL
   * use the held contract's prices (order limit and stop prices are translated to them bar by bar,
   * on the contract's tick), and at each roll every open position is closed at the old contract's
   * close and reopened at the new contract's price at that time, both legs charged commission and
   * slippage, the closed trade's exit reason `roll` (the reopened position keeps its entry values).
   */
  readonly heldContracts?: Readonly<Record<string, HeldContract>>;
}

/** An order a gate refused, with its reason. */
export interface RejectedOrder {
  readonly order: Order;
  readonly reason: string;
}

export interface TimeSeries {
  readonly ts: Float64Array;
  readonly value: Float64Array;
}

export interface BacktestResult {
  readonly trades: readonly Trade[];
  readonly fills: readonly Fill[];
  readonly rejected: readonly RejectedOrder[];
  /** Orders that expired or were cancelled unfilled. */
  readonly unfilled: readonly Order[];
  /** Orders still working when the data ended (with `closeAtEnd: false`, what a continuation must `restore`). */
  readonly openOrders: readonly Order[];
  /** Equity marked to market after every event time. */
  readonly equity: TimeSeries;
  /** Equity at each session close (and after the last event). */
  readonly daily: TimeSeries;
  /** Each strategy's net PnL (realised − commission + open) at the times of `daily`. */
  readonly dailyPnlByStrategy: Readonly<Record<string, Float64Array>>;
  readonly startingCash: number;
  readonly finalEquity: number;
  readonly firstTs: number;
  readonly lastTs: number;
  /** Bars processed per symbol and timeframe name (`1m`, `1h`, `1d`). */
  readonly barsProcessed: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly ordersSubmitted: number;
}

type BacktestContext = EngineContext<SeriesView>;

interface Subscriber {
  readonly strategy: Strategy;
  readonly context: BacktestContext;
}

interface Stream {
  readonly series: BarArrays;
  readonly view: SeriesView;
  readonly symbol: string;
  readonly timeframe: string;
  readonly isFillSeries: boolean;
  /** Index of the symbol in the account's marks and the run's last prices. */
  readonly symbolIndex: number;
  /** Pending orders of the symbol (shared by every stream of the symbol). */
  readonly pending: PendingOrder[];
  /** The held contract's prices, on the fill series of a continuous symbol. */
  held: HeldState | undefined;
  readonly subscribers: Subscriber[];
  readonly event: { symbol: string; timeframe: string; ts: number; view: BarView };
  cursor: number;
}

interface PendingOrder extends PendingEntry {
  readonly context: BacktestContext;
}

/** A held-contract price series in use: its rolls and the fill-series bar each one follows. */
interface HeldState {
  readonly prices: BarArrays;
  readonly adjustment: HeldContract['adjustment'];
  readonly rolls: readonly ContractRoll[];
  /** Index of the last bar of the old contract, per roll (rolls outside the data are left out). */
  readonly rollBars: readonly number[];
  /** Next roll to apply. */
  next: number;
}

/** A fill booked in the account, before strategies and the gate are told. */
interface BookedFill {
  readonly context: BacktestContext;
  readonly order: Order;
  readonly fill: Fill;
  readonly trade: Trade | undefined;
}

/**
 * Runs strategies over bar series in one deterministic event loop.
 *
 * Events are merged by (timestamp, priority, sequence): at each event time the broker first fills
 * pending orders on each symbol's finest bar (bars stamped at close, so orders placed at an earlier
 * close fill at this bar's open), then every series with a bar closing now becomes visible, then
 * `bar` orders whose bar has closed unfilled expire (strategies are told before they see the bar),
 * then strategies receive bar events — finer timeframes first, symbols in the order given — and
 * finally equity is marked and the gate's `onMark` sees it. Nothing reads the wall clock or a
 * global random source.
 */
export function runBacktest(options: BacktestOptions): BacktestResult {
  return new BacktestRun(options).run();
}

class BacktestRun {
  private readonly options: BacktestOptions;
  private account: Account;
  private readonly streams: Stream[] = [];
  private readonly fillStreamBySymbol = new Map<string, Stream>();
  private readonly contracts = new Map<string, ContractSpec>();
  private readonly book = new PendingOrders<PendingOrder>();
  private readonly symbols: string[] = [];
  /** Last close of each symbol's finest series, by symbol index (NaN before its first bar). */
  private lastPrices = new Float64Array(0);
  private readonly contexts: BacktestContext[] = [];
  private readonly session: TradingSession;
  private readonly slippageTicks: number;
  private readonly tradeStartTs: number;
  private readonly marginCheck: boolean;
  private readonly trades: Trade[] = [];
  private readonly fills: Fill[] = [];
  private readonly rejected: RejectedOrder[] = [];
  private readonly unfilled: Order[] = [];
  private equityTs: Float64Array;
  private equityValue: Float64Array;
  private equityCount = 0;
  private readonly dailyTs: number[] = [];
  private readonly dailyValue: number[] = [];
  private readonly dailyStrategyPnl = new Map<string, number[]>();
  private nextOrderId = 1;
  private restored = false;
  /** False while fills run at the current time (its bars are not visible yet), true from step 2 on. */
  private barsVisible = true;
  now = Number.NaN;
  readonly portfolio: PortfolioView;
  private readonly closeUnfilledExpired = (entry: PendingOrder): void => this.closeUnfilled(entry, 'expired', 'expired');
  private readonly closeUnfilledSessionEnd = (entry: PendingOrder): void => this.closeUnfilled(entry, 'expired', 'session_end');

  constructor(options: BacktestOptions) {
    if (!(options.startingCash > 0)) {
      throw new RooneyError('invalid_parameter', `"startingCash" must be > 0, was ${options.startingCash}`);
    }
    this.options = options;
    this.session = new TradingSession(options.session ?? DEFAULT_SESSION, options.startingCash);
    this.slippageTicks = options.slippageTicks ?? 0;
    this.tradeStartTs = options.tradeStartTs ?? Number.NEGATIVE_INFINITY;
    this.marginCheck = options.marginCheck ?? true;
    this.buildStreams();
    this.attachHeldContracts();
    this.account = new Account(options.startingCash, this.symbols);
    this.lastPrices = new Float64Array(this.symbols.length).fill(Number.NaN);
    const capacity = Math.max(16, ...this.streams.filter((s) => s.isFillSeries).map((s) => s.series.length));
    this.equityTs = new Float64Array(capacity);
    this.equityValue = new Float64Array(capacity);
    this.portfolio = accountPortfolioView(this.account, this.session, () => this.now, () => this.book.orders());
    this.subscribeStrategies();
  }

  run(): BacktestResult {
    for (const context of this.contexts) context.owner.onStart?.(context);
    const streams = this.streams;
    const count = streams.length;
    const nextTs = new Float64Array(count);
    let remaining = 0;
    for (let k = 0; k < count; k++) {
      nextTs[k] = streams[k].series.length > 0 ? streams[k].series.ts[0] : Number.POSITIVE_INFINITY;
      remaining += streams[k].series.length;
    }
    const total = remaining;
    let firstTs = Number.NaN;
    let steps = 0;
    const onProgress = this.options.onProgress;
    const gate = this.options.gate;
    const onMark = gate?.onMark;
    // Streams with a bar closing at the current time, in priority order (finer first, then symbol order).
    const active = new Int32Array(count);
    for (;;) {
      let t = Number.POSITIVE_INFINITY;
      let activeCount = 0;
      for (let k = 0; k < count; k++) {
        const next = nextTs[k];
        if (next < t) {
          t = next;
          activeCount = 0;
          active[activeCount++] = k;
        } else if (next === t && next !== Number.POSITIVE_INFINITY) {
          active[activeCount++] = k;
        }
      }
      if (t === Number.POSITIVE_INFINITY) break;
      if (Number.isNaN(firstTs) && t >= this.tradeStartTs) firstTs = t;
      this.now = t;
      if (!this.restored && t >= this.tradeStartTs) this.applyRestore();
      this.barsVisible = false;
      if (t > this.session.closeTs) this.startSession(t);
      // 1. Fills on each symbol's finest bar closing now.
      for (let a = 0; a < activeCount; a++) {
        const stream = streams[active[a]];
        if (stream.isFillSeries) this.processFillBar(stream, stream.cursor);
      }
      // 2. Every bar closing now becomes visible.
      for (let a = 0; a < activeCount; a++) {
        const stream = streams[active[a]];
        stream.cursor++;
        stream.view.length = stream.cursor;
      }
      this.barsVisible = true;
      remaining -= activeCount;
      // 2b. A `bar` order whose one bar just closed unfilled expires before strategies see that bar
      // (Backtrader notifies expiries before next()): flat again, a strategy may enter on this bar.
      if (this.book.hasBarOrders) this.book.expireBarOrders(this.closeUnfilledExpired);
      // 3. Bar events, finer timeframes first.
      for (let a = 0; a < activeCount; a++) {
        const k = active[a];
        const stream = streams[k];
        const subscribers = stream.subscribers;
        if (subscribers.length > 0) {
          stream.event.ts = t;
          for (let s = 0; s < subscribers.length; s++) {
            subscribers[s].strategy.onBar(subscribers[s].context, stream.event);
          }
        }
        nextTs[k] = stream.cursor < stream.series.length ? stream.series.ts[stream.cursor] : Number.POSITIVE_INFINITY;
      }
      if (t >= this.tradeStartTs) this.recordEquity(t);
      else this.session.startEquity = this.account.equity();
      if (onMark !== undefined) onMark.call(gate, this.portfolio);
      if (onProgress !== undefined && (++steps & 0xffff) === 0) onProgress(1 - remaining / total);
    }
    const lastTs = this.now;
    if ((this.options.closeAtEnd ?? true) && this.account.hasOpenPositions) this.closeAll(lastTs);
    if (this.equityCount > 0) this.equityValue[this.equityCount - 1] = this.account.equity();
    if (!Number.isNaN(lastTs)) this.pushDaily(lastTs, this.account.equity());
    for (const context of this.contexts) context.owner.onStop?.(context);
    onProgress?.(1);
    return {
      trades: this.trades,
      fills: this.fills,
      rejected: this.rejected,
      unfilled: this.unfilled,
      openOrders: this.book.orders(),
      equity: { ts: this.equityTs.slice(0, this.equityCount), value: this.equityValue.slice(0, this.equityCount) },
      daily: { ts: Float64Array.from(this.dailyTs), value: Float64Array.from(this.dailyValue) },
      dailyPnlByStrategy: Object.fromEntries([...this.dailyStrategyPnl].map(([name, values]) => [name, Float64Array.from(values)])),
      startingCash: this.options.startingCash,
      finalEquity: this.account.equity(),
      firstTs,
      lastTs,
      barsProcessed: this.barsProcessed(),
      ordersSubmitted: this.nextOrderId - 1,
    };
  }

  // ---- setup ---------------------------------------------------------------------------------

  private buildStreams(): void {
    const symbols: string[] = [];
    const seen = new Set<string>();
    for (const series of this.options.series) {
      const id = `${series.symbol}@${series.barMs}`;
      if (seen.has(id)) {
        throw new RooneyError('duplicate_series', `two series for ${series.symbol} with ${timeframeName(series.barMs)} bars`);
      }
      seen.add(id);
      if (!symbols.includes(series.symbol)) symbols.push(series.symbol);
    }
    const ordered = [...this.options.series].sort(
      (a, b) => a.barMs - b.barMs || symbols.indexOf(a.symbol) - symbols.indexOf(b.symbol),
    );
    this.symbols.push(...symbols);
    for (const symbol of symbols) this.book.list(symbol);
    for (const series of ordered) {
      const isFillSeries = !this.fillStreamBySymbol.has(series.symbol);
      const view = new SeriesView(series);
      const timeframe = timeframeName(series.barMs);
      const stream: Stream = {
        series,
        view,
        symbol: series.symbol,
        timeframe,
        isFillSeries,
        symbolIndex: symbols.indexOf(series.symbol),
        pending: this.book.list(series.symbol),
        held: undefined,
        subscribers: [],
        event: { symbol: series.symbol, timeframe, ts: Number.NaN, view },
        cursor: 0,
      };
      this.streams.push(stream);
      if (isFillSeries) {
        this.fillStreamBySymbol.set(series.symbol, stream);
        const override = this.options.contracts?.[series.symbol];
        this.contracts.set(series.symbol, override ?? contractSpec(series.symbol));
      }
    }
  }

  /** Checks each held-contract series against its symbol's fill series and finds the roll bars. */
  private attachHeldContracts(): void {
    for (const [symbol, held] of Object.entries(this.options.heldContracts ?? {})) {
      const stream = this.fillStreamBySymbol.get(symbol);
      if (stream === undefined) throw new RooneyError('unknown_symbol', `held-contract prices for ${symbol}, which has no data`);
      const prices = held.prices;
      const series = stream.series;
      if (prices.length !== series.length || (series.length > 0 && (prices.ts[0] !== series.ts[0] || prices.ts[series.length - 1] !== series.ts[series.length - 1]))) {
        throw new RooneyError('invalid_parameter', `held-contract prices of ${symbol} must match its ${timeframeName(series.barMs)} bars one for one`);
      }
      const rollBars: number[] = [];
      const rolls: ContractRoll[] = [];
      for (const roll of held.rolls) {
        // Last bar of the old contract: the last bar stamped at or before the roll time.
        let lo = 0;
        let hi = series.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (series.ts[mid] <= roll.ts) lo = mid + 1;
          else hi = mid;
        }
        const last = lo - 1;
        if (last < 0 || last >= series.length - 1) continue; // the data holds one contract only around it
        if (!Number.isFinite(roll.gap)) {
          throw new RooneyError('roll_price_missing', `roll ${roll.from} -> ${roll.to} of ${symbol} at ${new Date(roll.ts).toISOString()} has no price gap`);
        }
        rollBars.push(last);
        rolls.push(roll);
      }
      stream.held = { prices, adjustment: held.adjustment, rolls, rollBars, next: 0 };
    }
  }

  private subscribeStrategies(): void {
    const names = new Set<string>();
    for (const strategy of this.options.strategies) {
      if (names.has(strategy.name)) {
        throw new RooneyError('duplicate_strategy', `two strategies are named "${strategy.name}"`);
      }
      names.add(strategy.name);
      const context: BacktestContext = new EngineContext(this, strategy, { now: () => this.now }, this.account, this.book);
      this.contexts.push(context);
      for (const subscription of strategy.subscriptions()) {
        const stream = this.findStream(strategy.name, subscription.symbol, subscription.timeframe);
        stream.subscribers.push({ strategy, context });
        context.attach(subscription, stream.view);
      }
    }
  }

  private findStream(strategy: string, symbol: string, timeframe: string): Stream {
    const barMs = timeframeMs(timeframe);
    const stream = this.streams.find((s) => s.symbol === symbol && s.series.barMs === barMs);
    if (stream === undefined) {
      const loaded = this.streams.filter((s) => s.symbol === symbol).map((s) => s.timeframe);
      throw new RooneyError(
        'missing_series',
        `strategy "${strategy}" subscribes to ${symbol} ${timeframe} bars, but ${
          loaded.length === 0 ? `no ${symbol} data was loaded` : `only ${loaded.join(', ')} were loaded`
        }`,
      );
    }
    return stream;
  }

  // ---- orders --------------------------------------------------------------------------------

  contract(symbol: string): ContractSpec {
    const spec = this.contracts.get(symbol);
    if (spec === undefined) throw new RooneyError('unknown_symbol', `no data loaded for symbol "${symbol}"`);
    return spec;
  }

  submit(context: BacktestContext, request: OrderRequest, meta?: Readonly<Record<string, number | string>>): Order | undefined {
    const spec = this.contract(request.symbol);
    validateOrderRequest(request);
    if (this.now < this.tradeStartTs) {
      const refused = makeOrder(request, 0, this.now, context.strategy, 'rejected', meta);
      context.owner.onOrderClosed?.(context, refused, 'warm_up');
      return undefined;
    }
    const order = makeOrder(request, this.nextOrderId++, this.now, context.strategy, 'pending', meta);
    roundOrderPrices(order, spec.tickSize);
    const gate = this.options.gate;
    const isEntry = isEntryOrder(order, this.account.quantity(order.strategy, order.symbol), this.book.list(order.symbol));
    let reason = isEntry && this.marginCheck ? marginShortfall(order, this.account.openPairs(), this.pendingOrders(), this.marginOf, this.account.equity()) : undefined;
    if (reason === undefined && gate !== undefined) reason = gate.review({ order, isEntry }, this.portfolio);
    if (reason !== undefined) {
      order.status = 'rejected';
      this.rejected.push({ order, reason });
      context.owner.onOrderClosed?.(context, order, reason);
      return undefined;
    }
    if (order.fillAtSignalClose === true && order.type === 'market') {
      const price = this.lastPrices[this.symbols.indexOf(order.symbol)];
      if (Number.isNaN(price)) {
        throw new RooneyError('no_price', `cannot fill ${order.symbol} at the signal close before its first bar`);
      }
      const slippage = this.slippageTicks * spec.tickSize;
      this.executeFill(context, order, order.side === 'buy' ? price + slippage : price - slippage);
      return order;
    }
    const fillStream = this.fillStreamBySymbol.get(order.symbol) as Stream;
    const expiryView = context.primary.get(order.symbol) ?? fillStream.view;
    const entry: PendingOrder = { order, context, barCountAtSubmit: this.closedBars(expiryView), expiryView };
    if (order.timeInForce === 'day') {
      const session = spec.session ?? this.session.spec;
      this.book.add({ ...entry, sessionEndTs: sessionCloseTs(tradingDateOf(this.now, session), session) });
    } else {
      this.book.add(entry);
    }
    return order;
  }

  /**
   * Bars of `view` closed by now. During the fill step (an order sent from `onFill`) the bar closing
   * now is not visible yet but has closed: it counts, so a `bar` order lives for the next bar.
   */
  private closedBars(view: SeriesView): number {
    const length = view.length;
    return !this.barsVisible && length < view.series.length && view.series.ts[length] === this.now ? length + 1 : length;
  }

  private readonly marginOf = (symbol: string): number => (this.contracts.get(symbol) as ContractSpec).margin;

  private *pendingOrders(): Generator<Order> {
    for (const symbol of this.symbols) for (const entry of this.book.list(symbol)) yield entry.order;
  }

  cancel(context: BacktestContext, orderId: number): void {
    const entry = this.book.take(context.strategy, orderId);
    if (entry !== undefined) this.closeUnfilled(entry, 'cancelled', 'cancelled');
  }

  private closeUnfilled(entry: PendingOrder, status: 'cancelled' | 'expired', reason: string): void {
    entry.order.status = status;
    this.unfilled.push(entry.order);
    this.options.gate?.orderClosed?.(entry.order, this.portfolio);
    entry.context.owner.onOrderClosed?.(entry.context, entry.order, reason);
  }

  /**
   * Tries every pending order of the stream's symbol on bar `index`, then marks the symbol, then
   * rolls its positions if this bar is the last of a held contract.
   */
  private processFillBar(stream: Stream, index: number): void {
    const series = stream.series;
    const held = stream.held;
    const prices = held === undefined ? series : held.prices;
    const list = stream.pending;
    if (list.length > 0) {
      const spec = this.contracts.get(stream.symbol) as ContractSpec;
      const slippage = this.slippageTicks * spec.tickSize;
      const open = prices.open[index];
      const high = prices.high[index];
      const low = prices.low[index];
      const barOpenTs = series.ts[index] - series.barMs;
      const snapshot = list.slice();
      for (const entry of snapshot) {
        const order = entry.order;
        if (order.status !== 'pending') continue;
        if (order.goodTillTs !== undefined && barOpenTs >= order.goodTillTs) {
          this.book.remove(entry);
          this.closeUnfilled(entry, 'expired', 'expired');
          continue;
        }
        if (entry.sessionEndTs !== undefined && series.ts[index] > entry.sessionEndTs) {
          this.book.remove(entry);
          this.closeUnfilled(entry, 'expired', 'session_end');
          continue;
        }
        let limit = order.limitPrice as number;
        let stop = order.stopPrice as number;
        if (held !== undefined && held.adjustment !== 'none' && order.type !== 'market') {
          limit = heldLevel(limit, held, series, index, spec.tickSize);
          stop = heldLevel(stop, held, series, index, spec.tickSize);
        }
        const price = fillPriceAtLevels(order, limit, stop, open, high, low, slippage);
        if (Number.isNaN(price)) continue;
        this.book.remove(entry);
        this.executeFill(entry.context, order, price, series.ts[index]);
      }
    }
    const close = prices.close[index];
    this.lastPrices[stream.symbolIndex] = close;
    this.account.marks[stream.symbolIndex] = close;
    if (held !== undefined && held.next < held.rollBars.length && held.rollBars[held.next] === index) {
      this.rollPositions(stream, held.rolls[held.next], close, series.ts[index]);
      held.next++;
    }
  }

  /**
   * A contract roll at the old contract's close `oldPrice`: every open position in the symbol is
   * closed there and reopened in the new contract at `oldPrice + gap`, each leg a market fill with
   * commission and slippage, tagged `roll`. Both legs are booked before anyone is told, so a
   * strategy never sees itself flat in the middle of a roll.
   */
  private rollPositions(stream: Stream, roll: ContractRoll, oldPrice: number, ts: number): void {
    const spec = this.contracts.get(stream.symbol) as ContractSpec;
    const slippage = this.slippageTicks * spec.tickSize;
    const newPrice = oldPrice + roll.gap;
    const booked: BookedFill[] = [];
    for (const pair of this.account.openPairs()) {
      if (pair.symbol !== stream.symbol) continue;
      const context = this.contexts.find((c) => c.strategy === pair.strategy) as BacktestContext;
      const meta = this.account.entryMeta(pair.strategy, pair.symbol);
      const long = pair.quantity > 0;
      const quantity = Math.abs(pair.quantity);
      const close = this.internalOrder(pair.strategy, pair.symbol, long ? 'sell' : 'buy', quantity, 'roll', ts, undefined);
      booked.push(this.bookFill(context, close, long ? oldPrice - slippage : oldPrice + slippage, ts));
      const reopen = this.internalOrder(pair.strategy, pair.symbol, long ? 'buy' : 'sell', quantity, 'roll', ts, meta);
      booked.push(this.bookFill(context, reopen, long ? newPrice + slippage : newPrice - slippage, ts));
    }
    this.lastPrices[stream.symbolIndex] = newPrice;
    this.account.marks[stream.symbolIndex] = newPrice;
    for (const fill of booked) this.announceFill(fill);
  }

  /** A market order the engine itself places (rolls, the end-of-data close), filled at once. */
  private internalOrder(
    strategy: string,
    symbol: string,
    side: OrderSide,
    quantity: number,
    tag: string,
    ts: number,
    meta: Readonly<Record<string, number | string>> | undefined,
  ): Order {
    return makeOrder({ symbol, side, quantity, type: 'market', tag }, this.nextOrderId++, ts, strategy, 'pending', meta);
  }

  private executeFill(context: BacktestContext, order: Order, price: number, ts: number = this.now): void {
    this.announceFill(this.bookFill(context, order, price, ts));
  }

  /** Books a fill of `order` at `price` in the account and the run's records. */
  private bookFill(context: BacktestContext, order: Order, price: number, ts: number): BookedFill {
    const spec = this.contracts.get(order.symbol) as ContractSpec;
    const fill = fillOrder(order, price, ts, spec);
    this.fills.push(fill);
    const barCount = (context.primary.get(order.symbol) ?? (this.fillStreamBySymbol.get(order.symbol) as Stream).view).length;
    const trade = this.account.applyFill(fill, spec, barCount, order.meta);
    const symbolIndex = this.symbols.indexOf(order.symbol);
    if (Number.isNaN(this.account.marks[symbolIndex])) this.account.marks[symbolIndex] = price;
    if (trade !== undefined) this.trades.push(trade);
    return { context, order, fill, trade };
  }

  /** `options.restore`, once: fills booked, orders back in the book, the gate rebuilt, strategies told. */
  private applyRestore(): void {
    this.restored = true;
    const restore = this.options.restore;
    if (restore === undefined) return;
    const contextOf = (strategy: string): BacktestContext => {
      const context = this.contexts.find((c) => c.strategy === strategy);
      if (context === undefined) throw new RooneyError('restore_mismatch', `restore: no strategy named "${strategy}" in this run`);
      return context;
    };
    for (const fill of restore.fills) {
      const context = contextOf(fill.strategy);
      const spec = this.contracts.get(fill.symbol);
      const stream = this.fillStreamBySymbol.get(fill.symbol);
      if (spec === undefined || stream === undefined) throw new RooneyError('restore_mismatch', `restore: no data for ${fill.symbol}`);
      const view = context.primary.get(fill.symbol) ?? stream.view;
      this.account.applyFill(fill, spec, barsBefore(view, fill.ts), restore.fillMeta?.get(fill.orderId));
      const symbolIndex = this.symbols.indexOf(fill.symbol);
      if (Number.isNaN(this.account.marks[symbolIndex])) this.account.marks[symbolIndex] = Number.isNaN(this.lastPrices[symbolIndex]) ? fill.price : this.lastPrices[symbolIndex];
      if (fill.orderId >= this.nextOrderId) this.nextOrderId = fill.orderId + 1;
    }
    for (const order of restore.openOrders) {
      const context = contextOf(order.strategy);
      const stream = this.fillStreamBySymbol.get(order.symbol) as Stream;
      const expiryView = context.primary.get(order.symbol) ?? stream.view;
      const restoredOrder: Order = { ...order, status: 'pending' };
      const entry: PendingOrder = { order: restoredOrder, context, barCountAtSubmit: barsBefore(expiryView, order.submittedTs + 1), expiryView };
      if (order.timeInForce === 'day') {
        const session = (this.contracts.get(order.symbol) as ContractSpec).session ?? this.session.spec;
        this.book.add({ ...entry, sessionEndTs: sessionCloseTs(tradingDateOf(order.submittedTs, session), session) });
      } else {
        this.book.add(entry);
      }
      if (order.id >= this.nextOrderId) this.nextOrderId = order.id + 1;
    }
    if (this.session.entered) this.session.startEquity = this.account.equity();
    const gate = this.options.gate;
    if (gate?.restoreState !== undefined) {
      const positions = this.contexts.flatMap((c) => this.account.positionList(c.strategy).map((p) => ({ strategy: c.strategy, symbol: p.symbol, quantity: p.quantity })));
      const openEntries = this.book.orders().filter((o) => isEntryOrder(o, this.account.quantity(o.strategy, o.symbol), []));
      gate.restoreState(undefined, { positions, openEntries }, this.portfolio);
    } else if (gate !== undefined) {
      for (const fill of restore.fills) gate.onFill?.(fill, this.portfolio);
    }
    for (const context of this.contexts) {
      context.owner.restoreState?.(context, { positions: this.account.positionList(context.strategy), openOrders: this.book.orders(context.strategy) });
    }
  }

  /** Tells the gate and the strategy about a booked fill (and the trade it closed). */
  private announceFill({ context, order, fill, trade }: BookedFill): void {
    const gate = this.options.gate;
    gate?.onFill?.(fill, this.portfolio);
    gate?.orderClosed?.(order, this.portfolio);
    context.owner.onFill?.(context, fill);
    if (trade !== undefined) {
      context.owner.onTrade?.(context, trade);
    }
  }

  private startSession(t: number): void {
    if (this.session.entered) {
      this.pushDaily(this.session.closeTs, this.account.equity());
      this.book.expireDayOrders(this.closeUnfilledSessionEnd, t);
    }
    this.session.enter(t, this.account.equity());
    this.options.gate?.onSessionStart?.(t, this.portfolio);
  }

  private pushDaily(ts: number, equity: number): void {
    if (ts < this.tradeStartTs) return;
    const n = this.dailyTs.length;
    const replace = n > 0 && this.dailyTs[n - 1] >= ts;
    if (replace) {
      this.dailyValue[n - 1] = equity;
    } else {
      this.dailyTs.push(ts);
      this.dailyValue.push(equity);
    }
    for (const context of this.contexts) {
      let values = this.dailyStrategyPnl.get(context.strategy);
      if (values === undefined) this.dailyStrategyPnl.set(context.strategy, (values = []));
      const pnl = this.account.strategyPnl(context.strategy);
      if (replace) values[values.length - 1] = pnl;
      else values.push(pnl);
    }
  }

  private recordEquity(t: number): void {
    if (this.equityCount === this.equityTs.length) {
      const grow = (a: Float64Array): Float64Array => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.equityTs = grow(this.equityTs);
      this.equityValue = grow(this.equityValue);
    }
    this.equityTs[this.equityCount] = t;
    this.equityValue[this.equityCount] = this.account.equity();
    this.equityCount++;
  }

  private closeAll(ts: number): void {
    for (const pair of this.account.openPairs()) {
      const context = this.contexts.find((c) => c.strategy === pair.strategy) as BacktestContext;
      const order = this.internalOrder(pair.strategy, pair.symbol, pair.quantity > 0 ? 'sell' : 'buy', Math.abs(pair.quantity), 'end_of_data', ts, undefined);
      this.executeFill(context, order, this.lastPrices[this.symbols.indexOf(pair.symbol)], ts);
    }
  }


  private barsProcessed(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const stream of this.streams) {
      out[stream.symbol] ??= {};
      out[stream.symbol][stream.timeframe] = stream.cursor;
    }
    return out;
  }
}

/**
 * An order's limit or stop price, given on a back-adjusted series, in the held contract's prices on
 * bar `index` (the adjustment is the same for every bar of one contract: read it off the closes),
 * on the contract's tick. NaN (no such level) stays NaN.
 */
function heldLevel(level: number | undefined, held: HeldState, series: BarArrays, index: number, tickSize: number): number {
  if (level === undefined || Number.isNaN(level)) return Number.NaN;
  const raw = held.prices.close[index];
  const adjusted = series.close[index];
  const price = held.adjustment === 'ratio' ? (level * raw) / adjusted : level - (adjusted - raw);
  return roundToTick(price, tickSize);
}
