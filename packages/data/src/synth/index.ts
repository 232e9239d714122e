export { generateSyntheticDataset } from './generate.ts';
export type { SyntheticDatasetOptions } from './generate.ts';
export { SYNTHETIC_DATASET_VERSION, SYNTHETIC_DATASET_LABEL, BUILTIN_SYMBOLS, BUILTIN_REFERENCE_SYMBOLS } from './symbols.ts';
export {
  SYNTHETIC_CALIBRATION,
  SYNTHETIC_CALIBRATION_WINDOW,
  SYNTHETIC_CORRELATION,
  SYNTHETIC_CORRELATION_SYMBOLS,
} from './calibration.ts';
export type { SyntheticInstrumentCalibration } from './calibration.ts';
