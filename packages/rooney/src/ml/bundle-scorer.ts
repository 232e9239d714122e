import { RooneyError } from '@rooney/core';
import type { ModelBundle } from '@rooney/ml';
import type { SignalScorer } from '@rooney/strategies';

/** What a veto did with the signals it was asked about. */
export interface VetoTally {
  /** Signals scored (those no filter blocked first). */
  readonly signals: number;
  /** Kept: P(win) at or above the threshold. */
  readonly kept: number;
  /** Vetoed by the model: P(win) below the threshold. */
  readonly belowThreshold: number;
  /** Vetoed because a feature the model needs was undefined (and the bundle does not impute it). */
  readonly undefinedFeatures: number;
  /** Vetoed because no model covers the signal's time (walk-forward, outside every window). */
  readonly noModel: number;
  /** Signals scored after filling a missing feature with the bundle's imputation value. */
  readonly imputed: number;
  /** How often each feature was the undefined one. */
  readonly undefinedByFeature: Readonly<Record<string, number>>;
}

/** A veto scorer that counts what it did. */
export interface TalliedScorer extends SignalScorer {
  tally(): VetoTally;
  /** Count only signals at or after `ts` (the trade start: warm-up signals are not judged). */
  countFrom(ts: number): void;
}

interface MutableTally {
  signals: number;
  kept: number;
  belowThreshold: number;
  undefinedFeatures: number;
  noModel: number;
  imputed: number;
  undefinedByFeature: Record<string, number>;
}

const emptyTally = (): MutableTally => ({
  signals: 0,
  kept: 0,
  belowThreshold: 0,
  undefinedFeatures: 0,
  noModel: 0,
  imputed: 0,
  undefinedByFeature: {},
});

/**
 * A model bundle as the strategy's veto: maps the snapshot's features (by name) into the bundle's
 * feature order once — the bundle may use a subset of the strategy's features — then scores each
 * signal with P(win) without allocating, and counts kept, vetoed and unscorable signals.
 */
export class BundleScorer implements TalliedScorer {
  readonly bundle: ModelBundle;
  private readonly threshold: number;
  private readonly row: Float64Array;
  private mappedNames: readonly string[] | undefined;
  private readonly index: Int32Array;
  private readonly fill: Float64Array;
  private readonly counts = emptyTally();
  private countFromTs = Number.NEGATIVE_INFINITY;

  constructor(bundle: ModelBundle, thresholdOverride?: number) {
    this.bundle = bundle;
    this.threshold = thresholdOverride ?? bundle.threshold;
    this.row = new Float64Array(bundle.features.length);
    this.index = new Int32Array(bundle.features.length);
    this.fill = Float64Array.from(bundle.imputation ?? bundle.features.map(() => Number.NaN));
  }

  thresholdAt(): number {
    return this.threshold;
  }

  /**
   * P(win), or NaN (so the signal is vetoed) when a feature the model needs is not defined (yet)
   * and the bundle has no imputation value for it.
   */
  score(features: Float64Array, names: readonly string[], ts = Number.POSITIVE_INFINITY): number {
    if (names !== this.mappedNames) this.map(names);
    const counted = ts >= this.countFromTs;
    const counts = this.counts;
    let missing = false;
    let imputed = false;
    for (let k = 0; k < this.index.length; k++) {
      let value = features[this.index[k]];
      if (!Number.isFinite(value)) {
        value = this.fill[k];
        if (Number.isFinite(value)) imputed = true;
        else {
          missing = true;
          if (counted) {
            const name = this.bundle.features[k];
            counts.undefinedByFeature[name] = (counts.undefinedByFeature[name] ?? 0) + 1;
          }
        }
      }
      this.row[k] = value;
    }
    if (counted) counts.signals++;
    if (missing) {
      if (counted) counts.undefinedFeatures++;
      return Number.NaN;
    }
    const p = this.bundle.model.predictRow(this.row);
    if (counted) {
      if (imputed) counts.imputed++;
      if (p >= this.threshold) counts.kept++;
      else counts.belowThreshold++;
    }
    return p;
  }

  countFrom(ts: number): void {
    this.countFromTs = ts;
  }

  tally(): VetoTally {
    return { ...this.counts, undefinedByFeature: { ...this.counts.undefinedByFeature } };
  }

  private map(names: readonly string[]): void {
    this.bundle.features.forEach((name, k) => {
      const at = names.indexOf(name);
      if (at < 0) throw new RooneyError('feature_mismatch', `the strategy records no feature "${name}", which the model needs`);
      this.index[k] = at;
    });
    this.mappedNames = names;
  }
}

/** One model of a walk-forward run, used for signals in [fromTs, toTs). */
export interface WalkForwardModel {
  readonly fromTs: number;
  readonly toTs: number;
  readonly scorer: SignalScorer;
}

/** Sum of tallies. */
export function addTallies(tallies: readonly VetoTally[]): VetoTally {
  const sum = emptyTally();
  for (const t of tallies) {
    sum.signals += t.signals;
    sum.kept += t.kept;
    sum.belowThreshold += t.belowThreshold;
    sum.undefinedFeatures += t.undefinedFeatures;
    sum.noModel += t.noModel;
    sum.imputed += t.imputed;
    for (const [name, count] of Object.entries(t.undefinedByFeature)) sum.undefinedByFeature[name] = (sum.undefinedByFeature[name] ?? 0) + count;
  }
  return sum;
}

function hasTally(scorer: SignalScorer): scorer is TalliedScorer {
  return typeof (scorer as Partial<TalliedScorer>).tally === 'function';
}

/**
 * Walk-forward veto: each signal is scored by the model whose out-of-sample window contains it,
 * a model trained only on data before that window. Signals outside every window score NaN and
 * are therefore vetoed (no model may judge them without look-ahead); they are counted as `noModel`.
 */
export class WalkForwardScorer implements TalliedScorer {
  private readonly models: readonly WalkForwardModel[];
  private noModel = 0;
  private countFromTs = Number.NEGATIVE_INFINITY;

  constructor(models: readonly WalkForwardModel[]) {
    this.models = [...models].sort((a, b) => a.fromTs - b.fromTs);
  }

  /** Start of the first window (NaN without models). */
  get firstTs(): number {
    return this.models.length > 0 ? this.models[0].fromTs : Number.NaN;
  }

  private at(ts: number): WalkForwardModel | undefined {
    for (const model of this.models) if (ts >= model.fromTs && ts < model.toTs) return model;
    return undefined;
  }

  thresholdAt(ts: number): number {
    return this.at(ts)?.scorer.thresholdAt(ts) ?? Number.NaN;
  }

  score(features: Float64Array, names: readonly string[], ts: number): number {
    const model = this.at(ts);
    if (model === undefined) {
      if (ts >= this.countFromTs) this.noModel++;
      return Number.NaN;
    }
    return model.scorer.score(features, names, ts);
  }

  countFrom(ts: number): void {
    this.countFromTs = ts;
    for (const model of this.models) if (hasTally(model.scorer)) model.scorer.countFrom(ts);
  }

  tally(): VetoTally {
    const inner = addTallies(this.models.map((m) => m.scorer).filter(hasTally).map((s) => s.tally()));
    return { ...inner, signals: inner.signals + this.noModel, noModel: inner.noModel + this.noModel };
  }
}

/**
 * Runs a scorer without letting it veto: every signal is scored and counted by `inner`, and
 * passed. Preflight uses it to see how a model would treat every signal of the configured data.
 */
export class ShadowScorer implements TalliedScorer {
  constructor(private readonly inner: TalliedScorer) {}

  thresholdAt(): number {
    return 0;
  }

  score(features: Float64Array, names: readonly string[], ts: number): number {
    this.inner.score(features, names, ts);
    return 1;
  }

  countFrom(ts: number): void {
    this.inner.countFrom(ts);
  }

  tally(): VetoTally {
    return this.inner.tally();
  }
}
