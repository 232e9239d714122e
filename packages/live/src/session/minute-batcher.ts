import type { Bar } from '@rooney/core';
import type { LiveClock, TimerHandle } from '@rooney/databento';

/** The 1-minute bars of several symbols that close at one time. */
export interface MinuteBatch {
  readonly ts: number;
  readonly bars: Map<string, Bar>;
}

/** Why a bar was not batched. */
export type BarDropReason = 'late' | 'duplicate';

/**
 * Groups 1-minute bars arriving one by one (one record per symbol) into per-timestamp batches, so
 * that a live session sees the same event times as the backtest's merge (all bars closing at `t`
 * together). A batch is released when
 * - every expected symbol has its bar,
 * - a bar with a later close arrives (the feed moved on),
 * - `flush()` is called (Databento's end-of-interval message), or
 * - the clock passes the close + `graceMs`, and at least `graceMs` after the batch's first bar
 *   (a symbol without trades in that minute; the second rule keeps a fast replay of old bars whole)
 *   — only while the clock may decide (`setTimersEnabled`): while the feed is disconnected or
 *   replaying, a minute is released on evidence alone (a later bar, the end-of-interval message).
 * A bar closing at or before a released batch is late: reported through `onDrop`, never batched.
 */
export class MinuteBatcher {
  private readonly expected: ReadonlySet<string>;
  private readonly clock: LiveClock;
  private readonly graceMs: number;
  private readonly onBatch: (batch: MinuteBatch) => void;
  private readonly onDrop: (symbol: string, bar: Bar, reason: BarDropReason) => void;
  private current: MinuteBatch | undefined;
  private timer: TimerHandle | undefined;
  private timersEnabled = true;
  /** Close time of the last released batch (bars at or before it are late). */
  releasedThrough = Number.NEGATIVE_INFINITY;

  constructor(options: {
    readonly expectedSymbols: Iterable<string>;
    readonly clock: LiveClock;
    readonly graceMs: number;
    readonly onBatch: (batch: MinuteBatch) => void;
    readonly onDrop: (symbol: string, bar: Bar, reason: BarDropReason) => void;
  }) {
    this.expected = new Set(options.expectedSymbols);
    this.clock = options.clock;
    this.graceMs = options.graceMs;
    this.onBatch = options.onBatch;
    this.onDrop = options.onDrop;
  }

  /** Close time of the batch being collected, NaN when none. */
  get collectingTs(): number {
    return this.current?.ts ?? Number.NaN;
  }

  add(symbol: string, bar: Bar): void {
    if (bar.ts <= this.releasedThrough) {
      this.onDrop(symbol, bar, 'late');
      return;
    }
    const current = this.current;
    if (current !== undefined && bar.ts < current.ts) {
      // An older minute than the one being collected, newer than everything released: release it on its own.
      this.releasedThrough = bar.ts;
      this.onBatch({ ts: bar.ts, bars: new Map([[symbol, bar]]) });
      return;
    }
    if (current !== undefined && bar.ts > current.ts) this.flush();
    if (this.current === undefined) {
      this.current = { ts: bar.ts, bars: new Map() };
      this.armTimer(this.graceMs);
    }
    const batch = this.current;
    if (batch.bars.has(symbol)) {
      this.onDrop(symbol, bar, 'duplicate');
      return;
    }
    batch.bars.set(symbol, bar);
    let complete = true;
    for (const s of this.expected) {
      if (!batch.bars.has(s)) {
        complete = false;
        break;
      }
    }
    if (complete) this.flush();
  }

  /**
   * Lets the clock release a minute (true, the default) or not (false: the feed is disconnected or
   * replaying, so a missing bar may still come). Enabling re-arms the timer of the batch being
   * collected, a full grace from now.
   */
  setTimersEnabled(enabled: boolean): void {
    if (enabled === this.timersEnabled) return;
    this.timersEnabled = enabled;
    if (!enabled) {
      if (this.timer !== undefined) this.clock.clearTimer(this.timer);
      this.timer = undefined;
    } else if (this.current !== undefined && this.timer === undefined) {
      this.armTimer(this.graceMs);
    }
  }

  private armTimer(minimumMs: number): void {
    if (!this.timersEnabled || this.current === undefined) return;
    const ts = this.current.ts;
    this.timer = this.clock.setTimer(() => {
      this.timer = undefined;
      this.flush();
    }, Math.max(minimumMs, ts + this.graceMs - this.clock.now()));
  }

  /** Releases the batch being collected, if any. */
  flush(): void {
    const batch = this.current;
    if (batch === undefined) return;
    this.current = undefined;
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
    if (batch.ts > this.releasedThrough) this.releasedThrough = batch.ts;
    this.onBatch(batch);
  }

  /** Marks time up to `ts` as released (bars at or before it become late). */
  releaseThrough(ts: number): void {
    if (ts > this.releasedThrough) this.releasedThrough = ts;
  }

  /** Drops the batch being collected and its timer. */
  dispose(): void {
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
    this.current = undefined;
  }
}
