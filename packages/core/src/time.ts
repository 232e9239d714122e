/** Milliseconds in common spans. Timestamps in Rooney are integer epoch milliseconds UTC. */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Bar sizes the engine understands, as written in configs (`1m`, `5m`, `1h`, `1d`). */
export type Timeframe = string;

/** Parses `1m`, `15m`, `1h`, `4h`, `1d`, or the words `minute`, `hour`, `day`, into milliseconds. */
export function timeframeMs(timeframe: Timeframe): number {
  const word: Record<string, number> = { minute: MINUTE_MS, hour: HOUR_MS, day: DAY_MS };
  if (word[timeframe] !== undefined) return word[timeframe];
  const match = /^(\d+)\s*(s|m|min|h|d)$/.exec(timeframe.trim());
  if (match === null) throw new RangeError(`unknown timeframe "${timeframe}" (use e.g. 1m, 5m, 1h, 1d, minute, hour, day)`);
  const n = Number(match[1]);
  if (n <= 0) throw new RangeError(`timeframe "${timeframe}" must be positive`);
  const unit = match[2];
  const size = unit === 's' ? 1000 : unit === 'h' ? HOUR_MS : unit === 'd' ? DAY_MS : MINUTE_MS;
  return n * size;
}

/** Canonical short name of a bar size in ms: 60000 → `1m`, 3600000 → `1h`, 86400000 → `1d`. */
export function timeframeName(ms: number): string {
  if (ms % DAY_MS === 0) return `${ms / DAY_MS}d`;
  if (ms % HOUR_MS === 0) return `${ms / HOUR_MS}h`;
  if (ms % MINUTE_MS === 0) return `${ms / MINUTE_MS}m`;
  return `${ms / 1000}s`;
}

/** ISO-8601 UTC string of an epoch-ms timestamp, e.g. `2024-01-02T15:04:00.000Z`. */
export function isoUtc(ts: number): string {
  return new Date(ts).toISOString();
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
/** Last offset looked up per zone and the 15-minute UTC bucket it holds for (offsets change on quarter hours). */
const offsetCache = new Map<string, { bucket: number; offset: number }>();
const QUARTER_HOUR_MS = 900_000;

/**
 * Offset of `timeZone` from UTC at instant `ts`, in ms (positive east of Greenwich).
 * `UTC` short-circuits; other zones use the platform's IANA database, remembering the last answer
 * per zone for its quarter hour (time-zone transitions happen on quarter hours).
 */
export function timeZoneOffsetMs(ts: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0;
  const bucket = Math.floor(ts / QUARTER_HOUR_MS);
  const cached = offsetCache.get(timeZone);
  if (cached !== undefined && cached.bucket === bucket) return cached.offset;
  const offset = lookUpOffsetMs(ts, timeZone);
  offsetCache.set(timeZone, { bucket, offset });
  return offset;
}

function lookUpOffsetMs(ts: number, timeZone: string): number {
  let format = offsetFormatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormatters.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(ts));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - (ts - (((ts % 1000) + 1000) % 1000));
}

/** UTC epoch ms of a wall-clock time in `timeZone` (the earlier instant when ambiguous). */
export function zonedTimeToUtc(
  year: number,
  month: number,
  day: number,
  minutesOfDay: number,
  timeZone: string,
): number {
  const wall = Date.UTC(year, month - 1, day) + minutesOfDay * MINUTE_MS;
  let guess = wall - timeZoneOffsetMs(wall, timeZone);
  guess = wall - timeZoneOffsetMs(guess, timeZone);
  return guess;
}

/** Parses `HH:MM` into minutes after midnight. */
export function parseClockTime(text: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (match === null) throw new RangeError(`time of day must look like "23:00", was "${text}"`);
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) throw new RangeError(`time of day out of range: "${text}"`);
  return hours * 60 + minutes;
}

/**
 * Where trading sessions begin: a wall-clock time in the exchange's time zone. A session (trading
 * date D) runs from the start time on the day before D to the start time on D, in local time, so
 * it follows the exchange through daylight-saving changes.
 */
export interface SessionSpec {
  /** Minutes after local midnight at which a session starts (and the previous one ends). */
  readonly startMinutes: number;
  readonly timeZone: string;
}

/**
 * CME Globex: a session opens at 17:00 Chicago time (Sunday to Thursday) and ends at the next day's
 * 16:00 close and maintenance break; the trading date is the day it closes. That is 23:00 UTC in
 * winter and 22:00 UTC from March to November (a fixed UTC hour would book each weekday's first hour
 * to the previous day half the year). The default session of every engine, consolidator and loader.
 */
export const DEFAULT_SESSION: SessionSpec = Object.freeze({ startMinutes: 17 * 60, timeZone: 'America/Chicago' });

/** Trading date as a number `YYYYMMDD`. */
export type TradingDate = number;

/**
 * Close time (epoch ms UTC) of the session of trading date `date` (`YYYYMMDD`).
 * With a start of 23:00 the session of date D runs [23:00 on D-1, 23:00 on D) and closes on D.
 * With a start of 00:00 it runs [00:00 on D, 00:00 on D+1) and closes at the next midnight.
 */
export function sessionCloseTs(date: TradingDate, session: SessionSpec): number {
  const year = Math.floor(date / 10000);
  const month = Math.floor(date / 100) % 100;
  const day = date % 100;
  if (session.startMinutes === 0) return zonedTimeToUtc(year, month, day + 1, 0, session.timeZone);
  return zonedTimeToUtc(year, month, day, session.startMinutes, session.timeZone);
}

/**
 * Trading date of the session that contains the instant just before `ts`, so a bar stamped at its
 * close (`ts`) belongs to the session it traded in, even when it closes exactly at the session end.
 */
export function tradingDateOf(ts: number, session: SessionSpec): TradingDate {
  const instant = ts - 1;
  const local = instant + timeZoneOffsetMs(instant, session.timeZone) - session.startMinutes * MINUTE_MS;
  const d = new Date(local);
  // A session starting after midnight belongs to the next calendar date (23:00 D-1 → date D).
  const shifted = session.startMinutes === 0 ? d : new Date(local + DAY_MS);
  return shifted.getUTCFullYear() * 10000 + (shifted.getUTCMonth() + 1) * 100 + shifted.getUTCDate();
}

/** `YYYYMMDD` of a UTC calendar day given as epoch ms. */
export function utcDateNumber(ts: number): TradingDate {
  const d = new Date(ts);
  return d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}
