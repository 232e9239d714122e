import { Rng } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { deployability, parseBundle, saveBundle, seenSpanOf } from './bundle.ts';
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

describe('the quality gate and what a model saw', () => {
  it('a planted signal is deployable: the lower bound of its test-AUC interval is above 0.5', async () => {
    const { report, bundle } = await trainInstrumentModel(trades(1200, 5, true), { forest });
    expect(report.testAuc.estimate).toBe(report.test.auc);
    expect(report.testAuc.lower).toBeGreaterThan(0.5);
    expect(report.testAuc.lower).toBeLessThan(report.testAuc.estimate);
    expect(report.testAuc.upper).toBeGreaterThan(report.testAuc.estimate);
    expect(report.quality.deployable).toBe(true);
    expect(report.quality.rule).toBe("lower bound of the 95% bootstrap interval of the test AUC > 0.5, and the veto's kept − all net PnL interval not entirely below 0");
    expect(deployability(parseBundle(saveBundle(bundle)))).toBe('deployable');
    // Vetoing predicted losers of a planted signal adds PnL on the test part, with an interval above 0.
    expect(report.testUplift?.uplift.lower).toBeGreaterThan(0);
  });

  it('noise labels are written as not deployable (at most the test level of false passes)', async () => {
    let deployable = 0;
    for (let seed = 10; seed < 20; seed++) {
      const { report, bundle } = await trainInstrumentModel(trades(600, seed, false), { forest, quality: { resamples: 500 } });
      if (report.quality.deployable) deployable++;
      else {
        expect(report.quality.reason).toMatch(/does not beat chance/);
        expect(bundle.training.quality?.deployable).toBe(false);
        expect(report.testAuc.lower).toBeLessThanOrEqual(0.5);
      }
    }
    // A one-sided 2.5% test: of 10 noise models, 0 expected to pass (P(>= 2 pass) < 3%).
    expect(deployable).toBeLessThanOrEqual(1);
  });

  it('a stricter confidence can turn a weak model undeployable', async () => {
    const table = trades(600, 6, true);
    const loose = await trainInstrumentModel(table, { forest, quality: { confidence: 0.5 } });
    const strict = await trainInstrumentModel(table, { forest, quality: { confidence: 0.999999, minimumAuc: loose.report.testAuc.estimate } });
    expect(loose.report.quality.deployable).toBe(true);
    expect(strict.report.quality.deployable).toBe(false);
  });

  it('records the span it saw: training and validation, not the test part', async () => {
    const table = trades(1000, 3, true);
    const { report, bundle } = await trainInstrumentModel(table, { forest });
    const seen = seenSpanOf(bundle.training);
    const lastValidationExit = Math.max(...Array.from(report.split.validation, (r) => table.exitTs?.[r] ?? 0));
    expect(seen?.startTs).toBe(table.entryTs[0]);
    expect(seen?.endTs).toBe(lastValidationExit);
    expect(seen?.endTs).toBeLessThan(report.split.testStartTs);
    expect(bundle.training.spans?.test?.startTs).toBe(report.split.testStartTs);
    // dataSpan stays the fit rows only.
    expect(bundle.training.dataSpan?.endTs).toBeLessThan(report.split.validationStartTs);
  });

  it('single-class parts and tiny parts fail with one line before a model exists', async () => {
    const allLosers = { ...trades(300, 7, false), y: new Uint8Array(300) };
    await expect(trainInstrumentModel(allLosers, { forest })).rejects.toThrow(/^ES: the table holds 300 rows .*all with label 0 \(no winner\): nothing can be learned$/);
    const table = trades(300, 8, false);
    const y = Uint8Array.from(table.y);
    for (let r = 180; r < 240; r++) y[r] = 0; // the validation part: days 180..239
    await expect(trainInstrumentModel({ ...table, y }, { forest })).rejects.toThrow(/the validation part holds \d+ rows \(2018-06-30 → .*\), all with label 0 .*the threshold cannot be chosen/);
    await expect(trainInstrumentModel(table, { forest, minKeptTrades: 70 })).rejects.toThrow(/the validation part keeps 58 rows .*fewer than 70/);
    await expect(trainInstrumentModel(table, { forest, purgeMs: 55 * DAY })).rejects.toThrow(/keeps \d+ rows .*fewer than 10/);
  });
});

