import { RooneyError, isoUtc } from '@rooney/core';

/** What to do with a bad row: throw (`error`, the default) or drop it and keep a count (`skip`). */
export type BadRowPolicy = 'error' | 'skip';

/** One dropped row: where it was and why. */
export interface SkippedRow {
  /** Stable reason, the same `code` a `RooneyError` would carry (`bad_price`, `bad_ohlc`, …). */
  readonly code: string;
  /** 1-based line of the file (CSV), or 1-based row/record number (Arrow, DBN). */
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

/** Summary of the rows dropped with `onBadRow: 'skip'`: the count and the first five. */
export interface SkippedRows {
  readonly count: number;
  readonly first: readonly SkippedRow[];
}

/** How many skipped rows are listed by place. */
export const SKIPPED_LISTED = 5;

/** Field names used in messages, as the input file spells them. */
export interface BarFieldNames {
  readonly timestamp: string;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volume: string;
}

export const DEFAULT_FIELD_NAMES: BarFieldNames = Object.freeze({
  timestamp: 'ts',
  open: 'open',
  high: 'high',
  low: 'low',
  close: 'close',
  volume: 'volume',
});

/**
 * Where bad rows go: thrown as `RooneyError(code, message, { file, line, field })` under the
 * `error` policy, counted (with the first five kept) under `skip`.
 */
export class RowProblems {
  readonly file: string;
  readonly policy: BadRowPolicy;
  count = 0;
  /** Rows dropped because their timestamp equals the previous one. */
  duplicates = 0;
  readonly first: SkippedRow[] = [];

  constructor(file: string, policy: BadRowPolicy) {
    this.file = file;
    this.policy = policy;
  }

  /** Records a bad row (or throws under the `error` policy). */
  report(code: string, line: number, field: string, message: string): void {
    if (this.policy === 'error') throw new RooneyError(code, message, { file: this.file, line, field });
    this.count++;
    if (this.first.length < SKIPPED_LISTED) this.first.push({ code, line, field, message });
  }

  /** The public summary. */
  summary(): SkippedRows {
    return { count: this.count, first: this.first.slice() };
  }
}

function describe(value: number): string {
  return Number.isNaN(value) ? 'NaN' : String(value);
}

/**
 * Checks one bar's prices and volume: prices finite and > 0, `low <= high`, open and close within
 * `[low, high]`, volume not negative (NaN volume means "not given" and is accepted). Reports the
 * first problem to `problems` and returns false; returns true for a good bar.
 */
export function checkBar(
  problems: RowProblems,
  line: number,
  names: BarFieldNames,
  open: number,
  high: number,
  low: number,
  close: number,
  volume: number,
): boolean {
  if (!(open > 0 && open < Infinity)) return badPrice(problems, line, names.open, open);
  if (!(high > 0 && high < Infinity)) return badPrice(problems, line, names.high, high);
  if (!(low > 0 && low < Infinity)) return badPrice(problems, line, names.low, low);
  if (!(close > 0 && close < Infinity)) return badPrice(problems, line, names.close, close);
  if (high < low) {
    problems.report('bad_ohlc', line, names.high, `high ${high} is below low ${low}`);
    return false;
  }
  if (open < low || open > high) {
    problems.report('bad_ohlc', line, names.open, `open ${open} is outside [low ${low}, high ${high}]`);
    return false;
  }
  if (close < low || close > high) {
    problems.report('bad_ohlc', line, names.close, `close ${close} is outside [low ${low}, high ${high}]`);
    return false;
  }
  if (volume < 0 || volume === Infinity) {
    problems.report('bad_volume', line, names.volume, `volume must be finite and >= 0, was ${volume}`);
    return false;
  }
  return true;
}

function badPrice(problems: RowProblems, line: number, field: string, value: number): false {
  problems.report('bad_price', line, field, `price must be a finite number > 0, was ${describe(value)}`);
  return false;
}

/**
 * Checks that `ts` comes strictly after `previousTs` (NaN for the first row). Reports a duplicate
 * or a step backwards as `bad_timestamp` and returns false.
 */
export function checkOrder(
  problems: RowProblems,
  line: number,
  field: string,
  ts: number,
  previousTs: number,
): boolean {
  if (!(ts <= previousTs)) return true;
  if (ts === previousTs) {
    problems.duplicates++;
    problems.report('bad_timestamp', line, field, `duplicate timestamp ${isoUtc(ts)}`);
  } else {
    problems.report('bad_timestamp', line, field, `timestamp ${isoUtc(ts)} goes backwards (previous row ${isoUtc(previousTs)})`);
  }
  return false;
}
