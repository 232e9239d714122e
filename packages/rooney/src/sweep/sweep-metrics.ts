import { RooneyError } from '@rooney/core';
import type { PerformanceReport } from '@rooney/portfolio';

/** The metrics of one combination, in `sweep.csv` column order. `null` where undefined (no trades, no losses). */
export interface SweepMetrics {
  readonly net_pnl: number;
  readonly total_return: number;
  readonly sharpe: number | null;
  readonly sortino: number | null;
  /** Largest peak-to-trough fall of equity in currency (>= 0). */
  readonly max_drawdown: number;
  readonly max_drawdown_fraction: number;
  readonly trades: number;
  readonly win_rate: number | null;
  readonly profit_factor: number | null;
}

export type SweepMetricName = keyof SweepMetrics;

/** Column order of the metrics. */
export const SWEEP_METRICS: readonly SweepMetricName[] = Object.freeze([
  'net_pnl',
  'total_return',
  'sharpe',
  'sortino',
  'max_drawdown',
  'max_drawdown_fraction',
  'trades',
  'win_rate',
  'profit_factor',
]);

/** Metrics where a smaller value is better. */
const LOWER_IS_BETTER: ReadonlySet<SweepMetricName> = new Set<SweepMetricName>(['max_drawdown', 'max_drawdown_fraction']);

/** Per-strategy columns (a config may run several strategies at once). */
export interface StrategyMetrics {
  readonly net_pnl: number;
  readonly trades: number;
  readonly win_rate: number | null;
}

/** The sweep's metrics of a backtest's performance report. */
export function sweepMetrics(performance: PerformanceReport): SweepMetrics {
  return {
    net_pnl: performance.netPnl,
    total_return: performance.totalReturn,
    sharpe: performance.sharpe,
    sortino: performance.sortino,
    max_drawdown: performance.maxDrawdown,
    max_drawdown_fraction: performance.maxDrawdownFraction,
    trades: performance.tradeCount,
    win_rate: performance.winRate,
    profit_factor: performance.profitFactor,
  };
}

/** Per-strategy metrics, for every strategy the config runs (strategies without trades included). */
export function strategyMetrics(performance: PerformanceReport, strategies: readonly string[]): Record<string, StrategyMetrics> {
  const out: Record<string, StrategyMetrics> = {};
  for (const name of strategies) {
    const group = performance.byStrategy[name];
    out[name] = { net_pnl: group?.netPnl ?? 0, trades: group?.tradeCount ?? 0, win_rate: group?.winRate ?? null };
  }
  return out;
}

/** Parses `--metric`. */
export function parseMetricName(text: string): SweepMetricName {
  if (!(SWEEP_METRICS as readonly string[]).includes(text)) {
    throw new RooneyError('bad_option', `--metric must be one of ${SWEEP_METRICS.join(', ')}, was "${text}"`);
  }
  return text as SweepMetricName;
}

/**
 * A score where larger is better: the metric itself, negated for drawdowns; `-Infinity` for an
 * undefined value (a combination without trades never wins on Sharpe).
 */
export function metricScore(metrics: SweepMetrics, metric: SweepMetricName): number {
  const value = metrics[metric];
  if (value === null || !Number.isFinite(value)) return Number.NEGATIVE_INFINITY;
  return LOWER_IS_BETTER.has(metric) ? -value : value;
}

/** Whether smaller values of `metric` are better. */
export function lowerIsBetter(metric: SweepMetricName): boolean {
  return LOWER_IS_BETTER.has(metric);
}

/**
 * Index (into `rows`) of the best row by `metric`; ties go to the row listed first, so the choice
 * does not depend on how the work was split. -1 for no rows.
 */
export function bestRowIndex(rows: readonly { readonly metrics: SweepMetrics }[], metric: SweepMetricName): number {
  let best = -1;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < rows.length; k++) {
    const score = metricScore(rows[k].metrics, metric);
    if (best < 0 || score > bestScore) {
      best = k;
      bestScore = score;
    }
  }
  return best;
}
