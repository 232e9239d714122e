import { RooneyError } from '@rooney/core';
import type { Strategy } from '@rooney/core';
import { IbsStrategy, parseIbsParams } from './ibs/ibs-strategy.ts';
import type { IbsParams } from './ibs/ibs-strategy.ts';
import { mergeParams } from './params.ts';
import type { RawParams } from './params.ts';
import type { SignalScorer } from './signals.ts';
import { createDonchianStrategy } from './donchian/donchian-factory.ts';
import { createRsi2Strategy } from './rsi2/rsi2-factory.ts';
import { createBlendStrategy } from './blend/blend-factory.ts';

/** What the run knows that a strategy may use: data available, pairs, overrides, ML scorers. */
export interface StrategyEnvironment {
  /** Loaded symbols and their finest bar size in ms. */
  readonly available?: Readonly<Record<string, number>>;
  readonly pairs?: Readonly<Record<string, string>>;
  /** Per-symbol parameter overrides of this instance (`contracts.<SYM>.strategy_overrides.<name>`). */
  readonly symbolOverrides?: Readonly<Record<string, RawParams>>;
  readonly recordSignals?: boolean;
  readonly scorers?: ReadonlyMap<string, SignalScorer>;
}

/** One strategy instance as a config lists it. */
export interface StrategyInstanceSpec {
  readonly name: string;
  /** Implementation name; defaults to `name`. */
  readonly type?: string;
  readonly symbols: readonly string[];
  readonly params: RawParams;
  readonly environment?: StrategyEnvironment;
}

/** Builds a strategy from its config spec; `path` names the config location in errors. */
export type StrategyFactory = (spec: StrategyInstanceSpec, path: string) => Strategy;


function createIbs(spec: StrategyInstanceSpec, path: string): Strategy {
  const env = spec.environment ?? {};
  const perSymbol: Record<string, IbsParams> = {};
  for (const [symbol, override] of Object.entries(env.symbolOverrides ?? {})) {
    perSymbol[symbol] = parseIbsParams(mergeParams(spec.params, override), `contracts.${symbol}.strategy_overrides.${spec.name}`);
  }
  return new IbsStrategy(spec.name, spec.symbols, {
    params: parseIbsParams(spec.params, `${path}.params`),
    perSymbol,
    ...(env.available !== undefined ? { available: env.available } : {}),
    ...(env.pairs !== undefined ? { pairs: env.pairs } : {}),
    ...(env.scorers !== undefined ? { scorers: env.scorers } : {}),
    ...(env.recordSignals !== undefined ? { recordSignals: env.recordSignals } : {}),
  });
}

/** The strategy implementations a config can name under `type` (or `name`). */
export const STRATEGY_FACTORIES: Readonly<Record<string, StrategyFactory>> = {
  ibs: createIbs,
  donchian: createDonchianStrategy,
  rsi2: createRsi2Strategy,
  blend: createBlendStrategy,
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
