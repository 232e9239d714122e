import { Rng } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { RandomForestClassifier } from './forest.ts';
import { matrix } from './matrix.ts';
import { auc } from './metrics.ts';
import { permutationImportance } from './permutation-importance.ts';

function data(rows: number, seed: number): { x: ReturnType<typeof matrix>; y: Uint8Array } {
  // Column 0 decides the label, column 1 is noise, column 2 is constant (never split on).
  const rng = new Rng(seed);
  const values = new Float64Array(rows * 3);
  const y = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    values[r * 3] = rng.normal();
    values[r * 3 + 1] = rng.normal();
    values[r * 3 + 2] = 1;
    y[r] = values[r * 3] + 0.3 * rng.normal() > 0 ? 1 : 0;
  }
  return { x: matrix(values, rows, 3), y };
}

describe('permutationImportance', () => {
  const train = data(400, 1);
  const held = data(300, 2);
  const model = new RandomForestClassifier({ trees: 20, maxDepth: 5, seed: 3 }).fit(train.x, train.y);

  it('ranks the deciding feature first; a feature no tree uses scores exactly 0', () => {
    const result = permutationImportance(model, held.x, held.y, { repeats: 3, seed: 5 });
    expect(result.baseline).toBe(auc(model.predictProbability(held.x), held.y));
    expect(result.mean[0]).toBeGreaterThan(0.2);
    expect(result.mean[0]).toBeGreaterThan(10 * Math.abs(result.mean[1]));
    expect(result.mean[2]).toBe(0);
    expect(result.standardDeviation[2]).toBe(0);
  });

  it('leaves the input untouched and is reproducible', () => {
    const before = held.x.values.slice();
    const a = permutationImportance(model, held.x, held.y, { repeats: 2, seed: 7, scoring: 'log-loss' });
    const b = permutationImportance(model, held.x, held.y, { repeats: 2, seed: 7, scoring: 'log-loss' });
    expect(Array.from(held.x.values)).toEqual(Array.from(before));
    expect(Array.from(a.mean)).toEqual(Array.from(b.mean));
    expect(a.mean[0]).toBeGreaterThan(0);
  });
});
