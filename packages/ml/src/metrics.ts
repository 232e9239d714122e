import { RooneyError } from '@rooney/core';

/** ROC curve points, from the strictest threshold (+Infinity, nothing positive) to the loosest. */
export interface RocCurve {
  /** False positive rate at each threshold. */
  readonly falsePositiveRate: Float64Array;
  /** True positive rate (recall) at each threshold. */
  readonly truePositiveRate: Float64Array;
  /** A row is called positive when its score >= threshold; the first threshold is +Infinity. */
  readonly thresholds: Float64Array;
}

function checkLengths(scores: ArrayLike<number>, labels: ArrayLike<number>): void {
  if (scores.length !== labels.length) {
    throw new RooneyError('invalid_data', `there are ${scores.length} scores but ${labels.length} labels`);
  }
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i])) throw new RooneyError('invalid_data', `score ${i} is NaN`);
    if (labels[i] !== 0 && labels[i] !== 1) throw new RooneyError('invalid_data', `label ${i} must be 0 or 1, was ${labels[i]}`);
  }
}

/** Row indices ordered by score, highest first (ties by index, for a stable order). */
function orderByScoreDescending(scores: ArrayLike<number>): Int32Array {
  const order = new Int32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => scores[b] - scores[a] || a - b);
}

/**
 * ROC curve of scores against 0/1 labels: one point per distinct score (scikit-learn's
 * `roc_curve(drop_intermediate=False)`), plus the starting point (0, 0) at threshold +Infinity.
 * Rates are NaN when a class is absent.
 */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): RocCurve {
  checkLengths(scores, labels);
  const order = orderByScoreDescending(scores);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i];
  const negatives = labels.length - positives;
  const fpr: number[] = [0];
  const tpr: number[] = [0];
  const thresholds: number[] = [Number.POSITIVE_INFINITY];
  let truePositives = 0;
  let falsePositives = 0;
  for (let i = 0; i < order.length; i++) {
    const row = order[i];
    if (labels[row] === 1) truePositives++;
    else falsePositives++;
    const last = i + 1 === order.length || scores[order[i + 1]] !== scores[row];
    if (!last) continue;
    fpr.push(falsePositives / negatives);
    tpr.push(truePositives / positives);
    thresholds.push(scores[row]);
  }
  return {
    falsePositiveRate: Float64Array.from(fpr),
    truePositiveRate: Float64Array.from(tpr),
    thresholds: Float64Array.from(thresholds),
  };
}

/**
 * Area under the ROC curve, computed as the Mann-Whitney statistic with mid-ranks for ties:
 * the probability that a random positive outscores a random negative (ties count one half).
 * NaN when either class is absent.
 */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkLengths(scores, labels);
  const n = scores.length;
  const order = orderByScoreDescending(scores);
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i];
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  // Ascending rank of position i in the descending order is n - i; ties share their mean rank.
  let positiveRankSum = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    let tiedPositives = 0;
    while (j < n && scores[order[j]] === scores[order[i]]) {
      tiedPositives += labels[order[j]];
      j++;
    }
    const meanRank = (n - i + (n - j + 1)) / 2;
    positiveRankSum += tiedPositives * meanRank;
    i = j;
  }
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Area under a curve by the trapezoid rule (x ascending or descending). */
export function trapezoidArea(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return Math.abs(area);
}

/**
 * Mean binary cross-entropy -[y ln p + (1 - y) ln(1 - p)], with p clipped to [eps, 1 - eps]
 * (scikit-learn 1.2's `log_loss`, eps = 1e-15).
 */
export function logLoss(probabilities: ArrayLike<number>, labels: ArrayLike<number>, eps = 1e-15): number {
  checkLengths(probabilities, labels);
  if (probabilities.length === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const p = Math.min(1 - eps, Math.max(eps, probabilities[i]));
    sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / probabilities.length;
}

/** Counts and rates of calling a row positive when its probability >= threshold. */
export interface BinaryClassification {
  readonly threshold: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly trueNegatives: number;
  readonly falseNegatives: number;
  /** (TP + TN) / rows. */
  readonly accuracy: number;
  /** TP / (TP + FP); NaN when nothing is called positive. */
  readonly precision: number;
  /** TP / (TP + FN); NaN without positives. */
  readonly recall: number;
  /** Rows called positive (TP + FP): the trades a veto keeps. */
  readonly predictedPositive: number;
}

/** Confusion counts, accuracy, precision and recall at `threshold` (positive when p >= threshold). */
export function classifyAtThreshold(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  threshold: number,
): BinaryClassification {
  checkLengths(probabilities, labels);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const positive = probabilities[i] >= threshold;
    if (labels[i] === 1) {
      if (positive) tp++;
      else fn++;
    } else if (positive) fp++;
    else tn++;
  }
  return {
    threshold,
    truePositives: tp,
    falsePositives: fp,
    trueNegatives: tn,
    falseNegatives: fn,
    accuracy: (tp + tn) / probabilities.length,
    precision: tp + fp > 0 ? tp / (tp + fp) : Number.NaN,
    recall: tp + fn > 0 ? tp / (tp + fn) : Number.NaN,
    predictedPositive: tp + fp,
  };
}

/** Share of rows whose call at `threshold` (positive when p >= threshold) matches the label. */
export function accuracy(probabilities: ArrayLike<number>, labels: ArrayLike<number>, threshold = 0.5): number {
  return classifyAtThreshold(probabilities, labels, threshold).accuracy;
}
