import {
  BUILTIN_REFERENCE_SYMBOLS,
  BUILTIN_SYMBOLS,
  SYNTHETIC_CALIBRATION,
  SYNTHETIC_CALIBRATION_WINDOW,
  SYNTHETIC_CORRELATION,
  SYNTHETIC_CORRELATION_SYMBOLS,
  SYNTHETIC_DATASET_VERSION,
} from '@rooney/data';

/**
 * The synthetic dataset's calibration as the JSON text committed in
 * `datasets/calibration/synthetic-calibration.json` (written by `scripts/export-calibration.ts`).
 */
export function calibrationJson(): string {
  const document = {
    description:
      "Calibration of Rooney's built-in synthetic dataset, measured on real daily futures and TLT data (see packages/data/src/synth/calibration.ts for the method). Summary statistics and the last close of each series only: none of the real price series is stored here.",
    dataset_version: SYNTHETIC_DATASET_VERSION,
    window: { first_date: SYNTHETIC_CALIBRATION_WINDOW.firstDate, last_date: SYNTHETIC_CALIBRATION_WINDOW.lastDate },
    symbols: [...BUILTIN_SYMBOLS],
    reference_symbols: [...BUILTIN_REFERENCE_SYMBOLS],
    instruments: Object.values(SYNTHETIC_CALIBRATION),
    correlation: { symbols: [...SYNTHETIC_CORRELATION_SYMBOLS], matrix: SYNTHETIC_CORRELATION },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
