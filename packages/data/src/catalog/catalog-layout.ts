import { DAY_MS, HOUR_MS, MINUTE_MS, RooneyError, timeframeName } from '@rooney/core';

/** Where one partition lives: dataset / schema / symbol / month. */
export interface PartitionKey {
  /** e.g. `GLBX.MDP3` (Databento), or a name chosen at import (`imported`). */
  readonly dataset: string;
  /** e.g. `ohlcv-1m`. */
  readonly schema: string;
  /** The stored instrument: a venue contract (`ESH5`), an instrument id, or an imported symbol. */
  readonly symbol: string;
  /** `YYYY-MM` (UTC) of the bars' open times. */
  readonly month: string;
}

const MONTH = /^(\d{4})-(\d{2})$/;

/**
 * A name as one path segment: letters, digits, `.`, `_` and `-` stay, anything else (`/`, spaces,
 * `%`, …) becomes `%XX`, so every symbol has exactly one directory and none can climb out of the
 * catalog. Empty names and `.`/`..` are refused.
 */
export function encodePathSegment(name: string, what: string): string {
  if (name === '' || name === '.' || name === '..') throw new RooneyError('invalid_parameter', `"${what}" must be a name, was "${name}"`);
  let out = '';
  for (const char of name) {
    if (/[A-Za-z0-9._-]/.test(char)) out += char;
    else for (const byte of Buffer.from(char, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Relative path of a partition file: `<dataset>/<schema>/<symbol>/<YYYY-MM>.arrow` (`/`-separated). */
export function partitionPath(key: PartitionKey): string {
  monthRange(key.month);
  return [encodePathSegment(key.dataset, 'dataset'), encodePathSegment(key.schema, 'schema'), encodePathSegment(key.symbol, 'symbol'), `${key.month}.arrow`].join('/');
}

/** `YYYY-MM` (UTC) of an epoch-ms time. */
export function monthOf(ts: number): string {
  const date = new Date(ts);
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** `[start, end)` of a `YYYY-MM` month, epoch ms UTC. */
export function monthRange(month: string): readonly [number, number] {
  const match = MONTH.exec(month);
  if (match === null || Number(match[2]) < 1 || Number(match[2]) > 12) throw new RooneyError('invalid_parameter', `"month" must look like 2024-03, was "${month}"`);
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  return [Date.UTC(year, index, 1), Date.UTC(year, index + 1, 1)];
}

/** The months whose open times overlap `[start, end)`, in order. */
export function monthsBetween(start: number, end: number): string[] {
  const out: string[] = [];
  if (!(end > start)) return out;
  let month = monthOf(start);
  for (;;) {
    const [from, to] = monthRange(month);
    if (from >= end) break;
    out.push(month);
    month = monthOf(to);
  }
  return out;
}

/** The Databento schema name of an OHLCV bar size (`ohlcv-1m`, …), or `bars-<size>` for others (`bars-5m`). */
export function schemaForBarMs(barMs: number): string {
  if (barMs === 1000) return 'ohlcv-1s';
  if (barMs === MINUTE_MS) return 'ohlcv-1m';
  if (barMs === HOUR_MS) return 'ohlcv-1h';
  if (barMs === DAY_MS) return 'ohlcv-1d';
  return `bars-${timeframeName(barMs)}`;
}
