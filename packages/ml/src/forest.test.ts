import { Rng } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { RandomForestClassifier } from './forest.ts';
import { featuresPerSplit } from './forest-options.ts';
import { decodeTypedArray } from './internal/typed-base64.ts';
import { matrix, matrixFromRows } from './matrix.ts';
import type { Matrix } from './matrix.ts';
import { auc } from './metrics.ts';
import { syntheticClassification } from './synthetic-data.ts';

/**
 * Exhaustive reference CART, written independently of the trainer: at every node it tries every
 * feature and every midpoint between consecutive distinct values, and keeps the split with the
 * lowest weighted child impurity. Returns P(class 1) for each row of `query`.
 */
function referenceTree(
  x: Matrix,
  y: Uint8Array,
  weights: Float64Array,
  settings: { maxDepth: number; minSamplesLeaf: number; criterion: 'gini' | 'entropy' },
): (row: number[]) => number {
  const impurity = (rows: number[]): number => {
    let w0 = 0;
    let w1 = 0;
    for (const r of rows) {
      if (y[r] === 1) w1 += weights[r];
      else w0 += weights[r];
    }
    const total = w0 + w1;
    const p0 = w0 / total;
    const p1 = w1 / total;
    if (settings.criterion === 'gini') return 1 - p0 * p0 - p1 * p1;
    return -(p0 > 0 ? p0 * Math.log(p0) : 0) - (p1 > 0 ? p1 * Math.log(p1) : 0);
  };
  const weightOf = (rows: number[]): number => rows.reduce((s, r) => s + weights[r], 0);
  const build = (rows: number[], depth: number): ((row: number[]) => number) => {
    const w1 = rows.reduce((s, r) => s + (y[r] === 1 ? weights[r] : 0), 0);
    const leaf = (): number => w1 / weightOf(rows);
    if (depth >= settings.maxDepth || rows.length < 2 * settings.minSamplesLeaf || impurity(rows) === 0) return leaf;
    let best: { f: number; t: number; score: number } | null = null;
    for (let f = 0; f < x.columns; f++) {
      const values = [...new Set(rows.map((r) => x.values[r * x.columns + f]))].sort((a, b) => a - b);
      for (let i = 1; i < values.length; i++) {
        const t = (values[i - 1] + values[i]) / 2;
        const left = rows.filter((r) => x.values[r * x.columns + f] < t);
        const right = rows.filter((r) => x.values[r * x.columns + f] >= t);
        if (left.length < settings.minSamplesLeaf || right.length < settings.minSamplesLeaf) continue;
        const score = weightOf(left) * impurity(left) + weightOf(right) * impurity(right);
        if (best === null || score < best.score - 1e-12) best = { f, t, score };
      }
    }
    if (best === null) return leaf;
    const { f, t } = best;
    const goLeft = build(rows.filter((r) => x.values[r * x.columns + f] < t), depth + 1);
    const goRight = build(rows.filter((r) => x.values[r * x.columns + f] >= t), depth + 1);
    return (row) => (row[f] < t ? goLeft(row) : goRight(row));
  };
  return build(
    Array.from({ length: x.rows }, (_, r) => r),
    0,
  );
}

function randomProblem(rows: number, columns: number, seed: number, imbalance = 0): { x: Matrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const values = new Float64Array(rows * columns);
  const y = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) values[r * columns + c] = rng.normal();
    const signal = values[r * columns] - 0.7 * values[r * columns + 1] + 0.5 * rng.normal();
    y[r] = signal > imbalance ? 1 : 0;
  }
  return { x: matrix(values, rows, columns), y };
}

function rowOf(x: Matrix, r: number): number[] {
  return Array.from(x.values.subarray(r * x.columns, (r + 1) * x.columns));
}

/** The flat arrays of a fitted forest, read back from its JSON. */
function treesOf(forest: RandomForestClassifier): { treeStart: Int32Array; feature: Int32Array; next: Int32Array } {
  const json = forest.toJSON();
  return {
    treeStart: decodeTypedArray(json.treeStart, Int32Array) as Int32Array,
    feature: decodeTypedArray(json.feature, Int32Array) as Int32Array,
    next: decodeTypedArray(json.next, Int32Array) as Int32Array,
  };
}

describe('RandomForestClassifier: single trees against hand and reference results', () => {
  for (const splitSearch of ['exact', 'histogram'] as const) {
    it(`${splitSearch}: a stump splits 1..6 with labels 000111 at 3.5 into pure leaves`, () => {
      const x = matrixFromRows([[1], [2], [3], [4], [5], [6]]);
      const y = Uint8Array.from([0, 0, 0, 1, 1, 1]);
      const forest = new RandomForestClassifier({ trees: 1, bootstrap: false, maxFeatures: 'all', splitSearch }).fit(x, y);
      const threshold = decodeTypedArray(forest.toJSON().threshold, Float64Array) as Float64Array;
      expect(threshold[0]).toBe(3.5);
      expect(Array.from(forest.predictProbability(x))).toEqual([0, 0, 0, 1, 1, 1]);
      expect(forest.predictRow([3.49])).toBe(0);
      expect(forest.predictRow([3.5])).toBe(1);
    });
  }

  for (const criterion of ['gini', 'entropy'] as const) {
    it(`exact search equals an exhaustive reference CART (${criterion}, depth 3, min leaf 4)`, () => {
      const { x, y } = randomProblem(90, 3, 21);
      const settings = { maxDepth: 3, minSamplesLeaf: 4, criterion };
      const forest = new RandomForestClassifier({ ...settings, trees: 1, bootstrap: false, maxFeatures: 'all', splitSearch: 'exact' }).fit(x, y);
      const reference = referenceTree(x, y, new Float64Array(90).fill(1), settings);
      const { x: query } = randomProblem(50, 3, 22);
      for (let r = 0; r < 50; r++) expect(forest.predictRow(rowOf(query, r))).toBeCloseTo(reference(rowOf(query, r)), 12);
    });
  }

  it("balanced class weights reproduce the reference tree with weights n / (2 n_k)", () => {
    const { x, y } = randomProblem(80, 2, 31, 0.8);
    const positives = y.reduce((s, v) => s + v, 0);
    expect(positives).toBeLessThan(30); // imbalanced on purpose
    const weights = Float64Array.from(y, (v) => (v === 1 ? 80 / (2 * positives) : 80 / (2 * (80 - positives))));
    const settings = { maxDepth: 2, minSamplesLeaf: 3, criterion: 'gini' as const };
    const forest = new RandomForestClassifier({ ...settings, trees: 1, bootstrap: false, maxFeatures: 'all', splitSearch: 'exact', classWeight: 'balanced' }).fit(x, y);
    const reference = referenceTree(x, y, weights, settings);
    for (let r = 0; r < 80; r++) expect(forest.predictRow(rowOf(x, r))).toBeCloseTo(reference(rowOf(x, r)), 12);
  });

  it('histogram search grows the same trees as exact search when features have fewer values than bins', () => {
    const rng = new Rng(8);
    const rows = 300;
    const values = new Float64Array(rows * 4);
    const y = new Uint8Array(rows);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < 4; c++) values[r * 4 + c] = rng.int(20);
      y[r] = values[r * 4] + values[r * 4 + 1] + rng.int(10) > 22 ? 1 : 0;
    }
    const x = matrix(values, rows, 4);
    const options = { trees: 15, maxDepth: 6, minSamplesLeaf: 2, seed: 4 };
    const exact = new RandomForestClassifier({ ...options, splitSearch: 'exact' }).fit(x, y).toJSON();
    const histogram = new RandomForestClassifier({ ...options, splitSearch: 'histogram' }).fit(x, y);
    // Same splits and leaves; only where a threshold sits inside an empty gap may differ
    // (exact: midpoint of the node's neighbouring values; histogram: a bin edge in the gap).
    const h = histogram.toJSON();
    expect([h.treeStart, h.feature, h.next, h.leafValues]).toEqual([exact.treeStart, exact.feature, exact.next, exact.leafValues]);
    expect(h.featureImportances).toEqual(exact.featureImportances);
    expect(Array.from(histogram.predictProbability(x))).toEqual(Array.from(RandomForestClassifier.fromJSON(exact).predictProbability(x)));
  });
});

describe('RandomForestClassifier: growing rules', () => {
  it('no tree is deeper than maxDepth; with bootstrap off every leaf keeps minSamplesLeaf rows', () => {
    const { x, y } = randomProblem(400, 5, 41);
    const forest = new RandomForestClassifier({ trees: 5, maxDepth: 4, minSamplesLeaf: 7, bootstrap: false, seed: 2 }).fit(x, y);
    const { treeStart, feature, next } = treesOf(forest);
    const json = forest.toJSON();
    const threshold = decodeTypedArray(json.threshold, Float64Array) as Float64Array;
    for (let t = 0; t < treeStart.length; t++) {
      const leafRows = new Map<number, number>();
      for (let r = 0; r < x.rows; r++) {
        let i = treeStart[t];
        let depth = 0;
        while (feature[i] >= 0) {
          i = x.values[r * x.columns + feature[i]] < threshold[i] ? i + 1 : next[i];
          depth++;
        }
        expect(depth).toBeLessThanOrEqual(4);
        leafRows.set(i, (leafRows.get(i) ?? 0) + 1);
      }
      for (const count of leafRows.values()) expect(count).toBeGreaterThanOrEqual(7);
    }
  });

  it('maxFeatures follows scikit-learn: sqrt, log2, fraction, count', () => {
    expect(featuresPerSplit('sqrt', 40)).toBe(6);
    expect(featuresPerSplit('log2', 40)).toBe(5);
    expect(featuresPerSplit(0.3, 40)).toBe(12);
    expect(featuresPerSplit(7, 40)).toBe(7);
    expect(featuresPerSplit('all', 40)).toBe(40);
    expect(featuresPerSplit(0.01, 40)).toBe(1);
    expect(() => featuresPerSplit(41, 40)).toThrow('"maxFeatures" must be <= the feature count 40, was 41');
  });

  it('separates three classes and returns probabilities summing to 1', () => {
    const rows: number[][] = [];
    const labels: number[] = [];
    const rng = new Rng(9);
    for (let i = 0; i < 150; i++) {
      const k = i % 3;
      rows.push([k * 3 + rng.uniform(-1, 1), rng.normal()]);
      labels.push(k);
    }
    const x = matrixFromRows(rows);
    const y = Uint8Array.from(labels);
    const forest = new RandomForestClassifier({ trees: 10, seed: 1 }).fit(x, y);
    expect(forest.classCount).toBe(3);
    expect(Array.from(forest.predictClass(x))).toEqual(labels);
    const probabilities = forest.predictClassProbabilities(x);
    for (let r = 0; r < 150; r++) {
      expect(probabilities[r * 3] + probabilities[r * 3 + 1] + probabilities[r * 3 + 2]).toBeCloseTo(1, 12);
      expect(forest.predictRow(rows[r], 2)).toBeCloseTo(probabilities[r * 3 + 2], 14);
    }
  });

  it('rejects bad data and options with the value quoted', () => {
    const x = matrixFromRows([[1, 2], [3, Number.NaN], [5, 6]]);
    expect(() => new RandomForestClassifier().fit(x, Uint8Array.from([0, 1, 0]))).toThrow(
      'features must be finite numbers: row 1, column 1 is NaN',
    );
    expect(() => new RandomForestClassifier().fit(matrixFromRows([[1], [2]]), Uint8Array.from([0]))).toThrow(
      'there are 2 feature rows but 1 labels',
    );
    expect(() => new RandomForestClassifier({ trees: 0 })).toThrow('"trees" must be an integer >= 1, was 0');
    expect(() => new RandomForestClassifier({ maxFeatures: 1.5 })).toThrow('"maxFeatures" must be');
    expect(() => new RandomForestClassifier({ oobScore: true, bootstrap: false })).toThrow('"oobScore" must be false when bootstrap is false');
    expect(() => new RandomForestClassifier().predictRow([1])).toThrow('not fitted');
  });
});

describe('RandomForestClassifier: forest behaviour', () => {
  const train = syntheticClassification(2000, 8, 100);
  const test = syntheticClassification(2000, 8, 101);
  const options = { trees: 30, maxDepth: 8, minSamplesLeaf: 3, seed: 12, oobScore: true };

  it('the same seed gives the same bytes, another seed does not', () => {
    const a = JSON.stringify(new RandomForestClassifier(options).fit(train.x, train.y));
    const b = JSON.stringify(new RandomForestClassifier(options).fit(train.x, train.y));
    const c = JSON.stringify(new RandomForestClassifier({ ...options, seed: 13 }).fit(train.x, train.y));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('predictRow equals predictProbability, and held-out AUC beats chance on the benchmark problem', () => {
    const forest = new RandomForestClassifier(options).fit(train.x, train.y);
    const p = forest.predictProbability(test.x);
    for (let r = 0; r < 50; r++) expect(forest.predictRow(test.x.values.subarray(r * 8, r * 8 + 8))).toBe(p[r]);
    const testAuc = auc(p, test.y);
    expect(testAuc).toBeGreaterThan(0.65);
    // The out-of-bag AUC estimates the held-out AUC.
    const oob = forest.outOfBag;
    expect(oob).not.toBeNull();
    expect(oob?.rowsScored).toBe(2000);
    expect(Math.abs((oob?.auc ?? 0) - testAuc)).toBeLessThan(0.04);
    expect(oob?.score).toBeGreaterThan(0.55);
  });

  it('importances put x0 (the strongest signal) first, far above pure-noise features, and sum to 1', () => {
    const forest = new RandomForestClassifier(options).fit(train.x, train.y);
    const importance = forest.featureImportances() as Float64Array;
    expect(importance.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    const order = Array.from(importance.keys()).sort((a, b) => importance[b] - importance[a]);
    expect(order[0]).toBe(0);
    const noise = Math.max(...Array.from(importance.subarray(5)));
    expect(importance[0]).toBeGreaterThan(2 * noise);
  });

  it('fromJSON restores a forest that predicts identically; a broken child pointer is refused', () => {
    const forest = new RandomForestClassifier({ ...options, trees: 5 }).fit(train.x, train.y);
    const json = JSON.parse(JSON.stringify(forest));
    const restored = RandomForestClassifier.fromJSON(json);
    expect(Array.from(restored.predictProbability(test.x))).toEqual(Array.from(forest.predictProbability(test.x)));
    expect(Array.from(restored.featureImportances() as Float64Array)).toEqual(Array.from(forest.featureImportances() as Float64Array));
    const next = decodeTypedArray(json.next, Int32Array) as Int32Array;
    next[0] = 0; // the root's right child pointing back at the root would loop forever
    const broken = { ...json, next: Buffer.from(next.buffer).toString('base64') };
    expect(() => RandomForestClassifier.fromJSON(broken)).toThrow('node 0 has an invalid child 0');
  });
});
