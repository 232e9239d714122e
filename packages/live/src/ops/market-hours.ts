import { timeZoneOffsetMs } from '@rooney/core';

/**
 * Whether CME Globex equity-index futures trade at `ts`: Sunday 17:00 to Friday 16:00 Chicago time,
 * with the daily 16:00–17:00 maintenance halt. Exchange holidays and early closes are not modelled
 * (a stale-data alarm on a holiday is expected).
 */
export function cmeGlobexIsOpen(ts: number): boolean {
  const local = new Date(ts + timeZoneOffsetMs(ts, 'America/Chicago'));
  const day = local.getUTCDay();
  const minutes = local.getUTCHours() * 60 + local.getUTCMinutes();
  if (day === 6) return false;
  if (day === 0) return minutes >= 17 * 60;
  if (day === 5) return minutes < 16 * 60;
  return minutes < 16 * 60 || minutes >= 17 * 60;
}
