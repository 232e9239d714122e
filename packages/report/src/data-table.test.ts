import { RooneyError } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { dataTable, keyValueTable } from './data-table.ts';

function bodyCells(html: string): string[][] {
  const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
  return Array.from(body.matchAll(/<tr>(.*?)<\/tr>/g), (row) => Array.from(row[1].matchAll(/<td[^>]*>([^<]*)<\/td>/g), (cell) => cell[1]));
}

describe('dataTable', () => {
  const html = dataTable({
    columns: ['Symbol', 'Qty', 'PnL', 'Return', 'Note'],
    columnFormats: [undefined, 'integer', 'currency', 'percent', undefined],
    rows: [
      ['<script>', 2, -1250, -0.0124, null],
      ['ES', 1, 512.5, 0.0051, 'a & b'],
    ],
  });

  it('formats numbers per column, escapes text and marks empty cells', () => {
    expect(bodyCells(html)).toEqual([
      ['&lt;script&gt;', '2', '-$1,250.00', '-1.24%', '—'],
      ['ES', '1', '$512.50', '0.51%', 'a &amp; b'],
    ]);
    expect(html).not.toContain('<script>');
  });

  it('keeps exact values for sorting', () => {
    expect(html).toContain('data-sort="-1250"');
    expect(html).toContain('data-sort="0.0051"');
  });

  it('shows at most maxRows rows and says how many were left out', () => {
    const rows = Array.from({ length: 2_500 }, (_, i) => [i]);
    const limited = dataTable({ columns: ['n'], rows, maxRows: 1_000 });
    expect(bodyCells(limited).length).toBe(1_000);
    expect(limited).toContain('Showing the first 1,000 of 2,500 rows.');
  });

  it('rejects a row with the wrong number of cells', () => {
    expect(() => dataTable({ columns: ['a', 'b'], rows: [[1]] })).toThrow(RooneyError);
  });
});

describe('keyValueTable', () => {
  it('lists entries in order, numbers as written', () => {
    const html = keyValueTable({ seed: 123456789, config: 'a<b>.yaml' });
    expect(html).toBe('<table class="key-value"><tbody><tr><th scope="row">seed</th><td>123456789</td></tr><tr><th scope="row">config</th><td>a&lt;b&gt;.yaml</td></tr></tbody></table>');
  });
});
