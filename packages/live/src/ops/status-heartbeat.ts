import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FeedStatus } from '../session/feed-bridge.ts';
import type { LiveSessionStatus } from '../session/live-session.ts';
import type { LiveClock, TimerHandle } from '@rooney/databento';
import type { Logger } from '@rooney/databento';

/** One heartbeat: what a person watching the run wants to see, as JSON (the session's counters as its status gives them). */
export interface HeartbeatStatus
  extends Pick<LiveSessionStatus, 'equity' | 'sessionPnl' | 'openOrders' | 'signalsInFlight' | 'ordersSubmitted' | 'fills' | 'lateBars'> {
  readonly ts: number;
  readonly time: string;
  readonly feed: FeedStatus | null;
  readonly symbols: Readonly<Record<string, { readonly lastBar: string | null; readonly ageSeconds: number | null; readonly stale: boolean }>>;
  readonly positions: readonly { readonly strategy: string; readonly symbol: string; readonly quantity: number; readonly averagePrice: number; readonly openPnl: number }[];
  /** True while some symbol has had no bar for `staleAfterMs` in market hours. */
  readonly stale: boolean;
  readonly cash: number;
  /** Working orders (state `unknown`: sent without a clear answer). */
  readonly orders: LiveSessionStatus['openOrderList'];
  /** Unresolved alerts: unknown order outcomes, late bars, quarantined records, … */
  readonly alerts: readonly { readonly kind: string; readonly message: string; readonly time: string; readonly orderId?: number }[];
  /** Nothing needs a person: no alert and no stale data (`rooney live status` exits non-zero otherwise). */
  readonly ok: boolean;
}

export interface StatusHeartbeatOptions {
  readonly clock: LiveClock;
  readonly intervalMs: number;
  /** A symbol is stale when no bar arrived for this long while data is expected. */
  readonly staleAfterMs: number;
  readonly session: { status(): LiveSessionStatus };
  readonly feed?: { status(): FeedStatus };
  readonly logger: Logger;
  /** Where beats are kept (the trade store's heartbeat table). */
  readonly store?: { recordHeartbeat(ts: number, stale: boolean, status: unknown): void };
  /** Whether bars are expected at this time (default: always); e.g. `cmeGlobexIsOpen`. */
  readonly expectData?: (ts: number) => boolean;
  /** Called when the data turns stale (once per episode) and when it recovers. */
  readonly onStaleChange?: (stale: boolean, status: HeartbeatStatus) => void;
  /** Called before each beat (e.g. to pick up reconciliations from the store). */
  readonly beforeBeat?: () => void;
  /** A JSON file rewritten atomically (temporary file + rename) with every beat, for `rooney live status` and probes. */
  readonly file?: string;
}

/**
 * A periodic status line (`live_heartbeat` log event, and a row in the store): last bar time and
 * age per symbol, positions, equity and session PnL, feed and order counters. Raises a stale-data
 * alarm (`live_stale_data`, level error) when a symbol has been silent for `staleAfterMs` while
 * data is expected, and `live_data_resumed` when bars come back.
 */
export class StatusHeartbeat {
  private readonly options: StatusHeartbeatOptions;
  private timer: TimerHandle | undefined;
  private readonly startedTs: number;
  private stale = false;

  constructor(options: StatusHeartbeatOptions) {
    this.options = options;
    this.startedTs = options.clock.now();
    // A file left by an earlier run must never pass for this run's heartbeat.
    if (options.file !== undefined) rmSync(options.file, { force: true });
  }

  start(): void {
    if (this.timer !== undefined) return;
    const tick = (): void => {
      this.timer = this.options.clock.setTimer(tick, this.options.intervalMs);
      this.beat();
    };
    this.timer = this.options.clock.setTimer(tick, this.options.intervalMs);
  }

  /** Stops the timer and writes a final beat. */
  stop(): HeartbeatStatus {
    if (this.timer !== undefined) this.options.clock.clearTimer(this.timer);
    this.timer = undefined;
    return this.beat();
  }

  /** Computes, logs and stores one heartbeat now. */
  beat(): HeartbeatStatus {
    const o = this.options;
    o.beforeBeat?.();
    const now = o.clock.now();
    const s = o.session.status();
    const expect = o.expectData?.(now) ?? true;
    const symbols: Record<string, { lastBar: string | null; ageSeconds: number | null; stale: boolean }> = {};
    let stale = false;
    for (const [symbol, lastBarTs] of Object.entries(s.lastBarTs)) {
      const received = s.lastBarReceivedTs[symbol];
      const silentMs = now - (Number.isFinite(received) ? received : this.startedTs);
      const symbolStale = expect && silentMs >= o.staleAfterMs;
      stale ||= symbolStale;
      symbols[symbol] = {
        lastBar: Number.isFinite(lastBarTs) ? new Date(lastBarTs).toISOString() : null,
        ageSeconds: Number.isFinite(received) ? Math.round((now - received) / 1000) : null,
        stale: symbolStale,
      };
    }
    const status: HeartbeatStatus = {
      ts: now,
      time: new Date(now).toISOString(),
      feed: o.feed?.status() ?? null,
      symbols,
      positions: s.positions.map((p) => ({ strategy: p.strategy, symbol: p.symbol, quantity: p.quantity, averagePrice: p.averagePrice, openPnl: round2(p.openPnl) })),
      equity: round2(s.equity),
      sessionPnl: round2(s.sessionPnl),
      openOrders: s.openOrders,
      signalsInFlight: s.signalsInFlight,
      ordersSubmitted: s.ordersSubmitted,
      fills: s.fills,
      lateBars: s.lateBars,
      stale,
      cash: round2(s.cash),
      orders: s.openOrderList,
      alerts: s.alerts.map((a) => ({ kind: a.kind, message: a.message, time: new Date(a.ts).toISOString(), ...(a.orderId !== undefined ? { orderId: a.orderId } : {}) })),
      ok: !stale && s.alerts.length === 0,
    };
    o.logger.log(status.ok ? 'info' : 'warn', 'live_heartbeat', { status });
    o.store?.recordHeartbeat(now, stale, status);
    if (o.file !== undefined) {
      try {
        writeAtomically(o.file, `${JSON.stringify(status, null, 2)}\n`);
      } catch (error) {
        // A full disk or a bad path must not stop trading: the beat is logged and stored anyway.
        o.logger.log('error', 'live_heartbeat_file_failed', { file: o.file, error: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
      }
    }
    if (stale !== this.stale) {
      this.stale = stale;
      const staleSymbols = Object.entries(symbols).filter(([, v]) => v.stale).map(([k]) => k);
      if (stale) o.logger.log('error', 'live_stale_data', { symbols: staleSymbols, staleAfterSeconds: o.staleAfterMs / 1000 });
      else o.logger.log('info', 'live_data_resumed', {});
      o.onStaleChange?.(stale, status);
    }
    return status;
  }
}

/** Writes `text` to a temporary file beside `file`, then renames it over `file` (readers never see half a file). */
function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
