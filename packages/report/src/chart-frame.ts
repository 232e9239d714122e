/**
 * Shared pieces of the report's SVG charts: colours, layout of the plot area, axes and grid,
 * polyline paths, legends and the hover payload read by the report's inline script.
 * Internal to the report: the public chart builders are in their own modules.
 */
import { RooneyError, requireParameter } from '@rooney/core';
import { escapeHtml } from './escape.ts';
import { axisFormatter } from './format.ts';
import { numberTicks, timeTicks } from './scale.ts';
import type { AxisKind, NumericArray, ValueFormat } from './types.ts';

/** Series colours, in order of use (colour-blind-friendly Tableau-like set). */
export const PALETTE = ['#2563eb', '#ea580c', '#16a34a', '#9333ea', '#dc2626', '#0891b2', '#ca8a04', '#4b5563'] as const;

export const AXIS_COLOR = '#6b7280';
export const GRID_COLOR = '#e5e7eb';
export const TEXT_COLOR = '#374151';
const FONT_SIZE = 12;
/** Average glyph width of the UI font at 12 px, used to size margins for labels. */
const CHARACTER_WIDTH = 6.6;

/** Rounds a pixel coordinate to 0.1 px (keeps paths short and output stable). */
export function pixel(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return String(rounded === 0 ? 0 : rounded);
}

/** Estimated width in px of `text` at the axis font size. */
export function textWidth(text: string): number {
  return text.length * CHARACTER_WIDTH;
}

/** The plot area inside a chart, in viewBox units. */
export interface PlotArea {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** Opening tag of a chart: scalable viewBox, accessible name and a `<title>`. */
export function svgOpen(width: number, height: number, title: string, extraAttributes = ''): string {
  const label = escapeHtml(title);
  return (
    `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${label}"` +
    ` font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" font-size="${FONT_SIZE}"${extraAttributes}>` +
    `<title>${label}</title>`
  );
}

/** A "no data" chart of the given size. */
export function emptyChart(width: number, height: number, title: string): string {
  return (
    svgOpen(width, height, title) +
    `<rect x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" fill="none" stroke="${GRID_COLOR}"/>` +
    `<text x="${width / 2}" y="${height / 2}" text-anchor="middle" fill="${AXIS_COLOR}">No data</text></svg>`
  );
}

/** A tick placed on an axis, in pixels. */
export interface PlacedTick {
  readonly position: number;
  readonly label: string;
  readonly context?: string;
}

/** A vertical value axis: its domain, ticks and label formatter. */
export interface ValueAxis {
  readonly domain: readonly [number, number];
  readonly ticks: readonly number[];
  readonly format: (value: number) => string;
}

/**
 * A value axis covering `[min, max]` (and zero when `includeZero`), padded by 5% of the span on
 * each side except at a zero bound that `includeZero` added or that the data touches, with
 * about `tickCount` round ticks inside it.
 */
export function valueAxis(min: number, max: number, format: ValueFormat, tickCount: number, includeZero = false): ValueAxis {
  let low = min;
  let high = max;
  if (!Number.isFinite(low) || !Number.isFinite(high)) {
    low = 0;
    high = 1;
  }
  if (includeZero) {
    low = Math.min(low, 0);
    high = Math.max(high, 0);
  }
  if (high === low) {
    const spread = low === 0 ? 1 : Math.abs(low) * 0.01;
    low -= spread;
    high += spread;
  }
  const pad = (high - low) * 0.05;
  if (!(includeZero && low === 0)) low -= pad;
  if (!(includeZero && high === 0)) high += pad;
  const nice = numberTicks(low, high, tickCount);
  const tolerance = (high - low) * 1e-9;
  const ticks = nice.ticks.filter((tick) => tick >= low - tolerance && tick <= high + tolerance);
  const largest = Math.max(Math.abs(low), Math.abs(high));
  return { domain: [low, high], ticks, format: axisFormatter(format, nice.step, largest) };
}

/** Width the left margin needs for the labels of `axis`. */
export function leftMarginFor(axis: ValueAxis, minimum = 48): number {
  let widest = 0;
  for (const tick of axis.ticks) widest = Math.max(widest, textWidth(axis.format(tick)));
  return Math.max(minimum, Math.ceil(widest + 14));
}

/** Ticks of a horizontal axis over `[start, end]`, placed by `scale`. */
export function horizontalTicks(kind: AxisKind, start: number, end: number, scale: (value: number) => number, plotWidth: number, format: ValueFormat = 'number'): PlacedTick[] {
  if (kind === 'time') {
    return timeTicks(start, end, Math.max(2, Math.round(plotWidth / 110))).map((tick) => ({ position: scale(tick.ts), label: tick.label, context: tick.context }));
  }
  const nice = numberTicks(start, end, Math.max(2, Math.round(plotWidth / 90)));
  const largest = Math.max(Math.abs(start), Math.abs(end));
  const formatter = axisFormatter(format, nice.step, largest);
  const tolerance = (end - start) * 1e-9;
  return nice.ticks.filter((value) => value >= start - tolerance && value <= end + tolerance).map((value) => ({ position: scale(value), label: formatter(value) }));
}

/** Horizontal grid lines with value labels on the left. */
export function renderValueGrid(plot: PlotArea, axis: ValueAxis, scale: (value: number) => number): string {
  const right = plot.left + plot.width;
  let out = '<g class="grid">';
  for (const tick of axis.ticks) {
    const y = pixel(scale(tick));
    out += `<line x1="${pixel(plot.left)}" x2="${pixel(right)}" y1="${y}" y2="${y}" stroke="${GRID_COLOR}"/>`;
    out += `<text x="${pixel(plot.left - 8)}" y="${y}" dy="0.32em" text-anchor="end" fill="${AXIS_COLOR}">${escapeHtml(axis.format(tick))}</text>`;
  }
  return `${out}</g>`;
}

/** The baseline of the horizontal axis with its tick marks and (one- or two-line) labels. */
export function renderHorizontalAxis(plot: PlotArea, ticks: readonly PlacedTick[], label?: string): string {
  const bottom = plot.top + plot.height;
  let out = `<g class="axis"><line x1="${pixel(plot.left)}" x2="${pixel(plot.left + plot.width)}" y1="${pixel(bottom)}" y2="${pixel(bottom)}" stroke="${AXIS_COLOR}"/>`;
  for (const tick of ticks) {
    const x = pixel(tick.position);
    out += `<line x1="${x}" x2="${x}" y1="${pixel(bottom)}" y2="${pixel(bottom + 5)}" stroke="${AXIS_COLOR}"/>`;
    out += `<text x="${x}" y="${pixel(bottom + 18)}" text-anchor="middle" fill="${AXIS_COLOR}">${escapeHtml(tick.label)}</text>`;
    if (tick.context !== undefined) {
      out += `<text x="${x}" y="${pixel(bottom + 32)}" text-anchor="middle" fill="${TEXT_COLOR}" font-weight="600">${escapeHtml(tick.context)}</text>`;
    }
  }
  if (label !== undefined) {
    const y = bottom + (ticks.some((tick) => tick.context !== undefined) ? 46 : 34);
    out += `<text x="${pixel(plot.left + plot.width / 2)}" y="${pixel(y)}" text-anchor="middle" fill="${TEXT_COLOR}">${escapeHtml(label)}</text>`;
  }
  return `${out}</g>`;
}

/** A vertical axis title, rotated, at the far left. */
export function renderVerticalLabel(plot: PlotArea, label: string): string {
  const x = 12;
  const y = plot.top + plot.height / 2;
  return `<text x="${x}" y="${pixel(y)}" transform="rotate(-90 ${x} ${pixel(y)})" text-anchor="middle" dy="0.32em" fill="${TEXT_COLOR}">${escapeHtml(label)}</text>`;
}

/** A legend entry. */
export interface LegendItem {
  readonly name: string;
  readonly color: string;
  /** `line` (default) draws a short stroke, `box` a filled square. */
  readonly symbol?: 'line' | 'box';
  readonly opacity?: number;
}

/** A one-row legend whose right edge is at `right`, baseline at `y`. */
export function renderLegend(items: readonly LegendItem[], right: number, y: number): string {
  let width = 0;
  for (const item of items) width += 26 + textWidth(item.name) + 14;
  let x = right - width + 14;
  let out = '<g class="legend">';
  for (const item of items) {
    if (item.symbol === 'box') {
      out += `<rect x="${pixel(x)}" y="${pixel(y - 9)}" width="18" height="10" fill="${item.color}" fill-opacity="${item.opacity ?? 1}"/>`;
    } else {
      out += `<line x1="${pixel(x)}" x2="${pixel(x + 18)}" y1="${pixel(y - 4)}" y2="${pixel(y - 4)}" stroke="${item.color}" stroke-width="2.5"/>`;
    }
    out += `<text x="${pixel(x + 24)}" y="${pixel(y)}" fill="${TEXT_COLOR}">${escapeHtml(item.name)}</text>`;
    x += 26 + textWidth(item.name) + 14;
  }
  return `${out}</g>`;
}

/**
 * Path data through the points `(xs[k], ys[k])` (pixels), one `M`/`L` command per finite point.
 * Non-finite points are skipped, so the line bridges them.
 */
export function polylinePath(xs: ArrayLike<number>, ys: ArrayLike<number>): string {
  const parts: string[] = [];
  for (let k = 0; k < xs.length; k++) {
    const x = xs[k];
    const y = ys[k];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    parts.push(`${parts.length === 0 ? 'M' : 'L'}${pixel(x)},${pixel(y)}`);
  }
  return parts.join('');
}

/** Minimum and maximum of the finite values of `values` (`[+∞, -∞]` when there are none). */
export function finiteRange(values: NumericArray): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

/** One series of the hover payload. */
export interface HoverSeries {
  readonly name: string;
  readonly color: string;
  readonly format: ValueFormat;
  readonly values: ArrayLike<number>;
  /** Draw a dot on the series at the hovered x (default true). */
  readonly dot?: boolean;
}

function compactNumber(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  const rounded = Number(value.toPrecision(9));
  return rounded === 0 ? 0 : rounded;
}

/**
 * The `data-chart` attribute and hidden cursor elements that let the report's script show a
 * tooltip with the values at the hovered x. `x` must be sorted ascending.
 */
export function hoverLayer(
  plot: PlotArea,
  width: number,
  xKind: AxisKind,
  x: ArrayLike<number>,
  xDomain: readonly [number, number],
  yDomain: readonly [number, number],
  series: readonly HoverSeries[],
  xFormat: ValueFormat = 'number',
): { attribute: string; elements: string } {
  const payload = {
    k: xKind,
    xf: xFormat,
    W: width,
    p: [plot.left, plot.top, plot.width, plot.height],
    vx: xDomain,
    vy: yDomain,
    x: Array.from(x, (value) => compactNumber(value)),
    s: series.map((item) => ({
      n: item.name,
      c: item.color,
      f: item.format,
      d: item.dot === false ? 0 : 1,
      y: Array.from(item.values, (value) => compactNumber(value)),
    })),
  };
  const attribute = ` data-chart="${escapeHtml(JSON.stringify(payload))}"`;
  let elements = `<g class="hover-layer" visibility="hidden" pointer-events="none">`;
  elements += `<line class="hover-line" x1="0" x2="0" y1="${pixel(plot.top)}" y2="${pixel(plot.top + plot.height)}" stroke="${AXIS_COLOR}" stroke-dasharray="3 3"/>`;
  for (const item of series) {
    if (item.dot === false) continue;
    elements += `<circle class="hover-dot" r="3.5" cx="0" cy="0" fill="${item.color}" stroke="#fff" stroke-width="1.5"/>`;
  }
  elements += '</g>';
  elements += `<rect class="hover-target" x="${pixel(plot.left)}" y="${pixel(plot.top)}" width="${pixel(plot.width)}" height="${pixel(plot.height)}" fill="transparent"/>`;
  return { attribute, elements };
}

/** A chart dimension option: `fallback` when absent; throws unless it is a finite number >= `minimum`. */
export function chartSize(name: string, value: number | undefined, fallback: number, minimum: number): number {
  if (value === undefined) return fallback;
  requireParameter(Number.isFinite(value) && value >= minimum, name, `a number >= ${minimum}`, value);
  return Math.round(value);
}

/** Throws unless `x` is sorted ascending (hover lookups and time axes rely on it). */
export function requireAscending(name: string, x: NumericArray): void {
  for (let i = 1; i < x.length; i++) {
    if (x[i] < x[i - 1]) {
      throw new RooneyError('invalid_parameter', `"${name}" must be sorted ascending, was ${x[i - 1]} then ${x[i]} at index ${i}`);
    }
  }
}
