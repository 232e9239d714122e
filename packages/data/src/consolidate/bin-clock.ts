import { DAY_MS, RooneyError, requireParameter, sessionCloseTs, timeZoneOffsetMs, tradingDateOf } from '@rooney/core';
import type { SessionSpec, TradingDate } from '@rooney/core';

/**
 * Finds the consolidation bin that a bar stamped at `ts` (its close) belongs to: the bin holding the
 * instant `ts - 1`, so a bar closing exactly on a bin end is the last bar of that bin.
 *
 * - `targetMs === DAY_MS`: a bin is one trading session `[close of the previous session, close)`,
 *   from `tradingDateOf` / `sessionCloseTs`, so sessions follow local time through DST changes.
 * - `targetMs < DAY_MS`: bins of `targetMs` are laid from the session start; the last bin of a
 *   session is cut at the session end when the session length is not a multiple of `targetMs`
 *   (a 23 h or 25 h session on a DST change, or a 7-minute target).
 *
 * The session bounds are cached and the time-zone database is consulted only when a bar falls
 * outside the current session (one lookup per session, a few on DST changes; never per bar).
 */
export class BinClock {
  readonly targetMs: number;
  readonly session: SessionSpec;
  /** Start (inclusive) and end (exclusive) of the current session, epoch ms. */
  sessionStart = Number.NaN;
  sessionEnd = Number.NaN;
  /** Start (exclusive for bar stamps) and end (inclusive for bar stamps) of the current bin. */
  binStart = Number.NaN;
  binEnd = Number.NaN;
  private sessionDate: TradingDate = 0;
  private offsetAtEnd = 0;

  constructor(targetMs: number, session: SessionSpec) {
    requireParameter(Number.isInteger(targetMs) && targetMs > 0, 'targetMs', 'a positive integer', targetMs);
    requireParameter(targetMs <= DAY_MS, 'targetMs', `<= ${DAY_MS} (one session)`, targetMs);
    requireParameter(
      Number.isInteger(session.startMinutes) && session.startMinutes >= 0 && session.startMinutes < 1440,
      'session.startMinutes',
      'an integer in [0, 1440)',
      session.startMinutes,
    );
    try {
      offsetAt(0, session.timeZone);
    } catch {
      throw new RooneyError('invalid_parameter', `"session.timeZone" must be an IANA time zone, was ${session.timeZone}`);
    }
    this.targetMs = targetMs;
    this.session = session;
  }

  /** Moves to the bin of a bar closing at `ts`; returns the bin end (the output bar's stamp). */
  locate(ts: number): number {
    const instant = ts - 1;
    if (!(instant >= this.sessionStart && instant < this.sessionEnd)) this.locateSession(instant);
    if (this.targetMs === DAY_MS) {
      this.binStart = this.sessionStart;
      this.binEnd = this.sessionEnd;
    } else {
      const start = this.sessionStart + Math.floor((instant - this.sessionStart) / this.targetMs) * this.targetMs;
      this.binStart = start;
      this.binEnd = Math.min(start + this.targetMs, this.sessionEnd);
    }
    return this.binEnd;
  }

  /** Sets the session bounds to the session holding `instant`. */
  private locateSession(instant: number): void {
    const session = this.session;
    // Common case: a later session within a week (the next one, or after a weekend). If the zone's
    // offset at the candidate close equals the offset at the current close, no DST change lies in
    // between and the close is exactly k × 24 h later: one (memoised) time-zone lookup instead of five.
    if (this.sessionDate !== 0 && instant >= this.sessionEnd) {
      const days = Math.floor((instant - this.sessionEnd) / DAY_MS) + 1;
      if (days <= 7) {
        const end = this.sessionEnd + days * DAY_MS;
        if (offsetAt(end, session.timeZone) === this.offsetAtEnd) {
          this.set(shiftDate(this.sessionDate, days), end - DAY_MS, end);
          return;
        }
      }
    }
    let date = tradingDateOf(instant + 1, session);
    let end = sessionCloseTs(date, session);
    let start = sessionCloseTs(shiftDate(date, -1), session);
    // Guard against time-zone corner cases (a session start inside a DST gap): walk to the session
    // that really holds the instant.
    for (let step = 0; step < 4 && !(instant >= start && instant < end); step++) {
      date = shiftDate(date, instant >= end ? 1 : -1);
      end = sessionCloseTs(date, session);
      start = sessionCloseTs(shiftDate(date, -1), session);
    }
    if (!(instant >= start && instant < end)) {
      throw new RooneyError('session_not_found', `no session holds ${new Date(instant + 1).toISOString()}`);
    }
    this.set(date, start, end);
    this.offsetAtEnd = offsetAt(end, session.timeZone);
  }

  private set(date: TradingDate, start: number, end: number): void {
    this.sessionDate = date;
    this.sessionStart = start;
    this.sessionEnd = end;
  }
}

const offsetMemo = new Map<string, Map<number, number>>();
const OFFSET_MEMO_LIMIT = 100_000;

/**
 * `timeZoneOffsetMs` remembered per zone and instant. Only session closes are looked up (one per
 * day), and many series share them, so a symbol universe pays for each close once.
 */
function offsetAt(ts: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0;
  let memo = offsetMemo.get(timeZone);
  if (memo === undefined) {
    memo = new Map();
    offsetMemo.set(timeZone, memo);
  }
  let offset = memo.get(ts);
  if (offset === undefined) {
    if (memo.size >= OFFSET_MEMO_LIMIT) memo.clear();
    offset = timeZoneOffsetMs(ts, timeZone);
    memo.set(ts, offset);
  }
  return offset;
}

/** `YYYYMMDD` shifted by whole calendar days. */
export function shiftDate(date: TradingDate, days: number): TradingDate {
  const year = Math.floor(date / 10000);
  const month = Math.floor(date / 100) % 100;
  const day = date % 100;
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}
