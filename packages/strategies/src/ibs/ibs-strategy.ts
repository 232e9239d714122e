import { barsBefore } from '@rooney/core';
import type { BarEvent, Fill, RestoredState, Strategy, StrategyContext, Subscription } from '@rooney/core';
import { DEFAULT_FEATURES, DEFAULT_PAIRS, DEFAULT_REFERENCE_SYMBOL } from '../features/feature-definition.ts';
import type { FeatureDefinition } from '../features/feature-definition.ts';
import { FeatureSet } from '../features/feature-set.ts';
import { ParamReader, paramsBySymbol } from '../params.ts';
import type { RawParams } from '../params.ts';
import type { SignalRecord, SignalScorer, StrategyDiagnostics } from '../signals.ts';
import { FILTER_NAMES, NO_FILTERS, blockingFilter, featuresNeeded, parseIbsFilters } from './ibs-filters.ts';
import type { FilterName, IbsFilters } from './ibs-filters.ts';

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
  readonly filters: IbsFilters;
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
  filters: NO_FILTERS,
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
    filters: parseIbsFilters(reader.record('filters'), `${path}.filters`),
  };
  reader.rejectUnknown();
  return params;
}

const noFeatures = (): number => Number.NaN;

/** Internal bar strength: where the close sits in the bar's range, 0.5 for a bar with no range. */
export function internalBarStrength(high: number, low: number, close: number): number {
  const range = high - low;
  return range > 0 ? (close - low) / range : 0.5;
}

export interface IbsOptions {
  /** Parameters for every symbol (defaults filled in). */
  readonly params?: Partial<IbsParams>;
  /** Full parameter sets for symbols that override the defaults (`contracts.<SYM>.strategy_overrides`). */
  readonly perSymbol?: Readonly<Record<string, IbsParams>>;
  /** Feature set recorded at each signal (default `DEFAULT_FEATURES`; `false` for none). */
  readonly features?: readonly FeatureDefinition[] | false;
  readonly pairs?: Readonly<Record<string, string>>;
  readonly reference?: string;
  /** Loaded symbols and their finest bar size; features on missing series stay NaN. */
  readonly available?: Readonly<Record<string, number>>;
  /** Per-symbol ML veto: entries with P(win) below the scorer's threshold are skipped. */
  readonly scorers?: ReadonlyMap<string, SignalScorer>;
  /** Keep every signal's feature snapshot (for `--features` and `rooney extract`). */
  readonly recordSignals?: boolean;
}

/**
 * IBS mean reversion with the seed system's filters and optional ML veto.
 *
 * At each close of a `timeframe` bar: when flat, a long signal is IBS < `entry_long_below` (with
 * `allow_short`, a short signal is IBS > `entry_short_above`); the feature snapshot is taken from
 * completed bars only, the enabled filters may block the signal, then the symbol's ML model (when
 * given) may veto it; a surviving signal enters at market (next bar's open) or with a limit at the
 * signal bar's close that lives for one bar (when that bar does not fill it, the engine expires it
 * before this bar's event, so the strategy, flat again, checks the entry on that same bar, as in
 * Backtrader). When in a position: exit at market if IBS >
 * `exit_long_above` (short: IBS < `exit_short_below`) or at the close of bar `max_bars_in_trade`,
 * counting the fill bar as bar 1. A position closed at a bar's open is flat at that bar's close,
 * so a new entry may be signalled on the exit's fill bar.
 */
export class IbsStrategy implements Strategy {
  readonly name: string;
  readonly symbols: readonly string[];
  readonly params: IbsParams;
  private readonly options: IbsOptions;
  private readonly paramsBySymbol = new Map<string, IbsParams>();
  private readonly featureSets = new Map<string, FeatureSet>();
  private readonly timeframeCode: string;
  /** Per symbol: completed bars of the trade timeframe when the open position was filled. */
  private readonly entryBarCount = new Map<string, number>();
  private readonly signalLog: SignalRecord[] = [];
  private readonly counts = { signals: 0, entries: 0, vetoed: 0, blocked: {} as Record<FilterName, number> };

  constructor(name: string, symbols: readonly string[], options: IbsOptions = {}) {
    this.name = name;
    this.symbols = symbols;
    this.options = options;
    this.params = { ...DEFAULT_IBS_PARAMS, ...options.params };
    this.timeframeCode = TIMEFRAME_CODE[this.params.timeframe];
    for (const filter of FILTER_NAMES) this.counts.blocked[filter] = 0;
    for (const [symbol, params] of paramsBySymbol(name, symbols, this.params, options.perSymbol)) {
      this.paramsBySymbol.set(symbol, params);
      if (this.needsFeatures(symbol, params)) {
        const pairs = options.pairs ?? DEFAULT_PAIRS;
        this.featureSets.set(
          symbol,
          new FeatureSet(options.features === false ? [] : (options.features ?? DEFAULT_FEATURES), {
            symbol,
            tradeTimeframe: this.timeframeCode,
            ...(pairs[symbol] !== undefined ? { pair: pairs[symbol] } : {}),
            reference: options.reference ?? DEFAULT_REFERENCE_SYMBOL,
            ...(options.available !== undefined ? { available: options.available } : {}),
          }),
        );
      }
    }
  }

  subscriptions(): readonly Subscription[] {
    const out: Subscription[] = this.symbols.map((symbol) => ({ symbol, timeframe: this.timeframeCode, role: 'trade' as const }));
    const keys = new Set(out.map((s) => `${s.symbol}@${s.timeframe}`));
    for (const features of this.featureSets.values()) {
      for (const s of features.subscriptions()) {
        const key = `${s.symbol}@${s.timeframe}`;
        if (!keys.has(key)) {
          keys.add(key);
          out.push(s);
        }
      }
    }
    return out;
  }

  /** Names of the recorded features, in snapshot order (empty when features are off). */
  featureNames(): readonly string[] {
    const first = this.featureSets.values().next();
    return first.done === true ? [] : first.value.names;
  }

  /** Every signal seen, with its snapshot (only with `recordSignals`). */
  signals(): readonly SignalRecord[] {
    return this.signalLog;
  }

  diagnostics(): StrategyDiagnostics {
    return { signals: this.counts.signals, entries: this.counts.entries, vetoed: this.counts.vetoed, blocked: { ...this.counts.blocked } };
  }

  onBar(context: StrategyContext, event: BarEvent): void {
    if (event.timeframe !== this.timeframeCode) return;
    const symbol = event.symbol;
    const p = this.paramsBySymbol.get(symbol);
    if (p === undefined) return;
    const view = event.view;
    const ibs = internalBarStrength(view.high(), view.low(), view.close());
    if (context.openOrders(symbol).length > 0) return;
    const position = context.position(symbol);
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
    const long = ibs < p.entryLongBelow;
    if (!long && !(p.allowShort && ibs > p.entryShortAbove)) return;
    this.onEntrySignal(context, symbol, long, ibs, p, event.ts, view.close());
  }

  onFill(context: StrategyContext, fill: Fill): void {
    const position = context.position(fill.symbol);
    if (position === 0) {
      this.entryBarCount.delete(fill.symbol);
    } else if (!this.entryBarCount.has(fill.symbol)) {
      this.entryBarCount.set(fill.symbol, context.bars(fill.symbol, this.timeframeCode).length);
    }
  }

  /** After a live restart: bars in trade count from each open position's entry fill, as `onFill` set them. */
  restoreState(context: StrategyContext, restored: RestoredState): void {
    this.entryBarCount.clear();
    for (const position of restored.positions) {
      if (!this.paramsBySymbol.has(position.symbol) || position.quantity === 0) continue;
      this.entryBarCount.set(position.symbol, barsBefore(context.bars(position.symbol, this.timeframeCode), position.entryTs));
    }
  }

  private onEntrySignal(
    context: StrategyContext,
    symbol: string,
    long: boolean,
    ibs: number,
    p: IbsParams,
    ts: number,
    close: number,
  ): void {
    const id = this.counts.signals++;
    const features = this.featureSets.get(symbol);
    let snapshot: Float64Array | undefined;
    if (features !== undefined) snapshot = features.snapshot(context, new Float64Array(features.names.length));
    const blockedBy = blockingFilter(p.filters, long, ts, context.contract(symbol).timeZone, features === undefined ? noFeatures : features.read);
    const scorer = this.options.scorers?.get(symbol);
    let score = Number.NaN;
    let vetoed = false;
    if (blockedBy === undefined && scorer !== undefined && snapshot !== undefined && features !== undefined) {
      score = scorer.score(snapshot, features.names, ts);
      vetoed = !(score >= scorer.thresholdAt(ts));
    }
    if (this.options.recordSignals === true) {
      this.signalLog.push({
        id,
        strategy: this.name,
        symbol,
        ts,
        direction: long ? 'long' : 'short',
        features: snapshot ?? new Float64Array(0),
        ...(blockedBy !== undefined ? { blockedBy } : {}),
        ...(Number.isNaN(score) ? {} : { score }),
        vetoed,
      });
    }
    if (blockedBy !== undefined) {
      this.counts.blocked[blockedBy]++;
      return;
    }
    if (vetoed) {
      this.counts.vetoed++;
      return;
    }
    this.counts.entries++;
    const side = long ? 'buy' : 'sell';
    const meta: Record<string, number> = { signal_id: id, ibs };
    if (!Number.isNaN(score)) meta.ml_score = score;
    context.submit(
      p.entryOrder === 'market'
        ? { symbol, side, quantity: p.size, type: 'market', tag: 'entry' }
        : { symbol, side, quantity: p.size, type: 'limit', limitPrice: close, timeInForce: 'bar', tag: 'entry' },
      meta,
    );
  }

  private needsFeatures(symbol: string, params: IbsParams): boolean {
    if (this.options.features === false) return false;
    return (
      this.options.recordSignals === true ||
      this.options.scorers?.has(symbol) === true ||
      featuresNeeded(params.filters).length > 0
    );
  }
}
