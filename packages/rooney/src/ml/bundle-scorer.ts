import { RooneyError } from '@rooney/core';
import type { ModelBundle } from '@rooney/ml';
import type { SignalScorer } from '@rooney/strategies';

/**
 * A model bundle as the strategy's veto: maps the snapshot's features (by name) into the bundle's
 * feature order once — the bundle may use a subset of the strategy's features — then scores each
 * signal with P(win) without allocating.
 */
export class BundleScorer implements SignalScorer {
  readonly bundle: ModelBundle;
  private readonly threshold: number;
  private readonly row: Float64Array;
  private mappedNames: readonly string[] | undefined;
  private readonly index: Int32Array;

  constructor(bundle: ModelBundle, thresholdOverride?: number) {
    this.bundle = bundle;
    this.threshold = thresholdOverride ?? bundle.threshold;
    this.row = new Float64Array(bundle.features.length);
    this.index = new Int32Array(bundle.features.length);
  }

  thresholdAt(): number {
    return this.threshold;
  }

  /** P(win), or NaN (so the signal is vetoed) when a feature the model needs is not defined yet. */
  score(features: Float64Array, names: readonly string[]): number {
    if (names !== this.mappedNames) this.map(names);
    for (let k = 0; k < this.index.length; k++) {
      const value = features[this.index[k]];
      if (!Number.isFinite(value)) return Number.NaN;
      this.row[k] = value;
    }
    return this.bundle.model.predictRow(this.row);
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

/**
 * Walk-forward veto: each signal is scored by the model whose out-of-sample window contains it,
 * a model trained only on data before that window. Signals outside every window score NaN and
 * are therefore vetoed (no model may judge them without look-ahead).
 */
export class WalkForwardScorer implements SignalScorer {
  private readonly models: readonly WalkForwardModel[];

  constructor(models: readonly WalkForwardModel[]) {
    this.models = [...models].sort((a, b) => a.fromTs - b.fromTs);
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
    return model === undefined ? Number.NaN : model.scorer.score(features, names, ts);
  }
}
