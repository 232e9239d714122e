import type { MarketData } from '../backtest/market-data.ts';
import { writeOutputs } from '../backtest/outputs.ts';
import { configHash } from '../config/load-config.ts';
import { checkDimensions, combinationParams, sweptOverrides } from './apply-params.ts';
import { combinationAt, gridSize, selectGridIndices } from './grid.ts';
import { shardPositions } from './shard.ts';
import type { Shard } from './shard.ts';
import type { SweepMetricName } from './sweep-metrics.ts';
import { sweepReportHtml } from './sweep-report.ts';
import { bestRow, parseSweepJson, sweepCsv, sweepJson, SWEEP_FORMAT } from './sweep-table.ts';
import type { SweepRow, SweepTable } from './sweep-table.ts';
import { checkCombinations } from './sweep-task.ts';
import type { SweepSetup, SweepTask } from './sweep-task.ts';
import { runSweepTasks } from './worker-pool.ts';

export interface SweepRequest {
  readonly setup: SweepSetup;
  /** The data, loaded once in this thread (it also fills the cache the workers read). */
  readonly data: MarketData;
  /** Inclusive window of every run (`--start`, `--end`). */
  readonly startTs?: number;
  readonly endTs?: number;
  /** Sample this many combinations (`--random N`) instead of the full grid. */
  readonly random?: number;
  /** Seed of the sample (`--seed`). */
  readonly seed: number;
  readonly metric: SweepMetricName;
  readonly shard?: Shard;
  readonly workers: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Runs a parameter sweep: the combinations of the grid (or a seeded random sample of them), in a
 * fixed order, each a full `runBacktestJob`, spread over worker threads. With a shard only every
 * N-th combination is run. The table does not depend on the number of workers.
 */
export async function runSweep(request: SweepRequest): Promise<SweepTable> {
  const { setup, data } = request;
  const dimensions = setup.dimensions;
  checkDimensions(setup.config, dimensions);
  checkCombinations(setup, data);
  const gridIndices = selectGridIndices(dimensions, request.random, request.seed);
  const positions = request.shard === undefined ? gridIndices.map((_, k) => k) : shardPositions(gridIndices.length, request.shard);
  const tasks: SweepTask[] = positions.map((position) => ({
    id: position,
    valueIndices: combinationAt(dimensions, gridIndices[position]),
    ...(request.startTs !== undefined ? { startTs: request.startTs } : {}),
    ...(request.endTs !== undefined ? { endTs: request.endTs } : {}),
  }));
  const results = await runSweepTasks(setup, tasks, {
    workers: request.workers,
    data,
    ...(request.onProgress !== undefined ? { onProgress: request.onProgress } : {}),
  });
  const rows: SweepRow[] = results.map((result, k) => ({
    index: positions[k],
    params: combinationParams(dimensions, tasks[k].valueIndices),
    metrics: result.metrics,
    strategies: result.strategies,
  }));
  const best = bestRow({ rows, metric: request.metric });
  const bestResult = best === undefined ? undefined : results[rows.indexOf(best)];
  return {
    format: SWEEP_FORMAT,
    dataset: data.label,
    configHash: configHash(setup.config),
    startingCash: setup.config.starting_cash,
    strategies: setup.config.strategies.map((s) => s.name),
    grid: dimensions.map((d) => ({ name: d.name, values: d.values })),
    selection: {
      mode: request.random === undefined ? 'grid' : 'random',
      seed: request.random === undefined ? null : request.seed,
      gridSize: gridSize(dimensions),
      combinations: gridIndices.length,
    },
    metric: request.metric,
    overridesReplaced: sweptOverrides(setup.config, dimensions),
    ...(request.shard !== undefined ? { shard: request.shard } : {}),
    rows,
    best:
      best === undefined || bestResult === undefined
        ? null
        : { index: best.index, daily: { ts: Array.from(bestResult.daily.ts), value: Array.from(bestResult.daily.value) } },
  };
}

/** The files of a sweep (`sweep.json`, `sweep.csv`, `report.html`), all rendered from the JSON text. */
export function sweepFiles(table: SweepTable): Record<string, string> {
  const json = sweepJson(table);
  // Render the CSV and the report from the JSON as written, so a merge of shards (which only has
  // the JSON) produces the same bytes as a single run.
  const written = parseSweepJson(json);
  return { 'sweep.json': json, 'sweep.csv': sweepCsv(written), 'report.html': sweepReportHtml(written) };
}

/** Writes the sweep files into `dir`; returns their paths. */
export function writeSweepOutputs(dir: string, table: SweepTable): string[] {
  return writeOutputs(dir, sweepFiles(table));
}
