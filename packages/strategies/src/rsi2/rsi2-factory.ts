import type { Strategy } from '@rooney/core';
import { mergeParams } from '../params.ts';
import type { StrategyInstanceSpec } from '../registry.ts';
import { parseRsi2Params } from './rsi2-rules.ts';
import type { Rsi2Params } from './rsi2-rules.ts';
import { Rsi2Strategy } from './rsi2-strategy.ts';

/** Registry factory of `type: rsi2` (per-symbol overrides as for IBS). */
export function createRsi2Strategy(spec: StrategyInstanceSpec, path: string): Strategy {
  const perSymbol: Record<string, Rsi2Params> = {};
  for (const [symbol, override] of Object.entries(spec.environment?.symbolOverrides ?? {})) {
    perSymbol[symbol] = parseRsi2Params(mergeParams(spec.params, override), `contracts.${symbol}.strategy_overrides.${spec.name}`);
  }
  return new Rsi2Strategy(spec.name, spec.symbols, { params: parseRsi2Params(spec.params, `${path}.params`), perSymbol });
}
