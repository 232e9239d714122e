import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { RooneyError } from '@rooney/core';
import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';

/**
 * A table read from a CSV or Arrow IPC file, column by column. Values are converted on request:
 * `numeric(name)` gives a Float64Array (empty, NA, NaN and null cells become NaN; `true`/`false`
 * become 1/0), `timestamps(name)` accepts epoch milliseconds or ISO-8601 text. Any other text
 * fails with the file, line (CSV; header = line 1) or row (Arrow) and column.
 */
export interface Table {
  readonly file: string;
  readonly rowCount: number;
  readonly columnNames: readonly string[];
  hasColumn(name: string): boolean;
  /** True when every cell of the column reads as a number (or a missing value). */
  isNumeric(name: string): boolean;
  numeric(name: string): Float64Array;
  timestamps(name: string): Float64Array;
  /** Cells as text, for passing columns through unchanged. */
  text(name: string): string[];
  /** The file line where data row `row` (0-based) starts, for CSV; undefined for Arrow. */
  lineOf(row: number): number | undefined;
}

/** A column to write: numbers or text. */
export interface OutputColumn {
  readonly name: string;
  readonly values: ArrayLike<number> | readonly string[];
}

const MISSING = new Set(['', 'na', 'nan', 'null', 'n/a']);

/** Parses one cell as a number; undefined when it is not one. */
function parseNumber(cell: string): number | undefined {
  const text = cell.trim();
  const lower = text.toLowerCase();
  if (MISSING.has(lower)) return Number.NaN;
  if (lower === 'true') return 1;
  if (lower === 'false') return 0;
  const value = Number(text);
  return Number.isNaN(value) ? undefined : value;
}

/** Parses one cell as epoch ms: a number, or ISO-8601 text (a date alone is midnight UTC). */
function parseTimestamp(cell: string): number | undefined {
  const numeric = parseNumber(cell);
  if (numeric !== undefined) return numeric;
  const text = cell.trim();
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const value = Date.parse(text);
  return Number.isNaN(value) ? undefined : value;
}

function missingColumn(file: string, name: string, columns: readonly string[]): never {
  throw new RooneyError('missing_column', `no column "${name}"; the columns are ${columns.map((c) => `"${c}"`).join(', ')}`, { file });
}

/** Splits CSV text into records (RFC 4180 quoting), remembering each record's first line. */
export function parseCsvRecords(text: string, file: string, delimiter: string): { records: string[][]; lines: number[] } {
  const records: string[][] = [];
  const lines: number[] = [];
  let field = '';
  let record: string[] = [];
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = (): void => {
    record.push(field);
    field = '';
    if (!(record.length === 1 && record[0] === '')) {
      records.push(record);
      lines.push(recordLine);
    }
    record = [];
  };
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === delimiter) {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += c;
    }
  }
  if (quoted) throw new RooneyError('bad_csv', 'a quoted field is not closed before the end of the file', { file, line: recordLine });
  if (field !== '' || record.length > 0) endRecord();
  return { records, lines };
}

function readCsv(file: string, text: string, delimiter: string): Table {
  const { records, lines } = parseCsvRecords(text, file, delimiter);
  if (records.length === 0) throw new RooneyError('bad_csv', 'the file is empty: a header line is needed', { file });
  const header = records[0].map((name) => name.trim());
  const seen = new Set<string>();
  for (const name of header) {
    if (name === '') throw new RooneyError('bad_csv', 'the header has an empty column name', { file, line: 1 });
    if (seen.has(name)) throw new RooneyError('bad_csv', `the header names column "${name}" twice`, { file, line: 1 });
    seen.add(name);
  }
  const rowCount = records.length - 1;
  for (let r = 1; r < records.length; r++) {
    if (records[r].length !== header.length) {
      throw new RooneyError('bad_csv', `expected ${header.length} fields, found ${records[r].length}`, { file, line: lines[r] });
    }
  }
  const indexOf = (name: string): number => {
    const index = header.indexOf(name);
    return index < 0 ? missingColumn(file, name, header) : index;
  };
  const convert = (name: string, parse: (cell: string) => number | undefined, what: string): Float64Array => {
    const c = indexOf(name);
    const out = new Float64Array(rowCount);
    for (let r = 0; r < rowCount; r++) {
      const cell = records[r + 1][c];
      const value = parse(cell);
      if (value === undefined) {
        throw new RooneyError('bad_value', `not ${what}: ${JSON.stringify(cell)}`, { file, line: lines[r + 1], field: name });
      }
      out[r] = value;
    }
    return out;
  };
  return {
    file,
    rowCount,
    columnNames: header,
    hasColumn: (name) => header.includes(name),
    isNumeric: (name) => {
      const c = indexOf(name);
      for (let r = 1; r < records.length; r++) if (parseNumber(records[r][c]) === undefined) return false;
      return true;
    },
    numeric: (name) => convert(name, parseNumber, 'a number'),
    timestamps: (name) => convert(name, parseTimestamp, 'a timestamp (epoch ms or ISO-8601)'),
    text: (name) => {
      const c = indexOf(name);
      return records.slice(1).map((record) => record[c]);
    },
    lineOf: (row) => lines[row + 1],
  };
}

/** One Arrow cell as a number; undefined when it cannot be one. */
function arrowNumber(value: unknown, timestamps: boolean): number | undefined {
  if (value === null || value === undefined) return Number.NaN;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string') return timestamps ? parseTimestamp(value) : parseNumber(value);
  return undefined;
}

function readArrow(file: string, bytes: Uint8Array): Table {
  let table;
  try {
    table = tableFromIPC(bytes);
  } catch (error) {
    throw new RooneyError('bad_arrow', `not an Arrow IPC file: ${(error as Error).message}`, { file });
  }
  const names = table.schema.fields.map((field) => field.name);
  const column = (name: string) => table.getChild(name) ?? missingColumn(file, name, names);
  const convert = (name: string, timestamps: boolean): Float64Array => {
    const vector = column(name);
    const raw = vector.nullCount === 0 ? vector.toArray() : null;
    if (raw instanceof Float64Array) return Float64Array.from(raw);
    const out = new Float64Array(table.numRows);
    for (let r = 0; r < table.numRows; r++) {
      const value = arrowNumber(vector.get(r), timestamps);
      if (value === undefined) {
        const what = timestamps ? 'a timestamp' : 'a number';
        throw new RooneyError('bad_value', `row ${r + 1} is not ${what}: ${JSON.stringify(String(vector.get(r)))}`, { file, field: name });
      }
      out[r] = value;
    }
    return out;
  };
  return {
    file,
    rowCount: table.numRows,
    columnNames: names,
    hasColumn: (name) => names.includes(name),
    isNumeric: (name) => {
      const vector = column(name);
      for (let r = 0; r < table.numRows; r++) if (arrowNumber(vector.get(r), false) === undefined) return false;
      return true;
    },
    numeric: (name) => convert(name, false),
    timestamps: (name) => convert(name, true),
    text: (name) => {
      const vector = column(name);
      return Array.from({ length: table.numRows }, (_, r) => {
        const value: unknown = vector.get(r);
        return value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
      });
    },
    lineOf: () => undefined,
  };
}

function isArrowPath(path: string): boolean {
  return ['.arrow', '.feather', '.ipc', '.arrows'].includes(extname(path).toLowerCase());
}

/** Reads a `.csv` (comma), `.tsv` (tab) or Arrow IPC (`.arrow`, `.feather`, `.ipc`) table. */
export function readTable(path: string): Table {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new RooneyError('file_not_found', `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { file: path });
  }
  if (isArrowPath(path)) return readArrow(path, bytes);
  return readCsv(path, bytes.toString('utf8'), extname(path).toLowerCase() === '.tsv' ? '\t' : ',');
}

function csvCell(value: number | string): string {
  if (typeof value === 'number') return Number.isNaN(value) ? '' : String(value);
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The columns as CSV text (header line, then one line per row; NaN is an empty cell). */
export function formatCsv(columns: readonly OutputColumn[]): string {
  const rows = columns.length === 0 ? 0 : columns[0].values.length;
  const lines: string[] = [columns.map((c) => csvCell(c.name)).join(',')];
  for (let r = 0; r < rows; r++) lines.push(columns.map((c) => csvCell(c.values[r])).join(','));
  return `${lines.join('\n')}\n`;
}

/** Writes the columns as CSV, or as an Arrow IPC file when the path ends in .arrow/.feather/.ipc. */
export function writeTable(path: string, columns: readonly OutputColumn[]): void {
  const rows = columns.length === 0 ? 0 : columns[0].values.length;
  for (const column of columns) {
    if (column.values.length !== rows) {
      throw new RooneyError('invalid_data', `column "${column.name}" has ${column.values.length} values, expected ${rows}`);
    }
  }
  if (isArrowPath(path)) {
    const arrays: Record<string, Float64Array | string[]> = {};
    for (const column of columns) {
      arrays[column.name] =
        typeof column.values[0] === 'string' ? Array.from(column.values as readonly string[]) : Float64Array.from(column.values as ArrayLike<number>);
    }
    writeFileSync(path, tableToIPC(tableFromArrays(arrays), 'file'));
    return;
  }
  writeFileSync(path, formatCsv(columns));
}
