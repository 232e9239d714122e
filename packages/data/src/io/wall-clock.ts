import { DAY_MS, timeZoneOffsetMs } from '@rooney/core';

/**
 * Converts naive wall-clock times of one IANA time zone to UTC, fast enough for minute files:
 * the zone offset is looked up once per calendar day and reused for every row of that day, unless
 * the offset changes during the day (a DST switch), in which case each row is converted exactly.
 * Ambiguous wall times (the repeated hour when clocks go back) resolve to the earlier instant, and
 * wall times skipped by a spring-forward switch are moved forward by the gap, as in core's
 * `zonedTimeToUtc`.
 */
export class WallClock {
  private readonly timeZone: string;
  private readonly isUtc: boolean;
  private cachedDay = Number.NaN;
  private cachedOffset = 0;
  private cachedUniform = false;

  constructor(timeZone: string) {
    this.timeZone = timeZone;
    this.isUtc = timeZone === 'UTC' || timeZone === 'Etc/UTC';
    if (!this.isUtc) {
      // Fails fast with a RangeError on an unknown zone name.
      new Intl.DateTimeFormat('en-US', { timeZone });
    }
  }

  /** Epoch ms UTC of `wallMs`, a wall-clock time in this zone written as if it were UTC. */
  toUtc(wallMs: number): number {
    if (this.isUtc) return wallMs;
    const day = Math.floor(wallMs / DAY_MS);
    if (day !== this.cachedDay) {
      const startOffset = this.offsetAtWall(day * DAY_MS);
      const endOffset = this.offsetAtWall((day + 1) * DAY_MS - 1);
      this.cachedDay = day;
      this.cachedOffset = startOffset;
      this.cachedUniform = startOffset === endOffset;
    }
    return this.cachedUniform ? wallMs - this.cachedOffset : wallMs - this.offsetAtWall(wallMs);
  }

  private offsetAtWall(wallMs: number): number {
    const guess = wallMs - timeZoneOffsetMs(wallMs, this.timeZone);
    return timeZoneOffsetMs(guess, this.timeZone);
  }
}
