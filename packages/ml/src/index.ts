export { matrix, matrixFromRows, matrixFromColumns, matrixColumn, selectRows, selectValues } from './matrix.ts';
export type { Matrix } from './matrix.ts';
export { resolveForestOptions, featuresPerSplit, parseMaxFeatures } from './forest-options.ts';
export type { RandomForestOptions, ResolvedForestOptions, MaxFeatures } from './forest-options.ts';
export { RandomForestClassifier } from './forest.ts';
export type { ForestJson, OutOfBag } from './forest.ts';
export { permutationImportance } from './permutation-importance.ts';
export type { PermutationImportance, PermutationImportanceOptions, PermutationScoring } from './permutation-importance.ts';
export { rocCurve, auc, trapezoidArea, logLoss, accuracy, classifyAtThreshold } from './metrics.ts';
export type { RocCurve, BinaryClassification } from './metrics.ts';
export { chooseThreshold } from './threshold.ts';
export type { ThresholdMethod, ThresholdInputs, ThresholdChoice } from './threshold.ts';
export { chronologicalSplit, chronologicalOrder } from './split.ts';
export type { RowTimes, ChronologicalSplitOptions, ChronologicalSplit } from './split.ts';
export { walkForwardWindows, walkForwardPredict, addUtcMonths } from './walk-forward.ts';
export type {
  WalkForwardWindowOptions,
  WalkForwardWindow,
  WalkForwardTable,
  WalkForwardPredictOptions,
  WalkForwardWindowResult,
  WalkForwardPrediction,
} from './walk-forward.ts';
export {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  createBundle,
  saveBundle,
  parseBundle,
  checkBundleFeatures,
  hashTrainingData,
  dataSpan,
  seenSpanOf,
  deployability,
} from './bundle.ts';
export type { ModelBundle, TrainingMetadata, DataSpan, ParseBundleOptions } from './bundle.ts';
export { trainInstrumentModel, splitProblems } from './train-instrument.ts';
export type {
  InstrumentTable,
  TrainInstrumentOptions,
  QualityOptions,
  SplitProblem,
  PartReport,
  FeatureImportanceRow,
  InstrumentReport,
} from './train-instrument.ts';
export { bootstrapAuc, bootstrapVetoUplift } from './bootstrap.ts';
export type { BootstrapOptions, BootstrapInterval, VetoUplift } from './bootstrap.ts';
export { judgeModel, qualityRule } from './quality-gate.ts';
export type { QualityVerdict, QualityGateOptions } from './quality-gate.ts';
export { columnMedians, imputeMatrix } from './imputation.ts';
export { importMlRandomForestModel } from './ml-random-forest-import.ts';
export type { MlRandomForestImportOptions } from './ml-random-forest-import.ts';
export { syntheticClassification } from './synthetic-data.ts';
export type { SyntheticClassification } from './synthetic-data.ts';
/** @internal Entry point of fitAsync's worker threads (they import the bundle by URL); do not call. */
export { runForestWorker } from './internal/forest-worker.ts';
