import { DEFAULT_SESSION } from '@rooney/core';
import type { TradingDate } from '@rooney/core';
import { Indicator } from './indicator.ts';
import { SessionClock, sessionSpecOf } from './internal/session-clock.ts';
import { requireChoice } from './internal/parameter-checks.ts';

/** The period whose completed high, low and close set the pivots. */
export type PivotPeriod = 'day' | 'week' | 'month';

/** Options of `PivotPoints`. */
export interface PivotPointsOptions {
  /** `day` (trading session, default), `week` (Monday to Sunday trading dates) or `month`. */
  readonly period?: PivotPeriod;
  /** Session start, minutes after local midnight (default 1020: 17:00, core's `DEFAULT_SESSION`). */
  readonly sessionStart?: number;
  /** IANA time zone of the session start (default `America/Chicago`, core's `DEFAULT_SESSION`). */
  readonly timeZone?: string;
}

/** Monday-based week number of a `YYYYMMDD` date (1970-01-05, a Monday, starts week 1). */
function weekOf(date: TradingDate): number {
  const days = Date.UTC(Math.floor(date / 10000), (Math.floor(date / 100) % 100) - 1, date % 100) / 86_400_000;
  return Math.floor((days + 3) / 7);
}

/**
 * Classic floor pivot points (Backtrader's `PivotPoint` with its defaults) from the previous
 * COMPLETED period's high `H`, low `L` and close `C`, computed on the bars of the current period.
 *
 * Formula: `p = (H + L + C) / 3`, `r1 = 2p - L`, `s1 = 2p - H`, `r2 = p + (H - L)`, `s2 = p - (H - L)`.
 * Backtrader applies the formula to a resampled (e.g. monthly) feed and plots it on the finer one;
 * here the periods come from the bars' trading dates (`tradingDateOf` with the session start and
 * time zone given), with the session boundary cached so each update is O(1).
 * Warm-up: data dependent: the first bar of the second period (`warmUp` = 2 is the minimum;
 * `isReady` tells). Lines: `p`, `r1`, `r2`, `s1`, `s2`. Timestamps must be non-decreasing.
 */
export class PivotPoints extends Indicator {
  readonly lines: readonly string[] = ['p', 'r1', 'r2', 's1', 's2'];
  /** Minimum number of bars before the first value; the actual number depends on the timestamps. */
  readonly warmUp = 2;
  readonly period: PivotPeriod;
  private readonly clock: SessionClock;
  private ready = false;
  private lastDate = -1;
  private periodKey = Number.NaN;
  private periodHigh = Number.NaN;
  private periodLow = Number.NaN;
  private periodClose = Number.NaN;

  constructor(options: PivotPointsOptions = {}) {
    super(5);
    const period = options.period ?? 'day';
    requireChoice('period', period, ['day', 'week', 'month']);
    this.period = period;
    this.clock = new SessionClock(
      sessionSpecOf(options.sessionStart ?? DEFAULT_SESSION.startMinutes, options.timeZone ?? DEFAULT_SESSION.timeZone),
    );
  }

  override get isReady(): boolean {
    return this.ready;
  }

  updateBar(_open: number, high: number, low: number, close: number, _volume: number, ts: number): number {
    this.count++;
    const date = this.clock.tradingDate(ts);
    let key = this.periodKey;
    if (date !== this.lastDate) {
      this.lastDate = date;
      key = this.period === 'day' ? date : this.period === 'week' ? weekOf(date) : Math.floor(date / 100);
    }
    if (key !== this.periodKey) {
      if (this.count > 1) this.publish();
      this.periodKey = key;
      this.periodHigh = high;
      this.periodLow = low;
    } else {
      if (high > this.periodHigh) this.periodHigh = high;
      if (low < this.periodLow) this.periodLow = low;
    }
    this.periodClose = close;
    return this.outputs[0];
  }

  override reset(): void {
    this.clock.reset();
    this.ready = false;
    this.lastDate = -1;
    this.periodKey = Number.NaN;
    this.periodHigh = Number.NaN;
    this.periodLow = Number.NaN;
    this.periodClose = Number.NaN;
    super.reset();
  }

  /** Sets the lines from the period that just completed. */
  private publish(): void {
    const high = this.periodHigh;
    const low = this.periodLow;
    const pivot = (high + low + this.periodClose) / 3;
    const outputs = this.outputs;
    outputs[0] = pivot;
    outputs[1] = 2 * pivot - low;
    outputs[2] = pivot + (high - low);
    outputs[3] = 2 * pivot - high;
    outputs[4] = pivot - (high - low);
    this.ready = true;
  }
}
