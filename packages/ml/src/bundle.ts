import { createHash } from 'node:crypto';
import { RooneyError, isoUtc } from '@rooney/core';
import { RandomForestClassifier } from './forest.ts';
import type { Matrix } from './matrix.ts';
import type { QualityVerdict } from './quality-gate.ts';

/** The `format` tag of every bundle. */
export const BUNDLE_FORMAT = 'rooney-model-bundle';
/** The bundle version this library writes and reads. */
export const BUNDLE_VERSION = 1;

/** Time covered by the training rows: first entry to last exit (epoch ms and ISO-8601 UTC). */
export interface DataSpan {
  readonly startTs: number;
  readonly endTs: number;
  readonly start: string;
  readonly end: string;
}

/** How, and on what, the model was trained. */
export interface TrainingMetadata {
  readonly instrument: string | null;
  /** Name of the label column. */
  readonly label: string | null;
  readonly dataSpan: DataSpan | null;
  /** Row counts, e.g. total, train, validation, test, purged. */
  readonly rows: Readonly<Record<string, number>>;
  /** Training rows per class and the share of class 1. */
  readonly classBalance: { readonly counts: readonly number[]; readonly positiveFraction: number | null };
  /** Scores such as validationAuc, testAuc, oobScore (null when not computable). */
  readonly metrics: Readonly<Record<string, number | null>>;
  readonly seed: number;
  /** `sha256:<hex>` of the training features, labels and feature names ({@link hashTrainingData}). */
  readonly dataHash: string;
  /** How the threshold was chosen, e.g. `youden`, `max-net-pnl`, `fixed`. */
  readonly thresholdMethod: string;
  /**
   * Everything the model or its threshold learned from: the training rows and the rows the
   * threshold was chosen on (validation), first entry to last exit. A backtest overlapping this
   * span is in-sample. Absent in bundles written before it was recorded.
   */
  readonly seenSpan?: DataSpan | null;
  /** Span of each part (e.g. train, validation, test), when the model was trained on a split. */
  readonly spans?: Readonly<Record<string, DataSpan | null>>;
  /** The quality gate's verdict on the untouched test part (absent when the model was not tested). */
  readonly quality?: QualityVerdict;
}

/**
 * A model ready to use: the forest, the exact feature list and order it expects, the decision
 * threshold (keep a trade when P(win) >= threshold) and its training metadata.
 */
export interface ModelBundle {
  readonly format: typeof BUNDLE_FORMAT;
  readonly version: typeof BUNDLE_VERSION;
  readonly features: readonly string[];
  readonly threshold: number;
  readonly training: TrainingMetadata;
  readonly model: RandomForestClassifier;
  /**
   * Value used for a missing (non-finite) feature, one per feature (NaN = no value: a row missing
   * that feature cannot be scored). Absent when the model was trained on complete rows only.
   */
  readonly imputation?: readonly number[];
}

/** Assembles a bundle, checking that the feature list matches the model. */
export function createBundle(parts: {
  readonly model: RandomForestClassifier;
  readonly features: readonly string[];
  readonly threshold: number;
  readonly training: TrainingMetadata;
  readonly imputation?: readonly number[];
}): ModelBundle {
  const { model, features, threshold, training, imputation } = parts;
  if (features.length !== model.featureCount) {
    throw new RooneyError('invalid_parameter', `the model has ${model.featureCount} features but ${features.length} names were given`);
  }
  checkFeatureNames(features);
  if (!(threshold >= 0 && threshold <= 1)) {
    throw new RooneyError('invalid_parameter', `"threshold" must be in [0, 1], was ${threshold}`);
  }
  if (imputation !== undefined && imputation.length !== features.length) {
    throw new RooneyError('invalid_parameter', `${imputation.length} imputation values for ${features.length} features`);
  }
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    features: [...features],
    threshold,
    training,
    model,
    ...(imputation !== undefined ? { imputation: [...imputation] } : {}),
  };
}

/**
 * The span of data the model (or the choice of its threshold) saw: `training.seenSpan` when
 * recorded; else the training span of a model trained without a validation part; `undefined` when
 * it cannot be known (an older bundle of a split whose validation span was not recorded, or no
 * span at all), so a caller cannot prove a backtest out of sample.
 */
export function seenSpanOf(training: TrainingMetadata): DataSpan | undefined {
  if (training.seenSpan !== undefined) return training.seenSpan ?? undefined;
  const rows = training.rows ?? {};
  if ((rows.validation ?? 0) > 0 || (rows.threshold ?? 0) > 0) return undefined;
  return training.dataSpan ?? undefined;
}

/** `deployable`, `not_deployable` (the quality gate said no) or `not_assessed` (no test verdict). */
export function deployability(bundle: ModelBundle): 'deployable' | 'not_deployable' | 'not_assessed' {
  const quality = bundle.training.quality;
  if (quality === undefined || quality === null) return 'not_assessed';
  return quality.deployable === true ? 'deployable' : 'not_deployable';
}

function checkFeatureNames(features: readonly unknown[]): void {
  const seen = new Set<string>();
  for (const name of features) {
    if (typeof name !== 'string' || name === '') {
      throw new RooneyError('bad_bundle', `feature names must be non-empty strings, found ${JSON.stringify(name)}`);
    }
    if (seen.has(name)) throw new RooneyError('bad_bundle', `feature "${name}" appears twice`);
    seen.add(name);
  }
}

/** The bundle as JSON text. No wall-clock time goes in: the same fit gives the same bytes. */
export function saveBundle(bundle: ModelBundle): string {
  return `${JSON.stringify(
    {
      format: bundle.format,
      version: bundle.version,
      features: bundle.features,
      threshold: bundle.threshold,
      training: bundle.training,
      ...(bundle.imputation !== undefined ? { imputation: bundle.imputation.map((v) => (Number.isFinite(v) ? v : null)) } : {}),
      model: bundle.model.toJSON(),
    },
    null,
    2,
  )}\n`;
}

/** Options of {@link parseBundle}. */
export interface ParseBundleOptions {
  /** Feature names of the data the model will score, in column order; checked against the bundle. */
  readonly expectedFeatures?: readonly string[];
  /** Used in error messages (e.g. the file name). */
  readonly source?: string;
}

/**
 * Reads a bundle written by {@link saveBundle}. Fails with a clear message when the text is not a
 * bundle, its version is not {@link BUNDLE_VERSION}, the model is malformed, or (with
 * `expectedFeatures`) the features differ in names or order.
 */
export function parseBundle(text: string, options: ParseBundleOptions = {}): ModelBundle {
  const place = options.source === undefined ? {} : { file: options.source };
  const bad = (message: string): never => {
    throw new RooneyError('bad_bundle', message, place);
  };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return bad(`not a model bundle: invalid JSON (${(error as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return bad('not a model bundle: expected a JSON object');
  const j = json as Record<string, unknown>;
  if (j.format !== BUNDLE_FORMAT) return bad(`not a model bundle: "format" is ${JSON.stringify(j.format)}, expected "${BUNDLE_FORMAT}"`);
  if (j.version !== BUNDLE_VERSION) {
    throw new RooneyError(
      'bundle_version',
      `model bundle version ${JSON.stringify(j.version)} is not supported: this @rooney/ml reads version ${BUNDLE_VERSION}; retrain or convert the model`,
      place,
    );
  }
  if (!Array.isArray(j.features)) return bad('"features" must be an array of names');
  try {
    checkFeatureNames(j.features);
  } catch (error) {
    return bad((error as RooneyError).message);
  }
  const features = j.features as string[];
  const threshold = j.threshold;
  if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1)) return bad(`"threshold" must be a number in [0, 1], was ${JSON.stringify(threshold)}`);
  if (typeof j.training !== 'object' || j.training === null) return bad('"training" metadata is missing');
  let model: RandomForestClassifier;
  try {
    model = RandomForestClassifier.fromJSON(j.model);
  } catch (error) {
    return bad(`"model": ${(error as Error).message}`);
  }
  if (model.featureCount !== features.length) {
    return bad(`the model uses ${model.featureCount} features but the bundle names ${features.length}`);
  }
  let imputation: number[] | undefined;
  if (j.imputation !== undefined) {
    if (!Array.isArray(j.imputation) || j.imputation.length !== features.length || !j.imputation.every((v) => v === null || typeof v === 'number')) {
      return bad(`"imputation" must be ${features.length} numbers (or null), one per feature`);
    }
    imputation = (j.imputation as (number | null)[]).map((v) => (v === null ? Number.NaN : v));
  }
  const bundle: ModelBundle = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    features,
    threshold,
    training: j.training as TrainingMetadata,
    model,
    ...(imputation !== undefined ? { imputation } : {}),
  };
  if (options.expectedFeatures !== undefined) checkBundleFeatures(bundle, options.expectedFeatures, options.source);
  return bundle;
}

/**
 * Throws unless `features` are exactly the bundle's features in the same order; the message
 * lists missing and unexpected names, or the first position where the order differs.
 */
export function checkBundleFeatures(bundle: ModelBundle, features: readonly string[], source?: string): void {
  const expected = bundle.features;
  const place = source === undefined ? {} : { file: source };
  const missing = expected.filter((name) => !features.includes(name));
  const extra = features.filter((name) => !expected.includes(name));
  if (missing.length > 0 || extra.length > 0) {
    const parts: string[] = [];
    if (missing.length > 0) parts.push(`missing ${missing.map((m) => `"${m}"`).join(', ')}`);
    if (extra.length > 0) parts.push(`unexpected ${extra.map((m) => `"${m}"`).join(', ')}`);
    throw new RooneyError(
      'feature_mismatch',
      `the data's features do not match the model's ${expected.length} features: ${parts.join('; ')}`,
      place,
    );
  }
  for (let i = 0; i < expected.length; i++) {
    if (features[i] !== expected[i]) {
      throw new RooneyError(
        'feature_mismatch',
        `feature order differs from the model's at position ${i}: the model expects "${expected[i]}", the data has "${features[i]}"`,
        place,
      );
    }
  }
}

/**
 * `sha256:<hex>` over the feature names, the matrix shape, the feature values (little-endian
 * float64) and the labels: identifies the exact training data of a model.
 */
export function hashTrainingData(x: Matrix, y: Uint8Array, features: readonly string[]): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ features, rows: x.rows, columns: x.columns }));
  const bytes = new Uint8Array(8 * 1024);
  const view = new DataView(bytes.buffer);
  const values = x.values;
  for (let start = 0; start < values.length; start += 1024) {
    const count = Math.min(1024, values.length - start);
    for (let i = 0; i < count; i++) view.setFloat64(i * 8, values[start + i], true);
    hash.update(bytes.subarray(0, count * 8));
  }
  hash.update(y);
  return `sha256:${hash.digest('hex')}`;
}

/** The span from the earliest entry to the latest exit of the given rows (null without rows). */
export function dataSpan(entryTs: ArrayLike<number>, exitTs: ArrayLike<number> | null | undefined, rows: ArrayLike<number>): DataSpan | null {
  if (rows.length === 0) return null;
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    start = Math.min(start, entryTs[r]);
    end = Math.max(end, (exitTs ?? entryTs)[r]);
  }
  return { startTs: start, endTs: end, start: isoUtc(start), end: isoUtc(end) };
}
