import { DAY_MS, RooneyError, sessionCloseTs } from '@rooney/core';
import { BarSeries } from '../bar-series.ts';
import { RowProblems, checkBar, checkOrder } from './bar-checks.ts';
import type { BarFieldNames } from './bar-checks.ts';
import { inferBarMs } from './bar-size.ts';
import { COLUMN_EXTRA_CANDIDATE, detectCsvLayout } from './csv-layout.ts';
import type { CsvLayout } from './csv-layout.ts';
import { quantiacsContractOf, symbolFromPath } from './file-symbol.ts';
import type { ResolvedLoadOptions } from './load-options.ts';
import { DATE_ONLY, NAIVE, newParsedDateTime, parseDateTime, parseTimeOfDay } from './parse-datetime.ts';
import { bytesToText, isBlank, isNanLiteral, parseNumber } from './parse-number.ts';
import { WallClock } from './wall-clock.ts';

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const QUOTE = 34;

/** Bars and extra columns of one CSV file. */
export interface CsvBars {
  readonly series: BarSeries;
  readonly extras: Record<string, Float64Array>;
  /** What the file's prices were divided by (the big-point value of a Quantiacs file, else 1). */
  readonly priceDivisor: number;
}

function lineEndOf(bytes: Uint8Array, from: number): number {
  const end = bytes.indexOf(NEWLINE, from);
  return end < 0 ? bytes.length : end;
}

function countLines(bytes: Uint8Array): number {
  let count = 1;
  let at = bytes.indexOf(NEWLINE);
  while (at >= 0) {
    count++;
    at = bytes.indexOf(NEWLINE, at + 1);
  }
  return count;
}

function trimToLength(column: Float64Array, length: number): Float64Array {
  // A view when little is wasted (the usual case: capacity = line count), a copy otherwise.
  return length >= column.length * 0.9 ? column.subarray(0, length) : column.slice(0, length);
}

/**
 * Parses a bar CSV held in `bytes` (see `loadBarsFile` for the accepted layouts). One pass over
 * the bytes: fields are located in place and numbers parsed from bytes straight into the output
 * columns; nothing is allocated per row. Bad rows go to `problems` (thrown or logged).
 */
export function parseCsvBars(
  bytes: Uint8Array,
  file: string,
  options: ResolvedLoadOptions,
  problems: RowProblems = new RowProblems(file, options.onBadRow),
): CsvBars {
  const length = bytes.length;
  let position = 0;
  let line = 1;
  if (length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) position = 3;

  // Header: the first line that is not blank.
  let headerEnd = lineEndOf(bytes, position);
  while (position < length && isBlank(bytes, position, trimLineEnd(bytes, position, headerEnd))) {
    position = headerEnd + 1;
    headerEnd = lineEndOf(bytes, position);
    line++;
  }
  if (position >= length) throw new RooneyError('bad_header', 'file is empty (no header line)', { file, line: 1 });
  const headerLine = new TextDecoder().decode(bytes.subarray(position, trimLineEnd(bytes, position, headerEnd)));
  const layout = detectCsvLayout(headerLine, file, line);
  position = headerEnd + 1;
  line++;

  const symbol = options.symbol ?? symbolFromPath(file);
  const hasRollColumn = layout.names.some((name) => name.trim().toUpperCase() === 'RINFO');
  const quantiacs = hasRollColumn ? quantiacsContractOf(file) : undefined;
  const divisor = options.priceDivisor ?? quantiacs?.bigPointValue ?? 1;
  const stampedAt = options.stampedAt ?? (layout.timestampIsEventTime ? 'open' : 'close');
  const names: BarFieldNames = {
    timestamp: layout.names[layout.timestampColumn],
    open: layout.names[layout.openColumn],
    high: layout.names[layout.highColumn],
    low: layout.names[layout.lowColumn],
    close: layout.names[layout.closeColumn],
    volume: layout.volumeColumn >= 0 ? layout.names[layout.volumeColumn] : 'volume',
  };

  const capacity = countLines(bytes);
  const ts = new Float64Array(capacity);
  const open = new Float64Array(capacity);
  const high = new Float64Array(capacity);
  const low = new Float64Array(capacity);
  const close = new Float64Array(capacity);
  const volume = new Float64Array(capacity);

  const columnCount = layout.names.length;
  const fieldStart = new Int32Array(columnCount);
  const fieldEnd = new Int32Array(columnCount);
  const delimiter = layout.delimiter;
  const { timestampColumn, timeColumn, openColumn, highColumn, lowColumn, closeColumn, volumeColumn } = layout;

  // Extra numeric columns are decided on the first data row.
  let extraColumns: number[] | undefined;
  let extraValues: Float64Array[] = [];
  let extraDivided: boolean[] = [];

  const parsed = newParsedDateTime();
  const wallClock = new WallClock(options.timeZone);
  const session = options.session;
  let lastDate = -1;
  let lastDateTs = 0;
  let datesOnly = -1; // -1 unknown, 1 date-only rows, 0 rows with times
  let previousTs = Number.NaN;
  let count = 0;

  for (; position < length; line++) {
    const lineStart = position;
    const lineEnd = lineEndOf(bytes, position);
    position = lineEnd + 1;
    const contentEnd = trimLineEnd(bytes, lineStart, lineEnd);
    if (isBlank(bytes, lineStart, contentEnd)) continue;

    // Locate the fields.
    let fields = 0;
    let at = lineStart;
    while (fields < columnCount) {
      fieldStart[fields] = at;
      if (at < contentEnd && bytes[at] === QUOTE) {
        at++;
        while (at < contentEnd) {
          if (bytes[at] === QUOTE) {
            if (at + 1 < contentEnd && bytes[at + 1] === QUOTE) at += 2;
            else break;
          } else at++;
        }
      }
      while (at < contentEnd && bytes[at] !== delimiter) at++;
      fieldEnd[fields] = at;
      fields++;
      if (at >= contentEnd) break;
      at++;
    }
    if (fields < layout.requiredFields) {
      problems.report('bad_row', line, layout.names[fields], `expected at least ${layout.requiredFields} fields, found ${fields}`);
      continue;
    }

    if (extraColumns === undefined) {
      extraColumns = [];
      for (let c = 0; c < columnCount; c++) {
        if (layout.roles[c] !== COLUMN_EXTRA_CANDIDATE || c >= fields) continue;
        const value = parseNumber(bytes, fieldStart[c], fieldEnd[c]);
        if (!Number.isNaN(value) || isNanLiteral(bytes, fieldStart[c], fieldEnd[c])) extraColumns.push(c);
      }
      extraValues = extraColumns.map(() => new Float64Array(capacity));
      extraDivided = extraColumns.map((c) => layout.names[c].trim().toUpperCase() === 'RINFO');
    }

    // Timestamp.
    let value = parseDateTime(bytes, fieldStart[timestampColumn], fieldEnd[timestampColumn], parsed);
    let kind = parsed.kind;
    if (timeColumn >= 0 && kind === DATE_ONLY) {
      const timeOfDay = parseTimeOfDay(bytes, fieldStart[timeColumn], fieldEnd[timeColumn]);
      if (Number.isNaN(timeOfDay)) {
        const text = bytesToText(bytes, fieldStart[timeColumn], fieldEnd[timeColumn]);
        problems.report('bad_timestamp', line, layout.names[timeColumn], `unparsable time "${text}"`);
        continue;
      }
      value += timeOfDay;
      kind = NAIVE;
    } else if (timeColumn >= 0 && kind !== 0) {
      problems.report('bad_timestamp', line, names.timestamp, 'expected a date alone, since times are in their own column');
      continue;
    }
    if (kind === 0) {
      const text = bytesToText(bytes, fieldStart[timestampColumn], fieldEnd[timestampColumn]);
      problems.report('bad_timestamp', line, names.timestamp, `unparsable date/time "${text}"`);
      continue;
    }
    const rowIsDateOnly = kind === DATE_ONLY ? 1 : 0;
    if (datesOnly < 0) datesOnly = rowIsDateOnly;
    else if (datesOnly !== rowIsDateOnly) {
      const what = rowIsDateOnly === 1 ? 'a date without a time' : 'a time';
      problems.report('bad_timestamp', line, names.timestamp, `row has ${what}, unlike the first row of the file`);
      continue;
    }
    let rowTs: number;
    if (kind === DATE_ONLY) {
      if (parsed.date !== lastDate) {
        lastDate = parsed.date;
        lastDateTs = sessionCloseTs(parsed.date, session);
      }
      rowTs = lastDateTs;
    } else if (kind === NAIVE) {
      rowTs = wallClock.toUtc(value);
    } else {
      rowTs = value;
    }

    // Prices and volume, written straight into slot `count` (only kept if the row is good).
    let o = parseNumber(bytes, fieldStart[openColumn], fieldEnd[openColumn]);
    if (Number.isNaN(o)) {
      reportNotAPrice(bytes, fieldStart[openColumn], fieldEnd[openColumn], problems, line, names.open);
      continue;
    }
    let h = parseNumber(bytes, fieldStart[highColumn], fieldEnd[highColumn]);
    if (Number.isNaN(h)) {
      reportNotAPrice(bytes, fieldStart[highColumn], fieldEnd[highColumn], problems, line, names.high);
      continue;
    }
    let l = parseNumber(bytes, fieldStart[lowColumn], fieldEnd[lowColumn]);
    if (Number.isNaN(l)) {
      reportNotAPrice(bytes, fieldStart[lowColumn], fieldEnd[lowColumn], problems, line, names.low);
      continue;
    }
    let c = parseNumber(bytes, fieldStart[closeColumn], fieldEnd[closeColumn]);
    if (Number.isNaN(c)) {
      reportNotAPrice(bytes, fieldStart[closeColumn], fieldEnd[closeColumn], problems, line, names.close);
      continue;
    }
    if (divisor !== 1) {
      o /= divisor;
      h /= divisor;
      l /= divisor;
      c /= divisor;
    }
    let v = Number.NaN;
    if (volumeColumn >= 0) {
      const start = fieldStart[volumeColumn];
      const end = fieldEnd[volumeColumn];
      v = parseNumber(bytes, start, end);
      if (Number.isNaN(v) && !isBlank(bytes, start, end) && !isNanLiteral(bytes, start, end)) {
        problems.report('bad_number', line, names.volume, `"${bytesToText(bytes, start, end).trim()}" is not a number`);
        continue;
      }
    }
    if (!checkBar(problems, line, names, o, h, l, c, v)) continue;
    if (!checkOrder(problems, line, names.timestamp, rowTs, previousTs)) continue;

    for (let e = 0; e < extraColumns.length; e++) {
      const column = extraColumns[e];
      let extra = column < fields ? parseNumber(bytes, fieldStart[column], fieldEnd[column]) : Number.NaN;
      if (extraDivided[e]) extra /= divisor;
      extraValues[e][count] = extra;
    }
    ts[count] = rowTs;
    open[count] = o;
    high[count] = h;
    low[count] = l;
    close[count] = c;
    volume[count] = v;
    previousTs = rowTs;
    count++;
  }

  const calendarDays = datesOnly === 1;
  let barMs = options.barMs ?? inferBarMs(ts, count, calendarDays);
  if (Number.isNaN(barMs)) {
    if (calendarDays) barMs = DAY_MS;
    else {
      throw new RooneyError(
        'bar_size_unknown',
        `cannot infer the bar size from ${count} row(s); pass "barMs"`,
        { file, field: names.timestamp },
      );
    }
  }
  if (stampedAt === 'open' && !calendarDays) {
    for (let i = 0; i < count; i++) ts[i] += barMs;
  }

  const extras: Record<string, Float64Array> = {};
  (extraColumns ?? []).forEach((column, e) => {
    extras[layout.names[column]] = trimToLength(extraValues[e], count);
  });
  const series = new BarSeries(symbol, barMs, {
    ts: trimToLength(ts, count),
    open: trimToLength(open, count),
    high: trimToLength(high, count),
    low: trimToLength(low, count),
    close: trimToLength(close, count),
    volume: trimToLength(volume, count),
  });
  return { series, extras, priceDivisor: divisor };
}

function trimLineEnd(bytes: Uint8Array, lineStart: number, lineEnd: number): number {
  return lineEnd > lineStart && bytes[lineEnd - 1] === CARRIAGE_RETURN ? lineEnd - 1 : lineEnd;
}

/** Reports a price field that did not parse: `bad_price` for a written NaN, else `bad_number`. */
function reportNotAPrice(
  bytes: Uint8Array,
  start: number,
  end: number,
  problems: RowProblems,
  line: number,
  field: string,
): void {
  if (isNanLiteral(bytes, start, end)) {
    problems.report('bad_price', line, field, 'price must be a finite number > 0, was NaN');
  } else if (isBlank(bytes, start, end)) {
    problems.report('bad_number', line, field, 'price is missing (empty field)');
  } else {
    problems.report('bad_number', line, field, `"${bytesToText(bytes, start, end).trim()}" is not a number`);
  }
}
