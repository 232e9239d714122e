import { RooneyError, requireParameter } from '@rooney/core';
import {
  AXIS_COLOR,
  GRID_COLOR,
  PALETTE,
  TEXT_COLOR,
  chartSize,
  pixel,
  polylinePath,
  renderLegend,
  svgOpen,
} from './chart-frame.ts';
import type { PlotArea } from './chart-frame.ts';
import { escapeHtml } from './escape.ts';
import { formatNumber } from './format.ts';
import { linearScale } from './scale.ts';
import type { NumericArray } from './types.ts';

/** Options of {@link rocChartSvg}. */
export interface RocChartOptions {
  /** False-positive rates of the curve's points, in [0, 1], in drawing order. */
  readonly falsePositiveRate: NumericArray;
  /** True-positive rates, one per false-positive rate, in [0, 1]. */
  readonly truePositiveRate: NumericArray;
  /** Area under the curve, shown in the legend when given. */
  readonly area?: number;
  /** The operating point of the chosen threshold, drawn as a marked dot with a label. */
  readonly marker?: { readonly falsePositiveRate: number; readonly truePositiveRate: number; readonly label: string };
  readonly color?: string;
  readonly title?: string;
  /** ViewBox size of the square chart (default 440). */
  readonly size?: number;
}

function requireRate(name: string, value: number, index?: number): void {
  if (!(value >= 0 && value <= 1)) {
    throw new RooneyError('invalid_parameter', `"${name}"${index === undefined ? '' : `[${index}]`} must be in [0, 1], was ${value}`);
  }
}

/**
 * A ROC curve as an inline square `<svg>`: the curve (`<path class="roc-curve">`), the chance
 * diagonal, and an optional marked threshold point (`<circle class="roc-marker">`). The plot
 * area is `<rect class="plot-area">`, with FPR 0..1 left to right and TPR 0..1 bottom to top.
 */
export function rocChartSvg(options: RocChartOptions): string {
  const size = chartSize('size', options.size, 440, 200);
  const title = options.title ?? 'ROC curve';
  const fpr = options.falsePositiveRate;
  const tpr = options.truePositiveRate;
  requireParameter(fpr.length === tpr.length, 'truePositiveRate', `as long as falsePositiveRate (${fpr.length})`, tpr.length);
  for (let i = 0; i < fpr.length; i++) {
    requireRate('falsePositiveRate', fpr[i], i);
    requireRate('truePositiveRate', tpr[i], i);
  }
  const marker = options.marker;
  if (marker !== undefined) {
    requireRate('marker.falsePositiveRate', marker.falsePositiveRate);
    requireRate('marker.truePositiveRate', marker.truePositiveRate);
  }
  const color = escapeHtml(options.color ?? PALETTE[0]);
  const plot: PlotArea = { left: 52, top: 30, width: size - 52 - 16, height: size - 30 - 46 };
  const xScale = linearScale(0, 1, plot.left, plot.left + plot.width);
  const yScale = linearScale(0, 1, plot.top + plot.height, plot.top);
  let body = `<rect class="plot-area" x="${plot.left}" y="${plot.top}" width="${plot.width}" height="${plot.height}" fill="none" stroke="${AXIS_COLOR}"/>`;
  for (let k = 0; k <= 5; k++) {
    const value = k / 5;
    const x = pixel(xScale(value));
    const y = pixel(yScale(value));
    if (k > 0 && k < 5) {
      body += `<line x1="${x}" x2="${x}" y1="${plot.top}" y2="${plot.top + plot.height}" stroke="${GRID_COLOR}"/>`;
      body += `<line x1="${plot.left}" x2="${plot.left + plot.width}" y1="${y}" y2="${y}" stroke="${GRID_COLOR}"/>`;
    }
    body += `<text x="${x}" y="${pixel(plot.top + plot.height + 16)}" text-anchor="middle" fill="${AXIS_COLOR}">${formatNumber(value, 1)}</text>`;
    body += `<text x="${plot.left - 6}" y="${y}" dy="0.32em" text-anchor="end" fill="${AXIS_COLOR}">${formatNumber(value, 1)}</text>`;
  }
  body += `<text x="${pixel(plot.left + plot.width / 2)}" y="${pixel(plot.top + plot.height + 36)}" text-anchor="middle" fill="${TEXT_COLOR}">False positive rate</text>`;
  const middle = pixel(plot.top + plot.height / 2);
  body += `<text x="12" y="${middle}" transform="rotate(-90 12 ${middle})" text-anchor="middle" dy="0.32em" fill="${TEXT_COLOR}">True positive rate</text>`;
  body += `<line class="chance" x1="${pixel(xScale(0))}" y1="${pixel(yScale(0))}" x2="${pixel(xScale(1))}" y2="${pixel(yScale(1))}" stroke="${AXIS_COLOR}" stroke-dasharray="4 4"/>`;
  const xs = Array.from(fpr, xScale);
  const ys = Array.from(tpr, yScale);
  body += `<path class="roc-curve" d="${polylinePath(xs, ys)}" fill="none" stroke="${color}" stroke-width="2" stroke-linejoin="round"/>`;
  if (marker !== undefined) {
    const cx = pixel(xScale(marker.falsePositiveRate));
    const cy = pixel(yScale(marker.truePositiveRate));
    const tip = `${marker.label}: FPR ${formatNumber(marker.falsePositiveRate, 3)}, TPR ${formatNumber(marker.truePositiveRate, 3)}`;
    body += `<circle class="roc-marker" cx="${cx}" cy="${cy}" r="5" fill="${PALETTE[1]}" stroke="#fff" stroke-width="1.5"><title>${escapeHtml(tip)}</title></circle>`;
    const onRight = marker.falsePositiveRate < 0.6;
    body += `<text x="${pixel(xScale(marker.falsePositiveRate) + (onRight ? 9 : -9))}" y="${cy}" dy="1.1em" text-anchor="${onRight ? 'start' : 'end'}" fill="${TEXT_COLOR}">${escapeHtml(marker.label)}</text>`;
  }
  const name = options.area === undefined ? 'ROC' : `ROC (AUC ${formatNumber(options.area, 3)})`;
  body += renderLegend([{ name, color }], plot.left + plot.width, 18);
  return `${svgOpen(size, size, title)}${body}</svg>`;
}
