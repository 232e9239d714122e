import { RooneyError, requireParameter } from '@rooney/core';
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
import { pick, strideIndices } from './downsample.ts';
import { escapeHtml } from './escape.ts';
import { linearScale } from './scale.ts';
import type { AxisKind, NumericArray, ValueFormat } from './types.ts';

/** The 5th, 25th, 50th, 75th and 95th percentiles at each step of a set of simulated paths. */
export interface FanBands {
  readonly p5: NumericArray;
  readonly p25: NumericArray;
  readonly p50: NumericArray;
  readonly p75: NumericArray;
  readonly p95: NumericArray;
}

const BAND_KEYS = ['p5', 'p25', 'p50', 'p75', 'p95'] as const;

/** Options of {@link fanChartSvg}. */
export interface FanChartOptions {
  /** Step positions, ascending: trade or day numbers (`number` axis, default) or epoch ms (`time`). */
  readonly x: NumericArray;
  readonly bands: FanBands;
  readonly xAxis?: AxisKind;
  readonly valueFormat?: ValueFormat;
  /** A dashed horizontal line, e.g. the starting capital. */
  readonly referenceLine?: { readonly value: number; readonly label?: string };
  readonly color?: string;
  readonly title?: string;
  readonly width?: number;
  readonly height?: number;
  /** At most this many steps are drawn (default 1000, evenly spaced, first and last kept). */
  readonly maxPoints?: number;
  readonly xLabel?: string;
  readonly yLabel?: string;
}

/**
 * Percentile `q` (0..1) of ascending-sorted `sorted` by linear interpolation between order
 * statistics (Hyndman & Fan type 7, the default of NumPy and R): `h = (n - 1) q`,
 * `x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h])`.
 */
export function percentileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const low = Math.floor(h);
  const high = Math.min(n - 1, low + 1);
  return sorted[low] + (h - low) * (sorted[high] - sorted[low]);
}

/**
 * Fan bands of simulated paths: `paths[j][t]` is path `j` at step `t`; all paths must have the
 * same length. At each step the percentiles use {@link percentileOfSorted}.
 */
export function fanBandsFromPaths(paths: readonly NumericArray[]): { p5: Float64Array; p25: Float64Array; p50: Float64Array; p75: Float64Array; p95: Float64Array } {
  requireParameter(paths.length > 0, 'paths', 'at least one path', paths.length);
  const steps = paths[0].length;
  paths.forEach((path, index) => requireParameter(path.length === steps, `paths[${index}]`, `of length ${steps}`, path.length));
  const bands = { p5: new Float64Array(steps), p25: new Float64Array(steps), p50: new Float64Array(steps), p75: new Float64Array(steps), p95: new Float64Array(steps) };
  const column = new Float64Array(paths.length);
  for (let t = 0; t < steps; t++) {
    for (let j = 0; j < paths.length; j++) column[j] = paths[j][t];
    column.sort();
    bands.p5[t] = percentileOfSorted(column, 0.05);
    bands.p25[t] = percentileOfSorted(column, 0.25);
    bands.p50[t] = percentileOfSorted(column, 0.5);
    bands.p75[t] = percentileOfSorted(column, 0.75);
    bands.p95[t] = percentileOfSorted(column, 0.95);
  }
  return bands;
}

function requireOrderedBands(bands: FanBands, n: number): void {
  for (const key of BAND_KEYS) requireParameter(bands[key].length === n, `bands.${key}`, `as long as x (${n})`, bands[key].length);
  for (let i = 0; i < n; i++) {
    for (let k = 1; k < BAND_KEYS.length; k++) {
      const lower = bands[BAND_KEYS[k - 1]][i];
      const upper = bands[BAND_KEYS[k]][i];
      const tolerance = 1e-9 * Math.max(1, Math.abs(lower), Math.abs(upper));
      if (lower > upper + tolerance) {
        throw new RooneyError(
          'invalid_parameter',
          `fan chart bands must be ordered p5 <= p25 <= p50 <= p75 <= p95; at index ${i} ${BAND_KEYS[k - 1]} = ${lower} > ${BAND_KEYS[k]} = ${upper}`,
        );
      }
    }
  }
}

/**
 * A Monte Carlo fan chart as an inline `<svg>`: the 5-95% band (`<path class="band-outer">`),
 * the 25-75% band (`<path class="band-inner">`) and the median line (`<path class="band-median">`).
 * Each band path runs along its upper edge left to right, then back along its lower edge.
 * Throws unless the bands are ordered at every step.
 */
export function fanChartSvg(options: FanChartOptions): string {
  const width = chartSize('width', options.width, 960, 200);
  const height = chartSize('height', options.height, 320, 120);
  const title = options.title ?? 'Monte Carlo fan chart';
  const n = options.x.length;
  requireOrderedBands(options.bands, n);
  requireAscending('x', options.x);
  if (n === 0) return emptyChart(width, height, title);
  const indices = strideIndices(n, options.maxPoints ?? 1000);
  const x = pick(options.x, indices);
  const band = {
    p5: pick(options.bands.p5, indices),
    p25: pick(options.bands.p25, indices),
    p50: pick(options.bands.p50, indices),
    p75: pick(options.bands.p75, indices),
    p95: pick(options.bands.p95, indices),
  };
  const [low] = finiteRange(band.p5);
  const [, high] = finiteRange(band.p95);
  if (!Number.isFinite(low) || !Number.isFinite(high)) return emptyChart(width, height, title);
  const reference = options.referenceLine;
  const valueFormat = options.valueFormat ?? 'number';
  const xKind = options.xAxis ?? 'number';
  const color = escapeHtml(options.color ?? PALETTE[0]);
  const top = 30;
  const bottom = (xKind === 'time' ? 40 : 26) + (options.xLabel === undefined ? 0 : 18);
  const plotHeight = height - top - bottom;
  const withReference = reference !== undefined && Number.isFinite(reference.value);
  const axis = valueAxis(
    withReference ? Math.min(low, reference.value) : low,
    withReference ? Math.max(high, reference.value) : high,
    valueFormat,
    Math.max(3, Math.round(plotHeight / 55)),
  );
  const left = leftMarginFor(axis) + (options.yLabel === undefined ? 0 : 20);
  const plot: PlotArea = { left, top, width: width - left - 18, height: plotHeight };
  const xDomain: [number, number] = [x[0], x[x.length - 1]];
  const xScale = linearScale(xDomain[0], xDomain[1], plot.left, plot.left + plot.width);
  const yScale = linearScale(axis.domain[0], axis.domain[1], plot.top + plot.height, plot.top);
  const xs = Array.from(x, xScale);
  const project = (values: Float64Array): number[] => Array.from(values, yScale);
  const bandPath = (upper: Float64Array, lower: Float64Array): string => {
    const forward = polylinePath(xs, project(upper));
    const backward = polylinePath([...xs].reverse(), project(lower).reverse());
    return `${forward}L${backward.slice(1)}Z`;
  };
  let body = renderValueGrid(plot, axis, yScale);
  body += renderHorizontalAxis(plot, horizontalTicks(xKind, xDomain[0], xDomain[1], xScale, plot.width), options.xLabel);
  if (options.yLabel !== undefined) body += renderVerticalLabel(plot, options.yLabel);
  body += `<path class="band-outer" d="${bandPath(band.p95, band.p5)}" fill="${color}" fill-opacity="0.15" stroke="none"/>`;
  body += `<path class="band-inner" d="${bandPath(band.p75, band.p25)}" fill="${color}" fill-opacity="0.3" stroke="none"/>`;
  body += `<path class="band-median" d="${polylinePath(xs, project(band.p50))}" fill="none" stroke="${color}" stroke-width="2"/>`;
  if (withReference) {
    const y = pixel(yScale(reference.value));
    body += `<line class="reference-line" x1="${pixel(plot.left)}" x2="${pixel(plot.left + plot.width)}" y1="${y}" y2="${y}" stroke="${AXIS_COLOR}" stroke-dasharray="5 4"/>`;
    if (reference.label !== undefined) body += `<text x="${pixel(plot.left + 6)}" y="${y}" dy="-0.4em" fill="${TEXT_COLOR}">${escapeHtml(reference.label)}</text>`;
  }
  body += renderLegend(
    [
      { name: '5–95%', color, symbol: 'box', opacity: 0.15 },
      { name: '25–75%', color, symbol: 'box', opacity: 0.45 },
      { name: 'median', color },
    ],
    plot.left + plot.width,
    18,
  );
  const hover = hoverLayer(
    plot,
    width,
    xKind,
    x,
    xDomain,
    axis.domain,
    [
      { name: '95th', color, format: valueFormat, values: band.p95, dot: false },
      { name: '75th', color, format: valueFormat, values: band.p75, dot: false },
      { name: 'median', color, format: valueFormat, values: band.p50 },
      { name: '25th', color, format: valueFormat, values: band.p25, dot: false },
      { name: '5th', color, format: valueFormat, values: band.p5, dot: false },
    ],
  );
  return `${svgOpen(width, height, title, hover.attribute)}${body}${hover.elements}</svg>`;
}
