import { RooneyError } from '@rooney/core';

/** Entry (and optionally exit) time of each row, epoch ms. */
export interface RowTimes {
  readonly entryTs: ArrayLike<number>;
  /** When a row's outcome is known (a trade's exit); defaults to its entry time. */
  readonly exitTs?: ArrayLike<number> | null;
}

/** Options of {@link chronologicalSplit}. */
export interface ChronologicalSplitOptions {
  /** Shares of train, validation and test rows, in time order; default [0.6, 0.2, 0.2]. */
  readonly fractions?: readonly [number, number, number];
  /** Extra gap: a row is also dropped when its exit + purgeMs reaches the next part. Default 0. */
  readonly purgeMs?: number;
}

/** Row indices of each part, in chronological order, and what the purge removed. */
export interface ChronologicalSplit {
  readonly train: Int32Array;
  readonly validation: Int32Array;
  readonly test: Int32Array;
  /** Rows dropped from the end of train and of validation because they reach the next part. */
  readonly purged: { readonly train: number; readonly validation: number };
  /** Entry time of the first validation row and of the first test row. */
  readonly validationStartTs: number;
  readonly testStartTs: number;
}

/** Row indices sorted by entry time (ties by row index), after checking the times. */
export function chronologicalOrder(times: RowTimes): Int32Array {
  const { entryTs, exitTs } = times;
  const n = entryTs.length;
  if (exitTs !== undefined && exitTs !== null && exitTs.length !== n) {
    throw new RooneyError('invalid_data', `there are ${n} entry times but ${exitTs.length} exit times`);
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(entryTs[i])) throw new RooneyError('invalid_data', `entry time of row ${i} is ${entryTs[i]}`);
    if (exitTs !== undefined && exitTs !== null && !(exitTs[i] >= entryTs[i])) {
      throw new RooneyError('invalid_data', `row ${i} exits at ${exitTs[i]}, before its entry at ${entryTs[i]}`);
    }
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((a, b) => entryTs[a] - entryTs[b] || a - b);
}

/**
 * Splits rows by time, never shuffling across it: the first `fractions[0]` of rows by entry time
 * train, the next `fractions[1]` validate, the rest test. Then the purge: a train row whose
 * outcome window [entry, exit + purgeMs] reaches the first validation entry is dropped (its label
 * overlaps validation), and likewise validation rows reaching the first test entry. Rows sharing
 * the boundary's entry time are therefore dropped from the earlier part too.
 */
export function chronologicalSplit(times: RowTimes, options: ChronologicalSplitOptions = {}): ChronologicalSplit {
  const fractions = options.fractions ?? [0.6, 0.2, 0.2];
  const purgeMs = options.purgeMs ?? 0;
  if (fractions.length !== 3 || !fractions.every((f) => f > 0) || Math.abs(fractions[0] + fractions[1] + fractions[2] - 1) > 1e-9) {
    throw new RooneyError(
      'invalid_parameter',
      `"fractions" must be three shares > 0 summing to 1, was ${JSON.stringify(fractions)}`,
    );
  }
  if (!(purgeMs >= 0 && Number.isFinite(purgeMs))) {
    throw new RooneyError('invalid_parameter', `"purgeMs" must be >= 0, was ${purgeMs}`);
  }
  const order = chronologicalOrder(times);
  const n = order.length;
  const trainEnd = Math.round(fractions[0] * n);
  const validationEnd = Math.round((fractions[0] + fractions[1]) * n);
  if (trainEnd < 1 || validationEnd - trainEnd < 1 || n - validationEnd < 1) {
    throw new RooneyError('invalid_data', `${n} rows are too few to split by ${JSON.stringify(fractions)}`);
  }
  const entry = times.entryTs;
  const end = times.exitTs ?? times.entryTs;
  const validationStartTs = entry[order[trainEnd]];
  const testStartTs = entry[order[validationEnd]];
  const keep = (from: number, to: number, boundaryTs: number | null): Int32Array => {
    const kept: number[] = [];
    for (let i = from; i < to; i++) {
      const row = order[i];
      if (boundaryTs !== null && end[row] + purgeMs >= boundaryTs) continue;
      kept.push(row);
    }
    return Int32Array.from(kept);
  };
  const train = keep(0, trainEnd, validationStartTs);
  const validation = keep(trainEnd, validationEnd, testStartTs);
  const test = keep(validationEnd, n, null);
  return {
    train,
    validation,
    test,
    purged: { train: trainEnd - train.length, validation: validationEnd - trainEnd - validation.length },
    validationStartTs,
    testStartTs,
  };
}
