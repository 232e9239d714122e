import { isoUtc } from '@rooney/core';
import { drawdownSeries } from '@rooney/portfolio';
import { csvField, formatNumber, formatTime } from '../backtest/csv-format.ts';
import { tradesCsv } from '../backtest/outputs.ts';
import { dataTable, renderReport } from '@rooney/report';
import type { TableCell } from '@rooney/report';
import { money, percent, ratio } from '../table-format.ts';
import type { ParamValue } from './grid.ts';
import { SWEEP_METRICS } from './sweep-metrics.ts';
import type { SweepMetricName } from './sweep-metrics.ts';
import { METRIC_FORMATS, paramsText } from './sweep-report.ts';
import type { WalkForwardResult } from './walk-forward.ts';

function cell(value: ParamValue | null | undefined): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'number' ? formatNumber(value) : csvField(String(value));
}

/** `walk-forward.json`: windows, choices, in- and out-of-sample metrics (trades and curves go to CSV files). */
export function walkForwardJson(result: WalkForwardResult): string {
  const span = (s: { startTs: number; endTs: number; sessions: number }) => ({ start: isoUtc(s.startTs), end: isoUtc(s.endTs), sessions: s.sessions });
  const document = {
    format: result.format,
    dataset: result.dataset,
    config_hash: result.configHash,
    starting_cash: result.startingCash,
    grid: result.grid,
    selection: {
      mode: result.selection.mode,
      seed: result.selection.seed,
      grid_size: result.selection.gridSize,
      combinations: result.selection.combinations,
    },
    metric: result.metric,
    windows_requested: result.options.windows,
    in_sample_fraction: result.options.inSampleFraction,
    anchored: result.options.anchored,
    windows: result.windows.map((w) => ({
      index: w.index,
      in_sample: span(w.inSample),
      out_of_sample: span(w.outOfSample),
      chosen: w.chosen,
      in_sample_metrics: w.inSampleMetrics,
      out_of_sample_metrics: w.outOfSampleMetrics,
    })),
    out_of_sample: result.outOfSample,
    comparison: {
      in_sample_mean_metric: result.comparison.inSampleMeanMetric,
      out_of_sample_metric: result.comparison.outOfSampleMetric,
      in_sample_net_pnl_per_session: result.comparison.inSampleNetPnlPerSession,
      out_of_sample_net_pnl_per_session: result.comparison.outOfSampleNetPnlPerSession,
      efficiency: result.comparison.efficiency,
    },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** `walk-forward.csv`: one row per window with its ranges, choice and in-/out-of-sample metrics. */
export function walkForwardCsv(result: WalkForwardResult): string {
  const names = result.grid.map((d) => d.name);
  const header = [
    'window',
    'in_sample_start',
    'in_sample_end',
    'in_sample_sessions',
    'out_of_sample_start',
    'out_of_sample_end',
    'out_of_sample_sessions',
    'chosen_index',
    ...names,
    ...SWEEP_METRICS.map((m) => `is_${m}`),
    ...SWEEP_METRICS.map((m) => `oos_${m}`),
  ];
  const lines = [header.map(csvField).join(',')];
  for (const w of result.windows) {
    lines.push(
      [
        String(w.index),
        formatTime(w.inSample.startTs),
        formatTime(w.inSample.endTs),
        String(w.inSample.sessions),
        formatTime(w.outOfSample.startTs),
        formatTime(w.outOfSample.endTs),
        String(w.outOfSample.sessions),
        String(w.chosen.index),
        ...names.map((name) => cell(w.chosen.params[name])),
        ...SWEEP_METRICS.map((m) => cell(w.inSampleMetrics[m])),
        ...SWEEP_METRICS.map((m) => cell(w.outOfSampleMetrics[m])),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `in-sample.csv`: every in-sample run (window, combination, parameters, metrics). */
export function inSampleCsv(result: WalkForwardResult): string {
  const names = result.grid.map((d) => d.name);
  const lines = [['window', 'index', ...names, ...SWEEP_METRICS].map(csvField).join(',')];
  for (const run of result.inSampleRuns) {
    lines.push([String(run.window), String(run.index), ...names.map((n) => cell(run.params[n])), ...SWEEP_METRICS.map((m) => cell(run.metrics[m]))].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** `oos-equity.csv`: stitched out-of-sample equity at session closes, with drawdown. */
export function outOfSampleEquityCsv(result: WalkForwardResult): string {
  const series = result.outOfSampleDaily;
  const drawdown = drawdownSeries(series, result.startingCash);
  const lines = ['time,equity,drawdown'];
  for (let i = 0; i < series.ts.length; i++) {
    lines.push(`${formatTime(series.ts[i])},${formatNumber(series.value[i])},${formatNumber(drawdown.drawdown[i])}`);
  }
  return `${lines.join('\n')}\n`;
}

function metricText(metric: SweepMetricName, value: number | null): string {
  if (value === null) return '-';
  switch (METRIC_FORMATS[metric]) {
    case 'currency':
      return money(value);
    case 'percent':
      return percent(value);
    case 'integer':
      return String(value);
    default:
      return ratio(value);
  }
}

/** The walk-forward HTML report: stitched out-of-sample equity, in- vs out-of-sample, and each window. */
export function walkForwardReportHtml(result: WalkForwardResult): string {
  const { comparison, metric } = result;
  const oos = result.outOfSample;
  const windowRows: TableCell[][] = result.windows.map((w) => [
    w.index,
    `${isoUtc(w.inSample.startTs).slice(0, 10)} → ${isoUtc(w.inSample.endTs).slice(0, 10)}`,
    `${isoUtc(w.outOfSample.startTs).slice(0, 10)} → ${isoUtc(w.outOfSample.endTs).slice(0, 10)}`,
    paramsText(w.chosen.params),
    w.inSampleMetrics[metric],
    w.outOfSampleMetrics[metric],
    w.inSampleMetrics.net_pnl,
    w.outOfSampleMetrics.net_pnl,
    w.inSampleMetrics.trades,
    w.outOfSampleMetrics.trades,
  ]);
  const comparisonTable = dataTable({
    columns: ['', `${metric}`, 'net PnL per session'],
    rows: [
      ['in-sample (mean of the chosen combinations)', comparison.inSampleMeanMetric, comparison.inSampleNetPnlPerSession],
      ['out-of-sample (stitched)', comparison.outOfSampleMetric, comparison.outOfSampleNetPnlPerSession],
    ],
    columnFormats: [undefined, METRIC_FORMATS[metric], 'currency'],
    sortable: false,
  });
  const efficiency = comparison.efficiency === null ? 'undefined (in-sample PnL per session <= 0)' : ratio(comparison.efficiency);
  return renderReport({
    title: 'Rooney walk-forward analysis',
    subtitle: `${result.windows.length} windows, ${result.options.anchored ? 'anchored' : 'rolling'}, in-sample fraction ${result.options.inSampleFraction}, best by ${metric}: ${result.grid.map((d) => d.name).join(' × ')}`,
    badges: [result.dataset, 'out-of-sample equity'],
    summary: [
      { label: `OOS ${metric}`, value: metricText(metric, oos[metric]) },
      { label: `IS ${metric} (mean)`, value: metricText(metric, comparison.inSampleMeanMetric) },
      { label: 'Walk-forward efficiency', value: comparison.efficiency === null ? '-' : ratio(comparison.efficiency) },
      { label: 'OOS net PnL', value: money(oos.net_pnl) },
      { label: 'OOS Sharpe', value: ratio(oos.sharpe) },
      { label: 'OOS max drawdown', value: money(oos.max_drawdown) },
      { label: 'OOS trades', value: String(oos.trades) },
      { label: 'OOS win rate', value: percent(oos.win_rate) },
    ],
    equity: { ts: result.outOfSampleDaily.ts, value: result.outOfSampleDaily.value, startingValue: result.startingCash },
    sections: [
      {
        title: 'In-sample versus out-of-sample',
        html: `${comparisonTable}<p class="note">Walk-forward efficiency (out-of-sample PnL per session / in-sample PnL per session): ${efficiency}. A large in-sample edge that does not survive out of sample is overfitting.</p>`,
      },
    ],
    tables: [
      {
        title: 'Windows',
        columns: ['window', 'in-sample', 'out-of-sample', 'chosen parameters', `IS ${metric}`, `OOS ${metric}`, 'IS net PnL', 'OOS net PnL', 'IS trades', 'OOS trades'],
        rows: windowRows,
        columnFormats: [undefined, undefined, undefined, undefined, METRIC_FORMATS[metric], METRIC_FORMATS[metric], 'currency', 'currency', 'integer', 'integer'],
      },
    ],
    inputs: {
      dataset: result.dataset,
      'config hash': result.configHash,
      combinations: result.selection.combinations,
      selection: result.selection.mode === 'random' ? `random, seed ${result.selection.seed}` : 'full grid',
      note: 'each window is a fresh backtest: flat at its start, indicators warm up inside it',
    },
  });
}

/** Every file of a walk-forward run. */
export function walkForwardFiles(result: WalkForwardResult): Record<string, string> {
  return {
    'walk-forward.json': walkForwardJson(result),
    'walk-forward.csv': walkForwardCsv(result),
    'in-sample.csv': inSampleCsv(result),
    'oos-trades.csv': tradesCsv(result.outOfSampleTrades),
    'oos-equity.csv': outOfSampleEquityCsv(result),
    'report.html': walkForwardReportHtml(result),
  };
}
