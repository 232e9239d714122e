import { RooneyError, isoUtc } from '@rooney/core';
import { matrixFromColumns } from '@rooney/ml';
import type { InstrumentTable } from '@rooney/ml';
import type { OutputColumn, Table } from '../table-io.ts';

/** Columns of a signals table that are not features (see `signalColumns`). */
export const SIGNAL_META_COLUMNS = new Set([
  'strategy',
  'symbol',
  'time',
  'ts',
  'direction',
  'blocked_by',
  'vetoed',
  'ml_score',
  'exit_ts',
  'net_pnl',
  'win',
]);

/** The feature columns of a signals table, in file order. */
export function featureColumnsOf(table: Table): string[] {
  const features = table.columnNames.filter((name) => !SIGNAL_META_COLUMNS.has(name));
  for (const name of features) {
    if (!table.isNumeric(name)) {
      throw new RooneyError('bad_signals', `column "${name}" is not numeric; is this a file written by \`rooney extract\`?`, { file: table.file });
    }
  }
  if (features.length === 0) throw new RooneyError('bad_signals', 'the table has no feature columns', { file: table.file });
  return features;
}

/** A feature that was undefined on some of an instrument's rows. */
export interface FeatureGap {
  readonly feature: string;
  /** Rows (traded signals) where the feature is not a finite number. */
  readonly undefinedRows: number;
  /** Entry time of the first row where it is defined (null: never). */
  readonly firstDefined: string | null;
  /** Entry time of the last row where it is undefined. */
  readonly lastUndefined: string | null;
}

/** A stretch of consecutive (in time) rows dropped for undefined features. */
export interface DroppedSpan {
  readonly from: string;
  readonly to: string;
  readonly rows: number;
}

/** What undefined features cost one instrument's training table. */
export interface MissingReport {
  /** Traded signals of the instrument. */
  readonly rows: number;
  /** Rows dropped because a kept feature is undefined on them. */
  readonly dropped: number;
  /** Features never defined for this instrument: left out of its model. */
  readonly leftOut: readonly string[];
  /** Kept features undefined on some rows, most undefined first. */
  readonly byFeature: readonly FeatureGap[];
  /** The dropped rows as stretches of time, in order. */
  readonly droppedSpans: readonly DroppedSpan[];
}

/** One instrument's training rows, with what undefined features cost it. */
export type InstrumentSignals = InstrumentTable & { readonly dropped: number; readonly missing: MissingReport };

function missingReport(
  rows: readonly number[],
  ts: Float64Array,
  features: readonly string[],
  values: readonly Float64Array[],
  usable: readonly boolean[],
  dropped: ReadonlySet<number>,
): MissingReport {
  const byTime = [...rows].sort((a, b) => ts[a] - ts[b] || a - b);
  const byFeature: FeatureGap[] = [];
  features.forEach((feature, k) => {
    if (!usable[k]) return;
    let undefinedRows = 0;
    let firstDefined = Number.NaN;
    let lastUndefined = Number.NaN;
    for (const r of byTime) {
      if (Number.isFinite(values[k][r])) {
        if (Number.isNaN(firstDefined)) firstDefined = ts[r];
      } else {
        undefinedRows++;
        lastUndefined = ts[r];
      }
    }
    if (undefinedRows > 0) {
      byFeature.push({
        feature,
        undefinedRows,
        firstDefined: Number.isNaN(firstDefined) ? null : isoUtc(firstDefined),
        lastUndefined: Number.isNaN(lastUndefined) ? null : isoUtc(lastUndefined),
      });
    }
  });
  byFeature.sort((a, b) => b.undefinedRows - a.undefinedRows || a.feature.localeCompare(b.feature));
  const droppedSpans: DroppedSpan[] = [];
  let run: { from: number; to: number; rows: number } | undefined;
  for (const r of byTime) {
    if (dropped.has(r)) {
      if (run === undefined) run = { from: ts[r], to: ts[r], rows: 0 };
      run.to = ts[r];
      run.rows++;
    } else if (run !== undefined) {
      droppedSpans.push({ from: isoUtc(run.from), to: isoUtc(run.to), rows: run.rows });
      run = undefined;
    }
  }
  if (run !== undefined) droppedSpans.push({ from: isoUtc(run.from), to: isoUtc(run.to), rows: run.rows });
  return { rows: rows.length, dropped: dropped.size, leftOut: features.filter((_, k) => !usable[k]), byFeature, droppedSpans };
}

/**
 * Splits a signals table (one row per traded signal, from `rooney extract`) into one training
 * table per symbol: features, label `win` (net PnL > 0), entry (signal) and exit times, net PnL.
 * Per symbol, a feature that is never defined (its series is not in the data: minute features on
 * daily data, a missing pair or TLT) is left out, and rows still holding an undefined feature
 * (indicator warm-up at the start of history, a pair that starts later) are dropped; `missing`
 * reports both, per feature and as the stretches of time lost. Rows without an outcome (signals
 * that opened no trade) are ignored. Fails with one line when no row has an outcome.
 */
export function instrumentTables(table: Table): Map<string, InstrumentSignals> {
  for (const column of ['symbol', 'ts', 'exit_ts', 'net_pnl', 'win']) {
    if (!table.hasColumn(column)) {
      throw new RooneyError('bad_signals', `missing column "${column}"; write the table with \`rooney extract\``, { file: table.file });
    }
  }
  const features = featureColumnsOf(table);
  const symbols = table.text('symbol');
  const ts = table.timestamps('ts');
  const exitTs = table.numeric('exit_ts');
  const netPnl = table.numeric('net_pnl');
  const win = table.numeric('win');
  const featureValues = features.map((name) => table.numeric(name));
  const rowsBySymbol = new Map<string, number[]>();
  for (let r = 0; r < table.rowCount; r++) {
    if (Number.isNaN(win[r])) continue; // a signal that opened no trade has no outcome
    let rows = rowsBySymbol.get(symbols[r]);
    if (rows === undefined) rowsBySymbol.set(symbols[r], (rows = []));
    rows.push(r);
  }
  if (rowsBySymbol.size === 0) {
    throw new RooneyError(
      'no_signals',
      table.rowCount === 0
        ? 'the signals table is empty: the strategy traded no signal on this data, so there is nothing to learn'
        : `none of the ${table.rowCount} signals opened a trade (no "win" outcome), so there is nothing to learn`,
      { file: table.file },
    );
  }
  const out = new Map<string, InstrumentSignals>();
  for (const [symbol, allRows] of [...rowsBySymbol].sort((a, b) => a[0].localeCompare(b[0]))) {
    const usable = features.map((_, k) => allRows.some((r) => Number.isFinite(featureValues[k][r])));
    const keptFeatures = features.filter((_, k) => usable[k]);
    const keptValues = featureValues.filter((_, k) => usable[k]);
    const rows = allRows.filter((r) => keptValues.every((column) => Number.isFinite(column[r])));
    const kept = new Set(rows);
    const dropped = new Set(allRows.filter((r) => !kept.has(r)));
    const missing = missingReport(allRows, ts, features, featureValues, usable, dropped);
    const pick = (values: Float64Array): Float64Array => Float64Array.from(rows, (r) => values[r]);
    out.set(symbol, {
      instrument: symbol,
      dropped: dropped.size,
      missing,
      featureNames: keptFeatures.length > 0 ? keptFeatures : features,
      x: keptFeatures.length > 0 ? matrixFromColumns(keptValues.map(pick)) : { values: new Float64Array(0), rows: 0, columns: features.length },
      y: Uint8Array.from(rows, (r) => (win[r] > 0 ? 1 : 0)),
      entryTs: pick(ts),
      exitTs: pick(exitTs),
      netPnl: pick(netPnl),
      labelName: 'win',
    });
  }
  return out;
}

/** Columns held in memory as a `Table` (so a table can be checked before anything is written). */
export function tableFromColumns(columns: readonly OutputColumn[], file: string): Table {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const get = (name: string): OutputColumn => {
    const column = byName.get(name);
    if (column === undefined) throw new RooneyError('missing_column', `no column "${name}"`, { file });
    return column;
  };
  const isText = (column: OutputColumn): boolean => column.values.length > 0 && typeof column.values[0] === 'string';
  const numeric = (name: string): Float64Array => {
    const column = get(name);
    if (isText(column)) throw new RooneyError('bad_value', `column "${name}" is text, not numbers`, { file, field: name });
    return Float64Array.from(column.values as ArrayLike<number>);
  };
  return {
    file,
    rowCount: columns.length === 0 ? 0 : columns[0].values.length,
    columnNames: columns.map((c) => c.name),
    hasColumn: (name) => byName.has(name),
    isNumeric: (name) => !isText(get(name)),
    numeric,
    timestamps: numeric,
    text: (name) => Array.from(get(name).values as ArrayLike<number | string>, (v) => (typeof v === 'number' && Number.isNaN(v) ? '' : String(v))),
    lineOf: () => undefined,
  };
}
