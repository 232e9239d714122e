/**
 * Dates and times parsed straight from bytes (no `Date` object, no string per field).
 *
 * Accepted forms (surrounding spaces and quotes are trimmed):
 * - `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYYMMDD`, `MM/DD/YYYY`: a date alone (a trading date);
 * - any of those followed by `T` or spaces and `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff…`;
 * - then optionally a zone: `Z`, `UTC`, `GMT`, `+HH`, `+HHMM`, `+HH:MM` (or `-`);
 * - a bare integer: epoch seconds (up to 10 digits), ms (11–13), µs (14–16) or ns (17–19 digits),
 *   except 8 digits, which is `YYYYMMDD`. Sub-millisecond parts are truncated.
 */

import { DAY_MS, HOUR_MS, MINUTE_MS } from '@rooney/core';
import { isPadding } from './parse-number.ts';

/** The parsed text held a date only (a trading date): `value` is UTC midnight of that date. */
export const DATE_ONLY = 1;
/** A wall-clock date and time without a zone: `value` is that wall time read as if it were UTC. */
export const NAIVE = 2;
/** An instant: an explicit zone or an epoch number. `value` is epoch ms UTC. */
export const ZONED = 3;

/** What {@link parseDateTime} found; one instance is reused for every row. */
export interface ParsedDateTime {
  /** `DATE_ONLY`, `NAIVE` or `ZONED`; 0 when the text did not parse. */
  kind: number;
  /** The calendar date as `YYYYMMDD` (for `DATE_ONLY` and `NAIVE`). */
  date: number;
}

/** A fresh result holder for {@link parseDateTime}. */
export function newParsedDateTime(): ParsedDateTime {
  return { kind: 0, date: 0 };
}

const ZERO = 48;
const NINE = 57;
const COLON = 58;
const DOT = 46;
const DASH = 45;
const SLASH = 47;
const PLUS = 43;
const SPACE = 32;
const UPPER_T = 84;
const UPPER_Z = 90;
const LOWER_Z = 122;

function isDigit(byte: number): boolean {
  return byte >= ZERO && byte <= NINE;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// Cursor shared by the helpers below; parsing is single-threaded and never re-entrant.
let cursor = 0;

/** Reads up to `maxDigits` digits at `cursor`; returns the value, or -1 when fewer than `minDigits`. */
function readDigits(bytes: Uint8Array, end: number, minDigits: number, maxDigits: number): number {
  let value = 0;
  let count = 0;
  while (cursor < end && count < maxDigits && isDigit(bytes[cursor])) {
    value = value * 10 + (bytes[cursor] - ZERO);
    cursor++;
    count++;
  }
  return count < minDigits ? -1 : value;
}

/**
 * Parses a time of day at `cursor` (`H:MM`, `HH:MM:SS`, `HH:MM:SS.fff…`, or compact `HHMM` /
 * `HHMMSS`) and returns it in ms, or NaN. Leaves `cursor` after the time.
 */
function readTimeOfDay(bytes: Uint8Array, end: number): number {
  const runStart = cursor;
  let run = 0;
  while (runStart + run < end && isDigit(bytes[runStart + run])) run++;
  let hours: number;
  let minutes: number;
  let seconds = 0;
  if (run === 4 || run === 6) {
    hours = readDigits(bytes, end, 2, 2);
    minutes = readDigits(bytes, end, 2, 2);
    if (run === 6) seconds = readDigits(bytes, end, 2, 2);
  } else {
    hours = readDigits(bytes, end, 1, 2);
    if (hours < 0 || cursor >= end || bytes[cursor] !== COLON) return Number.NaN;
    cursor++;
    minutes = readDigits(bytes, end, 2, 2);
    if (minutes < 0) return Number.NaN;
    if (cursor < end && bytes[cursor] === COLON) {
      cursor++;
      seconds = readDigits(bytes, end, 2, 2);
      if (seconds < 0) return Number.NaN;
    }
  }
  if (hours > 23 || minutes > 59 || seconds > 59) return Number.NaN;
  let ms = 0;
  if (cursor < end && bytes[cursor] === DOT) {
    cursor++;
    let scale = 100;
    let count = 0;
    while (cursor < end && isDigit(bytes[cursor])) {
      ms += (bytes[cursor] - ZERO) * scale;
      scale /= 10;
      cursor++;
      count++;
    }
    if (count === 0) return Number.NaN;
    ms = Math.floor(ms);
  }
  return hours * HOUR_MS + minutes * MINUTE_MS + seconds * 1000 + ms;
}

/**
 * Parses a zone suffix at `cursor` through `end`: returns its offset from UTC in ms (east positive),
 * 0 for `Z`/`UTC`/`GMT`, or NaN when the remaining text is not a zone.
 */
function readZone(bytes: Uint8Array, end: number): number {
  while (cursor < end && bytes[cursor] === SPACE) cursor++;
  const rest = end - cursor;
  const c = bytes[cursor];
  if (rest === 1 && (c === UPPER_Z || c === LOWER_Z)) return 0;
  if (rest === 3) {
    const word = String.fromCharCode(c, bytes[cursor + 1], bytes[cursor + 2]).toUpperCase();
    if (word === 'UTC' || word === 'GMT') return 0;
  }
  if (c !== PLUS && c !== DASH) return Number.NaN;
  const sign = c === DASH ? -1 : 1;
  cursor++;
  const hours = readDigits(bytes, end, 2, 2);
  if (hours < 0 || hours > 18) return Number.NaN;
  let minutes = 0;
  if (cursor < end) {
    if (bytes[cursor] === COLON) cursor++;
    minutes = readDigits(bytes, end, 2, 2);
    if (minutes < 0 || minutes > 59) return Number.NaN;
  }
  if (cursor !== end) return Number.NaN;
  return sign * (hours * HOUR_MS + minutes * MINUTE_MS);
}

/** Epoch ms of an all-digit field: seconds, ms, µs or ns chosen by digit count. */
function parseEpochDigits(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length > 19) return Number.NaN;
  // Keep the leading digits down to whole milliseconds: exact in a double (≤ 13 digits today).
  const dropDigits = length <= 10 ? 0 : length <= 13 ? 0 : length <= 16 ? 3 : 6;
  let value = 0;
  for (let i = start; i < end - dropDigits; i++) value = value * 10 + (bytes[i] - ZERO);
  return length <= 10 ? value * 1000 : value;
}

/**
 * Parses the date/time in `bytes[start, end)`. Returns epoch ms (see {@link ParsedDateTime.kind}
 * for how to read it) and fills `out`; returns NaN with `out.kind = 0` when it does not parse.
 */
export function parseDateTime(bytes: Uint8Array, start: number, end: number, out: ParsedDateTime): number {
  out.kind = 0;
  while (start < end && isPadding(bytes[start])) start++;
  while (end > start && isPadding(bytes[end - 1])) end--;
  if (start === end) return Number.NaN;
  cursor = start;
  let run = 0;
  while (start + run < end && isDigit(bytes[start + run])) run++;

  if (run === end - start && run !== 8) {
    const value = parseEpochDigits(bytes, start, end);
    if (Number.isNaN(value)) return value;
    out.kind = ZONED;
    return value;
  }

  let year: number;
  let month: number;
  let day: number;
  if (run === 8) {
    year = readDigits(bytes, end, 4, 4);
    month = readDigits(bytes, end, 2, 2);
    day = readDigits(bytes, end, 2, 2);
  } else if (run === 4) {
    year = readDigits(bytes, end, 4, 4);
    const separator = bytes[cursor];
    if (separator !== DASH && separator !== SLASH && separator !== DOT) return Number.NaN;
    cursor++;
    month = readDigits(bytes, end, 1, 2);
    if (month < 0 || cursor >= end || bytes[cursor] !== separator) return Number.NaN;
    cursor++;
    day = readDigits(bytes, end, 1, 2);
  } else if ((run === 1 || run === 2) && bytes[start + run] === SLASH) {
    // US order: MM/DD/YYYY.
    month = readDigits(bytes, end, 1, 2);
    cursor++;
    day = readDigits(bytes, end, 1, 2);
    if (day < 0 || cursor >= end || bytes[cursor] !== SLASH) return Number.NaN;
    cursor++;
    year = readDigits(bytes, end, 4, 4);
  } else {
    return Number.NaN;
  }
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  const midnight = daysFromCivil(year, month, day) * DAY_MS;
  out.date = year * 10000 + month * 100 + day;
  if (cursor === end) {
    out.kind = DATE_ONLY;
    return midnight;
  }

  const separator = bytes[cursor];
  if (separator !== UPPER_T && separator !== SPACE && separator !== 116 /* t */) return Number.NaN;
  cursor++;
  while (cursor < end && bytes[cursor] === SPACE) cursor++;
  const timeOfDay = readTimeOfDay(bytes, end);
  if (Number.isNaN(timeOfDay)) return timeOfDay;
  if (cursor === end) {
    out.kind = NAIVE;
    return midnight + timeOfDay;
  }
  const offset = readZone(bytes, end);
  if (Number.isNaN(offset)) return offset;
  out.kind = ZONED;
  return midnight + timeOfDay - offset;
}

/** Parses a time-of-day field (`HH:MM[:SS[.fff]]`, `HHMM`, `HHMMSS`) into ms after midnight, or NaN. */
export function parseTimeOfDay(bytes: Uint8Array, start: number, end: number): number {
  while (start < end && isPadding(bytes[start])) start++;
  while (end > start && isPadding(bytes[end - 1])) end--;
  if (start === end) return Number.NaN;
  cursor = start;
  const value = readTimeOfDay(bytes, end);
  return cursor === end ? value : Number.NaN;
}
