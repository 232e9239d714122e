import { requireParameter } from '@rooney/core';
import {
  PALETTE,
  TEXT_COLOR,
  chartSize,
  emptyChart,
  finiteRange,
  horizontalTicks,
  leftMarginFor,
  pixel,
  renderHorizontalAxis,
  renderLegend,
  renderValueGrid,
  renderVerticalLabel,
  svgOpen,
  valueAxis,
} from './chart-frame.ts';
import type { PlotArea } from './chart-frame.ts';
import { escapeHtml } from './escape.ts';
import { formatPercent, formatValue } from './format.ts';
import { linearScale } from './scale.ts';
import type { NumericArray, ValueFormat } from './types.ts';

/** One distribution of a {@link histogramSvg}, e.g. the model scores of winning trades. */
export interface HistogramGroup {
  readonly name: string;
  readonly values: NumericArray;
  readonly color?: string;
}

/** Options of {@link histogramSvg}. */
export interface HistogramOptions {
  readonly groups: readonly HistogramGroup[];
  /** Number of equal-width bins (default 20). */
  readonly binCount?: number;
  /** `[min, max]` of the bins; default the finite range of all groups. Values outside are not counted. */
  readonly range?: readonly [number, number];
  /** A vertical marker, e.g. the veto threshold. */
  readonly threshold?: { readonly value: number; readonly label?: string };
  /**
   * `share` (default): each bar is the fraction of its group in the bin, so groups of different
   * sizes compare; `count`: raw counts.
   */
  readonly scale?: 'share' | 'count';
  /** Format of the x-axis labels and bin edges (default `number`). */
  readonly valueFormat?: ValueFormat;
  readonly title?: string;
  readonly width?: number;
  readonly height?: number;
  readonly xLabel?: string;
}

/**
 * Counts of `values` in `binCount` equal-width bins over `[min, max]`: `v` goes to bin
 * `floor((v - min) * binCount / (max - min))`, i.e. bin `k` holds `min + k*w <= v < min + (k+1)*w`
 * with `w = (max - min) / binCount`, the last bin also holding `v = max`. Values outside `[min, max]` and non-finite values are not counted.
 */
export function histogramCounts(values: NumericArray, binCount: number, min: number, max: number): Float64Array {
  requireParameter(Number.isInteger(binCount) && binCount >= 1, 'binCount', 'an integer >= 1', binCount);
  requireParameter(Number.isFinite(min) && Number.isFinite(max) && max > min, 'range', 'finite with max > min', `[${min}, ${max}]`);
  const counts = new Float64Array(binCount);
  const perUnit = binCount / (max - min);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= min && v <= max)) continue;
    // Multiplying by binCount / span (not dividing by a rounded bin width) keeps 0.6 in [0.6, 0.7).
    const bin = Math.min(binCount - 1, Math.floor((v - min) * perUnit));
    counts[bin] += 1;
  }
  return counts;
}

/**
 * Overlaid histograms (semi-transparent bars) as an inline `<svg>`, one `<rect class="bin">` per
 * group and non-empty bin with a tooltip giving the bin, count and share; an optional dashed
 * threshold marker.
 */
export function histogramSvg(options: HistogramOptions): string {
  const width = chartSize('width', options.width, 960, 200);
  const height = chartSize('height', options.height, 300, 120);
  const title = options.title ?? 'Histogram';
  const binCount = options.binCount ?? 20;
  requireParameter(options.groups.length > 0, 'groups', 'at least one group', options.groups.length);
  let [min, max] = options.range ?? [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  if (options.range === undefined) {
    for (const group of options.groups) {
      const [low, high] = finiteRange(group.values);
      min = Math.min(min, low);
      max = Math.max(max, high);
    }
    if (!Number.isFinite(min)) return emptyChart(width, height, title);
    if (max === min) {
      min -= 0.5;
      max += 0.5;
    }
  }
  const valueFormat = options.valueFormat ?? 'number';
  const useShare = (options.scale ?? 'share') === 'share';
  const groups = options.groups.map((group, index) => {
    const counts = histogramCounts(group.values, binCount, min, max);
    let total = 0;
    for (const count of counts) total += count;
    const heights = counts.map((count) => (useShare ? (total > 0 ? count / total : 0) : count));
    return { name: group.name, color: escapeHtml(group.color ?? PALETTE[index % PALETTE.length]), counts, total, heights };
  });
  let tallest = 0;
  for (const group of groups) for (const value of group.heights) tallest = Math.max(tallest, value);
  const top = 30;
  const bottom = 26 + (options.xLabel === undefined ? 0 : 18);
  const plotHeight = height - top - bottom;
  const axis = valueAxis(0, tallest > 0 ? tallest : 1, useShare ? 'percent' : 'integer', Math.max(3, Math.round(plotHeight / 55)), true);
  const left = leftMarginFor(axis) + 20;
  const plot: PlotArea = { left, top, width: width - left - 18, height: plotHeight };
  const xScale = linearScale(min, max, plot.left, plot.left + plot.width);
  const yScale = linearScale(axis.domain[0], axis.domain[1], plot.top + plot.height, plot.top);
  let body = renderValueGrid(plot, axis, yScale);
  body += renderVerticalLabel(plot, useShare ? 'Share of group' : 'Count');
  const binWidth = (max - min) / binCount;
  const opacity = groups.length > 1 ? 0.55 : 0.8;
  for (const group of groups) {
    body += `<g class="histogram-group" data-group="${escapeHtml(group.name)}">`;
    for (let k = 0; k < binCount; k++) {
      if (group.counts[k] === 0) continue;
      const x0 = xScale(min + k * binWidth);
      const x1 = xScale(min + (k + 1) * binWidth);
      const y = yScale(group.heights[k]);
      const from = formatValue(min + k * binWidth, valueFormat);
      const to = formatValue(min + (k + 1) * binWidth, valueFormat);
      const share = group.total > 0 ? formatPercent(group.counts[k] / group.total, 1) : '0%';
      const tip = `${group.name}: ${from} to ${to}: ${group.counts[k]} (${share})`;
      body += `<rect class="bin" x="${pixel(x0 + 0.5)}" y="${pixel(y)}" width="${pixel(Math.max(0.5, x1 - x0 - 1))}" height="${pixel(plot.top + plot.height - y)}" fill="${group.color}" fill-opacity="${opacity}" data-count="${group.counts[k]}"><title>${escapeHtml(tip)}</title></rect>`;
    }
    body += '</g>';
  }
  body += renderHorizontalAxis(plot, horizontalTicks('number', min, max, xScale, plot.width, valueFormat), options.xLabel);
  const threshold = options.threshold;
  if (threshold !== undefined && threshold.value >= min && threshold.value <= max) {
    const x = pixel(xScale(threshold.value));
    body += `<line class="threshold" x1="${x}" x2="${x}" y1="${pixel(plot.top)}" y2="${pixel(plot.top + plot.height)}" stroke="${TEXT_COLOR}" stroke-width="1.5" stroke-dasharray="5 3"/>`;
    const label = threshold.label ?? `threshold ${formatValue(threshold.value, valueFormat)}`;
    const nearRight = xScale(threshold.value) > plot.left + plot.width * 0.75;
    body += `<text x="${pixel(xScale(threshold.value) + (nearRight ? -5 : 5))}" y="${pixel(plot.top + 12)}" text-anchor="${nearRight ? 'end' : 'start'}" fill="${TEXT_COLOR}">${escapeHtml(label)}</text>`;
  }
  body += renderLegend(
    groups.map((group) => ({ name: `${group.name} (n=${group.total})`, color: group.color, symbol: 'box' as const, opacity })),
    plot.left + plot.width,
    18,
  );
  return `${svgOpen(width, height, title)}${body}</svg>`;
}
