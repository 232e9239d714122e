import { sessionCloseTs, tradingDateOf } from '../time.ts';
import type { SessionSpec } from '../time.ts';

/**
 * An engine's current trading session: its start and close, and the equity it started with (for
 * `sessionPnl`). Shared by the backtest run and the live session, so both cut sessions alike.
 */
export class TradingSession {
  readonly spec: SessionSpec;
  /** Start of the current session: the previous session's close, or the first event if earlier. NaN before the first. */
  startTs = Number.NaN;
  /** Close of the current session; -Infinity before the first. */
  closeTs = Number.NEGATIVE_INFINITY;
  /** Equity when the current session started. */
  startEquity: number;

  constructor(spec: SessionSpec, startingEquity: number) {
    this.spec = spec;
    this.startEquity = startingEquity;
  }

  /** True once a session was entered (so there is one to close). */
  get entered(): boolean {
    return Number.isFinite(this.closeTs);
  }

  /** Enters the session containing event time `t`, which starts with `equity`. */
  enter(t: number, equity: number): void {
    this.closeTs = sessionCloseTs(tradingDateOf(t, this.spec), this.spec);
    const previousDate = tradingDateOf(this.closeTs - 86_400_000 * 1.5, this.spec);
    this.startTs = Math.min(sessionCloseTs(previousDate, this.spec), t);
    this.startEquity = equity;
  }
}
