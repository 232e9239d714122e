import { Rng } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { barChartSvg } from './bar-chart.ts';
import { renderReport } from './render-report.ts';
import type { ReportData } from './render-report.ts';
import { REPORT_SCRIPT } from './script.ts';

const DAY = 86_400_000;
const EVIL = '<script>alert(1)</script>';

function sampleData(): ReportData {
  const n = 400;
  const ts = new Float64Array(n);
  const value = new Float64Array(n);
  const rng = new Rng(5);
  let level = 100_000;
  for (let i = 0; i < n; i++) {
    ts[i] = Date.UTC(2023, 0, 3) + i * DAY;
    level *= 1 + rng.normal() * 0.01;
    value[i] = level;
  }
  return {
    title: `IBS on ${EVIL}`,
    subtitle: 'walk-forward',
    badges: ['synthetic data', EVIL],
    summary: [{ label: EVIL, value: '$1,234.00', tone: 'positive' }],
    equity: { ts, value, startingValue: 100_000 },
    monthlyReturns: [{ year: 2023, month: 1, return: 0.01 }],
    tables: [{ title: 'Trades', columns: ['Symbol', 'PnL'], rows: [[EVIL, 12.5]], columnFormats: [undefined, 'currency'] }],
    sections: [{ title: EVIL, html: barChartSvg({ items: [{ label: EVIL, value: 1 }] }) }],
    inputs: { [EVIL]: EVIL, seed: 42 },
  };
}

/** The chart payloads of a page: the SVG tooltips' `data-chart` and the explorable charts' `data-uplot`. */
function hoverPayloads(html: string): { s: { n: string; y: (number | null)[] }[]; x: number[] }[] {
  return Array.from(html.matchAll(/data-(?:chart|uplot)="([^"]*)"/g), (match) =>
    JSON.parse(match[1].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')),
  );
}

describe('renderReport', { timeout: 30_000 }, () => {
  it('is deterministic: the same data gives byte-identical HTML, typed or plain arrays alike', () => {
    const data = sampleData();
    const first = renderReport(data);
    expect(renderReport(sampleData())).toBe(first);
    const equity = data.equity as NonNullable<typeof data.equity>;
    const plain = { ...data, equity: { ...equity, ts: Array.from(equity.ts), value: Array.from(equity.value) } };
    expect(renderReport(plain)).toBe(first);
  });

  it('references nothing outside the file', () => {
    const html = renderReport(sampleData());
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toContain('src=');
    expect(html).not.toContain('@import');
    expect(html).not.toContain('url(');
    for (const match of html.matchAll(/href="([^"]*)"/g)) expect(match[1].startsWith('#')).toBe(true);
    expect(html).toContain("default-src 'none'");
  });

  it('escapes every user string: the only script elements are uPlot and the report its own', () => {
    const html = renderReport(sampleData());
    expect(html.split('<script').length - 1).toBe(2);
    expect(html).toContain('<script>/*! uPlot v1.6.32 | MIT licence');
    expect(html).not.toContain(EVIL);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain(`<title>IBS on &lt;script&gt;alert(1)&lt;/script&gt;</title>`);
  });

  it('contains the summary, charts, heat map, tables, sections and inputs in order', () => {
    const html = renderReport(sampleData());
    const order = ['id="section-summary"', 'id="section-equity"', 'id="section-drawdown"', 'id="section-monthly-returns"', 'id="section-trades"', 'id="section-script-alert-1-script"', 'id="section-inputs"'];
    const positions = order.map((marker) => html.indexOf(marker));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(html).toContain('2023-01-03 to 2024-02-06 (UTC)');
    expect(html).toContain('<div class="metric positive">');
  });

  it('computes the drawdown from equity when none is given (peak seeded by the starting value)', () => {
    const ts = [0, 1, 2, 3, 4].map((i) => Date.UTC(2024, 0, 1) + i * DAY);
    const html = renderReport({ title: 't', summary: [], equity: { ts, value: [90, 120, 90, 130, 117], startingValue: 100 } });
    const drawdown = hoverPayloads(html).find((payload) => payload.s[0].n === 'Drawdown');
    // Peaks 100, 120, 120, 130, 130: 90/100-1, 0, 90/120-1, 0, 117/130-1.
    expect(drawdown?.s[0].y.map((v) => Number(v?.toFixed(6)))).toEqual([-0.1, 0, -0.25, 0, -0.1]);
  });

  it('draws a given drawdown below zero whatever its sign convention', () => {
    const ts = [0, 1, 2].map((i) => Date.UTC(2024, 0, 1) + i * DAY);
    const html = renderReport({ title: 't', summary: [], equity: { ts, value: [1, 2, 3] }, drawdown: { ts, value: [0, 0.2, -0.1] } });
    const drawdown = hoverPayloads(html).find((payload) => payload.s[0].n === 'Drawdown');
    expect(drawdown?.s[0].y).toEqual([0, -0.2, -0.1]);
  });

  it('keeps a year of minute equity small while drawing its worst point', () => {
    const n = 340_000;
    const ts = new Float64Array(n);
    const value = new Float64Array(n);
    const rng = new Rng(1);
    let level = 100_000;
    for (let i = 0; i < n; i++) {
      ts[i] = Date.UTC(2024, 0, 2) + i * 90_000;
      level += rng.normal() * 20;
      value[i] = level;
    }
    value[123_456] = 10_000; // a crash of a single minute
    const html = renderReport({ title: 'big', summary: [], equity: { ts, value } });
    expect(html.length).toBeLessThan(2_000_000);
    const equity = hoverPayloads(html).find((payload) => payload.s[0].n === 'Equity');
    expect(equity?.x.length).toBeLessThanOrEqual(2_000);
    expect(Math.min(...(equity?.s[0].y as number[]))).toBe(10_000);
    expect(html).toContain('340,000 points, drawn as at most 2,000');
  });

  it('gives sections with the same title distinct anchors', () => {
    const html = renderReport({ title: 't', summary: [], equity: { ts: [], value: [] }, sections: [{ title: 'A', html: '' }, { title: 'A', html: '' }] });
    expect(html).toContain('id="section-a"');
    expect(html).toContain('id="section-a-2"');
  });

  it('prints a generation time only when given one', () => {
    const base: ReportData = { title: 't', summary: [], equity: { ts: [], value: [] } };
    expect(renderReport(base)).not.toContain(' on 20');
    expect(renderReport({ ...base, generatedAt: Date.UTC(2025, 4, 6, 7, 8) })).toContain('Generated by Rooney on 2025-05-06 07:08 UTC.');
  });

  it('ships a script that parses', () => {
    expect(() => new Function(REPORT_SCRIPT)).not.toThrow();
  });
});
