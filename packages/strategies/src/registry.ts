import { RooneyError } from '@rooney/core';
import type { Strategy } from '@rooney/core';
import { IbsStrategy, parseIbsParams } from './ibs/ibs-strategy.ts';
import type { RawParams } from './params.ts';

/** One strategy instance as a config lists it. */
export interface StrategyInstanceSpec {
  readonly name: string;
  /** Implementation name; defaults to `name`. */
  readonly type?: string;
  readonly symbols: readonly string[];
  readonly params: RawParams;
}

/** Builds a strategy from its config spec; `path` names the config location in errors. */
export type StrategyFactory = (spec: StrategyInstanceSpec, path: string) => Strategy;

/** The strategy implementations a config can name under `type` (or `name`). */
export const STRATEGY_FACTORIES: Readonly<Record<string, StrategyFactory>> = {
  ibs: (spec, path) => new IbsStrategy(spec.name, spec.symbols, parseIbsParams(spec.params, `${path}.params`)),
};

/** Builds the strategy a config entry describes. */
export function createStrategy(spec: StrategyInstanceSpec, path: string): Strategy {
  const type = spec.type ?? spec.name;
  const factory = STRATEGY_FACTORIES[type];
  if (factory === undefined) {
    throw new RooneyError(
      'unknown_strategy',
      `${path}.type: unknown strategy "${type}" (known: ${Object.keys(STRATEGY_FACTORIES).join(', ')})`,
      { field: `${path}.type` },
    );
  }
  return factory(spec, path);
}
