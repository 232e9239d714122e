import type { IndicatorDefinition } from './registry-types.ts';

/** Definitions of the moving averages, volatility and channel indicators. */
export const definitionsA: readonly IndicatorDefinition[] = [];
