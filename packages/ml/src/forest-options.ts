import { RooneyError, requireParameter } from '@rooney/core';

/** How many features each split may look at (scikit-learn's `max_features`). */
export type MaxFeatures = 'sqrt' | 'log2' | 'all' | number;

/**
 * Options of {@link RandomForestClassifier}; names follow scikit-learn's `RandomForestClassifier`
 * in camelCase, and so do the defaults.
 */
export interface RandomForestOptions {
  /** Number of trees (`n_estimators`). Default 100. */
  readonly trees?: number;
  /** Impurity measure of a split: `'gini'` (default) or `'entropy'`. */
  readonly criterion?: 'gini' | 'entropy';
  /** Deepest level a node may sit at; the root is depth 0. Default unlimited. */
  readonly maxDepth?: number;
  /** A node with fewer (distinct, in-bag) samples is not split. Default 2. */
  readonly minSamplesSplit?: number;
  /** Each child of a split keeps at least this many (distinct, in-bag) samples. Default 1. */
  readonly minSamplesLeaf?: number;
  /**
   * Features drawn afresh at every split: `'sqrt'` (default, ⌊√p⌋), `'log2'` (⌊log2 p⌋), `'all'`,
   * a fraction in (0, 1) (⌊fraction·p⌋) or an integer count. At least 1. As in scikit-learn, a
   * drawn feature that is constant within the node does not count, so the search goes on drawing.
   */
  readonly maxFeatures?: MaxFeatures;
  /**
   * Class weights multiplying each sample's weight: `'balanced'` gives class k the weight
   * n / (classes · n_k) computed on the whole training set (scikit-learn's `'balanced'`), or one
   * weight per class. Default: all 1.
   */
  readonly classWeight?: 'balanced' | readonly number[];
  /** Draw each tree's rows with replacement (default true); false gives every tree all rows. */
  readonly bootstrap?: boolean;
  /** Rows drawn per tree with bootstrap: a fraction in (0, 1] (1 means n) or a count >= 2. Default n. */
  readonly maxSamples?: number;
  /**
   * `'histogram'` (default): features are cut once into at most `maxBins` quantile bins and a node
   * costs O(node rows) per feature. `'exact'`: every distinct value is a candidate (scikit-learn's
   * search), a node costs O(rows · log rows) per feature.
   */
  readonly splitSearch?: 'histogram' | 'exact';
  /** Bins per feature for the histogram search, 2..256. Default 255. */
  readonly maxBins?: number;
  /** Compute the out-of-bag score (and OOB probabilities) after fitting. Default false. */
  readonly oobScore?: boolean;
  /** Seed of the forest; tree i uses `new Rng(seed).fork(i)`. Default 0. */
  readonly seed?: number;
  /** Worker threads used by `fitAsync` (`n_jobs`); -1 means one per CPU. Default 1. */
  readonly jobs?: number;
}

/** Options with every default filled in (`maxDepth` is `Infinity` when unlimited). */
export interface ResolvedForestOptions {
  readonly trees: number;
  readonly criterion: 'gini' | 'entropy';
  readonly maxDepth: number;
  readonly minSamplesSplit: number;
  readonly minSamplesLeaf: number;
  readonly maxFeatures: MaxFeatures;
  readonly classWeight: 'balanced' | readonly number[] | null;
  readonly bootstrap: boolean;
  readonly maxSamples: number | null;
  readonly splitSearch: 'histogram' | 'exact';
  readonly maxBins: number;
  readonly oobScore: boolean;
  readonly seed: number;
  readonly jobs: number;
}

/** Fills in defaults and validates every option, quoting the bad value. */
export function resolveForestOptions(options: RandomForestOptions = {}): ResolvedForestOptions {
  const trees = options.trees ?? 100;
  requireParameter(Number.isInteger(trees) && trees >= 1, 'trees', 'an integer >= 1', trees);
  const criterion = options.criterion ?? 'gini';
  requireParameter(criterion === 'gini' || criterion === 'entropy', 'criterion', "'gini' or 'entropy'", criterion);
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  requireParameter(
    maxDepth === Number.POSITIVE_INFINITY || (Number.isInteger(maxDepth) && maxDepth >= 1),
    'maxDepth',
    'an integer >= 1',
    maxDepth,
  );
  const minSamplesSplit = options.minSamplesSplit ?? 2;
  requireParameter(Number.isInteger(minSamplesSplit) && minSamplesSplit >= 2, 'minSamplesSplit', 'an integer >= 2', minSamplesSplit);
  const minSamplesLeaf = options.minSamplesLeaf ?? 1;
  requireParameter(Number.isInteger(minSamplesLeaf) && minSamplesLeaf >= 1, 'minSamplesLeaf', 'an integer >= 1', minSamplesLeaf);
  const maxFeatures = options.maxFeatures ?? 'sqrt';
  validateMaxFeatures(maxFeatures);
  const classWeight = options.classWeight ?? null;
  if (classWeight !== null && classWeight !== 'balanced') {
    requireParameter(
      Array.isArray(classWeight) && classWeight.every((w) => Number.isFinite(w) && w > 0),
      'classWeight',
      "'balanced' or an array of weights > 0",
      JSON.stringify(classWeight),
    );
  }
  const bootstrap = options.bootstrap ?? true;
  const maxSamples = options.maxSamples ?? null;
  if (maxSamples !== null) {
    requireParameter(
      Number.isFinite(maxSamples) && maxSamples > 0 && (maxSamples <= 1 || Number.isInteger(maxSamples)),
      'maxSamples',
      'a fraction in (0, 1] or an integer count >= 1',
      maxSamples,
    );
    requireParameter(bootstrap, 'maxSamples', 'left unset when bootstrap is false', maxSamples);
  }
  const splitSearch = options.splitSearch ?? 'histogram';
  requireParameter(splitSearch === 'histogram' || splitSearch === 'exact', 'splitSearch', "'histogram' or 'exact'", splitSearch);
  const maxBins = options.maxBins ?? 255;
  requireParameter(Number.isInteger(maxBins) && maxBins >= 2 && maxBins <= 256, 'maxBins', 'an integer in 2..256', maxBins);
  const oobScore = options.oobScore ?? false;
  requireParameter(!oobScore || bootstrap, 'oobScore', 'false when bootstrap is false', oobScore);
  const seed = options.seed ?? 0;
  requireParameter(Number.isSafeInteger(seed), 'seed', 'an integer', seed);
  const jobs = options.jobs ?? 1;
  requireParameter(Number.isInteger(jobs) && (jobs >= 1 || jobs === -1), 'jobs', 'an integer >= 1 or -1 (all CPUs)', jobs);
  return {
    trees,
    criterion,
    maxDepth,
    minSamplesSplit,
    minSamplesLeaf,
    maxFeatures,
    classWeight: classWeight === null || classWeight === 'balanced' ? classWeight : [...classWeight],
    bootstrap,
    maxSamples,
    splitSearch,
    maxBins,
    oobScore,
    seed,
    jobs,
  };
}

function validateMaxFeatures(value: MaxFeatures): void {
  if (value === 'sqrt' || value === 'log2' || value === 'all') return;
  const ok = typeof value === 'number' && ((value > 0 && value < 1) || (Number.isInteger(value) && value >= 1));
  requireParameter(ok, 'maxFeatures', "'sqrt', 'log2', 'all', a fraction in (0, 1) or an integer >= 1", value);
}

/** The number of features tried per split for `featureCount` features (scikit-learn's rule). */
export function featuresPerSplit(maxFeatures: MaxFeatures, featureCount: number): number {
  let count: number;
  if (maxFeatures === 'sqrt') count = Math.floor(Math.sqrt(featureCount));
  else if (maxFeatures === 'log2') count = Math.floor(Math.log2(featureCount));
  else if (maxFeatures === 'all') count = featureCount;
  else if (maxFeatures < 1) count = Math.floor(maxFeatures * featureCount);
  else {
    if (maxFeatures > featureCount) {
      throw new RooneyError(
        'invalid_parameter',
        `"maxFeatures" must be <= the feature count ${featureCount}, was ${maxFeatures}`,
      );
    }
    count = maxFeatures;
  }
  return Math.max(1, count);
}

/** Rows drawn per tree for `rowCount` training rows. */
export function samplesPerTree(options: ResolvedForestOptions, rowCount: number): number {
  if (!options.bootstrap || options.maxSamples === null) return rowCount;
  if (options.maxSamples <= 1 && !Number.isInteger(options.maxSamples)) {
    return Math.max(1, Math.round(options.maxSamples * rowCount));
  }
  if (options.maxSamples === 1) return rowCount;
  if (options.maxSamples > rowCount) {
    throw new RooneyError('invalid_parameter', `"maxSamples" must be <= the row count ${rowCount}, was ${options.maxSamples}`);
  }
  return options.maxSamples;
}

/** Parses the CLI/text form of `maxFeatures`: sqrt, log2, all, a fraction or an integer. */
export function parseMaxFeatures(text: string): MaxFeatures {
  if (text === 'sqrt' || text === 'log2' || text === 'all') return text;
  const value = Number(text);
  validateMaxFeatures(Number.isFinite(value) && text.trim() !== '' ? value : (text as MaxFeatures));
  return value;
}
