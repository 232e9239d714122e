import { drawdownSeries, monthlyReturns } from '@rooney/portfolio';
import { isoUtc } from '@rooney/core';
import type { StrategyDiagnostics } from '@rooney/strategies';
import { histogramSvg, lineChartSvg, renderReport } from '@rooney/report';
import { money, percent, ratio } from '../table-format.ts';
import type { MarketData } from './market-data.ts';
import type { BacktestJobResult } from './run-backtest-job.ts';

/** Trades listed in the report (the most recent ones); trades.csv has them all. */
const TRADE_ROWS = 500;

/** The self-contained HTML report of a backtest. */
export function backtestReportHtml(data: MarketData, job: BacktestJobResult, metrics: Record<string, unknown>): string {
  const p = job.performance;
  const { result } = job;
  const drawdown = drawdownSeries(result.equity, result.startingCash);
  const inputs = metrics.inputs as Record<string, unknown>;
  return renderReport({
    title: 'Rooney backtest',
    subtitle: `${job.strategies.map((s) => s.name).join(', ')} on ${job.symbols.join(', ')}`,
    badges: data.source === 'builtin' ? [data.label] : [`data: ${data.label}`],
    warnings: (metrics.ml as { warnings?: string[] } | undefined)?.warnings ?? [],
    summary: [
      { label: 'Final equity', value: money(p.finalEquity) },
      { label: 'Net PnL', value: money(p.netPnl) },
      { label: 'Total return', value: percent(p.totalReturn) },
      { label: 'CAGR', value: percent(p.annualisedReturn) },
      { label: 'Sharpe', value: ratio(p.sharpe) },
      { label: 'Sortino', value: ratio(p.sortino) },
      { label: 'Max drawdown', value: `${money(p.maxDrawdown)} (${percent(p.maxDrawdownFraction)})` },
      { label: 'Trades', value: String(p.tradeCount) },
      { label: 'Win rate', value: percent(p.winRate) },
      { label: 'Profit factor', value: ratio(p.profitFactor) },
      { label: 'Commission', value: money(p.commission) },
      { label: 'Exposure', value: percent(p.exposure) },
    ],
    equity: { ts: result.equity.ts, value: result.equity.value, startingValue: result.startingCash },
    drawdown: { ts: drawdown.ts, value: drawdown.fraction },
    monthlyReturns: monthlyReturns(result.daily, result.startingCash),
    tables: [
      {
        title: 'By symbol',
        columns: ['symbol', 'trades', 'win rate', 'avg win', 'avg loss', 'profit factor', 'net PnL', 'commission', 'exposure'],
        rows: Object.entries(p.bySymbol).map(([symbol, s]) => [
          symbol,
          s.tradeCount,
          percent(s.winRate),
          money(s.averageWin),
          money(s.averageLoss),
          ratio(s.profitFactor),
          money(s.netPnl),
          money(s.commission),
          percent(s.exposure),
        ]),
      },
      {
        title: 'Signals: filters and ML veto',
        columns: ['strategy', 'signals', 'entries', 'ML vetoed', 'blocked: time of day', 'volatility', 'trend', 'pair IBS', 'momentum', 'TLT regime'],
        rows: Object.entries((metrics.signals ?? {}) as Record<string, StrategyDiagnostics>).map(([name, d]) => [
          name,
          d.signals,
          d.entries,
          d.vetoed,
          d.blocked.time_of_day ?? 0,
          d.blocked.volatility ?? 0,
          d.blocked.trend ?? 0,
          d.blocked.pair_ibs ?? 0,
          d.blocked.momentum ?? 0,
          d.blocked.tlt_regime ?? 0,
        ]),
      },
      ...(job.coordinator !== undefined
        ? [
            {
              title: 'Portfolio coordinator: blocked entries',
              columns: ['reason', 'entries blocked'],
              rows: Object.entries(job.coordinator.blockedCounts()).map(([reason, count]) => [reason, count ?? 0]),
            },
          ]
        : []),
      {
        title: `Trades (the last ${Math.min(TRADE_ROWS, result.trades.length)} of ${result.trades.length}; all in trades.csv)`,
        columns: ['symbol', 'strategy', 'side', 'qty', 'entry (UTC)', 'entry', 'exit (UTC)', 'exit', 'bars', 'net PnL', 'exit reason'],
        rows: result.trades.slice(-TRADE_ROWS).map((t) => [
          t.symbol,
          t.strategy,
          t.direction,
          t.quantity,
          isoUtc(t.entryTs).slice(0, 16).replace('T', ' '),
          t.entryPrice,
          isoUtc(t.exitTs).slice(0, 16).replace('T', ' '),
          t.exitPrice,
          t.barsHeld,
          money(t.netPnl),
          t.exitReason,
        ]),
      },
      {
        title: 'By strategy',
        columns: ['strategy', 'trades', 'win rate', 'profit factor', 'net PnL', 'daily-PnL Sharpe'],
        rows: Object.entries(p.byStrategy).map(([name, s]) => [
          name,
          s.tradeCount,
          percent(s.winRate),
          ratio(s.profitFactor),
          money(s.netPnl),
          ratio(s.dailyPnlSharpe),
        ]),
      },
    ],
    sections: extraSections(job),
    inputs: {
      dataset: data.label,
      first_bar_time: String(inputs.first_bar_time),
      last_bar_time: String(inputs.last_bar_time),
      config_hash: String(inputs.config_hash),
      seed: String(inputs.seed),
    },
  });
}

interface AttributionSource {
  attribution(): { alphas: readonly string[]; ts: Float64Array; pnl: readonly Float64Array[] };
}

/** Per-strategy PnL, per-alpha attribution of blends, and the ML scores of the trades taken. */
function extraSections(job: BacktestJobResult): { title: string; html: string }[] {
  const { result } = job;
  const sections: { title: string; html: string }[] = [];
  if (Object.keys(result.dailyPnlByStrategy).length > 1) {
    sections.push({
      title: 'Net PnL by strategy',
      html: lineChartSvg({
        x: result.daily.ts,
        series: Object.entries(result.dailyPnlByStrategy).map(([name, values]) => ({ name, values })),
        xAxis: 'time',
        valueFormat: 'currency',
      }),
    });
  }
  for (const strategy of job.strategies) {
    const source = strategy as Partial<AttributionSource>;
    if (typeof source.attribution !== 'function') continue;
    const attribution = source.attribution();
    if (attribution.ts.length < 2) continue;
    sections.push({
      title: `${strategy.name}: paper PnL by alpha`,
      html: lineChartSvg({
        x: attribution.ts,
        series: attribution.alphas.map((name, k) => ({ name, values: attribution.pnl[k] })),
        xAxis: 'time',
        valueFormat: 'currency',
      }),
    });
  }
  const winners: number[] = [];
  const losers: number[] = [];
  for (const trade of result.trades) {
    const score = trade.meta?.ml_score;
    if (typeof score !== 'number') continue;
    (trade.netPnl > 0 ? winners : losers).push(score);
  }
  if (winners.length + losers.length > 0) {
    sections.push({
      title: 'ML veto: P(win) of the trades taken',
      html: histogramSvg({
        groups: [
          { name: `winners (${winners.length})`, values: winners },
          { name: `losers (${losers.length})`, values: losers },
        ],
        range: [0, 1],
        binCount: 20,
        title: 'Model score at entry, winners vs losers',
      }),
    });
  }
  return sections;
}
