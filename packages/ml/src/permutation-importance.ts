import { Rng, RooneyError, requireParameter } from '@rooney/core';
import type { RandomForestClassifier } from './forest.ts';
import { matrix } from './matrix.ts';
import type { Matrix } from './matrix.ts';
import { accuracy, auc, logLoss } from './metrics.ts';

/** Score used by {@link permutationImportance}; every one is turned into "higher is better". */
export type PermutationScoring = 'auc' | 'accuracy' | 'log-loss';

/** Options of {@link permutationImportance}. */
export interface PermutationImportanceOptions {
  /** Shuffles per feature. Default 5. */
  readonly repeats?: number;
  /** Seed of the shuffles; feature f uses `new Rng(seed).fork(f)`. Default 0. */
  readonly seed?: number;
  /** Default `'auc'`. */
  readonly scoring?: PermutationScoring;
}

/** Drop in score when a feature's column is shuffled (mean and standard deviation over repeats). */
export interface PermutationImportance {
  readonly scoring: PermutationScoring;
  /** Score on the unshuffled data (log loss is negated so that higher is better). */
  readonly baseline: number;
  readonly mean: Float64Array;
  /** Population standard deviation over the repeats. */
  readonly standardDeviation: Float64Array;
}

function score(scoring: PermutationScoring, p: Float64Array, y: Uint8Array): number {
  if (scoring === 'auc') return auc(p, y);
  if (scoring === 'accuracy') return accuracy(p, y, 0.5);
  return -logLoss(p, y);
}

/**
 * Permutation feature importance (Breiman 2001; scikit-learn's `permutation_importance`): for each
 * feature, shuffle its column `repeats` times and record how much the score falls. Use held-out
 * rows; on training rows it measures memorisation. Binary labels (0/1) only.
 */
export function permutationImportance(
  model: RandomForestClassifier,
  x: Matrix,
  y: Uint8Array,
  options: PermutationImportanceOptions = {},
): PermutationImportance {
  const repeats = options.repeats ?? 5;
  const seed = options.seed ?? 0;
  const scoring = options.scoring ?? 'auc';
  requireParameter(Number.isInteger(repeats) && repeats >= 1, 'repeats', 'an integer >= 1', repeats);
  requireParameter(scoring === 'auc' || scoring === 'accuracy' || scoring === 'log-loss', 'scoring', "'auc', 'accuracy' or 'log-loss'", scoring);
  if (y.length !== x.rows) throw new RooneyError('invalid_data', `there are ${x.rows} feature rows but ${y.length} labels`);
  const work = matrix(x.values.slice(), x.rows, x.columns);
  const baseline = score(scoring, model.predictProbability(work), y);
  const mean = new Float64Array(x.columns);
  const standardDeviation = new Float64Array(x.columns);
  const column = new Float64Array(x.rows);
  const drops = new Float64Array(repeats);
  const { rows, columns } = x;
  for (let f = 0; f < columns; f++) {
    const rng = new Rng(seed).fork(f);
    for (let r = 0; r < rows; r++) column[r] = x.values[r * columns + f];
    for (let repeat = 0; repeat < repeats; repeat++) {
      // Fisher-Yates shuffle of the column into the working copy.
      for (let r = 0; r < rows; r++) work.values[r * columns + f] = column[r];
      for (let r = rows - 1; r > 0; r--) {
        const j = rng.int(r + 1);
        const a = work.values[r * columns + f];
        work.values[r * columns + f] = work.values[j * columns + f];
        work.values[j * columns + f] = a;
      }
      drops[repeat] = baseline - score(scoring, model.predictProbability(work), y);
    }
    for (let r = 0; r < rows; r++) work.values[r * columns + f] = column[r];
    let sum = 0;
    for (let i = 0; i < repeats; i++) sum += drops[i];
    const m = sum / repeats;
    let squares = 0;
    for (let i = 0; i < repeats; i++) squares += (drops[i] - m) ** 2;
    mean[f] = m;
    standardDeviation[f] = Math.sqrt(squares / repeats);
  }
  return { scoring, baseline, mean, standardDeviation };
}
