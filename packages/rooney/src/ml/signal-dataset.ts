import { RooneyError } from '@rooney/core';
import { matrixFromColumns } from '@rooney/ml';
import type { InstrumentTable } from '@rooney/ml';
import type { Table } from '../table-io.ts';

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

/**
 * Splits a signals table (one row per traded signal, from `rooney extract`) into one training
 * table per symbol: features, label `win` (net PnL > 0), entry (signal) and exit times, net PnL.
 * Per symbol, a feature that is never defined (its series is not in the data: minute features on
 * daily data, a missing pair or TLT) is left out, and rows still holding an undefined feature
 * (indicator warm-up at the start of history) are dropped; `dropped` counts them.
 */
export function instrumentTables(table: Table): Map<string, InstrumentTable & { readonly dropped: number }> {
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
  const out = new Map<string, InstrumentTable & { readonly dropped: number }>();
  for (const [symbol, allRows] of [...rowsBySymbol].sort((a, b) => a[0].localeCompare(b[0]))) {
    const usable = features.map((_, k) => allRows.some((r) => Number.isFinite(featureValues[k][r])));
    const keptFeatures = features.filter((_, k) => usable[k]);
    const keptValues = featureValues.filter((_, k) => usable[k]);
    const rows = allRows.filter((r) => keptValues.every((column) => Number.isFinite(column[r])));
    if (rows.length === 0 || keptFeatures.length === 0) continue;
    const pick = (values: Float64Array): Float64Array => Float64Array.from(rows, (r) => values[r]);
    out.set(symbol, {
      instrument: symbol,
      dropped: allRows.length - rows.length,
      featureNames: keptFeatures,
      x: matrixFromColumns(keptValues.map(pick)),
      y: Uint8Array.from(rows, (r) => (win[r] > 0 ? 1 : 0)),
      entryTs: pick(ts),
      exitTs: pick(exitTs),
      netPnl: pick(netPnl),
      labelName: 'win',
    });
  }
  return out;
}
