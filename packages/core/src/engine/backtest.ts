import { contractSpec, roundToTick } from '../contracts.ts';
import type { ContractSpec } from '../contracts.ts';
import { RooneyError } from '../errors.ts';
import type {
  BarEvent,
  BarView,
  Clock,
  OrderGate,
  PortfolioView,
  Strategy,
  StrategyContext,
} from '../ports.ts';
import { DEFAULT_SESSION, sessionCloseTs, timeframeMs, timeframeName, tradingDateOf } from '../time.ts';
import type { SessionSpec } from '../time.ts';
import type { BarArrays, Fill, Order, OrderRequest, Position, Trade } from '../types.ts';
import { Account } from './account.ts';
import { fillPriceOnBar } from './fill-model.ts';
import { SeriesView } from './series-view.ts';

export interface BacktestOptions {
  /** Every series the run needs (each symbol's finest series is the one orders fill on). */
  readonly series: readonly BarArrays[];
  readonly strategies: readonly Strategy[];
  readonly startingCash: number;
  /** Contract specs by symbol; symbols not listed get `contractSpec(symbol)`. */
  readonly contracts?: Readonly<Record<string, ContractSpec>>;
  /** Slippage in ticks applied against the trader on market and stop fills (default 0). */
  readonly slippageTicks?: number;
  /** Session boundaries for `day` orders, session PnL and the daily equity series. */
  readonly session?: SessionSpec;
  /** Risk gate consulted before every entry (the portfolio coordinator). */
  readonly gate?: OrderGate;
  /** Close positions still open after the last bar at its close, reason `end_of_data` (default true). */
  readonly closeAtEnd?: boolean;
  /**
   * Bars before this time warm strategies and indicators up but cannot trade: orders submitted
   * earlier are refused (reason `warm_up`), and equity is recorded from here on.
   */
  readonly tradeStartTs?: number;
  /** Called now and then with the fraction of events processed. */
  readonly onProgress?: (fraction: number) => void;
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

interface Subscriber {
  readonly strategy: Strategy;
  readonly context: EngineContext;
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
  readonly subscribers: Subscriber[];
  readonly event: { symbol: string; timeframe: string; ts: number; view: BarView };
  cursor: number;
}

interface PendingOrder {
  readonly order: Order;
  readonly context: EngineContext;
  /** Completed bars of the order's expiry series when it was submitted (`bar` time in force). */
  readonly barCountAtSubmit: number;
  readonly expiryView: SeriesView;
}

/**
 * Runs strategies over bar series in one deterministic event loop.
 *
 * Events are merged by (timestamp, priority, sequence): at each event time the broker first fills
 * pending orders on each symbol's finest bar (bars stamped at close, so orders placed at an earlier
 * close fill at this bar's open), then every series with a bar closing now becomes visible, then
 * strategies receive bar events — finer timeframes first, symbols in the order given — and finally
 * equity is marked. Nothing reads the wall clock or a global random source.
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
  private readonly pending = new Map<string, PendingOrder[]>();
  private readonly symbols: string[] = [];
  /** Last close of each symbol's finest series, by symbol index (NaN before its first bar). */
  private lastPrices = new Float64Array(0);
  /** Pending orders with time in force `bar` (expiry checks are skipped while there are none). */
  private barOrderCount = 0;
  private readonly contexts: EngineContext[] = [];
  private readonly session: SessionSpec;
  private readonly slippageTicks: number;
  private readonly tradeStartTs: number;
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
  now = Number.NaN;
  sessionStartTs = Number.NaN;
  private sessionCloseTs = Number.NEGATIVE_INFINITY;
  private sessionStartEquity: number;
  readonly portfolio: PortfolioView;

  constructor(options: BacktestOptions) {
    if (!(options.startingCash > 0)) {
      throw new RooneyError('invalid_parameter', `"startingCash" must be > 0, was ${options.startingCash}`);
    }
    this.options = options;
    this.sessionStartEquity = options.startingCash;
    this.session = options.session ?? DEFAULT_SESSION;
    this.slippageTicks = options.slippageTicks ?? 0;
    this.tradeStartTs = options.tradeStartTs ?? Number.NEGATIVE_INFINITY;
    this.buildStreams();
    this.account = new Account(options.startingCash, this.symbols);
    this.lastPrices = new Float64Array(this.symbols.length).fill(Number.NaN);
    const capacity = Math.max(16, ...this.streams.filter((s) => s.isFillSeries).map((s) => s.series.length));
    this.equityTs = new Float64Array(capacity);
    this.equityValue = new Float64Array(capacity);
    this.portfolio = this.makePortfolioView();
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
      if (t > this.sessionCloseTs) this.startSession(t);
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
      remaining -= activeCount;
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
      if (this.barOrderCount > 0) this.expireBarOrders();
      if (t >= this.tradeStartTs) this.recordEquity(t);
      else this.sessionStartEquity = this.account.equity();
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
    for (const symbol of symbols) this.pending.set(symbol, []);
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
        pending: this.pending.get(series.symbol) as PendingOrder[],
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

  private subscribeStrategies(): void {
    const names = new Set<string>();
    for (const strategy of this.options.strategies) {
      if (names.has(strategy.name)) {
        throw new RooneyError('duplicate_strategy', `two strategies are named "${strategy.name}"`);
      }
      names.add(strategy.name);
      const context = new EngineContext(this, strategy);
      this.contexts.push(context);
      for (const subscription of strategy.subscriptions()) {
        const stream = this.findStream(strategy.name, subscription.symbol, subscription.timeframe);
        stream.subscribers.push({ strategy, context });
        context.views.set(viewKey(subscription.symbol, timeframeMs(subscription.timeframe)), stream.view);
        if ((subscription.role ?? 'trade') === 'trade' && !context.primary.has(subscription.symbol)) {
          context.primary.set(subscription.symbol, stream.view);
        }
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

  private makePortfolioView(): PortfolioView {
    const run = this;
    return {
      get ts() {
        return run.now;
      },
      get cash() {
        return run.account.cash;
      },
      get equity() {
        return run.account.equity();
      },
      get sessionPnl() {
        return run.account.equity() - run.sessionStartEquity;
      },
      get sessionStartTs() {
        return run.sessionStartTs;
      },
      positions: () => run.account.positionList(),
      openOrders: () => run.openOrders(),
    };
  }

  // ---- orders --------------------------------------------------------------------------------

  contract(symbol: string): ContractSpec {
    const spec = this.contracts.get(symbol);
    if (spec === undefined) throw new RooneyError('unknown_symbol', `no data loaded for symbol "${symbol}"`);
    return spec;
  }

  quantity(strategy: string, symbol: string): number {
    return this.account.quantity(strategy, symbol);
  }

  position(strategy: string, symbol: string): Position | undefined {
    return this.account.position(strategy, symbol);
  }

  openOrders(strategy?: string, symbol?: string): readonly Order[] {
    if (symbol !== undefined && (this.pending.get(symbol)?.length ?? 0) === 0) return NO_ORDERS;
    const out: Order[] = [];
    for (const [orderSymbol, list] of this.pending) {
      if (symbol !== undefined && orderSymbol !== symbol) continue;
      for (const entry of list) {
        if (entry.order.status === 'pending' && (strategy === undefined || entry.order.strategy === strategy)) {
          out.push(entry.order);
        }
      }
    }
    return out.sort((a, b) => a.id - b.id);
  }

  submit(context: EngineContext, request: OrderRequest, meta?: Readonly<Record<string, number | string>>): Order | undefined {
    const spec = this.contract(request.symbol);
    validateRequest(request);
    if (this.now < this.tradeStartTs) {
      const refused = makeOrder(request, 0, this.now, context.strategy, 'rejected', meta);
      context.owner.onOrderClosed?.(context, refused, 'warm_up');
      return undefined;
    }
    const order = makeOrder(request, this.nextOrderId++, this.now, context.strategy, 'pending', meta);
    if (order.limitPrice !== undefined) order.limitPrice = roundToTick(order.limitPrice, spec.tickSize);
    if (order.stopPrice !== undefined) order.stopPrice = roundToTick(order.stopPrice, spec.tickSize);
    const gate = this.options.gate;
    if (gate !== undefined) {
      // Judge the order against the position it would meet: the current one plus this strategy's
      // pending orders in the symbol (an exit and a new-side entry sent together are an entry).
      let position = this.account.quantity(order.strategy, order.symbol);
      for (const entry of this.pending.get(order.symbol) as PendingOrder[]) {
        if (entry.order.strategy === order.strategy && entry.order.status === 'pending') {
          position += entry.order.side === 'buy' ? entry.order.quantity : -entry.order.quantity;
        }
      }
      const signed = order.side === 'buy' ? order.quantity : -order.quantity;
      const isEntry = position === 0 || Math.sign(position) === Math.sign(signed) || Math.abs(signed) > Math.abs(position);
      const reason = gate.review({ order, isEntry }, this.portfolio);
      if (reason !== undefined) {
        order.status = 'rejected';
        this.rejected.push({ order, reason });
        context.owner.onOrderClosed?.(context, order, reason);
        return undefined;
      }
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
    if (order.timeInForce === 'bar') this.barOrderCount++;
    (this.pending.get(order.symbol) as PendingOrder[]).push({
      order,
      context,
      barCountAtSubmit: expiryView.length,
      expiryView,
    });
    return order;
  }

  cancel(context: EngineContext, orderId: number): void {
    for (const list of this.pending.values()) {
      const index = list.findIndex((p) => p.order.id === orderId && p.order.strategy === context.owner.name);
      if (index >= 0) {
        const [entry] = list.splice(index, 1);
        this.closeUnfilled(entry, 'cancelled', 'cancelled');
        return;
      }
    }
  }

  private closeUnfilled(entry: PendingOrder, status: 'cancelled' | 'expired', reason: string): void {
    if (entry.order.timeInForce === 'bar') this.barOrderCount--;
    entry.order.status = status;
    this.unfilled.push(entry.order);
    this.options.gate?.orderClosed?.(entry.order, this.portfolio);
    entry.context.owner.onOrderClosed?.(entry.context, entry.order, reason);
  }

  /** Tries every pending order of the stream's symbol on bar `index`, then marks the symbol. */
  private processFillBar(stream: Stream, index: number): void {
    const series = stream.series;
    const list = stream.pending;
    if (list.length > 0) {
      const spec = this.contracts.get(stream.symbol) as ContractSpec;
      const slippage = this.slippageTicks * spec.tickSize;
      const open = series.open[index];
      const high = series.high[index];
      const low = series.low[index];
      const barOpenTs = series.ts[index] - series.barMs;
      const snapshot = list.slice();
      for (const entry of snapshot) {
        const order = entry.order;
        if (order.status !== 'pending') continue;
        if (order.goodTillTs !== undefined && barOpenTs >= order.goodTillTs) {
          removeEntry(list, entry);
          this.closeUnfilled(entry, 'expired', 'expired');
          continue;
        }
        const price = fillPriceOnBar(order, open, high, low, slippage);
        if (Number.isNaN(price)) continue;
        removeEntry(list, entry);
        if (order.timeInForce === 'bar') this.barOrderCount--;
        this.executeFill(entry.context, order, price, series.ts[index]);
      }
    }
    const close = series.close[index];
    this.lastPrices[stream.symbolIndex] = close;
    this.account.marks[stream.symbolIndex] = close;
  }

  private executeFill(context: EngineContext, order: Order, price: number, ts: number = this.now): void {
    const spec = this.contracts.get(order.symbol) as ContractSpec;
    order.status = 'filled';
    order.filledQuantity = order.quantity;
    order.fillPrice = price;
    const fill: Fill = {
      orderId: order.id,
      symbol: order.symbol,
      side: order.side,
      quantity: order.quantity,
      price,
      ts,
      commission: spec.commission * order.quantity,
      tag: order.tag ?? order.type,
      strategy: order.strategy,
    };
    this.fills.push(fill);
    const barCount = (context.primary.get(order.symbol) ?? (this.fillStreamBySymbol.get(order.symbol) as Stream).view).length;
    const trade = this.account.applyFill(fill, spec, barCount, order.meta);
    const symbolIndex = this.symbols.indexOf(order.symbol);
    if (Number.isNaN(this.account.marks[symbolIndex])) this.account.marks[symbolIndex] = price;
    const gate = this.options.gate;
    gate?.onFill?.(fill, this.portfolio);
    gate?.orderClosed?.(order, this.portfolio);
    context.owner.onFill?.(context, fill);
    if (trade !== undefined) {
      this.trades.push(trade);
      context.owner.onTrade?.(context, trade);
    }
  }

  /** Expires `bar` orders once a bar of their expiry series has closed after submission. */
  private expireBarOrders(): void {
    for (const list of this.pending.values()) {
      if (list.length === 0) continue;
      for (let i = list.length - 1; i >= 0; i--) {
        const entry = list[i];
        if (entry.order.timeInForce === 'bar' && entry.expiryView.length > entry.barCountAtSubmit) {
          list.splice(i, 1);
          this.closeUnfilled(entry, 'expired', 'expired');
        }
      }
    }
  }

  private startSession(t: number): void {
    if (Number.isFinite(this.sessionCloseTs)) {
      this.pushDaily(this.sessionCloseTs, this.account.equity());
      for (const list of this.pending.values()) {
        for (let i = list.length - 1; i >= 0; i--) {
          if (list[i].order.timeInForce === 'day') {
            const [entry] = list.splice(i, 1);
            this.closeUnfilled(entry, 'expired', 'session_end');
          }
        }
      }
    }
    const date = tradingDateOf(t, this.session);
    this.sessionCloseTs = sessionCloseTs(date, this.session);
    const previousDate = tradingDateOf(this.sessionCloseTs - 86_400_000 * 1.5, this.session);
    this.sessionStartTs = Math.min(sessionCloseTs(previousDate, this.session), t);
    this.sessionStartEquity = this.account.equity();
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
      const context = this.contexts.find((c) => c.owner.name === pair.strategy) as EngineContext;
      const order: Order = {
        symbol: pair.symbol,
        side: pair.quantity > 0 ? 'sell' : 'buy',
        quantity: Math.abs(pair.quantity),
        type: 'market',
        tag: 'end_of_data',
        id: this.nextOrderId++,
        submittedTs: ts,
        strategy: pair.strategy,
        status: 'pending',
        stopTriggered: false,
        filledQuantity: 0,
        fillPrice: Number.NaN,
      };
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

/** The strategy's handle on a backtest run. */
class EngineContext implements StrategyContext {
  readonly owner: Strategy;
  readonly strategy: string;
  readonly clock: Clock;
  readonly views = new Map<string, SeriesView>();
  /** The primary (first `trade`) view of each symbol the strategy trades. */
  readonly primary = new Map<string, SeriesView>();
  private readonly run: BacktestRun;

  constructor(run: BacktestRun, strategy: Strategy) {
    this.run = run;
    this.owner = strategy;
    this.strategy = strategy.name;
    this.clock = { now: () => run.now };
  }

  get portfolio(): PortfolioView {
    return this.run.portfolio;
  }

  bars(symbol: string, timeframe: string): BarView {
    const view = this.views.get(viewKey(symbol, timeframeMs(timeframe)));
    if (view === undefined) {
      throw new RooneyError(
        'not_subscribed',
        `strategy "${this.strategy}" did not subscribe to ${symbol} ${timeframe} bars`,
      );
    }
    return view;
  }

  position(symbol: string): number {
    return this.run.quantity(this.strategy, symbol);
  }

  positionDetail(symbol: string): Position | undefined {
    return this.run.position(this.strategy, symbol);
  }

  openOrders(symbol?: string): readonly Order[] {
    return this.run.openOrders(this.strategy, symbol);
  }

  contract(symbol: string): ContractSpec {
    return this.run.contract(symbol);
  }

  submit(request: OrderRequest, meta?: Readonly<Record<string, number | string>>): Order | undefined {
    return this.run.submit(this, request, meta);
  }

  cancel(orderId: number): void {
    this.run.cancel(this, orderId);
  }
}

const NO_ORDERS: readonly Order[] = Object.freeze([]);

/** Mutable fields of an order the engine sets after creation. */
type MutableOrder = Order & { limitPrice: number | undefined; stopPrice: number | undefined };

/** An order object with every field in one fixed order (one hidden class, no object spread). */
function makeOrder(
  request: OrderRequest,
  id: number,
  ts: number,
  strategy: string,
  status: Order['status'],
  meta: Readonly<Record<string, number | string>> | undefined,
): MutableOrder {
  return {
    symbol: request.symbol,
    side: request.side,
    quantity: request.quantity,
    type: request.type,
    limitPrice: request.limitPrice,
    stopPrice: request.stopPrice,
    timeInForce: request.timeInForce,
    goodTillTs: request.goodTillTs,
    tag: request.tag,
    fillAtSignalClose: request.fillAtSignalClose,
    id,
    submittedTs: ts,
    strategy,
    status,
    stopTriggered: false,
    meta,
    filledQuantity: 0,
    fillPrice: Number.NaN,
  };
}

function viewKey(symbol: string, barMs: number): string {
  return `${symbol}@${barMs}`;
}

function removeEntry(list: PendingOrder[], entry: PendingOrder): void {
  const index = list.indexOf(entry);
  if (index >= 0) list.splice(index, 1);
}

function validateRequest(request: OrderRequest): void {
  if (!(Number.isInteger(request.quantity) && request.quantity > 0)) {
    throw new RooneyError('invalid_order', `order quantity must be a positive integer, was ${request.quantity}`);
  }
  const needsLimit = request.type === 'limit' || request.type === 'stop_limit';
  const needsStop = request.type === 'stop' || request.type === 'stop_limit';
  if (needsLimit && !(Number.isFinite(request.limitPrice) && (request.limitPrice as number) > 0)) {
    throw new RooneyError('invalid_order', `${request.type} order needs a positive limitPrice, was ${request.limitPrice}`);
  }
  if (needsStop && !(Number.isFinite(request.stopPrice) && (request.stopPrice as number) > 0)) {
    throw new RooneyError('invalid_order', `${request.type} order needs a positive stopPrice, was ${request.stopPrice}`);
  }
}
