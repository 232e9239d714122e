import { RooneyError, Rng } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { fanBandsFromPaths, fanChartSvg, percentileOfSorted } from './fan-chart.ts';

function pathPoints(svg: string, className: string): { x: number; y: number }[] {
  const match = new RegExp(`<path class="${className}" d="([^"]*)"`).exec(svg);
  if (match === null) throw new Error(`no ${className} path`);
  return Array.from(match[1].matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g), (point) => ({ x: Number(point[1]), y: Number(point[2]) }));
}

function randomPaths(count: number, steps: number, seed: number): Float64Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, (_, j) => {
    const stream = rng.fork(j);
    const path = new Float64Array(steps);
    path[0] = 100_000;
    for (let t = 1; t < steps; t++) path[t] = path[t - 1] * (1 + stream.normal() * 0.01);
    return path;
  });
}

describe('percentileOfSorted', () => {
  it('interpolates linearly between order statistics (type 7, as numpy.percentile)', () => {
    const sorted = [1, 2, 3, 4, 5];
    // h = (n - 1) q: q = 0.05 gives h = 0.2, so 1 + 0.2 * (2 - 1).
    expect(percentileOfSorted(sorted, 0.05)).toBeCloseTo(1.2, 12);
    expect(percentileOfSorted(sorted, 0.25)).toBe(2);
    expect(percentileOfSorted(sorted, 0.5)).toBe(3);
    expect(percentileOfSorted(sorted, 0.95)).toBeCloseTo(4.8, 12);
    expect(percentileOfSorted(sorted, 1)).toBe(5);
    expect(percentileOfSorted([10, 20], 0.5)).toBe(15);
  });
});

describe('fanBandsFromPaths', () => {
  it('gives ordered bands whose median is the middle path value at each step', () => {
    const paths = randomPaths(201, 60, 3);
    const bands = fanBandsFromPaths(paths);
    for (let t = 0; t < 60; t++) {
      expect(bands.p5[t]).toBeLessThanOrEqual(bands.p25[t]);
      expect(bands.p25[t]).toBeLessThanOrEqual(bands.p50[t]);
      expect(bands.p50[t]).toBeLessThanOrEqual(bands.p75[t]);
      expect(bands.p75[t]).toBeLessThanOrEqual(bands.p95[t]);
      const column = paths.map((path) => path[t]).sort((a, b) => a - b);
      expect(bands.p50[t]).toBe(column[100]);
      expect(bands.p25[t]).toBe(column[50]); // h = 200 * 0.25 = 50, an exact order statistic
    }
  });
});

describe('fanChartSvg', () => {
  const steps = 120;
  const bands = fanBandsFromPaths(randomPaths(300, steps, 9));
  const x = Array.from({ length: steps }, (_, i) => i);
  const svg = fanChartSvg({ x, bands, valueFormat: 'currency', referenceLine: { value: 100_000, label: 'start' } });

  it('draws the bands nested in order at every step (p95 above p75 above median above p25 above p5)', () => {
    const outer = pathPoints(svg, 'band-outer');
    const inner = pathPoints(svg, 'band-inner');
    const median = pathPoints(svg, 'band-median');
    expect(outer.length).toBe(2 * steps);
    expect(inner.length).toBe(2 * steps);
    expect(median.length).toBe(steps);
    for (let k = 0; k < steps; k++) {
      const p95 = outer[k].y;
      const p5 = outer[2 * steps - 1 - k].y;
      const p75 = inner[k].y;
      const p25 = inner[2 * steps - 1 - k].y;
      expect(outer[2 * steps - 1 - k].x).toBe(outer[k].x);
      // Pixel y grows downward: a higher value has a smaller y.
      expect(p95).toBeLessThanOrEqual(p75);
      expect(p75).toBeLessThanOrEqual(median[k].y);
      expect(median[k].y).toBeLessThanOrEqual(p25);
      expect(p25).toBeLessThanOrEqual(p5);
    }
    expect(outer[0].y).toBeLessThan(outer[2 * steps - 1].y + 0.2); // the first step: all paths start at 100,000
  });

  it('rejects bands that are not ordered', () => {
    const broken = { ...bands, p25: Float64Array.from(bands.p75) };
    expect(() => fanChartSvg({ x, bands: broken })).toThrow(RooneyError);
    expect(() => fanChartSvg({ x, bands: broken })).toThrow(/p25 = .* > p50 = /);
  });

  it('thins long simulations to maxPoints steps, keeping the last', () => {
    const long = fanBandsFromPaths(randomPaths(50, 3_000, 4));
    const thin = fanChartSvg({ x: Array.from({ length: 3_000 }, (_, i) => i), bands: long, maxPoints: 500 });
    const median = pathPoints(thin, 'band-median');
    expect(median.length).toBe(500);
    const plotRight = pathPoints(fanChartSvg({ x: [0, 1], bands: { p5: [1, 1], p25: [1, 1], p50: [1, 1], p75: [1, 1], p95: [1, 1] } }), 'band-median')[1].x;
    expect(median[499].x).toBe(plotRight);
  });
});
