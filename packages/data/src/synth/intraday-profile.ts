import { GLOBEX_OPEN_MINUTE, GLOBEX_SESSION_MINUTES } from './globex-calendar.ts';

/**
 * Relative volatility of the 1-minute bar starting at Chicago minute-of-day `minute`: a U-shape
 * over the US day (peak at the 08:30 CT open, a midday lull, a rise into the 15:00 CT equity close),
 * quiet Asian hours, a London step from 02:00 CT, spikes at 07:30 CT and 09:00 CT (US economic
 * releases) and a jump on the 17:00 CT reopen. Shaped after typical CME 1-minute activity; one
 * profile for all instruments, so daily correlations equal the minute correlations.
 */
export function relativeVolatility(minute: number): number {
  const at = (hour: number, minutes = 0): number => hour * 60 + minutes;
  let level: number;
  if (minute >= at(17) && minute < at(18)) level = 0.5;
  else if (minute >= at(18) && minute < at(21)) level = 0.46; // Asian open
  else if (minute >= at(21) || minute < at(1)) level = 0.38;
  else if (minute < at(2)) level = 0.44;
  else if (minute < at(3)) level = 0.78; // London open
  else if (minute < at(7)) level = 0.62;
  else if (minute < at(7, 30)) level = 0.8;
  else if (minute < at(8, 30)) level = 1.0;
  else if (minute < at(10)) level = 1.3; // US open
  else if (minute < at(11)) level = 1.05;
  else if (minute < at(12, 30)) level = 0.8; // lunch
  else if (minute < at(14)) level = 0.9;
  else if (minute < at(14, 45)) level = 1.0;
  else if (minute < at(15)) level = 1.35; // into the equity close
  else if (minute < at(15, 15)) level = 0.9;
  else level = 0.55; // 15:15–16:00 CT, before the maintenance break
  const since = (start: number): number => (minute >= start ? minute - start : Number.POSITIVE_INFINITY);
  level += 1.2 * Math.exp(-since(at(7, 30)) / 4); // 8:30 ET releases
  level += 1.4 * Math.exp(-since(at(8, 30)) / 20); // US cash open
  level += 0.5 * Math.exp(-since(at(9)) / 4); // 10:00 ET releases
  level += 1.5 * Math.exp(-since(at(17)) / 2); // reopen after the break
  return level;
}

/** Per-minute volatility and variance weights over one Globex session. */
export interface IntradayProfile {
  /** Volatility weight of session minute k (0 = the minute after 17:00 CT); sum of squares is 1. */
  readonly volatility: Float64Array;
  /** Variance (and volume) share of session minute k: `volatility[k]^2`, summing to 1. */
  readonly weight: Float64Array;
}

let cached: IntradayProfile | undefined;

/**
 * The session profile, normalised so a day's variance is the sum of its minutes' variances. Volume
 * follows the same shares (volume is roughly proportional to variance per minute).
 */
export function intradayProfile(): IntradayProfile {
  if (cached !== undefined) return cached;
  const volatility = new Float64Array(GLOBEX_SESSION_MINUTES);
  const weight = new Float64Array(GLOBEX_SESSION_MINUTES);
  let total = 0;
  for (let k = 0; k < GLOBEX_SESSION_MINUTES; k++) {
    const level = relativeVolatility((GLOBEX_OPEN_MINUTE + k) % 1440);
    weight[k] = level * level;
    total += weight[k];
  }
  for (let k = 0; k < GLOBEX_SESSION_MINUTES; k++) {
    weight[k] /= total;
    volatility[k] = Math.sqrt(weight[k]);
  }
  cached = { volatility, weight };
  return cached;
}
