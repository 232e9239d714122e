/** The bar sizes a rule-based strategy or alpha trades on, as config names them. */
export type StrategyTimeframe = 'minute' | 'hour' | 'day';

/** Config names of the timeframes, for `ParamReader.choice`. */
export const STRATEGY_TIMEFRAMES: readonly StrategyTimeframe[] = Object.freeze(['minute', 'hour', 'day']);

const CODES: Readonly<Record<StrategyTimeframe, string>> = Object.freeze({ minute: '1m', hour: '1h', day: '1d' });

/** The engine's timeframe code (`1m`, `1h`, `1d`) of a config timeframe name. */
export function timeframeCode(timeframe: StrategyTimeframe): string {
  return CODES[timeframe];
}
