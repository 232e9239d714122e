import { Rng } from '@rooney/core';
import { matrix } from '@rooney/ml';
import type { InstrumentTable } from '@rooney/ml';
import { describe, expect, it } from 'vitest';
import { trainWalkForward, walkForwardSummary } from './train-models.ts';
import type { WalkForwardOptions } from './train-models.ts';

const DAY = 86_400_000;

/** A trade a day lasting 6 days (neighbours overlap), two features, label driven by the first. */
function table(rows: number, seed: number, label?: (i: number, signal: number) => number): InstrumentTable {
  const rng = new Rng(seed);
  const values = new Float64Array(rows * 2);
  const y = new Uint8Array(rows);
  const entryTs = new Float64Array(rows);
  const exitTs = new Float64Array(rows);
  const netPnl = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    values[r * 2] = rng.normal();
    values[r * 2 + 1] = rng.normal();
    y[r] = label === undefined ? (values[r * 2] + rng.normal() > 0 ? 1 : 0) : label(r, values[r * 2]);
    netPnl[r] = y[r] === 1 ? 100 : -100;
    entryTs[r] = Date.UTC(2020, 0, 1) + r * DAY;
    exitTs[r] = entryTs[r] + 6 * DAY;
  }
  return { instrument: 'ES', featureNames: ['signal', 'noise'], x: matrix(values, rows, 2), y, entryTs, exitTs, netPnl, labelName: 'win' };
}

const options: WalkForwardOptions = {
  forest: { trees: 10, maxDepth: 4, minSamplesLeaf: 5, seed: 3 },
  thresholdMethod: 'youden',
  minKeptTrades: 5,
  purgeMs: 0,
  minRows: 30,
  permutationRepeats: 0,
  minRowsPerPart: 10,
  quality: { resamples: 200 },
  trainMonths: 6,
  retrainEveryMonths: 2,
  mode: 'rolling',
  thresholdFraction: 0.25,
};

describe('walk-forward training', () => {
  it('purges the fit rows against the threshold rows, and both against the test window', () => {
    const t = table(700, 1);
    const steps = trainWalkForward(t, options);
    const trained = steps.filter((s) => s.bundle !== undefined);
    expect(trained.length).toBeGreaterThan(5);
    for (const step of trained) {
      const spans = step.bundle?.training.spans;
      // No fit trade is still open when the first threshold trade enters: its outcome cannot leak
      // into the choice of the threshold (a 6-day trade overlapped 5 later entries before).
      expect(spans?.train?.endTs).toBeLessThan(spans?.threshold?.startTs ?? 0);
      expect(step.bundle?.training.seenSpan?.endTs).toBeLessThan(step.window.testStartTs);
      expect(step.bundle?.training.seenSpan?.endTs).toBe(spans?.threshold?.endTs);
    }
  });

  it('a window whose fit rows hold one class is skipped with the reason', () => {
    // Every trade of the first 250 days loses: the first windows' fit rows hold one class.
    const t = table(700, 2, (i, signal) => (i < 250 ? 0 : signal > 0 ? 1 : 0));
    const steps = trainWalkForward(t, options);
    expect(steps[0].skipped).toBe('the fit rows hold one class');
    expect(steps[0].bundle).toBeUndefined();
    expect(steps.some((s) => s.bundle !== undefined)).toBe(true);
  });

  it('the stitched summary counts every test row; rows of skipped windows as vetoed', () => {
    const t = table(700, 2, (i, signal) => (i < 250 ? 0 : signal > 0 ? 1 : 0));
    const steps = trainWalkForward(t, options);
    const summary = walkForwardSummary(t, steps, options.quality);
    const testRows = steps.reduce((s, x) => s + x.testRows, 0);
    const scored = steps.filter((x) => x.bundle !== undefined).reduce((s, x) => s + x.testRows, 0);
    expect(summary.rows).toBe(testRows);
    expect(summary.scoredRows).toBe(scored);
    const kept = steps.reduce((s, x) => s + x.keptNetPnl, 0);
    const all = steps.reduce((s, x) => s + x.allNetPnl, 0);
    expect(summary.uplift?.uplift.estimate).toBeCloseTo(kept - all, 9);
    expect(summary.auc?.estimate).toBeGreaterThan(0.6); // the planted signal, out of sample
  });
});
