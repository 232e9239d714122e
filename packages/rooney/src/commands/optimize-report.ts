import type { OptimizationResult, PortfolioStatistics, ReturnsTable } from '@rooney/portfolio';
import { barChartSvg, interactiveChart, renderReport } from '@rooney/report';
import { percent, ratio } from '../table-format.ts';

/** Running sum of the weighted columns (the optimizer's portfolio curve: no compounding). */
function cumulative(table: ReturnsTable, weights: readonly number[]): Float64Array {
  const out = new Float64Array(table.ts.length);
  let sum = 0;
  for (let t = 0; t < table.ts.length; t++) {
    for (let k = 0; k < weights.length; k++) sum += weights[k] * table.columns[k][t];
    out[t] = sum;
  }
  return out;
}

const statsRow = (label: string, s: PortfolioStatistics): (string | number)[] => [
  label,
  s.days,
  ratio(s.sharpe),
  ratio(s.annualReturn),
  ratio(s.totalReturn),
  ratio(s.maxDrawdown),
];

/** The optimizer's report: weights, in-sample vs hold-out against equal weight, both curves. */
export function optimizeReportHtml(table: ReturnsTable, result: OptimizationResult): string {
  const gross = result.weights.reduce((a, w) => a + Math.abs(w), 0);
  const equal = table.names.map(() => gross / table.names.length);
  const sections = [
    {
      title: 'Weights',
      html: barChartSvg({ items: table.names.map((label, k) => ({ label, value: result.weights[k] })), valueFormat: 'number' }),
    },
    {
      title: 'Portfolio curves (sum of weighted columns)',
      html: interactiveChart({
        x: table.ts,
        series: [
          { name: `optimized (${result.method})`, values: cumulative(table, result.weights) },
          { name: 'equal weight', values: cumulative(table, equal) },
        ],
        valueFormat: 'number',
        title: result.holdOutStartTs !== null ? `Portfolio curves; hold-out from ${new Date(result.holdOutStartTs).toISOString().slice(0, 10)}` : 'Portfolio curves',
        includeZero: true,
      }),
    },
  ];
  const rows = [statsRow('in-sample, optimized', result.inSample.optimized), statsRow('in-sample, equal weight', result.inSample.equalWeight)];
  if (result.outOfSample !== null) {
    rows.push(statsRow('hold-out, optimized', result.outOfSample.optimized), statsRow('hold-out, equal weight', result.outOfSample.equalWeight));
  }
  return renderReport({
    title: 'Rooney portfolio optimizer',
    subtitle: `${table.names.length} columns, method ${result.method}`,
    badges: result.outOfSample === null ? ['no hold-out: in-sample only'] : [`hold-out: last ${result.outOfSampleDays} days`],
    summary: [
      { label: 'In-sample Sharpe (optimized)', value: ratio(result.inSample.optimized.sharpe) },
      { label: 'In-sample Sharpe (equal)', value: ratio(result.inSample.equalWeight.sharpe) },
      { label: 'Hold-out Sharpe (optimized)', value: ratio(result.outOfSample?.optimized.sharpe ?? null) },
      { label: 'Hold-out Sharpe (equal)', value: ratio(result.outOfSample?.equalWeight.sharpe ?? null) },
      { label: 'Columns with weight', value: String(result.weights.filter((w) => w !== 0).length) },
      { label: 'Drawdown scale', value: percent(result.drawdownScale) },
    ],
    tables: [{ title: 'In sample vs hold-out', columns: ['portfolio', 'days', 'Sharpe', 'annual return', 'total return', 'max drawdown'], rows }],
    sections,
  });
}
