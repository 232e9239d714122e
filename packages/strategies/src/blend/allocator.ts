import { RooneyError } from '@rooney/core';

/** Tolerance for float noise when rounding contracts: 2.4999999999 counts as 2.5. */
const ROUNDING_TOLERANCE = 1e-9;

/**
 * Rounds a fractional contract count to whole contracts, half away from zero (2.5 → 3,
 * -2.5 → -3), treating values within 1e-9 below a half as the half, so float noise in a sum of
 * products does not flip the rounding: `(0.6 + 0.7) × 5` is 6.499999999999999 in floating point and
 * gives 7, as 6.5 does.
 */
export function roundContracts(value: number): number {
  if (!Number.isFinite(value)) throw new RooneyError('invalid_parameter', `contract count must be finite, was ${value}`);
  const whole = Math.floor(Math.abs(value) + 0.5 + ROUNDING_TOLERANCE);
  return value < 0 && whole !== 0 ? -whole : whole;
}

/**
 * The blended target of one symbol in contracts:
 * `round(sum_i weight_i · confidence_i · target_i · size)` (rounded with `roundContracts`).
 * Weights are used as given (not normalised): with weights summing to 1, `size` is the largest
 * position the blend can take.
 */
export function combineTargets(
  weights: ArrayLike<number>,
  confidences: ArrayLike<number>,
  targets: ArrayLike<number>,
  size: number,
): number {
  return roundContracts(weightedSum(weights, confidences, targets) * size);
}

/** `sum_i weight_i · confidence_i · target_i`, the unrounded blended target in units of `size`. */
export function weightedSum(weights: ArrayLike<number>, confidences: ArrayLike<number>, targets: ArrayLike<number>): number {
  if (confidences.length !== weights.length || targets.length !== weights.length) {
    throw new RooneyError(
      'invalid_parameter',
      `weights, confidences and targets must have one entry per alpha, had ${weights.length}, ${confidences.length}, ${targets.length}`,
    );
  }
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += weights[i] * confidences[i] * targets[i];
  return sum;
}
