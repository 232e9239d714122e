import { resolve } from 'node:path';
import { RooneyError } from '@rooney/core';
import type { Command } from 'commander';
import { configHash } from '../config/load-config.ts';
import type { RooneyConfig } from '../config/schema.ts';
import { dailyPnlCsv, equityCsv, tradesCsv, writeOutputs } from '../backtest/outputs.ts';
import { sessionOf } from '../backtest/market-data.ts';
import { backtestReportHtml } from '../backtest/backtest-report.ts';
import { runBacktestJob } from '../backtest/run-backtest-job.ts';
import type { BacktestJobResult } from '../backtest/run-backtest-job.ts';
import type { MarketData } from '../backtest/market-data.ts';
import { addJobOptions, prepareJob } from './job-flags.ts';
import type { JobFlags } from './job-flags.ts';
import { preflightVetoModels } from '../ml/veto-models.ts';
import type { PreflightCheck } from '../ml/veto-models.ts';
import { progressReporter } from '../progress.ts';
import { signalColumns } from '../backtest/signal-table.ts';
import { writeTable } from '../table-io.ts';
import { money, percent, ratio, textTable } from '../table-format.ts';
import { isoUtc } from '@rooney/core';
import type { StrategyDiagnostics } from '@rooney/strategies';

interface BacktestFlags extends JobFlags {
  out: string;
  json?: boolean;
  equityResolution: string;
  features?: string;
}

/** What `metrics.json` holds: the run's inputs and its performance. */
export function metricsDocument(
  config: RooneyConfig,
  data: MarketData,
  job: BacktestJobResult,
  models?: readonly PreflightCheck[],
): Record<string, unknown> {
  const { result, performance } = job;
  const inSample = (models ?? []).filter((m) => Number.isFinite(m.trainedUntilTs) && m.trainedUntilTs >= result.firstTs).map((m) => m.symbol);
  return {
    dataset: data.label,
    inputs: {
      symbols: job.symbols,
      strategies: job.strategies.map((s) => s.name),
      first_bar_time: Number.isFinite(result.firstTs) ? isoUtc(result.firstTs) : null,
      last_bar_time: Number.isFinite(result.lastTs) ? isoUtc(result.lastTs) : null,
      bars_processed: result.barsProcessed,
      seed: data.source === 'builtin' ? config.data.builtin.seed : null,
      config_hash: configHash(config),
      starting_cash: config.starting_cash,
      skipped_rows: data.skippedRows,
      rolls: Object.fromEntries(
        Object.entries(data.rolls).map(([symbol, rolls]) => [
          symbol,
          rolls.map((r) => ({ time: isoUtc(r.ts), from: r.from, to: r.to, gap: Number.isFinite(r.gap) ? r.gap : null })),
        ]),
      ),
    },
    orders: { submitted: result.ordersSubmitted, rejected: result.rejected.length, unfilled: result.unfilled.length },
    signals: strategyDiagnostics(job),
    ...(job.coordinator !== undefined ? { coordinator: { blocked: job.coordinator.blockedCounts() } } : {}),
    ...(models !== undefined
      ? {
          ml: {
            models: models.map((m) => ({ symbol: m.symbol, strategy: m.strategy, threshold: m.threshold, trained_on: m.trainedOn })),
            in_sample_symbols: inSample,
          },
        }
      : {}),
    metrics: performance,
  };
}

/** Signal, filter and veto counts of every strategy that reports them. */
export function strategyDiagnostics(job: BacktestJobResult): Record<string, StrategyDiagnostics> {
  const out: Record<string, StrategyDiagnostics> = {};
  for (const strategy of job.strategies) {
    const reporter = strategy as Partial<{ diagnostics(): StrategyDiagnostics }>;
    if (typeof reporter.diagnostics === 'function') out[strategy.name] = reporter.diagnostics();
  }
  return out;
}

function printSummary(data: MarketData, job: BacktestJobResult): void {
  const p = job.performance;
  const lines = [
    `Rooney backtest — ${data.label}`,
    `${job.symbols.length} symbols, ${job.result.trades.length} trades, ${isoUtc(job.result.firstTs).slice(0, 10)} → ${isoUtc(job.result.lastTs).slice(0, 10)}`,
    '',
    textTable(
      ['metric', 'value'],
      [
        ['final equity', money(p.finalEquity)],
        ['net PnL', money(p.netPnl)],
        ['total return', percent(p.totalReturn)],
        ['annualised return', percent(p.annualisedReturn)],
        ['Sharpe', ratio(p.sharpe)],
        ['Sortino', ratio(p.sortino)],
        ['max drawdown', `${money(p.maxDrawdown)} (${percent(p.maxDrawdownFraction)})`],
        ['win rate', percent(p.winRate)],
        ['profit factor', ratio(p.profitFactor)],
        ['commission', money(p.commission)],
      ],
    ),
    '',
    textTable(
      ['symbol', 'trades', 'win rate', 'net PnL', 'profit factor'],
      Object.entries(p.bySymbol).map(([symbol, s]) => [symbol, String(s.tradeCount), percent(s.winRate), money(s.netPnl), ratio(s.profitFactor)]),
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function registerBacktestCommand(program: Command): void {
  addJobOptions(
    program
      .command('backtest')
      .description("Run the config's strategies (IBS on the built-in dataset by default) and write trades, equity, metrics and a report."),
  )
    .option('--out <dir>', 'output directory', 'out/backtest')
    .option('--json', 'print the metrics as JSON on stdout')
    .option('--equity-resolution <r>', 'equity.csv rows: session or bar', 'session')
    .option('--features <file>', 'write every signal\'s feature snapshot (.csv or .arrow)')
    .action((flags: BacktestFlags) => {
      if (flags.equityResolution !== 'session' && flags.equityResolution !== 'bar') {
        throw new RooneyError('bad_option', `--equity-resolution must be session or bar, was "${flags.equityResolution}"`);
      }
      const { config, baseDir, data, job: base } = prepareJob(flags);
      const veto = config.ml?.enabled === true ? preflightVetoModels(config, baseDir, base) : undefined;
      const scorers = veto?.scorers;
      const progress = progressReporter('backtest');
      const job = runBacktestJob({
        ...base,
        ...(scorers !== undefined ? { scorers } : {}),
        onProgress: progress.update,
        ...(flags.features !== undefined ? { recordSignals: true } : {}),
      });
      progress.done();
      const metrics = metricsDocument(config, data, job, veto?.checks);
      const overlapping = (metrics.ml as { in_sample_symbols?: string[] } | undefined)?.in_sample_symbols ?? [];
      if (overlapping.length > 0) {
        process.stderr.write(
          `rooney: warning: the ML models of ${overlapping.join(', ')} were trained on data inside this backtest's window; its results are in-sample\n`,
        );
      }
      writeOutputs(resolve(flags.out), {
        'trades.csv': tradesCsv(job.result.trades),
        'equity.csv': equityCsv(job.result, flags.equityResolution as 'session' | 'bar'),
        'metrics.json': `${JSON.stringify(metrics, null, 2)}\n`,
        'daily_pnl.csv': dailyPnlCsv(job.result.trades, sessionOf(config), 'symbol'),
        'daily_pnl_by_strategy.csv': dailyPnlCsv(job.result.trades, sessionOf(config), 'strategy'),
        'report.html': backtestReportHtml(data, job, metrics, {
          config,
          baseDir,
          ...(flags.config !== undefined ? { configPath: flags.config } : {}),
          ...((flags.start ?? config.data.start) !== undefined ? { start: flags.start ?? config.data.start } : {}),
          ...((flags.end ?? config.data.end) !== undefined ? { end: flags.end ?? config.data.end } : {}),
        }),
      });
      if (flags.features !== undefined) writeTable(resolve(flags.features), signalColumns(job.strategies, job.result.trades));
      if (flags.json === true) process.stdout.write(`${JSON.stringify(metrics, null, 2)}\n`);
      else {
        printSummary(data, job);
        process.stdout.write(`\nwrote ${resolve(flags.out)}/{trades.csv,equity.csv,daily_pnl.csv,daily_pnl_by_strategy.csv,metrics.json,report.html}\n`);
      }
    });
}
