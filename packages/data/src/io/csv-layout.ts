import { RooneyError } from '@rooney/core';

/** What a CSV column holds. */
export const COLUMN_IGNORED = 0;
export const COLUMN_TIMESTAMP = 1;
export const COLUMN_TIME = 2;
export const COLUMN_OPEN = 3;
export const COLUMN_HIGH = 4;
export const COLUMN_LOW = 5;
export const COLUMN_CLOSE = 6;
export const COLUMN_VOLUME = 7;
/** A column not used for bars; kept in `extras` when its first value is a number. */
export const COLUMN_EXTRA_CANDIDATE = 8;

/** The columns of a bar CSV, found from its header line. */
export interface CsvLayout {
  /** Byte value of the field delimiter (`,`, tab, `;` or `|`). */
  readonly delimiter: number;
  /** Column names as written (trimmed, unquoted). */
  readonly names: readonly string[];
  /** `COLUMN_*` role per column. */
  readonly roles: readonly number[];
  /** The date-time column, or the date column when dates and times are separate. */
  readonly timestampColumn: number;
  /** The time-of-day column when dates and times are separate, else -1. */
  readonly timeColumn: number;
  readonly openColumn: number;
  readonly highColumn: number;
  readonly lowColumn: number;
  readonly closeColumn: number;
  /** -1 when the file has no volume column. */
  readonly volumeColumn: number;
  /** A row needs at least this many fields to hold every bar column. */
  readonly requiredFields: number;
  /** True when the time column is Databento's `ts_event` (the bar's open, in ns). */
  readonly timestampIsEventTime: boolean;
}

const TIMESTAMP_NAMES = ['datetime', 'date_time', 'timestamp', 'timestamp_utc', 'ts_event', 'ts', 'date', 'time'];
const PRICE_NAMES: Record<string, number> = {
  open: COLUMN_OPEN,
  high: COLUMN_HIGH,
  low: COLUMN_LOW,
  close: COLUMN_CLOSE,
  volume: COLUMN_VOLUME,
  vol: COLUMN_VOLUME,
};

/** Case-folded column name: trimmed, unquoted, inner runs of spaces made single. */
export function normalizeColumnName(name: string): string {
  return name
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/** The most frequent of `,`, tab, `;` and `|` in the header line (`,` when none occurs). */
export function detectDelimiter(headerLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const candidate of [',', '\t', ';', '|']) {
    const count = headerLine.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Finds the bar columns in a header line: one date-time column (`datetime`, `timestamp`,
 * `timestamp_utc`, `ts_event`, `ts`, `date` or `time`) or a `date` + `time` pair, and `open`,
 * `high`, `low`, `close`, optional `volume`/`vol` (case-insensitive, spaces trimmed). Every other
 * named column is an extra candidate. Throws `bad_header` naming the missing column.
 */
export function detectCsvLayout(headerLine: string, file: string, line: number): CsvLayout {
  const delimiter = detectDelimiter(headerLine);
  const names = headerLine.split(delimiter).map((name) => name.trim().replace(/^"(.*)"$/, '$1').trim());
  const normalized = names.map(normalizeColumnName);
  const roles = new Array<number>(names.length).fill(COLUMN_IGNORED);
  const columnOf = (name: string): number => normalized.indexOf(name);

  for (let i = 0; i < normalized.length; i++) {
    const role = PRICE_NAMES[normalized[i]];
    if (role === undefined) continue;
    if (roles.includes(role)) {
      throw new RooneyError('bad_header', `column "${names[i]}" appears twice in the header`, { file, line, field: names[i] });
    }
    roles[i] = role;
  }

  let timestampColumn = -1;
  let timeColumn = -1;
  if (columnOf('date') >= 0 && columnOf('time') >= 0 && TIMESTAMP_NAMES.slice(0, 6).every((n) => columnOf(n) < 0)) {
    timestampColumn = columnOf('date');
    timeColumn = columnOf('time');
  } else {
    for (const name of TIMESTAMP_NAMES) {
      if (columnOf(name) >= 0) {
        timestampColumn = columnOf(name);
        break;
      }
    }
  }
  if (timestampColumn < 0 && /^[\d.+-]/.test(names[0] ?? '')) {
    throw new RooneyError(
      'bad_header',
      `the first line "${headerLine.trim()}" looks like data: files without a header are not supported (add one such as "date,open,high,low,close,volume")`,
      { file, line },
    );
  }
  if (timestampColumn < 0) {
    throw new RooneyError(
      'bad_header',
      `no date/time column in header "${headerLine.trim()}" (expected one of ${TIMESTAMP_NAMES.join(', ')}, or date + time)`,
      { file, line, field: 'timestamp' },
    );
  }
  roles[timestampColumn] = COLUMN_TIMESTAMP;
  if (timeColumn >= 0) roles[timeColumn] = COLUMN_TIME;

  const find = (role: number, label: string, required: boolean): number => {
    const index = roles.indexOf(role);
    if (index < 0 && required) {
      throw new RooneyError('bad_header', `no "${label}" column in header "${headerLine.trim()}"`, { file, line, field: label });
    }
    return index;
  };
  const openColumn = find(COLUMN_OPEN, 'open', true);
  const highColumn = find(COLUMN_HIGH, 'high', true);
  const lowColumn = find(COLUMN_LOW, 'low', true);
  const closeColumn = find(COLUMN_CLOSE, 'close', true);
  const volumeColumn = find(COLUMN_VOLUME, 'volume', false);

  for (let i = 0; i < roles.length; i++) {
    const isTimeName = TIMESTAMP_NAMES.includes(normalized[i]);
    if (roles[i] === COLUMN_IGNORED && normalized[i] !== '' && !isTimeName) roles[i] = COLUMN_EXTRA_CANDIDATE;
  }

  const requiredFields =
    Math.max(timestampColumn, timeColumn, openColumn, highColumn, lowColumn, closeColumn, volumeColumn) + 1;
  return {
    delimiter: delimiter.charCodeAt(0),
    names,
    roles,
    timestampColumn,
    timeColumn,
    openColumn,
    highColumn,
    lowColumn,
    closeColumn,
    volumeColumn,
    requiredFields,
    timestampIsEventTime: normalized[timestampColumn] === 'ts_event',
  };
}
