import { RooneyError } from '@rooney/core';
import { DEFINITIONS } from './registry-definitions.ts';
import type { IndicatorDefinition } from './registry-types.ts';

/** Every indicator Rooney ships, sorted by name. */
export const INDICATORS: readonly IndicatorDefinition[] = [...DEFINITIONS].sort((a, b) =>
  a.name.localeCompare(b.name),
);

/** The definition named `name` (case-insensitive). */
export function findIndicator(name: string): IndicatorDefinition {
  const wanted = name.trim().toLowerCase();
  const found = INDICATORS.find((definition) => definition.name === wanted);
  if (found === undefined) {
    throw new RooneyError('unknown_indicator', `unknown indicator "${name}" (see \`rooney indicators --list\`)`);
  }
  return found;
}
