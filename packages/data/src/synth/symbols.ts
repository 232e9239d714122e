/** How the built-in synthetic dataset is labelled wherever it is shown (reports, CLI, charts). */
export const SYNTHETIC_DATASET_LABEL = 'synthetic (Rooney built-in, seeded)';

/** The seed system's futures, generated as 1-minute bars on CME Globex hours. */
export const BUILTIN_SYMBOLS: readonly string[] = Object.freeze([
  'ES',
  'NQ',
  'RTY',
  'YM',
  'CL',
  'NG',
  'GC',
  'SI',
  'HG',
  '6A',
  '6B',
  '6C',
  '6E',
  '6J',
  '6M',
  '6N',
  '6S',
  'ZB',
]);

/** Reference series generated as daily bars (the TLT regime filter). */
export const BUILTIN_REFERENCE_SYMBOLS: readonly string[] = Object.freeze(['TLT']);

/**
 * Version of the generator's output; bump it whenever the same seed would give other bars (cache keys use it).
 * 2: TLT's daily bars are stamped at the CME session close, 17:00 Chicago (was 23:00 UTC).
 */
export const SYNTHETIC_DATASET_VERSION = 2;
