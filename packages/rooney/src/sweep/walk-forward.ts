import { RooneyError } from '@rooney/core';
import type { Trade } from '@rooney/core';
import { computePerformance } from '@rooney/portfolio';
import { sessionOf } from '../backtest/market-data.ts';
import type { MarketData } from '../backtest/market-data.ts';
import { buildStrategies } from '../backtest/run-backtest-job.ts';
import { configHash } from '../config/load-config.ts';
import { checkDimensions, combinationParams } from './apply-params.ts';
import { combinationAt, gridSize, selectGridIndices } from './grid.ts';
import type { ParamValue } from './grid.ts';
import { bestRowIndex, sweepMetrics } from './sweep-metrics.ts';
import type { SweepMetricName, SweepMetrics } from './sweep-metrics.ts';
import type { SweepSelection } from './sweep-table.ts';
import { checkCombinations } from './sweep-task.ts';
import type { SweepSeries, SweepSetup, SweepTask, SweepTaskResult } from './sweep-task.ts';
import { sessionClosesOf, sessionWindow, splitWalkForward } from './walk-forward-windows.ts';
import type { WalkForwardOptions } from './walk-forward-windows.ts';
import { runSweepTasks } from './worker-pool.ts';

export const WALK_FORWARD_FORMAT = 'rooney-walk-forward/1';

export interface WalkForwardRequest {
  readonly setup: SweepSetup;
  readonly data: MarketData;
  readonly startTs?: number;
  readonly endTs?: number;
  readonly random?: number;
  readonly seed: number;
  /** Metric that picks the in-sample winner. */
  readonly metric: SweepMetricName;
  readonly options: WalkForwardOptions;
  readonly workers: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/** A time span of a window, epoch ms inclusive, and its number of sessions. */
export interface WindowSpan {
  readonly startTs: number;
  readonly endTs: number;
  readonly sessions: number;
}

/** One in-sample / out-of-sample pair and what was chosen in it. */
export interface WalkForwardWindowResult {
  readonly index: number;
  readonly inSample: WindowSpan;
  readonly outOfSample: WindowSpan;
  /** The in-sample winner: its position in the combination list and its parameters. */
  readonly chosen: { readonly index: number; readonly params: Readonly<Record<string, ParamValue>> };
  readonly inSampleMetrics: SweepMetrics;
  readonly outOfSampleMetrics: SweepMetrics;
}

/** In-sample versus out-of-sample, per session so windows of different lengths compare. */
export interface OverfitComparison {
  /** Mean over windows of the chosen combination's in-sample `metric`. */
  readonly inSampleMeanMetric: number | null;
  /** The stitched out-of-sample `metric`. */
  readonly outOfSampleMetric: number | null;
  /** Sum over windows of in-sample net PnL / sum of in-sample sessions. */
  readonly inSampleNetPnlPerSession: number;
  /** Stitched out-of-sample net PnL / out-of-sample sessions. */
  readonly outOfSampleNetPnlPerSession: number;
  /**
   * Walk-forward efficiency (Pardo): out-of-sample PnL per session / in-sample PnL per session.
   * Near 1: the in-sample edge carried over; near 0 or negative: it was fitted noise. Null when the
   * in-sample PnL per session is not positive.
   */
  readonly efficiency: number | null;
}

export interface WalkForwardResult {
  readonly format: typeof WALK_FORWARD_FORMAT;
  readonly dataset: string;
  readonly configHash: string;
  readonly startingCash: number;
  readonly grid: readonly { readonly name: string; readonly values: readonly ParamValue[] }[];
  readonly selection: SweepSelection;
  readonly metric: SweepMetricName;
  readonly options: WalkForwardOptions;
  readonly windows: readonly WalkForwardWindowResult[];
  /** Metrics of the out-of-sample segments stitched into one run. */
  readonly outOfSample: SweepMetrics;
  readonly comparison: OverfitComparison;
  /** Stitched out-of-sample equity at session closes, and every event. */
  readonly outOfSampleDaily: SweepSeries;
  readonly outOfSampleEquity: SweepSeries;
  readonly outOfSampleTrades: readonly Trade[];
  /** Every in-sample run: window, combination position and metrics. */
  readonly inSampleRuns: readonly {
    readonly window: number;
    readonly index: number;
    readonly params: Readonly<Record<string, ParamValue>>;
    readonly metrics: SweepMetrics;
  }[];
}

/** Appends the segments' values, each shifted so that it starts where the previous one ended. */
function stitch(segments: readonly SweepSeries[], finals: readonly number[], startingCash: number): SweepSeries {
  const total = segments.reduce((n, s) => n + s.ts.length, 0);
  const ts = new Float64Array(total);
  const value = new Float64Array(total);
  let offset = 0;
  let carried = 0;
  segments.forEach((segment, k) => {
    ts.set(segment.ts, offset);
    for (let i = 0; i < segment.value.length; i++) value[offset + i] = segment.value[i] + carried;
    offset += segment.ts.length;
    carried += finals[k] - startingCash;
  });
  return { ts, value };
}

function mean(values: readonly (number | null)[]): number | null {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return finite.length === 0 ? null : finite.reduce((a, b) => a + b, 0) / finite.length;
}

/**
 * Walk-forward analysis: time is split into K in-sample / out-of-sample windows
 * (`splitWalkForward`); in each in-sample window every combination is run and the best by
 * `metric` (ties: first in the list) is kept; that combination is then run on the following
 * out-of-sample window. The out-of-sample segments are stitched into one equity curve and scored,
 * next to the in-sample scores of the chosen combinations, so overfitting shows as a gap.
 *
 * Each window is a fresh backtest: positions start flat and indicators warm up inside the window
 * (bars before it are not replayed), so keep windows long compared with the strategies' look-backs.
 */
export async function runWalkForward(request: WalkForwardRequest): Promise<WalkForwardResult> {
  const { setup, data, metric } = request;
  const dimensions = setup.dimensions;
  checkDimensions(setup.config, dimensions);
  checkCombinations(setup, data);
  const session = sessionOf(setup.config);
  const gridIndices = selectGridIndices(dimensions, request.random, request.seed);
  const combinations = gridIndices.map((g) => combinationAt(dimensions, g));
  const traded = new Set(buildStrategies(setup.config, data, setup.symbols !== undefined ? { only: setup.symbols } : {}).flatMap((s) => s.subscriptions().map((x) => x.symbol)));
  const series = [...traded].flatMap((symbol) => {
    const bars = data.series.get(symbol);
    return bars === undefined ? [] : [bars];
  });
  const closes = sessionClosesOf(series, session, request.startTs, request.endTs);
  if (closes.length === 0) throw new RooneyError('no_data', 'walk-forward: no sessions with data in the chosen time range');
  const splits = splitWalkForward(closes.length, request.options);
  const windowOf = (range: { first: number; last: number }) => sessionWindow(closes, range, request.startTs);

  const inSampleTasks: SweepTask[] = [];
  splits.forEach((split, w) => {
    const { startTs, endTs } = windowOf(split.inSample);
    combinations.forEach((valueIndices, p) => {
      inSampleTasks.push({ id: w * combinations.length + p, valueIndices, ...(startTs !== undefined ? { startTs } : {}), endTs });
    });
  });
  const total = inSampleTasks.length + splits.length;
  const progress = request.onProgress;
  const inSample = await runSweepTasks(setup, inSampleTasks, {
    workers: request.workers,
    data,
    ...(progress !== undefined ? { onProgress: (done: number) => progress(done, total) } : {}),
  });
  const chosen = splits.map((_, w) => {
    const results = inSample.slice(w * combinations.length, (w + 1) * combinations.length);
    return bestRowIndex(results, metric);
  });
  const outOfSampleTasks: SweepTask[] = splits.map((split, w) => {
    const { startTs, endTs } = windowOf(split.outOfSample);
    return { id: w, valueIndices: combinations[chosen[w]], ...(startTs !== undefined ? { startTs } : {}), endTs, detail: true };
  });
  const outOfSample = await runSweepTasks(setup, outOfSampleTasks, {
    workers: request.workers,
    data,
    ...(progress !== undefined ? { onProgress: (done: number) => progress(inSampleTasks.length + done, total) } : {}),
  });

  const finals = outOfSample.map((r) => finalEquity(r, setup.config.starting_cash));
  const startingCash = setup.config.starting_cash;
  const daily = stitch(outOfSample.map((r) => r.daily), finals, startingCash);
  const equity = stitch(outOfSample.map((r) => r.detail?.equity as SweepSeries), finals, startingCash);
  const trades = outOfSample.flatMap((r) => r.detail?.trades ?? []);
  const stitched = sweepMetrics(computePerformance({ startingCash, equity, daily, trades, session }));

  const windows: WalkForwardWindowResult[] = splits.map((split, w) => {
    const inWindow = windowOf(split.inSample);
    const outWindow = windowOf(split.outOfSample);
    const inResult = inSample[w * combinations.length + chosen[w]];
    return {
      index: w,
      inSample: { startTs: inWindow.startTs ?? firstBarTs(series), endTs: inWindow.endTs, sessions: split.inSample.last - split.inSample.first + 1 },
      outOfSample: { startTs: outWindow.startTs ?? firstBarTs(series), endTs: outWindow.endTs, sessions: split.outOfSample.last - split.outOfSample.first + 1 },
      chosen: { index: chosen[w], params: combinationParams(dimensions, combinations[chosen[w]]) },
      inSampleMetrics: inResult.metrics,
      outOfSampleMetrics: outOfSample[w].metrics,
    };
  });
  const inSessions = windows.reduce((n, w) => n + w.inSample.sessions, 0);
  const outSessions = windows.reduce((n, w) => n + w.outOfSample.sessions, 0);
  const inPerSession = windows.reduce((sum, w) => sum + w.inSampleMetrics.net_pnl, 0) / inSessions;
  const outPerSession = stitched.net_pnl / outSessions;
  return {
    format: WALK_FORWARD_FORMAT,
    dataset: data.label,
    configHash: configHash(setup.config),
    startingCash,
    grid: dimensions.map((d) => ({ name: d.name, values: d.values })),
    selection: {
      mode: request.random === undefined ? 'grid' : 'random',
      seed: request.random === undefined ? null : request.seed,
      gridSize: gridSize(dimensions),
      combinations: gridIndices.length,
    },
    metric,
    options: request.options,
    windows,
    outOfSample: stitched,
    comparison: {
      inSampleMeanMetric: mean(windows.map((w) => w.inSampleMetrics[metric])),
      outOfSampleMetric: stitched[metric],
      inSampleNetPnlPerSession: inPerSession,
      outOfSampleNetPnlPerSession: outPerSession,
      efficiency: inPerSession > 0 ? outPerSession / inPerSession : null,
    },
    outOfSampleDaily: daily,
    outOfSampleEquity: equity,
    outOfSampleTrades: trades,
    inSampleRuns: inSampleTasks.map((task, k) => ({
      window: Math.floor(task.id / combinations.length),
      index: task.id % combinations.length,
      params: combinationParams(dimensions, task.valueIndices),
      metrics: inSample[k].metrics,
    })),
  };
}

function finalEquity(result: SweepTaskResult, startingCash: number): number {
  const values = result.detail?.equity.value ?? result.daily.value;
  return values.length > 0 ? values[values.length - 1] : startingCash;
}

function firstBarTs(series: readonly { readonly ts: Float64Array; readonly length: number }[]): number {
  let first = Number.POSITIVE_INFINITY;
  for (const s of series) if (s.length > 0 && s.ts[0] < first) first = s.ts[0];
  return first;
}
