import { DEFAULT_SESSION } from '@rooney/core';
import { drawdownSeries, monthlyReturns } from '@rooney/portfolio';
import { dataTable } from '../data-table.ts';
import type { TableCell } from '../data-table.ts';
import { formatCurrency, formatNumber, formatPercent } from '../format.ts';
import { histogramSvg } from '../histogram.ts';
import { interactiveChart } from '../interactive-chart.ts';
import { DEFAULT_MAX_POINTS } from '../line-chart.ts';
import { TIME_CHART_GROUP, renderReport } from '../render-report.ts';
import type { ReportData, ReportSection } from '../render-report.ts';
import { costsTableHtml, dataFilesTableHtml, runSettings, strategiesTableHtml } from './run-tables.ts';
import type { TearsheetInput } from './tearsheet-input.ts';
import {
  TRADE_COLUMNS,
  benchmarkHtml,
  distributionsHtml,
  exposureHtml,
  longShortHtml,
  priceChartsHtml,
  rollingHtml,
  summaryMetrics,
  symbolCurvesHtml,
  tradeRows,
  worstDrawdownsHtml,
  yearlyHtml,
} from './tearsheet-sections.ts';
import { tearsheetStatistics, tradedSymbols } from './tearsheet-statistics.ts';
import type { TearsheetStatistics } from './tearsheet-statistics.ts';
import { valuesAt } from '@rooney/portfolio';

const money = (v: number | null): TableCell => (v === null ? null : { value: v, text: formatCurrency(v, 2) });
const share = (v: number | null): TableCell => (v === null ? null : { value: v, text: formatPercent(v, 2) });
const ratio = (v: number | null): TableCell => (v === null ? null : { value: v, text: formatNumber(v, 2) });

function groupTables(stats: TearsheetStatistics): { bySymbol: string; byStrategy: string } {
  const p = stats.performance;
  return {
    bySymbol: dataTable({
      columns: ['symbol', 'trades', 'win rate', 'avg win', 'avg loss', 'profit factor', 'net PnL', 'commission', 'exposure', 'daily-PnL Sharpe'],
      rows: Object.entries(p.bySymbol).map(([symbol, s]) => [
        symbol,
        s.tradeCount,
        share(s.winRate),
        money(s.averageWin),
        money(s.averageLoss),
        ratio(s.profitFactor),
        money(s.netPnl),
        money(s.commission),
        share(s.exposure),
        ratio(s.dailyPnlSharpe),
      ]),
    }),
    byStrategy: dataTable({
      columns: ['strategy', 'trades', 'win rate', 'profit factor', 'expectancy', 'net PnL', 'commission', 'exposure', 'daily-PnL Sharpe'],
      rows: Object.entries(p.byStrategy).map(([name, s]) => [
        name,
        s.tradeCount,
        share(s.winRate),
        ratio(s.profitFactor),
        money(s.expectancy),
        money(s.netPnl),
        money(s.commission),
        share(s.exposure),
        ratio(s.dailyPnlSharpe),
      ]),
    }),
  };
}

/** The ML veto's P(win) at entry of the trades taken, winners vs losers (trades with `meta.ml_score`). */
function mlScoreHtml(input: TearsheetInput): string {
  const winners: number[] = [];
  const losers: number[] = [];
  for (const trade of input.result.trades) {
    const score = trade.meta?.ml_score;
    if (typeof score !== 'number') continue;
    (trade.netPnl > 0 ? winners : losers).push(score);
  }
  if (winners.length + losers.length === 0) return '';
  return histogramSvg({
    groups: [
      { name: `winners (${winners.length})`, values: winners },
      { name: `losers (${losers.length})`, values: losers },
    ],
    range: [0, 1],
    binCount: 20,
    title: 'Model score at entry, winners vs losers',
  });
}

/**
 * The backtest tearsheet as report data (for `renderReport`; a notebook may add or drop blocks
 * before rendering). What a researcher used to QuantStats expects, computed from the result:
 *
 * - summary cards (returns, Sharpe, Sortino, volatility, drawdown, Calmar, trade statistics,
 *   alpha/beta/correlation against the benchmark);
 * - explorable equity (with the benchmark grown from the same starting cash) and drawdown charts;
 *   monthly returns; the benchmark comparison; rolling Sharpe and volatility;
 * - the worst drawdowns (start, trough, recovery, depth, length); distributions of daily returns
 *   and trade PnL with skew, excess kurtosis, historical VaR and CVaR;
 * - long vs short, per-symbol and per-strategy statistics and PnL curves, exposure over time,
 *   price charts with the trades, the trade list at each instrument's tick precision;
 * - everything needed to run it again: strategy parameters, costs, session, starting cash, data
 *   files and hashes, seed, versions.
 *
 * Deterministic: the same input gives the same report.
 */
export function tearsheetReport(input: TearsheetInput): ReportData {
  const { result } = input;
  const stats = tearsheetStatistics(input);
  const maxPoints = input.maxPoints ?? DEFAULT_MAX_POINTS;
  const symbols = tradedSymbols(input);
  const strategies = Object.keys(stats.performance.byStrategy);
  const session = input.session ?? DEFAULT_SESSION;
  const tradeLimit = input.tradeRows ?? 500;
  const sections: ReportSection[] = [];
  const add = (title: string, html: string): void => {
    if (html !== '') sections.push({ title, html });
  };
  const groups = groupTables(stats);

  if (stats.benchmark !== undefined) add(`Benchmark: ${stats.benchmark.name}`, benchmarkHtml(stats));
  add('Returns by year', yearlyHtml(stats));
  add(stats.benchmark !== undefined ? 'Rolling Sharpe, volatility and beta' : 'Rolling Sharpe and volatility', rollingHtml(stats, maxPoints));
  add('Worst drawdowns', worstDrawdownsHtml(stats));
  add('Distributions: daily returns and trade PnL', distributionsHtml(stats, Float64Array.from(result.trades, (t) => t.netPnl)));
  add('Long vs short', longShortHtml(stats));
  add('By symbol', groups.bySymbol + symbolCurvesHtml(stats, maxPoints));
  let byStrategy = groups.byStrategy;
  if (Object.keys(result.dailyPnlByStrategy).length > 1 && result.daily.ts.length > 0) {
    byStrategy += interactiveChart({
      x: result.daily.ts,
      series: Object.entries(result.dailyPnlByStrategy).map(([name, values]) => ({ name, values })),
      valueFormat: 'currency',
      title: 'Net PnL by strategy (realised and open)',
      maxPoints,
      includeZero: true,
      group: TIME_CHART_GROUP,
    });
  }
  add('By strategy', byStrategy);
  add('Exposure over time', exposureHtml(stats, maxPoints));
  const span = result.equity.ts.length > 0 ? [result.equity.ts[0], result.equity.ts[result.equity.ts.length - 1]] : [0, 0];
  add('Prices and trades', priceChartsHtml(input.prices ?? [], symbols, result.trades, span[0], span[1], Math.min(maxPoints, 600)));
  add('ML veto: P(win) of the trades taken', mlScoreHtml(input));
  for (const table of input.tables ?? []) {
    const { title, ...options } = table;
    add(title, dataTable({ ...options, maxRows: options.maxRows ?? 1000 }));
  }
  for (const section of input.sections ?? []) add(section.title, section.html);
  const shown = Math.min(tradeLimit, result.trades.length);
  add(
    shown < result.trades.length ? `Trades (the last ${formatNumber(shown, 0)} of ${formatNumber(result.trades.length, 0)}; all in trades.csv)` : `Trades (${formatNumber(result.trades.length, 0)})`,
    result.trades.length === 0
      ? '<p>No trades.</p>'
      : `${dataTable({ columns: TRADE_COLUMNS, rows: tradeRows(result.trades, input.contracts, tradeLimit) })}<p class="note">Prices at each instrument's tick precision.</p>`,
  );
  add('Strategy parameters', strategiesTableHtml(input.run));
  add('Costs and contracts', costsTableHtml(input.contracts, symbols, input.run?.slippageTicks));
  add('Data files', dataFilesTableHtml(input.run));

  const drawdown = drawdownSeries(result.equity, result.startingCash);
  const benchmark = stats.benchmark;
  return {
    title: input.title ?? 'Rooney backtest',
    subtitle: input.subtitle ?? `${strategies.length > 0 ? strategies.join(', ') : 'no trades'}${symbols.length > 0 ? ` on ${symbols.join(', ')}` : ''}`,
    ...(input.badges !== undefined ? { badges: input.badges } : {}),
    ...(input.warnings !== undefined ? { warnings: input.warnings } : {}),
    summary: summaryMetrics(stats),
    equity: {
      ts: result.equity.ts,
      value: result.equity.value,
      startingValue: result.startingCash,
      ...(benchmark !== undefined && result.daily.ts.length > 0
        ? { overlays: [{ name: `benchmark: ${benchmark.name}`, values: valuesAt({ ts: result.daily.ts, value: benchmark.curve }, result.equity.ts), color: '#9ca3af' }] }
        : {}),
    },
    drawdown: { ts: drawdown.ts, value: drawdown.fraction },
    monthlyReturns: monthlyReturns(result.daily, result.startingCash, session),
    sections,
    inputs: runSettings(input, stats),
    ...(input.generatedAt !== undefined ? { generatedAt: input.generatedAt } : {}),
    maxPoints,
  };
}

/** The backtest tearsheet as one self-contained HTML page: `renderReport(tearsheetReport(input))`. */
export function renderTearsheet(input: TearsheetInput): string {
  return renderReport(tearsheetReport(input));
}
