import type { Distribution, MonteCarloResult } from '@rooney/portfolio';
import { escapeHtml, fanChartSvg, renderReport } from '@rooney/report';
import { money, percent } from '../table-format.ts';
import type { MonteCarloAccount } from './montecarlo.ts';

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
  options: { readonly account: MonteCarloAccount; readonly ruinRule: string; readonly seed: number; readonly tradesFile: string },
): string {
  const { account } = options;
  return renderReport({
    title: 'Rooney Monte Carlo',
    subtitle: `${result.paths.toLocaleString('en-US')} paths × ${result.trades.toLocaleString('en-US')} trades, method ${result.method}; starting equity ${money(account.startingEquity)} from ${account.startingEquitySource}`,
    badges: [`ruin: equity ≤ ${money(account.ruinEquity)}`],
    summary: [
      { label: 'Starting equity', value: money(account.startingEquity) },
      { label: 'Median final equity', value: money(result.finalEquity.p50) },
      { label: '5th percentile final equity', value: money(result.finalEquity.p5) },
      { label: 'Median max drawdown', value: money(result.maxDrawdown.p50) },
      { label: '95th percentile max drawdown', value: money(result.maxDrawdown.p95) },
      { label: `P(ruin: equity ≤ ${money(account.ruinEquity)})`, value: percent(result.probRuin), tone: result.probRuin > 0.05 ? 'negative' : 'neutral' },
    ],
    sections: [
      {
        title: 'Account and ruin rule',
        html: `<p>Every path starts from ${escapeHtml(money(account.startingEquity))} (${escapeHtml(account.startingEquitySource)}); ${escapeHtml(options.ruinRule)}.</p>`,
      },
      {
        title: 'Equity fan',
        html: fanChartSvg({
          x: result.fan.tradeIndex,
          bands: { p5: result.fan.p5, p25: result.fan.p25, p50: result.fan.p50, p75: result.fan.p75, p95: result.fan.p95 },
          xAxis: 'number',
          valueFormat: 'currency',
          referenceLine: { value: account.startingEquity, label: 'start' },
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
      starting_equity: account.startingEquity,
      starting_equity_source: account.startingEquitySource,
      ruin_equity: account.ruinEquity,
      ruin_rule: options.ruinRule,
    },
  });
}
