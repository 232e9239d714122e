import { RooneyError } from '@rooney/core';
import type { Strategy } from '@rooney/core';
import { ParamReader } from '../params.ts';
import type { RawParams } from '../params.ts';
import type { StrategyInstanceSpec } from '../registry.ts';
import { createAlpha } from './alpha-factories.ts';
import { BlendedStrategy } from './blended-strategy.ts';
import type { WeightedAlpha } from './blended-strategy.ts';

/** One alpha of a blend as a config lists it. */
export interface BlendAlphaSpec {
  /** Alpha name, unique in the blend (default: its type). */
  readonly name: string;
  readonly type: string;
  readonly weight: number;
  readonly params: RawParams;
}

/** Parameters of `type: blend`. */
export interface BlendParams {
  readonly size: number;
  readonly alphas: readonly BlendAlphaSpec[];
}

/**
 * Reads blend parameters:
 * `{ size: 2, alphas: [{ type: donchian, weight: 0.5, params: {...} }, { type: rsi2, name: fast, weight: 0.5 }] }`.
 */
export function parseBlendParams(raw: RawParams, path = 'params'): BlendParams {
  const reader = new ParamReader(raw, path);
  const size = reader.number('size', 1, { min: 1, integer: true });
  const list = reader.list('alphas');
  reader.rejectUnknown();
  if (list.length === 0) throw new ParamReader(raw, `${path}.alphas`).failWith('a list of at least one alpha', raw.alphas ?? null);
  const names = new Set<string>();
  const alphas = list.map((item, k): BlendAlphaSpec => {
    const itemPath = `${path}.alphas[${k}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw new ParamReader({}, itemPath).failWith('a mapping', item);
    const alphaReader = new ParamReader(item as RawParams, itemPath);
    const type = alphaReader.text('type', '');
    const name = alphaReader.optionalText('name') ?? type;
    const weight = alphaReader.number('weight', 1, { min: 0 });
    const params = alphaReader.record('params');
    alphaReader.rejectUnknown();
    if (names.has(name)) {
      throw new RooneyError('invalid_parameter', `${itemPath}.name: two alphas are named "${name}" (set "name" to tell them apart)`, {
        field: `${itemPath}.name`,
      });
    }
    names.add(name);
    return { name, type, weight, params };
  });
  return { size, alphas };
}

/** Registry factory of `type: blend`: every alpha trades all of the instance's symbols. */
export function createBlendStrategy(spec: StrategyInstanceSpec, path: string): Strategy {
  const overrides = Object.keys(spec.environment?.symbolOverrides ?? {});
  if (overrides.length > 0) {
    throw new RooneyError('invalid_parameter', `${path}: per-symbol overrides (${overrides.join(', ')}) are not supported for a blend`);
  }
  const params = parseBlendParams(spec.params, `${path}.params`);
  const alphas: WeightedAlpha[] = params.alphas.map((alpha, k) => ({
    alpha: createAlpha(alpha.type, alpha.name, spec.symbols, alpha.params, `${path}.params.alphas[${k}]`),
    weight: alpha.weight,
  }));
  return new BlendedStrategy(spec.name, spec.symbols, alphas, { size: params.size });
}
