import type { Clock } from '@rooney/core';

/** An opaque timer handle of a {@link LiveClock}. */
export interface TimerHandle {
  readonly id: number;
}

/**
 * The live adapter's time port: the wall clock plus one-shot timers. Every timeout, backoff and
 * periodic job of the package goes through it, so tests drive time with {@link FakeClock}.
 */
export interface LiveClock extends Clock {
  setTimer(callback: () => void, delayMs: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

/** Longest delay a Node timeout takes as it is. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/** The real clock: `Date.now()` and Node timers (the only place of the package reading wall time). */
export class WallClock implements LiveClock {
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();
  private nextId = 1;

  now(): number {
    return Date.now();
  }

  setTimer(callback: () => void, delayMs: number): TimerHandle {
    const id = this.nextId++;
    this.arm(id, Date.now() + Math.max(0, delayMs), callback);
    return { id };
  }

  /**
   * Node fires a timeout longer than 2^31 − 1 ms after 1 ms (with a warning): a long delay is
   * waited for in steps, so a timer never fires early.
   */
  private arm(id: number, dueTs: number, callback: () => void): void {
    const left = dueTs - Date.now();
    const timer = setTimeout(() => {
      if (dueTs - Date.now() > 0 && left > MAX_TIMEOUT_MS) {
        this.arm(id, dueTs, callback);
        return;
      }
      this.timers.delete(id);
      callback();
    }, Math.min(MAX_TIMEOUT_MS, Math.max(0, left)));
    this.timers.set(id, timer);
  }

  clearTimer(handle: TimerHandle): void {
    const timer = this.timers.get(handle.id);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(handle.id);
  }
}

interface FakeTimer {
  readonly id: number;
  readonly dueTs: number;
  readonly callback: () => void;
}

/**
 * A clock that only moves when told: `advance(ms)` fires the due timers in time order (ties in the
 * order they were set), each with `now()` at its due time. Deterministic and instant.
 */
export class FakeClock implements LiveClock {
  private ts: number;
  private timers: FakeTimer[] = [];
  private nextId = 1;

  constructor(startTs = 0) {
    this.ts = startTs;
  }

  now(): number {
    return this.ts;
  }

  setTimer(callback: () => void, delayMs: number): TimerHandle {
    const timer = { id: this.nextId++, dueTs: this.ts + Math.max(0, delayMs), callback };
    this.timers.push(timer);
    return { id: timer.id };
  }

  clearTimer(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle.id);
  }

  /** Number of timers waiting to fire. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing every timer due on the way (including ones set by callbacks). */
  advance(ms: number): void {
    const target = this.ts + ms;
    for (;;) {
      let next: FakeTimer | undefined;
      for (const t of this.timers) if (t.dueTs <= target && (next === undefined || t.dueTs < next.dueTs || (t.dueTs === next.dueTs && t.id < next.id))) next = t;
      if (next === undefined) break;
      const fired = next;
      this.timers = this.timers.filter((t) => t !== fired);
      this.ts = Math.max(this.ts, fired.dueTs);
      fired.callback();
    }
    this.ts = target;
  }

  /** Moves time to `ts` (never backwards), firing the timers due on the way like `advance`. */
  set(ts: number): void {
    if (ts > this.ts) this.advance(ts - this.ts);
  }
}
