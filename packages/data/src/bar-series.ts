import type { Bar, BarArrays } from '@rooney/core';

/** The six columns of a bar series. */
export interface BarColumns {
  readonly ts: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/**
 * A columnar OHLCV series for one symbol: one `Float64Array` per field, bars stamped at their
 * close (epoch ms UTC), strictly increasing.
 */
export class BarSeries implements BarArrays {
  readonly symbol: string;
  readonly barMs: number;
  readonly length: number;
  readonly ts: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;

  constructor(symbol: string, barMs: number, columns: BarColumns) {
    const n = columns.ts.length;
    for (const name of ['open', 'high', 'low', 'close', 'volume'] as const) {
      if (columns[name].length !== n) {
        throw new RangeError(`column "${name}" has ${columns[name].length} values, "ts" has ${n}`);
      }
    }
    this.symbol = symbol;
    this.barMs = barMs;
    this.length = n;
    this.ts = columns.ts;
    this.open = columns.open;
    this.high = columns.high;
    this.low = columns.low;
    this.close = columns.close;
    this.volume = columns.volume;
  }

  /** Builds a series from bar objects (for tests and small inputs). */
  static fromBars(symbol: string, barMs: number, bars: readonly Bar[]): BarSeries {
    const builder = new BarSeriesBuilder(symbol, barMs, bars.length);
    for (const bar of bars) builder.push(bar.ts, bar.open, bar.high, bar.low, bar.close, bar.volume);
    return builder.build();
  }

  /** An empty series. */
  static empty(symbol: string, barMs: number): BarSeries {
    return new BarSeriesBuilder(symbol, barMs, 0).build();
  }

  /** The bar at `index` as an object. */
  at(index: number): Bar {
    return {
      ts: this.ts[index],
      open: this.open[index],
      high: this.high[index],
      low: this.low[index],
      close: this.close[index],
      volume: this.volume[index],
    };
  }

  /** All bars as objects (for tests and printing; not for hot paths). */
  toBars(): Bar[] {
    const out: Bar[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.at(i);
    return out;
  }

  /** Index of the first bar with `ts >= time` (binary search); `length` when none. */
  lowerBound(time: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ts[mid] < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Bars `[start, end)` by index, sharing memory with this series. */
  slice(start: number, end: number = this.length): BarSeries {
    return new BarSeries(this.symbol, this.barMs, {
      ts: this.ts.subarray(start, end),
      open: this.open.subarray(start, end),
      high: this.high.subarray(start, end),
      low: this.low.subarray(start, end),
      close: this.close.subarray(start, end),
      volume: this.volume.subarray(start, end),
    });
  }

  /** Bars with `startTs <= ts <= endTs` (either bound optional), sharing memory. */
  between(startTs?: number, endTs?: number): BarSeries {
    const start = startTs === undefined ? 0 : this.lowerBound(startTs);
    const end = endTs === undefined ? this.length : this.lowerBound(endTs + 1);
    return this.slice(start, end);
  }

  /** The same bars under another symbol. */
  withSymbol(symbol: string): BarSeries {
    return new BarSeries(symbol, this.barMs, this);
  }
}

/** Appends bars into growing columns without per-bar allocation; `build()` trims to size. */
export class BarSeriesBuilder {
  private readonly symbol: string;
  private readonly barMs: number;
  private capacity: number;
  private count = 0;
  private ts: Float64Array;
  private open: Float64Array;
  private high: Float64Array;
  private low: Float64Array;
  private close: Float64Array;
  private volume: Float64Array;

  constructor(symbol: string, barMs: number, initialCapacity = 1024) {
    this.symbol = symbol;
    this.barMs = barMs;
    this.capacity = Math.max(1, initialCapacity);
    this.ts = new Float64Array(this.capacity);
    this.open = new Float64Array(this.capacity);
    this.high = new Float64Array(this.capacity);
    this.low = new Float64Array(this.capacity);
    this.close = new Float64Array(this.capacity);
    this.volume = new Float64Array(this.capacity);
  }

  get length(): number {
    return this.count;
  }

  /** Close time of the last bar pushed, or NaN when empty. */
  get lastTs(): number {
    return this.count === 0 ? Number.NaN : this.ts[this.count - 1];
  }

  push(ts: number, open: number, high: number, low: number, close: number, volume: number): void {
    if (this.count === this.capacity) this.grow();
    const i = this.count++;
    this.ts[i] = ts;
    this.open[i] = open;
    this.high[i] = high;
    this.low[i] = low;
    this.close[i] = close;
    this.volume[i] = volume;
  }

  build(): BarSeries {
    const n = this.count;
    return new BarSeries(this.symbol, this.barMs, {
      ts: this.ts.slice(0, n),
      open: this.open.slice(0, n),
      high: this.high.slice(0, n),
      low: this.low.slice(0, n),
      close: this.close.slice(0, n),
      volume: this.volume.slice(0, n),
    });
  }

  private grow(): void {
    this.capacity *= 2;
    const grow = (a: Float64Array): Float64Array => {
      const b = new Float64Array(this.capacity);
      b.set(a);
      return b;
    };
    this.ts = grow(this.ts);
    this.open = grow(this.open);
    this.high = grow(this.high);
    this.low = grow(this.low);
    this.close = grow(this.close);
    this.volume = grow(this.volume);
  }
}
