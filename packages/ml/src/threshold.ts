import { RooneyError, requireParameter } from '@rooney/core';

/**
 * How to pick the probability threshold (a trade is kept when p >= threshold):
 * - `'youden'`: maximise Youden's J = TPR − FPR over the ROC curve (needs labels);
 * - `'max-net-pnl'`: maximise the summed net PnL of the kept trades (needs `netPnl`);
 * - `'min-kept-trades'`: the highest threshold that still keeps `minKeptTrades` trades.
 */
export type ThresholdMethod = 'youden' | 'max-net-pnl' | 'min-kept-trades';

/** Inputs of {@link chooseThreshold}, all indexed by row (trade). */
export interface ThresholdInputs {
  /** Model probability of each row (higher = more likely a winner). */
  readonly scores: ArrayLike<number>;
  /** 0/1 outcome of each row; required by `'youden'`. */
  readonly labels?: ArrayLike<number>;
  /** Net PnL of each row; required by `'max-net-pnl'`, reported when given. */
  readonly netPnl?: ArrayLike<number>;
  /** Default `'youden'`. */
  readonly method?: ThresholdMethod;
  /**
   * Every method only considers thresholds keeping at least this many rows (default 1); for
   * `'min-kept-trades'` it is the target.
   */
  readonly minKeptTrades?: number;
}

/** The chosen threshold and what it does on the rows it was chosen on. */
export interface ThresholdChoice {
  readonly method: ThresholdMethod;
  readonly threshold: number;
  readonly keptCount: number;
  readonly totalCount: number;
  /** TPR − FPR at the threshold (NaN without labels or with one class only). */
  readonly youdenJ: number;
  readonly truePositiveRate: number;
  readonly falsePositiveRate: number;
  /** Net PnL of the kept rows and of all rows (null without `netPnl`). */
  readonly keptNetPnl: number | null;
  readonly allNetPnl: number | null;
}

/**
 * Chooses the threshold on validation rows. Candidates are the distinct scores (keeping every row
 * scoring at least the candidate); ties in the objective go to the higher threshold (fewer
 * trades kept).
 */
export function chooseThreshold(inputs: ThresholdInputs): ThresholdChoice {
  const { scores, labels, netPnl } = inputs;
  const method = inputs.method ?? 'youden';
  const minKept = inputs.minKeptTrades ?? 1;
  const n = scores.length;
  requireParameter(
    method === 'youden' || method === 'max-net-pnl' || method === 'min-kept-trades',
    'method',
    "'youden', 'max-net-pnl' or 'min-kept-trades'",
    method,
  );
  requireParameter(Number.isInteger(minKept) && minKept >= 1, 'minKeptTrades', 'an integer >= 1', minKept);
  if (n === 0) throw new RooneyError('invalid_data', 'cannot choose a threshold without rows');
  if (minKept > n) {
    throw new RooneyError('invalid_parameter', `"minKeptTrades" must be <= the ${n} rows, was ${minKept}`);
  }
  if (labels !== undefined && labels.length !== n) {
    throw new RooneyError('invalid_data', `there are ${n} scores but ${labels.length} labels`);
  }
  if (netPnl !== undefined && netPnl.length !== n) {
    throw new RooneyError('invalid_data', `there are ${n} scores but ${netPnl.length} net PnL values`);
  }
  if (method === 'youden' && labels === undefined) throw new RooneyError('invalid_parameter', "method 'youden' needs labels");
  if (method === 'max-net-pnl' && netPnl === undefined) {
    throw new RooneyError('invalid_parameter', "method 'max-net-pnl' needs netPnl");
  }
  for (let i = 0; i < n; i++) if (Number.isNaN(scores[i])) throw new RooneyError('invalid_data', `score ${i} is NaN`);

  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => scores[b] - scores[a] || a - b);
  let positives = 0;
  let allPnl = 0;
  for (let i = 0; i < n; i++) {
    if (labels !== undefined) positives += labels[i] === 1 ? 1 : 0;
    if (netPnl !== undefined) allPnl += netPnl[i];
  }
  const negatives = n - positives;

  let kept = 0;
  let truePositives = 0;
  let keptPnl = 0;
  let best: { threshold: number; kept: number; tp: number; pnl: number; objective: number } | null = null;
  for (let i = 0; i < n; i++) {
    const row = order[i];
    kept++;
    if (labels !== undefined && labels[row] === 1) truePositives++;
    if (netPnl !== undefined) keptPnl += netPnl[row];
    const endOfTie = i + 1 === n || scores[order[i + 1]] !== scores[row];
    if (!endOfTie || kept < minKept) continue;
    let objective: number;
    if (method === 'youden') objective = truePositives / positives - (kept - truePositives) / negatives;
    else if (method === 'max-net-pnl') objective = keptPnl;
    else objective = 0;
    if (best === null || objective > best.objective) {
      best = { threshold: scores[row], kept, tp: truePositives, pnl: keptPnl, objective };
    }
    if (method === 'min-kept-trades') break;
  }
  if (best === null) throw new RooneyError('invalid_data', 'no threshold keeps enough rows');
  const tpr = positives > 0 ? best.tp / positives : Number.NaN;
  const fpr = negatives > 0 ? (best.kept - best.tp) / negatives : Number.NaN;
  return {
    method,
    threshold: best.threshold,
    keptCount: best.kept,
    totalCount: n,
    youdenJ: labels === undefined ? Number.NaN : tpr - fpr,
    truePositiveRate: labels === undefined ? Number.NaN : tpr,
    falsePositiveRate: labels === undefined ? Number.NaN : fpr,
    keptNetPnl: netPnl === undefined ? null : best.pnl,
    allNetPnl: netPnl === undefined ? null : allPnl,
  };
}
