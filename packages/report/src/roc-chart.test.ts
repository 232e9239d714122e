import { RooneyError } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { rocChartSvg } from './roc-chart.ts';

const fpr = [0, 0.1, 0.2, 0.5, 1];
const tpr = [0, 0.4, 0.55, 0.85, 1];

describe('rocChartSvg', () => {
  const svg = rocChartSvg({ falsePositiveRate: fpr, truePositiveRate: tpr, area: 0.7412, marker: { falsePositiveRate: 0.2, truePositiveRate: 0.55, label: 'threshold 0.62' } });
  const frame = /<rect class="plot-area" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/.exec(svg);
  const [left, top, width, height] = (frame ?? []).slice(1).map(Number);

  it('places the threshold marker at its (FPR, TPR) inside the plot area', () => {
    const marker = /<circle class="roc-marker" cx="([\d.]+)" cy="([\d.]+)"/.exec(svg);
    expect(Number(marker?.[1])).toBeCloseTo(left + 0.2 * width, 1);
    expect(Number(marker?.[2])).toBeCloseTo(top + (1 - 0.55) * height, 1);
    expect(svg).toContain('>threshold 0.62</text>');
  });

  it('draws one curve point per input point, from (0,0) at bottom-left to (1,1) at top-right', () => {
    const d = /<path class="roc-curve" d="([^"]*)"/.exec(svg)?.[1] ?? '';
    const points = Array.from(d.matchAll(/[ML]([\d.]+),([\d.]+)/g), (match) => [Number(match[1]), Number(match[2])]);
    expect(points.length).toBe(5);
    expect(points[0]).toEqual([left, top + height]);
    expect(points[4]).toEqual([left + width, top]);
  });

  it('shows the AUC in the legend', () => {
    expect(svg).toContain('ROC (AUC 0.741)');
  });

  it('rejects rates outside [0, 1]', () => {
    expect(() => rocChartSvg({ falsePositiveRate: [0, 1.2], truePositiveRate: [0, 1] })).toThrow(RooneyError);
    expect(() => rocChartSvg({ falsePositiveRate: [0, 1], truePositiveRate: [0, 1], marker: { falsePositiveRate: -0.1, truePositiveRate: 0.5, label: 'x' } })).toThrow('"marker.falsePositiveRate" must be in [0, 1], was -0.1');
  });
});
