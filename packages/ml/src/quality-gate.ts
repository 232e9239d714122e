import { requireParameter } from '@rooney/core';
import type { BootstrapInterval } from './bootstrap.ts';

/**
 * Whether a model may be deployed as a veto, as written into its bundle (`training.quality`).
 *
 * The rule: the model is deployable when the lower bound of the two-sided `confidence` bootstrap
 * interval of its AUC on the untouched test part is above `minimumAuc` (0.5 = chance). At
 * confidence 0.95 this is a one-sided test at the 2.5% level of "the model ranks winners above
 * losers no better than a coin" — and the interval shown to the user is the evidence, so the
 * verdict and the report can never disagree.
 */
export interface QualityVerdict {
  readonly deployable: boolean;
  /** The rule in words, e.g. `lower bound of the 95% bootstrap interval of the test AUC > 0.5`. */
  readonly rule: string;
  /** Why, with the numbers. */
  readonly reason: string;
  readonly confidence: number;
  readonly minimumAuc: number;
  readonly testAuc: number | null;
  readonly testAucLower: number | null;
  readonly testAucUpper: number | null;
  readonly testRows: number;
}

/** Options of {@link judgeModel}. */
export interface QualityGateOptions {
  /** Two-sided confidence of the AUC interval; default 0.95. */
  readonly confidence?: number;
  /** The AUC the interval must clear; default 0.5 (chance). */
  readonly minimumAuc?: number;
}

const percentText = (confidence: number): string => `${Number((confidence * 100).toFixed(4))}%`;

/** The rule of {@link judgeModel} in words. */
export function qualityRule(confidence: number, minimumAuc: number): string {
  return `lower bound of the ${percentText(confidence)} bootstrap interval of the test AUC > ${minimumAuc}`;
}

/**
 * Judges a model by the bootstrap interval of its test AUC (`null` when the test part cannot give
 * an AUC, e.g. it holds one class: never deployable).
 */
export function judgeModel(testAuc: BootstrapInterval | null, testRows: number, options: QualityGateOptions = {}): QualityVerdict {
  const minimumAuc = options.minimumAuc ?? 0.5;
  const confidence = testAuc?.confidence ?? options.confidence ?? 0.95;
  requireParameter(minimumAuc >= 0 && minimumAuc < 1, 'minimumAuc', 'in [0, 1)', minimumAuc);
  const rule = qualityRule(confidence, minimumAuc);
  if (testAuc === null || !Number.isFinite(testAuc.estimate)) {
    return {
      deployable: false,
      rule,
      reason: `no test AUC (${testRows} test rows): the model cannot be shown to beat chance`,
      confidence,
      minimumAuc,
      testAuc: null,
      testAucLower: null,
      testAucUpper: null,
      testRows,
    };
  }
  const deployable = testAuc.lower > minimumAuc;
  const numbers = `test AUC ${testAuc.estimate.toFixed(3)}, ${percentText(confidence)} interval [${testAuc.lower.toFixed(3)}, ${testAuc.upper.toFixed(3)}] on ${testRows} test trades`;
  return {
    deployable,
    rule,
    reason: deployable
      ? `${numbers}: beats chance`
      : `${numbers}: the lower bound is not above ${minimumAuc}, so the model does not beat chance`,
    confidence,
    minimumAuc,
    testAuc: testAuc.estimate,
    testAucLower: testAuc.lower,
    testAucUpper: testAuc.upper,
    testRows,
  };
}
