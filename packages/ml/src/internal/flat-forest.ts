import type { TreeArrays } from './training-data.ts';

/**
 * All trees of a forest in one set of arrays, for allocation-free prediction. Node i of the forest
 * is a leaf when `feature[i] < 0`; then `next[i]` is the offset of its class fractions in
 * `leafValues`. Otherwise a row goes to node i + 1 when `row[feature[i]] < threshold[i]`, else to
 * node `next[i]`. Tree t starts at node `treeStart[t]`.
 */
export interface FlatForest {
  readonly classes: number;
  readonly features: number;
  readonly treeStart: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly next: Int32Array;
  readonly leafValues: Float64Array;
}

/** Concatenates trees (in tree order) into one flat forest. */
export function flattenTrees(trees: readonly TreeArrays[], classes: number, features: number): FlatForest {
  let nodes = 0;
  let leafNumbers = 0;
  for (const tree of trees) {
    nodes += tree.feature.length;
    leafNumbers += tree.leafValues.length;
  }
  const treeStart = new Int32Array(trees.length);
  const feature = new Int32Array(nodes);
  const threshold = new Float64Array(nodes);
  const next = new Int32Array(nodes);
  const leafValues = new Float64Array(leafNumbers);
  let nodeOffset = 0;
  let leafOffset = 0;
  for (let t = 0; t < trees.length; t++) {
    const tree = trees[t];
    treeStart[t] = nodeOffset;
    feature.set(tree.feature, nodeOffset);
    threshold.set(tree.threshold, nodeOffset);
    for (let i = 0; i < tree.feature.length; i++) {
      next[nodeOffset + i] = tree.feature[i] < 0 ? leafOffset + tree.next[i] * classes : nodeOffset + tree.next[i];
    }
    leafValues.set(tree.leafValues, leafOffset);
    nodeOffset += tree.feature.length;
    leafOffset += tree.leafValues.length;
  }
  return { classes, features, treeStart, feature, threshold, next, leafValues };
}

/** Offset in `leafValues` of the leaf that row `values[offset..]` reaches in the tree rooted at `root`. */
export function leafOffset(forest: FlatForest, root: number, values: ArrayLike<number>, offset: number): number {
  const { feature, threshold, next } = forest;
  let i = root;
  let f = feature[i];
  while (f >= 0) {
    i = values[offset + f] < threshold[i] ? i + 1 : next[i];
    f = feature[i];
  }
  return next[i];
}

/** Mean over trees of the leaf fraction of class `classIndex` for one row starting at `offset`. */
export function predictOne(forest: FlatForest, values: ArrayLike<number>, offset: number, classIndex: number): number {
  const { feature, threshold, next, leafValues, treeStart } = forest;
  const trees = treeStart.length;
  let sum = 0;
  for (let t = 0; t < trees; t++) {
    let i = treeStart[t];
    let f = feature[i];
    while (f >= 0) {
      i = values[offset + f] < threshold[i] ? i + 1 : next[i];
      f = feature[i];
    }
    sum += leafValues[next[i] + classIndex];
  }
  return sum / trees;
}

/**
 * Checks that a forest read from outside is well formed: every child index points forward inside
 * its own tree (so prediction always ends), features and leaf offsets are in range.
 * Returns a description of the first problem, or null.
 */
export function forestProblem(forest: FlatForest): string | null {
  const { feature, threshold, next, leafValues, treeStart, classes, features } = forest;
  const nodes = feature.length;
  if (threshold.length !== nodes || next.length !== nodes) return 'node arrays have different lengths';
  if (treeStart.length === 0) return 'the forest has no trees';
  for (let t = 0; t < treeStart.length; t++) {
    const begin = treeStart[t];
    const end = t + 1 < treeStart.length ? treeStart[t + 1] : nodes;
    if (!(begin >= 0 && begin < end && end <= nodes)) return `tree ${t} has an invalid node range ${begin}..${end}`;
    for (let i = begin; i < end; i++) {
      const f = feature[i];
      if (f < 0) {
        if (!(next[i] >= 0 && next[i] + classes <= leafValues.length)) return `node ${i} has an invalid leaf offset ${next[i]}`;
      } else {
        if (f >= features) return `node ${i} splits on feature ${f} of ${features}`;
        if (!(i + 1 < end && next[i] > i + 1 && next[i] < end)) return `node ${i} has an invalid child ${next[i]}`;
        if (Number.isNaN(threshold[i])) return `node ${i} has a NaN threshold`;
      }
    }
  }
  for (let i = 0; i < leafValues.length; i++) {
    if (!(leafValues[i] >= 0 && leafValues[i] <= 1 + 1e-9)) return `leaf value ${i} is ${leafValues[i]}, not a fraction`;
  }
  return null;
}
