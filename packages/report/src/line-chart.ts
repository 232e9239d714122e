import { requireParameter } from '@rooney/core';
import {
  AXIS_COLOR,
  PALETTE,
  TEXT_COLOR,
  chartSize,
  emptyChart,
  finiteRange,
  horizontalTicks,
  hoverLayer,
  leftMarginFor,
  pixel,
  polylinePath,
  renderHorizontalAxis,
  renderLegend,
  renderValueGrid,
  renderVerticalLabel,
  requireAscending,
  svgOpen,
  valueAxis,
} from './chart-frame.ts';
import type { PlotArea } from './chart-frame.ts';
import { downsampleIndices, pick } from './downsample.ts';
import { escapeHtml } from './escape.ts';
import { linearScale } from './scale.ts';
import type { AxisKind, NumericArray, ValueFormat } from './types.ts';

/** Default cap on the points drawn per chart (all series together). */
export const DEFAULT_MAX_POINTS = 2000;

/** One line of a {@link lineChartSvg}. */
export interface LineChartSeries {
  readonly name: string;
  /** One value per `x`; non-finite values are not drawn. */
  readonly values: NumericArray;
  /** CSS colour; defaults to the report palette in order. */
  readonly color?: string;
  /** Draw a marker at each finite point instead of a line (trade entries on a price chart). */
  readonly markers?: boolean;
}

/** Options shared by the line and area charts. */
export interface SeriesChartOptions {
  /** Horizontal positions, sorted ascending: epoch ms UTC for a `time` axis. */
  readonly x: NumericArray;
  /** `time` (default; calendar tick labels) or `number`. */
  readonly xAxis?: AxisKind;
  /** Format of `number` x-axis labels (default `number`). */
  readonly xFormat?: ValueFormat;
  /** Format of the value axis and tooltips (default `number`). */
  readonly valueFormat?: ValueFormat;
  /** Accessible name of the chart (also its SVG `<title>`). */
  readonly title?: string;
  /** ViewBox width (default 960); the chart scales to its container. */
  readonly width?: number;
  /** ViewBox height (default 320). */
  readonly height?: number;
  /** At most this many points are drawn (default 2000), chosen by min/max per bucket. */
  readonly maxPoints?: number;
  readonly xLabel?: string;
  readonly yLabel?: string;
  /** Carry the hover payload for the report script's tooltip (default true). */
  readonly hover?: boolean;
}

/** Options of {@link lineChartSvg}. */
export interface LineChartOptions extends SeriesChartOptions {
  readonly series: readonly LineChartSeries[];
  /** A dashed horizontal line, e.g. the starting capital. */
  readonly referenceLine?: { readonly value: number; readonly label?: string };
  /** Extend the value axis to include 0. */
  readonly includeZero?: boolean;
}

/** Options of {@link areaChartSvg}. */
export interface AreaChartOptions extends SeriesChartOptions {
  /** One value per `x`; the area is filled between 0 and the values. */
  readonly values: NumericArray;
  /** Series name in the tooltip (default `Value`). */
  readonly name?: string;
  readonly color?: string;
}

interface PreparedSeries {
  readonly name: string;
  readonly color: string;
  readonly values: Float64Array;
  readonly markers: boolean;
}

interface Prepared {
  readonly width: number;
  readonly height: number;
  readonly title: string;
  readonly xKind: AxisKind;
  readonly xFormat: ValueFormat;
  readonly valueFormat: ValueFormat;
  readonly x: Float64Array;
  readonly series: readonly PreparedSeries[];
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly hover: boolean;
}

function prepare(options: SeriesChartOptions, series: readonly LineChartSeries[], fallbackTitle: string): Prepared {
  const n = options.x.length;
  requireParameter(series.length > 0, 'series', 'at least one series', series.length);
  for (const item of series) {
    requireParameter(item.values.length === n, `series "${item.name}" values`, `as long as x (${n})`, item.values.length);
  }
  requireAscending('x', options.x);
  const maxPoints = options.maxPoints ?? DEFAULT_MAX_POINTS;
  const indices = downsampleIndices(
    series.map((item) => item.values),
    maxPoints,
  );
  return {
    width: chartSize('width', options.width, 960, 200),
    height: chartSize('height', options.height, 320, 120),
    title: options.title ?? fallbackTitle,
    xKind: options.xAxis ?? 'time',
    xFormat: options.xFormat ?? 'number',
    valueFormat: options.valueFormat ?? 'number',
    x: pick(options.x, indices),
    series: series.map((item, index) => ({
      name: item.name,
      color: escapeHtml(item.color ?? PALETTE[index % PALETTE.length]),
      values: pick(item.values, indices),
      markers: item.markers === true,
    })),
    xLabel: options.xLabel,
    yLabel: options.yLabel,
    hover: options.hover ?? true,
  };
}

function hasFinitePoint(prepared: Prepared): boolean {
  for (const item of prepared.series) {
    const [min] = finiteRange(item.values);
    if (Number.isFinite(min)) return true;
  }
  return false;
}

interface Frame {
  readonly plot: PlotArea;
  readonly xScale: (value: number) => number;
  readonly yScale: (value: number) => number;
  readonly xDomain: readonly [number, number];
  readonly yDomain: readonly [number, number];
  readonly body: string;
}

/** Plot area, scales, grid and axes for the prepared data; `extraValues` widen the value axis. */
function frame(prepared: Prepared, extraValues: readonly number[], includeZero: boolean, showLegend: boolean): Frame {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const item of prepared.series) {
    const [low, high] = finiteRange(item.values);
    min = Math.min(min, low);
    max = Math.max(max, high);
  }
  for (const value of extraValues) {
    if (!Number.isFinite(value)) continue;
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  const { width, height } = prepared;
  const top = showLegend ? 30 : 12;
  const bottom = (prepared.xKind === 'time' ? 40 : 26) + (prepared.xLabel === undefined ? 0 : 18);
  const roughPlotHeight = height - top - bottom;
  const axis = valueAxis(min, max, prepared.valueFormat, Math.max(3, Math.round(roughPlotHeight / 55)), includeZero);
  const left = leftMarginFor(axis) + (prepared.yLabel === undefined ? 0 : 20);
  const plot: PlotArea = { left, top, width: width - left - 18, height: roughPlotHeight };
  const n = prepared.x.length;
  const [xMin, xMax] = finiteRange(prepared.x);
  const xDomain: [number, number] = n > 0 ? [xMin, xMax] : [0, 1];
  const xScale = linearScale(xDomain[0], xDomain[1], plot.left, plot.left + plot.width);
  const yScale = linearScale(axis.domain[0], axis.domain[1], plot.top + plot.height, plot.top);
  let body = renderValueGrid(plot, axis, yScale);
  body += renderHorizontalAxis(plot, horizontalTicks(prepared.xKind, xDomain[0], xDomain[1], xScale, plot.width, prepared.xFormat), prepared.xLabel);
  if (prepared.yLabel !== undefined) body += renderVerticalLabel(plot, prepared.yLabel);
  if (showLegend) {
    body += renderLegend(
      prepared.series.map((item) => ({ name: item.name, color: item.color })),
      plot.left + plot.width,
      18,
    );
  }
  return { plot, xScale, yScale, xDomain, yDomain: axis.domain, body };
}

function project(values: Float64Array, scale: (value: number) => number): Float64Array {
  const out = new Float64Array(values.length);
  for (let k = 0; k < values.length; k++) out[k] = Number.isFinite(values[k]) ? scale(values[k]) : Number.NaN;
  return out;
}

function finish(prepared: Prepared, chart: Frame, marks: string): string {
  if (!prepared.hover) return `${svgOpen(prepared.width, prepared.height, prepared.title)}${chart.body}${marks}</svg>`;
  const hover = hoverLayer(
    chart.plot,
    prepared.width,
    prepared.xKind,
    prepared.x,
    chart.xDomain,
    chart.yDomain,
    prepared.series.map((item) => ({ name: item.name, color: item.color, format: prepared.valueFormat, values: item.values })),
    prepared.xFormat,
  );
  return `${svgOpen(prepared.width, prepared.height, prepared.title, hover.attribute)}${chart.body}${marks}${hover.elements}</svg>`;
}

/**
 * A multi-series line chart as an inline `<svg>` (no external references). Long series are
 * reduced to `maxPoints` by min/max per bucket, so spikes stay visible; each line is one
 * `<path class="series-line">` with one `M`/`L` command per drawn point. Hovering shows the values
 * at the nearest x (report script).
 */
export function lineChartSvg(options: LineChartOptions): string {
  const prepared = prepare(options, options.series, 'Line chart');
  if (!hasFinitePoint(prepared)) return emptyChart(prepared.width, prepared.height, prepared.title);
  const reference = options.referenceLine;
  const chart = frame(prepared, reference === undefined ? [] : [reference.value], options.includeZero ?? false, prepared.series.length > 1);
  let marks = '';
  if (reference !== undefined && Number.isFinite(reference.value)) {
    const y = pixel(chart.yScale(reference.value));
    marks += `<line class="reference-line" x1="${pixel(chart.plot.left)}" x2="${pixel(chart.plot.left + chart.plot.width)}" y1="${y}" y2="${y}" stroke="${AXIS_COLOR}" stroke-dasharray="5 4"/>`;
    if (reference.label !== undefined) {
      marks += `<text x="${pixel(chart.plot.left + 6)}" y="${y}" dy="-0.4em" fill="${TEXT_COLOR}">${escapeHtml(reference.label)}</text>`;
    }
  }
  const xs = project(prepared.x, chart.xScale);
  for (const item of prepared.series) {
    const ys = project(item.values, chart.yScale);
    if (item.markers) {
      marks += `<g class="series-markers" fill="${item.color}">`;
      for (let k = 0; k < xs.length; k++) {
        if (Number.isFinite(xs[k]) && Number.isFinite(ys[k])) marks += `<circle cx="${pixel(xs[k])}" cy="${pixel(ys[k])}" r="3"/>`;
      }
      marks += '</g>';
      continue;
    }
    marks += `<path class="series-line" d="${polylinePath(xs, ys)}" fill="none" stroke="${item.color}" stroke-width="1.6" stroke-linejoin="round"/>`;
  }
  return finish(prepared, chart, marks);
}

/**
 * A filled area between 0 and the values (a drawdown "underwater" chart when the values are
 * <= 0), as an inline `<svg>`. The value axis always includes 0. Long series are reduced like
 * {@link lineChartSvg}; the outline is one `<path class="series-line">`, the fill one
 * `<path class="series-area">` (outline points plus two on the zero line).
 */
export function areaChartSvg(options: AreaChartOptions): string {
  const name = options.name ?? 'Value';
  const prepared = prepare(options, [{ name, values: options.values, color: options.color ?? PALETTE[4] }], 'Area chart');
  if (!hasFinitePoint(prepared)) return emptyChart(prepared.width, prepared.height, prepared.title);
  const chart = frame(prepared, [0], true, false);
  const item = prepared.series[0];
  const xs = project(prepared.x, chart.xScale);
  const ys = project(item.values, chart.yScale);
  const line = polylinePath(xs, ys);
  let firstX = Number.NaN;
  let lastX = Number.NaN;
  for (let k = 0; k < xs.length; k++) {
    if (!Number.isFinite(ys[k])) continue;
    if (Number.isNaN(firstX)) firstX = xs[k];
    lastX = xs[k];
  }
  const zero = pixel(chart.yScale(0));
  const area = `M${pixel(firstX)},${zero}L${line.slice(1)}L${pixel(lastX)},${zero}Z`;
  const marks =
    `<path class="series-area" d="${area}" fill="${item.color}" fill-opacity="0.25" stroke="none"/>` +
    `<path class="series-line" d="${line}" fill="none" stroke="${item.color}" stroke-width="1.2" stroke-linejoin="round"/>`;
  return finish(prepared, chart, marks);
}
