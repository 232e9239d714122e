import { RooneyError, requireParameter } from '@rooney/core';
import { escapeHtml } from './escape.ts';
import { formatValue, monthName } from './format.ts';
import type { ValueFormat } from './types.ts';

/** How cell colours are chosen. */
export type HeatmapColorScale = 'diverging' | 'sequential';

/** Options of {@link heatmapTable}. */
export interface HeatmapTableOptions {
  /** One label per row (e.g. years, or the values of the first swept parameter). */
  readonly rowLabels: readonly (string | number)[];
  /** One label per column (e.g. months, or the values of the second swept parameter). */
  readonly columnLabels: readonly (string | number)[];
  /** `values[row][column]`; `null` or a non-finite number is an empty cell. */
  readonly values: readonly (readonly (number | null)[])[];
  /** Cell text format (default `number`). */
  readonly valueFormat?: ValueFormat;
  /** Decimals in cell text (default per format; for `number`, 3 significant digits of the largest value, shared by all cells). */
  readonly decimals?: number;
  /**
   * `diverging` (default): red below 0, green above, white at 0, intensity relative to the
   * largest absolute value. `sequential`: white at the smallest value to blue at the largest.
   */
  readonly colorScale?: HeatmapColorScale;
  /** With a diverging scale, `false` swaps the colours (red for high values). Default true. */
  readonly higherIsBetter?: boolean;
  /** Text of the top-left header cell, e.g. `fast \ slow`. */
  readonly corner?: string;
  /** A caption above the table. */
  readonly caption?: string;
  /** An extra right-hand column (e.g. the year's total), coloured on its own scale. */
  readonly summaryColumn?: { readonly label: string; readonly values: readonly (number | null)[] };
  /** A cell to outline, e.g. the chosen parameter pair. */
  readonly highlight?: { readonly row: number; readonly column: number };
}

/** Colour stops: white, then the pole colour at full intensity. */
const GREEN: readonly [number, number, number] = [22, 163, 74];
const RED: readonly [number, number, number] = [220, 38, 38];
const BLUE: readonly [number, number, number] = [37, 99, 235];

function hex(channel: number): string {
  const clamped = Math.max(0, Math.min(255, Math.round(channel)));
  return clamped.toString(16).padStart(2, '0');
}

/** White blended toward `pole` by `amount` in [0, 1] (kept below full strength so text stays readable). */
function blend(pole: readonly [number, number, number], amount: number): string {
  const t = Math.max(0, Math.min(1, amount)) * 0.85;
  return `#${hex(255 + (pole[0] - 255) * t)}${hex(255 + (pole[1] - 255) * t)}${hex(255 + (pole[2] - 255) * t)}`;
}

interface CellScale {
  color(value: number): string;
  /** Whether the cell is dark enough to need white text. */
  dark(value: number): boolean;
}

function cellScale(values: readonly number[], kind: HeatmapColorScale, higherIsBetter: boolean): CellScale {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (kind === 'sequential') {
    const span = max - min;
    const amount = (value: number): number => (span > 0 ? (value - min) / span : 0.5);
    return { color: (value) => blend(BLUE, amount(value)), dark: (value) => amount(value) > 0.6 };
  }
  const largest = Math.max(Math.abs(min), Math.abs(max));
  const amount = (value: number): number => (largest > 0 ? Math.abs(value) / largest : 0);
  const [up, down] = higherIsBetter ? [GREEN, RED] : [RED, GREEN];
  return { color: (value) => blend(value >= 0 ? up : down, amount(value)), dark: (value) => amount(value) > 0.6 };
}

function finiteValues(rows: readonly (readonly (number | null)[])[]): number[] {
  const out: number[] = [];
  for (const row of rows) {
    for (const value of row) if (value !== null && Number.isFinite(value)) out.push(value);
  }
  return out;
}

function cell(value: number | null, scale: CellScale, format: ValueFormat, decimals: number | undefined, tooltip: string, className: string): string {
  if (value === null || !Number.isFinite(value)) return `<td class="${className} empty"></td>`;
  const text = formatValue(value, format, decimals);
  const style = `background:${scale.color(value)};color:${scale.dark(value) ? '#ffffff' : '#111827'}`;
  return `<td class="${className}" style="${style}" data-value="${value}" title="${escapeHtml(`${tooltip}: ${text}`)}">${escapeHtml(text)}</td>`;
}

/**
 * A colour-coded `<table class="heatmap">` (monthly returns, parameter-sweep results). Each
 * filled cell carries its exact value in `data-value`, its formatted value as text, and a tooltip
 * naming its row and column.
 */
export function heatmapTable(options: HeatmapTableOptions): string {
  const { rowLabels, columnLabels, values } = options;
  requireParameter(values.length === rowLabels.length, 'values', `one row per row label (${rowLabels.length})`, values.length);
  values.forEach((row, index) => {
    requireParameter(row.length === columnLabels.length, `values[${index}]`, `one cell per column label (${columnLabels.length})`, row.length);
  });
  const summary = options.summaryColumn;
  if (summary !== undefined) {
    requireParameter(summary.values.length === rowLabels.length, 'summaryColumn.values', `one value per row (${rowLabels.length})`, summary.values.length);
  }
  const format = options.valueFormat ?? 'number';
  const kind = options.colorScale ?? 'diverging';
  const higherIsBetter = options.higherIsBetter ?? true;
  const cells = finiteValues(values);
  const scale = cellScale(cells, kind, higherIsBetter);
  let largest = 0;
  for (const value of cells) largest = Math.max(largest, Math.abs(value));
  // Numbers without explicit decimals share one count (3 significant digits on the largest) so the columns line up.
  const decimals = options.decimals ?? (format === 'number' && largest > 0 ? Math.min(8, Math.max(0, 2 - Math.floor(Math.log10(largest)))) : undefined);
  const summaryScale = summary === undefined ? scale : cellScale(finiteValues([summary.values]), kind, higherIsBetter);
  let html = '<table class="heatmap">';
  if (options.caption !== undefined) html += `<caption>${escapeHtml(options.caption)}</caption>`;
  html += `<thead><tr><th scope="col">${escapeHtml(options.corner ?? '')}</th>`;
  for (const label of columnLabels) html += `<th scope="col">${escapeHtml(String(label))}</th>`;
  if (summary !== undefined) html += `<th scope="col" class="summary">${escapeHtml(summary.label)}</th>`;
  html += '</tr></thead><tbody>';
  rowLabels.forEach((rowLabel, rowIndex) => {
    html += `<tr><th scope="row">${escapeHtml(String(rowLabel))}</th>`;
    values[rowIndex].forEach((value, columnIndex) => {
      const highlighted = options.highlight?.row === rowIndex && options.highlight.column === columnIndex;
      html += cell(value, scale, format, decimals, `${rowLabel} / ${columnLabels[columnIndex]}`, highlighted ? 'heat highlight' : 'heat');
    });
    if (summary !== undefined) {
      html += cell(summary.values[rowIndex], summaryScale, format, decimals, `${rowLabel} / ${summary.label}`, 'heat summary');
    }
    html += '</tr>';
  });
  return `${html}</tbody></table>`;
}

/** One calendar month's return (the shape of `monthlyReturns` in `@rooney/portfolio`). */
export interface MonthlyReturnEntry {
  readonly year: number;
  /** 1 = January. */
  readonly month: number;
  /** Simple return as a fraction (0.02 = +2%). */
  readonly return: number;
}

/**
 * Year-by-month heat map of monthly returns, years ascending, with a `Year` column compounding
 * the months present: `prod(1 + r) - 1`. Throws on a month outside 1-12 or a repeated month.
 */
export function monthlyReturnsHeatmap(returns: readonly MonthlyReturnEntry[], decimals = 1): string {
  const byYear = new Map<number, (number | null)[]>();
  for (const entry of returns) {
    if (!Number.isInteger(entry.month) || entry.month < 1 || entry.month > 12) {
      throw new RooneyError('invalid_parameter', `monthly return month must be 1-12, was ${entry.month} (year ${entry.year})`);
    }
    let row = byYear.get(entry.year);
    if (row === undefined) {
      row = new Array<number | null>(12).fill(null);
      byYear.set(entry.year, row);
    }
    if (row[entry.month - 1] !== null) {
      throw new RooneyError('invalid_parameter', `monthly return for ${entry.year}-${entry.month} given twice`);
    }
    row[entry.month - 1] = entry.return;
  }
  const years = [...byYear.keys()].sort((a, b) => a - b);
  const rows = years.map((year) => byYear.get(year) as (number | null)[]);
  const totals = rows.map((row) => {
    let growth = 1;
    let any = false;
    for (const value of row) {
      if (value === null || !Number.isFinite(value)) continue;
      growth *= 1 + value;
      any = true;
    }
    return any ? growth - 1 : null;
  });
  return heatmapTable({
    rowLabels: years,
    columnLabels: Array.from({ length: 12 }, (_, index) => monthName(index + 1)),
    values: rows,
    valueFormat: 'percent',
    decimals,
    summaryColumn: { label: 'Year', values: totals },
  });
}
