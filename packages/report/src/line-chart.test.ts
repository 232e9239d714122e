import { RooneyError } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { areaChartSvg, lineChartSvg } from './line-chart.ts';

/** The (x, y) points of the `d` attribute of every `<path class="...">` with that class. */
function paths(svg: string, className: string): { command: string; x: number; y: number }[][] {
  const out: { command: string; x: number; y: number }[][] = [];
  for (const match of svg.matchAll(new RegExp(`<path class="${className}" d="([^"]*)"`, 'g'))) {
    out.push(Array.from(match[1].matchAll(/([ML])(-?[\d.]+),(-?[\d.]+)/g), (point) => ({ command: point[1], x: Number(point[2]), y: Number(point[3]) })));
  }
  return out;
}

function hoverPayload(svg: string): { x: number[]; s: { n: string; y: (number | null)[] }[]; vy: [number, number] } {
  const match = /data-chart="([^"]*)"/.exec(svg);
  if (match === null) throw new Error('no data-chart attribute');
  const json = match[1].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return JSON.parse(json);
}

const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);

describe('lineChartSvg', () => {
  it('draws one path point per data point when nothing needs downsampling', () => {
    const x = Array.from({ length: 100 }, (_, i) => START + i * DAY);
    const values = x.map((_, i) => 100 + Math.sin(i / 5) * 10);
    const [line] = paths(lineChartSvg({ x, series: [{ name: 'Equity', values }] }), 'series-line');
    expect(line.length).toBe(100);
    expect(line[0].command).toBe('M');
    expect(line.slice(1).every((point) => point.command === 'L')).toBe(true);
    for (let k = 1; k < line.length; k++) expect(line[k].x).toBeGreaterThan(line[k - 1].x);
  });

  it('draws the downsampled point count for a long series', () => {
    const n = 10_000;
    const x = Array.from({ length: n }, (_, i) => START + i * 60_000);
    const values = x.map((_, i) => i); // rising: every bucket keeps 2 points, 2 + 2 * 200 = 402
    const [line] = paths(lineChartSvg({ x, series: [{ name: 'Equity', values }], maxPoints: 402 }), 'series-line');
    expect(line.length).toBe(402);
  });

  it('keeps a one-bar spike of a long flat series visible', () => {
    const n = 20_000;
    const x = Array.from({ length: n }, (_, i) => START + i * 60_000);
    const values = x.map((_, i) => (i === 5_000 ? 50 : 100));
    const [line] = paths(lineChartSvg({ x, series: [{ name: 'Equity', values }], maxPoints: 200 }), 'series-line');
    const ys = [...new Set(line.map((point) => point.y))];
    expect(ys.length).toBe(2); // the flat level and the spike
    const spike = line.filter((point) => point.y === Math.max(...ys)); // lower value = larger pixel y
    expect(spike.length).toBe(1);
  });

  it('places values on the vertical axis in order (higher value, smaller pixel y)', () => {
    const svg = lineChartSvg({ x: [START, START + DAY, START + 2 * DAY], series: [{ name: 'v', values: [10, 30, 20] }] });
    const [line] = paths(svg, 'series-line');
    expect(line[1].y).toBeLessThan(line[2].y);
    expect(line[2].y).toBeLessThan(line[0].y);
    // 20 is halfway between 10 and 30 in value, so halfway in pixels.
    expect(line[2].y).toBeCloseTo((line[0].y + line[1].y) / 2, 0);
  });

  it('draws one path per series and a legend naming each', () => {
    const x = [START, START + DAY, START + 2 * DAY];
    const svg = lineChartSvg({ x, series: [{ name: 'Strategy', values: [1, 2, 3] }, { name: 'Benchmark', values: [1, 1.5, 2] }] });
    expect(paths(svg, 'series-line').length).toBe(2);
    expect(svg).toContain('>Strategy</text>');
    expect(svg).toContain('>Benchmark</text>');
  });

  it('labels a one-year time axis with month names', () => {
    const x = Array.from({ length: 366 }, (_, i) => START + i * DAY);
    const svg = lineChartSvg({ x, series: [{ name: 'v', values: x.map((_, i) => i) }] });
    for (const month of ['Jan', 'Apr', 'Jul', 'Oct', 'Dec']) expect(svg).toContain(`>${month}</text>`);
    expect(svg).toContain('>2024</text>');
  });

  it('carries the drawn points in the hover payload', () => {
    const n = 5_000;
    const x = Array.from({ length: n }, (_, i) => START + i * 60_000);
    const values = x.map((_, i) => 1000 + ((i * 7919) % 1001));
    const svg = lineChartSvg({ x, series: [{ name: 'Equity', values }], maxPoints: 300, valueFormat: 'currency' });
    const payload = hoverPayload(svg);
    const [line] = paths(svg, 'series-line');
    expect(payload.x.length).toBe(line.length);
    for (let k = 0; k < payload.x.length; k++) {
      const index = (payload.x[k] - START) / 60_000;
      expect(payload.s[0].y[k]).toBe(values[index]);
    }
  });

  it('rejects unsorted x and mismatched lengths', () => {
    expect(() => lineChartSvg({ x: [2, 1], series: [{ name: 'v', values: [1, 2] }] })).toThrow(RooneyError);
    expect(() => lineChartSvg({ x: [1, 2, 3], series: [{ name: 'v', values: [1, 2] }] })).toThrow(RooneyError);
  });

  it('renders a "No data" placeholder for an empty series', () => {
    expect(lineChartSvg({ x: [], series: [{ name: 'v', values: [] }] })).toContain('No data');
  });
});

describe('areaChartSvg', () => {
  it('closes the area on the zero line, with the zero line at the top for values <= 0', () => {
    const x = Array.from({ length: 50 }, (_, i) => START + i * DAY);
    const values = x.map((_, i) => -Math.abs(Math.sin(i / 4)) * 0.2);
    const svg = areaChartSvg({ x, values, valueFormat: 'percent' });
    const [area] = paths(svg, 'series-area');
    const [line] = paths(svg, 'series-line');
    expect(line.length).toBe(50);
    expect(area.length).toBe(52);
    const zero = area[0].y;
    expect(area[area.length - 1].y).toBe(zero);
    expect(line.every((point) => point.y >= zero)).toBe(true);
    const plotTop = Number(/class="hover-target" x="[\d.]+" y="([\d.]+)"/.exec(svg)?.[1]);
    expect(zero).toBe(plotTop);
    expect(svg).toMatch(/<path class="series-area" d="[^"]*Z"/);
  });
});
