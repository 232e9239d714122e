import { RooneyError } from '@rooney/core';
import type { RooneyConfig } from '../config/schema.ts';
import type { GridDimension, ParamValue } from './grid.ts';

/** Checks that every dimension names a strategy instance of the config. */
export function checkDimensions(config: RooneyConfig, dimensions: readonly GridDimension[]): void {
  const names = config.strategies.map((s) => s.name);
  for (const dimension of dimensions) {
    if (!names.includes(dimension.strategy)) {
      throw new RooneyError(
        'bad_option',
        `--grid ${dimension.name}: no strategy named "${dimension.strategy}" in the config (have ${names.join(', ')})`,
      );
    }
  }
}

/** Sets `value` at `path` inside a JSON-like tree, creating records on the way; numeric parts index lists. */
function setPath(root: Record<string, unknown>, path: readonly string[], value: ParamValue, label: string): void {
  let node: unknown = root;
  for (let k = 0; k < path.length; k++) {
    const key = path[k];
    const last = k === path.length - 1;
    if (Array.isArray(node)) {
      const index = Number(key);
      if (!Number.isInteger(index) || index < 0 || index >= node.length) {
        throw new RooneyError('bad_option', `--grid ${label}: "${key}" is not an index of a list of ${node.length}`);
      }
      if (last) node[index] = value;
      else node = node[index];
      continue;
    }
    if (node === null || typeof node !== 'object') {
      throw new RooneyError('bad_option', `--grid ${label}: "${path.slice(0, k).join('.')}" is not a mapping or a list`);
    }
    const record = node as Record<string, unknown>;
    if (last) record[key] = value;
    else {
      if (record[key] === undefined || record[key] === null) record[key] = {};
      node = record[key];
    }
  }
}

/** A per-symbol override (`contracts.<symbol>.strategy_overrides.<strategy>`) of a swept parameter. */
export interface SweptOverride {
  readonly symbol: string;
  /** The dimension's name, e.g. `ibs.entry_long_below`. */
  readonly parameter: string;
  /** The value the config sets for that symbol, which the sweep replaces. */
  readonly override: unknown;
}

/** The value at `path` inside a JSON-like tree, and whether the whole path is there. */
function valueAt(root: unknown, path: readonly string[]): { found: boolean; value: unknown } {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return { found: false, value: undefined };
    const next = (node as Record<string, unknown>)[key];
    if (next === undefined) return { found: false, value: undefined };
    node = next;
  }
  return { found: true, value: node };
}

/**
 * Per-symbol overrides that set a parameter the sweep varies. Left alone they would beat the swept
 * value for their symbol (an override is merged over the instance's params), so the sweep writes
 * its value into them too (`applyCombination`) and the report lists them.
 */
export function sweptOverrides(config: RooneyConfig, dimensions: readonly GridDimension[]): SweptOverride[] {
  const out: SweptOverride[] = [];
  for (const dimension of dimensions) {
    for (const [symbol, contract] of Object.entries(config.contracts)) {
      const { found, value } = valueAt(contract.strategy_overrides?.[dimension.strategy], dimension.path);
      if (found) out.push({ symbol, parameter: dimension.name, override: value });
    }
  }
  return out;
}

/**
 * The config of one combination: a deep copy of `config` with each dimension's value (picked by
 * `valueIndices`) written into `strategies[<name>].params.<path>`, and into every per-symbol
 * override of that strategy that sets the same parameter (`sweptOverrides`): the sweep's value
 * applies to every symbol. The parameters are validated when the strategies are built
 * (`ParamReader` errors name the key path).
 */
export function applyCombination(
  config: RooneyConfig,
  dimensions: readonly GridDimension[],
  valueIndices: readonly number[],
): RooneyConfig {
  const copy = structuredClone(config) as RooneyConfig;
  dimensions.forEach((dimension, d) => {
    const instance = copy.strategies.find((s) => s.name === dimension.strategy);
    if (instance === undefined) {
      throw new RooneyError('bad_option', `--grid ${dimension.name}: no strategy named "${dimension.strategy}" in the config`);
    }
    const value = dimension.values[valueIndices[d]];
    setPath(instance.params as Record<string, unknown>, dimension.path, value, dimension.name);
    for (const contract of Object.values(copy.contracts)) {
      const override = contract.strategy_overrides?.[dimension.strategy];
      if (valueAt(override, dimension.path).found) setPath(override as Record<string, unknown>, dimension.path, value, dimension.name);
    }
  });
  return copy;
}

/** One line per swept parameter that replaced per-symbol overrides, e.g. `ibs.entry_long_below: ES (was 0.15)`. */
export function sweptOverridesText(overrides: readonly SweptOverride[]): string[] {
  const byParameter = new Map<string, string[]>();
  for (const o of overrides) {
    const list = byParameter.get(o.parameter) ?? [];
    list.push(`${o.symbol} (was ${JSON.stringify(o.override)})`);
    byParameter.set(o.parameter, list);
  }
  return [...byParameter].map(([parameter, symbols]) => `${parameter}: ${symbols.join(', ')}`);
}

/** The combination as `{ "<dimension name>": value }`, in dimension order. */
export function combinationParams(dimensions: readonly GridDimension[], valueIndices: readonly number[]): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  dimensions.forEach((dimension, d) => (out[dimension.name] = dimension.values[valueIndices[d]]));
  return out;
}
