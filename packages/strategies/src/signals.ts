/** One entry signal as a strategy saw it, with the feature snapshot taken at its bar's close. */
export interface SignalRecord {
  /** Sequence number within the strategy; entries carry it as `meta.signal_id`. */
  readonly id: number;
  readonly strategy: string;
  readonly symbol: string;
  /** Close time of the signal bar. */
  readonly ts: number;
  readonly direction: 'long' | 'short';
  readonly features: Float64Array;
  /** The filter that blocked the signal, if one did. */
  readonly blockedBy?: string;
  /** The ML model's P(win), when a model scored it. */
  readonly score?: number;
  readonly vetoed: boolean;
}

/**
 * Scores a feature snapshot with P(win) (an ML model bundle adapted by the caller). A signal whose
 * score is below the threshold is vetoed. `names` gives the snapshot's feature order; `ts` is the
 * signal bar's close (walk-forward scorers pick the model trained before it).
 */
export interface SignalScorer {
  /** The threshold in force at `ts`. */
  thresholdAt(ts: number): number;
  score(features: Float64Array, names: readonly string[], ts: number): number;
}

/** Counts a strategy reports after a run. */
export interface StrategyDiagnostics {
  readonly signals: number;
  readonly entries: number;
  readonly vetoed: number;
  readonly blocked: Readonly<Record<string, number>>;
}
