import { requireParameter } from '@rooney/core';
import { escapeHtml } from './escape.ts';
import { formatNumber, formatValue } from './format.ts';
import type { ValueFormat } from './types.ts';

/**
 * A table cell: text, a number (formatted per column), a number with its own text (`{ value,
 * text }`: shown as `text`, right-aligned, sorted by `value` — e.g. a price at its instrument's
 * tick precision) or empty (`null`).
 */
export type TableCell = string | number | { readonly value: number; readonly text: string } | null;

/** Options of {@link dataTable}. */
export interface DataTableOptions {
  readonly columns: readonly string[];
  /** Rows of cells, one per column. */
  readonly rows: readonly (readonly TableCell[])[];
  /**
   * Format of number cells per column; when absent or `undefined` for a column, integers get
   * thousands separators and other numbers 2 decimals (more below 1). Text cells are shown as is.
   */
  readonly columnFormats?: readonly (ValueFormat | undefined)[];
  /** Show at most this many rows and say how many were left out (default: all). */
  readonly maxRows?: number;
  readonly caption?: string;
  /** Let a click on a header sort by that column (report script). Default true. */
  readonly sortable?: boolean;
}

function numberText(value: number, format: ValueFormat | undefined): string {
  if (format !== undefined) return formatValue(value, format);
  return formatValue(value, 'number');
}

/**
 * An HTML `<table class="data">` with escaped text, right-aligned formatted numbers (each with
 * its exact value in `data-sort`), `—` for empty cells, and a note when rows were left out.
 */
export function dataTable(options: DataTableOptions): string {
  const { columns, rows } = options;
  rows.forEach((row, index) => requireParameter(row.length === columns.length, `rows[${index}]`, `${columns.length} cells (one per column)`, row.length));
  const limit = options.maxRows ?? rows.length;
  requireParameter(Number.isInteger(limit) && limit >= 0, 'maxRows', 'an integer >= 0', limit);
  const shown = Math.min(limit, rows.length);
  const sortable = options.sortable ?? true;
  let html = `<div class="table-wrap"><table class="data${sortable ? ' sortable' : ''}">`;
  if (options.caption !== undefined) html += `<caption>${escapeHtml(options.caption)}</caption>`;
  html += '<thead><tr>';
  columns.forEach((column, index) => {
    const numeric = rows.some((row) => typeof row[index] === 'number' || (row[index] !== null && typeof row[index] === 'object'));
    html += `<th scope="col"${numeric ? ' class="number"' : ''}>${escapeHtml(column)}</th>`;
  });
  html += '</tr></thead><tbody>';
  for (let r = 0; r < shown; r++) {
    html += '<tr>';
    rows[r].forEach((value, index) => {
      if (value === null) html += '<td class="empty">—</td>';
      else if (typeof value === 'number') {
        const sortKey = Number.isNaN(value) ? '' : ` data-sort="${value}"`;
        html += `<td class="number"${sortKey}>${escapeHtml(numberText(value, options.columnFormats?.[index]))}</td>`;
      } else if (typeof value === 'object') {
        const sortKey = Number.isNaN(value.value) ? '' : ` data-sort="${value.value}"`;
        html += `<td class="number"${sortKey}>${escapeHtml(value.text)}</td>`;
      } else html += `<td>${escapeHtml(value)}</td>`;
    });
    html += '</tr>';
  }
  html += '</tbody></table></div>';
  if (shown < rows.length) {
    html += `<p class="note">Showing the first ${formatNumber(shown, 0)} of ${formatNumber(rows.length, 0)} rows.</p>`;
  }
  return html;
}

/** A two-column `<table class="key-value">` of names and values (run inputs, settings); numbers are written as is (seeds, IDs). */
export function keyValueTable(entries: Readonly<Record<string, string | number>>): string {
  let html = '<table class="key-value"><tbody>';
  for (const [key, value] of Object.entries(entries)) {
    const text = typeof value === 'number' ? String(value) : value;
    html += `<tr><th scope="row">${escapeHtml(key)}</th><td>${escapeHtml(text)}</td></tr>`;
  }
  return `${html}</tbody></table>`;
}
