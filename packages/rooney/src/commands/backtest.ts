import { dirname, resolve } from 'node:path';
import { RooneyError } from '@rooney/core';
import type { Command } from 'commander';
import { configHash } from '../config/load-config.ts';
import { loadConfigFile, validateConfig } from '../config/load-config.ts';
import type { RooneyConfig } from '../config/schema.ts';
import { loadMarketData, sessionOf } from '../backtest/market-data.ts';
import { equityCsv, tradesCsv, writeOutputs } from '../backtest/outputs.ts';
import { backtestReportHtml } from '../backtest/backtest-report.ts';
import { runBacktestJob, validateStrategyParams } from '../backtest/run-backtest-job.ts';
import type { BacktestJobResult } from '../backtest/run-backtest-job.ts';
import type { MarketData } from '../backtest/market-data.ts';
import { collect, parseIntegerOption } from '../cli-support.ts';
import { progressReporter } from '../progress.ts';
import { signalColumns } from '../backtest/signal-table.ts';
import { writeTable } from '../table-io.ts';
import { money, percent, ratio, textTable } from '../table-format.ts';
import { isoUtc } from '@rooney/core';
import type { StrategyDiagnostics } from '@rooney/strategies';

interface BacktestFlags {
  data?: string[];
  config?: string;
  symbols?: string;
  start?: string;
  end?: string;
  out: string;
  seed?: string;
  json?: boolean;
  equityResolution: string;
  cacheDir?: string;
  features?: string;
}

/** Parses `YYYY-MM-DD` (start of that UTC day) or a full ISO time. */
export function parseDateFlag(flag: string, text: string, endOfDay: boolean): number {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const ts = Date.parse(dateOnly ? `${text}T00:00:00Z` : text);
  if (!Number.isFinite(ts)) throw new RooneyError('bad_option', `${flag} must be a date like 2023-06-30, was "${text}"`);
  return dateOnly && endOfDay ? ts + 86_400_000 - 1 : ts;
}

/** The default cache of generated data: `.rooney-cache/` in the working directory, or $ROONEY_CACHE. */
export function defaultCacheDir(): string {
  return resolve(process.env.ROONEY_CACHE ?? '.rooney-cache');
}

/** Loads the config (or the defaults) and applies `--seed`. */
export function resolveConfig(flags: { config?: string; seed?: string }): { config: RooneyConfig; baseDir: string } {
  const config = flags.config !== undefined ? loadConfigFile(resolve(flags.config)) : validateConfig({});
  const baseDir = flags.config !== undefined ? dirname(resolve(flags.config)) : process.cwd();
  if (flags.seed !== undefined) {
    const seed = parseIntegerOption('--seed', flags.seed);
    return { config: { ...config, data: { ...config.data, builtin: { ...config.data.builtin, seed } } }, baseDir };
  }
  return { config, baseDir };
}

/** What `metrics.json` holds: the run's inputs and its performance. */
export function metricsDocument(
  config: RooneyConfig,
  data: MarketData,
  job: BacktestJobResult,
): Record<string, unknown> {
  const { result, performance } = job;
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
    },
    orders: { submitted: result.ordersSubmitted, rejected: result.rejected.length, unfilled: result.unfilled.length },
    signals: strategyDiagnostics(job),
    ...(job.coordinator !== undefined ? { coordinator: { blocked: job.coordinator.blockedCounts() } } : {}),
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
  program
    .command('backtest')
    .description('Run the config\'s strategies (IBS on the built-in dataset by default) and write trades, equity, metrics and a report.')
    .option('--data <path>', 'data file, or SYMBOL=PATH (repeatable)', collect)
    .option('--config <file>', 'YAML config')
    .option('--symbols <list>', 'comma-separated symbols to trade, e.g. ES,NQ')
    .option('--start <date>', 'first day (YYYY-MM-DD, UTC)')
    .option('--end <date>', 'last day, inclusive (YYYY-MM-DD, UTC)')
    .option('--out <dir>', 'output directory', 'out/backtest')
    .option('--seed <n>', 'seed of the built-in synthetic dataset')
    .option('--json', 'print the metrics as JSON on stdout')
    .option('--equity-resolution <r>', 'equity.csv rows: session or bar', 'session')
    .option('--cache-dir <dir>', 'where the generated built-in dataset is cached')
    .option('--features <file>', 'write every signal\'s feature snapshot (.csv or .arrow)')
    .action((flags: BacktestFlags) => {
      if (flags.equityResolution !== 'session' && flags.equityResolution !== 'bar') {
        throw new RooneyError('bad_option', `--equity-resolution must be session or bar, was "${flags.equityResolution}"`);
      }
      const { config, baseDir } = resolveConfig(flags);
      validateStrategyParams(config);
      const data = loadMarketData({
        config,
        baseDir,
        dataFlags: flags.data ?? [],
        cacheDir: flags.cacheDir !== undefined ? resolve(flags.cacheDir) : defaultCacheDir(),
        session: sessionOf(config),
      });
      const startText = flags.start ?? config.data.start;
      const endText = flags.end ?? config.data.end;
      const progress = progressReporter('backtest');
      const job = runBacktestJob({
        config,
        data,
        ...(flags.symbols !== undefined ? { symbols: flags.symbols.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
        ...(startText !== undefined ? { startTs: parseDateFlag('--start', startText, false) } : {}),
        ...(endText !== undefined ? { endTs: parseDateFlag('--end', endText, true) } : {}),
        onProgress: progress.update,
        ...(flags.features !== undefined ? { recordSignals: true } : {}),
      });
      progress.done();
      const metrics = metricsDocument(config, data, job);
      writeOutputs(resolve(flags.out), {
        'trades.csv': tradesCsv(job.result.trades),
        'equity.csv': equityCsv(job.result, flags.equityResolution as 'session' | 'bar'),
        'metrics.json': `${JSON.stringify(metrics, null, 2)}\n`,
        'report.html': backtestReportHtml(data, job, metrics),
      });
      if (flags.features !== undefined) writeTable(resolve(flags.features), signalColumns(job.strategies, job.result.trades));
      if (flags.json === true) process.stdout.write(`${JSON.stringify(metrics, null, 2)}\n`);
      else {
        printSummary(data, job);
        process.stdout.write(`\nwrote ${resolve(flags.out)}/{trades.csv,equity.csv,metrics.json,report.html}\n`);
      }
    });
}
