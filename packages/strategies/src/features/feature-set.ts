import { RooneyError, timeframeMs } from '@rooney/core';
import type { BarView, StrategyContext, Subscription } from '@rooney/core';
import { RingBuffer, ValueIndicator, createIndicator } from '@rooney/indicators';
import type { Indicator } from '@rooney/indicators';
import type { FeatureDefinition, FeatureInput } from './feature-definition.ts';

/** Where a feature set's series come from, and which of them exist in the loaded data. */
export interface FeatureSources {
  /** The traded symbol. */
  readonly symbol: string;
  readonly pair?: string;
  readonly reference?: string;
  /** The strategy's timeframe code (`1m`, `1h`, `1d`). */
  readonly tradeTimeframe: string;
  /** Loaded symbols and their finest bar size; features on missing or too-fine series are NaN. */
  readonly available?: Readonly<Record<string, number>>;
}

const TIMEFRAME_CODES = { minute: '1m', hour: '1h', day: '1d' } as const;
const INPUT_INDEX: Record<FeatureInput, number> = { open: 0, high: 1, low: 2, close: 3, volume: 4 };

interface FeatureRuntime {
  readonly definition: FeatureDefinition;
  /** `undefined` when the series is not available: the feature is always NaN. */
  readonly symbol: string | undefined;
  readonly timeframe: string;
  readonly indicator: Indicator;
  readonly lineIndex: number;
  readonly inputIndex: number;
  readonly transforms: ValueIndicator[];
  readonly lagged: RingBuffer | undefined;
  /** Bars of the series already fed. */
  fed: number;
  value: number;
}

/**
 * Computes a declared feature set on completed bars only. Indicators are brought up to date lazily:
 * when a snapshot is taken, each feature is fed the bars of its series that closed since the last
 * snapshot (every bar exactly once, so the cost stays O(1) per bar), read through the engine's bar
 * views, which never show a bar before it closed. A feature for a signal at time t is therefore the
 * same whether or not later bars exist.
 */
export class FeatureSet {
  readonly names: readonly string[];
  private readonly features: FeatureRuntime[];
  private readonly sources: FeatureSources;
  private readonly views = new Map<string, BarView>();
  private readonly indexByName = new Map<string, number>();

  constructor(definitions: readonly FeatureDefinition[], sources: FeatureSources) {
    const seen = new Set<string>();
    for (const d of definitions) {
      if (seen.has(d.name)) throw new RooneyError('duplicate_feature', `feature "${d.name}" is defined twice`);
      seen.add(d.name);
    }
    this.sources = sources;
    this.names = definitions.map((d) => d.name);
    this.features = definitions.map((d) => this.build(d));
    this.names.forEach((name, k) => this.indexByName.set(name, k));
  }

  /** The series the features read, for the strategy's `subscriptions()`. */
  subscriptions(): Subscription[] {
    const out: Subscription[] = [];
    const keys = new Set<string>();
    for (const f of this.features) {
      if (f.symbol === undefined) continue;
      const key = `${f.symbol}@${f.timeframe}`;
      if (keys.has(key)) continue;
      keys.add(key);
      out.push({ symbol: f.symbol, timeframe: f.timeframe, role: 'reference' });
    }
    return out;
  }

  /** Writes the current value of every feature into `out` (length = `names.length`). */
  snapshot(context: StrategyContext, out: Float64Array): Float64Array {
    for (let k = 0; k < this.features.length; k++) {
      const f = this.features[k];
      if (f.symbol !== undefined) this.catchUp(context, f);
      out[k] = f.value;
    }
    return out;
  }

  /** Value of one feature by name after the last snapshot (NaN when unknown); a bound function. */
  readonly read = (name: string): number => {
    const k = this.indexByName.get(name);
    return k === undefined ? Number.NaN : this.features[k].value;
  };

  private catchUp(context: StrategyContext, f: FeatureRuntime): void {
    const key = `${f.symbol}@${f.timeframe}`;
    let view = this.views.get(key);
    if (view === undefined) {
      view = context.bars(f.symbol as string, f.timeframe);
      this.views.set(key, view);
    }
    const n = view.length;
    if (f.fed >= n) return;
    const indicator = f.indicator;
    const isValue = indicator instanceof ValueIndicator;
    for (let i = f.fed; i < n; i++) {
      const ago = n - 1 - i;
      if (isValue) {
        const input =
          f.inputIndex === 3
            ? view.close(ago)
            : f.inputIndex === 4
              ? view.volume(ago)
              : f.inputIndex === 0
                ? view.open(ago)
                : f.inputIndex === 1
                  ? view.high(ago)
                  : view.low(ago);
        (indicator as ValueIndicator).update(input);
      } else {
        indicator.updateBar(view.open(ago), view.high(ago), view.low(ago), view.close(ago), view.volume(ago), view.ts(ago));
      }
      let value = indicator.line(f.lineIndex);
      for (let t = 0; t < f.transforms.length; t++) {
        if (Number.isNaN(value)) break;
        value = f.transforms[t].update(value);
      }
      if (f.lagged !== undefined) {
        f.lagged.push(value);
        value = f.lagged.length === f.lagged.capacity ? f.lagged.oldest() : Number.NaN;
      }
      f.value = value;
    }
    f.fed = n;
  }

  private build(d: FeatureDefinition): FeatureRuntime {
    const s = this.sources;
    const timeframe = d.timeframe === 'trade' ? s.tradeTimeframe : TIMEFRAME_CODES[d.timeframe];
    const wanted = d.series === 'self' ? s.symbol : d.series === 'pair' ? s.pair : s.reference;
    const finest = wanted === undefined ? undefined : s.available?.[wanted];
    const usable =
      wanted !== undefined && (s.available === undefined || (finest !== undefined && finest <= timeframeMs(timeframe)));
    const indicator = createIndicator(d.indicator);
    const lineIndex = d.line === undefined ? 0 : indicator.lines.indexOf(d.line);
    if (lineIndex < 0) {
      throw new RooneyError(
        'bad_feature',
        `feature "${d.name}": ${d.indicator} has no line "${d.line}" (lines: ${indicator.lines.join(', ')})`,
      );
    }
    const transforms = (d.transforms ?? []).map((spec) => {
      const t = createIndicator(spec);
      if (!(t instanceof ValueIndicator)) {
        throw new RooneyError('bad_feature', `feature "${d.name}": transform ${spec} must take one input`);
      }
      return t;
    });
    const lag = d.lag ?? 0;
    if (!(Number.isInteger(lag) && lag >= 0)) throw new RooneyError('bad_feature', `feature "${d.name}": "lag" must be an integer >= 0, was ${lag}`);
    return {
      definition: d,
      symbol: usable ? wanted : undefined,
      timeframe,
      indicator,
      lineIndex,
      inputIndex: INPUT_INDEX[d.input ?? 'close'],
      transforms,
      lagged: lag > 0 ? new RingBuffer(lag + 1) : undefined,
      fed: 0,
      value: Number.NaN,
    };
  }
}
