import { requireParameter } from '@rooney/core';
import { PALETTE, chartSize, requireAscending } from './chart-frame.ts';
import { downsampleIndices, pick } from './downsample.ts';
import { escapeHtml } from './escape.ts';
import { DEFAULT_MAX_POINTS, areaChartSvg, lineChartSvg } from './line-chart.ts';
import type { AxisKind, NumericArray, ValueFormat } from './types.ts';

/** How a series of an {@link interactiveChart} is drawn. */
export type SeriesStyle = 'line' | 'area' | 'step' | 'points';

/** One series of an {@link interactiveChart}. */
export interface InteractiveSeries {
  readonly name: string;
  /** One value per `x`; non-finite values are gaps (lines bridge them, markers are not drawn). */
  readonly values: NumericArray;
  /** CSS colour; defaults to the report palette in order. */
  readonly color?: string;
  /**
   * `line` (default), `area` (filled down to 0), `step` (holds each value until the next) or
   * `points` (markers only, e.g. trade entries on a price chart: every finite point is kept
   * when the chart is thinned).
   */
  readonly style?: SeriesStyle;
  /** Format in the legend/tooltip (default: the chart's `valueFormat`). */
  readonly format?: ValueFormat;
}

/** Options of {@link interactiveChart}. */
export interface InteractiveChartOptions {
  /** Horizontal positions, sorted ascending: epoch ms UTC for a `time` axis. */
  readonly x: NumericArray;
  readonly series: readonly InteractiveSeries[];
  /** `time` (default) or `number`. */
  readonly xAxis?: AxisKind;
  /** Format of the value axis and the legend (default `number`). */
  readonly valueFormat?: ValueFormat;
  /** Accessible name of the chart. */
  readonly title?: string;
  /** Height in px (default 320). */
  readonly height?: number;
  /** At most this many points per chart (default 2000), min/max per bucket so no spike is lost. */
  readonly maxPoints?: number;
  /** A dashed horizontal line, e.g. the starting capital. */
  readonly referenceLine?: { readonly value: number; readonly label?: string };
  /** Extend the value axis to include 0. */
  readonly includeZero?: boolean;
  /** Charts with the same group (time axes) zoom together and share the hover cursor. */
  readonly group?: string;
}

/** What the report's script reads from `data-uplot` (short keys keep reports small). */
interface ChartPayload {
  readonly t: string;
  readonly k: AxisKind;
  readonly f: ValueFormat;
  readonly h: number;
  readonly g: string | null;
  readonly z: 0 | 1;
  readonly r: { readonly v: number; readonly l: string } | null;
  readonly x: (number | null)[];
  readonly s: { readonly n: string; readonly c: string; readonly m: SeriesStyle; readonly f: ValueFormat; readonly y: (number | null)[] }[];
}

function compact(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  if (Number.isInteger(value)) return value === 0 ? 0 : value; // timestamps, counts: exact already
  const rounded = Number(value.toPrecision(9));
  return rounded === 0 ? 0 : rounded;
}

/** Indices to draw: min/max per bucket over the drawn lines, plus every finite marker. */
function indicesToDraw(series: readonly InteractiveSeries[], n: number, maxPoints: number): Int32Array {
  const lines = series.filter((item) => (item.style ?? 'line') !== 'points').map((item) => item.values);
  const base = lines.length > 0 ? downsampleIndices(lines, maxPoints) : new Int32Array(0);
  const markers = series.filter((item) => item.style === 'points');
  if (markers.length === 0) return base;
  const keep = new Uint8Array(n);
  for (const index of base) keep[index] = 1;
  for (const item of markers) for (let i = 0; i < n; i++) if (Number.isFinite(item.values[i])) keep[i] = 1;
  let count = 0;
  for (let i = 0; i < n; i++) count += keep[i];
  const out = new Int32Array(count);
  let k = 0;
  for (let i = 0; i < n; i++) if (keep[i] === 1) out[k++] = i;
  return out;
}

/**
 * A chart a reader can explore — drag across it to zoom into a time range, double-click to zoom
 * back out, hover for the values at the cursor (charts of one `group` zoom and hover together) —
 * drawn in the browser by the inlined uPlot library. The same data is also drawn as a static SVG
 * (the print version, and what shows if scripts are off), so the report prints and reads without
 * JavaScript. Long series are thinned to `maxPoints` by min/max per bucket (every marker of a
 * `points` series is kept). Deterministic: the same options give the same bytes.
 *
 * Returns an HTML fragment for a report section; `renderReport` inlines uPlot when a page
 * contains one.
 */
export function interactiveChart(options: InteractiveChartOptions): string {
  const n = options.x.length;
  requireParameter(options.series.length > 0, 'series', 'at least one series', options.series.length);
  for (const item of options.series) {
    requireParameter(item.values.length === n, `series "${item.name}" values`, `as long as x (${n})`, item.values.length);
  }
  requireAscending('x', options.x);
  const maxPoints = options.maxPoints ?? DEFAULT_MAX_POINTS;
  requireParameter(Number.isInteger(maxPoints) && maxPoints >= 4, 'maxPoints', 'an integer >= 4', maxPoints);
  const height = chartSize('height', options.height, 320, 120);
  const title = options.title ?? 'Chart';
  const valueFormat = options.valueFormat ?? 'number';
  const xAxis = options.xAxis ?? 'time';
  const indices = indicesToDraw(options.series, n, maxPoints);
  const x = pick(options.x, indices);
  const colors = options.series.map((item, index) => item.color ?? PALETTE[index % PALETTE.length]);
  const reference = options.referenceLine;
  const payload: ChartPayload = {
    t: title,
    k: xAxis,
    f: valueFormat,
    h: height,
    g: options.group ?? null,
    z: options.includeZero === true ? 1 : 0,
    r: reference === undefined || !Number.isFinite(reference.value) ? null : { v: reference.value, l: reference.label ?? '' },
    x: Array.from(x, compact),
    s: options.series.map((item, k) => ({
      n: item.name,
      c: colors[k],
      m: item.style ?? 'line',
      f: item.format ?? valueFormat,
      y: Array.from(pick(item.values, indices), compact),
    })),
  };
  const sampled = options.series.map((item, k) => ({ ...item, color: colors[k], values: pick(item.values, indices) }));
  const fallback = staticFallback({ ...options, x, maxPoints: Math.max(4, x.length), height }, sampled, title, valueFormat, xAxis);
  return (
    `<figure class="ichart" data-uplot="${escapeHtml(JSON.stringify(payload))}">` +
    `<div class="ichart-static">${fallback}</div><div class="ichart-live" aria-hidden="true"></div>` +
    `<figcaption class="ichart-help">Drag across the chart to zoom in, double-click to zoom out; hover for values.</figcaption></figure>`
  );
}

/** The print/no-script version: an SVG line chart (an area chart for a single area series). */
function staticFallback(
  options: InteractiveChartOptions,
  series: readonly (InteractiveSeries & { readonly color: string })[],
  title: string,
  valueFormat: ValueFormat,
  xAxis: AxisKind,
): string {
  const common = { x: options.x, xAxis, valueFormat, title, height: options.height, maxPoints: options.maxPoints, hover: false } as const;
  if (series.length === 1 && series[0].style === 'area') {
    return areaChartSvg({ ...common, values: series[0].values, name: series[0].name, color: series[0].color });
  }
  return lineChartSvg({
    ...common,
    series: series.map((item) => ({ name: item.name, values: item.values, color: item.color, ...(item.style === 'points' ? { markers: true } : {}) })),
    ...(options.referenceLine !== undefined ? { referenceLine: options.referenceLine } : {}),
    ...(options.includeZero !== undefined ? { includeZero: options.includeZero } : {}),
  });
}

/** True when `html` contains an {@link interactiveChart} (so the page needs uPlot). */
export function hasInteractiveChart(html: string): boolean {
  return html.includes('<figure class="ichart" data-uplot="');
}
