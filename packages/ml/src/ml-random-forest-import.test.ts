import { RandomForestClassifier as MlRandomForest } from 'ml-random-forest';
import { describe, expect, it } from 'vitest';
import { RandomForestClassifier } from './forest.ts';
import type { Matrix } from './matrix.ts';
import { importMlRandomForestModel } from './ml-random-forest-import.ts';
import { syntheticClassification } from './synthetic-data.ts';

function rowsOf(x: Matrix): number[][] {
  return Array.from({ length: x.rows }, (_, r) => Array.from(x.values.subarray(r * x.columns, (r + 1) * x.columns)));
}

const train = syntheticClassification(300, 5, 40);
const test = syntheticClassification(400, 5, 41);
const trainRows = rowsOf(train.x);
const testRows = rowsOf(test.x);
const trainLabels = Array.from(train.y);
const reference = new MlRandomForest({ nEstimators: 10, seed: 3, maxFeatures: 1.0, noOOB: true, treeOptions: { maxDepth: 6 } });
reference.train(trainRows, trainLabels);

function accuracy(predicted: ArrayLike<number>, y: Uint8Array): number {
  let correct = 0;
  for (let i = 0; i < y.length; i++) correct += predicted[i] === y[i] ? 1 : 0;
  return correct / y.length;
}

describe('ml-random-forest cross-check', () => {
  it('same data, similar settings: held-out accuracy within 0.06 of ml-random-forest', () => {
    const ours = new RandomForestClassifier({ trees: 10, seed: 3, maxDepth: 6, minSamplesLeaf: 2, maxFeatures: 'all' }).fit(train.x, train.y);
    const theirs = accuracy(reference.predict(testRows) as number[], test.y);
    const mine = accuracy(ours.predictClass(test.x), test.y);
    expect(theirs).toBeGreaterThan(0.55);
    expect(Math.abs(mine - theirs)).toBeLessThan(0.06);
  });
});

describe('importMlRandomForestModel', () => {
  const json = JSON.parse(JSON.stringify(reference.toJSON()));

  it("'vote' leaves give ml-random-forest's vote shares (from predictionValues)", () => {
    const imported = importMlRandomForestModel(json, { leafValue: 'vote', featureCount: 5 });
    const votes = reference.predictionValues(testRows).to2DArray() as number[][];
    const p = imported.predictProbability(test.x);
    for (let r = 0; r < testRows.length; r++) {
      const share = votes[r].filter((v) => v === 1).length / votes[r].length;
      expect(p[r]).toBeCloseTo(share, 12);
    }
    // Majority class agrees wherever the vote is not tied (ml-array-mode breaks ties its own way).
    const ours = imported.predictClass(test.x);
    const theirs = reference.predict(testRows) as number[];
    let compared = 0;
    for (let r = 0; r < testRows.length; r++) {
      if (p[r] === 0.5) continue;
      compared++;
      expect(ours[r]).toBe(theirs[r]);
    }
    expect(compared).toBeGreaterThan(300);
  });

  it("'fraction' leaves give the mean of each tree's leaf distribution", () => {
    const imported = importMlRandomForestModel(JSON.stringify(json));
    const estimators = (reference as unknown as { estimators: { root: { classify(row: number[]): { get(r: number, c: number): number; columns: number } } }[] }).estimators;
    const indexes = (reference as unknown as { indexes: number[][] }).indexes;
    const p = imported.predictProbability(test.x);
    for (let r = 0; r < 40; r++) {
      let sum = 0;
      for (let t = 0; t < estimators.length; t++) {
        const distribution = estimators[t].root.classify(indexes[t].map((c) => testRows[r][c]));
        sum += distribution.columns > 1 ? distribution.get(0, 1) : 0;
      }
      expect(p[r]).toBeCloseTo(sum / estimators.length, 12);
    }
  });

  it('refuses other models', () => {
    expect(() => importMlRandomForestModel({ name: 'RFRegression' })).toThrow('not an ml-random-forest classifier model: "name" is "RFRegression"');
  });
});
