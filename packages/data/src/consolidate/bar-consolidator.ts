import { DEFAULT_SESSION, RooneyError, isoUtc } from '@rooney/core';
import type { Bar, SessionSpec } from '@rooney/core';
import { BinClock } from './bin-clock.ts';
import { timeNotIncreasing, validateTarget } from './consolidate-bars.ts';

/** Options of {@link BarConsolidator}. */
export interface BarConsolidatorOptions {
  /** Where sessions start; bins are aligned to it. Default `DEFAULT_SESSION` (CME Globex: 17:00 America/Chicago). */
  readonly session?: SessionSpec;
  /** Size of the input bars in ms, checked against `targetMs` like `consolidateBars` does. */
  readonly inputBarMs?: number;
}

/**
 * Streaming consolidator in LEAN's shape: feed input bars with `update`, advance time with `scan`,
 * and receive each complete consolidated bar through `onBar`. Bins and values are exactly those of
 * {@link consolidateBars} (same bin clock): feeding a series bar by bar, calling `scan(ts)` with a
 * final time `T`, gives the bars of `consolidateBars(series, targetMs, { completeThrough: T })`.
 *
 * A bin is emitted as soon as it is known to be complete: when a bar closes exactly at the bin end,
 * when a later bar arrives, or when `scan(ts)` passes the bin end (a bin whose last minutes had no
 * trades). No partial bar is ever emitted.
 */
export class BarConsolidator {
  readonly targetMs: number;
  private readonly clock: BinClock;
  private readonly onBar: (bar: Bar) => void;
  private hasBin = false;
  private binEnd = Number.NEGATIVE_INFINITY;
  private binOpen = 0;
  private binHigh = 0;
  private binLow = 0;
  private binClose = 0;
  private binVolume = 0;
  private lastTs = Number.NEGATIVE_INFINITY;
  private lastEmittedTs = Number.NEGATIVE_INFINITY;

  constructor(targetMs: number, options: BarConsolidatorOptions, onBar: (bar: Bar) => void) {
    validateTarget(options.inputBarMs ?? 0, targetMs);
    this.targetMs = targetMs;
    this.clock = new BinClock(targetMs, options.session ?? DEFAULT_SESSION);
    this.onBar = onBar;
  }

  /** Whether an incomplete bin is being built. */
  get isBuilding(): boolean {
    return this.hasBin;
  }

  /** End (= stamp of the output bar) of the bin being built, or NaN when none. */
  get workingBinEnd(): number {
    return this.hasBin ? this.binEnd : Number.NaN;
  }

  /**
   * Adds one input bar stamped at its close `ts`.
   * @throws RooneyError `time_not_increasing` when `ts` does not follow the previous bar, and
   *   `late_bar` when `ts` falls in a bin already emitted (e.g. closed by `scan`).
   */
  update(ts: number, open: number, high: number, low: number, close: number, volume: number): void {
    if (!(ts > this.lastTs)) throw timeNotIncreasing(undefined, ts, this.lastTs);
    if (ts <= this.lastEmittedTs) {
      throw new RooneyError(
        'late_bar',
        `bar at ${isoUtc(ts)} arrived after its bin was emitted (through ${isoUtc(this.lastEmittedTs)})`,
        { field: 'ts' },
      );
    }
    this.lastTs = ts;
    if (this.hasBin && ts > this.binEnd) this.emit();
    if (!this.hasBin) {
      this.binEnd = this.clock.locate(ts);
      this.hasBin = true;
      this.binOpen = open;
      this.binHigh = high;
      this.binLow = low;
      this.binVolume = 0;
    } else {
      if (high > this.binHigh) this.binHigh = high;
      if (low < this.binLow) this.binLow = low;
    }
    this.binClose = close;
    this.binVolume += volume;
    if (ts === this.binEnd) this.emit();
  }

  /** Tells the consolidator that time has reached `ts`: emits the working bin if it ends at or before `ts`. */
  scan(ts: number): void {
    if (this.hasBin && ts >= this.binEnd) this.emit();
  }

  /** Forgets the working bin and all time state, as if newly constructed. */
  reset(): void {
    this.hasBin = false;
    this.binEnd = Number.NEGATIVE_INFINITY;
    this.lastTs = Number.NEGATIVE_INFINITY;
    this.lastEmittedTs = Number.NEGATIVE_INFINITY;
  }

  private emit(): void {
    this.hasBin = false;
    this.lastEmittedTs = this.binEnd;
    this.onBar({
      ts: this.binEnd,
      open: this.binOpen,
      high: this.binHigh,
      low: this.binLow,
      close: this.binClose,
      volume: this.binVolume,
    });
  }
}
