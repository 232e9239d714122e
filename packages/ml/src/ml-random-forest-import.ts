import { RooneyError } from '@rooney/core';
import { RandomForestClassifier } from './forest.ts';
import type { FlatForest } from './internal/flat-forest.ts';

/** Options of {@link importMlRandomForestModel}. */
export interface MlRandomForestImportOptions {
  /**
   * Number of feature columns of the data the model was trained on. ml-random-forest does not
   * store it; by default it is one more than the highest feature index the trees use.
   */
  readonly featureCount?: number;
  /**
   * `'fraction'` (default): a leaf gives its class fractions, so probabilities are scikit-learn's
   * mean of leaf fractions. `'vote'`: a leaf gives 1 to its majority class (lowest class on ties),
   * so probabilities are ml-random-forest's vote shares (what its `predictionValues` count;
   * its `predictProbability` is off by up to 1/trees).
   */
  readonly leafValue?: 'fraction' | 'vote';
}

interface CartNode {
  readonly splitColumn?: number;
  readonly splitValue?: number;
  readonly distribution?: unknown;
  readonly left?: CartNode;
  readonly right?: CartNode;
}

function fail(message: string): never {
  throw new RooneyError('bad_model', `not an ml-random-forest classifier model: ${message}`);
}

/** A leaf's class fractions (ml-cart stores a 1 × k matrix as [[...]]), or null for an inner node. */
function leafDistribution(node: CartNode): number[] | null {
  if (node.distribution === undefined || node.distribution === null) return null;
  const rows = node.distribution;
  const row = Array.isArray(rows) && Array.isArray(rows[0]) ? (rows[0] as unknown[]) : rows;
  if (!Array.isArray(row) || row.length === 0 || !row.every((v) => typeof v === 'number' && v >= 0)) {
    return fail(`a leaf distribution is not a list of fractions: ${JSON.stringify(node.distribution)}`);
  }
  return row as number[];
}

/**
 * Converts a model saved by ml-random-forest 2.x (`JSON.stringify(rf)` / `rf.toJSON()` of its
 * `RandomForestClassifier`) into a Rooney forest that predicts the same way: the same splits
 * (`x < splitValue` goes left, with each tree's column subset mapped back to the original
 * columns) and the same leaves.
 */
export function importMlRandomForestModel(
  json: unknown,
  options: MlRandomForestImportOptions = {},
): RandomForestClassifier {
  const root = typeof json === 'string' ? (JSON.parse(json) as unknown) : json;
  if (typeof root !== 'object' || root === null) return fail('expected an object');
  const r = root as { name?: unknown; baseModel?: unknown };
  if (r.name !== 'RFClassifier') return fail(`"name" is ${JSON.stringify(r.name)}, expected "RFClassifier"`);
  const base = r.baseModel as { estimators?: unknown; indexes?: unknown; isClassifier?: unknown } | undefined;
  if (base === undefined || !Array.isArray(base.estimators) || !Array.isArray(base.indexes)) {
    return fail('"baseModel.estimators" and "baseModel.indexes" must be arrays');
  }
  if (base.isClassifier === false) return fail('it is a regression model');
  const estimators = base.estimators as { root?: CartNode }[];
  const indexes = base.indexes as number[][];
  if (estimators.length === 0 || estimators.length !== indexes.length) {
    return fail(`${estimators.length} trees but ${indexes.length} feature index lists`);
  }
  let highestFeature = -1;
  let classes = 2;
  const scan = (node: CartNode, used: readonly number[]): void => {
    const distribution = leafDistribution(node);
    if (distribution !== null) {
      classes = Math.max(classes, distribution.length);
      return;
    }
    const column = node.splitColumn;
    if (!Number.isInteger(column) || (column as number) < 0 || (column as number) >= used.length) {
      fail(`split column ${String(column)} is outside the tree's ${used.length} columns`);
    }
    highestFeature = Math.max(highestFeature, used[column as number]);
    if (node.left === undefined || node.right === undefined) fail('an inner node lacks a child');
    scan(node.left as CartNode, used);
    scan(node.right as CartNode, used);
  };
  for (let t = 0; t < estimators.length; t++) {
    const tree = estimators[t].root;
    if (tree === undefined) fail(`tree ${t} has no root`);
    scan(tree as CartNode, indexes[t]);
  }
  const featureCount = options.featureCount ?? Math.max(1, highestFeature + 1);
  if (highestFeature >= featureCount) {
    throw new RooneyError('invalid_parameter', `"featureCount" is ${featureCount} but the trees use feature ${highestFeature}`);
  }
  const vote = (options.leafValue ?? 'fraction') === 'vote';
  const treeStart: number[] = [];
  const feature: number[] = [];
  const threshold: number[] = [];
  const next: number[] = [];
  const leafValues: number[] = [];
  for (let t = 0; t < estimators.length; t++) {
    treeStart.push(feature.length);
    const used = indexes[t];
    // Preorder: an inner node's left child is the next node; its right child index is patched in.
    const visit = (node: CartNode): void => {
      const index = feature.length;
      const distribution = leafDistribution(node);
      if (distribution !== null) {
        feature.push(-1);
        threshold.push(0);
        next.push(leafValues.length);
        const values = new Array<number>(classes).fill(0);
        if (vote) {
          let best = 0;
          for (let k = 1; k < distribution.length; k++) if (distribution[k] > distribution[best]) best = k;
          values[best] = 1;
        } else {
          for (let k = 0; k < distribution.length; k++) values[k] = distribution[k];
        }
        leafValues.push(...values);
        return;
      }
      feature.push(used[node.splitColumn as number]);
      threshold.push(node.splitValue as number);
      next.push(-1);
      visit(node.left as CartNode);
      next[index] = feature.length;
      visit(node.right as CartNode);
    };
    visit(estimators[t].root as CartNode);
  }
  const model: FlatForest = {
    classes,
    features: featureCount,
    treeStart: Int32Array.from(treeStart),
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    next: Int32Array.from(next),
    leafValues: Float64Array.from(leafValues),
  };
  return RandomForestClassifier.fromFlatForest(model);
}
