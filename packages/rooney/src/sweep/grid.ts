import { RooneyError, Rng } from '@rooney/core';

/** One value a swept parameter takes. */
export type ParamValue = number | string | boolean;

/** One swept parameter: `<strategy instance>.<param path>` and its values, in sweep order. */
export interface GridDimension {
  /** The flag's left-hand side, e.g. `ibs.entry_long_below` or `mix.alphas.0.weight`. */
  readonly name: string;
  /** Strategy instance name from the config (`strategies[].name`). */
  readonly strategy: string;
  /** Path inside that instance's `params` (numeric parts index lists). */
  readonly path: readonly string[];
  readonly values: readonly ParamValue[];
}

/** The full grid is listed only up to this many combinations; beyond it use `--random N`. */
export const MAX_GRID_COMBINATIONS = 1_000_000;

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Decimal places of a plain decimal literal (`0.05` → 2). */
function decimals(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/**
 * Values of `start:stop:step`, stop included when the steps land on it. Computed on integers
 * scaled by 10^decimals, so `0.1:0.3:0.05` is exactly 0.1, 0.15, 0.2, 0.25, 0.3 (each the double
 * nearest its decimal), never 0.30000000000000004 or a missing last step.
 */
export function decimalRange(startText: string, stopText: string, stepText: string, flag: string): number[] {
  for (const [part, text] of [['start', startText], ['stop', stopText], ['step', stepText]] as const) {
    if (!DECIMAL.test(text)) throw new RooneyError('bad_option', `${flag}: range ${part} must be a plain decimal number like 0.05, was "${text}"`);
  }
  const places = Math.max(decimals(startText), decimals(stopText), decimals(stepText));
  if (places > 12) throw new RooneyError('bad_option', `${flag}: at most 12 decimal places in a range, had ${places}`);
  const scale = 10 ** places;
  const start = Math.round(Number(startText) * scale);
  const stop = Math.round(Number(stopText) * scale);
  const step = Math.round(Number(stepText) * scale);
  if (!(step > 0)) throw new RooneyError('bad_option', `${flag}: range step must be > 0, was ${stepText}`);
  if (stop < start) throw new RooneyError('bad_option', `${flag}: range stop ${stopText} is below its start ${startText}`);
  const count = Math.floor((stop - start) / step) + 1;
  if (count > MAX_GRID_COMBINATIONS) throw new RooneyError('bad_option', `${flag}: range has ${count} values; use a larger step`);
  return Array.from({ length: count }, (_, k) => (start + k * step) / scale);
}

function listValue(text: string): ParamValue {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return Number(text);
  return text;
}

/**
 * Parses one `--grid` flag: `name.param=start:stop:step` (decimal-safe, stop inclusive) or
 * `name.param=a,b,c` (numbers, `true`/`false`, or text such as `hour,day`). `name` is a strategy
 * instance name from the config; the param may be a dotted path into nested params
 * (`mix.alphas.0.weight`).
 */
export function parseGridFlag(text: string): GridDimension {
  const flag = `--grid ${text}`;
  const equals = text.indexOf('=');
  if (equals < 0) throw new RooneyError('bad_option', `${flag}: expected name.param=start:stop:step or name.param=a,b,c`);
  const name = text.slice(0, equals).trim();
  const spec = text.slice(equals + 1).trim();
  const parts = name.split('.');
  if (parts.length < 2 || parts.some((part) => part === '')) {
    throw new RooneyError('bad_option', `${flag}: the left side must be <strategy name>.<param>, was "${name}"`);
  }
  if (spec === '') throw new RooneyError('bad_option', `${flag}: no values after "="`);
  let values: ParamValue[];
  const range = spec.split(':');
  if (range.length === 3) values = decimalRange(range[0].trim(), range[1].trim(), range[2].trim(), flag);
  else if (range.length === 1) values = spec.split(',').map((item) => listValue(item.trim()));
  else throw new RooneyError('bad_option', `${flag}: a range needs three parts start:stop:step, had ${range.length}`);
  if (values.some((value) => value === '')) throw new RooneyError('bad_option', `${flag}: empty value in the list`);
  const seen = new Set(values.map((value) => JSON.stringify(value)));
  if (seen.size !== values.length) throw new RooneyError('bad_option', `${flag}: a value is listed twice`);
  return { name, strategy: parts[0], path: parts.slice(1), values };
}

/** Parses every `--grid` flag; the same parameter may not be swept twice. */
export function parseGrid(flags: readonly string[]): GridDimension[] {
  if (flags.length === 0) throw new RooneyError('bad_option', 'give at least one --grid name.param=values');
  const dimensions = flags.map(parseGridFlag);
  const names = new Set<string>();
  for (const dimension of dimensions) {
    if (names.has(dimension.name)) throw new RooneyError('bad_option', `--grid ${dimension.name} is given twice`);
    names.add(dimension.name);
  }
  return dimensions;
}

/** Number of combinations of the full grid. */
export function gridSize(dimensions: readonly GridDimension[]): number {
  return dimensions.reduce((product, dimension) => product * dimension.values.length, 1);
}

/**
 * Value indices of combination `index` of the full grid, in mixed radix with the FIRST dimension
 * varying slowest (the order of nested loops written in flag order).
 */
export function combinationAt(dimensions: readonly GridDimension[], index: number): number[] {
  const out = new Array<number>(dimensions.length);
  let rest = index;
  for (let d = dimensions.length - 1; d >= 0; d--) {
    const size = dimensions[d].values.length;
    out[d] = rest % size;
    rest = Math.floor(rest / size);
  }
  return out;
}

/**
 * `count` distinct grid indices drawn uniformly without replacement with `new Rng(seed)` (Floyd's
 * algorithm: exactly `count` draws, memory O(count)), returned in ascending order so the run order
 * does not depend on the draw order. All indices when `count >= total`.
 */
export function sampleGridIndices(total: number, count: number, seed: number): number[] {
  if (!(Number.isInteger(count) && count >= 1)) throw new RooneyError('bad_option', `--random must be an integer >= 1, was ${count}`);
  if (count >= total) return Array.from({ length: total }, (_, k) => k);
  const rng = new Rng(seed);
  const chosen = new Set<number>();
  for (let j = total - count; j < total; j++) {
    const t = rng.int(j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen].sort((a, b) => a - b);
}

/** The grid indices a run visits: the full grid in order, or a deterministic random sample of it. */
export function selectGridIndices(dimensions: readonly GridDimension[], random: number | undefined, seed: number): number[] {
  const total = gridSize(dimensions);
  if (random !== undefined) return sampleGridIndices(total, random, seed);
  if (total > MAX_GRID_COMBINATIONS) {
    throw new RooneyError('bad_option', `the grid has ${total} combinations (more than ${MAX_GRID_COMBINATIONS}); sample it with --random N`);
  }
  return Array.from({ length: total }, (_, k) => k);
}
