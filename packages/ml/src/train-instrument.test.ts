import { Rng } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { saveBundle } from './bundle.ts';
import { matrix } from './matrix.ts';
import { trainInstrumentModel } from './train-instrument.ts';
import type { InstrumentTable } from './train-instrument.ts';

const DAY = 86_400_000;
const FEATURES = ['momentum', 'range', 'signal', 'volume', 'gap'];

/**
 * One trade a day for `rows` days, lasting 2.5 days (so neighbours overlap). With `planted`, the
 * label is [signal + noise > 0] and net PnL follows it; otherwise the label is a coin flip.
 */
function trades(rows: number, seed: number, planted: boolean): InstrumentTable {
  const rng = new Rng(seed);
  const p = FEATURES.length;
  const values = new Float64Array(rows * p);
  const y = new Uint8Array(rows);
  const entryTs = new Float64Array(rows);
  const exitTs = new Float64Array(rows);
  const netPnl = new Float64Array(rows);
  const start = Date.UTC(2018, 0, 1, 14, 30);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < p; f++) values[r * p + f] = rng.normal();
    const win = planted ? values[r * p + 2] + 0.8 * rng.normal() > 0 : rng.next() < 0.5;
    y[r] = win ? 1 : 0;
    netPnl[r] = win ? 100 + 50 * rng.next() : -100 - 50 * rng.next();
    entryTs[r] = start + r * DAY;
    exitTs[r] = entryTs[r] + 2.5 * DAY;
  }
  return { instrument: 'ES', featureNames: FEATURES, x: matrix(values, rows, p), y, entryTs, exitTs, netPnl, labelName: 'win' };
}

const forest = { trees: 30, maxDepth: 6, minSamplesLeaf: 5, seed: 17 };

describe('trainInstrumentModel honesty', () => {
  it('a label of pure noise gives a test AUC near 0.5', async () => {
    const { report } = await trainInstrumentModel(trades(1500, 1, false), { forest });
    // About 300 test trades: the AUC's standard error under no signal is ~0.033.
    expect(Math.abs(report.test.auc - 0.5)).toBeLessThan(0.1);
  });

  it('a planted signal is found (high test AUC) and ranked first by impurity and permutation importance', async () => {
    const { report, bundle } = await trainInstrumentModel(trades(1500, 2, true), { forest, permutationRepeats: 3 });
    expect(report.test.auc).toBeGreaterThan(0.8);
    expect(report.featureImportance[0].feature).toBe('signal');
    const byPermutation = [...report.featureImportance].sort((a, b) => (b.permutation ?? 0) - (a.permutation ?? 0));
    expect(byPermutation[0].feature).toBe('signal');
    expect(bundle.training.metrics.testAuc).toBe(report.test.auc);
    expect(bundle.features).toEqual(FEATURES);
  });

  it('splits chronologically with purge, and the report adds up', async () => {
    const table = trades(1000, 3, true);
    const { report, bundle } = await trainInstrumentModel(table, { forest, thresholdMethod: 'max-net-pnl' });
    const { split } = report;
    // Validation opens with the trade of day 600. A trade of day d exits at d + 2.5, so the
    // trades of days 598 and 599 reach it and are purged (597 exits at 599.5); same before test.
    expect(split.purged).toEqual({ train: 2, validation: 2 });
    expect(split.train.length + split.validation.length + split.test.length).toBe(1000 - 4);
    for (const r of split.train) expect(table.exitTs?.[r]).toBeLessThan(split.validationStartTs);
    for (const r of split.validation) {
      expect(table.entryTs[r]).toBeGreaterThanOrEqual(split.validationStartTs);
      expect(table.exitTs?.[r]).toBeLessThan(split.testStartTs);
    }
    for (const r of split.test) expect(table.entryTs[r]).toBeGreaterThanOrEqual(split.testStartTs);
    // Kept test trades and their PnL, recounted from the probabilities.
    let kept = 0;
    let keptPnl = 0;
    let allPnl = 0;
    split.test.forEach((row, i) => {
      allPnl += table.netPnl?.[row] ?? 0;
      if (report.testProbability[i] >= report.threshold.threshold) {
        kept++;
        keptPnl += table.netPnl?.[row] ?? 0;
      }
    });
    expect(report.test.keptCount).toBe(kept);
    expect(report.test.keptNetPnl).toBeCloseTo(keptPnl, 6);
    expect(report.test.allNetPnl).toBeCloseTo(allPnl, 6);
    expect(report.test.keptNetPnl).toBeGreaterThan(report.test.allNetPnl ?? 0);
    expect(bundle.threshold).toBe(report.threshold.threshold);
    expect(bundle.training.rows).toMatchObject({ total: 1000, train: 598, validation: 198, test: 200 });
    expect(bundle.training.dataSpan?.start).toBe('2018-01-01T14:30:00.000Z');
  });

  it('the same seed and data give a byte-identical bundle with 1 and 2 worker threads', async () => {
    const table = trades(600, 4, true);
    const one = saveBundle((await trainInstrumentModel(table, { forest: { ...forest, jobs: 1 } })).bundle);
    const two = saveBundle((await trainInstrumentModel(table, { forest: { ...forest, jobs: 2 } })).bundle);
    expect(two).toBe(one);
    const otherSeed = saveBundle((await trainInstrumentModel(table, { forest: { ...forest, seed: 18 } })).bundle);
    expect(otherSeed).not.toBe(one);
  });
});
