import { readFileSync } from 'node:fs';
import { RooneyError } from '@rooney/core';
import type { Direction, Trade } from '@rooney/core';
import { TRADE_COLUMNS } from '../backtest/outputs.ts';
import { parseCsvRecords } from '../table-io.ts';


/** Columns read from a trades CSV: `TRADE_COLUMNS` are required, `strategy` and `entry_tag` optional, others ignored. */
const KNOWN_COLUMNS = new Set<string>([...TRADE_COLUMNS, 'strategy', 'entry_tag']);

/**
 * Splits CSV text into rows of fields (RFC 4180: `"` quotes fields, `""` is a literal quote,
 * quoted fields may hold commas and newlines; CRLF or LF line ends). Blank lines are skipped.
 * Each row carries its 1-based line number for error messages.
 */
export function parseCsvRows(text: string, file = 'CSV'): { line: number; fields: string[] }[] {
  const { records, lines } = parseCsvRecords(text, file, ',');
  return records.map((fields, k) => ({ line: lines[k], fields }));
}

/** Parses trades CSV text (see `TRADE_COLUMNS`) into trades; `file` names the source in errors. */
export function parseTradesCsv(text: string, file = 'trades CSV'): Trade[] {
  const rows = parseCsvRows(text, file);
  if (rows.length === 0) throw new RooneyError('bad_csv', 'file is empty (no header)', { file });
  const header = rows[0].fields.map((name) => name.trim());
  const index = new Map<string, number>();
  header.forEach((name, k) => index.set(name, k));
  for (const column of TRADE_COLUMNS) {
    if (!index.has(column)) {
      throw new RooneyError('bad_csv', `missing column "${column}" (header: ${header.join(',')})`, { file, line: 1 });
    }
  }
  const metaColumns = header.filter((name) => !KNOWN_COLUMNS.has(name) && name !== '');
  const trades: Trade[] = [];
  for (const { line, fields } of rows.slice(1)) {
    if (fields.length !== header.length) {
      throw new RooneyError('bad_csv', `expected ${header.length} fields, found ${fields.length}`, { file, line });
    }
    const text = (column: string): string => fields[index.get(column) as number].trim();
    const number = (column: string): number => {
      const raw = text(column);
      const value = raw === '' ? Number.NaN : Number(raw);
      if (!Number.isFinite(value)) throw new RooneyError('bad_csv', `not a number: "${raw}"`, { file, line, field: column });
      return value;
    };
    const time = (column: string): number => {
      const raw = text(column);
      const ts = Date.parse(raw);
      if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || !Number.isFinite(ts)) {
        throw new RooneyError('bad_csv', `not an ISO-8601 time: "${raw}"`, { file, line, field: column });
      }
      return ts;
    };
    const direction = text('direction');
    if (direction !== 'long' && direction !== 'short') {
      throw new RooneyError('bad_csv', `must be long or short, was "${direction}"`, { file, line, field: 'direction' });
    }
    const meta: Record<string, number | string> = {};
    for (const column of metaColumns) {
      const raw = text(column);
      if (raw === '') continue;
      const value = Number(raw);
      meta[column] = Number.isFinite(value) ? value : raw;
    }
    trades.push({
      symbol: text('symbol'),
      strategy: index.has('strategy') ? text('strategy') : '',
      direction: direction as Direction,
      quantity: number('quantity'),
      entryTs: time('entry_time'),
      entryPrice: number('entry_price'),
      exitTs: time('exit_time'),
      exitPrice: number('exit_price'),
      barsHeld: number('bars_held'),
      grossPnl: number('gross_pnl'),
      commission: number('commission'),
      netPnl: number('net_pnl'),
      entryTag: index.has('entry_tag') ? text('entry_tag') : '',
      exitReason: text('exit_reason'),
      ...(metaColumns.length > 0 ? { meta } : {}),
    });
  }
  return trades;
}

/** Reads a trades CSV file. */
export function readTradesCsv(path: string): Trade[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new RooneyError('file_not_found', `cannot read trades file: ${(error as Error).message}`, { file: path });
  }
  return parseTradesCsv(text, path);
}

/** Net PnLs of the trades in exit-time order (ties keep file order). */
export function netPnlsByExit(trades: readonly Trade[]): Float64Array {
  const order = trades.map((_, k) => k).sort((a, b) => trades[a].exitTs - trades[b].exitTs || a - b);
  return Float64Array.from(order, (k) => trades[k].netPnl);
}
