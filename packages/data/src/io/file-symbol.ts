import { basename } from 'node:path';

/** A Quantiacs futures file (`F_ES.txt`): the CME root it stands for and its big-point value. */
export interface QuantiacsContract {
  readonly symbol: string;
  /** Dollars per 1.0 of quote price: Quantiacs prices are quote × this value. */
  readonly bigPointValue: number;
}

/**
 * Quantiacs file codes (`F_<code>.txt`) for the CME contracts of the seed system, with the
 * big-point values that turn Quantiacs' dollars-per-contract prices back into quote units
 * (Quantiacs documentation `data.md`; values checked in `shared/datasets/real/README.md`).
 * `RU` is the old ICE/CME TF Russell 2000 mini with a BPV of 100, mapped to today's `RTY` root.
 */
export const QUANTIACS_CONTRACTS: Readonly<Record<string, QuantiacsContract>> = Object.freeze({
  ES: { symbol: 'ES', bigPointValue: 50 },
  NQ: { symbol: 'NQ', bigPointValue: 20 },
  RU: { symbol: 'RTY', bigPointValue: 100 },
  YM: { symbol: 'YM', bigPointValue: 5 },
  CL: { symbol: 'CL', bigPointValue: 1_000 },
  NG: { symbol: 'NG', bigPointValue: 10_000 },
  GC: { symbol: 'GC', bigPointValue: 100 },
  SI: { symbol: 'SI', bigPointValue: 5_000 },
  HG: { symbol: 'HG', bigPointValue: 25_000 },
  AD: { symbol: '6A', bigPointValue: 100_000 },
  BP: { symbol: '6B', bigPointValue: 62_500 },
  CD: { symbol: '6C', bigPointValue: 100_000 },
  EC: { symbol: '6E', bigPointValue: 125_000 },
  JY: { symbol: '6J', bigPointValue: 12_500_000 },
  MP: { symbol: '6M', bigPointValue: 500_000 },
  ND: { symbol: '6N', bigPointValue: 100_000 },
  SF: { symbol: '6S', bigPointValue: 125_000 },
  US: { symbol: 'ZB', bigPointValue: 1_000 },
  TY: { symbol: 'ZN', bigPointValue: 1_000 },
});

const KNOWN_EXTENSIONS = /(\.(csv|txt|tsv|arrow|dbn))?(\.(gz|zst))?$/i;

/** The file name without folder and without data extensions: `/x/F_ES.txt` → `F_ES`. */
export function fileStem(path: string): string {
  return basename(path).replace(KNOWN_EXTENSIONS, '');
}

/** The Quantiacs contract a file name stands for (`F_RU.txt` → RTY, BPV 100), if any. */
export function quantiacsContractOf(path: string): QuantiacsContract | undefined {
  const match = /^F_([A-Z]{2})$/.exec(fileStem(path));
  return match === null ? undefined : QUANTIACS_CONTRACTS[match[1]];
}

/**
 * The symbol a file name implies: the Quantiacs mapping for `F_XX` files, otherwise the file
 * stem up to the first `_`, `.`, `-` or space, upper-cased: `ES.csv` → `ES`, `ES_5min.csv` → `ES`,
 * `6EH4.XCME_1min_bars.csv.gz` → `6EH4`, `spy.csv` → `SPY`; a stem starting with a number is
 * kept whole (`2006-day-001.txt` → `2006-DAY-001`).
 */
export function symbolFromPath(path: string): string {
  const quantiacs = quantiacsContractOf(path);
  if (quantiacs !== undefined) return quantiacs.symbol;
  const stem = fileStem(path);
  const head = stem.split(/[_.\-\s]/)[0];
  // A leading number (`2006-day-001.txt`) is no symbol: keep the whole stem then.
  return (head === '' || /^\d+$/.test(head) ? stem : head).toUpperCase();
}
