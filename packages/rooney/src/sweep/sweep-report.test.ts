import { describe, expect, it } from 'vitest';
import type { SweepMetrics } from './sweep-metrics.ts';
import { sweepHeatmap, sweepReportHtml } from './sweep-report.ts';
import { SWEEP_FORMAT, parseSweepJson, sweepCsv, sweepJson } from './sweep-table.ts';
import type { SweepRow, SweepTable } from './sweep-table.ts';

function metrics(sharpe: number | null, netPnl: number, maxDrawdown = 100): SweepMetrics {
  return {
    net_pnl: netPnl,
    total_return: netPnl / 100_000,
    sharpe,
    sortino: null,
    max_drawdown: maxDrawdown,
    max_drawdown_fraction: maxDrawdown / 100_000,
    trades: 10,
    win_rate: 0.5,
    profit_factor: null,
  };
}

// Grid a ∈ {1, 2} × b ∈ {x, y} × c ∈ {true, false}, rows in grid order.
const SHARPES = [0.5, 1.5, -1, null, 2, 0.1, 0.3, 0.2];
const rows: SweepRow[] = SHARPES.map((sharpe, index) => ({
  index,
  params: { 'm.a': index < 4 ? 1 : 2, 'm.b': index % 4 < 2 ? 'x' : 'y', 'm.c': index % 2 === 0 },
  metrics: metrics(sharpe, index * 100 - 300, 50 + index),
  strategies: { m: { net_pnl: index * 100 - 300, trades: 10, win_rate: 0.5 } },
}));
const table: SweepTable = {
  format: SWEEP_FORMAT,
  dataset: 'test <data>',
  configHash: 'abc',
  startingCash: 100_000,
  strategies: ['m'],
  grid: [
    { name: 'm.a', values: [1, 2] },
    { name: 'm.b', values: ['x', 'y'] },
    { name: 'm.c', values: [true, false] },
  ],
  selection: { mode: 'grid', seed: null, gridSize: 8, combinations: 8 },
  metric: 'sharpe',
  rows,
  best: { index: 4, daily: { ts: [1_700_000_000_000, 1_700_086_400_000], value: [100_000, 99_700] } },
};

/** `data-value` of every filled cell, row by row (null for empty cells). */
function cellValues(html: string): (number | null)[] {
  return [...html.matchAll(/<td class="heat[^"]*"(?: style="[^"]*" data-value="([^"]+)")?/g)].map((m) => (m[1] === undefined ? null : Number(m[1])));
}

describe('sweep report', () => {
  it('shows the best value over the other dimensions in each heat-map cell', () => {
    // (a=1, b=x): max(0.5, 1.5); (1, y): max(-1, null); (2, x): max(2, 0.1); (2, y): max(0.3, 0.2).
    expect(cellValues(sweepHeatmap(table, 'sharpe'))).toEqual([1.5, -1, 2, 0.3]);
    // For drawdowns smaller is better: min over c.
    expect(cellValues(sweepHeatmap(table, 'max_drawdown'))).toEqual([50, 52, 54, 56]);
    // The best combination's cell (a=2, b=x) is outlined.
    expect(sweepHeatmap(table, 'sharpe')).toMatch(/<th scope="row">2<\/th><td class="heat highlight"/);
  });

  it('lays one dimension out as a single column', () => {
    const single: SweepTable = {
      ...table,
      grid: [{ name: 'm.a', values: [1, 2] }],
      rows: [rows[0], { ...rows[4], index: 1 }].map((r) => ({ ...r, params: { 'm.a': r.params['m.a'] } })),
    };
    expect(cellValues(sweepHeatmap(single, 'sharpe'))).toEqual([0.5, 2]);
  });

  it('round-trips through sweep.json and renders deterministic, escaped files', () => {
    const parsed = parseSweepJson(sweepJson(table));
    expect(sweepJson(parsed)).toBe(sweepJson(table));
    const csv = sweepCsv(parsed).trim().split('\n');
    expect(csv[0]).toBe('index,m.a,m.b,m.c,net_pnl,total_return,sharpe,sortino,max_drawdown,max_drawdown_fraction,trades,win_rate,profit_factor');
    expect(csv[4]).toBe('3,1,y,false,0,0,,,53,0.00053,10,0.5,');
    const html = sweepReportHtml(parsed);
    expect(html).toBe(sweepReportHtml(table));
    expect(html).toContain('test &lt;data&gt;');
    expect(html).not.toContain('test <data>');
    expect(html).toContain('m.a=2, m.b=x, m.c=true');
  });
});
