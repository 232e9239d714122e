import { describe, expect, it } from 'vitest';
import { interactiveChart } from './interactive-chart.ts';

const payloadOf = (html: string): { x: (number | null)[]; s: { n: string; m: string; y: (number | null)[] }[]; g: string | null; r: { v: number } | null } =>
  JSON.parse(
    (/data-uplot="([^"]*)"/.exec(html) as RegExpExecArray)[1]
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&'),
  );

describe('interactiveChart', () => {
  const n = 10_000;
  const x = Float64Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 1) + i * 60_000);
  const values = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 300) * 100);
  values[7777] = -5000; // a one-minute crash

  it('thins long series by min/max per bucket, keeping the extremes, and carries a static SVG for print', () => {
    const html = interactiveChart({ x, series: [{ name: 'equity', values }], maxPoints: 500, group: 'time', referenceLine: { value: 0 } });
    const payload = payloadOf(html);
    expect(payload.x.length).toBeLessThanOrEqual(500);
    expect(Math.min(...(payload.s[0].y as number[]))).toBe(-5000);
    expect(payload.g).toBe('time');
    expect(payload.r?.v).toBe(0);
    expect(html).toContain('<div class="ichart-static"><svg class="chart"');
    expect(html).not.toContain('data-chart='); // the print copy carries no second payload
  });

  it('is deterministic and escapes names', () => {
    const name = '<img src=x onerror=alert(1)>';
    const first = interactiveChart({ x, series: [{ name, values }] });
    expect(interactiveChart({ x: Array.from(x), series: [{ name, values: Array.from(values) }] })).toBe(first);
    expect(first).not.toContain('<img');
    expect(payloadOf(first).s[0].n).toBe(name);
  });

  it('writes non-finite values as gaps', () => {
    const payload = payloadOf(interactiveChart({ x: [1, 2, 3], series: [{ name: 'a', values: [1, Number.NaN, Number.POSITIVE_INFINITY] }], xAxis: 'number' }));
    expect(payload.s[0].y).toEqual([1, null, null]);
  });

  it('rejects bad input with the parameter named', () => {
    expect(() => interactiveChart({ x: [2, 1], series: [{ name: 'a', values: [1, 2] }] })).toThrow(/"x" must be sorted ascending, was 2 then 1 at index 1/);
    expect(() => interactiveChart({ x: [1, 2], series: [{ name: 'a', values: [1] }] })).toThrow(/series "a" values/);
    expect(() => interactiveChart({ x: [1, 2], series: [] })).toThrow(/"series"/);
  });
});
