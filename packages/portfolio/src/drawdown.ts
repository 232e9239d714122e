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
