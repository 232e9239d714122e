import type { BarView } from '../ports.ts';
import type { BarArrays } from '../types.ts';

/**
 * A `BarView` over a columnar series whose visible length the engine advances as bars close.
 * Reads past the visible end return NaN, so a strategy cannot see a bar before it closed.
 */
export class SeriesView implements BarView {
  readonly series: BarArrays;
  length = 0;

  constructor(series: BarArrays) {
    this.series = series;
  }

  get symbol(): string {
    return this.series.symbol;
  }

  get barMs(): number {
    return this.series.barMs;
  }

  get lastIndex(): number {
    return this.length - 1;
  }

  ts(ago = 0): number {
    return this.read(this.series.ts, ago);
  }

  open(ago = 0): number {
    return this.read(this.series.open, ago);
  }

  high(ago = 0): number {
    return this.read(this.series.high, ago);
  }

  low(ago = 0): number {
    return this.read(this.series.low, ago);
  }

  close(ago = 0): number {
    return this.read(this.series.close, ago);
  }

  volume(ago = 0): number {
    return this.read(this.series.volume, ago);
  }

  private read(column: Float64Array, ago: number): number {
    const index = this.length - 1 - ago;
    return index >= 0 && ago >= 0 ? column[index] : Number.NaN;
  }
}
