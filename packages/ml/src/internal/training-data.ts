/**
 * Everything a tree trainer needs, as plain typed arrays and numbers so it can be handed to a
 * worker thread (the arrays are copied into SharedArrayBuffers once per fit).
 */
export interface TrainingData {
  readonly rows: number;
  readonly features: number;
  readonly classes: number;
  /** Class of each row, 0..classes-1. */
  readonly labels: Uint8Array;
  /** Weight multiplying the samples of each class. */
  readonly classWeight: Float64Array;
  /** Histogram search: bins per feature, upper edges (256 slots per feature), column-major codes. */
  readonly binCount: Int32Array | null;
  readonly edges: Float64Array | null;
  readonly codes: Uint8Array | null;
  /** Exact search: column-major ranks, distinct values and their per-feature offsets. */
  readonly ranks: Int32Array | null;
  readonly distinct: Float64Array | null;
  readonly distinctStart: Int32Array | null;
  readonly settings: TreeSettings;
}

/** The per-tree growing rules, resolved for this data set. */
export interface TreeSettings {
  readonly criterion: 'gini' | 'entropy';
  readonly maxDepth: number;
  readonly minSamplesSplit: number;
  readonly minSamplesLeaf: number;
  readonly featuresPerSplit: number;
  readonly bootstrap: boolean;
  readonly samplesPerTree: number;
  readonly seed: number;
}

/** One fitted tree in preorder: the left child of an internal node i is i + 1. */
export interface TreeArrays {
  /** Split feature of each node, -1 for a leaf. */
  readonly feature: Int32Array;
  /** A row goes left when `row[feature] < threshold`. Unused (0) for leaves. */
  readonly threshold: Float64Array;
  /** Right child of an internal node; for a leaf, its index into `leafValues` (in units of classes). */
  readonly next: Int32Array;
  /** Class fractions of each leaf, `classes` numbers per leaf. */
  readonly leafValues: Float64Array;
  /** Impurity decrease per feature (weighted by node weight), not normalised. */
  readonly importance: Float64Array;
  /** Deepest leaf depth. */
  readonly depth: number;
}

/** Copies a typed array into a SharedArrayBuffer-backed array of the same kind. */
function shared<T extends Uint8Array | Int32Array | Float64Array>(array: T): T {
  const Kind = array.constructor as new (buffer: SharedArrayBuffer) => T;
  const buffer = new SharedArrayBuffer(array.byteLength);
  const copy = new Kind(buffer);
  copy.set(array as never);
  return copy;
}

/** The same data with every array backed by shared memory, ready to post to workers. */
export function shareTrainingData(data: TrainingData): TrainingData {
  return {
    ...data,
    labels: shared(data.labels),
    classWeight: shared(data.classWeight),
    binCount: data.binCount && shared(data.binCount),
    edges: data.edges && shared(data.edges),
    codes: data.codes && shared(data.codes),
    ranks: data.ranks && shared(data.ranks),
    distinct: data.distinct && shared(data.distinct),
    distinctStart: data.distinctStart && shared(data.distinctStart),
  };
}
