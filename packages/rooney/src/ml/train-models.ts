import { isoUtc } from '@rooney/core';
import {
  RandomForestClassifier,
  chooseThreshold,
  chronologicalOrder,
  createBundle,
  dataSpan,
  hashTrainingData,
  selectRows,
  selectValues,
  trainInstrumentModel,
  walkForwardWindows,
} from '@rooney/ml';
import type {
  InstrumentReport,
  InstrumentTable,
  ModelBundle,
  RandomForestOptions,
  ThresholdMethod,
  WalkForwardWindow,
} from '@rooney/ml';

export interface TrainModelsOptions {
  readonly forest: RandomForestOptions;
  readonly thresholdMethod: ThresholdMethod;
  readonly minKeptTrades: number;
  /** Extra purge beyond the entry/exit overlap of trades. */
  readonly purgeMs: number;
  /** Instruments with fewer traded signals are skipped (reported). */
  readonly minRows: number;
  readonly permutationRepeats: number;
}

export interface InstrumentTraining {
  readonly symbol: string;
  readonly rows: number;
  readonly bundle?: ModelBundle;
  readonly report?: InstrumentReport;
  readonly skipped?: string;
}

/** The 60/20/20 pipeline for every instrument with enough rows, in symbol order. */
export async function trainModels(
  tables: ReadonlyMap<string, InstrumentTable>,
  options: TrainModelsOptions,
): Promise<InstrumentTraining[]> {
  const out: InstrumentTraining[] = [];
  for (const [symbol, table] of tables) {
    const rows = table.y.length;
    if (rows < options.minRows) {
      out.push({ symbol, rows, skipped: `${rows} traded signals, fewer than --min-rows ${options.minRows}` });
      continue;
    }
    const { bundle, report } = await trainInstrumentModel(table, {
      forest: options.forest,
      purgeMs: options.purgeMs,
      thresholdMethod: options.thresholdMethod,
      minKeptTrades: options.minKeptTrades,
      permutationRepeats: options.permutationRepeats,
    });
    out.push({ symbol, rows, bundle, report });
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
    const fitRows = Int32Array.from(train.slice(0, cut));
    const thresholdRows = Int32Array.from(train.slice(cut));
    const base = { window, trainRows: train.length, testRows: test.length };
    if (fitRows.length < options.minRows || thresholdRows.length < 2) {
      const allNetPnl = test.reduce((s, r) => s + netPnl[r], 0);
      steps.push({ ...base, skipped: `${train.length} training rows`, keptRows: 0, keptNetPnl: 0, allNetPnl });
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
        rows: { train: fitRows.length, threshold: thresholdRows.length, test: test.length, window: window.index },
        classBalance: { counts: [fitY.length - positives, positives], positiveFraction: fitY.length > 0 ? positives / fitY.length : null },
        metrics: { validFromTs: window.testStartTs, validToTs: window.testEndTs },
        seed: model.options.seed,
        dataHash: hashTrainingData(selectRows(table.x, fitRows), fitY, table.featureNames),
        thresholdMethod: choice.method,
      },
    });
    steps.push({ ...base, bundle, keptRows, keptNetPnl, allNetPnl });
  }
  return steps;
}

/** `2023-01-02 → 2023-07-02` for a window's out-of-sample span. */
export function windowLabel(window: WalkForwardWindow): string {
  return `${isoUtc(window.testStartTs).slice(0, 10)} → ${isoUtc(window.testEndTs).slice(0, 10)}`;
}
