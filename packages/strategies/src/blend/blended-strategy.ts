import { RooneyError, timeframeMs } from '@rooney/core';
import type { BarEvent, BarView, Fill, Order, RestoredState, Strategy, StrategyContext, Subscription } from '@rooney/core';
import { combineTargets } from './allocator.ts';
import type { StrategyDiagnostics } from '../signals.ts';
import type { AlphaModel, AlphaSignals } from './alpha-model.ts';

/** An alpha and its weight in the blend. */
export interface WeightedAlpha {
  readonly alpha: AlphaModel;
  /** Weight >= 0, used as given (not normalised). */
  readonly weight: number;
}

export interface BlendOptions {
  /** Contracts of a full (target 1, confidence 1, weight 1) position. Default 1. */
  readonly size?: number;
}

/** Paper PnL attributed to each alpha (see `BlendedStrategy.attribution`). */
export interface AlphaAttribution {
  readonly alphas: readonly string[];
  /** Event times at which the attribution was marked. */
  readonly ts: Float64Array;
  /** Cumulative paper PnL per alpha, in account currency, one value per `ts`. */
  readonly pnl: readonly Float64Array[];
}

/** Order counts of a blend after a run. */
export interface BlendOrderStatistics {
  /** Changes of a symbol's blended target (in contracts). */
  readonly targetChanges: number;
  /** Orders submitted (exits and entries). */
  readonly orders: number;
  /** Entries the gate accepted. */
  readonly entries: number;
  /** Entries a gate blocked. */
  readonly blockedEntries: number;
  /** Pending orders cancelled because the target changed before they filled. */
  readonly replaced: number;
}

interface Route {
  /** Alphas subscribed to this series. */
  readonly alphas: readonly number[];
  /** Index of the symbol among the blend's traded symbols, or -1 for a reference series. */
  readonly symbol: number;
}

const GROWTH = 2;

/**
 * Blends the targets of several alphas into one position per symbol and trades toward it.
 *
 * On every bar event the alphas subscribed to that series update their targets first; then, for a
 * traded symbol, the blended target in contracts is
 * `round(sum_i weight_i · confidence_i · target_i · size)` (`combineTargets`) and the strategy sends
 * market orders for the difference from its position: a reduction or a close is an exit (never
 * gated); an increase is an entry; a reversal is one order for the close plus the new side (the
 * engine reviews it as an entry), replaced by a plain close when the gate blocks it. Pending orders
 * whose target changed before they filled (two timeframes closing at the same time) are cancelled
 * and replaced.
 *
 * A gate (the portfolio coordinator) may block an entry: `submit` returns `undefined` and
 * `onOrderClosed` reports it. The blend then leaves the position as it is until a LATER bar event of
 * that symbol, where it tries again if the target still asks for it; it never retries within the
 * same event time.
 *
 * Entry orders carry the attribution in their meta (kept on the trade): `blend_target`, and per
 * alpha `<alpha>.target` and `<alpha>.contribution` (weight · confidence · target · size, unrounded).
 */
export class BlendedStrategy implements Strategy {
  readonly name: string;
  readonly symbols: readonly string[];
  readonly alphas: readonly WeightedAlpha[];
  readonly size: number;
  private readonly weights: Float64Array;
  private readonly symbolIndex = new Map<string, number>();
  /** Per symbol: each alpha's target and confidence. */
  private readonly targets: Float64Array[];
  private readonly confidences: Float64Array[];
  private readonly writers: AlphaSignals[];
  private readonly subscriptionList: Subscription[] = [];
  private readonly routeByKey = new Map<string, Route>();
  private readonly routeByView = new Map<BarView, Route>();
  /** Per symbol: event time of the last blocked entry (NaN: none). */
  private readonly blockedTs: Float64Array;
  /** Per symbol: the blended target the pending orders were sent for. */
  private readonly plannedTarget: Float64Array;
  private readonly pendingCount: Int32Array;
  /** Pending order id → symbol index. */
  private readonly pendingOrders = new Map<number, number>();
  private readonly counts = { targetChanges: 0, orders: 0, entries: 0, blockedEntries: 0, replaced: 0 };
  /** Per symbol: the last blended target seen (for counting changes). */
  private readonly lastTarget: Float64Array;
  // Attribution: contribution held per (symbol, alpha), last mark per symbol, cumulative PnL per alpha.
  private readonly held: Float64Array[];
  private readonly lastMark: Float64Array;
  private readonly multipliers: Float64Array;
  private readonly cumulative: Float64Array;
  private markTs: Float64Array = new Float64Array(256);
  private markPnl: Float64Array[];
  private markCount = 0;

  constructor(name: string, symbols: readonly string[], alphas: readonly WeightedAlpha[], options: BlendOptions = {}) {
    if (symbols.length === 0) throw new RooneyError('invalid_parameter', `strategy "${name}" needs at least one symbol`);
    if (alphas.length === 0) throw new RooneyError('invalid_parameter', `strategy "${name}" needs at least one alpha`);
    const size = options.size ?? 1;
    if (!(Number.isInteger(size) && size >= 1)) throw new RooneyError('invalid_parameter', `"size" must be an integer >= 1, was ${size}`);
    const names = new Set<string>();
    for (const { alpha, weight } of alphas) {
      if (names.has(alpha.name)) throw new RooneyError('invalid_parameter', `strategy "${name}": two alphas are named "${alpha.name}"`);
      names.add(alpha.name);
      if (!(Number.isFinite(weight) && weight >= 0)) {
        throw new RooneyError('invalid_parameter', `strategy "${name}": weight of alpha "${alpha.name}" must be >= 0, was ${weight}`);
      }
    }
    this.name = name;
    this.symbols = symbols;
    this.alphas = alphas;
    this.size = size;
    const alphaCount = alphas.length;
    this.weights = Float64Array.from(alphas, (a) => a.weight);
    symbols.forEach((symbol, s) => this.symbolIndex.set(symbol, s));
    this.targets = symbols.map(() => new Float64Array(alphaCount));
    this.confidences = symbols.map(() => new Float64Array(alphaCount));
    this.held = symbols.map(() => new Float64Array(alphaCount));
    this.blockedTs = new Float64Array(symbols.length).fill(Number.NaN);
    this.plannedTarget = new Float64Array(symbols.length);
    this.lastTarget = new Float64Array(symbols.length);
    this.pendingCount = new Int32Array(symbols.length);
    this.lastMark = new Float64Array(symbols.length).fill(Number.NaN);
    this.multipliers = new Float64Array(symbols.length).fill(Number.NaN);
    this.cumulative = new Float64Array(alphaCount);
    this.markPnl = alphas.map(() => new Float64Array(256));
    this.writers = alphas.map((entry, a) => this.writerFor(entry.alpha.name, a));
    this.buildRoutes();
  }

  subscriptions(): readonly Subscription[] {
    return this.subscriptionList;
  }

  /** The common strategy counts: target changes as signals, accepted entries, entries blocked by the gate. */
  diagnostics(): StrategyDiagnostics {
    return { signals: this.counts.targetChanges, entries: this.counts.entries, vetoed: 0, blocked: { gate: this.counts.blockedEntries } };
  }

  /** Order counts of the run. */
  orderStatistics(): BlendOrderStatistics {
    return { ...this.counts };
  }

  /**
   * Paper PnL of each alpha's unrounded contribution (weight · confidence · target · size
   * contracts), held from one bar event of a symbol to the next and marked at the event bars'
   * closes. It shows where the blend's exposure came from; it ignores rounding, fills at the next
   * open, commissions and blocked entries, so the alphas' sum differs from the blend's real PnL by
   * exactly those effects.
   */
  attribution(): AlphaAttribution {
    return {
      alphas: this.alphas.map((a) => a.alpha.name),
      ts: this.markTs.slice(0, this.markCount),
      pnl: this.markPnl.map((values) => values.slice(0, this.markCount)),
    };
  }

  onBar(context: StrategyContext, event: BarEvent): void {
    const route = this.routeFor(event);
    const alphas = route.alphas;
    for (let k = 0; k < alphas.length; k++) {
      const a = alphas[k];
      this.alphas[a].alpha.onBar(context, event, this.writers[a]);
    }
    const s = route.symbol;
    if (s < 0) return;
    this.mark(context, event, s);
    this.rebalance(context, event.symbol, s, event.ts);
  }

  onFill(_context: StrategyContext, fill: Fill): void {
    const s = this.pendingOrders.get(fill.orderId);
    if (s === undefined) return;
    this.pendingOrders.delete(fill.orderId);
    this.pendingCount[s]--;
  }

  onOrderClosed(context: StrategyContext, order: Order): void {
    const s = this.pendingOrders.get(order.id);
    if (s !== undefined) {
      this.pendingOrders.delete(order.id);
      this.pendingCount[s]--;
    }
    if (order.status === 'rejected') {
      const blocked = this.symbolIndex.get(order.symbol);
      if (blocked !== undefined) this.blockedTs[blocked] = context.clock.now();
    }
  }

  /**
   * After a live restart: working orders are tracked again (the target they were sent for is the
   * position they lead to), so the next bar replaces them only if the blended target changed. The
   * alphas' own indicator state comes from the warm-up; the paper attribution restarts at zero.
   */
  restoreState(context: StrategyContext, restored: RestoredState): void {
    this.pendingOrders.clear();
    this.pendingCount.fill(0);
    this.blockedTs.fill(Number.NaN);
    for (const symbol of this.symbols) {
      const s = this.symbolIndex.get(symbol) as number;
      this.plannedTarget[s] = context.position(symbol);
    }
    for (const order of restored.openOrders) {
      const s = this.symbolIndex.get(order.symbol);
      if (s === undefined) continue;
      this.track(order.id, s);
      this.plannedTarget[s] += order.side === 'buy' ? order.quantity : -order.quantity;
    }
  }

  private rebalance(context: StrategyContext, symbol: string, s: number, now: number): void {
    const desired = combineTargets(this.weights, this.confidences[s], this.targets[s], this.size);
    if (desired !== this.lastTarget[s]) {
      this.lastTarget[s] = desired;
      this.counts.targetChanges++;
    }
    if (this.pendingCount[s] > 0) {
      if (this.plannedTarget[s] === desired) return;
      for (const order of context.openOrders(symbol)) {
        context.cancel(order.id);
        this.counts.replaced++;
      }
    }
    this.plannedTarget[s] = desired;
    const position = context.position(symbol);
    if (desired === position) return;
    if (position !== 0 && Math.sign(desired) !== Math.sign(position) && desired !== 0) {
      this.reverse(context, symbol, s, position, desired, now);
      return;
    }
    if (Math.abs(desired) < Math.abs(position)) {
      // Reduce or close: an exit, never gated.
      this.submitExit(context, symbol, s, position, Math.abs(position - desired), desired === 0 ? 'exit' : 'reduce');
      return;
    }
    if (this.blockedTs[s] === now) return;
    const order = context.submit(
      { symbol, side: desired > position ? 'buy' : 'sell', quantity: Math.abs(desired - position), type: 'market', tag: 'entry' },
      this.entryMeta(s, desired),
    );
    this.counts.orders++;
    if (order === undefined) {
      this.blockedTs[s] = now;
      this.counts.blockedEntries++;
      return;
    }
    this.counts.entries++;
    this.track(order.id, s);
  }

  /**
   * Flips the position with ONE order (close plus new side), which the engine reviews as an entry.
   * When the gate blocks it (or blocked an entry at this time already), only the close is sent, as
   * a plain exit; the new side is tried again on a later bar.
   */
  private reverse(context: StrategyContext, symbol: string, s: number, position: number, desired: number, now: number): void {
    if (this.blockedTs[s] !== now) {
      const order = context.submit(
        { symbol, side: position > 0 ? 'sell' : 'buy', quantity: Math.abs(position) + Math.abs(desired), type: 'market', tag: 'reverse' },
        this.entryMeta(s, desired),
      );
      this.counts.orders++;
      if (order !== undefined) {
        this.counts.entries++;
        this.track(order.id, s);
        return;
      }
      this.blockedTs[s] = now;
      this.counts.blockedEntries++;
    }
    this.submitExit(context, symbol, s, position, Math.abs(position), 'exit');
  }

  private submitExit(context: StrategyContext, symbol: string, s: number, position: number, quantity: number, tag: string): void {
    const order = context.submit({ symbol, side: position > 0 ? 'sell' : 'buy', quantity, type: 'market', tag });
    this.counts.orders++;
    if (order !== undefined) this.track(order.id, s);
  }

  private track(orderId: number, s: number): void {
    this.pendingOrders.set(orderId, s);
    this.pendingCount[s]++;
  }

  private entryMeta(s: number, desired: number): Record<string, number> {
    const meta: Record<string, number> = { blend_target: desired };
    const targets = this.targets[s];
    const confidences = this.confidences[s];
    this.alphas.forEach(({ alpha, weight }, a) => {
      meta[`${alpha.name}.target`] = targets[a];
      meta[`${alpha.name}.contribution`] = weight * confidences[a] * targets[a] * this.size;
    });
    return meta;
  }

  /** Books each alpha's paper PnL on symbol `s` since its last mark, then holds the new contributions. */
  private mark(context: StrategyContext, event: BarEvent, s: number): void {
    const close = event.view.close();
    let multiplier = this.multipliers[s];
    if (Number.isNaN(multiplier)) multiplier = this.multipliers[s] = context.contract(event.symbol).multiplier;
    const held = this.held[s];
    const previous = this.lastMark[s];
    const alphaCount = held.length;
    if (!Number.isNaN(previous)) {
      const move = (close - previous) * multiplier;
      for (let a = 0; a < alphaCount; a++) this.cumulative[a] += held[a] * move;
    }
    this.lastMark[s] = close;
    const targets = this.targets[s];
    const confidences = this.confidences[s];
    for (let a = 0; a < alphaCount; a++) held[a] = this.weights[a] * confidences[a] * targets[a] * this.size;
    let index = this.markCount - 1;
    if (index < 0 || this.markTs[index] !== event.ts) {
      if (this.markCount === this.markTs.length) this.growMarks();
      index = this.markCount++;
      this.markTs[index] = event.ts;
    }
    for (let a = 0; a < alphaCount; a++) this.markPnl[a][index] = this.cumulative[a];
  }

  private growMarks(): void {
    const grow = (values: Float64Array): Float64Array => {
      const out = new Float64Array(values.length * GROWTH);
      out.set(values);
      return out;
    };
    this.markTs = grow(this.markTs);
    this.markPnl = this.markPnl.map(grow);
  }

  private writerFor(alphaName: string, a: number): AlphaSignals {
    return {
      set: (symbol: string, target: number, confidence = 1): void => {
        const s = this.symbolIndex.get(symbol);
        if (s === undefined) {
          throw new RooneyError('invalid_parameter', `alpha "${alphaName}" set a target for ${symbol}, which strategy "${this.name}" does not trade`);
        }
        if (!(target >= -1 && target <= 1)) {
          throw new RooneyError('invalid_parameter', `alpha "${alphaName}": target for ${symbol} must be in [-1, 1], was ${target}`);
        }
        if (!(confidence >= 0 && confidence <= 1)) {
          throw new RooneyError('invalid_parameter', `alpha "${alphaName}": confidence for ${symbol} must be in [0, 1], was ${confidence}`);
        }
        this.targets[s][a] = target;
        this.confidences[s][a] = confidence;
      },
    };
  }

  /** Union of the alphas' subscriptions (a series traded by any alpha is a trade series). */
  private buildRoutes(): void {
    const roles = new Map<string, { symbol: string; timeframe: string; trade: boolean; alphas: number[] }>();
    this.alphas.forEach(({ alpha }, a) => {
      for (const subscription of alpha.subscriptions()) {
        const trade = (subscription.role ?? 'trade') === 'trade';
        if (trade && !this.symbolIndex.has(subscription.symbol)) {
          throw new RooneyError(
            'invalid_parameter',
            `strategy "${this.name}": alpha "${alpha.name}" trades ${subscription.symbol}, which is not among the strategy's symbols (${this.symbols.join(', ')})`,
          );
        }
        const key = `${subscription.symbol}@${timeframeMs(subscription.timeframe)}`;
        let entry = roles.get(key);
        if (entry === undefined) roles.set(key, (entry = { symbol: subscription.symbol, timeframe: subscription.timeframe, trade, alphas: [] }));
        entry.trade ||= trade;
        if (!entry.alphas.includes(a)) entry.alphas.push(a);
      }
    });
    for (const symbol of this.symbols) {
      if (![...roles.values()].some((entry) => entry.symbol === symbol && entry.trade)) {
        throw new RooneyError('invalid_parameter', `strategy "${this.name}": no alpha trades ${symbol}`);
      }
    }
    // Trade series first, so each symbol's primary (first trade) series is one the alphas trade on.
    const ordered = [...roles.entries()].sort((x, y) => Number(y[1].trade) - Number(x[1].trade));
    for (const [key, entry] of ordered) {
      this.subscriptionList.push({ symbol: entry.symbol, timeframe: entry.timeframe, role: entry.trade ? 'trade' : 'reference' });
      this.routeByKey.set(key, { alphas: entry.alphas, symbol: entry.trade ? (this.symbolIndex.get(entry.symbol) as number) : -1 });
    }
  }

  private routeFor(event: BarEvent): Route {
    let route = this.routeByView.get(event.view);
    if (route === undefined) {
      route = this.routeByKey.get(`${event.symbol}@${event.view.barMs}`) ?? { alphas: [], symbol: -1 };
      this.routeByView.set(event.view, route);
    }
    return route;
  }
}
