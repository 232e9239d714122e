import { RooneyError } from '@rooney/core';
import { DonchianRules, parseDonchianParams } from '../donchian/donchian-rules.ts';
import type { RawParams } from '../params.ts';
import { Rsi2Rules, parseRsi2Params } from '../rsi2/rsi2-rules.ts';
import type { AlphaModel } from './alpha-model.ts';
import { IbsRules, parseIbsRuleParams } from './ibs-rules.ts';
import { RulesAlpha } from './rules-alpha.ts';
import { timeframeCode } from './strategy-timeframe.ts';

/** Builds an alpha from its config entry; `path` names the config location of `params` in errors. */
export type AlphaFactory = (name: string, symbols: readonly string[], params: RawParams, path: string) => AlphaModel;

/**
 * The alphas a `blend` strategy can name under `type`. Each takes the same `params` as the
 * strategy of the same name (IBS without `filters`, `entry_order`, `size`; Donchian and RSI(2)
 * without `size`, which belongs to the blend).
 */
export const ALPHA_FACTORIES: Readonly<Record<string, AlphaFactory>> = {
  donchian: (name, symbols, raw, path) => {
    const params = parseDonchianParams(withoutSize(raw, path), path);
    return new RulesAlpha(name, symbols, timeframeCode(params.timeframe), () => new DonchianRules(params));
  },
  rsi2: (name, symbols, raw, path) => {
    const params = parseRsi2Params(withoutSize(raw, path), path);
    return new RulesAlpha(name, symbols, timeframeCode(params.timeframe), () => new Rsi2Rules(params));
  },
  ibs: (name, symbols, raw, path) => {
    const params = parseIbsRuleParams(raw, path);
    return new RulesAlpha(name, symbols, timeframeCode(params.timeframe), () => new IbsRules(params));
  },
};

/** Builds the alpha of `type`; `path` is the alpha's config entry (`strategies[0].params.alphas[1]`). */
export function createAlpha(type: string, name: string, symbols: readonly string[], params: RawParams, path: string): AlphaModel {
  const factory = ALPHA_FACTORIES[type];
  if (factory === undefined) {
    throw new RooneyError('unknown_alpha', `${path}.type: unknown alpha type "${type}" (known: ${Object.keys(ALPHA_FACTORIES).join(', ')})`, {
      field: `${path}.type`,
    });
  }
  return factory(name, symbols, params, `${path}.params`);
}

/** Position size belongs to the blend: an alpha's `size` is refused like any unknown key. */
function withoutSize(raw: RawParams, path: string): RawParams {
  if (raw.size !== undefined) {
    throw new RooneyError('unknown_parameter', `${path}.size: an alpha has no size; set "size" on the blend`, { field: `${path}.size` });
  }
  return raw;
}
