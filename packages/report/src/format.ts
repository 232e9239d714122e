import type { ValueFormat } from './types.ts';

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** Three-letter English month name of a 1-based month (1 = `Jan`). */
export function monthName(month: number): string {
  return MONTH_NAMES[month - 1] ?? String(month);
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A number with `decimals` fixed decimals and comma thousands separators: `1234.5` → `1,234.50`.
 * Locale-independent (the same bytes on every machine). A value that rounds to zero has no sign;
 * NaN is `n/a`, infinities are `∞` / `-∞`.
 */
export function formatNumber(value: number, decimals = 2): string {
  if (Number.isNaN(value)) return 'n/a';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole, fraction] = fixed.split('.');
  const body = fraction === undefined ? groupThousands(whole) : `${groupThousands(whole)}.${fraction}`;
  const isZero = !/[1-9]/.test(fixed);
  return value < 0 && !isZero ? `-${body}` : body;
}

/** US-dollar amount: `-1234.5` → `-$1,234.50`. */
export function formatCurrency(value: number, decimals = 2): string {
  const text = formatNumber(value, decimals);
  if (!Number.isFinite(value)) return text;
  return text.startsWith('-') ? `-$${text.slice(1)}` : `$${text}`;
}

/** A fraction as a percentage: `0.1234` → `12.34%`. */
export function formatPercent(fraction: number, decimals = 2): string {
  const text = formatNumber(fraction * 100, decimals);
  return Number.isFinite(fraction) ? `${text}%` : text;
}

/**
 * Default decimals for a number shown in a table cell: none for integers, 2 for magnitudes
 * >= 1, otherwise enough for 3 significant digits (at most 8).
 */
function automaticDecimals(value: number): number {
  if (Number.isInteger(value)) return 0;
  const magnitude = Math.abs(value);
  if (magnitude >= 1) return 2;
  return Math.min(8, Math.max(2, 2 - Math.floor(Math.log10(magnitude))));
}

/**
 * A value in one of the report's formats. `decimals` overrides the default (2 for currency and
 * percent, automatic for numbers, 0 for integers).
 */
export function formatValue(value: number, format: ValueFormat, decimals?: number): string {
  switch (format) {
    case 'currency':
      return formatCurrency(value, decimals ?? 2);
    case 'percent':
      return formatPercent(value, decimals ?? 2);
    case 'integer':
      return formatNumber(value, decimals ?? 0);
    case 'number':
      return formatNumber(value, decimals ?? (Number.isFinite(value) ? automaticDecimals(value) : 0));
  }
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** UTC calendar date of an epoch-ms timestamp: `2024-03-05`. */
export function formatDateUtc(ts: number): string {
  const date = new Date(ts);
  return `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
}

/** UTC date and minute of an epoch-ms timestamp: `2024-03-05 14:30 UTC`. */
export function formatDateTimeUtc(ts: number): string {
  const date = new Date(ts);
  return `${formatDateUtc(ts)} ${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())} UTC`;
}

/**
 * A formatter for axis tick labels spaced `step` apart, choosing decimals so neighbouring ticks
 * differ, and a `k` / `M` / `B` suffix for currency and numbers when `largest` (the largest
 * absolute tick) reaches 10,000.
 */
export function axisFormatter(format: ValueFormat, step: number, largest: number): (value: number) => string {
  if (format === 'percent') {
    const decimals = decimalsForStep(step * 100);
    return (value) => `${formatNumber(value * 100, decimals)}%`;
  }
  const [unit, suffix] = largest >= 1e9 ? [1e9, 'B'] : largest >= 1e6 ? [1e6, 'M'] : largest >= 1e4 ? [1e3, 'k'] : [1, ''];
  const decimals = decimalsForStep(step / unit);
  const symbol = format === 'currency' ? '$' : '';
  return (value) => {
    const text = formatNumber(value / unit, decimals);
    return text.startsWith('-') ? `-${symbol}${text.slice(1)}${suffix}` : `${symbol}${text}${suffix}`;
  };
}

function decimalsForStep(step: number): number {
  if (!(step > 0) || !Number.isFinite(step)) return 0;
  return Math.min(8, Math.max(0, -Math.floor(Math.log10(step) + 1e-9)));
}
