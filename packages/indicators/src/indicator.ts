import type { BarArrays } from '@rooney/core';

/**
 * The contract every indicator follows (LEAN `IIndicator`, trading-signals `Indicator`):
 * - `updateBar(...)` (and `update(value)` for indicators of one input) feeds one completed bar in
 *   O(1) and returns the new main value;
 * - `value` is the main line (`lines[0]`), `line(i)` any output line, each `NaN` until it is warm;
 * - every line is defined from its own warm-up, `lineWarmUp(i)` inputs (Backtrader's minimum period
 *   of the indicator computing that line alone: ADX after 2 × period even though ADXR needs
 *   3 × period), and `warmUp` is the largest of them, the inputs after which every line is defined
 *   (Backtrader's minimum period of the whole indicator); `isReady` tells whether that is reached;
 * - `reset()` returns the indicator to its freshly constructed state.
 * Inputs are passed positionally so that no object is allocated per update.
 */
export abstract class Indicator {
  /** Output line names; `lines[0]` is the main value. */
  abstract readonly lines: readonly string[];
  /** Number of inputs needed before every line is defined (the largest `lineWarmUp`). */
  abstract readonly warmUp: number;
  /** Current value of every output line, `NaN` until warm. */
  protected readonly outputs: Float64Array;
  /** Inputs seen since construction or the last reset. */
  protected count = 0;

  protected constructor(lineCount = 1) {
    this.outputs = new Float64Array(lineCount).fill(Number.NaN);
  }

  /** The main output (`lines[0]`). */
  get value(): number {
    return this.outputs[0];
  }

  /** Output line `index` (see `lines`). */
  line(index: number): number {
    return this.outputs[index];
  }

  /**
   * Number of inputs needed before output line `index` is defined. Lines that take fewer inputs
   * than others are not held back: each shows from its own warm-up. Default: `warmUp`.
   */
  lineWarmUp(_index: number): number {
    return this.warmUp;
  }

  /** True once every line is defined (`warmUp` inputs seen); a line may be defined earlier. */
  get isReady(): boolean {
    return this.count >= this.warmUp;
  }

  /** Number of inputs seen. */
  get samples(): number {
    return this.count;
  }

  /**
   * Feeds one completed bar; returns the main value.
   *
   * Subclasses must declare all six parameters (unused ones with a leading `_`, optional `?` ones
   * allowed): an override that declares fewer still satisfies this signature, but then calling it
   * with six arguments on the subclass type fails to type-check (`Expected 4 arguments, but got 6`).
   */
  abstract updateBar(open: number, high: number, low: number, close: number, volume: number, ts: number): number;

  /** Back to the freshly constructed state. Subclasses clear their own state then call `super.reset()`. */
  reset(): void {
    this.count = 0;
    this.outputs.fill(Number.NaN);
  }
}

/** An indicator of one input series (close by default when fed bars). */
export abstract class ValueIndicator extends Indicator {
  /** Feeds one value; returns the main value. */
  abstract update(value: number): number;

  /** Feeds the bar's close to `update`. */
  updateBar(_open: number, _high: number, _low: number, close: number, _volume: number, _ts: number): number {
    return this.update(close);
  }
}

/** Output lines of an indicator computed over whole arrays, by line name. */
export type IndicatorColumns = Record<string, Float64Array>;

/**
 * The whole-array form of any indicator: feeds every bar of `bars` through the streaming code and
 * collects each output line. Bar `i` of each column is the value after bar `i`.
 */
export function computeOverBars(indicator: Indicator, bars: BarArrays): IndicatorColumns {
  indicator.reset();
  const n = bars.length;
  const columns = indicator.lines.map(() => new Float64Array(n));
  const { ts, open, high, low, close, volume } = bars;
  for (let i = 0; i < n; i++) {
    indicator.updateBar(open[i], high[i], low[i], close[i], volume[i], ts[i]);
    for (let k = 0; k < columns.length; k++) columns[k][i] = indicator.line(k);
  }
  const out: IndicatorColumns = {};
  indicator.lines.forEach((name, k) => (out[name] = columns[k]));
  return out;
}

/** The whole-array form of an indicator of one input: the main line after each value. */
export function computeOverValues(indicator: ValueIndicator, values: ArrayLike<number>): Float64Array {
  indicator.reset();
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = indicator.update(values[i]);
  return out;
}

/** Like `computeOverValues` but returns every output line by name. */
export function computeLinesOverValues(indicator: ValueIndicator, values: ArrayLike<number>): IndicatorColumns {
  indicator.reset();
  const columns = indicator.lines.map(() => new Float64Array(values.length));
  for (let i = 0; i < values.length; i++) {
    indicator.update(values[i]);
    for (let k = 0; k < columns.length; k++) columns[k][i] = indicator.line(k);
  }
  const out: IndicatorColumns = {};
  indicator.lines.forEach((name, k) => (out[name] = columns[k]));
  return out;
}
