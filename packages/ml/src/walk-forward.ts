import { RooneyError, requireParameter } from '@rooney/core';
import { RandomForestClassifier } from './forest.ts';
import type { RandomForestOptions } from './forest-options.ts';
import { selectRows, selectValues } from './matrix.ts';
import type { Matrix } from './matrix.ts';
import { auc } from './metrics.ts';
import { chronologicalOrder } from './split.ts';

/** Options of {@link walkForwardWindows}. */
export interface WalkForwardWindowOptions {
  /** First instant of data (epoch ms); the first training window starts here. */
  readonly startTs: number;
  /** End of data (exclusive); the last test window is cut here. */
  readonly endTs: number;
  /** Length of the (first) training window in calendar months (UTC). */
  readonly trainMonths: number;
  /** Retrain every N months; each model scores the N months after its training window. */
  readonly retrainEveryMonths: number;
  /** `'rolling'` (default): a fixed-length training window; `'expanding'`: always from `startTs`. */
  readonly mode?: 'rolling' | 'expanding';
}

/** One retraining step: train on [trainStartTs, trainEndTs), score [testStartTs, testEndTs). */
export interface WalkForwardWindow {
  readonly index: number;
  readonly trainStartTs: number;
  readonly trainEndTs: number;
  readonly testStartTs: number;
  readonly testEndTs: number;
}

/** `ts` moved by `months` calendar months in UTC; the day is clamped to the month's length. */
export function addUtcMonths(ts: number, months: number): number {
  const date = new Date(ts);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(date.getUTCDate(), lastDay);
  return Date.UTC(
    year,
    month,
    day,
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
    date.getUTCMilliseconds(),
  );
}

/**
 * Walk-forward windows: test windows of `retrainEveryMonths` follow each other without gap or
 * overlap from `startTs + trainMonths` to `endTs`; each one's model trains on the `trainMonths`
 * before it (rolling) or on everything since `startTs` (expanding). Months count from `startTs`,
 * so a window edge is always `startTs` plus a whole number of months.
 */
export function walkForwardWindows(options: WalkForwardWindowOptions): WalkForwardWindow[] {
  const { startTs, endTs, trainMonths, retrainEveryMonths } = options;
  const mode = options.mode ?? 'rolling';
  requireParameter(Number.isFinite(startTs), 'startTs', 'a finite epoch ms', startTs);
  requireParameter(Number.isFinite(endTs) && endTs > startTs, 'endTs', `> startTs (${startTs})`, endTs);
  requireParameter(Number.isInteger(trainMonths) && trainMonths >= 1, 'trainMonths', 'an integer >= 1', trainMonths);
  requireParameter(
    Number.isInteger(retrainEveryMonths) && retrainEveryMonths >= 1,
    'retrainEveryMonths',
    'an integer >= 1',
    retrainEveryMonths,
  );
  requireParameter(mode === 'rolling' || mode === 'expanding', 'mode', "'rolling' or 'expanding'", mode);
  const windows: WalkForwardWindow[] = [];
  for (let k = 0; ; k++) {
    const testMonth = trainMonths + k * retrainEveryMonths;
    const testStartTs = addUtcMonths(startTs, testMonth);
    if (testStartTs >= endTs) break;
    windows.push({
      index: k,
      trainStartTs: mode === 'rolling' ? addUtcMonths(startTs, testMonth - trainMonths) : startTs,
      trainEndTs: testStartTs,
      testStartTs,
      testEndTs: Math.min(endTs, addUtcMonths(startTs, testMonth + retrainEveryMonths)),
    });
  }
  return windows;
}

/** The rows a walk-forward run learns from. */
export interface WalkForwardTable {
  readonly x: Matrix;
  readonly y: Uint8Array;
  readonly entryTs: ArrayLike<number>;
  readonly exitTs?: ArrayLike<number> | null;
}

/** Options of {@link walkForwardPredict}. */
export interface WalkForwardPredictOptions {
  readonly forest?: RandomForestOptions;
  /** A training row must have exit + purgeMs before the test window starts. Default 0. */
  readonly purgeMs?: number;
  /** Windows with fewer training rows (or a single class) are skipped. Default 50. */
  readonly minTrainRows?: number;
}

/** What happened in one window. */
export interface WalkForwardWindowResult {
  readonly window: WalkForwardWindow;
  readonly trainRows: number;
  /** Rows inside the training window dropped because their outcome reaches the test window. */
  readonly purgedRows: number;
  readonly testRows: number;
  /** Test AUC of this window's model (NaN when not computable). */
  readonly auc: number;
  /** Why the window was skipped, or null when it was trained. */
  readonly skipped: string | null;
}

/** Out-of-sample probabilities from walk-forward retraining. */
export interface WalkForwardPrediction {
  /** P(class 1) of each row from the one model whose test window holds it; NaN if none. */
  readonly probability: Float64Array;
  /** Index of the window that scored each row, -1 if none. */
  readonly window: Int32Array;
  readonly results: readonly WalkForwardWindowResult[];
}

/**
 * Trains one forest per window on the rows whose entry lies in the training window and whose
 * outcome (exit + purgeMs) is known before the test window starts, and scores only the rows
 * entering inside the test window: every probability is out of sample.
 */
export async function walkForwardPredict(
  table: WalkForwardTable,
  windows: readonly WalkForwardWindow[],
  options: WalkForwardPredictOptions = {},
): Promise<WalkForwardPrediction> {
  const n = table.y.length;
  if (table.x.rows !== n || table.entryTs.length !== n) {
    throw new RooneyError('invalid_data', `rows disagree: ${table.x.rows} feature rows, ${n} labels, ${table.entryTs.length} entry times`);
  }
  const purgeMs = options.purgeMs ?? 0;
  const minTrainRows = options.minTrainRows ?? 50;
  requireParameter(purgeMs >= 0, 'purgeMs', '>= 0', purgeMs);
  const order = chronologicalOrder(table);
  const entry = table.entryTs;
  const end = table.exitTs ?? table.entryTs;
  const probability = new Float64Array(n).fill(Number.NaN);
  const scoredBy = new Int32Array(n).fill(-1);
  const results: WalkForwardWindowResult[] = [];
  for (const window of windows) {
    const train: number[] = [];
    const test: number[] = [];
    let purged = 0;
    for (let i = 0; i < n; i++) {
      const row = order[i];
      const ts = entry[row];
      if (ts >= window.trainStartTs && ts < window.trainEndTs) {
        if (end[row] + purgeMs < window.testStartTs) train.push(row);
        else purged++;
      } else if (ts >= window.testStartTs && ts < window.testEndTs) {
        test.push(row);
      }
    }
    const trainY = selectValues(table.y, train);
    let positives = 0;
    for (let i = 0; i < trainY.length; i++) positives += trainY[i] === 1 ? 1 : 0;
    let skipped: string | null = null;
    if (train.length < minTrainRows) skipped = `${train.length} training rows < minTrainRows ${minTrainRows}`;
    else if (positives === 0 || positives === train.length) skipped = 'the training rows hold a single class';
    else if (test.length === 0) skipped = 'no rows in the test window';
    let windowAuc = Number.NaN;
    if (skipped === null) {
      const forest = new RandomForestClassifier(options.forest);
      await forest.fitAsync(selectRows(table.x, train), trainY);
      const testX = selectRows(table.x, test);
      const p = forest.predictProbability(testX);
      for (let i = 0; i < test.length; i++) {
        probability[test[i]] = p[i];
        scoredBy[test[i]] = window.index;
      }
      windowAuc = auc(p, selectValues(table.y, test));
    }
    results.push({ window, trainRows: train.length, purgedRows: purged, testRows: test.length, auc: windowAuc, skipped });
  }
  return { probability, window: scoredBy, results };
}
