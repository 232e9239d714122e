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

/**
 * The config of one combination: a deep copy of `config` with each dimension's value (picked by
 * `valueIndices`) written into `strategies[<name>].params.<path>`. The parameters are validated
 * when the strategies are built (`ParamReader` errors name the key path).
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
    setPath(instance.params as Record<string, unknown>, dimension.path, dimension.values[valueIndices[d]], dimension.name);
  });
  return copy;
}

/** The combination as `{ "<dimension name>": value }`, in dimension order. */
export function combinationParams(dimensions: readonly GridDimension[], valueIndices: readonly number[]): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  dimensions.forEach((dimension, d) => (out[dimension.name] = dimension.values[valueIndices[d]]));
  return out;
}
