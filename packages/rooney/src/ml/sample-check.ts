import { isoUtc } from '@rooney/core';
import type { DataSpan } from '@rooney/ml';

/**
 * How a model relates to the time it judges signals in:
 * - `out_of_sample`: everything it (and its threshold) saw ended before;
 * - `in_sample`: what it saw overlaps that time;
 * - `trained_after`: it saw only later data — it knows that time's future;
 * - `unknown`: the bundle does not record what it saw.
 */
export type SampleStatus = 'out_of_sample' | 'in_sample' | 'trained_after' | 'unknown';

/** A model in use: what it saw, and when it judged signals (a walk-forward model only in its window). */
export interface ModelUse {
  readonly strategy: string;
  readonly symbol: string;
  readonly file: string;
  /** Training and threshold-validation span; undefined when unknown. */
  readonly seen: DataSpan | undefined;
  /** The model's own window of use (walk-forward), else the whole run. */
  readonly fromTs?: number;
  readonly toTs?: number;
  /** `not_deployable` models in use were forced by `ml.allow_undeployable`. */
  readonly deployability: 'deployable' | 'not_deployable' | 'not_assessed';
}

/** A model in use, judged against the run's window. */
export interface ModelSample extends ModelUse {
  readonly status: SampleStatus;
}

/** What the run's headline numbers are, and the banners that must say so. */
export interface SampleFindings {
  readonly models: readonly ModelSample[];
  /** `out-of-sample` only when every model used is out of sample. */
  readonly verdict: 'out-of-sample' | 'in-sample' | 'trained-after-window' | 'unknown';
  readonly inSampleSymbols: readonly string[];
  readonly trainedAfterSymbols: readonly string[];
  readonly unknownSymbols: readonly string[];
  readonly undeployableSymbols: readonly string[];
  /** One line each, most serious first; empty when the run is out of sample with deployable models. */
  readonly banners: readonly string[];
}

/** Status of a model that saw `seen` and judged signals in [fromTs, toTs]. */
export function sampleStatus(seen: DataSpan | undefined, fromTs: number, toTs: number): SampleStatus {
  if (seen === undefined) return 'unknown';
  if (seen.endTs < fromTs) return 'out_of_sample';
  if (seen.startTs > toTs) return 'trained_after';
  return 'in_sample';
}

const day = (ts: number): string => isoUtc(ts).slice(0, 10);

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function spanOf(models: readonly ModelSample[]): string {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const m of models) {
    if (m.seen === undefined) continue;
    start = Math.min(start, m.seen.startTs);
    end = Math.max(end, m.seen.endTs);
  }
  return Number.isFinite(start) ? `${day(start)} → ${day(end)}` : 'unknown';
}

/**
 * Judges every model used against the run's trading window [startTs, endTs]: a model is in sample
 * when the data it was trained on **or whose threshold was chosen on** (validation) overlaps the
 * time it judged signals in. Walk-forward models are judged only over their own window.
 */
export function sampleFindings(uses: readonly ModelUse[], startTs: number, endTs: number): SampleFindings {
  const models: ModelSample[] = [];
  for (const use of uses) {
    const from = Math.max(startTs, use.fromTs ?? Number.NEGATIVE_INFINITY);
    const to = Math.min(endTs, use.toTs === undefined ? Number.POSITIVE_INFINITY : use.toTs - 1);
    if (from > to) continue; // a walk-forward model whose window lies outside the run
    models.push({ ...use, status: sampleStatus(use.seen, from, to) });
  }
  const symbols = (status: SampleStatus): string[] => unique(models.filter((m) => m.status === status).map((m) => m.symbol));
  const inSampleSymbols = symbols('in_sample');
  const trainedAfterSymbols = symbols('trained_after');
  const unknownSymbols = symbols('unknown');
  const undeployableSymbols = unique(models.filter((m) => m.deployability === 'not_deployable').map((m) => m.symbol));
  const window = `${day(startTs)} → ${day(endTs)}`;
  const banners: string[] = [];
  if (inSampleSymbols.length > 0) {
    banners.push(
      `IN-SAMPLE RESULTS: the ML models of ${inSampleSymbols.join(', ')} were trained or had their threshold chosen on data (${spanOf(models.filter((m) => m.status === 'in_sample'))}) inside this backtest's window (${window}); these numbers are not an out-of-sample estimate`,
    );
  }
  if (trainedAfterSymbols.length > 0) {
    banners.push(
      `MODELS TRAINED AFTER THIS WINDOW: the ML models of ${trainedAfterSymbols.join(', ')} learned from later data (${spanOf(models.filter((m) => m.status === 'trained_after'))}) than this backtest's window (${window}); they know its future, so these numbers are not an out-of-sample estimate`,
    );
  }
  if (unknownSymbols.length > 0) {
    banners.push(
      `UNKNOWN TRAINING SPAN: the ML models of ${unknownSymbols.join(', ')} do not record the data they (and their threshold) saw, so these numbers cannot be shown to be out of sample; retrain with \`rooney train\`, or give \`ml fit --time\` / \`ml import --trained-from --trained-to\``,
    );
  }
  if (undeployableSymbols.length > 0) {
    banners.push(
      `NOT DEPLOYABLE MODELS: the ML models of ${undeployableSymbols.join(', ')} failed the quality gate on their untouched test part (their test AUC does not beat chance, or their veto costs money there) and are used only because ml.allow_undeployable is true`,
    );
  }
  const verdict =
    inSampleSymbols.length > 0
      ? 'in-sample'
      : trainedAfterSymbols.length > 0
        ? 'trained-after-window'
        : unknownSymbols.length > 0
          ? 'unknown'
          : 'out-of-sample';
  return { models, verdict, inSampleSymbols, trainedAfterSymbols, unknownSymbols, undeployableSymbols, banners };
}
