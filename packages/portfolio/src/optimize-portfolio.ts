import { RooneyError, requireParameter } from '@rooney/core';
import { ledoitWolfCovariance } from './covariance.ts';
import { maxSharpeWeights } from './max-sharpe.ts';
import { TRADING_DAYS_PER_YEAR, sharpeRatio } from './returns.ts';

/** Daily returns (or daily PnL) of several instruments or strategies on a common calendar. */
export interface ReturnsTable {
  readonly names: readonly string[];
  /** Day timestamps (epoch ms), increasing. */
  readonly ts: Float64Array;
  /** One column per name, each `ts.length` long. */
  readonly columns: readonly Float64Array[];
}

export type OptimizationMethod = 'greedy' | 'mean_variance';

/** Turning weights into whole contracts. */
export interface IntegerContractsOptions {
  /** Capital to allocate (account currency). */
  readonly capital: number;
  /** Margin per contract of each column (account currency, > 0). */
  readonly margins: readonly number[];
  /** Daily PnL of ONE contract of each column, on the table's calendar. Default: the table's columns (when they already are PnL per contract). */
  readonly pnlPerContract?: readonly Float64Array[];
}

export interface OptimizeOptions {
  readonly method: OptimizationMethod;
  /** Largest weight of one column. Default: `grossExposure` (no cap). */
  readonly maxWeight?: number;
  /** Sum of the weights. Default 1. */
  readonly grossExposure?: number;
  /** Largest in-sample drawdown of the (additive) portfolio curve; weights are scaled down to meet it. */
  readonly maxDrawdown?: number;
  /** Fraction of the LAST rows held out for out-of-sample checking, in [0, 1). Default 0.3. */
  readonly holdOutFraction?: number;
  /** Greedy: an instrument is added only when it raises the annualised Sharpe by more than this. Default 0. */
  readonly minImprovement?: number;
  readonly integerContracts?: IntegerContractsOptions;
}

/** Statistics of a weighted portfolio over a range of days (the curve is the running SUM of daily values). */
export interface PortfolioStatistics {
  readonly days: number;
  /** Annualised Sharpe: mean / sample std of the daily values × √252; `null` below 2 days or with zero dispersion. */
  readonly sharpe: number | null;
  /** Mean daily value × 252 (arithmetic annual return, or annual PnL). */
  readonly annualReturn: number;
  /** Sum of the daily values. */
  readonly totalReturn: number;
  /** Largest fall of the running sum from its peak (the curve starts at 0), >= 0. */
  readonly maxDrawdown: number;
}

/** Optimised and equal-weight statistics over one range. */
export interface StatisticsComparison {
  readonly optimized: PortfolioStatistics;
  readonly equalWeight: PortfolioStatistics;
}

/** One greedy step: the column added and the in-sample Sharpe after adding it. */
export interface GreedyStep {
  readonly added: string;
  readonly sharpe: number | null;
}

export interface ContractAllocation {
  /** Whole contracts per column. */
  readonly contracts: number[];
  readonly marginUsed: number;
  readonly inSample: PortfolioStatistics;
  readonly outOfSample: PortfolioStatistics | null;
}

export interface OptimizationResult {
  readonly method: OptimizationMethod;
  readonly names: readonly string[];
  /** Weight per column (same order as `names`). */
  readonly weights: number[];
  /** Rows `[0, inSampleDays)` were used to fit; the rest is the hold-out. */
  readonly inSampleDays: number;
  readonly outOfSampleDays: number;
  /** First hold-out day (epoch ms), or `null` without a hold-out. */
  readonly holdOutStartTs: number | null;
  readonly inSample: StatisticsComparison;
  readonly outOfSample: StatisticsComparison | null;
  /** Factor (<= 1) applied to meet `maxDrawdown`; 1 when it did not bind. */
  readonly drawdownScale: number;
  /** Greedy: the columns in the order they were added. */
  readonly steps: GreedyStep[];
  /** Mean-variance: Ledoit–Wolf shrinkage intensity of the covariance used. */
  readonly shrinkage: number | null;
  readonly integerContracts: ContractAllocation | null;
}

/**
 * Chooses portfolio weights on the first `1 − holdOutFraction` of the days and reports them in
 * sample and on the held-out last days, next to an equal-weight portfolio of every column.
 *
 * - `greedy` (forward selection): start empty; repeatedly add the column whose addition gives the
 *   equal-weight portfolio of the selected columns the highest in-sample Sharpe; stop when the best
 *   addition does not raise it by more than `minImprovement` (the first column is taken only if its
 *   Sharpe is positive). Weights: `grossExposure / k` per selected column, capped at `maxWeight`.
 * - `mean_variance`: the long-only maximum-Sharpe (tangency) portfolio with `0 <= w <= maxWeight`
 *   and `Σw = grossExposure`, from in-sample mean daily values and a Ledoit–Wolf shrinkage covariance
 *   (see `ledoitWolfCovariance`), solved by projected gradient ascent (see `maxSharpeWeights`).
 *
 * The portfolio's daily value is `Σ w_i · column_i` (a daily-rebalanced mix of returns, or a sum of
 * PnL), and its curve is the running sum (no compounding), so drawdowns scale linearly with the
 * weights: with `maxDrawdown`, weights are multiplied by `min(1, maxDrawdown / inSampleDrawdown)`.
 */
export function optimizePortfolio(returns: ReturnsTable, options: OptimizeOptions): OptimizationResult {
  const { names, ts, columns } = returns;
  const p = columns.length;
  const n = ts.length;
  if (p === 0) throw new RooneyError('invalid_parameter', 'the returns table has no columns');
  if (names.length !== p) {
    throw new RooneyError('invalid_parameter', `${names.length} names for ${p} columns`);
  }
  columns.forEach((column, k) => {
    if (column.length !== n) {
      throw new RooneyError('invalid_parameter', `column "${names[k]}" has ${column.length} values, "ts" has ${n}`);
    }
    for (let t = 0; t < n; t++) {
      if (!Number.isFinite(column[t])) {
        throw new RooneyError('invalid_parameter', `column "${names[k]}" has a non-finite value ${column[t]} at row ${t}`);
      }
    }
  });
  const method = options.method;
  requireParameter(method === 'greedy' || method === 'mean_variance', 'method', 'greedy or mean_variance', method);
  const gross = options.grossExposure ?? 1;
  requireParameter(gross > 0 && Number.isFinite(gross), 'grossExposure', '> 0', gross);
  const maxWeight = options.maxWeight ?? gross;
  requireParameter(maxWeight > 0 && maxWeight <= gross, 'maxWeight', `in (0, grossExposure = ${gross}]`, maxWeight);
  const holdOut = options.holdOutFraction ?? 0.3;
  requireParameter(holdOut >= 0 && holdOut < 1, 'holdOutFraction', 'in [0, 1)', holdOut);
  const inSampleDays = Math.floor(n * (1 - holdOut));
  if (inSampleDays < 2) {
    throw new RooneyError('invalid_parameter', `need at least 2 in-sample days, have ${inSampleDays} of ${n}`);
  }
  if (options.maxDrawdown !== undefined) requireParameter(options.maxDrawdown > 0, 'maxDrawdown', '> 0', options.maxDrawdown);

  let weights: Float64Array;
  let steps: GreedyStep[] = [];
  let shrinkage: number | null = null;
  if (method === 'greedy') {
    const greedy = greedySelection(columns, names, inSampleDays, options.minImprovement ?? 0);
    steps = greedy.steps;
    weights = new Float64Array(p);
    for (const k of greedy.selected) weights[k] = Math.min(maxWeight, gross / greedy.selected.length);
  } else {
    const mu = new Float64Array(p);
    for (let k = 0; k < p; k++) {
      let sum = 0;
      for (let t = 0; t < inSampleDays; t++) sum += columns[k][t];
      mu[k] = sum / inSampleDays;
    }
    const covariance = ledoitWolfCovariance(columns, 0, inSampleDays);
    shrinkage = covariance.shrinkage;
    weights = maxSharpeWeights(mu, covariance.matrix, maxWeight, gross).weights;
  }

  let drawdownScale = 1;
  if (options.maxDrawdown !== undefined) {
    const drawdown = portfolioStatistics(columns, weights, 0, inSampleDays).maxDrawdown;
    if (drawdown > options.maxDrawdown) {
      drawdownScale = options.maxDrawdown / drawdown;
      for (let k = 0; k < p; k++) weights[k] *= drawdownScale;
    }
  }

  const equal = new Float64Array(p).fill(gross / p);
  const compare = (start: number, end: number): StatisticsComparison => ({
    optimized: portfolioStatistics(columns, weights, start, end),
    equalWeight: portfolioStatistics(columns, equal, start, end),
  });
  return {
    method,
    names,
    weights: Array.from(weights),
    inSampleDays,
    outOfSampleDays: n - inSampleDays,
    holdOutStartTs: inSampleDays < n ? ts[inSampleDays] : null,
    inSample: compare(0, inSampleDays),
    outOfSample: inSampleDays < n ? compare(inSampleDays, n) : null,
    drawdownScale,
    steps,
    shrinkage,
    integerContracts:
      options.integerContracts === undefined
        ? null
        : allocateContracts(options.integerContracts, weights, columns, names, inSampleDays),
  };
}

/** Statistics of the portfolio `Σ w_k · columns[k]` over rows `[start, end)`. */
export function portfolioStatistics(
  columns: readonly Float64Array[],
  weights: ArrayLike<number>,
  start: number,
  end: number,
): PortfolioStatistics {
  const daily = combine(columns, weights, start, end);
  let total = 0;
  let peak = 0;
  let maxDrawdown = 0;
  for (let t = 0; t < daily.length; t++) {
    total += daily[t];
    if (total > peak) peak = total;
    else if (peak - total > maxDrawdown) maxDrawdown = peak - total;
  }
  return {
    days: daily.length,
    sharpe: sharpeRatio(daily, TRADING_DAYS_PER_YEAR),
    annualReturn: daily.length > 0 ? (total / daily.length) * TRADING_DAYS_PER_YEAR : 0,
    totalReturn: total,
    maxDrawdown,
  };
}

function combine(columns: readonly Float64Array[], weights: ArrayLike<number>, start: number, end: number): Float64Array {
  const out = new Float64Array(Math.max(0, end - start));
  for (let k = 0; k < columns.length; k++) {
    const w = weights[k];
    if (w === 0) continue;
    const column = columns[k];
    for (let t = start; t < end; t++) out[t - start] += w * column[t];
  }
  return out;
}

function greedySelection(
  columns: readonly Float64Array[],
  names: readonly string[],
  days: number,
  minImprovement: number,
): { selected: number[]; steps: GreedyStep[] } {
  const p = columns.length;
  const selected: number[] = [];
  const steps: GreedyStep[] = [];
  const sum = new Float64Array(days);
  const trial = new Float64Array(days);
  let current = Number.NEGATIVE_INFINITY;
  while (selected.length < p) {
    let best = -1;
    let bestSharpe = Number.NEGATIVE_INFINITY;
    const k = selected.length + 1;
    for (let c = 0; c < p; c++) {
      if (selected.includes(c)) continue;
      const column = columns[c];
      for (let t = 0; t < days; t++) trial[t] = (sum[t] + column[t]) / k;
      const sharpe = sharpeRatio(trial) ?? Number.NEGATIVE_INFINITY;
      if (sharpe > bestSharpe) {
        bestSharpe = sharpe;
        best = c;
      }
    }
    const threshold = selected.length === 0 ? 0 : current + minImprovement;
    if (best < 0 || !(bestSharpe > threshold)) break;
    selected.push(best);
    for (let t = 0; t < days; t++) sum[t] += columns[best][t];
    current = bestSharpe;
    steps.push({ added: names[best], sharpe: bestSharpe });
  }
  return { selected, steps };
}

/**
 * Whole contracts from weights: each column gets `floor(weight · capital / margin)` contracts; the
 * margin left over then buys single contracts, one at a time, for the column furthest below its
 * target (largest `target − contracts`) whose margin still fits.
 */
function allocateContracts(
  settings: IntegerContractsOptions,
  weights: Float64Array,
  columns: readonly Float64Array[],
  names: readonly string[],
  inSampleDays: number,
): ContractAllocation {
  const p = weights.length;
  const { capital, margins } = settings;
  requireParameter(capital > 0, 'integerContracts.capital', '> 0', capital);
  if (margins.length !== p) {
    throw new RooneyError('invalid_parameter', `"integerContracts.margins" has ${margins.length} values for ${p} columns`);
  }
  margins.forEach((margin, k) => requireParameter(margin > 0, `integerContracts.margins[${names[k]}]`, '> 0', margin));
  const pnl = settings.pnlPerContract ?? columns;
  if (pnl.length !== p || pnl.some((column) => column.length !== columns[0].length)) {
    throw new RooneyError('invalid_parameter', '"integerContracts.pnlPerContract" must have one column per name, as long as "ts"');
  }
  const target = Array.from(weights, (w, k) => (w * capital) / margins[k]);
  const contracts = target.map((t) => Math.floor(t + 1e-9));
  let used = contracts.reduce((sum, c, k) => sum + c * margins[k], 0);
  for (;;) {
    let best = -1;
    for (let k = 0; k < p; k++) {
      if (weights[k] <= 0 || used + margins[k] > capital) continue;
      if (best < 0 || target[k] - contracts[k] > target[best] - contracts[best]) best = k;
    }
    if (best < 0 || target[best] - contracts[best] <= 0) break;
    contracts[best]++;
    used += margins[best];
  }
  const n = columns[0].length;
  return {
    contracts,
    marginUsed: used,
    inSample: portfolioStatistics(pnl, contracts, 0, inSampleDays),
    outOfSample: inSampleDays < n ? portfolioStatistics(pnl, contracts, inSampleDays, n) : null,
  };
}
