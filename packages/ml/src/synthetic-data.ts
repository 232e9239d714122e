import { Rng, requireParameter } from '@rooney/core';
import { matrix } from './matrix.ts';
import type { Matrix } from './matrix.ts';

/** A generated classification problem. */
export interface SyntheticClassification {
  readonly x: Matrix;
  readonly y: Uint8Array;
}

/**
 * The benchmark problem of the ML issue: every feature i.i.d. N(0, 1); label 1 when
 * 0.8·x0 − 0.6·x1·x2 + 0.5·sin(2·x3) + 0.4·[x4 > 0.5] + ε > 0 with ε ~ N(0, 1.5²).
 * Features 5.. are pure noise. Needs at least 5 features.
 */
export function syntheticClassification(rows: number, features: number, seed: number): SyntheticClassification {
  requireParameter(Number.isInteger(rows) && rows >= 1, 'rows', 'an integer >= 1', rows);
  requireParameter(Number.isInteger(features) && features >= 5, 'features', 'an integer >= 5', features);
  const rng = new Rng(seed);
  const values = new Float64Array(rows * features);
  const y = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const base = r * features;
    for (let f = 0; f < features; f++) values[base + f] = rng.normal();
    const x0 = values[base];
    const x1 = values[base + 1];
    const x2 = values[base + 2];
    const x3 = values[base + 3];
    const x4 = values[base + 4];
    const signal = 0.8 * x0 - 0.6 * x1 * x2 + 0.5 * Math.sin(2 * x3) + (x4 > 0.5 ? 0.4 : 0);
    y[r] = signal + 1.5 * rng.normal() > 0 ? 1 : 0;
  }
  return { x: matrix(values, rows, features), y };
}
