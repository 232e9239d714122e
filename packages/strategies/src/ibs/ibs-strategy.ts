import { RooneyError } from '@rooney/core';
import type { BarEvent, Fill, Strategy, StrategyContext, Subscription } from '@rooney/core';
import { ParamReader } from '../params.ts';
import type { RawParams } from '../params.ts';

export type IbsTimeframe = 'minute' | 'hour' | 'day';

/** IBS strategy parameters (config names in snake_case, as in the seed system). */
export interface IbsParams {
  readonly timeframe: IbsTimeframe;
  readonly entryLongBelow: number;
  readonly exitLongAbove: number;
  readonly allowShort: boolean;
  readonly entryShortAbove: number;
  readonly exitShortBelow: number;
  /** Exit at the close of this bar, counting the fill bar as bar 1 (0 = no time exit). */
  readonly maxBarsInTrade: number;
  readonly entryOrder: 'market' | 'limit';
  readonly size: number;
}

export const DEFAULT_IBS_PARAMS: IbsParams = Object.freeze({
  timeframe: 'hour',
  entryLongBelow: 0.2,
  exitLongAbove: 0.8,
  allowShort: false,
  entryShortAbove: 0.8,
  exitShortBelow: 0.2,
  maxBarsInTrade: 5,
  entryOrder: 'market',
  size: 1,
});

const TIMEFRAME_CODE: Record<IbsTimeframe, string> = { minute: '1m', hour: '1h', day: '1d' };

/** Reads IBS parameters from a config record; errors name the key path. */
export function parseIbsParams(raw: RawParams, path = 'params'): IbsParams {
  const reader = new ParamReader(raw, path);
  const d = DEFAULT_IBS_PARAMS;
  const params: IbsParams = {
    timeframe: reader.choice('timeframe', d.timeframe, ['minute', 'hour', 'day'] as const),
    entryLongBelow: reader.number('entry_long_below', d.entryLongBelow, { min: 0, max: 1 }),
    exitLongAbove: reader.number('exit_long_above', d.exitLongAbove, { min: 0, max: 1 }),
    allowShort: reader.boolean('allow_short', d.allowShort),
    entryShortAbove: reader.number('entry_short_above', d.entryShortAbove, { min: 0, max: 1 }),
    exitShortBelow: reader.number('exit_short_below', d.exitShortBelow, { min: 0, max: 1 }),
    maxBarsInTrade: reader.number('max_bars_in_trade', d.maxBarsInTrade, { min: 0, integer: true }),
    entryOrder: reader.choice('entry_order', d.entryOrder, ['market', 'limit'] as const),
    size: reader.number('size', d.size, { min: 1, integer: true }),
  };
  reader.rejectUnknown();
  return params;
}

/** Internal bar strength: where the close sits in the bar's range, 0.5 for a bar with no range. */
export function internalBarStrength(high: number, low: number, close: number): number {
  const range = high - low;
  return range > 0 ? (close - low) / range : 0.5;
}

/**
 * IBS mean reversion (first version: no filters, no ML veto).
 *
 * At each close of a `timeframe` bar: when flat, buy if IBS < `entry_long_below` (or, with
 * `allow_short`, sell if IBS > `entry_short_above`) — at market (next bar's open) or with a limit at
 * the signal bar's close that lives for one bar; when long, exit at market if IBS >
 * `exit_long_above` (short: IBS < `exit_short_below`) or at the close of bar `max_bars_in_trade`,
 * counting the fill bar as bar 1. A position closed at a bar's open is flat at that bar's close,
 * so a new entry may be signalled on the exit's fill bar.
 */
export class IbsStrategy implements Strategy {
  readonly name: string;
  readonly symbols: readonly string[];
  readonly params: IbsParams;
  private readonly timeframeCode: string;
  /** Per symbol: completed bars of the trade timeframe when the open position was filled. */
  private readonly entryBarCount = new Map<string, number>();

  constructor(name: string, symbols: readonly string[], params: Partial<IbsParams> = {}) {
    if (symbols.length === 0) throw new RooneyError('invalid_parameter', `strategy "${name}" needs at least one symbol`);
    this.name = name;
    this.symbols = symbols;
    this.params = { ...DEFAULT_IBS_PARAMS, ...params };
    this.timeframeCode = TIMEFRAME_CODE[this.params.timeframe];
  }

  subscriptions(): readonly Subscription[] {
    return this.symbols.map((symbol) => ({ symbol, timeframe: this.timeframeCode, role: 'trade' as const }));
  }

  onBar(context: StrategyContext, event: BarEvent): void {
    const view = event.view;
    const symbol = event.symbol;
    const ibs = internalBarStrength(view.high(), view.low(), view.close());
    const position = context.position(symbol);
    if (context.openOrders(symbol).length > 0) return;
    const p = this.params;
    if (position !== 0) {
      const barsInTrade = view.length - (this.entryBarCount.get(symbol) ?? view.length);
      const signalExit = position > 0 ? ibs > p.exitLongAbove : ibs < p.exitShortBelow;
      const timeExit = p.maxBarsInTrade > 0 && barsInTrade >= p.maxBarsInTrade;
      if (signalExit || timeExit) {
        context.submit({
          symbol,
          side: position > 0 ? 'sell' : 'buy',
          quantity: Math.abs(position),
          type: 'market',
          tag: signalExit ? 'exit_signal' : 'time_exit',
        });
      }
      return;
    }
    const side = ibs < p.entryLongBelow ? 'buy' : p.allowShort && ibs > p.entryShortAbove ? 'sell' : undefined;
    if (side === undefined) return;
    context.submit(
      p.entryOrder === 'market'
        ? { symbol, side, quantity: p.size, type: 'market', tag: 'entry' }
        : { symbol, side, quantity: p.size, type: 'limit', limitPrice: view.close(), timeInForce: 'bar', tag: 'entry' },
      { ibs },
    );
  }

  onFill(context: StrategyContext, fill: Fill): void {
    const position = context.position(fill.symbol);
    if (position === 0) {
      this.entryBarCount.delete(fill.symbol);
    } else if (!this.entryBarCount.has(fill.symbol)) {
      this.entryBarCount.set(fill.symbol, context.bars(fill.symbol, this.timeframeCode).length);
    }
  }
}
