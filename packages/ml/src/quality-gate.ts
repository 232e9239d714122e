import { requireParameter } from '@rooney/core';
import type { BootstrapInterval } from './bootstrap.ts';

/**
 * Whether a model may be deployed as a veto, as written into its bundle (`training.quality`).
 *
 * The rule: the model is deployable when the lower bound of the two-sided `confidence` bootstrap
 * interval of its AUC on the untouched test part is above `minimumAuc` (0.5 = chance) — at
 * confidence 0.95 a one-sided test at the 2.5% level of "the model ranks winners above losers no
 * better than a coin" — and, when the trades' net PnL is known, the interval of what the veto
 * added on the test part (kept minus all net PnL) is not entirely below 0: a model that ranks
 * better than chance but whose threshold demonstrably costs money is not deployed either. The
 * intervals shown to the user are the evidence, so the verdict and the report cannot disagree.
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
  /** Bounds of the kept − all net PnL interval on the test part (null without net PnL). */
  readonly upliftLower: number | null;
  readonly upliftUpper: number | null;
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
  return `lower bound of the ${percentText(confidence)} bootstrap interval of the test AUC > ${minimumAuc}, and the veto's kept − all net PnL interval not entirely below 0`;
}

/**
 * Judges a model by the bootstrap interval of its test AUC (`null` when the test part cannot give
 * an AUC, e.g. it holds one class: never deployable) and, when given, the interval of the veto's
 * uplift (kept − all net PnL) on the same trades.
 */
export function judgeModel(
  testAuc: BootstrapInterval | null,
  testRows: number,
  options: QualityGateOptions = {},
  uplift: BootstrapInterval | null = null,
): QualityVerdict {
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
      upliftLower: uplift?.lower ?? null,
      upliftUpper: uplift?.upper ?? null,
    };
  }
  const beatsChance = testAuc.lower > minimumAuc;
  const costsMoney = uplift !== null && uplift.upper < 0;
  const numbers = `test AUC ${testAuc.estimate.toFixed(3)}, ${percentText(confidence)} interval [${testAuc.lower.toFixed(3)}, ${testAuc.upper.toFixed(3)}] on ${testRows} test trades`;
  const money = (v: number): string => v.toFixed(2);
  return {
    deployable: beatsChance && !costsMoney,
    rule,
    reason: !beatsChance
      ? `${numbers}: the lower bound is not above ${minimumAuc}, so the model does not beat chance`
      : costsMoney
        ? `${numbers} beats chance, but the veto costs money on the test part: kept − all net PnL ${money(uplift.estimate)}, interval [${money(uplift.lower)}, ${money(uplift.upper)}] entirely below 0`
        : `${numbers}: beats chance`,
    confidence,
    minimumAuc,
    testAuc: testAuc.estimate,
    testAucLower: testAuc.lower,
    testAucUpper: testAuc.upper,
    testRows,
    upliftLower: uplift?.lower ?? null,
    upliftUpper: uplift?.upper ?? null,
  };
}
