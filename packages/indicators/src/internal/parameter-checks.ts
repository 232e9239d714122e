import { requireParameter } from '@rooney/core';

/**
 * Constructor checks shared by the indicators. Each throws `RooneyError('invalid_parameter')` with a
 * message quoting the value, e.g. `"period" must be an integer >= 1, was 0`.
 */

/** `value` must be an integer in `[min, max]`. */
export function requireInteger(name: string, value: number, min: number, max = Number.POSITIVE_INFINITY): void {
  const rule = max === Number.POSITIVE_INFINITY ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
  requireParameter(Number.isInteger(value) && value >= min && value <= max, name, rule, value);
}

/** `value` must be a finite number in `[min, max]`. */
export function requireNumber(name: string, value: number, min: number, max = Number.POSITIVE_INFINITY): void {
  const rule = max === Number.POSITIVE_INFINITY ? `a number >= ${min}` : `a number in [${min}, ${max}]`;
  requireParameter(Number.isFinite(value) && value >= min && value <= max, name, rule, value);
}

/** `value` must be a finite number strictly greater than `bound`. */
export function requireAbove(name: string, value: number, bound: number): void {
  requireParameter(Number.isFinite(value) && value > bound, name, `a number > ${bound}`, value);
}

/** `value` must be one of `choices`. */
export function requireChoice(name: string, value: string, choices: readonly string[]): void {
  requireParameter(choices.includes(value), name, `one of ${choices.map((c) => `"${c}"`).join(', ')}`, `"${value}"`);
}
