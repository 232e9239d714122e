import { RooneyError, sessionCloseTs, timeZoneOffsetMs, tradingDateOf } from '@rooney/core';
import type { SessionSpec, TradingDate } from '@rooney/core';
import { requireInteger } from './parameter-checks.ts';

/**
 * Trading date of bar close timestamps in O(1) amortised: `tradingDateOf` (which formats dates) runs
 * only when a timestamp passes the cached close of the current session. Timestamps must be finite
 * and non-decreasing.
 */
export class SessionClock {
  readonly session: SessionSpec;
  private closeTs = Number.NEGATIVE_INFINITY;
  private date: TradingDate = 0;
  private lastTs = Number.NEGATIVE_INFINITY;

  constructor(session: SessionSpec) {
    this.session = session;
  }

  /** Trading date (`YYYYMMDD`) of the session that contains the bar closing at `ts`. */
  tradingDate(ts: number): TradingDate {
    if (!(ts >= this.lastTs)) {
      if (!Number.isFinite(ts)) throw new RooneyError('invalid_timestamp', `bar timestamp must be finite, was ${ts}`);
      throw new RooneyError('time_backwards', `bar timestamp ${ts} is before the previous one, ${this.lastTs}`);
    }
    this.lastTs = ts;
    if (ts > this.closeTs) {
      this.date = tradingDateOf(ts, this.session);
      this.closeTs = sessionCloseTs(this.date, this.session);
    }
    return this.date;
  }

  reset(): void {
    this.closeTs = Number.NEGATIVE_INFINITY;
    this.date = 0;
    this.lastTs = Number.NEGATIVE_INFINITY;
  }
}

/** A validated session spec: start in minutes after local midnight, IANA time zone. */
export function sessionSpecOf(startMinutes: number, timeZone: string): SessionSpec {
  requireInteger('sessionStart', startMinutes, 0, 1439);
  try {
    timeZoneOffsetMs(0, timeZone);
  } catch {
    throw new RooneyError('invalid_parameter', `"timeZone" must be an IANA time zone such as "UTC", was "${timeZone}"`);
  }
  return Object.freeze({ startMinutes, timeZone });
}
