import { RooneyError } from '@rooney/core';
import { csvField, formatNumber } from '../backtest/csv-format.ts';
import type { SweptOverride } from './apply-params.ts';
import type { ParamValue } from './grid.ts';
import { SWEEP_METRICS, bestRowIndex, parseMetricName } from './sweep-metrics.ts';
import type { StrategyMetrics, SweepMetricName, SweepMetrics } from './sweep-metrics.ts';

/** Format tag of `sweep.json`. */
export const SWEEP_FORMAT = 'rooney-sweep/1';

/** One combination's result. */
export interface SweepRow {
  /** Position in the run's combination list (the full grid in order, or the sorted random sample). */
  readonly index: number;
  /** Value of each dimension, by dimension name. */
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly metrics: SweepMetrics;
  /** Per-strategy results, by strategy instance name. */
  readonly strategies: Readonly<Record<string, StrategyMetrics>>;
}

/** How the combinations were chosen. */
export interface SweepSelection {
  readonly mode: 'grid' | 'random';
  /** `--seed` of a random sample, null for the full grid. */
  readonly seed: number | null;
  /** Combinations of the full grid. */
  readonly gridSize: number;
  /** Combinations of the run, over all shards. */
  readonly combinations: number;
}

/** Session-close equity of one combination (times epoch ms). */
export interface DailyCurve {
  readonly ts: readonly number[];
  readonly value: readonly number[];
}

/**
 * A sweep's results: what `sweep.json` holds and what `sweep.csv` and `report.html` are rendered
 * from. A shard's table has `shard` and only its rows; merging the shards gives the table of a
 * single run.
 */
export interface SweepTable {
  readonly format: typeof SWEEP_FORMAT;
  readonly dataset: string;
  readonly configHash: string;
  readonly startingCash: number;
  readonly strategies: readonly string[];
  readonly grid: readonly { readonly name: string; readonly values: readonly ParamValue[] }[];
  readonly selection: SweepSelection;
  /** Metric that ranks combinations (`--metric`). */
  readonly metric: SweepMetricName;
  /** Per-symbol overrides of a swept parameter: the sweep's value was applied over them. */
  readonly overridesReplaced?: readonly SweptOverride[];
  readonly shard?: { readonly index: number; readonly count: number };
  /** Rows in index order. */
  readonly rows: readonly SweepRow[];
  /** The best row by `metric` (ties: lowest index) and its equity curve; null without rows. */
  readonly best: { readonly index: number; readonly daily: DailyCurve } | null;
}

/** `sweep.json`: the table with keys in a fixed order, 2-space indented, newline-terminated. */
export function sweepJson(table: SweepTable): string {
  const document = {
    format: table.format,
    dataset: table.dataset,
    config_hash: table.configHash,
    starting_cash: table.startingCash,
    strategies: table.strategies,
    grid: table.grid,
    selection: {
      mode: table.selection.mode,
      seed: table.selection.seed,
      grid_size: table.selection.gridSize,
      combinations: table.selection.combinations,
    },
    metric: table.metric,
    ...(table.overridesReplaced !== undefined && table.overridesReplaced.length > 0 ? { overrides_replaced: table.overridesReplaced } : {}),
    ...(table.shard !== undefined ? { shard: table.shard } : {}),
    rows: table.rows.map((row) => ({ index: row.index, params: row.params, metrics: row.metrics, strategies: row.strategies })),
    best: table.best,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function expect(condition: boolean, file: string, what: string): void {
  if (!condition) throw new RooneyError('bad_sweep_file', `not a sweep result: ${what}`, { file });
}

/** Reads `sweep.json` back (the inverse of `sweepJson`). */
export function parseSweepJson(text: string, file = 'sweep.json'): SweepTable {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new RooneyError('bad_sweep_file', `invalid JSON: ${(error as Error).message}`, { file });
  }
  expect(raw !== null && typeof raw === 'object', file, 'not an object');
  expect(raw.format === SWEEP_FORMAT, file, `format must be "${SWEEP_FORMAT}", was ${JSON.stringify(raw.format)}`);
  const selection = raw.selection as Record<string, unknown>;
  expect(selection !== null && typeof selection === 'object', file, 'missing "selection"');
  expect(Array.isArray(raw.rows), file, 'missing "rows"');
  expect(Array.isArray(raw.grid), file, 'missing "grid"');
  const rows = (raw.rows as Record<string, unknown>[]).map((row) => ({
    index: row.index as number,
    params: row.params as Record<string, ParamValue>,
    metrics: row.metrics as SweepMetrics,
    strategies: row.strategies as Record<string, StrategyMetrics>,
  }));
  return {
    format: SWEEP_FORMAT,
    dataset: raw.dataset as string,
    configHash: raw.config_hash as string,
    startingCash: raw.starting_cash as number,
    strategies: raw.strategies as string[],
    grid: raw.grid as SweepTable['grid'],
    selection: {
      mode: selection.mode as 'grid' | 'random',
      seed: selection.seed as number | null,
      gridSize: selection.grid_size as number,
      combinations: selection.combinations as number,
    },
    metric: parseMetricName(raw.metric as string),
    ...(Array.isArray(raw.overrides_replaced) ? { overridesReplaced: raw.overrides_replaced as SweptOverride[] } : {}),
    ...(raw.shard !== undefined ? { shard: raw.shard as { index: number; count: number } } : {}),
    rows,
    best: raw.best as SweepTable['best'],
  };
}

/**
 * `sweep.csv`: one row per combination, in index order: `index`, one column per dimension, the
 * metrics, and with several strategies `<strategy>.net_pnl`, `.trades`, `.win_rate`. Numbers with 12
 * significant digits, empty cells for undefined metrics.
 */
export function sweepCsv(table: SweepTable): string {
  const dimensionNames = table.grid.map((d) => d.name);
  const perStrategy = table.strategies.length > 1 ? table.strategies : [];
  const header = [
    'index',
    ...dimensionNames,
    ...SWEEP_METRICS,
    ...perStrategy.flatMap((name) => [`${name}.net_pnl`, `${name}.trades`, `${name}.win_rate`]),
  ];
  const cell = (value: ParamValue | null | undefined): string => {
    if (value === null || value === undefined) return '';
    if (typeof value === 'number') return formatNumber(value);
    return csvField(String(value));
  };
  const lines = [header.map((name) => csvField(name)).join(',')];
  for (const row of table.rows) {
    const cells = [String(row.index), ...dimensionNames.map((name) => cell(row.params[name])), ...SWEEP_METRICS.map((m) => cell(row.metrics[m]))];
    for (const name of perStrategy) {
      const s = row.strategies[name];
      cells.push(cell(s?.net_pnl), cell(s?.trades), cell(s?.win_rate));
    }
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** The row with the best `metric` (ties: lowest index), or undefined. */
export function bestRow(table: Pick<SweepTable, 'rows' | 'metric'>): SweepRow | undefined {
  const k = bestRowIndex(table.rows, table.metric);
  return k < 0 ? undefined : table.rows[k];
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Combines shard tables into the table a single run gives: checks that they come from the same
 * sweep (config hash, dataset, grid, selection, metric) and that the shards 0..N-1 are each there
 * exactly once, then takes all rows in index order and the overall best.
 */
export function mergeSweepTables(tables: readonly SweepTable[], files: readonly string[]): SweepTable {
  if (tables.length === 0) throw new RooneyError('bad_option', 'sweep merge needs at least one directory');
  const first = tables[0];
  const count = first.shard?.count ?? 1;
  const seen = new Map<number, string>();
  tables.forEach((table, k) => {
    const file = files[k];
    const same =
      table.configHash === first.configHash &&
      table.dataset === first.dataset &&
      table.metric === first.metric &&
      table.startingCash === first.startingCash &&
      sameJson(table.strategies, first.strategies) &&
      sameJson(table.grid, first.grid) &&
      sameJson(table.selection, first.selection);
    if (!same) throw new RooneyError('sweep_mismatch', `comes from a different sweep than ${files[0]} (config, data, grid, selection or metric differ)`, { file });
    const shard = table.shard ?? { index: 0, count: 1 };
    if (shard.count !== count) throw new RooneyError('sweep_mismatch', `is shard ${shard.index}/${shard.count}, expected one of ${count}`, { file });
    const other = seen.get(shard.index);
    if (other !== undefined) throw new RooneyError('sweep_mismatch', `shard ${shard.index}/${count} also comes from ${other}`, { file });
    seen.set(shard.index, file);
  });
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0) throw new RooneyError('sweep_incomplete', `shards missing: ${missing.map((i) => `${i}/${count}`).join(', ')}`);
  const rows = tables.flatMap((t) => t.rows).sort((a, b) => a.index - b.index);
  rows.forEach((row, k) => {
    if (row.index !== k) throw new RooneyError('sweep_incomplete', `rows do not cover combinations 0..${first.selection.combinations - 1}: found ${row.index} where ${k} was expected`);
  });
  if (rows.length !== first.selection.combinations) {
    throw new RooneyError('sweep_incomplete', `${rows.length} rows for ${first.selection.combinations} combinations`);
  }
  const best = bestRow({ rows, metric: first.metric });
  const bestCurve = best === undefined ? null : tables.find((t) => t.best?.index === best.index)?.best ?? null;
  if (best !== undefined && bestCurve === null) {
    throw new RooneyError('sweep_mismatch', `no shard holds the equity curve of the best combination ${best.index}`);
  }
  const { shard: _shard, ...common } = first;
  return { ...common, rows, best: bestCurve };
}
