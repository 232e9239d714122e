/**
 * The tearsheet's blocks, each a pure function of the statistics: summary cards, the benchmark
 * comparison, rolling charts, distributions, worst drawdowns, long/short, per-symbol curves,
 * exposure, price charts with trades and the trade list.
 */
import type { BarArrays, ContractSpec, Trade } from '@rooney/core';
import type { DistributionSummary, TradeStatistics } from '@rooney/portfolio';
import { dataTable } from '../data-table.ts';
import { downsampleIndices } from '../downsample.ts';
import { escapeHtml } from '../escape.ts';
import type { TableCell } from '../data-table.ts';
import { formatCurrency, formatDateTimeUtc, formatNumber, formatPercent } from '../format.ts';
import { histogramSvg } from '../histogram.ts';
import { interactiveChart } from '../interactive-chart.ts';
import { formatPrice } from '../price-format.ts';
import type { SummaryMetric } from '../render-report.ts';
import { TIME_CHART_GROUP } from '../render-report.ts';
import type { TearsheetStatistics } from './tearsheet-statistics.ts';

const DASH = '–';
const orDash = (value: number | null | undefined, format: (v: number) => string): string =>
  value === null || value === undefined || !Number.isFinite(value) ? DASH : format(value);
const money = (v: number): string => formatCurrency(v, 2);
const percent = (v: number): string => formatPercent(v, 2);
const ratio = (v: number): string => formatNumber(v, 2);
/** A right-aligned number cell with its text, or an empty cell for a missing value. */
const cell = (value: number | null | undefined, format: (v: number) => string): TableCell =>
  value === null || value === undefined || !Number.isFinite(value) ? null : { value, text: format(value) };
const tone = (v: number | null | undefined): 'positive' | 'negative' | 'neutral' =>
  v === null || v === undefined || v === 0 || !Number.isFinite(v) ? 'neutral' : v > 0 ? 'positive' : 'negative';

/** The headline cards: returns, risk, trades and (with a benchmark) alpha, beta and correlation. */
export function summaryMetrics(stats: TearsheetStatistics): SummaryMetric[] {
  const p = stats.performance;
  const cards: SummaryMetric[] = [
    { label: 'Final equity', value: money(p.finalEquity) },
    { label: 'Net PnL', value: money(p.netPnl), tone: tone(p.netPnl) },
    { label: 'Total return', value: percent(p.totalReturn), tone: tone(p.totalReturn) },
    { label: 'CAGR', value: orDash(p.annualisedReturn, percent) },
    { label: 'Sharpe', value: orDash(p.sharpe, ratio) },
    { label: 'Sortino', value: orDash(p.sortino, ratio) },
    { label: 'Volatility (ann.)', value: orDash(stats.volatility, percent) },
    { label: 'Max drawdown', value: `${money(-p.maxDrawdown)} (${percent(-p.maxDrawdownFraction)})`, tone: p.maxDrawdown > 0 ? 'negative' : 'neutral' },
    { label: 'Calmar', value: orDash(stats.calmar, ratio) },
    { label: 'Trades', value: formatNumber(p.tradeCount, 0) },
    { label: 'Win rate', value: orDash(p.winRate, percent) },
    { label: 'Profit factor', value: orDash(p.profitFactor, ratio) },
    { label: 'Commission', value: money(p.commission) },
    { label: 'Exposure', value: percent(p.exposure) },
  ];
  const b = stats.benchmark;
  if (b !== undefined) {
    cards.push(
      { label: 'Alpha (ann.)', value: orDash(b.statistics.alpha, percent), tone: tone(b.statistics.alpha) },
      { label: 'Beta', value: orDash(b.statistics.beta, ratio) },
      { label: 'Correlation', value: orDash(b.statistics.correlation, ratio) },
    );
  }
  return cards;
}

/** Strategy next to its benchmark, with the conventions spelled out. */
export function benchmarkHtml(stats: TearsheetStatistics): string {
  const b = stats.benchmark;
  if (b === undefined) return '';
  const p = stats.performance;
  const rows: TableCell[][] = [
    ['total return', cell(p.totalReturn, percent), cell(b.totalReturn, percent)],
    ['CAGR', cell(p.annualisedReturn, percent), cell(b.annualisedReturn, percent)],
    ['Sharpe', cell(p.sharpe, ratio), cell(b.sharpe, ratio)],
    ['volatility (ann.)', cell(stats.volatility, percent), cell(b.volatility, percent)],
    ['max drawdown (the benchmark at session closes)', cell(-p.maxDrawdownFraction, percent), cell(-b.maxDrawdownFraction, percent)],
    ['alpha (ann.)', cell(b.statistics.alpha, percent), null],
    ['beta', cell(b.statistics.beta, ratio), cell(1, ratio)],
    ['correlation', cell(b.statistics.correlation, ratio), cell(1, ratio)],
  ];
  return (
    dataTable({ columns: ['', 'strategy', b.name], rows, sortable: false }) +
    `<p class="note">${b.members.length > 1 ? `Benchmark: ${escapeHtml(b.members.join(', '))} held in equal weights, rebalanced at each session close (each instrument's close-to-close return, averaged). ` : ''}Daily simple returns at the ${formatNumber(b.statistics.observations, 0)} session closes where both have one (the first from the starting cash and the benchmark's price at the run's start). ` +
    'beta = sample cov(strategy, benchmark) / sample var(benchmark); alpha = (mean(strategy) − beta × mean(benchmark)) × 252; correlation: Pearson — the conventions of QuantStats <code>greeks</code>. Risk-free rate 0.</p>'
  );
}

/** Calendar-year returns of the strategy, and of the benchmark next to it. */
export function yearlyHtml(stats: TearsheetStatistics): string {
  if (stats.yearly.length === 0) return '';
  const b = stats.benchmark;
  const byYear = new Map((b?.yearly ?? []).map((y) => [y.year, y.return]));
  const rows = stats.yearly.map((y) => {
    const bench = byYear.get(y.year);
    const row: TableCell[] = [String(y.year), y.sessions, cell(y.return, percent)];
    if (b !== undefined) row.push(cell(bench, percent), cell(bench === undefined ? null : y.return - bench, percent));
    return row;
  });
  const columns = b === undefined ? ['year', 'sessions', 'return'] : ['year', 'sessions', 'strategy', 'benchmark', 'difference'];
  return `${dataTable({ columns, rows })}<p class="note">Session returns compounded within each calendar year (the first year from the starting cash).</p>`;
}

/** Rolling Sharpe and rolling volatility, explorable, zooming with the equity chart. */
export function rollingHtml(stats: TearsheetStatistics, maxPoints: number): string {
  const x = stats.sessionTs;
  if (x.length === 0) return '<p>No sessions.</p>';
  const window = stats.rollingWindow;
  return (
    interactiveChart({
      x,
      series: [{ name: `Sharpe (${window} sessions)`, values: stats.rollingSharpe }],
      title: `Rolling Sharpe, ${window}-session window`,
      height: 240,
      maxPoints,
      includeZero: true,
      group: TIME_CHART_GROUP,
    }) +
    interactiveChart({
      x,
      series: [{ name: `volatility (${window} sessions)`, values: stats.rollingVolatility, color: '#9333ea' }],
      valueFormat: 'percent',
      title: `Rolling volatility (annualised), ${window}-session window`,
      height: 220,
      maxPoints,
      includeZero: true,
      group: TIME_CHART_GROUP,
    }) +
    (stats.benchmark !== undefined
      ? interactiveChart({
          x,
          series: [{ name: `beta to ${stats.benchmark.name} (${window} sessions)`, values: stats.benchmark.rollingBeta, color: '#0891b2' }],
          title: `Rolling beta to the benchmark, ${window}-session window`,
          height: 220,
          maxPoints,
          includeZero: true,
          group: TIME_CHART_GROUP,
        })
      : '') +
    `<p class="note">Over the last ${window} session returns: mean / sample standard deviation × √252, and sample standard deviation × √252 (QuantStats <code>rolling_sharpe</code> / <code>rolling_volatility</code>; QuantStats' default window is 126 sessions)${stats.benchmark !== undefined ? '; beta: sample cov / sample var of the benchmark over the window' : ''}.</p>`
  );
}

function distributionRow(label: string, d: DistributionSummary, format: (v: number) => string): TableCell[] {
  return [
    label,
    d.count,
    cell(d.mean, format),
    cell(d.standardDeviation, format),
    cell(d.skewness, ratio),
    cell(d.kurtosis, ratio),
    cell(d.valueAtRisk, format),
    cell(d.conditionalValueAtRisk, format),
    cell(d.min, format),
    cell(d.max, format),
  ];
}

/** Histograms of daily returns and of trade PnL, with their shape and tail statistics. */
export function distributionsHtml(stats: TearsheetStatistics, tradePnl: Float64Array): string {
  const daily = stats.dailyReturnDistribution;
  const trades = stats.tradePnlDistribution;
  const level = formatPercent(daily.confidence, 0);
  const charts: string[] = [];
  if (daily.count > 0) {
    charts.push(
      histogramSvg({
        groups: [{ name: 'daily returns', values: stats.dailyReturns }],
        binCount: 40,
        valueFormat: 'percent',
        scale: 'count',
        title: 'Daily returns',
        width: 560,
        height: 300,
        ...(daily.valueAtRisk !== null ? { threshold: { value: daily.valueAtRisk, label: `VaR ${level}` } } : {}),
      }),
    );
  }
  if (trades.count > 0) {
    charts.push(
      histogramSvg({
        groups: [{ name: 'trade net PnL', values: tradePnl, color: '#ea580c' }],
        binCount: 40,
        valueFormat: 'currency',
        scale: 'count',
        title: 'Trade net PnL',
        width: 560,
        height: 300,
        ...(trades.valueAtRisk !== null ? { threshold: { value: trades.valueAtRisk, label: `VaR ${level}` } } : {}),
      }),
    );
  }
  const table = dataTable({
    columns: ['', 'count', 'mean', 'std', 'skew', 'excess kurtosis', `VaR ${level}`, `CVaR ${level}`, 'min', 'max'],
    rows: [distributionRow('daily returns', daily, percent), distributionRow('trade net PnL', trades, money)],
    sortable: false,
  });
  return (
    `<div class="chart-grid">${charts.map((chart) => `<div>${chart}</div>`).join('')}</div>${table}` +
    `<p class="note">std: sample (n − 1). Skew: adjusted Fisher–Pearson G1; kurtosis: excess (normal = 0), sample-adjusted G2 — pandas' and QuantStats' conventions. ` +
    `VaR: historical — the ${formatPercent(1 - daily.confidence, 0)} quantile of the observations (linear interpolation), negative for a loss; CVaR (expected shortfall): the mean of the observations at or below it. ` +
    'QuantStats reports a parametric (normal) VaR instead; the historical one keeps the fat tails.</p>'
  );
}

/** The deepest drawdowns: start (peak), trough, recovery, depth and length. */
export function worstDrawdownsHtml(stats: TearsheetStatistics): string {
  if (stats.worstDrawdowns.length === 0) return '<p>No drawdown: equity never fell below a previous peak.</p>';
  return (
    dataTable({
      columns: ['rank', 'start (peak)', 'trough', 'recovery', 'depth', 'depth ($)', 'length (days)', 'to trough (days)'],
      rows: stats.worstDrawdowns.map((d, k) => [
        k + 1,
        formatDateTimeUtc(d.startTs),
        formatDateTimeUtc(d.troughTs),
        d.recoveryTs === null ? 'not recovered' : formatDateTimeUtc(d.recoveryTs),
        { value: -d.depth, text: percent(-d.depth) },
        { value: -d.depthAmount, text: money(-d.depthAmount) },
        { value: d.lengthDays, text: formatNumber(d.lengthDays, 1) },
        { value: d.declineDays, text: formatNumber(d.declineDays, 1) },
      ]),
    }) + '<p class="note">On the full equity path (marked after every event), so the deepest is the maximum drawdown. Length: calendar days from the peak to the recovery (or to the end).</p>'
  );
}

function sideRow(label: string, s: TradeStatistics): TableCell[] {
  return [
    label,
    s.tradeCount,
    cell(s.winRate, percent),
    cell(s.averageWin, money),
    cell(s.averageLoss, money),
    cell(s.profitFactor, ratio),
    cell(s.expectancy, money),
    { value: s.netPnl, text: money(s.netPnl) },
    { value: s.commission, text: money(s.commission) },
    { value: s.exposure, text: percent(s.exposure) },
  ];
}

/** Long trades, short trades and all of them side by side. */
export function longShortHtml(stats: TearsheetStatistics): string {
  return dataTable({
    columns: ['side', 'trades', 'win rate', 'avg win', 'avg loss', 'profit factor', 'expectancy', 'net PnL', 'commission', 'exposure'],
    rows: [sideRow('long', stats.long), sideRow('short', stats.short), sideRow('all', stats.performance)],
    sortable: false,
  });
}

/** Cumulative realised net PnL of each symbol, explorable. */
export function symbolCurvesHtml(stats: TearsheetStatistics, maxPoints: number): string {
  if (stats.symbolPnl.length === 0 || stats.sessionTs.length === 0) return '<p>No trades.</p>';
  return (
    interactiveChart({
      x: stats.sessionTs,
      series: stats.symbolPnl.map((s) => ({ name: s.symbol, values: s.values })),
      valueFormat: 'currency',
      title: 'Cumulative net PnL by symbol',
      maxPoints,
      includeZero: true,
      group: TIME_CHART_GROUP,
    }) + '<p class="note">Realised: each trade\'s net PnL is booked at the session close of its exit. Click a name in the legend to hide or show its line.</p>'
  );
}

/** Time in market per session and contracts open at each session close. */
export function exposureHtml(stats: TearsheetStatistics, maxPoints: number): string {
  const e = stats.exposure;
  if (e.ts.length === 0) return '<p>No sessions.</p>';
  return (
    interactiveChart({
      x: e.ts,
      series: [{ name: 'time in market', values: e.timeInMarket, style: 'step', color: '#0891b2' }],
      valueFormat: 'percent',
      title: 'Time in market per session',
      height: 200,
      maxPoints,
      includeZero: true,
      group: TIME_CHART_GROUP,
    }) +
    interactiveChart({
      x: e.ts,
      series: [
        { name: 'long contracts', values: e.longContracts, style: 'step', color: '#16a34a' },
        { name: 'short contracts', values: e.shortContracts, style: 'step', color: '#dc2626' },
      ],
      valueFormat: 'integer',
      title: 'Contracts open at each session close',
      height: 200,
      maxPoints,
      includeZero: true,
      group: TIME_CHART_GROUP,
    }) + '<p class="note">Time in market: the share of each session with at least one position open (its time-weighted mean is the Exposure figure).</p>'
  );
}

/**
 * A price chart per traded symbol: its closes from `startTs` to `endTs` (the bars as loaded,
 * thinned to `maxPoints` by min/max per bucket) with every trade's entry and exit at its fill
 * price, on the first bar closing at or after the fill.
 */
export function priceChartsHtml(
  prices: readonly BarArrays[],
  symbols: readonly string[],
  trades: readonly Trade[],
  startTs: number,
  endTs: number,
  maxPoints: number,
): string {
  const tradesBySymbol = new Map<string, Trade[]>();
  for (const trade of trades) {
    let list = tradesBySymbol.get(trade.symbol);
    if (list === undefined) tradesBySymbol.set(trade.symbol, (list = []));
    list.push(trade);
  }
  let html = '';
  for (const symbol of symbols) {
    const bars = prices.find((p) => p.symbol === symbol);
    if (bars === undefined) continue;
    const from = lowerBound(bars.ts, startTs);
    const to = Math.min(bars.ts.length, lowerBound(bars.ts, endTs) + 1);
    if (to - from < 2) continue;
    const ts = bars.ts.subarray(from, to);
    const close = bars.close.subarray(from, to);
    // Fills by bar: the first bar closing at or after the fill (the last bar for later fills).
    const marks = { longEntry: new Map<number, number>(), shortEntry: new Map<number, number>(), exit: new Map<number, number>() };
    for (const trade of tradesBySymbol.get(symbol) ?? []) {
      (trade.direction === 'long' ? marks.longEntry : marks.shortEntry).set(Math.min(ts.length - 1, lowerBound(ts, trade.entryTs)), trade.entryPrice);
      marks.exit.set(Math.min(ts.length - 1, lowerBound(ts, trade.exitTs)), trade.exitPrice);
    }
    // Thin the closes first (min/max per bucket), then add every bar that carries a fill.
    const keep = new Set<number>(downsampleIndices([close], Math.max(4, maxPoints)));
    for (const map of Object.values(marks)) for (const index of map.keys()) keep.add(index);
    const indices = Int32Array.from(keep).sort();
    const column = (map: Map<number, number>): Float64Array => Float64Array.from(indices, (i) => map.get(i) ?? Number.NaN);
    const markers = [
      { name: 'long entry', values: column(marks.longEntry), style: 'points' as const, color: '#16a34a', count: marks.longEntry.size },
      { name: 'short entry', values: column(marks.shortEntry), style: 'points' as const, color: '#dc2626', count: marks.shortEntry.size },
      { name: 'exit', values: column(marks.exit), style: 'points' as const, color: '#2563eb', count: marks.exit.size },
    ]
      .filter((m) => m.count > 0)
      .map(({ count: _count, ...marker }) => marker);
    html += interactiveChart({
      x: Float64Array.from(indices, (i) => ts[i]),
      series: [{ name: `${symbol} close`, values: Float64Array.from(indices, (i) => close[i]), color: '#4b5563' }, ...markers],
      title: `${symbol}: close and trades`,
      height: 260,
      maxPoints: Math.max(4, indices.length),
      group: TIME_CHART_GROUP,
    });
  }
  return html === '' ? '' : `${html}<p class="note">Bar closes as loaded (thinned for drawing, every extreme kept); each marker is a fill at its price, on the bar it filled in. Zoom in to separate trades close in time.</p>`;
}

/** First index of ascending `values` that is >= `target` (`values.length` when none). */
function lowerBound(values: ArrayLike<number>, target: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Rows of the trade list: the most recent `limit` trades, prices at the instrument's tick precision. */
export function tradeRows(trades: readonly Trade[], contracts: Readonly<Record<string, ContractSpec>> | undefined, limit: number): TableCell[][] {
  const minute = (ts: number): string => formatDateTimeUtc(ts).replace(' UTC', '');
  return trades.slice(-limit).map((t) => {
    const tick = contracts?.[t.symbol]?.tickSize;
    return [
      t.symbol,
      t.strategy,
      t.direction,
      t.quantity,
      minute(t.entryTs),
      { value: t.entryPrice, text: formatPrice(t.entryPrice, tick) },
      minute(t.exitTs),
      { value: t.exitPrice, text: formatPrice(t.exitPrice, tick) },
      t.barsHeld,
      { value: t.grossPnl, text: money(t.grossPnl) },
      { value: t.commission, text: money(t.commission) },
      { value: t.netPnl, text: money(t.netPnl) },
      t.exitReason,
    ];
  });
}

/** Columns of {@link tradeRows}. */
export const TRADE_COLUMNS = ['symbol', 'strategy', 'side', 'qty', 'entry (UTC)', 'entry', 'exit (UTC)', 'exit', 'bars', 'gross PnL', 'commission', 'net PnL', 'exit reason'] as const;
