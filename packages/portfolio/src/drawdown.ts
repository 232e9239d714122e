import { DAY_MS } from '@rooney/core';
import type { TimeSeries } from './returns.ts';

/** Drawdown at every point of an equity series. */
export interface DrawdownSeries {
  readonly ts: Float64Array;
  /** Running peak minus equity, in currency (>= 0). */
  readonly drawdown: Float64Array;
  /** `drawdown / runningPeak` (>= 0; 0 while the peak is not positive). */
  readonly fraction: Float64Array;
}

/** Summary of the drawdowns of an equity series. */
export interface DrawdownSummary {
  /** Largest peak-to-trough fall in currency (>= 0). */
  readonly maxDrawdown: number;
  /** Largest peak-to-trough fall as a fraction of the peak (>= 0). May come from a different episode than `maxDrawdown`. */
  readonly maxDrawdownFraction: number;
  /** Longest span from a peak to the first later point back at or above it (or to the series end when it never recovers), in calendar days. */
  readonly maxDrawdownDurationDays: number;
}

/**
 * Drawdown series of `equity`. The running peak starts at `startingValue` when given (the equity
 * before the first event, normally the starting cash), so a loss on the first event counts.
 */
export function drawdownSeries(equity: TimeSeries, startingValue?: number): DrawdownSeries {
  const n = equity.ts.length;
  const drawdown = new Float64Array(n);
  const fraction = new Float64Array(n);
  let peak = startingValue ?? Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const v = equity.value[i];
    if (v > peak) peak = v;
    const d = peak - v;
    drawdown[i] = d;
    fraction[i] = peak > 0 ? d / peak : 0;
  }
  return { ts: equity.ts, drawdown, fraction };
}

/**
 * Maximum drawdown (currency and fraction) and longest drawdown duration of `equity`, in one pass.
 * Duration: an episode starts at the timestamp of the peak (the first point when the peak is
 * `startingValue`) and ends at the first point whose equity is >= that peak; an episode still open at
 * the end runs to the last timestamp. Days are `ms / 86,400,000`, fractional.
 */
export function summarizeDrawdowns(equity: TimeSeries, startingValue?: number): DrawdownSummary {
  const n = equity.ts.length;
  if (n === 0) return { maxDrawdown: 0, maxDrawdownFraction: 0, maxDrawdownDurationDays: 0 };
  let peak = startingValue ?? equity.value[0];
  let peakTs = equity.ts[0];
  let underwater = false;
  let maxDrawdown = 0;
  let maxFraction = 0;
  let longestMs = 0;
  for (let i = 0; i < n; i++) {
    const v = equity.value[i];
    const t = equity.ts[i];
    if (v >= peak) {
      if (underwater && t - peakTs > longestMs) longestMs = t - peakTs;
      underwater = false;
      peak = v;
      peakTs = t;
      continue;
    }
    underwater = true;
    const d = peak - v;
    if (d > maxDrawdown) maxDrawdown = d;
    if (peak > 0 && d / peak > maxFraction) maxFraction = d / peak;
  }
  if (underwater) {
    const open = equity.ts[n - 1] - peakTs;
    if (open > longestMs) longestMs = open;
  }
  return { maxDrawdown, maxDrawdownFraction: maxFraction, maxDrawdownDurationDays: longestMs / DAY_MS };
}

/** One drawdown: from a peak, down to its trough, back to the peak (or still under water at the end). */
export interface DrawdownEpisode {
  /** Time of the peak the fall is measured from (the first point when the peak is the starting value). */
  readonly startTs: number;
  /** Time of the lowest point. */
  readonly troughTs: number;
  /** First time equity is back at or above the peak; `null` while it has not recovered. */
  readonly recoveryTs: number | null;
  readonly peak: number;
  readonly trough: number;
  /** `(peak − trough) / peak` (>= 0; 0 when the peak is not positive). */
  readonly depth: number;
  /** `peak − trough` in currency. */
  readonly depthAmount: number;
  /** Calendar days from the peak to the recovery (or to the last point when not recovered), fractional. */
  readonly lengthDays: number;
  /** Calendar days from the peak to the trough. */
  readonly declineDays: number;
}

/**
 * Every drawdown episode of `equity`, in time order (QuantStats' `drawdown_details`, on the
 * series given: pass the daily series for a daily table, the full series to match
 * `summarizeDrawdowns`). The running peak starts at `startingValue` when given; an episode starts
 * when equity first falls below the peak and ends at the first point back at or above it. The
 * deepest episode's `depth` is `summarizeDrawdowns(...).maxDrawdownFraction`. One pass.
 */
export function drawdownEpisodes(equity: TimeSeries, startingValue?: number): DrawdownEpisode[] {
  const n = equity.ts.length;
  const out: DrawdownEpisode[] = [];
  if (n === 0) return out;
  let peak = startingValue ?? equity.value[0];
  let peakTs = equity.ts[0];
  let underwater = false;
  let trough = 0;
  let troughTs = 0;
  const close = (recoveryTs: number | null, endTs: number): void => {
    out.push({
      startTs: peakTs,
      troughTs,
      recoveryTs,
      peak,
      trough,
      depth: peak > 0 ? (peak - trough) / peak : 0,
      depthAmount: peak - trough,
      lengthDays: (endTs - peakTs) / DAY_MS,
      declineDays: (troughTs - peakTs) / DAY_MS,
    });
  };
  for (let i = 0; i < n; i++) {
    const v = equity.value[i];
    const t = equity.ts[i];
    if (v >= peak) {
      if (underwater) close(t, t);
      underwater = false;
      peak = v;
      peakTs = t;
      continue;
    }
    if (!underwater || v < trough) {
      trough = v;
      troughTs = t;
    }
    underwater = true;
  }
  if (underwater) close(null, equity.ts[n - 1]);
  return out;
}

/** The `count` deepest episodes of {@link drawdownEpisodes}, deepest first (ties: the earlier first). */
export function worstDrawdowns(equity: TimeSeries, startingValue?: number, count = 5): DrawdownEpisode[] {
  return drawdownEpisodes(equity, startingValue)
    .map((episode, index) => ({ episode, index }))
    .sort((a, b) => b.episode.depth - a.episode.depth || b.episode.depthAmount - a.episode.depthAmount || a.index - b.index)
    .slice(0, Math.max(0, count))
    .map((entry) => entry.episode);
}
