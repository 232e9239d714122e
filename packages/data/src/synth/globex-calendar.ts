import { DAY_MS, MINUTE_MS, RooneyError, zonedTimeToUtc } from '@rooney/core';

/** The exchange time zone of CME Globex. */
export const GLOBEX_TIME_ZONE = 'America/Chicago';
/** Chicago minute of day at which a Globex session opens (17:00 CT, on the day before its date). */
export const GLOBEX_OPEN_MINUTE = 17 * 60;
/** Chicago minute of day at which a Globex session closes (16:00 CT), then the maintenance break. */
export const GLOBEX_CLOSE_MINUTE = 16 * 60;
/** Minutes in one session: 17:00 CT to 16:00 CT the next day. */
export const GLOBEX_SESSION_MINUTES = 24 * 60 - (GLOBEX_OPEN_MINUTE - GLOBEX_CLOSE_MINUTE);

/** Trading sessions in a span, one entry per weekday: its date and its open instant. */
export interface GlobexSchedule {
  /** Trading date (YYYYMMDD) of each session: the calendar day on which it closes, Monday to Friday. */
  readonly tradingDates: Int32Array;
  /** Open of each session (epoch ms UTC): 17:00 CT of the previous calendar day (Sunday for Monday). */
  readonly openTs: Float64Array;
}

/** Parses `YYYY-MM-DD` into its UTC midnight (epoch ms), rejecting impossible dates. */
export function parseIsoDate(text: string, field: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const ts = match === null ? Number.NaN : Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (match === null || new Date(ts).toISOString().slice(0, 10) !== text) {
    throw new RooneyError('invalid_parameter', `"${field}" must be a date YYYY-MM-DD, was "${text}"`, { field });
  }
  return ts;
}

/**
 * The Globex sessions whose trading dates fall in `[startTs, startTs + days)` (UTC midnights): every
 * weekday, each session running 17:00 CT on the previous day to 16:00 CT on its date, so nothing
 * trades in the daily 16:00–17:00 CT maintenance break or from Friday 16:00 to Sunday 17:00 CT.
 * Session boundaries are computed once per day in America/Chicago (daylight saving included);
 * exchange holidays are not modelled.
 */
export function globexSchedule(startTs: number, days: number): GlobexSchedule {
  const dates: number[] = [];
  const opens: number[] = [];
  for (let day = 0; day < days; day++) {
    const date = new Date(startTs + day * DAY_MS);
    const weekday = date.getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth() + 1;
    const dayOfMonth = date.getUTCDate();
    const openTs = zonedTimeToUtc(year, month, dayOfMonth - 1, GLOBEX_OPEN_MINUTE, GLOBEX_TIME_ZONE);
    const closeTs = zonedTimeToUtc(year, month, dayOfMonth, GLOBEX_CLOSE_MINUTE, GLOBEX_TIME_ZONE);
    // Daylight-saving changes happen at 02:00 on a Sunday, outside every session, so each session
    // is exactly 23 hours long; a time-zone database saying otherwise would break the minute grid.
    if (closeTs - openTs !== GLOBEX_SESSION_MINUTES * MINUTE_MS) {
      throw new RooneyError('internal', `Globex session of ${year}-${month}-${dayOfMonth} is not 23 hours long`);
    }
    dates.push(year * 10000 + month * 100 + dayOfMonth);
    opens.push(openTs);
  }
  return { tradingDates: Int32Array.from(dates), openTs: Float64Array.from(opens) };
}

