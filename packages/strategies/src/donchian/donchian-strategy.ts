import { barsBefore } from '@rooney/core';
import type { BarEvent, Fill, Order, RestoredState, Strategy, StrategyContext, Subscription } from '@rooney/core';
import { timeframeCode } from '../blend/strategy-timeframe.ts';
import type { StrategyDiagnostics } from '../signals.ts';
import { DEFAULT_DONCHIAN_PARAMS, DonchianRules } from './donchian-rules.ts';
import type { DonchianParams } from './donchian-rules.ts';
import { paramsBySymbol } from '../params.ts';

export interface DonchianOptions {
  /** Parameters for every symbol (defaults filled in). */
  readonly params?: Partial<DonchianParams>;
  /** Full parameter sets for symbols that override the defaults (same timeframe). */
  readonly perSymbol?: Readonly<Record<string, DonchianParams>>;
}

/** Order bookkeeping of one symbol. */
interface SymbolState {
  readonly rules: DonchianRules;
  readonly params: DonchianParams;
  /** The market order (entry or exit) waiting for its fill, if any. */
  marketOrderId: number;
  /** The resting protective stop, if any. */
  stopOrderId: number;
  /** Stop distance fixed at the entry signal (NaN: no stop). */
  stopDistance: number;
  /** Completed bars of the trade timeframe when the position was filled. */
  entryBarCount: number;
}

const NO_ORDER = -1;

/**
 * Donchian channel breakout trend follower (Turtle-style), one position per symbol.
 *
 * At each close of a `timeframe` bar (see `DonchianRules` for the channels): when flat, a close
 * above the highest high of the previous `entry_period` bars buys at market (next bar's open);
 * with `allow_short`, a close below the lowest low sells. Once filled, a protective stop rests at
 * `atr_stop` × ATR(`atr_period`) from the fill price (ATR as of the signal bar); it lives until
 * filled or until the position is closed otherwise, and can trigger on any later bar of the fill
 * series (not on the entry's own fill bar). When holding: a close beyond the opposite
 * `exit_period` channel (or the time exit) cancels the stop and exits at market.
 */
export class DonchianStrategy implements Strategy {
  readonly name: string;
  readonly symbols: readonly string[];
  readonly params: DonchianParams;
  private readonly timeframe: string;
  private readonly states = new Map<string, SymbolState>();
  private readonly counts = { signals: 0, entries: 0, blocked: 0 };

  constructor(name: string, symbols: readonly string[], options: DonchianOptions = {}) {
    this.name = name;
    this.symbols = symbols;
    this.params = { ...DEFAULT_DONCHIAN_PARAMS, ...options.params };
    this.timeframe = timeframeCode(this.params.timeframe);
    for (const [symbol, params] of paramsBySymbol(name, symbols, this.params, options.perSymbol)) {
      this.states.set(symbol, {
        rules: new DonchianRules(params),
        params,
        marketOrderId: NO_ORDER,
        stopOrderId: NO_ORDER,
        stopDistance: Number.NaN,
        entryBarCount: 0,
      });
    }
  }

  /** Entry signals, entries sent, and entries a gate blocked (`blocked.gate`). */
  diagnostics(): StrategyDiagnostics {
    return { signals: this.counts.signals, entries: this.counts.entries, vetoed: 0, blocked: { gate: this.counts.blocked } };
  }

  subscriptions(): readonly Subscription[] {
    return this.symbols.map((symbol) => ({ symbol, timeframe: this.timeframe, role: 'trade' as const }));
  }

  onBar(context: StrategyContext, event: BarEvent): void {
    if (event.timeframe !== this.timeframe) return;
    const state = this.states.get(event.symbol);
    if (state === undefined) return;
    const view = event.view;
    state.rules.update(view);
    if (state.marketOrderId !== NO_ORDER) return;
    const symbol = event.symbol;
    const position = context.position(symbol);
    if (position !== 0) {
      const reason = state.rules.exit(Math.sign(position), view.length - state.entryBarCount);
      if (reason === undefined) return;
      if (state.stopOrderId !== NO_ORDER) {
        context.cancel(state.stopOrderId);
        state.stopOrderId = NO_ORDER;
      }
      const order = context.submit({ symbol, side: position > 0 ? 'sell' : 'buy', quantity: Math.abs(position), type: 'market', tag: reason });
      if (order !== undefined) state.marketOrderId = order.id;
      return;
    }
    const direction = state.rules.entry();
    if (direction === 0) return;
    this.counts.signals++;
    state.stopDistance = state.rules.stopDistance();
    const rules = state.rules;
    const meta: Record<string, number> = { channel_upper: rules.upper, channel_lower: rules.lower };
    if (Number.isFinite(rules.atrValue)) meta.atr = rules.atrValue;
    const order = context.submit(
      { symbol, side: direction > 0 ? 'buy' : 'sell', quantity: state.params.size, type: 'market', tag: 'entry' },
      meta,
    );
    if (order === undefined) {
      this.counts.blocked++;
      return;
    }
    this.counts.entries++;
    state.marketOrderId = order.id;
  }

  onFill(context: StrategyContext, fill: Fill): void {
    const state = this.states.get(fill.symbol);
    if (state === undefined) return;
    const position = context.position(fill.symbol);
    const wasEntry = fill.orderId === state.marketOrderId && fill.tag === 'entry';
    if (fill.orderId === state.marketOrderId) state.marketOrderId = NO_ORDER;
    if (fill.orderId === state.stopOrderId) state.stopOrderId = NO_ORDER;
    if (position === 0) {
      // Closed by the channel, the stop, or the engine at the end of data: no stop may stay behind.
      if (state.stopOrderId !== NO_ORDER) {
        context.cancel(state.stopOrderId);
        state.stopOrderId = NO_ORDER;
      }
      return;
    }
    if (!wasEntry) return;
    state.entryBarCount = context.bars(fill.symbol, this.timeframe).length;
    if (Number.isFinite(state.stopDistance) && state.stopDistance > 0) {
      const long = position > 0;
      const stopPrice = long ? fill.price - state.stopDistance : fill.price + state.stopDistance;
      if (stopPrice <= 0) return;
      const stop = context.submit({
        symbol: fill.symbol,
        side: long ? 'sell' : 'buy',
        quantity: Math.abs(position),
        type: 'stop',
        stopPrice,
        timeInForce: 'gtc',
        tag: 'atr_stop',
      });
      if (stop !== undefined) state.stopOrderId = stop.id;
    }
  }

  onOrderClosed(_context: StrategyContext, order: Order): void {
    const state = this.states.get(order.symbol);
    if (state === undefined) return;
    if (order.id === state.marketOrderId) state.marketOrderId = NO_ORDER;
    if (order.id === state.stopOrderId) state.stopOrderId = NO_ORDER;
  }

  /**
   * After a live restart: the time exit counts from each position's entry fill; the resting stop
   * and a market order still working are recognised by their ids (the stop keeps protecting the
   * position and is cancelled on the channel exit as before).
   */
  restoreState(context: StrategyContext, restored: RestoredState): void {
    for (const state of this.states.values()) {
      state.marketOrderId = NO_ORDER;
      state.stopOrderId = NO_ORDER;
      state.entryBarCount = 0;
    }
    for (const position of restored.positions) {
      const state = this.states.get(position.symbol);
      if (state !== undefined && position.quantity !== 0) state.entryBarCount = barsBefore(context.bars(position.symbol, this.timeframe), position.entryTs);
    }
    for (const order of restored.openOrders) {
      const state = this.states.get(order.symbol);
      if (state === undefined) continue;
      if (order.type === 'stop') state.stopOrderId = order.id;
      else if (order.type === 'market') state.marketOrderId = order.id;
    }
  }
}
