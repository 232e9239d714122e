import { Rng } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { accuracy, auc, classifyAtThreshold, logLoss, rocCurve, trapezoidArea } from './metrics.ts';

describe('rocCurve', () => {
  it("matches scikit-learn's documented example (drop_intermediate=False)", () => {
    // sklearn.metrics.roc_curve docs: y = [1, 1, 2, 2] (pos_label=2), scores = [0.1, 0.4, 0.35, 0.8].
    const roc = rocCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);
    expect(Array.from(roc.falsePositiveRate)).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(Array.from(roc.truePositiveRate)).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(Array.from(roc.thresholds)).toEqual([Infinity, 0.8, 0.4, 0.35, 0.1]);
  });

  it('merges tied scores into one point', () => {
    const roc = rocCurve([0.7, 0.7, 0.2], [1, 0, 0]);
    expect(Array.from(roc.thresholds)).toEqual([Infinity, 0.7, 0.2]);
    expect(Array.from(roc.truePositiveRate)).toEqual([0, 1, 1]);
    expect(Array.from(roc.falsePositiveRate)).toEqual([0, 0.5, 1]);
  });
});

describe('auc', () => {
  it("is 0.75 on scikit-learn's roc_auc_score example", () => {
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
  });

  it('counts ties as one half and is NaN with a single class', () => {
    expect(auc([0.5, 0.5], [0, 1])).toBe(0.5);
    expect(auc([0.1, 0.9], [1, 1])).toBeNaN();
  });

  it('equals pair counting and the trapezoid area under rocCurve on random data with ties', () => {
    const rng = new Rng(5);
    const n = 300;
    const scores = new Float64Array(n);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      labels[i] = rng.next() < 0.4 ? 1 : 0;
      scores[i] = Math.round((rng.next() + labels[i] * 0.3) * 20) / 20; // coarse: many ties
    }
    let wins = 0;
    let pairs = 0;
    for (let i = 0; i < n; i++) {
      if (labels[i] !== 1) continue;
      for (let j = 0; j < n; j++) {
        if (labels[j] !== 0) continue;
        pairs++;
        wins += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
      }
    }
    const roc = rocCurve(scores, labels);
    expect(auc(scores, labels)).toBeCloseTo(wins / pairs, 12);
    expect(trapezoidArea(roc.falsePositiveRate, roc.truePositiveRate)).toBeCloseTo(wins / pairs, 12);
  });

  it('rejects NaN scores and non-binary labels', () => {
    expect(() => auc([Number.NaN, 1], [0, 1])).toThrow('score 0 is NaN');
    expect(() => auc([0, 1], [0, 2])).toThrow('label 1 must be 0 or 1, was 2');
  });
});

describe('logLoss', () => {
  it("matches scikit-learn's documented example (0.21616...)", () => {
    // log_loss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]])
    expect(logLoss([0.9, 0.1, 0.2, 0.65], [1, 0, 0, 1])).toBeCloseTo(0.21616187468057912, 14);
  });

  it('clips probabilities to [1e-15, 1 - 1e-15]', () => {
    // p = 1 is clipped to 1 - 1e-15 (a double), so the loss is -ln(1 - (1 - 1e-15)) ≈ 34.54.
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1 - (1 - 1e-15)), 12);
    expect(logLoss([1], [0])).toBeGreaterThan(34.5);
    expect(logLoss([0], [0])).toBeCloseTo(-Math.log(1 - 1e-15), 20);
  });
});

describe('classifyAtThreshold', () => {
  it('counts p >= threshold as positive', () => {
    const c = classifyAtThreshold([0.9, 0.6, 0.6, 0.3, 0.1], [1, 0, 1, 1, 0], 0.6);
    expect(c).toMatchObject({ truePositives: 2, falsePositives: 1, trueNegatives: 1, falseNegatives: 1, predictedPositive: 3 });
    expect(c.precision).toBeCloseTo(2 / 3, 15);
    expect(c.recall).toBeCloseTo(2 / 3, 15);
    expect(c.accuracy).toBeCloseTo(3 / 5, 15);
    expect(accuracy([0.9, 0.6, 0.6, 0.3, 0.1], [1, 0, 1, 1, 0], 0.5)).toBeCloseTo(3 / 5, 15);
  });

  it('gives NaN precision when nothing is called positive', () => {
    expect(classifyAtThreshold([0.1, 0.2], [1, 0], 0.5).precision).toBeNaN();
  });
});
