import { RooneyError } from '@rooney/core';
import { bootstrapAuc, bootstrapVetoUplift } from './bootstrap.ts';
import type { BootstrapInterval, VetoUplift } from './bootstrap.ts';
import { createBundle, dataSpan, hashTrainingData } from './bundle.ts';
import type { DataSpan, ModelBundle } from './bundle.ts';
import { RandomForestClassifier } from './forest.ts';
import type { RandomForestOptions } from './forest-options.ts';
import { selectRows, selectValues } from './matrix.ts';
import type { Matrix } from './matrix.ts';
import { auc, classifyAtThreshold, logLoss } from './metrics.ts';
import { permutationImportance } from './permutation-importance.ts';
import { judgeModel } from './quality-gate.ts';
import type { QualityVerdict } from './quality-gate.ts';
import { chronologicalSplit } from './split.ts';
import type { ChronologicalSplit } from './split.ts';
import { chooseThreshold } from './threshold.ts';
import type { ThresholdChoice, ThresholdMethod } from './threshold.ts';

/** One instrument's trades: features, 0/1 outcome, times and (optionally) net PnL, by row. */
export interface InstrumentTable {
  readonly instrument?: string;
  readonly featureNames: readonly string[];
  readonly x: Matrix;
  /** 1 when the trade is worth taking (e.g. its net PnL > 0), else 0. */
  readonly y: Uint8Array;
  readonly entryTs: ArrayLike<number>;
  readonly exitTs?: ArrayLike<number> | null;
  readonly netPnl?: ArrayLike<number> | null;
  /** Name of the label column, recorded in the bundle. */
  readonly labelName?: string;
}

/** Options of {@link trainInstrumentModel}. */
export interface TrainInstrumentOptions {
  readonly forest?: RandomForestOptions;
  /** Chronological train/validation/test shares; default [0.6, 0.2, 0.2]. */
  readonly fractions?: readonly [number, number, number];
  /** Extra purge gap beyond the entry/exit overlap (see {@link chronologicalSplit}). Default 0. */
  readonly purgeMs?: number;
  /** How the validation rows choose the threshold; default `'youden'`. */
  readonly thresholdMethod?: ThresholdMethod;
  /** The threshold keeps at least this many validation trades; default 1. */
  readonly minKeptTrades?: number;
  /** Permutation importance repeats on the validation rows; 0 (default) skips it. */
  readonly permutationRepeats?: number;
  /** Each part must keep at least this many rows after the purge; default 10. */
  readonly minRowsPerPart?: number;
  /** The test report's bootstrap intervals and the quality gate (see {@link judgeModel}). */
  readonly quality?: QualityOptions;
}

/** Settings of the test intervals and the deployability verdict. */
export interface QualityOptions {
  /** Two-sided confidence of the intervals; default 0.95. */
  readonly confidence?: number;
  /** Bootstrap resamples; default 2000. */
  readonly resamples?: number;
  /** Seed of the resampling; default the forest's seed. */
  readonly seed?: number;
  /** AUC the interval's lower bound must beat; default 0.5. */
  readonly minimumAuc?: number;
}

/** Scores of the model on one part, at the chosen threshold (keep when p >= threshold). */
export interface PartReport {
  readonly rows: number;
  readonly positives: number;
  readonly auc: number;
  readonly logLoss: number;
  readonly accuracy: number;
  readonly precision: number;
  readonly recall: number;
  readonly keptCount: number;
  /** Net PnL of the kept trades and of all trades (null without net PnL). */
  readonly keptNetPnl: number | null;
  readonly allNetPnl: number | null;
}

/** Importance of one feature. */
export interface FeatureImportanceRow {
  readonly feature: string;
  /** Mean decrease in impurity, normalised to sum 1. */
  readonly impurity: number;
  /** Mean drop in validation AUC when the feature is shuffled (null when not computed). */
  readonly permutation: number | null;
}

/** Everything learned about the model of one instrument. */
export interface InstrumentReport {
  readonly instrument: string | null;
  readonly split: ChronologicalSplit;
  readonly threshold: ThresholdChoice;
  readonly validation: PartReport;
  readonly test: PartReport;
  readonly outOfBag: { readonly score: number; readonly auc: number | null } | null;
  /** Sorted by impurity importance, highest first. */
  readonly featureImportance: readonly FeatureImportanceRow[];
  /** P(class 1) of each test row, aligned with `split.test`. */
  readonly testProbability: Float64Array;
  /** Time covered by each part (first entry to last exit). */
  readonly spans: { readonly train: DataSpan | null; readonly validation: DataSpan | null; readonly test: DataSpan | null };
  /** Stratified bootstrap interval of the test AUC. */
  readonly testAuc: BootstrapInterval;
  /** Kept vs all net PnL on the test part with the interval of the difference (null without net PnL). */
  readonly testUplift: VetoUplift | null;
  /** The quality gate's verdict, also written into the bundle. */
  readonly quality: QualityVerdict;
}

/** Why a part of a split cannot be used. */
export interface SplitProblem {
  readonly part: 'all' | 'train' | 'validation' | 'test';
  readonly kind: 'too_few_rows' | 'single_class';
  readonly rows: number;
  readonly positives: number;
  /** The minimum that was not met (too_few_rows). */
  readonly needed: number;
  readonly span: DataSpan | null;
  /** One sentence, e.g. `the validation part holds 40 rows, all with label 0 (no winner): …`. */
  readonly message: string;
}

const PART_USE = {
  all: 'nothing can be learned',
  train: 'the forest cannot learn to tell them apart',
  validation: 'the threshold cannot be chosen',
  test: 'the model cannot be tested',
} as const;

/** Problems of a split (empty when every part is usable): too few rows, or a single class in a part. */
export function splitProblems(
  table: Pick<InstrumentTable, 'y' | 'entryTs' | 'exitTs'>,
  split: ChronologicalSplit,
  options: { readonly minRowsPerPart?: number; readonly minKeptTrades?: number } = {},
): SplitProblem[] {
  const minRows = options.minRowsPerPart ?? 10;
  const problems: SplitProblem[] = [];
  const describe = (part: SplitProblem['part'], rows: ArrayLike<number>, needed: number): void => {
    let positives = 0;
    for (let i = 0; i < rows.length; i++) positives += table.y[rows[i]] === 1 ? 1 : 0;
    const span = dataSpan(table.entryTs, table.exitTs, rows);
    const where = span === null ? '' : ` (${span.start.slice(0, 10)} → ${span.end.slice(0, 10)})`;
    const name = part === 'all' ? 'the table' : `the ${part} part`;
    if (rows.length < needed) {
      problems.push({ part, kind: 'too_few_rows', rows: rows.length, positives, needed, span, message: `${name} keeps ${rows.length} rows${where}, fewer than ${needed}` });
    } else if (positives === 0 || positives === rows.length) {
      const label = positives === 0 ? 0 : 1;
      problems.push({
        part,
        kind: 'single_class',
        rows: rows.length,
        positives,
        needed,
        span,
        message: `${name} holds ${rows.length} rows${where}, all with label ${label} (${label === 0 ? 'no winner' : 'no loser'}): ${PART_USE[part]}`,
      });
    }
  };
  const all = Int32Array.from({ length: table.y.length }, (_, i) => i);
  describe('all', all, 0);
  if (problems.length > 0) return problems;
  describe('train', split.train, Math.max(2, minRows));
  describe('validation', split.validation, Math.max(minRows, options.minKeptTrades ?? 1));
  describe('test', split.test, minRows);
  return problems;
}

function sumAt(values: ArrayLike<number> | null | undefined, rows: Int32Array, keep?: (i: number) => boolean): number | null {
  if (values === null || values === undefined) return null;
  let sum = 0;
  for (let i = 0; i < rows.length; i++) if (keep === undefined || keep(i)) sum += values[rows[i]];
  return sum;
}

function partReport(p: Float64Array, y: Uint8Array, rows: Int32Array, netPnl: ArrayLike<number> | null | undefined, threshold: number): PartReport {
  const classification = classifyAtThreshold(p, y, threshold);
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i];
  return {
    rows: rows.length,
    positives,
    auc: auc(p, y),
    logLoss: logLoss(p, y),
    accuracy: classification.accuracy,
    precision: classification.precision,
    recall: classification.recall,
    keptCount: classification.predictedPositive,
    keptNetPnl: sumAt(netPnl, rows, (i) => p[i] >= threshold),
    allNetPnl: sumAt(netPnl, rows),
  };
}

function finiteOrNull(value: number | null | undefined): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : value;
}

/**
 * The per-instrument pipeline: chronological 60/20/20 split with purge, fit on train, threshold
 * chosen on validation, scores reported on test (AUC, log loss, precision, recall, kept trades and
 * their net PnL against all trades). Returns the bundle to deploy and the report.
 */
export async function trainInstrumentModel(
  table: InstrumentTable,
  options: TrainInstrumentOptions = {},
): Promise<{ bundle: ModelBundle; report: InstrumentReport }> {
  const { x, y, featureNames } = table;
  const n = y.length;
  if (x.rows !== n || table.entryTs.length !== n) {
    throw new RooneyError('invalid_data', `rows disagree: ${x.rows} feature rows, ${n} labels, ${table.entryTs.length} entry times`);
  }
  if (featureNames.length !== x.columns) {
    throw new RooneyError('invalid_data', `${featureNames.length} feature names for ${x.columns} feature columns`);
  }
  if (table.netPnl !== undefined && table.netPnl !== null && table.netPnl.length !== n) {
    throw new RooneyError('invalid_data', `${table.netPnl.length} net PnL values for ${n} rows`);
  }
  for (let i = 0; i < n; i++) {
    if (y[i] > 1) throw new RooneyError('invalid_data', `labels must be 0 or 1, row ${i} is ${y[i]}`);
  }
  const split = chronologicalSplit(table, { fractions: options.fractions, purgeMs: options.purgeMs });
  const problems = splitProblems(table, split, { minRowsPerPart: options.minRowsPerPart, minKeptTrades: options.minKeptTrades });
  if (problems.length > 0) {
    const [first] = problems;
    throw new RooneyError(first.kind, `${table.instrument === undefined ? '' : `${table.instrument}: `}${first.message}`);
  }
  const trainX = selectRows(x, split.train);
  const trainY = selectValues(y, split.train);
  const forest = new RandomForestClassifier(options.forest);
  await forest.fitAsync(trainX, trainY);

  const validationX = selectRows(x, split.validation);
  const validationY = selectValues(y, split.validation);
  const validationP = forest.predictProbability(validationX);
  const threshold = chooseThreshold({
    scores: validationP,
    labels: validationY,
    netPnl: table.netPnl === undefined || table.netPnl === null ? undefined : selectValues(Float64Array.from(table.netPnl), split.validation),
    method: options.thresholdMethod,
    minKeptTrades: options.minKeptTrades,
  });
  const testX = selectRows(x, split.test);
  const testY = selectValues(y, split.test);
  const testP = forest.predictProbability(testX);
  const validation = partReport(validationP, validationY, split.validation, table.netPnl, threshold.threshold);
  const test = partReport(testP, testY, split.test, table.netPnl, threshold.threshold);

  const impurity = forest.featureImportances() as Float64Array;
  const repeats = options.permutationRepeats ?? 0;
  const permutation =
    repeats > 0 ? permutationImportance(forest, validationX, validationY, { repeats, seed: forest.options.seed }).mean : null;
  const featureImportance = featureNames
    .map((feature, f) => ({ feature, impurity: impurity[f], permutation: permutation === null ? null : permutation[f] }))
    .sort((a, b) => b.impurity - a.impurity || a.feature.localeCompare(b.feature));

  const qualityOptions = options.quality ?? {};
  const bootstrap = {
    resamples: qualityOptions.resamples,
    confidence: qualityOptions.confidence,
    seed: qualityOptions.seed ?? forest.options.seed,
  };
  const testAuc = bootstrapAuc(testP, testY, bootstrap);
  const testUplift =
    table.netPnl === undefined || table.netPnl === null
      ? null
      : bootstrapVetoUplift(
          selectValues(Float64Array.from(table.netPnl), split.test),
          Uint8Array.from(testP, (p) => (p >= threshold.threshold ? 1 : 0)),
          { ...bootstrap, seed: bootstrap.seed + 1 },
        );
  const quality = judgeModel(testAuc, split.test.length, { minimumAuc: qualityOptions.minimumAuc }, testUplift?.uplift ?? null);
  const spans = {
    train: dataSpan(table.entryTs, table.exitTs, split.train),
    validation: dataSpan(table.entryTs, table.exitTs, split.validation),
    test: dataSpan(table.entryTs, table.exitTs, split.test),
  };
  const seenRows = Int32Array.from([...split.train, ...split.validation]);

  const oob = forest.outOfBag;
  let trainPositives = 0;
  for (let i = 0; i < trainY.length; i++) trainPositives += trainY[i];
  const bundle = createBundle({
    model: forest,
    features: featureNames,
    threshold: threshold.threshold,
    training: {
      instrument: table.instrument ?? null,
      label: table.labelName ?? null,
      dataSpan: dataSpan(table.entryTs, table.exitTs, split.train),
      rows: {
        total: n,
        train: split.train.length,
        validation: split.validation.length,
        test: split.test.length,
        purgedTrain: split.purged.train,
        purgedValidation: split.purged.validation,
      },
      classBalance: {
        counts: [trainY.length - trainPositives, trainPositives],
        positiveFraction: trainPositives / trainY.length,
      },
      metrics: {
        validationAuc: finiteOrNull(validation.auc),
        validationLogLoss: finiteOrNull(validation.logLoss),
        testAuc: finiteOrNull(test.auc),
        testLogLoss: finiteOrNull(test.logLoss),
        testAccuracy: finiteOrNull(test.accuracy),
        testPrecision: finiteOrNull(test.precision),
        testRecall: finiteOrNull(test.recall),
        testKeptTrades: test.keptCount,
        testTrades: test.rows,
        testKeptNetPnl: finiteOrNull(test.keptNetPnl),
        testAllNetPnl: finiteOrNull(test.allNetPnl),
        testAucLower: finiteOrNull(testAuc.lower),
        testAucUpper: finiteOrNull(testAuc.upper),
        testUplift: finiteOrNull(testUplift?.uplift.estimate),
        testUpliftLower: finiteOrNull(testUplift?.uplift.lower),
        testUpliftUpper: finiteOrNull(testUplift?.uplift.upper),
        oobScore: finiteOrNull(oob?.score),
        oobAuc: finiteOrNull(oob?.auc),
      },
      seed: forest.options.seed,
      dataHash: hashTrainingData(trainX, trainY, featureNames),
      thresholdMethod: threshold.method,
      seenSpan: dataSpan(table.entryTs, table.exitTs, seenRows),
      spans,
      quality,
    },
  });
  return {
    bundle,
    report: {
      instrument: table.instrument ?? null,
      split,
      threshold,
      validation,
      test,
      outOfBag: oob === null ? null : { score: oob.score, auc: oob.auc },
      featureImportance,
      testProbability: testP,
      spans,
      testAuc,
      testUplift,
      quality,
    },
  };
}
