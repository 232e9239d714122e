import { requireParameter } from '@rooney/core';
import type { Bar, BarView } from '@rooney/core';

/**
 * A `BarView` over a fixed-size ring of the newest completed bars (bounded memory for sessions
 * that run for weeks). `length` counts every bar pushed since the start — so bar counting
 * (`bars held = length now − length at entry`) works exactly as on a backtest's full series — but
 * only the newest `capacity` bars can be read: older reads return NaN, like reads past either end.
 */
export class RingBarView implements BarView {
  readonly symbol: string;
  readonly barMs: number;
  readonly capacity: number;
  private readonly tsColumn: Float64Array;
  private readonly openColumn: Float64Array;
  private readonly highColumn: Float64Array;
  private readonly lowColumn: Float64Array;
  private readonly closeColumn: Float64Array;
  private readonly volumeColumn: Float64Array;
  private count = 0;

  constructor(symbol: string, barMs: number, capacity: number) {
    requireParameter(Number.isInteger(capacity) && capacity >= 1, 'capacity', 'an integer >= 1', capacity);
    this.symbol = symbol;
    this.barMs = barMs;
    this.capacity = capacity;
    this.tsColumn = new Float64Array(capacity);
    this.openColumn = new Float64Array(capacity);
    this.highColumn = new Float64Array(capacity);
    this.lowColumn = new Float64Array(capacity);
    this.closeColumn = new Float64Array(capacity);
    this.volumeColumn = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  get lastIndex(): number {
    return this.count - 1;
  }

  /** Appends a completed bar (no allocation). */
  push(ts: number, open: number, high: number, low: number, close: number, volume: number): void {
    const slot = this.count % this.capacity;
    this.tsColumn[slot] = ts;
    this.openColumn[slot] = open;
    this.highColumn[slot] = high;
    this.lowColumn[slot] = low;
    this.closeColumn[slot] = close;
    this.volumeColumn[slot] = volume;
    this.count++;
  }

  pushBar(bar: Bar): void {
    this.push(bar.ts, bar.open, bar.high, bar.low, bar.close, bar.volume);
  }

  ts(ago = 0): number {
    return this.read(this.tsColumn, ago);
  }

  open(ago = 0): number {
    return this.read(this.openColumn, ago);
  }

  high(ago = 0): number {
    return this.read(this.highColumn, ago);
  }

  low(ago = 0): number {
    return this.read(this.lowColumn, ago);
  }

  close(ago = 0): number {
    return this.read(this.closeColumn, ago);
  }

  volume(ago = 0): number {
    return this.read(this.volumeColumn, ago);
  }

  private read(column: Float64Array, ago: number): number {
    if (!(ago >= 0 && ago < this.count && ago < this.capacity)) return Number.NaN;
    return column[(this.count - 1 - ago) % this.capacity];
  }
}
