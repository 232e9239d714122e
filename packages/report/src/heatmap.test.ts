import { RooneyError } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { heatmapTable, monthlyReturnsHeatmap } from './heatmap.ts';

interface Cell {
  readonly className: string;
  readonly value: number | null;
  readonly text: string;
  readonly background: string | null;
}

/** Rows of a rendered heat map: row header text and its `<td>` cells. */
function parseRows(html: string): { header: string; cells: Cell[] }[] {
  const body = html.slice(html.indexOf('<tbody>'));
  return Array.from(body.matchAll(/<tr><th scope="row">([^<]*)<\/th>(.*?)<\/tr>/g), (row) => ({
    header: row[1],
    cells: Array.from(row[2].matchAll(/<td class="([^"]*)"([^>]*)>([^<]*)<\/td>/g), (cell) => ({
      className: cell[1],
      value: /data-value="([^"]*)"/.exec(cell[2]) === null ? null : Number(/data-value="([^"]*)"/.exec(cell[2])?.[1]),
      text: cell[3],
      background: /background:(#[0-9a-f]{6})/.exec(cell[2])?.[1] ?? null,
    })),
  }));
}

function channels(hex: string): [number, number, number] {
  return [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];
}

describe('monthlyReturnsHeatmap', () => {
  const returns = [
    { year: 2024, month: 12, return: 0.05 },
    { year: 2023, month: 1, return: 0.02 },
    { year: 2023, month: 2, return: -0.01 },
  ];

  it('puts each return in its year row and month column, with the compounded year', () => {
    const rows = parseRows(monthlyReturnsHeatmap(returns));
    expect(rows.map((row) => row.header)).toEqual(['2023', '2024']);
    const [y2023, y2024] = rows;
    expect(y2023.cells.length).toBe(13);
    expect(y2023.cells[0]).toMatchObject({ value: 0.02, text: '2.0%' });
    expect(y2023.cells[1]).toMatchObject({ value: -0.01, text: '-1.0%' });
    for (let month = 3; month <= 12; month++) expect(y2023.cells[month - 1].value).toBeNull();
    // Year: 1.02 * 0.99 - 1 = 0.0098.
    expect(y2023.cells[12].className).toContain('summary');
    expect(y2023.cells[12].value).toBeCloseTo(0.0098, 12);
    expect(y2023.cells[12].text).toBe('1.0%');
    expect(y2024.cells[11]).toMatchObject({ value: 0.05, text: '5.0%' });
    expect(y2024.cells[12].value).toBeCloseTo(0.05, 12);
  });

  it('names the columns Jan..Dec and Year', () => {
    const html = monthlyReturnsHeatmap(returns);
    const head = html.slice(html.indexOf('<thead>'), html.indexOf('</thead>'));
    const labels = Array.from(head.matchAll(/<th[^>]*>([^<]*)<\/th>/g), (match) => match[1]);
    expect(labels).toEqual(['', 'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'Year']);
  });

  it('colours gains green and losses red, the largest magnitude strongest', () => {
    const [row] = parseRows(monthlyReturnsHeatmap([
      { year: 2023, month: 1, return: 0.04 },
      { year: 2023, month: 2, return: -0.02 },
      { year: 2023, month: 3, return: 0.01 },
    ]));
    const [gain, loss, small] = row.cells.map((cell) => (cell.background === null ? null : channels(cell.background)));
    expect(gain?.[1]).toBeGreaterThan(gain?.[0] ?? 0);
    expect(loss?.[0]).toBeGreaterThan(loss?.[1] ?? 0);
    // Lighter (closer to white) means a larger red channel for a green cell.
    expect(small?.[0]).toBeGreaterThan(gain?.[0] ?? 255);
  });

  it('rejects a month outside 1-12 and a repeated month', () => {
    expect(() => monthlyReturnsHeatmap([{ year: 2023, month: 13, return: 0 }])).toThrow(RooneyError);
    expect(() => monthlyReturnsHeatmap([{ year: 2023, month: 2, return: 0 }, { year: 2023, month: 2, return: 0.1 }])).toThrow('given twice');
  });
});

describe('heatmapTable', () => {
  it('lays out a parameter sweep with escaped labels and a highlighted cell', () => {
    const html = heatmapTable({
      rowLabels: [10, 20],
      columnLabels: ['<b>', 0.5],
      values: [[1.25, null], [-0.5, 2]],
      corner: 'fast \\ slow',
      highlight: { row: 1, column: 1 },
    });
    expect(html).toContain('<th scope="col">&lt;b&gt;</th>');
    expect(html).not.toContain('<b>');
    const rows = parseRows(html);
    expect(rows[0].cells.map((cell) => cell.value)).toEqual([1.25, null]);
    expect(rows[1].cells.map((cell) => cell.value)).toEqual([-0.5, 2]);
    expect(rows[1].cells[1].className).toBe('heat highlight');
    expect(rows[0].cells[0].text).toBe('1.25');
    expect(rows[1].cells.map((cell) => cell.text)).toEqual(['-0.50', '2.00']); // one decimal count for the table
  });

  it('runs a sequential scale from white at the minimum to the strongest blue at the maximum', () => {
    const rows = parseRows(heatmapTable({ rowLabels: ['a'], columnLabels: ['x', 'y', 'z'], values: [[1, 2, 3]], colorScale: 'sequential' }));
    const [low, middle, high] = rows[0].cells.map((cell) => channels(cell.background ?? '#000000'));
    expect(low).toEqual([255, 255, 255]);
    expect(high[2]).toBeGreaterThan(high[0]);
    expect(middle[0]).toBeLessThan(low[0]);
    expect(middle[0]).toBeGreaterThan(high[0]);
  });

  it('rejects rows whose length does not match the column labels', () => {
    expect(() => heatmapTable({ rowLabels: ['a'], columnLabels: ['x', 'y'], values: [[1]] })).toThrow(RooneyError);
  });
});
