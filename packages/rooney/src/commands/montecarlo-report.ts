import type { Distribution, MonteCarloResult } from '@rooney/portfolio';
import { fanChartSvg, renderReport } from '@rooney/report';
import { money, percent } from '../table-format.ts';

const row = (label: string, d: Distribution, format: (v: number) => string): (string | number)[] => [
  label,
  format(d.mean),
  format(d.p5),
  format(d.p25),
  format(d.p50),
  format(d.p75),
  format(d.p95),
];

/** The Monte Carlo report: fan chart of equity by trade, percentile table, probability of ruin. */
export function monteCarloReportHtml(
  result: MonteCarloResult,
  options: { readonly startEquity: number; readonly ruinEquity: number; readonly seed: number; readonly tradesFile: string },
): string {
  return renderReport({
    title: 'Rooney Monte Carlo',
    subtitle: `${result.paths.toLocaleString('en-US')} paths × ${result.trades.toLocaleString('en-US')} trades, method ${result.method}`,
    summary: [
      { label: 'Median final equity', value: money(result.finalEquity.p50) },
      { label: '5th percentile final equity', value: money(result.finalEquity.p5) },
      { label: 'Median max drawdown', value: money(result.maxDrawdown.p50) },
      { label: '95th percentile max drawdown', value: money(result.maxDrawdown.p95) },
      { label: `P(equity ≤ ${money(options.ruinEquity)})`, value: percent(result.probRuin), tone: result.probRuin > 0.05 ? 'negative' : 'neutral' },
    ],
    sections: [
      {
        title: 'Equity fan',
        html: fanChartSvg({
          x: result.fan.tradeIndex,
          bands: { p5: result.fan.p5, p25: result.fan.p25, p50: result.fan.p50, p75: result.fan.p75, p95: result.fan.p95 },
          xAxis: 'number',
          valueFormat: 'currency',
          referenceLine: { value: options.startEquity, label: 'start' },
          title: 'Equity after each trade: 5/25/50/75/95th percentiles',
          xLabel: 'trade',
        }),
      },
    ],
    tables: [
      {
        title: 'Distributions',
        columns: ['quantity', 'mean', 'p5', 'p25', 'p50', 'p75', 'p95'],
        rows: [
          row('final equity', result.finalEquity, money),
          row('max drawdown', result.maxDrawdown, money),
          row('longest drawdown (trades)', result.longestDrawdown, (v) => v.toFixed(1)),
        ],
      },
    ],
    inputs: {
      trades: options.tradesFile,
      method: result.method,
      block_size: result.blockSize ?? '-',
      seed: options.seed,
      start_equity: options.startEquity,
      ruin_equity: options.ruinEquity,
    },
  });
}
