import { requireParameter } from '@rooney/core';
import {
  AXIS_COLOR,
  GRID_COLOR,
  PALETTE,
  TEXT_COLOR,
  chartSize,
  emptyChart,
  pixel,
  svgOpen,
  textWidth,
  valueAxis,
} from './chart-frame.ts';
import { escapeHtml } from './escape.ts';
import { formatValue } from './format.ts';
import { linearScale } from './scale.ts';
import type { ValueFormat } from './types.ts';

/** One bar of a {@link barChartSvg}. */
export interface BarChartItem {
  readonly label: string;
  readonly value: number;
  readonly color?: string;
}

/** Options of {@link barChartSvg}. */
export interface BarChartOptions {
  readonly items: readonly BarChartItem[];
  /** Format of the value labels and axis (default `number`). */
  readonly valueFormat?: ValueFormat;
  /** `descending` sorts by value, largest first; `none` (default) keeps the given order. */
  readonly sort?: 'descending' | 'none';
  readonly title?: string;
  /** ViewBox width (default 960); the height follows from the number of bars. */
  readonly width?: number;
  /** Height of one bar row in px (default 22). */
  readonly rowHeight?: number;
  /** Labels longer than this many characters are shortened with `…` (full text in the tooltip). Default 40. */
  readonly maxLabelLength?: number;
}

function shorten(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, Math.max(1, limit - 1))}…`;
}

/**
 * Horizontal bars (e.g. feature importances) as an inline `<svg>`: labels on the left, one
 * `<rect class="bar">` per item starting at 0 (negative values extend left), the value written
 * beside each bar, a value axis at the bottom.
 */
export function barChartSvg(options: BarChartOptions): string {
  const width = chartSize('width', options.width, 960, 200);
  const rowHeight = chartSize('rowHeight', options.rowHeight, 22, 8);
  const maxLabelLength = options.maxLabelLength ?? 40;
  requireParameter(Number.isInteger(maxLabelLength) && maxLabelLength >= 2, 'maxLabelLength', 'an integer >= 2', maxLabelLength);
  const title = options.title ?? 'Bar chart';
  const format = options.valueFormat ?? 'number';
  const items = options.items.filter((item) => Number.isFinite(item.value));
  if (items.length === 0) return emptyChart(width, 120, title);
  if (options.sort === 'descending') items.sort((a, b) => b.value - a.value);
  let min = 0;
  let max = 0;
  for (const item of items) {
    min = Math.min(min, item.value);
    max = Math.max(max, item.value);
  }
  const largest = Math.max(Math.abs(min), Math.abs(max));
  // One number of decimals for the whole chart (3 significant digits on the largest bar) so labels line up.
  const decimals = format === 'number' && largest > 0 ? Math.min(8, Math.max(0, 2 - Math.floor(Math.log10(largest)))) : undefined;
  const top = 10;
  const bottom = 28;
  const height = top + items.length * rowHeight + bottom;
  let widestLabel = 0;
  for (const item of items) widestLabel = Math.max(widestLabel, textWidth(shorten(item.label, maxLabelLength)));
  const left = Math.min(Math.ceil(widestLabel + 16), Math.round(width * 0.45));
  let widestValue = 0;
  for (const item of items) widestValue = Math.max(widestValue, textWidth(formatValue(item.value, format, decimals)));
  const right = Math.ceil(widestValue + 16);
  const plotLeft = left + (min < 0 ? Math.ceil(widestValue + 10) : 0);
  const plotWidth = width - plotLeft - right;
  const axis = valueAxis(min, max, format, Math.max(2, Math.round(plotWidth / 100)), true);
  const xScale = linearScale(axis.domain[0], axis.domain[1], plotLeft, plotLeft + plotWidth);
  const zero = xScale(0);
  const plotBottom = top + items.length * rowHeight;
  let body = '<g class="grid">';
  for (const tick of axis.ticks) {
    const x = pixel(xScale(tick));
    body += `<line x1="${x}" x2="${x}" y1="${top}" y2="${plotBottom}" stroke="${GRID_COLOR}"/>`;
    body += `<text x="${x}" y="${plotBottom + 18}" text-anchor="middle" fill="${AXIS_COLOR}">${escapeHtml(axis.format(tick))}</text>`;
  }
  body += '</g>';
  items.forEach((item, index) => {
    const y = top + index * rowHeight;
    const x = xScale(Math.min(0, item.value));
    const barWidth = Math.abs(xScale(item.value) - zero);
    const color = escapeHtml(item.color ?? PALETTE[0]);
    const valueText = formatValue(item.value, format, decimals);
    const label = shorten(item.label, maxLabelLength);
    const middle = pixel(y + rowHeight / 2);
    body += `<text x="${left - 8}" y="${middle}" dy="0.32em" text-anchor="end" fill="${TEXT_COLOR}">${escapeHtml(label)}</text>`;
    body += `<rect class="bar" x="${pixel(x)}" y="${pixel(y + rowHeight * 0.15)}" width="${pixel(barWidth)}" height="${pixel(rowHeight * 0.7)}" fill="${color}" data-value="${item.value}"><title>${escapeHtml(`${item.label}: ${valueText}`)}</title></rect>`;
    const outside = item.value >= 0 ? xScale(item.value) + 5 : xScale(item.value) - 5;
    body += `<text x="${pixel(outside)}" y="${middle}" dy="0.32em" text-anchor="${item.value >= 0 ? 'start' : 'end'}" fill="${AXIS_COLOR}">${escapeHtml(valueText)}</text>`;
  });
  body += `<line x1="${pixel(zero)}" x2="${pixel(zero)}" y1="${top}" y2="${plotBottom}" stroke="${AXIS_COLOR}"/>`;
  return `${svgOpen(width, height, title)}${body}</svg>`;
}
