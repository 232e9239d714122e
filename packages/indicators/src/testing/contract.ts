import { describe, expect, it } from 'vitest';
import { RooneyError } from '@rooney/core';
import type { BarArrays } from '@rooney/core';
import { ValueIndicator, computeLinesOverValues, computeOverBars } from '../indicator.ts';
import type { Indicator, IndicatorColumns } from '../indicator.ts';
import type { IndicatorDefinition, ParameterValue } from '../registry-types.ts';
import { loadBacktraderBars } from './backtrader-data.ts';

/** Documented exceptions and overrides for `describeIndicatorContract`. */
export interface ContractOptions {
  /** Parameter overrides on top of the definition's defaults. */
  readonly parameters?: Readonly<Record<string, ParameterValue>>;
  /** Bars to feed; default Backtrader's `2006-day-001.txt` (255 daily bars, synthetic volume). */
  readonly bars?: BarArrays;
  /**
   * The indicator becomes ready on a time boundary rather than after a fixed number of inputs
   * (e.g. pivot points need one completed period). The suite then checks that `isReady` is
   * false exactly while the main value is NaN, instead of checking the index `warmUp - 1`.
   */
  readonly warmUpDependsOnData?: boolean;
  /** Expected `warmUp` for the chosen parameters, from an independent count. */
  readonly expectedWarmUp?: number;
  /** Expected `lineWarmUp` of each named line (others: `warmUp`), from an independent count. */
  readonly expectedLineWarmUps?: Readonly<Record<string, number>>;
  /** Lines that may legitimately be NaN after warm-up (a documented degenerate case). */
  readonly linesMayBeNaN?: readonly string[];
}

/** The definition's defaults overridden by `overrides`. */
export function parametersOf(
  definition: IndicatorDefinition,
  overrides: Readonly<Record<string, ParameterValue>> = {},
): Record<string, ParameterValue> {
  const parameters: Record<string, ParameterValue> = {};
  for (const spec of definition.parameters) parameters[spec.name] = spec.default;
  return { ...parameters, ...overrides };
}

/** Feeds `bars` one by one to `indicator` (not reset) and records every line after every bar. */
export function streamBars(indicator: Indicator, bars: BarArrays): IndicatorColumns {
  const columns = indicator.lines.map(() => new Float64Array(bars.length));
  for (let i = 0; i < bars.length; i++) {
    indicator.updateBar(bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i], bars.ts[i]);
    for (let k = 0; k < columns.length; k++) columns[k][i] = indicator.line(k);
  }
  const out: IndicatorColumns = {};
  indicator.lines.forEach((name, k) => (out[name] = columns[k]));
  return out;
}

/** Index of the first element of `a` and `b` that differs (NaN equals NaN, 0 differs from -0), or -1. */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

function expectSameColumns(actual: IndicatorColumns, expected: IndicatorColumns): void {
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  for (const name of Object.keys(expected)) {
    const at = firstDifference(actual[name], expected[name]);
    expect(at, `line "${name}" differs at bar ${at}: ${actual[name][at]} vs ${expected[name][at]}`).toBe(-1);
  }
}

/** Out-of-range values of each parameter, from its spec (bounds, integer, choices). */
function badValues(definition: IndicatorDefinition): Array<{ name: string; value: ParameterValue }> {
  const bad: Array<{ name: string; value: ParameterValue }> = [];
  for (const spec of definition.parameters) {
    if (typeof spec.default === 'number') {
      if (spec.min !== undefined) bad.push({ name: spec.name, value: spec.min - 1 });
      if (spec.max !== undefined) bad.push({ name: spec.name, value: spec.max + 1 });
      if (spec.integer === true) bad.push({ name: spec.name, value: spec.default + 0.5 });
      bad.push({ name: spec.name, value: Number.NaN });
    }
    if (spec.choices !== undefined) bad.push({ name: spec.name, value: 'no-such-choice' });
  }
  return bad;
}

/**
 * The contract every registered indicator must meet (LEAN `CommonIndicatorTests`, trading-signals
 * `testIndicatorContract`), run on real data:
 * - the definition is well formed (lower-case name, defaults inside their bounds, lines match);
 * - each line NaN before its own warm-up (`lineWarmUp`) and finite from it; `warmUp` is the largest
 *   line warm-up, and `isReady` flips exactly at input `warmUp` (or, with `warmUpDependsOnData`,
 *   every line is NaN until `isReady` flips, exactly when the main value becomes defined);
 * - `updateBar` returns `value`, which is `line(0)`; `samples` counts inputs;
 * - `reset()` mid-stream gives a fresh indicator whose re-fed values are identical;
 * - the whole-array forms (`computeOverBars`, and `computeLinesOverValues` on closes for value
 *   indicators) equal bar-by-bar streaming on every bar;
 * - out-of-range parameters throw a `RooneyError` whose message quotes the value;
 * - determinism: two instances, fed interleaved, produce bit-identical output.
 */
export function describeIndicatorContract(definition: IndicatorDefinition, options: ContractOptions = {}): void {
  const parameters = parametersOf(definition, options.parameters);
  const label = `${definition.name}(${Object.entries(parameters)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ')})`;

  describe(`indicator contract: ${label}`, () => {
    const bars = options.bars ?? loadBacktraderBars();
    const create = (): Indicator => definition.create(parameters);
    const mayBeNaN = new Set(options.linesMayBeNaN ?? []);

    it('has a well-formed definition', () => {
      expect(definition.name).toMatch(/^[a-z][a-z0-9]*$/);
      expect(definition.title.length).toBeGreaterThan(0);
      expect(definition.description.length).toBeGreaterThan(0);
      expect(definition.lines.length).toBeGreaterThan(0);
      for (const spec of definition.parameters) {
        expect(spec.description.length, spec.name).toBeGreaterThan(0);
        if (typeof spec.default === 'number') {
          if (spec.min !== undefined) expect(spec.default, spec.name).toBeGreaterThanOrEqual(spec.min);
          if (spec.max !== undefined) expect(spec.default, spec.name).toBeLessThanOrEqual(spec.max);
          if (spec.integer === true) expect(Number.isInteger(spec.default), spec.name).toBe(true);
        }
        if (spec.choices !== undefined) expect(spec.choices).toContain(spec.default);
      }
      const indicator = create();
      expect(indicator.lines).toEqual(definition.lines);
      expect(indicator instanceof ValueIndicator).toBe(definition.input === 'value');
      expect(Number.isInteger(indicator.warmUp) && indicator.warmUp >= 1).toBe(true);
      if (options.expectedWarmUp !== undefined) expect(indicator.warmUp).toBe(options.expectedWarmUp);
      const lineWarmUps = indicator.lines.map((_, k) => indicator.lineWarmUp(k));
      for (const warmUp of lineWarmUps) expect(Number.isInteger(warmUp) && warmUp >= 1 && warmUp <= indicator.warmUp).toBe(true);
      expect(Math.max(...lineWarmUps)).toBe(indicator.warmUp);
      const expectedLines = indicator.lines.map((name) => options.expectedLineWarmUps?.[name] ?? indicator.warmUp);
      expect(Object.fromEntries(indicator.lines.map((name, k) => [name, lineWarmUps[k]]))).toEqual(
        Object.fromEntries(indicator.lines.map((name, k) => [name, expectedLines[k]])),
      );
      expect(bars.length).toBeGreaterThan(indicator.warmUp);
    });

    it('is NaN before warm-up, ready exactly at warm-up, finite after', () => {
      const indicator = create();
      expect(indicator.isReady).toBe(false);
      // Problems are collected (first few kept) rather than asserted per bar, to keep the suite fast.
      const problems: string[] = [];
      const report = (text: string): void => {
        if (problems.length < 5) problems.push(text);
      };
      let readyAt = -1;
      for (let i = 0; i < bars.length; i++) {
        const returned = indicator.updateBar(
          bars.open[i],
          bars.high[i],
          bars.low[i],
          bars.close[i],
          bars.volume[i],
          bars.ts[i],
        );
        const ready = indicator.isReady;
        if (indicator.samples !== i + 1) report(`bar ${i}: samples ${indicator.samples}`);
        if (!Object.is(returned, indicator.value)) report(`bar ${i}: returned ${returned}, value ${indicator.value}`);
        if (!Object.is(indicator.value, indicator.line(0))) report(`bar ${i}: value is not line(0)`);
        const expectedReady =
          options.warmUpDependsOnData === true ? Number.isFinite(indicator.value) : i + 1 >= indicator.warmUp;
        if (ready !== expectedReady) report(`bar ${i}: isReady ${ready}, expected ${expectedReady}`);
        if (readyAt >= 0 && !ready) report(`bar ${i}: not ready any more`);
        if (ready && readyAt < 0) readyAt = i;
        for (let k = 0; k < indicator.lines.length; k++) {
          const v = indicator.line(k);
          const name = indicator.lines[k];
          const lineReady = options.warmUpDependsOnData === true ? ready : i + 1 >= indicator.lineWarmUp(k);
          if (!lineReady && !Number.isNaN(v)) report(`line "${name}" at bar ${i} is ${v} before its warm-up`);
          if (lineReady && !mayBeNaN.has(name) && !Number.isFinite(v)) report(`line "${name}" at bar ${i} is ${v}`);
        }
      }
      expect(problems).toEqual([]);
      expect(readyAt, 'became ready').toBeGreaterThanOrEqual(0);
      if (options.warmUpDependsOnData !== true) expect(readyAt).toBe(create().warmUp - 1);
    });

    it('gives identical values after reset()', () => {
      const fresh = streamBars(create(), bars);
      const indicator = create();
      const half = Math.floor(bars.length / 2);
      streamBars(indicator, { ...bars, length: half });
      indicator.reset();
      expect(indicator.isReady).toBe(false);
      expect(indicator.samples).toBe(0);
      indicator.lines.forEach((_, k) => expect(indicator.line(k)).toBeNaN());
      expectSameColumns(streamBars(indicator, bars), fresh);
    });

    it('whole-array form equals bar-by-bar streaming', () => {
      const streamed = streamBars(create(), bars);
      const reused = create();
      streamBars(reused, { ...bars, length: 7 }); // computeOverBars must reset first
      expectSameColumns(computeOverBars(reused, bars), streamed);
      const indicator = create();
      if (indicator instanceof ValueIndicator) {
        expectSameColumns(computeLinesOverValues(indicator, bars.close), streamed);
      }
    });

    it('rejects out-of-range parameters with a RooneyError quoting the value', () => {
      for (const { name, value } of badValues(definition)) {
        let thrown: unknown;
        try {
          definition.create({ ...parameters, [name]: value });
        } catch (error) {
          thrown = error;
        }
        expect(thrown, `${name}=${String(value)} should throw`).toBeInstanceOf(RooneyError);
        expect((thrown as RooneyError).message, `${name}=${String(value)}`).toContain(String(value));
        expect((thrown as RooneyError).message, `${name}=${String(value)}`).toContain(name);
      }
    });

    it('is deterministic across instances fed interleaved', () => {
      const a = create();
      const b = create();
      const columnsA = a.lines.map(() => new Float64Array(bars.length));
      const columnsB = b.lines.map(() => new Float64Array(bars.length));
      for (let i = 0; i < bars.length; i++) {
        a.updateBar(bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i], bars.ts[i]);
        b.updateBar(bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i], bars.ts[i]);
        for (let k = 0; k < a.lines.length; k++) {
          columnsA[k][i] = a.line(k);
          columnsB[k][i] = b.line(k);
        }
      }
      for (let k = 0; k < a.lines.length; k++) expect(firstDifference(columnsA[k], columnsB[k])).toBe(-1);
      expectSameColumns(streamBars(create(), bars), Object.fromEntries(a.lines.map((n, k) => [n, columnsA[k]])));
    });
  });
}
