import { RooneyError } from '@rooney/core';
import { computeFeatureBins, computeFeatureRanks } from './internal/binning.ts';
import { flattenTrees, forestProblem, leafOffset, predictOne } from './internal/flat-forest.ts';
import type { FlatForest } from './internal/flat-forest.ts';
import type { TrainingData, TreeArrays } from './internal/training-data.ts';
import { drawBootstrap, treeRng, TreeTrainer } from './internal/tree-trainer.ts';
import { decodeTypedArray, encodeTypedArray } from './internal/typed-base64.ts';
import { resolveJobs, trainTreesInWorkers } from './internal/worker-pool.ts';
import type { Matrix } from './matrix.ts';
import { auc } from './metrics.ts';
import { featuresPerSplit, resolveForestOptions, samplesPerTree } from './forest-options.ts';
import type { RandomForestOptions, ResolvedForestOptions } from './forest-options.ts';

/** Largest row count of the exact search (its sort keys pack rank and position in one double). */
const EXACT_MAX_ROWS = 16_777_216;

/** Out-of-bag estimates: each row scored only by the trees that did not draw it. */
export interface OutOfBag {
  /** Accuracy of the out-of-bag class (argmax of the OOB fractions) over rows with an OOB tree. */
  readonly score: number;
  /** AUC of the OOB probability of class 1 (two classes only, else null). */
  readonly auc: number | null;
  /**
   * OOB probability of class 1 per training row (NaN for a row that every tree drew); null for a
   * model loaded from JSON, which keeps only the summary numbers.
   */
  readonly probability: Float64Array | null;
  /** Rows that had at least one out-of-bag tree. */
  readonly rowsScored: number;
}

/** The JSON form of a fitted forest (the `model` of a bundle). */
export interface ForestJson {
  readonly type: 'random-forest-classifier';
  readonly classes: number;
  readonly features: number;
  readonly trees: number;
  /** Resolved options (`maxDepth: null` when unlimited); null for an imported model. */
  readonly options: Record<string, unknown> | null;
  readonly featureImportances: number[] | null;
  readonly outOfBag: { readonly score: number | null; readonly auc: number | null; readonly rowsScored: number } | null;
  readonly encoding: 'base64-little-endian';
  readonly treeStart: string;
  readonly feature: string;
  readonly threshold: string;
  readonly next: string;
  readonly leafValues: string;
}

/**
 * Random forest classifier (Breiman 2001) with scikit-learn's conventions: CART trees on bootstrap
 * samples, a fresh random feature subset at every split, probability = mean over trees of the
 * leaf's class fractions. Features are a row-major {@link Matrix} of finite numbers; labels are
 * classes 0..k-1 (k >= 2 is assumed; class 1 is the "positive" class of the binary helpers).
 *
 * Determinism: tree i draws from `new Rng(seed).fork(i)` only, so `fit` and `fitAsync` with any
 * number of worker threads give the same trees, the same bytes in `toJSON()`.
 */
export class RandomForestClassifier {
  readonly options: ResolvedForestOptions;
  private model: FlatForest | null = null;
  private importances: Float64Array | null = null;
  private outOfBagResult: OutOfBag | null = null;
  private imported = false;

  constructor(options: RandomForestOptions = {}) {
    this.options = resolveForestOptions(options);
  }

  /** Fits on the calling thread. */
  fit(x: Matrix, y: Uint8Array): this {
    const data = this.prepare(x, y);
    const trainer = new TreeTrainer(data);
    const trees: TreeArrays[] = [];
    for (let t = 0; t < this.options.trees; t++) trees.push(trainer.train(t));
    this.finish(trees, data, x);
    return this;
  }

  /**
   * Fits with `options.jobs` worker threads (the trees are shared out; the result is identical to
   * `fit`). With one job it runs `fit` on the calling thread.
   */
  async fitAsync(x: Matrix, y: Uint8Array): Promise<this> {
    const jobs = resolveJobs(this.options.jobs);
    if (jobs <= 1) return this.fit(x, y);
    const data = this.prepare(x, y);
    const trees = await trainTreesInWorkers(data, this.options.trees, jobs);
    this.finish(trees, data, x);
    return this;
  }

  /** True once fitted (or loaded). */
  get isFitted(): boolean {
    return this.model !== null;
  }

  /** Number of feature columns the model expects. */
  get featureCount(): number {
    return this.fitted().features;
  }

  /** Number of classes (at least 2). */
  get classCount(): number {
    return this.fitted().classes;
  }

  /** Number of trees. */
  get treeCount(): number {
    return this.fitted().treeStart.length;
  }

  /** Total number of nodes over all trees. */
  get nodeCount(): number {
    return this.fitted().feature.length;
  }

  /** Out-of-bag estimates, when fitted with `oobScore: true` (null otherwise). */
  get outOfBag(): OutOfBag | null {
    return this.outOfBagResult;
  }

  /**
   * P(class `classIndex`) for every row: the mean over trees of the fraction of that class in the
   * leaf the row reaches.
   */
  predictProbability(x: Matrix, classIndex = 1): Float64Array {
    const model = this.checkMatrix(x);
    this.checkClass(classIndex);
    const out = new Float64Array(x.rows);
    for (let r = 0; r < x.rows; r++) out[r] = predictOne(model, x.values, r * x.columns, classIndex);
    return out;
  }

  /** All class probabilities, row-major `rows` × `classCount`. */
  predictClassProbabilities(x: Matrix): Float64Array {
    const model = this.checkMatrix(x);
    const { classes, treeStart, leafValues } = model;
    const out = new Float64Array(x.rows * classes);
    for (let r = 0; r < x.rows; r++) {
      const base = r * classes;
      for (let t = 0; t < treeStart.length; t++) {
        const leaf = leafOffset(model, treeStart[t], x.values, r * x.columns);
        for (let k = 0; k < classes; k++) out[base + k] += leafValues[leaf + k];
      }
      for (let k = 0; k < classes; k++) out[base + k] /= treeStart.length;
    }
    return out;
  }

  /** Most probable class of every row (lowest class on ties). */
  predictClass(x: Matrix): Uint8Array {
    const probabilities = this.predictClassProbabilities(x);
    const classes = this.classCount;
    const out = new Uint8Array(x.rows);
    for (let r = 0; r < x.rows; r++) {
      let best = 0;
      for (let k = 1; k < classes; k++) if (probabilities[r * classes + k] > probabilities[r * classes + best]) best = k;
      out[r] = best;
    }
    return out;
  }

  /**
   * P(class `classIndex`) for one row of features in model order. Allocates nothing: meant for the
   * per-trade veto in backtests and live trading.
   */
  predictRow(row: ArrayLike<number>, classIndex = 1): number {
    const model = this.fitted();
    if (row.length < model.features) {
      throw new RooneyError('invalid_data', `a row must have ${model.features} features, had ${row.length}`);
    }
    if (classIndex !== 1) this.checkClass(classIndex);
    return predictOne(model, row, 0, classIndex);
  }

  /**
   * Impurity (mean decrease in impurity, "Gini importance") feature importances: each tree's
   * weighted impurity decreases per feature, normalised to sum 1 per tree, averaged over trees and
   * normalised again (scikit-learn's `feature_importances_`). Null for an imported model.
   */
  featureImportances(): Float64Array | null {
    this.fitted();
    return this.importances === null ? null : this.importances.slice();
  }

  /** The fitted model as JSON-ready data (see {@link ForestJson}); byte-stable for a given fit. */
  toJSON(): ForestJson {
    const model = this.fitted();
    const o = this.options;
    return {
      type: 'random-forest-classifier',
      classes: model.classes,
      features: model.features,
      trees: model.treeStart.length,
      options: this.imported
        ? null
        : {
            trees: o.trees,
            criterion: o.criterion,
            maxDepth: Number.isFinite(o.maxDepth) ? o.maxDepth : null,
            minSamplesSplit: o.minSamplesSplit,
            minSamplesLeaf: o.minSamplesLeaf,
            maxFeatures: o.maxFeatures,
            classWeight: o.classWeight,
            bootstrap: o.bootstrap,
            maxSamples: o.maxSamples,
            splitSearch: o.splitSearch,
            maxBins: o.maxBins,
            oobScore: o.oobScore,
            seed: o.seed,
          },
      featureImportances: this.importances === null ? null : Array.from(this.importances),
      outOfBag:
        this.outOfBagResult === null
          ? null
          : {
              score: Number.isNaN(this.outOfBagResult.score) ? null : this.outOfBagResult.score,
              auc: this.outOfBagResult.auc,
              rowsScored: this.outOfBagResult.rowsScored,
            },
      encoding: 'base64-little-endian',
      treeStart: encodeTypedArray(model.treeStart),
      feature: encodeTypedArray(model.feature),
      threshold: encodeTypedArray(model.threshold),
      next: encodeTypedArray(model.next),
      leafValues: encodeTypedArray(model.leafValues),
    };
  }

  /** Rebuilds a fitted forest from {@link ForestJson}, checking its structure. */
  static fromJSON(json: unknown): RandomForestClassifier {
    const bad = (what: string): never => {
      throw new RooneyError('bad_model', `not a valid random forest model: ${what}`);
    };
    if (typeof json !== 'object' || json === null) return bad('expected an object');
    const j = json as Record<string, unknown>;
    if (j.type !== 'random-forest-classifier') return bad(`"type" must be "random-forest-classifier", was ${JSON.stringify(j.type)}`);
    if (j.encoding !== 'base64-little-endian') return bad(`unknown "encoding" ${JSON.stringify(j.encoding)}`);
    const classes = j.classes;
    const features = j.features;
    if (!Number.isInteger(classes) || (classes as number) < 2) return bad(`"classes" must be an integer >= 2, was ${String(classes)}`);
    if (!Number.isInteger(features) || (features as number) < 1) return bad(`"features" must be an integer >= 1, was ${String(features)}`);
    const treeStart = decodeTypedArray(j.treeStart, Int32Array) ?? bad('"treeStart" is not base64 Int32 data');
    const feature = decodeTypedArray(j.feature, Int32Array) ?? bad('"feature" is not base64 Int32 data');
    const threshold = decodeTypedArray(j.threshold, Float64Array) ?? bad('"threshold" is not base64 Float64 data');
    const next = decodeTypedArray(j.next, Int32Array) ?? bad('"next" is not base64 Int32 data');
    const leafValues = decodeTypedArray(j.leafValues, Float64Array) ?? bad('"leafValues" is not base64 Float64 data');
    if (j.trees !== treeStart.length) return bad(`"trees" is ${String(j.trees)} but ${treeStart.length} trees are stored`);
    const model: FlatForest = {
      classes: classes as number,
      features: features as number,
      treeStart,
      feature,
      threshold,
      next,
      leafValues,
    };
    const problem = forestProblem(model);
    if (problem !== null) return bad(problem);
    let options: RandomForestOptions = { trees: treeStart.length };
    if (j.options !== null && j.options !== undefined) {
      if (typeof j.options !== 'object') return bad('"options" must be an object or null');
      const o = j.options as Record<string, unknown>;
      options = { ...(o as RandomForestOptions), maxDepth: o.maxDepth === null ? undefined : (o.maxDepth as number) };
    }
    const forest = new RandomForestClassifier(options);
    const importances = j.featureImportances;
    if (importances !== null && importances !== undefined) {
      if (!Array.isArray(importances) || importances.length !== features || !importances.every((v) => typeof v === 'number')) {
        return bad(`"featureImportances" must be ${String(features)} numbers or null`);
      }
      forest.importances = Float64Array.from(importances as number[]);
    }
    const outOfBag = j.outOfBag;
    if (outOfBag !== null && outOfBag !== undefined) {
      const o = outOfBag as Record<string, unknown>;
      const numberOrNull = (v: unknown): boolean => v === null || typeof v === 'number';
      if (typeof o !== 'object' || !numberOrNull(o.score) || !numberOrNull(o.auc) || typeof o.rowsScored !== 'number') {
        return bad('"outOfBag" must hold score, auc and rowsScored');
      }
      forest.outOfBagResult = {
        score: o.score === null ? Number.NaN : (o.score as number),
        auc: o.auc as number | null,
        probability: null,
        rowsScored: o.rowsScored,
      };
    }
    forest.model = model;
    forest.imported = j.options === null;
    return forest;
  }

  /** Builds a forest directly from flat arrays (used by importers); checks the structure. */
  static fromFlatForest(model: FlatForest, options: RandomForestOptions = {}): RandomForestClassifier {
    const problem = forestProblem(model);
    if (problem !== null) throw new RooneyError('bad_model', `not a valid random forest model: ${problem}`);
    const forest = new RandomForestClassifier({ ...options, trees: model.treeStart.length });
    forest.model = model;
    forest.imported = true;
    return forest;
  }

  private fitted(): FlatForest {
    if (this.model === null) throw new RooneyError('not_fitted', 'the random forest is not fitted yet: call fit() first');
    return this.model;
  }

  private checkMatrix(x: Matrix): FlatForest {
    const model = this.fitted();
    if (x.columns !== model.features) {
      throw new RooneyError('invalid_data', `the model expects ${model.features} feature columns, the data has ${x.columns}`);
    }
    return model;
  }

  private checkClass(classIndex: number): void {
    const classes = this.fitted().classes;
    if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= classes) {
      throw new RooneyError('invalid_parameter', `"classIndex" must be an integer in 0..${classes - 1}, was ${classIndex}`);
    }
  }

  /** Validates the data and builds everything the tree trainer needs. */
  private prepare(x: Matrix, y: Uint8Array): TrainingData {
    const { rows, columns, values } = x;
    if (values.length !== rows * columns) {
      throw new RooneyError('invalid_data', `a ${rows} x ${columns} matrix needs ${rows * columns} values, had ${values.length}`);
    }
    if (y.length !== rows) throw new RooneyError('invalid_data', `there are ${rows} feature rows but ${y.length} labels`);
    if (rows < 2) throw new RooneyError('invalid_data', `a forest needs at least 2 rows, had ${rows}`);
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) {
        throw new RooneyError(
          'invalid_data',
          `features must be finite numbers: row ${Math.floor(i / columns)}, column ${i % columns} is ${values[i]}`,
        );
      }
    }
    let maxLabel = 0;
    for (let r = 0; r < rows; r++) if (y[r] > maxLabel) maxLabel = y[r];
    const classes = Math.max(2, maxLabel + 1);
    const classWeight = this.classWeights(y, classes);
    const o = this.options;
    const exact = o.splitSearch === 'exact';
    if (exact && rows > EXACT_MAX_ROWS) {
      throw new RooneyError('invalid_parameter', `"splitSearch" 'exact' handles at most ${EXACT_MAX_ROWS} rows, had ${rows}: use 'histogram'`);
    }
    const bins = exact ? null : computeFeatureBins(x, o.maxBins);
    const ranks = exact ? computeFeatureRanks(x) : null;
    return {
      rows,
      features: columns,
      classes,
      labels: y,
      classWeight,
      binCount: bins?.binCount ?? null,
      edges: bins?.edges ?? null,
      codes: bins?.codes ?? null,
      ranks: ranks?.ranks ?? null,
      distinct: ranks?.distinct ?? null,
      distinctStart: ranks?.distinctStart ?? null,
      settings: {
        criterion: o.criterion,
        maxDepth: o.maxDepth,
        minSamplesSplit: o.minSamplesSplit,
        minSamplesLeaf: o.minSamplesLeaf,
        featuresPerSplit: featuresPerSplit(o.maxFeatures, columns),
        bootstrap: o.bootstrap,
        samplesPerTree: samplesPerTree(o, rows),
        seed: o.seed,
      },
    };
  }

  private classWeights(y: Uint8Array, classes: number): Float64Array {
    const weights = new Float64Array(classes).fill(1);
    const setting = this.options.classWeight;
    if (setting === 'balanced') {
      const counts = new Float64Array(classes);
      for (let r = 0; r < y.length; r++) counts[y[r]]++;
      for (let k = 0; k < classes; k++) if (counts[k] > 0) weights[k] = y.length / (classes * counts[k]);
    } else if (setting !== null) {
      if (setting.length < classes) {
        throw new RooneyError('invalid_parameter', `"classWeight" needs ${classes} weights, had ${setting.length}`);
      }
      for (let k = 0; k < classes; k++) weights[k] = setting[k];
    }
    return weights;
  }

  private finish(trees: TreeArrays[], data: TrainingData, x: Matrix): void {
    this.model = flattenTrees(trees, data.classes, data.features);
    this.imported = false;
    this.importances = averageImportances(trees, data.features);
    this.outOfBagResult = this.options.oobScore ? this.computeOutOfBag(data, x) : null;
  }

  private computeOutOfBag(data: TrainingData, x: Matrix): OutOfBag {
    const model = this.model as FlatForest;
    const { rows, classes, labels, settings } = data;
    const sums = new Float64Array(rows * classes);
    const treesPerRow = new Int32Array(rows);
    const counts = new Int32Array(rows);
    for (let t = 0; t < model.treeStart.length; t++) {
      drawBootstrap(treeRng(settings.seed, t), rows, settings.samplesPerTree, counts);
      for (let r = 0; r < rows; r++) {
        if (counts[r] !== 0) continue;
        const leaf = leafOffset(model, model.treeStart[t], x.values, r * x.columns);
        for (let k = 0; k < classes; k++) sums[r * classes + k] += model.leafValues[leaf + k];
        treesPerRow[r]++;
      }
    }
    const probability = new Float64Array(rows).fill(Number.NaN);
    let correct = 0;
    let scored = 0;
    for (let r = 0; r < rows; r++) {
      if (treesPerRow[r] === 0) continue;
      scored++;
      probability[r] = sums[r * classes + 1] / treesPerRow[r];
      let best = 0;
      for (let k = 1; k < classes; k++) if (sums[r * classes + k] > sums[r * classes + best]) best = k;
      if (best === labels[r]) correct++;
    }
    let oobAuc: number | null = null;
    if (classes === 2 && scored > 0) {
      const scoredProbability = new Float64Array(scored);
      const scoredLabels = new Uint8Array(scored);
      let i = 0;
      for (let r = 0; r < rows; r++) {
        if (treesPerRow[r] === 0) continue;
        scoredProbability[i] = probability[r];
        scoredLabels[i++] = labels[r];
      }
      const value = auc(scoredProbability, scoredLabels);
      oobAuc = Number.isNaN(value) ? null : value;
    }
    return { score: scored > 0 ? correct / scored : Number.NaN, auc: oobAuc, probability, rowsScored: scored };
  }
}

/** scikit-learn's forest importances: per-tree normalised MDI, averaged, normalised again. */
function averageImportances(trees: readonly TreeArrays[], features: number): Float64Array {
  const sum = new Float64Array(features);
  let used = 0;
  for (const tree of trees) {
    if (tree.feature.length <= 1) continue;
    let total = 0;
    for (let f = 0; f < features; f++) total += tree.importance[f];
    used++;
    if (total > 0) for (let f = 0; f < features; f++) sum[f] += tree.importance[f] / total;
  }
  if (used === 0) return sum;
  let total = 0;
  for (let f = 0; f < features; f++) total += sum[f];
  if (total > 0) for (let f = 0; f < features; f++) sum[f] /= total;
  return sum;
}
