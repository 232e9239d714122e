import { RooneyError } from '@rooney/core';

/** Parses a CLI integer option, naming the flag in the error. */
export function parseIntegerOption(flag: string, text: string, min = Number.MIN_SAFE_INTEGER): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) {
    throw new RooneyError('bad_option', `${flag} must be an integer${min > Number.MIN_SAFE_INTEGER ? ` >= ${min}` : ''}, was "${text}"`);
  }
  return value;
}

/** Parses a CLI number option, naming the flag in the error. */
export function parseNumberOption(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value)) throw new RooneyError('bad_option', `${flag} must be a number, was "${text}"`);
  return value;
}

/** Collects a repeatable option (`--ind a --ind b`) into an array. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
