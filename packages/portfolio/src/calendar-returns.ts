import { DEFAULT_SESSION, requireParameter, tradingDateOf } from '@rooney/core';
import type { SessionSpec } from '@rooney/core';

/** One calendar year's compounded return. */
export interface YearlyReturn {
  readonly year: number;
  /** `Π(1 + r) − 1` over the year's sessions with a finite return; NaN when it has none. */
  readonly return: number;
  /** Sessions that had a finite return. */
  readonly sessions: number;
}

/**
 * Compounds per-session returns into calendar-year returns (QuantStats' EOY returns). Each
 * session belongs to the year of its trading date (`tradingDateOf(ts, session)`); non-finite
 * returns (a benchmark without a price) are skipped. For a strategy's daily returns this is the
 * year-end equity over the previous year-end's (the first year from the starting cash).
 */
export function yearlyReturns(ts: ArrayLike<number>, returns: ArrayLike<number>, session: SessionSpec = DEFAULT_SESSION): YearlyReturn[] {
  requireParameter(returns.length === ts.length, 'returns', `as long as ts (${ts.length})`, returns.length);
  const out: YearlyReturn[] = [];
  let year = Number.NaN;
  let growth = 1;
  let sessions = 0;
  const flush = (): void => {
    if (!Number.isNaN(year)) out.push({ year, return: sessions > 0 ? growth - 1 : Number.NaN, sessions });
  };
  for (let i = 0; i < ts.length; i++) {
    const y = Math.floor(tradingDateOf(ts[i], session) / 10_000);
    if (y !== year) {
      flush();
      year = y;
      growth = 1;
      sessions = 0;
    }
    if (Number.isFinite(returns[i])) {
      growth *= 1 + returns[i];
      sessions++;
    }
  }
  flush();
  return out;
}
