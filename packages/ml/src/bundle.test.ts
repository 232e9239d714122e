import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkBundleFeatures, createBundle, dataSpan, deployability, hashTrainingData, parseBundle, saveBundle, seenSpanOf } from './bundle.ts';
import type { TrainingMetadata } from './bundle.ts';
import { RandomForestClassifier } from './forest.ts';
import { columnMedians, imputeMatrix } from './imputation.ts';
import { matrix } from './matrix.ts';
import { syntheticClassification } from './synthetic-data.ts';

const features = ['x0', 'x1', 'x2', 'x3', 'x4', 'x5'];
const { x, y } = syntheticClassification(300, 6, 3);
const model = new RandomForestClassifier({ trees: 5, maxDepth: 5, seed: 9, oobScore: true }).fit(x, y);
const training: TrainingMetadata = {
  instrument: 'ES',
  label: 'win',
  dataSpan: dataSpan([Date.UTC(2020, 0, 2), Date.UTC(2021, 5, 1)], [Date.UTC(2020, 0, 3), Date.UTC(2021, 5, 2)], [0, 1]),
  rows: { total: 300, train: 300 },
  classBalance: { counts: [150, 150], positiveFraction: 0.5 },
  metrics: { testAuc: 0.61, oobScore: null },
  seed: 9,
  dataHash: hashTrainingData(x, y, features),
  thresholdMethod: 'youden',
};
const bundle = createBundle({ model, features, threshold: 0.55, training });
const text = saveBundle(bundle);

describe('model bundles', () => {
  it('round-trips: same predictions, same bytes when saved again', () => {
    const parsed = parseBundle(text, { expectedFeatures: features });
    expect(parsed.threshold).toBe(0.55);
    expect(parsed.features).toEqual(features);
    expect(parsed.training).toEqual(training);
    expect(Array.from(parsed.model.predictProbability(x))).toEqual(Array.from(model.predictProbability(x)));
    expect(saveBundle(parsed)).toBe(text);
    // The out-of-bag summary survives; the per-row OOB probabilities are not stored.
    expect(parsed.model.outOfBag?.score).toBe(model.outOfBag?.score);
    expect(parsed.model.outOfBag?.probability).toBeNull();
  });

  it('records the data span in ISO form', () => {
    expect(training.dataSpan).toEqual({
      startTs: Date.UTC(2020, 0, 2),
      endTs: Date.UTC(2021, 5, 2),
      start: '2020-01-02T00:00:00.000Z',
      end: '2021-06-02T00:00:00.000Z',
    });
  });

  it('refuses another version, another format and broken JSON with clear messages', () => {
    const json = JSON.parse(text);
    expect(() => parseBundle(JSON.stringify({ ...json, version: 2 }), { source: 'm.json' })).toThrow(
      'm.json: model bundle version 2 is not supported: this @rooney/ml reads version 1',
    );
    expect(() => parseBundle(JSON.stringify({ ...json, format: 'other' }))).toThrow('not a model bundle: "format" is "other"');
    expect(() => parseBundle('{"format": ')).toThrow('not a model bundle: invalid JSON');
    expect(() => parseBundle(JSON.stringify({ ...json, threshold: 1.5 }))).toThrow('"threshold" must be a number in [0, 1], was 1.5');
    expect(() => parseBundle(JSON.stringify({ ...json, features: ['a', 'a', 'b', 'c', 'd', 'e'] }))).toThrow('feature "a" appears twice');
    expect(() => parseBundle(JSON.stringify({ ...json, features: features.slice(0, 5) }))).toThrow(
      'the model uses 6 features but the bundle names 5',
    );
    expect(() => parseBundle(JSON.stringify({ ...json, model: { ...json.model, feature: '%%%' } }))).toThrow(
      '"model": not a valid random forest model: "feature" is not base64 Int32 data',
    );
  });

  it('checks the expected features by name and by order', () => {
    expect(() => parseBundle(text, { expectedFeatures: ['x0', 'x1', 'x2', 'x3', 'x4', 'volume'] })).toThrow(
      'the data\'s features do not match the model\'s 6 features: missing "x5"; unexpected "volume"',
    );
    expect(() => checkBundleFeatures(bundle, ['x0', 'x2', 'x1', 'x3', 'x4', 'x5'])).toThrow(
      'feature order differs from the model\'s at position 1: the model expects "x1", the data has "x2"',
    );
    expect(() => checkBundleFeatures(bundle, features)).not.toThrow();
  });

  it('hashes the training data: SHA-256 of names and shape, float64 LE values, labels', () => {
    const tiny = matrix(Float64Array.from([1.5, -2, 0.25, 3]), 2, 2);
    const labels = Uint8Array.from([0, 1]);
    const expected = createHash('sha256');
    expected.update('{"features":["a","b"],"rows":2,"columns":2}');
    expected.update(Buffer.from(Float64Array.from([1.5, -2, 0.25, 3]).buffer));
    expected.update(Buffer.from([0, 1]));
    expect(hashTrainingData(tiny, labels, ['a', 'b'])).toBe(`sha256:${expected.digest('hex')}`);
    const changed = matrix(Float64Array.from([1.5, -2, 0.25, 3.0000001]), 2, 2);
    expect(hashTrainingData(changed, labels, ['a', 'b'])).not.toBe(hashTrainingData(tiny, labels, ['a', 'b']));
  });

  it('createBundle checks names against the model', () => {
    expect(() => createBundle({ model, features: ['a'], threshold: 0.5, training })).toThrow('the model has 6 features but 1 names were given');
  });
});

describe('what a bundle says about its data and quality', () => {
  const span = (a: number, b: number) => dataSpan([a], [b], [0]);
  it('the seen span is the recorded one, the training span without a validation part, else unknown', () => {
    expect(seenSpanOf(training)).toEqual(training.dataSpan);
    const seen = span(Date.UTC(2020, 0, 2), Date.UTC(2021, 11, 31));
    expect(seenSpanOf({ ...training, rows: { train: 200, validation: 50 }, seenSpan: seen })).toEqual(seen);
    // A split bundle written before the validation span was recorded: cannot be known.
    expect(seenSpanOf({ ...training, rows: { train: 200, validation: 50 } })).toBeUndefined();
    expect(seenSpanOf({ ...training, rows: { train: 200, threshold: 50 } })).toBeUndefined();
    expect(seenSpanOf({ ...training, dataSpan: null })).toBeUndefined();
  });

  it('deployability comes from the quality verdict; none means not assessed', () => {
    expect(deployability(bundle)).toBe('not_assessed');
    const verdict = { deployable: false, rule: 'r', reason: 'x', confidence: 0.95, minimumAuc: 0.5, testAuc: 0.5, testAucLower: 0.4, testAucUpper: 0.6, testRows: 40, upliftLower: null, upliftUpper: null };
    const judged = parseBundle(saveBundle(createBundle({ model, features, threshold: 0.5, training: { ...training, quality: verdict } })));
    expect(deployability(judged)).toBe('not_deployable');
    expect(judged.training.quality).toEqual(verdict);
  });

  it('imputation values round-trip (NaN as null) and are checked against the features', () => {
    const fill = [1, 2, Number.NaN, 4, 5, 6];
    const saved = saveBundle(createBundle({ model, features, threshold: 0.5, training, imputation: fill }));
    expect(JSON.parse(saved).imputation).toEqual([1, 2, null, 4, 5, 6]);
    expect(parseBundle(saved).imputation).toEqual(fill);
    expect(text).not.toContain('imputation');
    expect(() => createBundle({ model, features, threshold: 0.5, training, imputation: [1] })).toThrow(/1 imputation values for 6 features/);
    expect(() => parseBundle(saved.replace('"imputation": [', '"imputation": ["a",'))).toThrow(/"imputation" must be 6 numbers/);
  });

  it('medians of the finite values fill the holes; a column without values stays missing', () => {
    const m = matrix(Float64Array.from([1, Number.NaN, 3, Number.NaN, Number.NaN, Number.NaN, 10, Number.NaN, 2, Number.NaN]), 5, 2);
    const medians = columnMedians(m);
    expect(medians[0]).toBe(2.5); // 1, 2, 3, 10
    expect(medians[1]).toBeNaN();
    expect(columnMedians(matrix(Float64Array.from([5, 1, 9]), 3, 1))[0]).toBe(5);
    const filled = imputeMatrix(m, medians);
    expect(Array.from(filled.values.filter((_, i) => i % 2 === 0))).toEqual([1, 3, 2.5, 10, 2]);
    expect(filled.values.filter((_, i) => i % 2 === 1).every(Number.isNaN)).toBe(true);
    expect(Number.isNaN(m.values[4])).toBe(true); // the input is not touched
  });
});

