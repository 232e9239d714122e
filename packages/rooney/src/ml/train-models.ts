import { RooneyError, isoUtc } from '@rooney/core';
import {
  RandomForestClassifier,
  bootstrapAuc,
  bootstrapVetoUplift,
  chooseThreshold,
  chronologicalOrder,
  chronologicalSplit,
  createBundle,
  dataSpan,
  hashTrainingData,
  selectRows,
  selectValues,
  splitProblems,
  trainInstrumentModel,
  walkForwardWindows,
} from '@rooney/ml';
import type {
  BootstrapInterval,
  InstrumentReport,
  InstrumentTable,
  ModelBundle,
  QualityOptions,
  RandomForestOptions,
  SplitProblem,
  ThresholdMethod,
  VetoUplift,
  WalkForwardWindow,
} from '@rooney/ml';
import type { MissingReport } from './signal-dataset.ts';

export interface TrainModelsOptions {
  readonly forest: RandomForestOptions;
  readonly thresholdMethod: ThresholdMethod;
  readonly minKeptTrades: number;
  /** Extra purge beyond the entry/exit overlap of trades. */
  readonly purgeMs: number;
  /** Instruments with fewer traded signals are skipped (reported). */
  readonly minRows: number;
  readonly permutationRepeats: number;
  /** Each part of the split must keep at least this many rows. */
  readonly minRowsPerPart: number;
  /** Test intervals and the quality gate (`--confidence`, `--bootstrap`). */
  readonly quality: QualityOptions;
}

export interface InstrumentTraining {
  readonly symbol: string;
  /** Rows the model could learn from (traded signals with every feature defined). */
  readonly rows: number;
  readonly bundle?: ModelBundle;
  readonly report?: InstrumentReport;
  readonly skipped?: string;
  /** Rows and features lost to undefined features. */
  readonly missing?: MissingReport;
}

type TablesWithMissing = ReadonlyMap<string, InstrumentTable & { readonly missing?: MissingReport }>;

function problemMessage(symbol: string, problem: SplitProblem, options: TrainModelsOptions): string {
  const fixes: string[] = [];
  if (problem.kind === 'too_few_rows') {
    const needs =
      problem.part === 'validation' && options.minKeptTrades >= options.minRowsPerPart
        ? ` (--min-kept ${options.minKeptTrades}: the threshold must keep that many validation trades)`
        : ` (every part needs ${options.minRowsPerPart} rows)`;
    if (problem.part === 'validation' && options.minKeptTrades >= options.minRowsPerPart) fixes.push('lower --min-kept');
    if (options.purgeMs > 0) fixes.push(`lower --purge-hours (${options.purgeMs / 3_600_000})`);
    fixes.push('give more data', `raise --min-rows (${options.minRows}) to skip instruments this small`);
    return `${symbol}: ${problem.message}${needs}; ${fixes.join(', or ')}`;
  }
  if (problem.part !== 'all') fixes.push(`give more data or raise --min-rows (${options.minRows}) to skip instruments this small`);
  else fixes.push('check the label: is every trade a loser (or a winner) after costs?');
  return `${symbol}: ${problem.message}; ${fixes.join(', ')}`;
}

/**
 * Checks every instrument that will be trained (at least `--min-rows` rows) before anything is
 * fitted or written: each part of its split must keep enough rows and hold both classes. Throws
 * one line naming the instrument, the part, its span and the flags that change it.
 */
export function checkTrainable(tables: TablesWithMissing, options: TrainModelsOptions): void {
  for (const [symbol, table] of tables) {
    if (table.y.length < options.minRows) continue;
    let split;
    try {
      split = chronologicalSplit(table, { purgeMs: options.purgeMs });
    } catch (error) {
      throw new RooneyError('too_few_rows', `${symbol}: ${(error as Error).message}; raise --min-rows (${options.minRows}) to skip it`);
    }
    const problems = splitProblems(table, split, { minRowsPerPart: options.minRowsPerPart, minKeptTrades: options.minKeptTrades });
    if (problems.length > 0) throw new RooneyError(problems[0].kind, problemMessage(symbol, problems[0], options));
  }
}

function skippedReason(rows: number, missing: MissingReport | undefined, minRows: number): string {
  const lost = missing !== undefined && missing.dropped > 0 ? ` (${missing.dropped} of ${missing.rows} dropped for undefined features)` : '';
  return `${rows} usable traded signals${lost}, fewer than --min-rows ${minRows}`;
}

/**
 * The 60/20/20 pipeline for every instrument with enough rows, in symbol order, after
 * {@link checkTrainable} has passed for all of them.
 */
export async function trainModels(tables: TablesWithMissing, options: TrainModelsOptions): Promise<InstrumentTraining[]> {
  checkTrainable(tables, options);
  const out: InstrumentTraining[] = [];
  for (const [symbol, table] of tables) {
    const rows = table.y.length;
    const missing = table.missing;
    if (rows < options.minRows) {
      out.push({ symbol, rows, skipped: skippedReason(rows, missing, options.minRows), ...(missing !== undefined ? { missing } : {}) });
      continue;
    }
    const { bundle, report } = await trainInstrumentModel(table, {
      forest: options.forest,
      purgeMs: options.purgeMs,
      thresholdMethod: options.thresholdMethod,
      minKeptTrades: options.minKeptTrades,
      permutationRepeats: options.permutationRepeats,
      minRowsPerPart: options.minRowsPerPart,
      quality: options.quality,
    });
    out.push({ symbol, rows, bundle, report, ...(missing !== undefined ? { missing } : {}) });
  }
  return out;
}

/** One walk-forward model: trained before `window.testStartTs`, used in [testStartTs, testEndTs). */
export interface WalkForwardStep {
  readonly window: WalkForwardWindow;
  readonly bundle?: ModelBundle;
  readonly skipped?: string;
  readonly trainRows: number;
  readonly testRows: number;
  /** Out-of-sample test rows kept by the model, and net PnL of kept vs all test rows. */
  readonly keptRows: number;
  readonly keptNetPnl: number;
  readonly allNetPnl: number;
  /** The window's test rows; their P(win) and the threshold when a model was trained (else every row is vetoed). */
  readonly rows: Int32Array;
  readonly scores?: Float64Array;
  readonly threshold?: number;
}

export interface WalkForwardOptions extends TrainModelsOptions {
  readonly trainMonths: number;
  readonly retrainEveryMonths: number;
  readonly mode: 'rolling' | 'expanding';
  /** Share of each training window (its latest rows) that chooses the threshold. */
  readonly thresholdFraction: number;
}

/**
 * Walk-forward retraining of one instrument: for each window, fit on the earlier part of its
 * training rows (those whose trade closed, plus the purge, before the window's test start), choose
 * the threshold on the later part, then score the test window's rows — all of them after every row
 * the model saw.
 */
export function trainWalkForward(table: InstrumentTable, options: WalkForwardOptions): WalkForwardStep[] {
  const n = table.y.length;
  if (n === 0) return [];
  const order = chronologicalOrder({ entryTs: table.entryTs, exitTs: table.exitTs ?? null });
  const first = table.entryTs[order[0]];
  const last = table.entryTs[order[n - 1]];
  const windows = walkForwardWindows({
    startTs: first,
    endTs: last + 1,
    trainMonths: options.trainMonths,
    retrainEveryMonths: options.retrainEveryMonths,
    mode: options.mode,
  });
  const exitTs = table.exitTs ?? table.entryTs;
  const netPnl = table.netPnl ?? new Float64Array(n);
  const steps: WalkForwardStep[] = [];
  for (const window of windows) {
    const train: number[] = [];
    const test: number[] = [];
    for (const r of order) {
      const entry = table.entryTs[r];
      if (entry >= window.trainStartTs && entry < window.trainEndTs && exitTs[r] + options.purgeMs < window.testStartTs) train.push(r);
      else if (entry >= window.testStartTs && entry < window.testEndTs) test.push(r);
    }
    const cut = Math.floor(train.length * (1 - options.thresholdFraction));
    // The fit rows are purged against the threshold rows as train is against validation.
    const thresholdStartTs = cut < train.length ? table.entryTs[train[cut]] : Number.POSITIVE_INFINITY;
    const fitRows = Int32Array.from(train.slice(0, cut).filter((r) => exitTs[r] + options.purgeMs < thresholdStartTs));
    const thresholdRows = Int32Array.from(train.slice(cut));
    const base = { window, trainRows: train.length, testRows: test.length, rows: Int32Array.from(test) };
    const classes = (rows: Int32Array): number => {
      let positives = 0;
      for (const r of rows) positives += table.y[r];
      return (positives > 0 ? 1 : 0) + (positives < rows.length ? 1 : 0);
    };
    let skipped: string | undefined;
    if (fitRows.length < options.minRows || thresholdRows.length < 2) skipped = `${train.length} training rows`;
    else if (classes(fitRows) < 2) skipped = 'the fit rows hold one class';
    else if (classes(thresholdRows) < 2 && options.thresholdMethod === 'youden') skipped = 'the threshold rows hold one class';
    if (skipped !== undefined) {
      const allNetPnl = test.reduce((s, r) => s + netPnl[r], 0);
      steps.push({ ...base, skipped, keptRows: 0, keptNetPnl: 0, allNetPnl });
      continue;
    }
    const model = new RandomForestClassifier(options.forest).fit(selectRows(table.x, fitRows), selectValues(table.y, fitRows));
    const thresholdScores = model.predictProbability(selectRows(table.x, thresholdRows));
    const choice = chooseThreshold({
      scores: thresholdScores,
      labels: selectValues(table.y, thresholdRows),
      netPnl: Float64Array.from(thresholdRows, (r) => netPnl[r]),
      method: options.thresholdMethod,
      minKeptTrades: Math.min(options.minKeptTrades, thresholdRows.length),
    });
    const testRows = Int32Array.from(test);
    const testScores = test.length > 0 ? model.predictProbability(selectRows(table.x, testRows)) : new Float64Array(0);
    let keptRows = 0;
    let keptNetPnl = 0;
    let allNetPnl = 0;
    test.forEach((r, i) => {
      allNetPnl += netPnl[r];
      if (testScores[i] >= choice.threshold) {
        keptRows++;
        keptNetPnl += netPnl[r];
      }
    });
    const fitY = selectValues(table.y, fitRows);
    let positives = 0;
    for (let i = 0; i < fitY.length; i++) positives += fitY[i];
    const bundle = createBundle({
      model,
      features: table.featureNames,
      threshold: choice.threshold,
      training: {
        instrument: table.instrument ?? null,
        label: table.labelName ?? null,
        dataSpan: dataSpan(table.entryTs, table.exitTs, fitRows),
        seenSpan: dataSpan(table.entryTs, table.exitTs, Int32Array.from(train)),
        spans: {
          train: dataSpan(table.entryTs, table.exitTs, fitRows),
          threshold: dataSpan(table.entryTs, table.exitTs, thresholdRows),
          test: dataSpan(table.entryTs, table.exitTs, testRows),
        },
        rows: { train: fitRows.length, threshold: thresholdRows.length, test: test.length, window: window.index },
        classBalance: { counts: [fitY.length - positives, positives], positiveFraction: fitY.length > 0 ? positives / fitY.length : null },
        metrics: { validFromTs: window.testStartTs, validToTs: window.testEndTs },
        seed: model.options.seed,
        dataHash: hashTrainingData(selectRows(table.x, fitRows), fitY, table.featureNames),
        thresholdMethod: choice.method,
      },
    });
    steps.push({ ...base, bundle, keptRows, keptNetPnl, allNetPnl, scores: testScores, threshold: choice.threshold });
  }
  return steps;
}

/** The stitched out-of-sample result of one instrument's walk-forward models. */
export interface WalkForwardSummary {
  /** Test rows of every window, and those a window's model scored. */
  readonly rows: number;
  readonly scoredRows: number;
  /** AUC of the scored rows with its bootstrap interval (null with a single class or no rows). */
  readonly auc: BootstrapInterval | null;
  /**
   * Kept vs all net PnL of every test row, with the interval of the difference (null without
   * rows); rows of a window without a model count as vetoed, as in a walk-forward backtest.
   */
  readonly uplift: VetoUplift | null;
}

/**
 * Every window's test rows together: the AUC of the stitched out-of-sample scores and the veto's
 * uplift, each with its bootstrap interval — the walk-forward counterpart of the test report.
 */
export function walkForwardSummary(table: InstrumentTable, steps: readonly WalkForwardStep[], quality: QualityOptions): WalkForwardSummary {
  const rows: number[] = [];
  const kept: number[] = [];
  const scoredRows: number[] = [];
  const scores: number[] = [];
  for (const step of steps) {
    step.rows.forEach((r, i) => {
      rows.push(r);
      const score = step.scores?.[i];
      const scored = score !== undefined && step.threshold !== undefined;
      kept.push(scored && score >= (step.threshold as number) ? 1 : 0);
      if (scored) {
        scoredRows.push(r);
        scores.push(score);
      }
    });
  }
  const y = Uint8Array.from(scoredRows, (r) => table.y[r]);
  let positives = 0;
  for (const v of y) positives += v;
  const options = { resamples: quality.resamples, confidence: quality.confidence, seed: quality.seed ?? 1 };
  const netPnl = table.netPnl;
  return {
    rows: rows.length,
    scoredRows: scoredRows.length,
    auc: positives > 0 && positives < scoredRows.length ? bootstrapAuc(scores, y, options) : null,
    uplift: rows.length > 0 && netPnl !== undefined && netPnl !== null ? bootstrapVetoUplift(rows.map((r) => netPnl[r]), kept, { ...options, seed: options.seed + 1 }) : null,
  };
}

/** `2023-01-02 → 2023-07-02` for a window's out-of-sample span. */
export function windowLabel(window: WalkForwardWindow): string {
  return `${isoUtc(window.testStartTs).slice(0, 10)} → ${isoUtc(window.testEndTs).slice(0, 10)}`;
}
