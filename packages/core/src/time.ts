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

/**
 * Offset of `timeZone` from UTC at instant `ts`, in ms (positive east of Greenwich).
 * `UTC` short-circuits; other zones use the platform's IANA database.
 */
export function timeZoneOffsetMs(ts: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0;
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
