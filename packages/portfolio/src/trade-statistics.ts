import type { Trade } from '@rooney/core';

/**
 * Statistics of a list of round-trip trades. A trade is a win when `netPnl > 0` and a loss when
 * `netPnl < 0`; a trade with exactly 0 net PnL is neither (it still counts in `tradeCount`,
 * `winRate`'s denominator and `expectancy`).
 */
export interface TradeStatistics {
  readonly tradeCount: number;
  readonly winCount: number;
  readonly lossCount: number;
  /** `winCount / tradeCount`; `null` without trades. */
  readonly winRate: number | null;
  /** Mean net PnL of the winning trades (> 0); `null` without wins. */
  readonly averageWin: number | null;
  /** Mean net PnL of the losing trades, a NEGATIVE number; `null` without losses. */
  readonly averageLoss: number | null;
  /**
   * Sum of winning net PnL / |sum of losing net PnL|. `null` when there is no losing trade (the
   * ratio would be +Infinity, which JSON cannot hold); 0 when there are losses but no wins.
   */
  readonly profitFactor: number | null;
  /** Mean net PnL per trade (= winRate·averageWin + lossRate·averageLoss); `null` without trades. */
  readonly expectancy: number | null;
  readonly grossPnl: number;
  readonly commission: number;
  readonly netPnl: number;
  /**
   * Fraction of the span during which at least one of these trades was open: the union of the
   * `[entryTs, exitTs]` intervals (overlaps merged), clipped to the span, divided by the span.
   */
  readonly exposure: number;
}

/** The `[start, end]` interval (epoch ms) over which exposure is measured. */
export interface Span {
  readonly startTs: number;
  readonly endTs: number;
}

/** Computes `TradeStatistics` for `trades` over `span`. */
export function tradeStatistics(trades: readonly Trade[], span: Span): TradeStatistics {
  let winCount = 0;
  let lossCount = 0;
  let winSum = 0;
  let lossSum = 0;
  let grossPnl = 0;
  let commission = 0;
  let netPnl = 0;
  for (const trade of trades) {
    const pnl = trade.netPnl;
    if (pnl > 0) {
      winCount++;
      winSum += pnl;
    } else if (pnl < 0) {
      lossCount++;
      lossSum += pnl;
    }
    grossPnl += trade.grossPnl;
    commission += trade.commission;
    netPnl += pnl;
  }
  const tradeCount = trades.length;
  return {
    tradeCount,
    winCount,
    lossCount,
    winRate: tradeCount > 0 ? winCount / tradeCount : null,
    averageWin: winCount > 0 ? winSum / winCount : null,
    averageLoss: lossCount > 0 ? lossSum / lossCount : null,
    profitFactor: lossCount > 0 ? winSum / -lossSum : null,
    expectancy: tradeCount > 0 ? netPnl / tradeCount : null,
    grossPnl,
    commission,
    netPnl,
    exposure: exposureFraction(trades, span),
  };
}

/**
 * Fraction of `span` covered by the union of the trades' `[entryTs, exitTs]` intervals. Overlapping
 * or touching intervals are merged, so two positions open at once count once. 0 for an empty span.
 */
export function exposureFraction(trades: readonly Trade[], span: Span): number {
  const length = span.endTs - span.startTs;
  if (!(length > 0) || trades.length === 0) return 0;
  const n = trades.length;
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    starts[i] = Math.max(trades[i].entryTs, span.startTs);
    ends[i] = Math.min(trades[i].exitTs, span.endTs);
    order[i] = i;
  }
  order.sort((a, b) => starts[a] - starts[b]);
  let covered = 0;
  let runStart = Number.NaN;
  let runEnd = Number.NaN;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    if (!(ends[i] > starts[i])) continue;
    if (Number.isNaN(runStart)) {
      runStart = starts[i];
      runEnd = ends[i];
    } else if (starts[i] <= runEnd) {
      if (ends[i] > runEnd) runEnd = ends[i];
    } else {
      covered += runEnd - runStart;
      runStart = starts[i];
      runEnd = ends[i];
    }
  }
  if (!Number.isNaN(runStart)) covered += runEnd - runStart;
  return covered / length;
}
