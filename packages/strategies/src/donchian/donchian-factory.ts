import type { Strategy } from '@rooney/core';
import { mergeParams } from '../params.ts';
import type { StrategyInstanceSpec } from '../registry.ts';
import { parseDonchianParams } from './donchian-rules.ts';
import type { DonchianParams } from './donchian-rules.ts';
import { DonchianStrategy } from './donchian-strategy.ts';

/** Registry factory of `type: donchian` (per-symbol overrides as for IBS). */
export function createDonchianStrategy(spec: StrategyInstanceSpec, path: string): Strategy {
  const perSymbol: Record<string, DonchianParams> = {};
  for (const [symbol, override] of Object.entries(spec.environment?.symbolOverrides ?? {})) {
    perSymbol[symbol] = parseDonchianParams(mergeParams(spec.params, override), `contracts.${symbol}.strategy_overrides.${spec.name}`);
  }
  return new DonchianStrategy(spec.name, spec.symbols, { params: parseDonchianParams(spec.params, `${path}.params`), perSymbol });
}
