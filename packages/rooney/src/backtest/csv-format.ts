import { isoUtc } from '@rooney/core';

/** A number as written to CSV/JSON outputs: 12 significant digits, binary noise removed, `` for NaN. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  return String(Number(value.toPrecision(12)));
}

/** Quotes a CSV field when it needs it. */
export function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** ISO-8601 UTC time of an epoch-ms timestamp, as written to outputs. */
export function formatTime(ts: number): string {
  return Number.isFinite(ts) ? isoUtc(ts) : '';
}
