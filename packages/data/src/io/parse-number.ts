/**
 * Decimal numbers parsed straight from bytes, without building a string per field.
 *
 * Plain decimals with at most 15 significant digits (`-123.456`, `.5`, `7.`) are computed as
 * `mantissa / 10^k` with both operands exact doubles, so the single division is correctly rounded
 * and the result is bit-identical to `Number(text)`. Anything else (exponents, `NaN`, `Infinity`,
 * longer mantissas) falls back to `Number()` on the field text.
 */

const POWERS_OF_TEN = new Float64Array(23);
for (let k = 0; k < POWERS_OF_TEN.length; k++) POWERS_OF_TEN[k] = 10 ** k;

const CHAR_SPACE = 32;
const CHAR_TAB = 9;
const CHAR_QUOTE = 34;
const CHAR_PLUS = 43;
const CHAR_MINUS = 45;
const CHAR_DOT = 46;
const CHAR_ZERO = 48;
const CHAR_NINE = 57;

/** True for the bytes trimmed around a field: space, tab and double quote. */
export function isPadding(byte: number): boolean {
  return byte === CHAR_SPACE || byte === CHAR_TAB || byte === CHAR_QUOTE;
}

/** The text of `bytes[start, end)` (latin1, so every byte maps to one character). */
export function bytesToText(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]);
  return text;
}

/**
 * The number in `bytes[start, end)` after trimming spaces, tabs and quotes; `NaN` when the text is
 * empty or not a number (use {@link isNanLiteral} to tell a written `NaN` from garbage).
 */
export function parseNumber(bytes: Uint8Array, start: number, end: number): number {
  while (start < end && isPadding(bytes[start])) start++;
  while (end > start && isPadding(bytes[end - 1])) end--;
  if (start === end) return Number.NaN;
  let i = start;
  let negative = false;
  const first = bytes[i];
  if (first === CHAR_MINUS || first === CHAR_PLUS) {
    negative = first === CHAR_MINUS;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = 0;
  let seenDot = false;
  for (; i < end; i++) {
    const c = bytes[i];
    if (c >= CHAR_ZERO && c <= CHAR_NINE) {
      mantissa = mantissa * 10 + (c - CHAR_ZERO);
      digits++;
      if (seenDot) fractionDigits++;
    } else if (c === CHAR_DOT && !seenDot) {
      seenDot = true;
    } else {
      return slowParse(bytes, start, end);
    }
  }
  if (digits === 0) return Number.NaN;
  if (digits > 15) return slowParse(bytes, start, end);
  const value = fractionDigits === 0 ? mantissa : mantissa / POWERS_OF_TEN[fractionDigits];
  return negative ? -value : value;
}

function slowParse(bytes: Uint8Array, start: number, end: number): number {
  const text = bytesToText(bytes, start, end);
  // Number('') is 0 and Number('0x1A') is 26: accept only decimal notation.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(Infinity|NaN)$/i.test(text)) return Number.NaN;
  const lower = text.toLowerCase();
  if (lower.endsWith('nan')) return Number.NaN;
  if (lower.endsWith('infinity')) return lower.startsWith('-') ? -Infinity : Infinity;
  return Number(text);
}

/** True when the trimmed field text is a written `NaN` (any case), e.g. a missing price. */
export function isNanLiteral(bytes: Uint8Array, start: number, end: number): boolean {
  while (start < end && isPadding(bytes[start])) start++;
  while (end > start && isPadding(bytes[end - 1])) end--;
  return /^[+-]?nan$/i.test(bytesToText(bytes, start, end));
}

/** True when the trimmed field is empty. */
export function isBlank(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isPadding(bytes[i])) return false;
  return true;
}
