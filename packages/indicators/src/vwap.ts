import { DEFAULT_SESSION } from '@rooney/core';
import { Indicator } from './indicator.ts';
import { SessionClock, sessionSpecOf } from './internal/session-clock.ts';
import { requireChoice } from './internal/parameter-checks.ts';

/** Options of `VWAP`. */
export interface VWAPOptions {
  /** Session start, minutes after local midnight (default 1020: 17:00, core's `DEFAULT_SESSION`). */
  readonly sessionStart?: number;
  /** IANA time zone of the session start (default `America/Chicago`, core's `DEFAULT_SESSION`). */
  readonly timeZone?: string;
  /** Price weighted by volume: `typical` = (high + low + close) / 3 (default), or `close`. */
  readonly price?: 'typical' | 'close';
}

/**
 * Session volume-weighted average price: cumulative `price * volume` over cumulative volume since
 * the start of the current trading session, reset when a bar belongs to a new session.
 *
 * Formula: `vwap_t = sum_{session} p_i v_i / sum_{session} v_i`, `p = (high + low + close) / 3` by
 * default. Sessions follow `tradingDateOf` of `@rooney/core` for the bar's close timestamp (a bar
 * closing exactly at the session end belongs to the ending session), with the next boundary cached
 * so each update is O(1). NaN while the session has seen no volume.
 * Warm-up: 1 bar. Timestamps must be non-decreasing.
 */
export class VWAP extends Indicator {
  readonly lines: readonly string[] = ['vwap'];
  readonly warmUp = 1;
  readonly typicalPrice: boolean;
  private readonly clock: SessionClock;
  private sessionDate = -1;
  private weightedPrices = 0;
  private volumes = 0;

  constructor(options: VWAPOptions = {}) {
    super();
    const price = options.price ?? 'typical';
    requireChoice('price', price, ['typical', 'close']);
    this.typicalPrice = price === 'typical';
    this.clock = new SessionClock(
      sessionSpecOf(options.sessionStart ?? DEFAULT_SESSION.startMinutes, options.timeZone ?? DEFAULT_SESSION.timeZone),
    );
  }

  updateBar(_open: number, high: number, low: number, close: number, volume: number, ts: number): number {
    this.count++;
    const date = this.clock.tradingDate(ts);
    if (date !== this.sessionDate) {
      this.sessionDate = date;
      this.weightedPrices = 0;
      this.volumes = 0;
    }
    const price = this.typicalPrice ? (high + low + close) / 3 : close;
    this.weightedPrices += price * volume;
    this.volumes += volume;
    return (this.outputs[0] = this.volumes > 0 ? this.weightedPrices / this.volumes : Number.NaN);
  }

  override reset(): void {
    this.clock.reset();
    this.sessionDate = -1;
    this.weightedPrices = 0;
    this.volumes = 0;
    super.reset();
  }
}
