import type { IndicatorDefinition } from './registry-types.ts';

/** Definitions of the oscillators, momentum and volume indicators. */
export const definitionsB: readonly IndicatorDefinition[] = [];
