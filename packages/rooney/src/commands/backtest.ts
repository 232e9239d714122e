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
import { preflightVetoModels, vetoLimits } from '../ml/veto-models.ts';
import type { PreflightCheck } from '../ml/veto-models.ts';
import { sampleFindings } from '../ml/sample-check.ts';
import type { SampleFindings } from '../ml/sample-check.ts';
import { vetoProblems, vetoTallies } from '../ml/veto-health.ts';
import type { SymbolVeto } from '../ml/veto-health.ts';
import { basename } from 'node:path';
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

/** What the ML veto did in a run, for `metrics.json`, the console and the report. */
export interface VetoRun {
  readonly checks: readonly PreflightCheck[];
  readonly findings: SampleFindings;
  readonly tallies: readonly SymbolVeto[];
  /** Walk-forward: results start at the first window (null otherwise). */
  readonly resultsStartTs: number | null;
}

function vetoJson(veto: VetoRun): Record<string, unknown> {
  const total = { signals: 0, kept: 0, below_threshold: 0, undefined_features: 0, no_model: 0, imputed: 0 };
  const bySymbol: Record<string, unknown> = {};
  for (const { strategy, symbol, tally } of veto.tallies) {
    total.signals += tally.signals;
    total.kept += tally.kept;
    total.below_threshold += tally.belowThreshold;
    total.undefined_features += tally.undefinedFeatures;
    total.no_model += tally.noModel;
    total.imputed += tally.imputed;
    bySymbol[`${strategy}/${symbol}`] = {
      signals: tally.signals,
      kept: tally.kept,
      below_threshold: tally.belowThreshold,
      undefined_features: tally.undefinedFeatures,
      no_model: tally.noModel,
      imputed: tally.imputed,
      undefined_by_feature: tally.undefinedByFeature,
    };
  }
  const f = veto.findings;
  return {
    sample: f.verdict,
    warnings: f.banners,
    in_sample_symbols: f.inSampleSymbols,
    trained_after_symbols: f.trainedAfterSymbols,
    unknown_span_symbols: f.unknownSymbols,
    undeployable_symbols: f.undeployableSymbols,
    results_start: veto.resultsStartTs === null ? null : isoUtc(veto.resultsStartTs),
    models: f.models.map((m) => ({
      symbol: m.symbol,
      strategy: m.strategy,
      file: basename(m.file),
      status: m.status,
      deployability: m.deployability,
      seen_from: m.seen?.start ?? null,
      seen_to: m.seen?.end ?? null,
      ...(m.fromTs !== undefined ? { window_from: isoUtc(m.fromTs), window_to: m.toTs === undefined ? null : isoUtc(m.toTs) } : {}),
      threshold: veto.checks.find((c) => c.file === m.file)?.threshold ?? null,
    })),
    veto: { ...total, by_symbol: bySymbol },
  };
}

/** What `metrics.json` holds: the run's inputs and its performance. */
export function metricsDocument(config: RooneyConfig, data: MarketData, job: BacktestJobResult, veto?: VetoRun): Record<string, unknown> {
  const { result, performance } = job;
  const rejectedByReason: Record<string, number> = {};
  for (const { reason } of result.rejected) rejectedByReason[reason] = (rejectedByReason[reason] ?? 0) + 1;
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
    orders: { submitted: result.ordersSubmitted, rejected: result.rejected.length, rejected_by_reason: rejectedByReason, unfilled: result.unfilled.length },
    signals: strategyDiagnostics(job),
    ...(job.coordinator !== undefined ? { coordinator: { blocked: job.coordinator.blockedCounts() } } : {}),
    ...(veto !== undefined ? { ml: vetoJson(veto) } : {}),
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

/** The banner lines printed above (and below) the console summary: one `!!` line each. */
export function bannerLines(banners: readonly string[]): string[] {
  return banners.map((banner) => `!! ${banner}`);
}

function printSummary(data: MarketData, job: BacktestJobResult, banners: readonly string[]): void {
  const p = job.performance;
  const lines = [
    ...bannerLines(banners),
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
    ...(banners.length > 0 ? ['', ...bannerLines(banners)] : []),
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
      const { config, baseDir, data, job: prepared } = prepareJob(flags);
      const setup = config.ml?.enabled === true ? preflightVetoModels(config, baseDir, prepared) : undefined;
      // Walk-forward: before the first window no model may judge a signal, so results start there.
      const resultsStartTs = setup?.coverageStartTs !== undefined && setup.coverageStartTs > (prepared.startTs ?? Number.NEGATIVE_INFINITY) ? setup.coverageStartTs : null;
      const base = resultsStartTs === null ? prepared : { ...prepared, startTs: resultsStartTs };
      if (resultsStartTs !== null) {
        process.stderr.write(`rooney: walk-forward veto: results start at ${isoUtc(resultsStartTs).slice(0, 10)}, the first window with a model for every symbol\n`);
      }
      const scorers = setup?.scorers;
      if (scorers !== undefined) for (const bySymbol of scorers.values()) for (const scorer of bySymbol.values()) scorer.countFrom(base.startTs ?? Number.NEGATIVE_INFINITY);
      const progress = progressReporter('backtest');
      const job = runBacktestJob({
        ...base,
        ...(scorers !== undefined ? { scorers } : {}),
        onProgress: progress.update,
        ...(flags.features !== undefined ? { recordSignals: true } : {}),
      });
      progress.done();
      let veto: VetoRun | undefined;
      if (setup !== undefined) {
        const tallies = vetoTallies(setup.scorers);
        const problems = vetoProblems(tallies, vetoLimits(config));
        if (problems.length > 0) {
          throw new RooneyError('veto_unusable', `${problems.join('; ')}; nothing was written (run \`rooney preflight\` on this config)`);
        }
        veto = { checks: setup.checks, findings: sampleFindings(setup.checks, job.result.firstTs, job.result.lastTs), tallies, resultsStartTs };
      }
      const metrics = metricsDocument(config, data, job, veto);
      const banners = veto?.findings.banners ?? [];
      for (const banner of banners) process.stderr.write(`rooney: warning: ${banner}\n`);
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
        printSummary(data, job, banners);
        process.stdout.write(`\nwrote ${resolve(flags.out)}/{trades.csv,equity.csv,daily_pnl.csv,daily_pnl_by_strategy.csv,metrics.json,report.html}\n`);
      }
    });
}
