import { RooneyError, Rng, requireParameter } from '@rooney/core';

/** Options of the bootstrap confidence intervals. */
export interface BootstrapOptions {
  /** Number of resamples; default 2000. */
  readonly resamples?: number;
  /** Two-sided confidence level of the percentile interval, in (0, 1); default 0.95. */
  readonly confidence?: number;
  /** Seed of the resampling (a seeded `Rng`: the same seed gives the same interval). */
  readonly seed: number;
}

/** A point estimate with its percentile bootstrap interval. */
export interface BootstrapInterval {
  /** The statistic on the rows as they are. */
  readonly estimate: number;
  /** Percentile interval: the (1 − confidence)/2 and (1 + confidence)/2 quantiles of the resamples. */
  readonly lower: number;
  readonly upper: number;
  /** Standard deviation of the resampled statistic. */
  readonly standardError: number;
  readonly confidence: number;
  readonly resamples: number;
}

/** 2^-32: maps a uniform 32-bit draw to [0, 1). */
const UINT32_SCALE = 1 / 4294967296;

/**
 * A uniform index in [0, n) from one 32-bit draw (half the cost of `Rng.int`); the bias, at most
 * n / 2^32 per index, is below 3e-5 for 100,000 rows and irrelevant to a bootstrap.
 */
function drawIndex(rng: Rng, n: number): number {
  return Math.floor(rng.nextUint32() * UINT32_SCALE * n);
}

/** Type-7 quantile (linear between order statistics) of ascending-sorted values. */
function quantileSorted(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  if (lo >= sorted.length - 1) return sorted[sorted.length - 1];
  return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
}

function interval(estimate: number, draws: Float64Array, confidence: number): BootstrapInterval {
  let sum = 0;
  for (let i = 0; i < draws.length; i++) sum += draws[i];
  const mean = sum / draws.length;
  let squares = 0;
  for (let i = 0; i < draws.length; i++) squares += (draws[i] - mean) ** 2;
  draws.sort();
  const alpha = (1 - confidence) / 2;
  return {
    estimate,
    lower: quantileSorted(draws, alpha),
    upper: quantileSorted(draws, 1 - alpha),
    standardError: draws.length > 1 ? Math.sqrt(squares / (draws.length - 1)) : 0,
    confidence,
    resamples: draws.length,
  };
}

function settings(options: BootstrapOptions): { resamples: number; confidence: number } {
  const resamples = options.resamples ?? 2000;
  const confidence = options.confidence ?? 0.95;
  requireParameter(Number.isInteger(resamples) && resamples >= 2, 'resamples', 'an integer >= 2', resamples);
  requireParameter(confidence > 0 && confidence < 1, 'confidence', 'in (0, 1)', confidence);
  requireParameter(Number.isFinite(options.seed), 'seed', 'a finite number', options.seed);
  return { resamples, confidence };
}

/**
 * AUC with a stratified percentile bootstrap interval (the default of R's pROC `ci.auc`): each
 * resample draws the positives with replacement from the positives and the negatives from the
 * negatives, so every resample keeps both classes and the class balance of the data. Each
 * resample's AUC is the Mann-Whitney statistic (ties count one half) computed in O(n) from
 * counts over the score order found once (no sort per resample). Fails when a class is absent
 * (no AUC exists).
 */
export function bootstrapAuc(scores: ArrayLike<number>, labels: ArrayLike<number>, options: BootstrapOptions): BootstrapInterval {
  const { resamples, confidence } = settings(options);
  const n = scores.length;
  if (labels.length !== n) throw new RooneyError('invalid_data', `there are ${n} scores but ${labels.length} labels`);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(scores[i])) throw new RooneyError('invalid_data', `score ${i} is NaN`);
    if (labels[i] !== 0 && labels[i] !== 1) throw new RooneyError('invalid_data', `label ${i} must be 0 or 1, was ${labels[i]}`);
    order[i] = i;
  }
  order.sort((a, b) => scores[a] - scores[b] || a - b);
  // Tie group of each row, groups numbered by ascending score.
  const group = new Int32Array(n);
  let groups = 0;
  for (let k = 0; k < n; k++) {
    if (k > 0 && scores[order[k]] !== scores[order[k - 1]]) groups++;
    group[order[k]] = groups;
  }
  groups = n > 0 ? groups + 1 : 0;
  const groupsByLabel: number[][] = [[], []];
  for (let i = 0; i < n; i++) groupsByLabel[labels[i]].push(group[i]);
  const negativeGroups = Int32Array.from(groupsByLabel[0]);
  const positiveGroups = Int32Array.from(groupsByLabel[1]);
  const positives = positiveGroups.length;
  const negatives = negativeGroups.length;
  if (positives === 0 || negatives === 0) {
    throw new RooneyError('single_class', `an AUC needs both classes, the rows hold ${positives} positive and ${negatives} negative`);
  }
  const positiveCount = new Float64Array(groups);
  const negativeCount = new Float64Array(groups);
  const aucOfCounts = (): number => {
    let below = 0;
    let sum = 0;
    for (let g = 0; g < groups; g++) {
      sum += positiveCount[g] * (below + 0.5 * negativeCount[g]);
      below += negativeCount[g];
    }
    return sum / (positives * negatives);
  };
  for (const g of positiveGroups) positiveCount[g]++;
  for (const g of negativeGroups) negativeCount[g]++;
  const estimate = aucOfCounts();
  const root = new Rng(options.seed);
  const draws = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    const rng = root.fork(b);
    positiveCount.fill(0);
    negativeCount.fill(0);
    for (let i = 0; i < positives; i++) positiveCount[positiveGroups[drawIndex(rng, positives)]]++;
    for (let i = 0; i < negatives; i++) negativeCount[negativeGroups[drawIndex(rng, negatives)]]++;
    draws[b] = aucOfCounts();
  }
  return interval(estimate, draws, confidence);
}

/** Net PnL of the trades a veto keeps against all trades, with the bootstrap interval of the difference. */
export interface VetoUplift {
  readonly trades: number;
  readonly keptTrades: number;
  readonly keptNetPnl: number;
  readonly allNetPnl: number;
  /** Mean net PnL per trade, kept and all (NaN when nothing is kept). */
  readonly keptMeanNetPnl: number;
  readonly allMeanNetPnl: number;
  /** keptNetPnl − allNetPnl (= minus the net PnL of the vetoed trades), with its interval. */
  readonly uplift: BootstrapInterval;
}

/**
 * What the veto did to net PnL on some trades, with uncertainty: the trades are resampled with
 * replacement (each keeping its PnL and its kept/vetoed decision) and the uplift, kept minus all
 * net PnL, is recomputed on each resample. An interval containing 0 means these trades do not show
 * that the veto helps.
 */
export function bootstrapVetoUplift(netPnl: ArrayLike<number>, kept: ArrayLike<boolean | number>, options: BootstrapOptions): VetoUplift {
  const { resamples, confidence } = settings(options);
  const n = netPnl.length;
  if (kept.length !== n) throw new RooneyError('invalid_data', `there are ${n} net PnL values but ${kept.length} kept flags`);
  if (n === 0) throw new RooneyError('invalid_data', 'the uplift of a veto needs at least one trade');
  let all = 0;
  let keptPnl = 0;
  let keptTrades = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(netPnl[i])) throw new RooneyError('invalid_data', `net PnL ${i} is ${netPnl[i]}`);
    all += netPnl[i];
    if (kept[i]) {
      keptPnl += netPnl[i];
      keptTrades++;
    }
  }
  const vetoedFlag = Uint8Array.from({ length: n }, (_, i) => (kept[i] ? 0 : 1));
  const root = new Rng(options.seed);
  const draws = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    const rng = root.fork(b);
    let vetoed = 0;
    for (let i = 0; i < n; i++) {
      const r = drawIndex(rng, n);
      if (!vetoedFlag[r]) continue;
      vetoed += netPnl[r];
    }
    draws[b] = 0 - vetoed;
  }
  return {
    trades: n,
    keptTrades,
    keptNetPnl: keptPnl,
    allNetPnl: all,
    keptMeanNetPnl: keptTrades > 0 ? keptPnl / keptTrades : Number.NaN,
    allMeanNetPnl: all / n,
    uplift: interval(keptPnl - all, draws, confidence),
  };
}
