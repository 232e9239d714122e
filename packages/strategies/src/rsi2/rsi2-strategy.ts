import { barsBefore } from '@rooney/core';
import type { BarEvent, Fill, RestoredState, Strategy, StrategyContext, Subscription } from '@rooney/core';
import { timeframeCode } from '../blend/strategy-timeframe.ts';
import type { StrategyDiagnostics } from '../signals.ts';
import { DEFAULT_RSI2_PARAMS, Rsi2Rules } from './rsi2-rules.ts';
import type { Rsi2Params } from './rsi2-rules.ts';
import { paramsBySymbol } from '../params.ts';

export interface Rsi2Options {
  /** Parameters for every symbol (defaults filled in). */
  readonly params?: Partial<Rsi2Params>;
  /** Full parameter sets for symbols that override the defaults (same timeframe). */
  readonly perSymbol?: Readonly<Record<string, Rsi2Params>>;
}

interface SymbolState {
  readonly rules: Rsi2Rules;
  readonly params: Rsi2Params;
  /** Completed bars of the trade timeframe when the position was filled. */
  entryBarCount: number;
}

/**
 * RSI(2) short-term mean reversion (Connors & Alvarez), one position per symbol.
 *
 * At each close of a `timeframe` bar, with the rules of `Rsi2Rules`: when flat, an entry signal
 * buys (or sells short) at market, filled at the next bar's open; when holding, an exit signal
 * closes at market. The time exit counts the fill bar as bar 1. A position closed at a bar's open
 * is flat at that bar's close, so a new entry may be signalled on the exit's fill bar.
 */
export class Rsi2Strategy implements Strategy {
  readonly name: string;
  readonly symbols: readonly string[];
  readonly params: Rsi2Params;
  private readonly timeframe: string;
  private readonly states = new Map<string, SymbolState>();
  private readonly counts = { signals: 0, entries: 0, blocked: 0 };

  constructor(name: string, symbols: readonly string[], options: Rsi2Options = {}) {
    this.name = name;
    this.symbols = symbols;
    this.params = { ...DEFAULT_RSI2_PARAMS, ...options.params };
    this.timeframe = timeframeCode(this.params.timeframe);
    for (const [symbol, params] of paramsBySymbol(name, symbols, this.params, options.perSymbol)) {
      this.states.set(symbol, { rules: new Rsi2Rules(params), params, entryBarCount: 0 });
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
    const symbol = event.symbol;
    const state = this.states.get(symbol);
    if (state === undefined) return;
    const view = event.view;
    const rules = state.rules;
    rules.update(view);
    if (context.openOrders(symbol).length > 0) return;
    const position = context.position(symbol);
    if (position !== 0) {
      const reason = rules.exit(Math.sign(position), view.length - state.entryBarCount);
      if (reason !== undefined) {
        context.submit({ symbol, side: position > 0 ? 'sell' : 'buy', quantity: Math.abs(position), type: 'market', tag: reason });
      }
      return;
    }
    const direction = rules.entry();
    if (direction === 0) return;
    this.counts.signals++;
    const meta: Record<string, number> = { rsi: rules.rsiValue };
    if (Number.isFinite(rules.trendValue)) meta.trend_sma = rules.trendValue;
    const order = context.submit({ symbol, side: direction > 0 ? 'buy' : 'sell', quantity: state.params.size, type: 'market', tag: 'entry' }, meta);
    if (order === undefined) this.counts.blocked++;
    else this.counts.entries++;
  }

  onFill(context: StrategyContext, fill: Fill): void {
    const state = this.states.get(fill.symbol);
    if (state === undefined) return;
    const position = context.position(fill.symbol);
    if (position !== 0 && fill.tag === 'entry') state.entryBarCount = context.bars(fill.symbol, this.timeframe).length;
  }

  /** After a live restart: the time exit counts from each open position's entry fill. */
  restoreState(context: StrategyContext, restored: RestoredState): void {
    for (const state of this.states.values()) state.entryBarCount = 0;
    for (const position of restored.positions) {
      const state = this.states.get(position.symbol);
      if (state !== undefined && position.quantity !== 0) state.entryBarCount = barsBefore(context.bars(position.symbol, this.timeframe), position.entryTs);
    }
  }
}
