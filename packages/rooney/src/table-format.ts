/** Renders rows as a plain aligned text table (first column left-aligned, others right-aligned). */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => (r[k] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, k) => (k === 0 ? cell.padEnd(widths[k]) : cell.padStart(widths[k]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Money with thousands separators and 2 decimals. */
export function money(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '-';
  return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** A fraction as a percentage with 2 decimals. */
export function percent(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '-';
  return `${(value * 100).toFixed(2)}%`;
}

/** A ratio with 2 decimals. */
export function ratio(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '-';
  return value.toFixed(2);
}
